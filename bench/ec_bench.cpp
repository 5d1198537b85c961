// P-256 / P-384: ecdh_p256, ecdsa_p256_sign, ecdsa_p256_verify, ecdsa_p384_sign,
// ecdsa_p384_verify -- GlassTLS (crypto/ec.hpp, ecdsa.hpp), mbedTLS 2.28
// (mbedtls_ecdh_compute_shared, mbedtls_ecdsa_write_signature /
// read_signature, the calls its TLS stack makes) and OpenSSL 3 (EVP_PKEY_derive,
// EVP_PKEY_sign / verify on a precomputed digest). One key pair per curve, made
// by GlassTLS from a fixed seed and imported into the other two. GlassTLS
// runs twice (add_glasstls): P-256 with its dedicated backend
// (crypto/p256_x64.cpp) and with the portable one; P-384 has one.
//
// Outputs compared across libraries: ecdh -> the shared secret; sign -> the
// byte 1 once the signature was produced and checked outside the loop
// (signatures are randomised); verify -> 1 when the signature verifies.
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "bench/bench.hpp"
#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;

// mbedTLS wants an RNG for blinding and for random nonces.
int mbed_rng(void*, unsigned char* out, size_t n) {
  crypto::os_rng().fill(std::span(out, n));
  return 0;
}

struct KeyPair {
  crypto::EcCurve curve;
  Bytes d, pub;  // d: ec_bytes; pub: 04 || X || Y
};

KeyPair make_key(crypto::EcCurve c, std::uint64_t seed) {
  auto rng = crypto::HmacDrbg::from_seed(seed);
  auto k = crypto::EcPrivateKey::generate(c, rng);
  return {c, Bytes(k.scalar().bytes().begin(), k.scalar().bytes().end()),
          k.public_key().encode_uncompressed()};
}

// --- OpenSSL ---
std::shared_ptr<EVP_PKEY> ossl_key(const KeyPair& k, bool with_private) {
  const char* group = k.curve == crypto::EcCurve::p256 ? "P-256" : "P-384";
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                      OSSL_PARAM_BLD_free);
  BIGNUM* d = BN_bin2bn(k.d.data(), static_cast<int>(k.d.size()), nullptr);
  ossl_ok(OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0));
  ossl_ok(OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, k.pub.data(),
                                           k.pub.size()));
  if (with_private) ossl_ok(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d));
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld.get());
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  ossl_ok(EVP_PKEY_fromdata_init(ctx.get()));
  ossl_ok(EVP_PKEY_fromdata(ctx.get(), &pkey, with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                            params));
  OSSL_PARAM_free(params);
  BN_free(d);
  return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

// --- mbedTLS ---
struct MbedKey {
  mbedtls_ecdsa_context ctx;  // = mbedtls_ecp_keypair: grp, d, Q
  MbedKey() { mbedtls_ecdsa_init(&ctx); }
  ~MbedKey() { mbedtls_ecdsa_free(&ctx); }
};
std::shared_ptr<MbedKey> mbed_key(const KeyPair& k) {
  auto m = std::make_shared<MbedKey>();
  const auto id =
      k.curve == crypto::EcCurve::p256 ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_SECP384R1;
  mbed_ok(mbedtls_ecp_group_load(&m->ctx.grp, id));
  mbed_ok(mbedtls_mpi_read_binary(&m->ctx.d, k.d.data(), k.d.size()));
  mbed_ok(mbedtls_ecp_point_read_binary(&m->ctx.grp, &m->ctx.Q, k.pub.data(), k.pub.size()));
  return m;
}

void add_ecdh() {
  const auto c = crypto::EcCurve::p256;
  const KeyPair mine = make_key(c, 1), peer = make_key(c, 2);
  const Op op{"ecdh_p256", 0, 32};
  auto gk = std::make_shared<crypto::EcPrivateKey>(
      std::move(crypto::EcPrivateKey::from_bytes(c, mine.d).value()));
  auto gp = std::make_shared<crypto::EcPublicKey>(crypto::EcPublicKey::parse(c, peer.pub).value());
  add_glasstls(op, [gk, gp](Out out) {
    // TLS receives the peer's share as bytes: parse (validate) it every time.
    auto p = crypto::EcPublicKey::parse(crypto::EcCurve::p256, gp->encode_uncompressed());
    auto z = crypto::ecdh(*gk, p.value());
    std::copy(z->bytes().begin(), z->bytes().end(), out.begin());
  });
  auto mk = mbed_key(mine);
  auto mp = mbed_key(peer);
  add(op, Lib::mbedtls, [mk, mp](Out out) {
    mbedtls_mpi z;
    mbedtls_mpi_init(&z);
    mbed_ok(mbedtls_ecp_check_pubkey(&mk->ctx.grp, &mp->ctx.Q));
    mbed_ok(
        mbedtls_ecdh_compute_shared(&mk->ctx.grp, &z, &mp->ctx.Q, &mk->ctx.d, mbed_rng, nullptr));
    mbed_ok(mbedtls_mpi_write_binary(&z, out.data(), out.size()));
    mbedtls_mpi_free(&z);
  });
  auto ok = ossl_key(mine, true);
  auto op_ = ossl_key(peer, false);
  add(op, Lib::openssl, [ok, op_](Out out) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(ok.get(), nullptr), EVP_PKEY_CTX_free);
    ossl_ok(EVP_PKEY_derive_init(ctx.get()));
    ossl_ok(EVP_PKEY_derive_set_peer(ctx.get(), op_.get()));
    size_t len = out.size();
    ossl_ok(EVP_PKEY_derive(ctx.get(), out.data(), &len));
  });
}

void add_ecdsa(crypto::EcCurve c, const char* sign_name, const char* verify_name) {
  const KeyPair kp = make_key(c, c == crypto::EcCurve::p256 ? 3 : 4);
  const auto hid = c == crypto::EcCurve::p256 ? crypto::HashId::sha256 : crypto::HashId::sha384;
  const auto md = c == crypto::EcCurve::p256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA384;
  Bytes digest(crypto::digest_size(hid));
  crypto::hash(hid, pattern(100), digest);
  auto gk = std::make_shared<crypto::EcPrivateKey>(
      std::move(crypto::EcPrivateKey::from_bytes(c, kp.d).value()));
  auto mk = mbed_key(kp);
  auto ok = ossl_key(kp, true);
  auto rng = std::make_shared<crypto::HmacDrbg>(crypto::HmacDrbg::from_seed(5));
  const Bytes der = crypto::ecdsa_sign(*gk, hid, digest, *rng).value().to_der();

  const Op sign{sign_name, 0, 1};
  add_glasstls(sign, [gk, rng, digest, hid](Out out) {
    auto sig = crypto::ecdsa_sign(*gk, hid, digest, *rng);
    out[0] = sig.ok() ? 1 : 0;
  });
  add(sign, Lib::mbedtls, [mk, digest, md](Out out) {
    unsigned char sig[MBEDTLS_ECDSA_MAX_LEN];
    size_t len = 0;
    mbed_ok(mbedtls_ecdsa_write_signature(&mk->ctx, md, digest.data(), digest.size(), sig, &len,
                                          mbed_rng, nullptr));
    out[0] = 1;
  });
  add(sign, Lib::openssl, [ok, digest](Out out) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(ok.get(), nullptr), EVP_PKEY_CTX_free);
    ossl_ok(EVP_PKEY_sign_init(ctx.get()));
    unsigned char sig[120];
    size_t len = sizeof sig;
    ossl_ok(EVP_PKEY_sign(ctx.get(), sig, &len, digest.data(), digest.size()));
    out[0] = 1;
  });

  const Op verify{verify_name, 0, 1};
  auto gp = std::make_shared<crypto::EcPublicKey>(gk->public_key());
  add_glasstls(verify, [gp, der, digest, c](Out out) {
    auto sig = crypto::EcdsaSignature::parse_der(c, der);
    out[0] = sig.ok() && crypto::ecdsa_verify(*gp, digest, *sig).ok() ? 1 : 0;
  });
  add(verify, Lib::mbedtls, [mk, der, digest](Out out) {
    out[0] = mbedtls_ecdsa_read_signature(&mk->ctx, digest.data(), digest.size(), der.data(),
                                          der.size()) == 0
                 ? 1
                 : 0;
  });
  add(verify, Lib::openssl, [ok, der, digest](Out out) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(ok.get(), nullptr), EVP_PKEY_CTX_free);
    ossl_ok(EVP_PKEY_verify_init(ctx.get()));
    out[0] = EVP_PKEY_verify(ctx.get(), der.data(), der.size(), digest.data(), digest.size()) == 1
                 ? 1
                 : 0;
  });
}

void add_all() {
  add_ecdh();
  add_ecdsa(crypto::EcCurve::p256, "ecdsa_p256_sign", "ecdsa_p256_verify");
  add_ecdsa(crypto::EcCurve::p384, "ecdsa_p384_sign", "ecdsa_p384_verify");
}

const Area area(50, add_all);

}  // namespace
}  // namespace glasstls::bench
