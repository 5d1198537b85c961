// Key derivation: the TLS 1.2 PRF (RFC 5246 §5) as in a key expansion (48-byte
// master secret, "key expansion", 64-byte seed, 104 bytes of key block), and one
// TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1) of 32 bytes with a 32-byte context.
// Rates are derivations per second.
//
// mbedTLS 2.28 has no public TLS 1.2 PRF (it is static in ssl_tls.c), so P_SHA256
// is written below with its HMAC calls, the way ssl_tls.c does it. For
// HKDF-Expand-Label, mbedTLS and OpenSSL build the HkdfLabel inside the timed loop,
// as GlassTLS does.
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "bench/bench.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/prf12.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

const std::string_view kPrfLabel = "key expansion";  // 13 bytes
const std::string_view kTls13Label = "c hs traffic";

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// A KDF context with the digest (and the HKDF mode) set once: setting the digest
// by name fetches it again, which would time OpenSSL's lookup rather than its KDF.
std::shared_ptr<EVP_KDF_CTX> kdf_ctx(const char* algorithm, bool expand_only) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, algorithm, nullptr);
  std::shared_ptr<EVP_KDF_CTX> ctx(EVP_KDF_CTX_new(kdf), EVP_KDF_CTX_free);
  EVP_KDF_free(kdf);
  char digest[] = "SHA256";
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                               expand_only ? OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode)
                                           : OSSL_PARAM_construct_end(),
                               OSSL_PARAM_END};
  ossl_ok(EVP_KDF_CTX_set_params(ctx.get(), params));
  return ctx;
}

OSSL_PARAM octets(const char* key, std::span<const std::uint8_t> v) {
  return OSSL_PARAM_construct_octet_string(key, const_cast<std::uint8_t*>(v.data()), v.size());
}

// P_SHA256(secret, label + seed) with mbedTLS's HMAC (RFC 5246 §5).
int mbedtls_tls12_prf_sha256(const Bytes& secret, std::string_view label, const Bytes& seed,
                             Out out) {
  mbedtls_md_context_t md;
  mbedtls_md_init(&md);
  unsigned char a[32];
  unsigned char block[32];
  int ret = mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
  if (ret == 0) ret = mbedtls_md_hmac_starts(&md, secret.data(), secret.size());
  // A(1) = HMAC(secret, label + seed)
  if (ret == 0) ret = mbedtls_md_hmac_update(&md, as_bytes(label).data(), label.size());
  if (ret == 0) ret = mbedtls_md_hmac_update(&md, seed.data(), seed.size());
  if (ret == 0) ret = mbedtls_md_hmac_finish(&md, a);
  for (std::size_t done = 0; ret == 0 && done < out.size(); done += sizeof block) {
    // HMAC(secret, A(i) + label + seed), then A(i+1) = HMAC(secret, A(i))
    if (ret == 0) ret = mbedtls_md_hmac_reset(&md);
    if (ret == 0) ret = mbedtls_md_hmac_update(&md, a, sizeof a);
    if (ret == 0) ret = mbedtls_md_hmac_update(&md, as_bytes(label).data(), label.size());
    if (ret == 0) ret = mbedtls_md_hmac_update(&md, seed.data(), seed.size());
    if (ret == 0) ret = mbedtls_md_hmac_finish(&md, block);
    if (ret == 0) ret = mbedtls_md_hmac_reset(&md);
    if (ret == 0) ret = mbedtls_md_hmac_update(&md, a, sizeof a);
    if (ret == 0) ret = mbedtls_md_hmac_finish(&md, a);
    const std::size_t n = std::min(sizeof block, out.size() - done);
    std::copy_n(block, n, out.begin() + static_cast<std::ptrdiff_t>(done));
  }
  mbedtls_md_free(&md);
  return ret;
}

void add_tls12_prf() {
  const Op op{"tls12_prf_sha256", 0, 104};
  const Bytes secret = pattern(48, 0x5e);
  const Bytes seed = pattern(64, 0x5d);
  add_glasstls(op, [secret, seed](Out out) {
    crypto::tls12_prf(crypto::HashId::sha256, secret, kPrfLabel, seed, out);
  });
  add(op, Lib::mbedtls,
      [secret, seed](Out out) { mbed_ok(mbedtls_tls12_prf_sha256(secret, kPrfLabel, seed, out)); });
  // OpenSSL 3.0's TLS1-PRF appends each call's seed to the previous ones (and
  // cannot dup its context), so secret and seed are set once; every derive still
  // keys HMAC with the secret and computes the whole P_SHA256.
  auto ctx = kdf_ctx("TLS1-PRF", false);
  const OSSL_PARAM params[] = {octets(OSSL_KDF_PARAM_SECRET, secret),
                               octets(OSSL_KDF_PARAM_SEED, as_bytes(kPrfLabel)),
                               octets(OSSL_KDF_PARAM_SEED, seed), OSSL_PARAM_END};
  ossl_ok(EVP_KDF_CTX_set_params(ctx.get(), params));
  add(op, Lib::openssl,
      [ctx](Out out) { ossl_ok(EVP_KDF_derive(ctx.get(), out.data(), out.size(), nullptr)); });
}

// struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
std::size_t hkdf_label(std::span<std::uint8_t, 514> buf, std::uint16_t length,
                       std::string_view label, std::span<const std::uint8_t> context) {
  const std::string_view prefix = "tls13 ";
  std::size_t n = 0;
  buf[n++] = static_cast<std::uint8_t>(length >> 8);
  buf[n++] = static_cast<std::uint8_t>(length);
  buf[n++] = static_cast<std::uint8_t>(prefix.size() + label.size());
  for (char c : prefix) buf[n++] = static_cast<std::uint8_t>(c);
  for (char c : label) buf[n++] = static_cast<std::uint8_t>(c);
  buf[n++] = static_cast<std::uint8_t>(context.size());
  for (auto b : context) buf[n++] = b;
  return n;
}

void add_hkdf_expand_label() {
  const Op op{"hkdf_expand_label_sha256", 0, 32};
  const Bytes secret = pattern(32, 0x3c);
  const Bytes context = pattern(32, 0x7a);  // a transcript hash
  add_glasstls(op, [secret, context](Out out) {
    if (!crypto::hkdf_expand_label(crypto::HashId::sha256, secret, kTls13Label, context, out).ok())
      fail("glasstls hkdf_expand_label", 0);
  });
  add(op, Lib::mbedtls, [secret, context](Out out) {
    std::array<std::uint8_t, 514> info;
    const std::size_t n = hkdf_label(info, 32, kTls13Label, context);
    mbed_ok(mbedtls_hkdf_expand(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), secret.data(),
                                secret.size(), info.data(), n, out.data(), out.size()));
  });
  add(op, Lib::openssl, [secret, context, ctx = kdf_ctx("HKDF", true)](Out out) {
    std::array<std::uint8_t, 514> info;
    const std::size_t n = hkdf_label(info, 32, kTls13Label, context);
    const OSSL_PARAM params[] = {octets(OSSL_KDF_PARAM_KEY, secret),
                                 octets(OSSL_KDF_PARAM_INFO, {info.data(), n}), OSSL_PARAM_END};
    ossl_ok(EVP_KDF_derive(ctx.get(), out.data(), out.size(), params));
  });
}

const Area area(20, [] {
  add_tls12_prf();
  add_hkdf_expand_label();
});

}  // namespace
}  // namespace glasstls::bench
