// AES-GCM (SP 800-38D): aes128gcm_seal, aes128gcm_open and aes256gcm_seal over
// 16, 1024 and 16384 bytes with a 13-byte AAD (a TLS 1.2 record's), one key set
// up outside the timed loop and the nonce set per operation, as a record layer
// does: GlassTLS Aead::seal/open, mbedTLS mbedtls_gcm_crypt_and_tag /
// mbedtls_gcm_auth_decrypt, OpenSSL EVP_{En,De}cryptInit_ex (IV only) / Update /
// Final with the tag. seal outputs ciphertext || tag; open outputs the plaintext.
#include <mbedtls/gcm.h>
#include <openssl/evp.h>

#include <memory>

#include "bench/bench.hpp"
#include "crypto/aead.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

std::shared_ptr<crypto::Aead> make_glasstls(crypto::AeadId id, const Bytes& key, bool portable) {
  crypto::ScopedPortable guard(portable || crypto::portable_forced());
  auto aead = crypto::make_aead(id, key);
  if (!aead.ok()) fail("make_aead", 0);
  return std::shared_ptr<crypto::Aead>(std::move(aead).value());
}

std::shared_ptr<mbedtls_gcm_context> make_mbed(const Bytes& key) {
  auto ctx =
      std::shared_ptr<mbedtls_gcm_context>(new mbedtls_gcm_context, [](mbedtls_gcm_context* c) {
        mbedtls_gcm_free(c);
        delete c;
      });
  mbedtls_gcm_init(ctx.get());
  mbed_ok(mbedtls_gcm_setkey(ctx.get(), MBEDTLS_CIPHER_ID_AES, key.data(),
                             static_cast<unsigned>(8 * key.size())));
  return ctx;
}

std::shared_ptr<EVP_CIPHER_CTX> make_ossl(const EVP_CIPHER* cipher, const Bytes& key,
                                          const Bytes& nonce, bool encrypt) {
  std::shared_ptr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  ossl_ok(EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), nonce.data(), encrypt));
  return ctx;
}

void add_seal(const char* op_name, crypto::AeadId id, const EVP_CIPHER* cipher) {
  const Bytes key = pattern(crypto::key_size(id), 0x6b), nonce = pattern(12, 0x6e);
  const Bytes aad = pattern(13, 0x61);
  const auto fast = make_glasstls(id, key, false);
  const auto portable = make_glasstls(id, key, true);
  const auto mbed = make_mbed(key);
  const auto ossl = make_ossl(cipher, key, nonce, true);
  for (std::size_t n : kSizes) {
    const Op op{op_name, n, n + 16};
    const Bytes msg = pattern(n);
    add_glasstls(op, [fast, portable, nonce, aad, msg](Out out) {
      const crypto::Aead& aead = crypto::portable_forced() ? *portable : *fast;
      const std::span<const std::uint8_t, 12> iv(nonce.data(), 12);
      if (!aead.seal(iv, aad, msg, out).ok()) fail("Aead::seal", 0);
    });
    add(op, Lib::mbedtls, [mbed, nonce, aad, msg](Out out) {
      mbed_ok(mbedtls_gcm_crypt_and_tag(mbed.get(), MBEDTLS_GCM_ENCRYPT, msg.size(), nonce.data(),
                                        nonce.size(), aad.data(), aad.size(), msg.data(),
                                        out.data(), 16, out.data() + msg.size()));
    });
    add(op, Lib::openssl, [ossl, nonce, aad, msg](Out out) {
      int len = 0;
      EVP_CIPHER_CTX* c = ossl.get();
      ossl_ok(EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()));
      ossl_ok(EVP_EncryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())));
      ossl_ok(EVP_EncryptUpdate(c, out.data(), &len, msg.data(), static_cast<int>(msg.size())));
      ossl_ok(EVP_EncryptFinal_ex(c, out.data() + len, &len));
      ossl_ok(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, out.data() + msg.size()));
    });
  }
}

void add_open(const char* op_name, crypto::AeadId id, const EVP_CIPHER* cipher) {
  const Bytes key = pattern(crypto::key_size(id), 0x6b), nonce = pattern(12, 0x6e);
  const Bytes aad = pattern(13, 0x61);
  const auto fast = make_glasstls(id, key, false);
  const auto portable = make_glasstls(id, key, true);
  const auto mbed = make_mbed(key);
  const auto ossl = make_ossl(cipher, key, nonce, false);
  for (std::size_t n : kSizes) {
    const Op op{op_name, n, n};
    const Bytes msg = pattern(n);
    Bytes record(n + 16);
    const std::span<const std::uint8_t, 12> iv(nonce.data(), 12);
    if (!fast->seal(iv, aad, msg, record).ok()) fail("Aead::seal", 0);
    add_glasstls(op, [fast, portable, nonce, aad, record](Out out) {
      const crypto::Aead& aead = crypto::portable_forced() ? *portable : *fast;
      const std::span<const std::uint8_t, 12> iv12(nonce.data(), 12);
      if (!aead.open(iv12, aad, record, out).ok()) fail("Aead::open", 0);
    });
    add(op, Lib::mbedtls, [mbed, nonce, aad, record, n](Out out) {
      mbed_ok(mbedtls_gcm_auth_decrypt(mbed.get(), n, nonce.data(), nonce.size(), aad.data(),
                                       aad.size(), record.data() + n, 16, record.data(),
                                       out.data()));
    });
    const Bytes tag(record.end() - 16, record.end());
    add(op, Lib::openssl, [ossl, nonce, aad, record, tag, n](Out out) {
      int len = 0;
      EVP_CIPHER_CTX* c = ossl.get();
      ossl_ok(EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, nonce.data()));
      ossl_ok(EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())));
      ossl_ok(EVP_DecryptUpdate(c, out.data(), &len, record.data(), static_cast<int>(n)));
      ossl_ok(
          EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, const_cast<std::uint8_t*>(tag.data())));
      ossl_ok(EVP_DecryptFinal_ex(c, out.data() + len, &len));
    });
  }
}

const Area area(30, [] {
  add_seal("aes128gcm_seal", crypto::AeadId::aes128_gcm, EVP_aes_128_gcm());
  add_open("aes128gcm_open", crypto::AeadId::aes128_gcm, EVP_aes_128_gcm());
  add_seal("aes256gcm_seal", crypto::AeadId::aes256_gcm, EVP_aes_256_gcm());
});

}  // namespace
}  // namespace glasstls::bench
