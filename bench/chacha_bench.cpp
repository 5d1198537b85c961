// ChaCha20-Poly1305 (RFC 8439 §2.8): chacha20poly1305_seal over 16, 1024 and 16384
// bytes with a 13-byte AAD (a TLS 1.2 record's; TLS 1.3's is 5), one key set up
// outside the timed loop and a new nonce-setting per operation, as a record layer
// does: GlassTLS Aead::seal, mbedTLS mbedtls_chachapoly_encrypt_and_tag, OpenSSL
// EVP_EncryptInit_ex (IV only) / EVP_EncryptUpdate / EVP_EncryptFinal_ex and the
// tag. The output is ciphertext || tag.
#include <mbedtls/chachapoly.h>
#include <openssl/evp.h>

#include <memory>

#include "bench/bench.hpp"
#include "crypto/chacha20_poly1305.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

std::shared_ptr<crypto::Aead> make_glasstls(const Bytes& key, bool portable) {
  crypto::ScopedPortable guard(portable || crypto::portable_forced());
  auto aead = crypto::make_chacha20_poly1305(key);
  if (!aead.ok()) fail("make_chacha20_poly1305", 0);
  return std::shared_ptr<crypto::Aead>(std::move(aead).value());
}

void add_chacha20poly1305_seal() {
  const Bytes key = pattern(32, 0x6b), nonce = pattern(12, 0x6e), aad = pattern(13, 0x61);
  // Backends are chosen when the Aead is made: one of each, picked by the
  // ScopedPortable that add() puts around the loop.
  const auto fast = make_glasstls(key, false);
  const auto portable = make_glasstls(key, true);
  auto mbed = std::shared_ptr<mbedtls_chachapoly_context>(new mbedtls_chachapoly_context,
                                                          [](mbedtls_chachapoly_context* c) {
                                                            mbedtls_chachapoly_free(c);
                                                            delete c;
                                                          });
  mbedtls_chachapoly_init(mbed.get());
  mbed_ok(mbedtls_chachapoly_setkey(mbed.get(), key.data()));
  std::shared_ptr<EVP_CIPHER_CTX> ossl(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  ossl_ok(
      EVP_EncryptInit_ex(ossl.get(), EVP_chacha20_poly1305(), nullptr, key.data(), nonce.data()));

  for (std::size_t n : kSizes) {
    const Op op{"chacha20poly1305_seal", n, n + 16};
    const Bytes msg = pattern(n);
    add_glasstls(op, [fast, portable, nonce, aad, msg](Out out) {
      const crypto::Aead& aead = crypto::portable_forced() ? *portable : *fast;
      const std::span<const std::uint8_t, 12> iv(nonce.data(), 12);
      if (!aead.seal(iv, aad, msg, out).ok()) fail("Aead::seal", 0);
    });
    add(op, Lib::mbedtls, [mbed, nonce, aad, msg](Out out) {
      mbed_ok(mbedtls_chachapoly_encrypt_and_tag(mbed.get(), msg.size(), nonce.data(), aad.data(),
                                                 aad.size(), msg.data(), out.data(),
                                                 out.data() + msg.size()));
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

const Area area(31, add_chacha20poly1305_seal);

}  // namespace
}  // namespace glasstls::bench
