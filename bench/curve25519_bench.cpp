// X25519 (RFC 7748) and Ed25519 (RFC 8032), one operation per iteration:
//   x25519          one shared-secret computation from a fixed private key and
//                   peer public value (the TLS 1.3 key_share work on one side);
//                   output: the 32-byte shared secret. GlassTLS
//                   x25519::shared_secret, mbedTLS mbedtls_ecdh_compute_shared
//                   (MBEDTLS_ECP_DP_CURVE25519), OpenSSL EVP_PKEY_derive.
//   ed25519_sign    sign a 64-byte message (a TLS 1.3 CertificateVerify input is
//                   about that size) with a key set up outside the loop; output:
//                   the 64-byte signature (deterministic). OpenSSL
//                   EVP_DigestSignInit + EVP_DigestSign (its one-shot API).
//   ed25519_verify  verify that signature; output: one byte, 1 if valid.
// mbedTLS 2.28 has no Ed25519. GlassTLS's x25519 is registered twice: with the
// MULX/ADX backend where the CPU has it (crypto/x25519_x64.cpp) and with the
// portable ladder; Ed25519 has one implementation, registered once.
#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>
#include <openssl/evp.h>

#include <memory>

#include "bench/bench.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/x25519.hpp"

namespace glasstls::bench {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Out = std::span<std::uint8_t>;
using Key = std::array<std::uint8_t, 32>;

Key key_of(const Bytes& b) {
  Key k{};
  std::copy_n(b.begin(), 32, k.begin());
  return k;
}

// mbedTLS wants an RNG for its coordinate randomisation; any bytes will do.
int counter_rng(void*, unsigned char* out, std::size_t n) {
  static unsigned char c = 0;
  for (std::size_t i = 0; i < n; ++i) out[i] = c++;
  return 0;
}

struct MbedX25519 {
  mbedtls_ecp_group grp;
  mbedtls_mpi d, z;
  mbedtls_ecp_point q;
  MbedX25519(const Key& priv, const Key& peer) {
    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&z);
    mbedtls_ecp_point_init(&q);
    mbed_ok(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519));
    Key clamped = priv;  // mbedTLS checks that the private key is clamped
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    mbed_ok(mbedtls_mpi_read_binary_le(&d, clamped.data(), 32));
    mbed_ok(mbedtls_ecp_point_read_binary(&grp, &q, peer.data(), 32));
  }
  ~MbedX25519() {
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&z);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_group_free(&grp);
  }
  MbedX25519(const MbedX25519&) = delete;
  MbedX25519& operator=(const MbedX25519&) = delete;
};

void add_x25519() {
  const Key priv = key_of(pattern(32, 0x25)), peer_priv = key_of(pattern(32, 0x19));
  const Key peer = crypto::x25519::public_from_private(peer_priv);
  const Op op{"x25519", 0, 32};
  add_glasstls(op, [priv, peer](Out out) {
    auto k = crypto::x25519::shared_secret(priv, peer);
    if (!k.ok()) fail("x25519::shared_secret", 0);
    std::copy(k->bytes().begin(), k->bytes().end(), out.begin());
  });
  auto mbed = std::make_shared<MbedX25519>(priv, peer);
  add(op, Lib::mbedtls, [mbed](Out out) {
    mbed_ok(mbedtls_ecdh_compute_shared(&mbed->grp, &mbed->z, &mbed->q, &mbed->d, counter_rng,
                                        nullptr));
    mbed_ok(mbedtls_mpi_write_binary_le(&mbed->z, out.data(), 32));
  });
  std::shared_ptr<EVP_PKEY> ours(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv.data(), 32), EVP_PKEY_free);
  std::shared_ptr<EVP_PKEY> theirs(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), 32), EVP_PKEY_free);
  if (!ours || !theirs) fail("EVP_PKEY_new_raw_*_key", 0);
  std::shared_ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new(ours.get(), nullptr), EVP_PKEY_CTX_free);
  ossl_ok(EVP_PKEY_derive_init(ctx.get()));
  ossl_ok(EVP_PKEY_derive_set_peer(ctx.get(), theirs.get()));
  add(op, Lib::openssl, [ctx, ours, theirs](Out out) {
    std::size_t len = 32;
    ossl_ok(EVP_PKEY_derive(ctx.get(), out.data(), &len));
  });
}

void add_ed25519() {
  const Key seed = key_of(pattern(32, 0xed));
  const Bytes msg = pattern(64, 0x6d);
  auto key =
      std::make_shared<crypto::ed25519::SigningKey>(crypto::ed25519::SigningKey::from_seed(seed));
  const auto pub = key->public_key();
  const auto sig = key->sign(msg);
  std::shared_ptr<EVP_PKEY> priv(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), 32), EVP_PKEY_free);
  std::shared_ptr<EVP_PKEY> pubkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), 32), EVP_PKEY_free);
  if (!priv || !pubkey) fail("EVP_PKEY_new_raw_*_key", 0);
  std::shared_ptr<EVP_MD_CTX> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);

  const Op sign_op{"ed25519_sign", 0, 64};
  add(sign_op, Lib::glasstls, [key, msg](Out out) {
    const auto s = key->sign(msg);
    std::copy(s.begin(), s.end(), out.begin());
  });
  add(sign_op, Lib::openssl, [priv, md, msg](Out out) {
    std::size_t len = 64;
    ossl_ok(EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, priv.get()));
    ossl_ok(EVP_DigestSign(md.get(), out.data(), &len, msg.data(), msg.size()));
  });

  const Op verify_op{"ed25519_verify", 0, 1};
  add(verify_op, Lib::glasstls,
      [pub, msg, sig](Out out) { out[0] = crypto::ed25519::verify(pub, msg, sig).ok() ? 1 : 0; });
  add(verify_op, Lib::openssl, [pubkey, md, msg, sig](Out out) {
    ossl_ok(EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, pubkey.get()));
    out[0] = EVP_DigestVerify(md.get(), sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  });
}

const Area area(60, [] {
  add_x25519();
  add_ed25519();
});

}  // namespace
}  // namespace glasstls::bench
