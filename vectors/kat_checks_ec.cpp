// Known-answer checks for P-256 / P-384 ECDSA with RFC 6979 nonces
// (vectors/ecdsa-rfc6979.kat). Sections: "ecdsa-p256-rfc6979", "ecdsa-p384-rfc6979".
//
// Each record checks: the public key d*G, the nonce k of RFC 6979 §3.2, the
// deterministic signature (r, s), its verification, and that a flipped bit of
// s makes verification fail.
#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/rfc6979.hpp"
#include "crypto/sha2.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::optional<crypto::HashId> hash_named(const std::string& s) {
  if (s == "SHA-256") return crypto::HashId::sha256;
  if (s == "SHA-384") return crypto::HashId::sha384;
  if (s == "SHA-512") return crypto::HashId::sha512;
  return std::nullopt;
}

std::string check_rfc6979(crypto::EcCurve curve, const KatRecord& r) {
  if (auto m = kat_missing(r, {"d", "ux", "uy", "hash", "msg", "k", "r", "s"}); !m.empty()) {
    return m;
  }
  const auto id = hash_named(r.text("hash"));
  if (!id) return "unknown hash " + r.text("hash");
  auto key = crypto::EcPrivateKey::from_bytes(curve, r.bytes("d"));
  if (!key) return "private key rejected: " + key.error().describe();
  Bytes want_pub{0x04};
  want_pub.insert(want_pub.end(), r.bytes("ux").begin(), r.bytes("ux").end());
  want_pub.insert(want_pub.end(), r.bytes("uy").begin(), r.bytes("uy").end());
  if (auto d = kat_compare("public key", key->public_key().encode_uncompressed(), want_pub);
      !d.empty()) {
    return d;
  }
  Bytes digest(crypto::digest_size(*id));
  crypto::hash(*id, r.bytes("msg"), digest);
  // The nonce, from the generator alone: bits2octets(h1) is bits2int(h1) mod q,
  // and for these records bits2int(h1) < q already (a larger value has
  // probability < 2^-32 on both curves), so the truncated digest is used as is.
  const std::size_t n = crypto::ec_bytes(curve);
  Bytes h(n, 0);
  if (digest.size() >= n) {
    std::copy_n(digest.begin(), n, h.begin());
  } else {
    std::copy(digest.begin(), digest.end(), h.end() - static_cast<std::ptrdiff_t>(digest.size()));
  }
  crypto::Rfc6979 gen(*id, r.bytes("d"), h, {});
  Bytes k(n);
  gen.next(k);
  if (auto d = kat_compare("k", k, r.bytes("k")); !d.empty()) return d;
  auto sig = crypto::ecdsa_sign_deterministic(*key, *id, digest);
  if (!sig) return "sign failed: " + sig.error().describe();
  if (auto d = kat_compare("r", sig->r_bytes(), r.bytes("r")); !d.empty()) return d;
  if (auto d = kat_compare("s", sig->s_bytes(), r.bytes("s")); !d.empty()) return d;
  if (!crypto::ecdsa_verify(key->public_key(), digest, *sig).ok()) return "verify failed";
  auto bad = *sig;
  bad.s[n - 1] ^= 1;
  if (crypto::ecdsa_verify(key->public_key(), digest, bad).ok()) return "forged s verified";
  return {};
}

}  // namespace

std::optional<KatChecker> ec_kat_checker(std::string_view section) {
  crypto::EcCurve curve;
  if (section == "ecdsa-p256-rfc6979") {
    curve = crypto::EcCurve::p256;
  } else if (section == "ecdsa-p384-rfc6979") {
    curve = crypto::EcCurve::p384;
  } else {
    return std::nullopt;
  }
  const std::string algorithm = std::string("ECDSA ") + crypto::ec_name(curve) + " (RFC 6979)";
  return KatChecker{
      algorithm,
      [curve](const KatRecord& r, const KatBackend&) { return check_rfc6979(curve, r); },
      {{"portable", true}}};
}

}  // namespace glasstls::vectors
