// RSA: rsa2048_sign, rsa2048_verify, rsa3072_sign, rsa2048_keygen -- GlassTLS
// (crypto/rsa.hpp), mbedTLS 2.28 (mbedtls_rsa_pkcs1_sign / verify with CRT and
// blinding, as its TLS stack calls them) and OpenSSL 3 (EVP_PKEY_sign / verify
// on a precomputed digest). PKCS#1 v1.5 with SHA-256. One key per size, made by
// GlassTLS from a fixed seed and imported into the other two.
//
// Outputs compared across libraries: sign -> the signature itself (PKCS#1 v1.5
// is deterministic); verify -> 1 when it verifies; keygen -> the byte 1 once a
// key was produced (keys are random).
#include <mbedtls/rsa.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <memory>

#include "bench/bench.hpp"
#include "crypto/rng.hpp"
#include "crypto/rsa.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

int mbed_rng(void*, unsigned char* out, size_t n) {
  crypto::os_rng().fill(std::span(out, n));
  return 0;
}

std::shared_ptr<crypto::RsaPrivateKey> make_key(std::size_t bits, std::uint64_t seed) {
  auto rng = crypto::HmacDrbg::from_seed(seed);
  return std::make_shared<crypto::RsaPrivateKey>(
      crypto::RsaPrivateKey::generate(rng, bits).value());
}

BIGNUM* bn(const Bytes& b) { return BN_bin2bn(b.data(), static_cast<int>(b.size()), nullptr); }

std::shared_ptr<EVP_PKEY> ossl_key(const crypto::RsaPrivateKey& k) {
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                      OSSL_PARAM_BLD_free);
  std::vector<BIGNUM*> nums = {bn(k.public_key().n()),
                               bn(k.public_key().e()),
                               bn(k.d()),
                               bn(k.p()),
                               bn(k.q()),
                               bn(k.dp()),
                               bn(k.dq()),
                               bn(k.qinv())};
  const char* names[] = {OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,
                         OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
                         OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
                         OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
  for (std::size_t i = 0; i < nums.size(); ++i) {
    ossl_ok(OSSL_PARAM_BLD_push_BN(bld.get(), names[i], nums[i]));
  }
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld.get());
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  ossl_ok(EVP_PKEY_fromdata_init(ctx.get()));
  ossl_ok(EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_KEYPAIR, params));
  OSSL_PARAM_free(params);
  for (BIGNUM* b : nums) BN_free(b);
  return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

struct MbedKey {
  mbedtls_rsa_context ctx;
  MbedKey() { mbedtls_rsa_init(&ctx, MBEDTLS_RSA_PKCS_V15, 0); }
  ~MbedKey() { mbedtls_rsa_free(&ctx); }
};
std::shared_ptr<MbedKey> mbed_key(const crypto::RsaPrivateKey& k) {
  auto m = std::make_shared<MbedKey>();
  const Bytes n = k.public_key().n(), e = k.public_key().e(), p = k.p(), q = k.q(), d = k.d();
  mbed_ok(mbedtls_rsa_import_raw(&m->ctx, n.data(), n.size(), p.data(), p.size(), q.data(),
                                 q.size(), d.data(), d.size(), e.data(), e.size()));
  mbed_ok(mbedtls_rsa_complete(&m->ctx));
  return m;
}

void add_sign(const char* name, std::size_t bits, std::uint64_t seed) {
  auto gk = make_key(bits, seed);
  Bytes digest(32);
  crypto::hash(crypto::HashId::sha256, pattern(100), digest);
  const Op op{name, 0, gk->size_bytes()};
  auto rng = std::make_shared<crypto::HmacDrbg>(crypto::HmacDrbg::from_seed(seed + 100));
  add_glasstls(op, [gk, rng, digest](Out out) {
    auto sig = crypto::rsa_pkcs1_sign_digest(*gk, crypto::HashId::sha256, digest, *rng);
    std::copy(sig->begin(), sig->end(), out.begin());
  });
  auto mk = mbed_key(*gk);
  add(op, Lib::mbedtls, [mk, digest](Out out) {
    mbed_ok(mbedtls_rsa_pkcs1_sign(&mk->ctx, mbed_rng, nullptr, MBEDTLS_RSA_PRIVATE,
                                   MBEDTLS_MD_SHA256, 32, digest.data(), out.data()));
  });
  auto ok = ossl_key(*gk);
  add(op, Lib::openssl, [ok, digest](Out out) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(ok.get(), nullptr), EVP_PKEY_CTX_free);
    ossl_ok(EVP_PKEY_sign_init(ctx.get()));
    ossl_ok(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING));
    ossl_ok(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()));
    size_t len = out.size();
    ossl_ok(EVP_PKEY_sign(ctx.get(), out.data(), &len, digest.data(), digest.size()));
  });
}

void add_verify() {
  auto gk = make_key(2048, 1);
  Bytes digest(32);
  crypto::hash(crypto::HashId::sha256, pattern(100), digest);
  auto rng = crypto::HmacDrbg::from_seed(2);
  const Bytes sig = crypto::rsa_pkcs1_sign_digest(*gk, crypto::HashId::sha256, digest, rng).value();
  // The verifier gets the key as (n, e) bytes, as from a certificate: build it once.
  auto pub = std::make_shared<crypto::RsaPublicKey>(gk->public_key());
  const Op op{"rsa2048_verify", 0, 1};
  add_glasstls(op, [pub, digest, sig](Out out) {
    out[0] = crypto::rsa_pkcs1_verify_digest(*pub, crypto::HashId::sha256, digest, sig).ok();
  });
  auto mk = mbed_key(*gk);
  add(op, Lib::mbedtls, [mk, digest, sig](Out out) {
    out[0] = mbedtls_rsa_pkcs1_verify(&mk->ctx, nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                      MBEDTLS_MD_SHA256, 32, digest.data(), sig.data()) == 0;
  });
  auto ok = ossl_key(*gk);
  add(op, Lib::openssl, [ok, digest, sig](Out out) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(ok.get(), nullptr), EVP_PKEY_CTX_free);
    ossl_ok(EVP_PKEY_verify_init(ctx.get()));
    ossl_ok(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING));
    ossl_ok(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()));
    out[0] = EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), digest.data(), digest.size()) == 1;
  });
}

void add_keygen() {
  const Op op{"rsa2048_keygen", 0, 1};
  auto rng = std::make_shared<crypto::HmacDrbg>(crypto::HmacDrbg::from_seed(9));
  add(op, Lib::glasstls,
      [rng](Out out) { out[0] = crypto::RsaPrivateKey::generate(*rng, 2048).ok(); });
  add(op, Lib::mbedtls, [](Out out) {
    MbedKey k;
    mbed_ok(mbedtls_rsa_gen_key(&k.ctx, mbed_rng, nullptr, 2048, 65537));
    out[0] = 1;
  });
  add(op, Lib::openssl, [](Out out) {
    EVP_PKEY* pkey = EVP_RSA_gen(2048);
    out[0] = pkey != nullptr;
    EVP_PKEY_free(pkey);
  });
}

void add_all() {
  add_sign("rsa2048_sign", 2048, 1);
  add_verify();
  add_sign("rsa3072_sign", 3072, 3);
  add_keygen();
}

const Area area(60, add_all);

}  // namespace
}  // namespace glasstls::bench
