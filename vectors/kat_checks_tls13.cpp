// [tls13-trace]: the TLS 1.3 key schedule of an RFC 8448 example handshake
// (vectors/tls13-rfc8448-*.kat), recomputed step by step from the values the
// trace prints (RFC 8446 §7.1, §7.3, §4.4.4, §4.6.1; all traces use SHA-256).
// The whole handshakes — messages and records — are reproduced by
// tests/tls13/rfc8448_test.cpp; this checker keeps `glasstls selftest` honest
// about the key derivations alone.
#include <functional>
#include <string>

#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/x25519.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using crypto::HashId;
using Bytes = std::vector<std::uint8_t>;

Bytes derive(const Bytes& secret, std::string_view label, const Bytes& hash) {
  auto out = crypto::derive_secret(HashId::sha256, secret, label, hash);
  return out ? Bytes(out->bytes().begin(), out->bytes().end()) : Bytes{};
}

Bytes expand(const Bytes& secret, std::string_view label, const Bytes& context, std::size_t n) {
  Bytes out(n);
  if (!crypto::hkdf_expand_label(HashId::sha256, secret, label, context, out)) return {};
  return out;
}

Bytes extract(const Bytes& salt, const Bytes& ikm) {
  auto out = crypto::hkdf_extract(HashId::sha256, salt, ikm);
  return {out.bytes().begin(), out.bytes().end()};
}

// Each step: an output field, and how to compute it from the record.
struct Step {
  std::string output;
  std::vector<std::string> inputs;
  std::function<Bytes(const KatRecord&)> compute;
};

std::vector<Step> steps() {
  const Bytes zeros(32, 0);
  auto f = [](const KatRecord& r, std::string_view name) { return r.bytes(name); };
  std::vector<Step> s = {
      {"ecdhe_shared_secret",
       {"client_x25519_private", "server_x25519_public"},
       [f](const KatRecord& r) {
         auto z = crypto::x25519::shared_secret(
             std::span<const std::uint8_t, 32>(f(r, "client_x25519_private").data(), 32),
             std::span<const std::uint8_t, 32>(f(r, "server_x25519_public").data(), 32));
         return z ? Bytes(z->bytes().begin(), z->bytes().end()) : Bytes{};
       }},
      {"early_secret", {"zero_ikm"}, [f, zeros](const KatRecord& r) {
         return extract(zeros, r.has("psk") ? f(r, "psk") : f(r, "zero_ikm"));
       }},
      {"derived_for_handshake", {"early_secret", "empty_hash"}, [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "derived", f(r, "empty_hash"));
       }},
      {"handshake_secret", {"derived_for_handshake", "ecdhe_shared_secret"},
       [f](const KatRecord& r) {
         return extract(f(r, "derived_for_handshake"), f(r, "ecdhe_shared_secret"));
       }},
      {"client_handshake_traffic_secret", {"handshake_secret", "handshake_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "c hs traffic",
                       f(r, "handshake_traffic_transcript_hash"));
       }},
      {"server_handshake_traffic_secret", {"handshake_secret", "handshake_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "s hs traffic",
                       f(r, "handshake_traffic_transcript_hash"));
       }},
      {"derived_for_master", {"handshake_secret", "empty_hash"}, [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "derived", f(r, "empty_hash"));
       }},
      {"master_secret", {"derived_for_master", "zero_ikm"}, [f](const KatRecord& r) {
         return extract(f(r, "derived_for_master"), f(r, "zero_ikm"));
       }},
      {"client_application_traffic_secret", {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "c ap traffic",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"server_application_traffic_secret", {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "s ap traffic",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"exporter_master_secret", {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "exp master",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"resumption_master_secret", {"master_secret", "resumption_master_secret_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "res master",
                       f(r, "resumption_master_secret_transcript_hash"));
       }},
      {"resumption_psk", {"resumption_master_secret", "ticket_nonce"}, [f](const KatRecord& r) {
         return expand(f(r, "resumption_master_secret"), "resumption", f(r, "ticket_nonce"), 32);
       }},
      {"binder_key", {"early_secret", "empty_hash"}, [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "res binder", f(r, "empty_hash"));
       }},
      {"server_finished_key", {"server_handshake_traffic_secret"}, [f](const KatRecord& r) {
         return expand(f(r, "server_handshake_traffic_secret"), "finished", {}, 32);
       }},
      {"client_finished_key", {"client_handshake_traffic_secret"}, [f](const KatRecord& r) {
         return expand(f(r, "client_handshake_traffic_secret"), "finished", {}, 32);
       }},
  };
  // §7.3 traffic keys and IVs for each traffic secret.
  for (std::string_view who : {"client", "server"}) {
    for (std::string_view phase : {"handshake", "application"}) {
      const std::string secret = std::string(who) + "_" + std::string(phase) + "_traffic_secret";
      const std::string key = std::string(who) + "_" + std::string(phase) + "_write_key";
      const std::string iv = std::string(who) + "_" + std::string(phase) + "_write_iv";
      s.push_back({key, {secret},
                   [secret](const KatRecord& r) { return expand(r.bytes(secret), "key", {}, 16); }});
      s.push_back({iv, {secret},
                   [secret](const KatRecord& r) { return expand(r.bytes(secret), "iv", {}, 12); }});
    }
  }
  return s;
}

std::string check(const KatRecord& r, const KatBackend&) {
  static const std::vector<Step> all = steps();
  std::size_t checked = 0;
  for (const Step& step : all) {
    if (!r.has(step.output)) continue;
    bool inputs = true;
    for (const auto& in : step.inputs) inputs &= r.has(in);
    if (!inputs) continue;
    if (auto why = kat_compare(step.output, step.compute(r), r.bytes(step.output)); !why.empty()) {
      return why;
    }
    ++checked;
  }
  return checked >= 8 ? "" : "fewer than 8 key schedule steps could be checked";
}

}  // namespace

std::optional<KatChecker> tls13_kat_checker(std::string_view section) {
  if (section != "tls13-trace") return std::nullopt;
  return KatChecker{"TLS 1.3 key schedule (RFC 8448)", check, {{"portable", true}}};
}

}  // namespace glasstls::vectors
