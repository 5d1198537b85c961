// X25519 against mbedTLS 2.28 (mbedtls_ecp / mbedtls_ecdh with
// MBEDTLS_ECP_DP_CURVE25519), on random keys, both directions: keys made by
// GlassTLS used by mbedTLS and keys made by mbedTLS used by GlassTLS, and the
// raw function on random (also off-curve, twist) u-coordinates.
#include <gtest/gtest.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>

#include <array>
#include <cstdio>

#include "crypto/rng.hpp"
#include "crypto/x25519.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Key = std::array<std::uint8_t, 32>;
using test::hex;

int test_rng(void* ctx, unsigned char* out, std::size_t n) {
  auto* r = static_cast<test::TestRandom*>(ctx);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(r->next());
  return 0;
}

// One mbedTLS Curve25519 context.
class Mbed {
 public:
  explicit Mbed(std::uint64_t seed) : random_(seed) {
    mbedtls_ecp_group_init(&grp_);
    EXPECT_EQ(mbedtls_ecp_group_load(&grp_, MBEDTLS_ECP_DP_CURVE25519), 0);
  }
  ~Mbed() { mbedtls_ecp_group_free(&grp_); }
  Mbed(const Mbed&) = delete;
  Mbed& operator=(const Mbed&) = delete;

  // X25519(k, u); k is clamped first (mbedTLS checks that a private key is).
  Key shared(const Key& k, const Key& u) {
    mbedtls_mpi d, z;
    mbedtls_ecp_point q;
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&z);
    mbedtls_ecp_point_init(&q);
    Key clamped = k;
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    EXPECT_EQ(mbedtls_mpi_read_binary_le(&d, clamped.data(), 32), 0);
    EXPECT_EQ(mbedtls_ecp_point_read_binary(&grp_, &q, u.data(), 32), 0);  // masks bit 255
    EXPECT_EQ(mbedtls_ecdh_compute_shared(&grp_, &z, &q, &d, test_rng, &random_), 0);
    Key out{};
    EXPECT_EQ(mbedtls_mpi_write_binary_le(&z, out.data(), 32), 0);
    mbedtls_mpi_free(&d);
    mbedtls_mpi_free(&z);
    mbedtls_ecp_point_free(&q);
    return out;
  }

  // A key pair made by mbedTLS (mbedtls_ecdh_gen_public).
  std::pair<Key, Key> generate() {
    mbedtls_mpi d;
    mbedtls_ecp_point q;
    mbedtls_mpi_init(&d);
    mbedtls_ecp_point_init(&q);
    EXPECT_EQ(mbedtls_ecdh_gen_public(&grp_, &d, &q, test_rng, &random_), 0);
    Key priv{}, pub{};
    EXPECT_EQ(mbedtls_mpi_write_binary_le(&d, priv.data(), 32), 0);
    std::size_t len = 0;
    EXPECT_EQ(mbedtls_ecp_point_write_binary(&grp_, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &len,
                                             pub.data(), pub.size()),
              0);
    EXPECT_EQ(len, 32u);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_point_free(&q);
    return {priv, pub};
  }

  Key public_of(const Key& k) { return shared(k, Key{9}); }

 private:
  mbedtls_ecp_group grp_;
  test::TestRandom random_;
};

Key to_key(std::span<const std::uint8_t> b) {
  Key k{};
  std::copy_n(b.begin(), 32, k.begin());
  return k;
}

TEST(X25519Oracle, OurKeysTheirKeys) {
  constexpr int kRounds = 200;
  Mbed mbed(1);
  auto rng = HmacDrbg::from_seed(25519);
  for (int i = 0; i < kRounds; ++i) {
    SCOPED_TRACE("round " + std::to_string(i));
    const auto ours = x25519::generate(rng);
    const Key our_priv = to_key(ours.private_key.bytes());
    EXPECT_EQ(hex(ours.public_key), hex(mbed.public_of(our_priv)));
    const auto [their_priv, their_pub] = mbed.generate();
    EXPECT_EQ(hex(their_pub), hex(x25519::public_from_private(their_priv)));
    // Both directions: we use their public key, they use ours.
    auto k_ours = x25519::shared_secret(our_priv, their_pub);
    ASSERT_TRUE(k_ours.ok());
    const Key k_theirs = mbed.shared(their_priv, ours.public_key);
    EXPECT_EQ(hex(k_ours->bytes()), hex(k_theirs));
  }
  std::printf("X25519 vs mbedTLS: %d key pairs each side, shared secrets agree\n", kRounds);
}

TEST(X25519Oracle, RandomUCoordinates) {
  // Any 32 bytes are a u-coordinate (RFC 7748 §5): on the curve or its twist,
  // non-canonical (>= p) or with bit 255 set.
  Mbed mbed(2);
  test::TestRandom r(7748);
  for (int i = 0; i < 300; ++i) {
    const Key k = to_key(r.bytes(32));
    Key u = to_key(r.bytes(32));
    if (i % 10 == 0) std::fill(u.begin() + 1, u.end(), 0xff);  // >= p after masking
    Key ours;
    x25519::scalar_mult(ours, k, u);
    EXPECT_EQ(hex(ours), hex(mbed.shared(k, u))) << "k " << hex(k) << " u " << hex(u);
  }
}

}  // namespace
}  // namespace glasstls::crypto
