// Ed25519 against OpenSSL's libcrypto (mbedTLS 2.28 has no Ed25519): random
// seeds and messages; the public keys and signatures must be identical
// (Ed25519 is deterministic), each side verifies the other's signature, and
// both reject the same corrupted ones.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "crypto/ed25519.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Key = std::array<std::uint8_t, 32>;
using test::hex;

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

struct OsslSigned {
  Bytes public_key, signature;
};

OsslSigned ossl_sign(const Key& seed, const Bytes& msg) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), 32),
              EVP_PKEY_free);
  EXPECT_NE(key, nullptr);
  OsslSigned out{Bytes(32), Bytes(64)};
  std::size_t len = 32;
  EXPECT_EQ(EVP_PKEY_get_raw_public_key(key.get(), out.public_key.data(), &len), 1);
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()), 1);
  len = 64;
  EXPECT_EQ(EVP_DigestSign(ctx.get(), out.signature.data(), &len, msg.data(), msg.size()), 1);
  EXPECT_EQ(len, 64u);
  return out;
}

bool ossl_verify(std::span<const std::uint8_t> pub, const Bytes& msg,
                 std::span<const std::uint8_t> sig) {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size()),
              EVP_PKEY_free);
  if (!key) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), msg.data(), msg.size()) == 1;
}

TEST(Ed25519Oracle, SignHereVerifyThereAndBack) {
  constexpr int kRounds = 300;
  test::TestRandom r(8032);
  for (int i = 0; i < kRounds; ++i) {
    SCOPED_TRACE("round " + std::to_string(i));
    Key seed;
    const auto sb = r.bytes(32);
    std::copy(sb.begin(), sb.end(), seed.begin());
    const std::size_t len = i < 200 ? static_cast<std::size_t>(i) : r.below(5000);
    Bytes msg = r.bytes(len);

    const auto ours = ed25519::SigningKey::from_seed(seed);
    const auto sig = ours.sign(msg);
    const auto theirs = ossl_sign(seed, msg);
    ASSERT_EQ(hex(ours.public_key()), hex(theirs.public_key));
    ASSERT_EQ(hex(sig), hex(theirs.signature));
    EXPECT_TRUE(ossl_verify(ours.public_key(), msg, sig));  // ours, verified there
    EXPECT_TRUE(ed25519::verify(ours.public_key(), msg, theirs.signature).ok());  // and back

    // The same corruption is refused by both.
    Bytes bad(sig.begin(), sig.end());
    const std::size_t bit = r.below(512);
    bad[bit / 8] = static_cast<std::uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
    EXPECT_FALSE(ed25519::verify(ours.public_key(), msg, bad).ok()) << "bit " << bit;
    EXPECT_FALSE(ossl_verify(ours.public_key(), msg, bad)) << "bit " << bit;
    if (!msg.empty()) {
      msg[r.below(msg.size())] ^= 0x01;
      EXPECT_FALSE(ed25519::verify(ours.public_key(), msg, sig).ok());
      EXPECT_FALSE(ossl_verify(ours.public_key(), msg, sig));
    }
  }
  std::printf(
      "Ed25519 vs OpenSSL: %d keys and messages, identical signatures, "
      "cross-verified\n",
      kRounds);
}

}  // namespace
}  // namespace glasstls::crypto
