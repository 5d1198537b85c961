// Known-answer checks for RSA (crypto/rsa.hpp). Sections:
//   [rsa-pkcs1-sha256-verify]  n, e, msg, sig, result ("P" verifies, "F" is rejected)
#include "crypto/rsa.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

std::string check_pkcs1_verify(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"n", "e", "msg", "sig", "result"}); !m.empty()) return m;
  auto key = crypto::RsaPublicKey::from_components(r.bytes("n"), r.bytes("e"));
  if (!key) return "public key refused: " + key.error().describe();
  const bool ok =
      crypto::rsa_pkcs1_verify(*key, crypto::HashId::sha256, r.bytes("msg"), r.bytes("sig")).ok();
  const bool want = r.text("result") == "P";
  if (ok == want) return "";
  return want ? "valid signature rejected" : "invalid signature accepted";
}

}  // namespace

std::optional<KatChecker> rsa_kat_checker(std::string_view section) {
  if (section == "rsa-pkcs1-sha256-verify") {
    return KatChecker{"RSA PKCS#1 v1.5 verify (SHA-256)", check_pkcs1_verify, {{"portable", true}}};
  }
  return std::nullopt;
}

}  // namespace glasstls::vectors
