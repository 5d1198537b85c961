// Known-answer checks for AES (FIPS 197) and AES-GCM (SP 800-38D), on every
// AES backend this CPU allows (vaes-avx2, aesni, portable). Sections:
//   [aes]                key, plaintext, ciphertext    (vectors/aes-fips197.kat)
//   [aes-key-expansion]  key, last_round_key           (vectors/aes-fips197.kat)
//   [aes-gcm]            key, iv, aad, plaintext, ciphertext, tag
//                                                      (vectors/gcm-mcgrew-viega.kat)
#include <array>

#include "crypto/aes.hpp"
#include "crypto/cpu.hpp"
#include "crypto/gcm.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::vector<KatBackend> aes_backends() {
  std::vector<KatBackend> b;
  for (auto id : {crypto::AesBackend::vaes_avx2, crypto::AesBackend::aesni}) {
    if (!crypto::portable_forced() && crypto::aes_backend_usable(id)) {
      b.push_back({std::string(crypto::to_string(id)), false});
    }
  }
  b.push_back({"portable", true});
  return b;
}

crypto::AesBackend backend_of(const KatBackend& b) {
  if (b.label == "vaes-avx2") return crypto::AesBackend::vaes_avx2;
  if (b.label == "aesni") return crypto::AesBackend::aesni;
  return crypto::AesBackend::portable;
}

std::string check_aes(const KatRecord& r, const KatBackend& b) {
  if (auto m = kat_missing(r, {"key", "plaintext", "ciphertext"}); !m.empty()) return m;
  if (r.bytes("plaintext").size() != 16) return "plaintext must be one block";
  auto aes = crypto::Aes::create(r.bytes("key"), backend_of(b));
  if (!aes) return aes.error().describe();
  std::array<std::uint8_t, 16> out{};
  aes->encrypt_block(r.bytes("plaintext").data(), out.data());
  return kat_compare("ciphertext", out, r.bytes("ciphertext"));
}

std::string check_key_expansion(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"key", "last_round_key"}); !m.empty()) return m;
  const Bytes& key = r.bytes("key");
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) return "bad key size";
  std::array<std::uint8_t, 16 * (crypto::Aes::kMaxRounds + 1)> schedule{};
  const unsigned nr = crypto::aes_expand_key(key, schedule);
  return kat_compare("w[4Nr..4Nr+3]", std::span(schedule).subspan(16 * nr, 16),
                     r.bytes("last_round_key"));
}

// One-shot seal and open, in place.
std::string check_gcm(const KatRecord& r, const KatBackend& b) {
  if (auto m = kat_missing(r, {"key", "iv", "aad", "plaintext", "ciphertext", "tag"}); !m.empty()) {
    return m;
  }
  if (r.bytes("tag").size() != 16) return "tag must be 16 bytes";
  auto gcm = crypto::AesGcm::create(r.bytes("key"), backend_of(b));
  if (!gcm) return gcm.error().describe();
  Bytes buf = r.bytes("plaintext");
  std::array<std::uint8_t, 16> tag{};
  if (!gcm->seal(r.bytes("iv"), r.bytes("aad"), buf, buf, tag).ok()) return "seal failed";
  if (auto d = kat_compare("ciphertext", buf, r.bytes("ciphertext")); !d.empty()) return d;
  if (auto d = kat_compare("tag", tag, r.bytes("tag")); !d.empty()) return d;
  if (!gcm->open(r.bytes("iv"), r.bytes("aad"), buf, tag, buf).ok()) return "open failed";
  return kat_compare("opened plaintext", buf, r.bytes("plaintext"));
}

}  // namespace

std::optional<KatChecker> aes_kat_checker(std::string_view section) {
  if (section == "aes") return KatChecker{"AES", check_aes, aes_backends()};
  if (section == "aes-key-expansion") {
    return KatChecker{"AES key expansion", check_key_expansion, {{"portable", true}}};
  }
  if (section == "aes-gcm") return KatChecker{"AES-GCM", check_gcm, aes_backends()};
  return std::nullopt;
}

}  // namespace glasstls::vectors
