// Every vector of the Wycheproof P-256 / P-384 ECDH and ECDSA files
// (../shared/vectors/wycheproof): counts printed and asserted.
//
// "acceptable" vectors (Wycheproof lets a library go either way) -- our decision:
//   - CompressedPoint / CompressedPublic: accepted, and the shared secret must
//     match (X.509 may carry compressed keys; SEC 1 §2.3.4 decodes them);
//   - everything else (InvalidAsn: BER-isms such as long-form lengths; explicit
//     or modified curve parameters: UnnamedCurve, UnusedParam, WrongOrder, ...)
//     is rejected by the strict, named-curve-only SPKI reader below, as
//     RFC 5480 §2.1.1 requires namedCurve in PKIX ("MUST NOT use implicitCurve
//     or specifiedCurve").
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/reader.hpp"
#include "crypto/sha2.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using Bytes = std::vector<std::uint8_t>;
using nlohmann::json;

// --- A tiny strict DER walker for SubjectPublicKeyInfo (test-only). ---
bool read_tlv(Reader& r, std::uint8_t tag, Reader& child) {
  std::uint8_t t = 0, b = 0;
  if (!r.read_u8(t) || t != tag || !r.read_u8(b)) return false;
  std::size_t len = b;
  if (b == 0x81) {
    if (!r.read_u8(b) || b < 0x80) return false;  // X.690 §10.1: minimal length
    len = b;
  } else if (b == 0x82) {
    std::uint16_t v = 0;
    if (!r.read_u16(v) || v < 0x100) return false;
    len = v;
  } else if (b >= 0x80) {
    return false;
  }
  return r.read_child(len, child);
}

// RFC 5480 §2: SubjectPublicKeyInfo { AlgorithmIdentifier { id-ecPublicKey,
// namedCurve OID }, BIT STRING ECPoint }. Returns the curve and the point.
std::optional<std::pair<EcCurve, Bytes>> parse_spki(const Bytes& der) {
  static const Bytes kEcPublicKey = test::unhex("2a8648ce3d0201");
  static const Bytes kP256 = test::unhex("2a8648ce3d030107");
  static const Bytes kP384 = test::unhex("2b81040022");
  Reader in(der), spki, alg, oid, curve, bits;
  if (!read_tlv(in, 0x30, spki) || !in.empty()) return std::nullopt;
  if (!read_tlv(spki, 0x30, alg) || !read_tlv(alg, 0x06, oid)) return std::nullopt;
  if (!std::ranges::equal(oid.all(), kEcPublicKey)) return std::nullopt;
  if (!read_tlv(alg, 0x06, curve) || !alg.empty()) return std::nullopt;
  EcCurve c;
  if (std::ranges::equal(curve.all(), kP256)) {
    c = EcCurve::p256;
  } else if (std::ranges::equal(curve.all(), kP384)) {
    c = EcCurve::p384;
  } else {
    return std::nullopt;
  }
  std::uint8_t unused = 1;
  if (!read_tlv(spki, 0x03, bits) || !spki.empty() || !bits.read_u8(unused) || unused != 0) {
    return std::nullopt;
  }
  return std::make_pair(c, Bytes(bits.rest().begin(), bits.rest().end()));
}

// A Wycheproof private key (a DER-style integer, maybe with a 00 or shorter) as
// exactly ec_bytes() bytes.
Bytes fixed_scalar(EcCurve c, const std::string& hex_value) {
  Bytes v = test::unhex(hex_value);
  while (!v.empty() && v.front() == 0 && v.size() > ec_bytes(c)) v.erase(v.begin());
  Bytes out(ec_bytes(c) - std::min(v.size(), ec_bytes(c)), 0);
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

bool has_flag(const json& t, const char* flag) {
  for (const auto& f : t["flags"]) {
    if (f == flag) return true;
  }
  return false;
}

struct Tally {
  std::map<std::string, std::size_t> by_result;
  std::size_t total = 0, accepted = 0;
};

// One ECDH vector: returns "" when the outcome is as expected.
std::string ecdh_vector(EcCurve c, bool spki, const json& t, bool& accepted) {
  const Bytes pub_bytes = test::unhex(t["public"].get<std::string>());
  std::optional<Bytes> point;
  if (spki) {
    auto parsed = parse_spki(pub_bytes);
    if (parsed && parsed->first == c) point = parsed->second;
  } else {
    point = pub_bytes;
  }
  std::optional<Bytes> shared;
  if (point) {
    auto peer = EcPublicKey::parse(c, *point);
    auto mine = EcPrivateKey::from_bytes(c, fixed_scalar(c, t["private"].get<std::string>()));
    if (!mine.ok()) return "private key rejected: " + mine.error().describe();
    if (peer.ok()) {
      auto z = ecdh(*mine, *peer);
      if (z.ok()) shared = Bytes(z->bytes().begin(), z->bytes().end());
    }
  }
  accepted = shared.has_value();
  const std::string result = t["result"];
  const bool compressed = has_flag(t, "CompressedPoint") || has_flag(t, "CompressedPublic");
  const bool must_accept = result == "valid" || (result == "acceptable" && compressed);
  if (must_accept) {
    if (!shared) return "rejected a " + result + " vector";
    if (test::hex(*shared) != t["shared"].get<std::string>()) return "wrong shared secret";
    return "";
  }
  if (shared) return "accepted an " + result + " vector";
  return "";
}

void run_ecdh(const char* file, EcCurve c, bool spki, std::size_t want_total,
              std::size_t want_accepted) {
  const auto doc = test::wycheproof(file);
  if (!doc) return;
  Tally tally;
  for (const auto& g : (*doc)["testGroups"]) {
    for (const auto& t : g["tests"]) {
      bool accepted = false;
      const std::string why = ecdh_vector(c, spki, t, accepted);
      EXPECT_EQ(why, "") << file << " tcId " << t["tcId"] << " (" << t["comment"] << ")";
      ++tally.total;
      ++tally.by_result[t["result"]];
      if (accepted) ++tally.accepted;
    }
  }
  std::printf("%s: %zu vectors (valid %zu, acceptable %zu, invalid %zu), %zu accepted\n", file,
              tally.total, tally.by_result["valid"], tally.by_result["acceptable"],
              tally.by_result["invalid"], tally.accepted);
  EXPECT_EQ(tally.total, (*doc)["numberOfTests"].get<std::size_t>());
  EXPECT_EQ(tally.total, want_total);
  EXPECT_EQ(tally.accepted, want_accepted);
}

TEST(EcdhWycheproof, P256Spki) {
  run_ecdh("ecdh_secp256r1_test.json", EcCurve::p256, true, 612, 331);
}
TEST(EcdhWycheproof, P256EcPoint) {
  run_ecdh("ecdh_secp256r1_ecpoint_test.json", EcCurve::p256, false, 355, 331);
}
TEST(EcdhWycheproof, P384Spki) {
  run_ecdh("ecdh_secp384r1_test.json", EcCurve::p384, true, 1047, 772);
}
TEST(EcdhWycheproof, P384EcPoint) {
  run_ecdh("ecdh_secp384r1_ecpoint_test.json", EcCurve::p384, false, 790, 772);
}

void run_ecdsa(const char* file, EcCurve c, HashId id, bool der, std::size_t want_total,
               std::size_t want_valid) {
  const auto doc = test::wycheproof(file);
  if (!doc) return;
  Tally tally;
  for (const auto& g : (*doc)["testGroups"]) {
    auto key =
        EcPublicKey::parse(c, test::unhex(g["publicKey"]["uncompressed"].get<std::string>()));
    ASSERT_TRUE(key.ok()) << file;
    for (const auto& t : g["tests"]) {
      const Bytes msg = test::unhex(t["msg"].get<std::string>());
      const Bytes sig_bytes = test::unhex(t["sig"].get<std::string>());
      Bytes digest(digest_size(id));
      hash(id, msg, digest);
      auto sig =
          der ? EcdsaSignature::parse_der(c, sig_bytes) : EcdsaSignature::parse_p1363(c, sig_bytes);
      const bool ok = sig.ok() && ecdsa_verify(*key, digest, *sig).ok();
      const bool want = t["result"] == "valid";
      EXPECT_EQ(ok, want) << file << " tcId " << t["tcId"] << " (" << t["comment"] << ")";
      ++tally.total;
      ++tally.by_result[t["result"]];
      if (ok) ++tally.accepted;
    }
  }
  std::printf("%s: %zu vectors (valid %zu, invalid %zu), %zu verified\n", file, tally.total,
              tally.by_result["valid"], tally.by_result["invalid"], tally.accepted);
  EXPECT_EQ(tally.total, (*doc)["numberOfTests"].get<std::size_t>());
  EXPECT_EQ(tally.total, want_total);
  EXPECT_EQ(tally.accepted, want_valid);
  EXPECT_EQ(tally.by_result["acceptable"], 0u);
}

TEST(EcdsaWycheproof, P256Sha256Der) {
  run_ecdsa("ecdsa_secp256r1_sha256_test.json", EcCurve::p256, HashId::sha256, true, 484, 174);
}
TEST(EcdsaWycheproof, P256Sha256P1363) {
  run_ecdsa("ecdsa_secp256r1_sha256_p1363_test.json", EcCurve::p256, HashId::sha256, false, 262,
            173);
}
TEST(EcdsaWycheproof, P384Sha384Der) {
  run_ecdsa("ecdsa_secp384r1_sha384_test.json", EcCurve::p384, HashId::sha384, true, 504, 194);
}
TEST(EcdsaWycheproof, P384Sha384P1363) {
  run_ecdsa("ecdsa_secp384r1_sha384_p1363_test.json", EcCurve::p384, HashId::sha384, false, 280,
            193);
}

}  // namespace
}  // namespace glasstls::crypto
