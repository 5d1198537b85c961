// Hashes and HMAC: one-shot SHA-256/384/512 and HMAC-SHA-256 (32-byte key) over
// 16, 1024 and 16384 bytes. Each library's one-shot API is used as an application
// would: GlassTLS H::hash / Hmac::mac, mbedTLS mbedtls_sha*_ret / mbedtls_md_hmac,
// OpenSSL EVP_Digest / EVP_MAC (algorithms fetched once, outside the timed loop).
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstring>
#include <memory>

#include "bench/bench.hpp"
#include "crypto/hmac.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

std::shared_ptr<EVP_MD> fetch_md(const char* algorithm) {
  return {EVP_MD_fetch(nullptr, algorithm, nullptr), EVP_MD_free};
}

template <class H>
void add_hash(const char* op_name, const char* ossl_name, void (*mbed)(const Bytes&, Out)) {
  for (std::size_t n : kSizes) {
    const Op op{op_name, n, H::digest_size};
    const Bytes msg = pattern(n);
    add_glasstls(op, [msg](Out out) {
      const auto digest = H::hash(msg);
      std::memcpy(out.data(), digest.data(), digest.size());
    });
    add(op, Lib::mbedtls, [msg, mbed](Out out) { mbed(msg, out); });
    add(op, Lib::openssl, [msg, md = fetch_md(ossl_name)](Out out) {
      ossl_ok(EVP_Digest(msg.data(), msg.size(), out.data(), nullptr, md.get(), nullptr));
    });
  }
}

void add_hmac_sha256() {
  const Bytes key = pattern(32, 0x4b);
  for (std::size_t n : kSizes) {
    const Op op{"hmac_sha256", n, 32};
    const Bytes msg = pattern(n);
    add_glasstls(op, [key, msg](Out out) {
      const auto tag = crypto::Hmac::mac(crypto::HashId::sha256, key, msg);
      std::memcpy(out.data(), tag.bytes().data(), tag.size());
    });
    add(op, Lib::mbedtls, [key, msg](Out out) {
      mbed_ok(mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key.data(), key.size(),
                              msg.data(), msg.size(), out.data()));
    });
    // One context, keyed again in every iteration (EVP_MAC_init with the key):
    // the digest is set once, since setting it by name fetches it each time.
    std::shared_ptr<EVP_MAC> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), EVP_MAC_free);
    std::shared_ptr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(mac.get()), EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    ossl_ok(EVP_MAC_CTX_set_params(ctx.get(), params));
    add(op, Lib::openssl, [key, msg, ctx](Out out) {
      std::size_t len = 0;
      ossl_ok(EVP_MAC_init(ctx.get(), key.data(), key.size(), nullptr));
      ossl_ok(EVP_MAC_update(ctx.get(), msg.data(), msg.size()));
      ossl_ok(EVP_MAC_final(ctx.get(), out.data(), &len, out.size()));
    });
  }
}

const Area area(10, [] {
  add_hash<crypto::Sha256>("sha256", "SHA256", [](const Bytes& m, Out out) {
    mbed_ok(mbedtls_sha256_ret(m.data(), m.size(), out.data(), 0));
  });
  add_hash<crypto::Sha384>("sha384", "SHA384", [](const Bytes& m, Out out) {
    mbed_ok(mbedtls_sha512_ret(m.data(), m.size(), out.data(), 1));
  });
  add_hash<crypto::Sha512>("sha512", "SHA512", [](const Bytes& m, Out out) {
    mbed_ok(mbedtls_sha512_ret(m.data(), m.size(), out.data(), 0));
  });
  add_hmac_sha256();
});

}  // namespace
}  // namespace glasstls::bench
