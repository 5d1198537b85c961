// P-256 / P-384 unit tests: the generator's multiples, point encodings, key
// validation, ECDH agreement, ECDSA round trips and signature encodings.
#include <gtest/gtest.h>

#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/hmac.hpp"
#include "crypto/rfc6979.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;
using test::hex;
using test::unhex;

constexpr EcCurve kCurves[] = {EcCurve::p256, EcCurve::p384};

Bytes scalar(EcCurve c, std::uint64_t v) {
  Bytes b(ec_bytes(c), 0);
  for (std::size_t i = 0; i < 8; ++i) b[b.size() - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return b;
}

// SEC 2 §2.4.2 / §2.5.1: G itself, as 1*G.
TEST(Ec, OneTimesGIsTheGenerator) {
  auto k256 = EcPrivateKey::from_bytes(EcCurve::p256, scalar(EcCurve::p256, 1));
  ASSERT_TRUE(k256.ok());
  EXPECT_EQ(hex(k256->public_key().encode_uncompressed()),
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
  auto k384 = EcPrivateKey::from_bytes(EcCurve::p384, scalar(EcCurve::p384, 1));
  ASSERT_TRUE(k384.ok());
  EXPECT_EQ(hex(k384->public_key().encode_uncompressed()),
            "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c"
            "3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0"
            "0a60b1ce1d7e819d7a431d7c90ea0e5f");
}

// Fixed-base and variable-base multiplication agree: (a*b)*G == a*(b*G) via ECDH.
TEST(Ec, EcdhAgreesBothWays) {
  auto rng = HmacDrbg::from_seed(7);
  for (auto c : kCurves) {
    for (int i = 0; i < 20; ++i) {
      const auto a = EcPrivateKey::generate(c, rng);
      const auto b = EcPrivateKey::generate(c, rng);
      auto ab = ecdh(a, b.public_key());
      auto ba = ecdh(b, a.public_key());
      ASSERT_TRUE(ab.ok() && ba.ok());
      EXPECT_EQ(hex(ab->bytes()), hex(ba->bytes()));
      EXPECT_EQ(ab->size(), ec_bytes(c));
    }
  }
}

// 2*G by ECDH with peer G and d = 2 equals the public key of d = 2.
TEST(Ec, SmallScalarsMatch) {
  for (auto c : kCurves) {
    auto g = EcPrivateKey::from_bytes(c, scalar(c, 1));
    ASSERT_TRUE(g.ok());
    for (std::uint64_t d = 1; d < 40; ++d) {
      auto k = EcPrivateKey::from_bytes(c, scalar(c, d));
      ASSERT_TRUE(k.ok());
      auto z = ecdh(*k, g->public_key());
      ASSERT_TRUE(z.ok());
      const Bytes pub = k->public_key().encode_uncompressed();
      EXPECT_EQ(hex(z->bytes()), hex(Bytes(pub.begin() + 1, pub.begin() + 1 + ec_bytes(c)))) << d;
    }
  }
}

TEST(Ec, CompressedRoundTrip) {
  auto rng = HmacDrbg::from_seed(8);
  for (auto c : kCurves) {
    for (int i = 0; i < 20; ++i) {
      const auto k = EcPrivateKey::generate(c, rng);
      auto back = EcPublicKey::parse(c, k.public_key().encode_compressed());
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(hex(back->encode_uncompressed()), hex(k.public_key().encode_uncompressed()));
    }
  }
}

TEST(Ec, RejectsInvalidPoints) {
  for (auto c : kCurves) {
    const std::size_t n = ec_bytes(c);
    auto g = EcPrivateKey::from_bytes(c, scalar(c, 1));
    Bytes enc = g->public_key().encode_uncompressed();
    EXPECT_TRUE(EcPublicKey::parse(c, enc).ok());
    Bytes off = enc;
    off.back() ^= 1;  // not on the curve
    EXPECT_FALSE(EcPublicKey::parse(c, off).ok());
    EXPECT_FALSE(EcPublicKey::parse(c, Bytes{0x00}).ok());             // the identity
    EXPECT_FALSE(EcPublicKey::parse(c, Bytes(1 + 2 * n, 0xff)).ok());  // out of range
    Bytes shortened(enc.begin(), enc.end() - 1);
    EXPECT_FALSE(EcPublicKey::parse(c, shortened).ok());
    // n and 0 are not private keys.
    EXPECT_FALSE(EcPrivateKey::from_bytes(c, Bytes(n, 0)).ok());
    EXPECT_FALSE(EcPrivateKey::from_bytes(c, Bytes(n, 0xff)).ok());
  }
}

TEST(Ecdsa, SignVerifyRoundTripAndEncodings) {
  auto rng = HmacDrbg::from_seed(9);
  for (auto c : kCurves) {
    for (int i = 0; i < 20; ++i) {
      const auto k = EcPrivateKey::generate(c, rng);
      Bytes msg(40 + static_cast<std::size_t>(i));
      rng.fill(msg);
      const auto id = c == EcCurve::p256 ? HashId::sha256 : HashId::sha384;
      Bytes digest(digest_size(id));
      hash(id, msg, digest);
      auto sig = ecdsa_sign(k, id, digest, rng);
      ASSERT_TRUE(sig.ok());
      EXPECT_TRUE(ecdsa_verify(k.public_key(), digest, *sig).ok());
      auto der = EcdsaSignature::parse_der(c, sig->to_der());
      ASSERT_TRUE(der.ok());
      EXPECT_TRUE(ecdsa_verify(k.public_key(), digest, *der).ok());
      auto p1363 = EcdsaSignature::parse_p1363(c, sig->to_p1363());
      ASSERT_TRUE(p1363.ok());
      EXPECT_TRUE(ecdsa_verify(k.public_key(), digest, *p1363).ok());
      digest[0] ^= 1;
      EXPECT_FALSE(ecdsa_verify(k.public_key(), digest, *sig).ok());
    }
  }
}

TEST(Ecdsa, HedgedSignaturesDifferDeterministicOnesDoNot) {
  auto rng = HmacDrbg::from_seed(10);
  const auto k = EcPrivateKey::generate(EcCurve::p256, rng);
  const Bytes digest(32, 0x42);
  auto a = ecdsa_sign(k, HashId::sha256, digest, rng);
  auto b = ecdsa_sign(k, HashId::sha256, digest, rng);
  auto c = ecdsa_sign_deterministic(k, HashId::sha256, digest);
  auto d = ecdsa_sign_deterministic(k, HashId::sha256, digest);
  EXPECT_NE(hex(a->to_p1363()), hex(b->to_p1363()));
  EXPECT_EQ(hex(c->to_p1363()), hex(d->to_p1363()));
}

// RFC 6979 §3.2 steps b-h written out with one-shot HMACs, against the
// generator (which keeps one keyed HMAC per K): the first candidate, and two
// more as after rejections (step h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V)),
// with and without the §3.6 extra data, SHA-256 and SHA-384.
TEST(Ecdsa, Rfc6979CandidatesFollowStepH3) {
  for (const HashId id : {HashId::sha256, HashId::sha384}) {
    for (const bool with_extra : {false, true}) {
      const std::size_t hlen = digest_size(id), qlen = id == HashId::sha256 ? 32 : 48;
      const Bytes x(qlen, 0x5a), h(qlen, 0xc3), extra = with_extra ? Bytes(qlen, 0x17) : Bytes{};
      const auto mac = [id](const Bytes& key, const Bytes& data) {
        const HashSecret m = Hmac::mac(id, key, data);
        return Bytes(m.bytes().begin(), m.bytes().end());
      };
      const auto cat = [](std::initializer_list<Bytes> parts) {
        Bytes out;
        for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
        return out;
      };
      Bytes v(hlen, 0x01), k(hlen, 0x00);
      k = mac(k, cat({v, {0x00}, x, h, extra}));
      v = mac(k, v);
      k = mac(k, cat({v, {0x01}, x, h, extra}));
      v = mac(k, v);
      Rfc6979 gen(id, x, h, extra);
      for (int candidate = 0; candidate < 3; ++candidate) {
        if (candidate > 0) {
          k = mac(k, cat({v, {0x00}}));
          v = mac(k, v);
        }
        Bytes t;
        while (t.size() < qlen) {
          v = mac(k, v);
          t.insert(t.end(), v.begin(), v.end());
        }
        t.resize(qlen);
        Bytes got(qlen);
        gen.next(got);
        EXPECT_EQ(hex(got), hex(t)) << name(id) << " extra " << with_extra << " #" << candidate;
      }
    }
  }
}

TEST(Ecdsa, StrictDer) {
  const auto c = EcCurve::p256;
  EXPECT_TRUE(EcdsaSignature::parse_der(c, unhex("3006020101020101")).ok());
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("300702020001020101")).ok());  // non-minimal
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("3006020181020101")).ok());    // negative
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("300602010102010100")).ok());  // trailing byte
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("308106020101020101")).ok());  // long form
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("30040201010201")).ok());      // truncated
  EXPECT_FALSE(EcdsaSignature::parse_der(c, unhex("30050200020101")).ok());      // empty INTEGER
}

}  // namespace
}  // namespace glasstls::crypto
