// Differential tests against mbedTLS 2.28 (mbedtls/ecdsa.h, ecdh.h) on P-256 and
// P-384: keys generated on each side; ECDSA signed here and verified there and
// the other way round (DER, as in TLS); ECDH computed both ways.
#include <gtest/gtest.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>

#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;

int mbed_rng(void* p, unsigned char* out, size_t n) {
  static_cast<Rng*>(p)->fill(std::span(out, n));
  return 0;
}

struct MbedKey {
  mbedtls_ecdsa_context k;  // an mbedtls_ecp_keypair: grp, d, Q
  MbedKey() { mbedtls_ecdsa_init(&k); }
  ~MbedKey() { mbedtls_ecdsa_free(&k); }
  MbedKey(const MbedKey&) = delete;
  MbedKey& operator=(const MbedKey&) = delete;
};

mbedtls_ecp_group_id group_of(EcCurve c) {
  return c == EcCurve::p256 ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_SECP384R1;
}

Bytes mbed_pub(const MbedKey& m) {
  Bytes out(1 + 2 * 48);
  size_t len = 0;
  EXPECT_EQ(mbedtls_ecp_point_write_binary(&m.k.grp, &m.k.Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &len,
                                           out.data(), out.size()),
            0);
  out.resize(len);
  return out;
}
Bytes mbed_priv(const MbedKey& m, EcCurve c) {
  Bytes out(ec_bytes(c));
  EXPECT_EQ(mbedtls_mpi_write_binary(&m.k.d, out.data(), out.size()), 0);
  return out;
}
void mbed_load(MbedKey& m, EcCurve c, const Bytes& pub, const Bytes* priv) {
  ASSERT_EQ(mbedtls_ecp_group_load(&m.k.grp, group_of(c)), 0);
  ASSERT_EQ(mbedtls_ecp_point_read_binary(&m.k.grp, &m.k.Q, pub.data(), pub.size()), 0);
  if (priv) {
    ASSERT_EQ(mbedtls_mpi_read_binary(&m.k.d, priv->data(), priv->size()), 0);
  }
}

class EcOracle : public ::testing::TestWithParam<EcCurve> {};

TEST_P(EcOracle, EcdsaBothWays) {
  const EcCurve c = GetParam();
  const HashId id = c == EcCurve::p256 ? HashId::sha256 : HashId::sha384;
  const mbedtls_md_type_t md = c == EcCurve::p256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA384;
  auto rng = HmacDrbg::from_seed(c == EcCurve::p256 ? 21 : 22);
  test::TestRandom tr(3);
  for (int i = 0; i < 25; ++i) {
    SCOPED_TRACE(i);
    Bytes digest(digest_size(id));
    hash(id, tr.bytes(1 + tr.below(200)), digest);
    // Our key: sign here, verify there.
    const auto ours = EcPrivateKey::generate(c, rng);
    const auto sig = ecdsa_sign(ours, id, digest, rng);
    ASSERT_TRUE(sig.ok());
    const Bytes der = sig->to_der();
    MbedKey theirs_view;
    mbed_load(theirs_view, c, ours.public_key().encode_uncompressed(), nullptr);
    EXPECT_EQ(mbedtls_ecdsa_read_signature(&theirs_view.k, digest.data(), digest.size(), der.data(),
                                           der.size()),
              0);
    // mbedTLS key: sign there, verify here.
    MbedKey theirs;
    ASSERT_EQ(mbedtls_ecdsa_genkey(&theirs.k, group_of(c), mbed_rng, &rng), 0);
    unsigned char msig[MBEDTLS_ECDSA_MAX_LEN];
    size_t mlen = 0;
    ASSERT_EQ(mbedtls_ecdsa_write_signature(&theirs.k, md, digest.data(), digest.size(), msig,
                                            &mlen, mbed_rng, &rng),
              0);
    auto pub = EcPublicKey::parse(c, mbed_pub(theirs));
    ASSERT_TRUE(pub.ok());
    auto parsed = EcdsaSignature::parse_der(c, std::span(msig, mlen));
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(ecdsa_verify(*pub, digest, *parsed).ok());
    // Their private key, our signature, their verification (and the same key here).
    auto imported = EcPrivateKey::from_bytes(c, mbed_priv(theirs, c));
    ASSERT_TRUE(imported.ok());
    EXPECT_EQ(test::hex(imported->public_key().encode_uncompressed()), test::hex(mbed_pub(theirs)));
    const Bytes der2 = ecdsa_sign(*imported, id, digest, rng)->to_der();
    EXPECT_EQ(mbedtls_ecdsa_read_signature(&theirs.k, digest.data(), digest.size(), der2.data(),
                                           der2.size()),
              0);
    // A corrupted digest fails on both sides.
    digest[0] ^= 0x80;
    EXPECT_NE(mbedtls_ecdsa_read_signature(&theirs_view.k, digest.data(), digest.size(), der.data(),
                                           der.size()),
              0);
    EXPECT_FALSE(ecdsa_verify(*pub, digest, *parsed).ok());
  }
}

TEST_P(EcOracle, EcdhBothWays) {
  const EcCurve c = GetParam();
  auto rng = HmacDrbg::from_seed(c == EcCurve::p256 ? 31 : 32);
  for (int i = 0; i < 25; ++i) {
    SCOPED_TRACE(i);
    const auto ours = EcPrivateKey::generate(c, rng);
    MbedKey theirs;
    ASSERT_EQ(mbedtls_ecdsa_genkey(&theirs.k, group_of(c), mbed_rng, &rng), 0);
    // Here: our d, their Q.
    auto their_pub = EcPublicKey::parse(c, mbed_pub(theirs));
    ASSERT_TRUE(their_pub.ok());
    auto z_here = ecdh(ours, *their_pub);
    ASSERT_TRUE(z_here.ok());
    // There: their d, our Q.
    MbedKey our_view;
    mbed_load(our_view, c, ours.public_key().encode_uncompressed(), nullptr);
    ASSERT_EQ(mbedtls_ecp_check_pubkey(&theirs.k.grp, &our_view.k.Q), 0);
    mbedtls_mpi z;
    mbedtls_mpi_init(&z);
    ASSERT_EQ(
        mbedtls_ecdh_compute_shared(&theirs.k.grp, &z, &our_view.k.Q, &theirs.k.d, mbed_rng, &rng),
        0);
    Bytes z_there(ec_bytes(c));
    ASSERT_EQ(mbedtls_mpi_write_binary(&z, z_there.data(), z_there.size()), 0);
    mbedtls_mpi_free(&z);
    EXPECT_EQ(test::hex(z_here->bytes()), test::hex(z_there));
    // Compressed form of their key (mbedTLS 2.28 cannot read compressed points: encode here).
    auto again = EcPublicKey::parse(c, their_pub->encode_compressed());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(test::hex(ecdh(ours, *again)->bytes()), test::hex(z_there));
  }
}

INSTANTIATE_TEST_SUITE_P(Curves, EcOracle, ::testing::Values(EcCurve::p256, EcCurve::p384),
                         [](const auto& param_info) {
                           return std::string(param_info.param == EcCurve::p256 ? "P256" : "P384");
                         });

}  // namespace
}  // namespace glasstls::crypto
