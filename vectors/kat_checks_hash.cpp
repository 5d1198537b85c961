// Known-answer checks for the hash family: SHA-2, HMAC, HKDF, the TLS 1.2 PRF
// and HMAC_DRBG. Sections: see hash_kat_checker().
#include <algorithm>

#include "crypto/cpu.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/prf12.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using crypto::HashId;
using Bytes = std::vector<std::uint8_t>;

// SHA-2: one-shot, and streamed in 7-byte pieces (an odd size crosses every
// buffering path of update()).
std::string check_hash(HashId id, const KatRecord& r) {
  if (auto m = kat_missing(r, {"msg", "md"}); !m.empty()) return m;
  const Bytes& msg = r.bytes("msg");
  Bytes out(crypto::digest_size(id));
  crypto::hash(id, msg, out);
  if (auto d = kat_compare("one-shot", out, r.bytes("md")); !d.empty()) return d;
  crypto::Hash h(id);
  for (std::size_t i = 0; i < msg.size(); i += 7) {
    h.update(std::span(msg).subspan(i, std::min<std::size_t>(7, msg.size() - i)));
  }
  h.finish(out);
  return kat_compare("streamed", out, r.bytes("md"));
}

// HMAC: the expected value may be truncated (RFC 4231 §4.6).
std::string check_hmac(HashId id, const KatRecord& r) {
  if (auto m = kat_missing(r, {"key", "data", "mac"}); !m.empty()) return m;
  const auto mac = crypto::Hmac::mac(id, r.bytes("key"), r.bytes("data"));
  const Bytes& want = r.bytes("mac");
  if (want.size() > mac.size()) return "expected mac longer than the hash";
  return kat_compare("mac", mac.bytes().first(want.size()), want);
}

std::string check_hkdf(HashId id, const KatRecord& r) {
  if (auto m = kat_missing(r, {"ikm", "salt", "info", "okm"}); !m.empty()) return m;
  const auto prk = crypto::hkdf_extract(id, r.bytes("salt"), r.bytes("ikm"));
  if (r.has("prk")) {
    if (auto d = kat_compare("PRK", prk.bytes(), r.bytes("prk")); !d.empty()) return d;
  }
  Bytes okm(r.bytes("okm").size());
  if (!crypto::hkdf_expand(id, prk.bytes(), r.bytes("info"), okm).ok()) return "expand failed";
  return kat_compare("OKM", okm, r.bytes("okm"));
}

std::string check_prf(HashId id, const KatRecord& r) {
  if (auto m = kat_missing(r, {"secret", "label", "seed", "out"}); !m.empty()) return m;
  Bytes out(r.bytes("out").size());
  crypto::tls12_prf(id, r.bytes("secret"), r.text("label"), r.bytes("seed"), out);
  return kat_compare("PRF output", out, r.bytes("out"));
}

// NIST CAVP HMAC_DRBG procedure: instantiate, optionally reseed, generate
// twice; the second output is the known answer.
std::string check_drbg(HashId id, const KatRecord& r) {
  if (auto m = kat_missing(r, {"entropy", "nonce", "returned"}); !m.empty()) return m;
  crypto::HmacDrbg drbg(id, r.bytes("entropy"), r.bytes("nonce"), r.bytes("pers"));
  if (r.has("entropy_reseed")) drbg.reseed(r.bytes("entropy_reseed"), r.bytes("add_reseed"));
  Bytes out(r.bytes("returned").size());
  if (!drbg.generate(out, r.bytes("add1")).ok()) return "first generate failed";
  if (!drbg.generate(out, r.bytes("add2")).ok()) return "second generate failed";
  return kat_compare("returned bits", out, r.bytes("returned"));
}

// SHA-256-based algorithms run on each SHA-256 backend this CPU allows.
std::vector<KatBackend> sha256_backends() {
  std::vector<KatBackend> b;
  if (!crypto::portable_forced() && crypto::cpu_features().sha_ni) b.push_back({"sha-ni", false});
  b.push_back({"portable", true});
  return b;
}
std::vector<KatBackend> portable_only() { return {{"portable", true}}; }

struct Checker {
  std::string algorithm;
  std::function<std::string(const KatRecord&)> check;
  std::vector<KatBackend> backends;
};

std::optional<HashId> hash_suffix(std::string_view s) {
  if (s == "sha256") return HashId::sha256;
  if (s == "sha384") return HashId::sha384;
  if (s == "sha512") return HashId::sha512;
  return std::nullopt;
}

}  // namespace

// "sha256", "hmac-sha256", "hkdf-sha384", "tls12-prf-sha256", "hmac-drbg-sha512", ...
std::optional<KatChecker> hash_kat_checker(std::string_view section) {
  const std::size_t dash = section.rfind('-');
  const std::string_view family = dash == std::string_view::npos ? "" : section.substr(0, dash);
  const auto id = hash_suffix(dash == std::string_view::npos ? section : section.substr(dash + 1));
  if (!id) return std::nullopt;
  const HashId h = *id;
  auto backends = h == HashId::sha256 ? sha256_backends() : portable_only();
  const std::string hash_name(crypto::name(h));
  using F = std::string (*)(HashId, const KatRecord&);
  F f = nullptr;
  std::string algorithm;
  if (family.empty()) {
    f = check_hash;
    algorithm = hash_name;
  } else if (family == "hmac") {
    f = check_hmac;
    algorithm = "HMAC-" + hash_name;
  } else if (family == "hkdf") {
    f = check_hkdf;
    algorithm = "HKDF-" + hash_name;
  } else if (family == "tls12-prf") {
    f = check_prf;
    algorithm = "TLS 1.2 PRF " + hash_name;
  } else if (family == "hmac-drbg") {
    f = check_drbg;
    algorithm = "HMAC_DRBG " + hash_name;
  } else {
    return std::nullopt;
  }
  // The hash code picks its backend itself; the runner's ScopedPortable selects it.
  return KatChecker{algorithm, [f, h](const KatRecord& r, const KatBackend&) { return f(h, r); },
                    std::move(backends)};
}

}  // namespace glasstls::vectors
