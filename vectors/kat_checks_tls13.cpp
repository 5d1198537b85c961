// [tls13-trace]: the TLS 1.3 key schedule of an example handshake of RFC 8448
// (vectors/tls13-rfc8448-*.kat) or of the draft that became it, traced in
// another run (vectors/tls13-draft-vectors-*.kat), recomputed step by step
// from the values the trace prints (RFC 8446 §7.1, §7.3, §7.4, §4.2.11.2,
// §4.4.4, §4.6.1; all traces use SHA-256): the key shares and the (EC)DHE
// secret (X25519 or P-256), every secret, the PSK binder, traffic keys, IVs.
// The whole handshakes — messages and records — are reproduced by
// tests/tls13/rfc8448_test.cpp; this checker keeps `glasstls selftest` honest
// about the key derivations alone.
#include <functional>
#include <string>

#include "crypto/ec.hpp"
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

Bytes x25519_public(const Bytes& private_key) {
  if (private_key.size() != 32) return {};
  const auto pub = crypto::x25519::public_from_private(
      std::span<const std::uint8_t, 32>(private_key.data(), 32));
  return {pub.begin(), pub.end()};
}

Bytes x25519_shared(const Bytes& private_key, const Bytes& peer) {
  if (private_key.size() != 32 || peer.size() != 32) return {};
  auto z = crypto::x25519::shared_secret(std::span<const std::uint8_t, 32>(private_key.data(), 32),
                                         std::span<const std::uint8_t, 32>(peer.data(), 32));
  return z ? Bytes(z->bytes().begin(), z->bytes().end()) : Bytes{};
}

Bytes p256_public(const Bytes& private_key) {
  auto key = crypto::EcPrivateKey::from_bytes(crypto::EcCurve::p256, private_key);
  return key ? key->public_key().encode_uncompressed() : Bytes{};
}

Bytes p256_shared(const Bytes& private_key, const Bytes& peer) {
  auto key = crypto::EcPrivateKey::from_bytes(crypto::EcCurve::p256, private_key);
  auto pub = crypto::EcPublicKey::parse(crypto::EcCurve::p256, peer);
  if (!key || !pub) return {};
  auto z = crypto::ecdh(*key, *pub);
  if (!z) return {};
  const auto x = z->bytes().first(crypto::ec_bytes(crypto::EcCurve::p256));
  return {x.begin(), x.end()};
}

Bytes hmac(const Bytes& key, const Bytes& data) {
  const auto mac = crypto::Hmac::mac(HashId::sha256, key, data);
  return {mac.bytes().begin(), mac.bytes().end()};
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
      // §7.4: the key shares and the (EC)DHE shared secret (X25519: §3, §4, §6, §7; P-256: §5,
      // whose first ClientHello also carries an X25519 share).
      {"client_x25519_public",
       {"client_x25519_private"},
       [f](const KatRecord& r) { return x25519_public(f(r, "client_x25519_private")); }},
      {"server_x25519_public",
       {"server_x25519_private"},
       [f](const KatRecord& r) { return x25519_public(f(r, "server_x25519_private")); }},
      {"client_p256_public",
       {"client_p256_private"},
       [f](const KatRecord& r) { return p256_public(f(r, "client_p256_private")); }},
      {"server_p256_public",
       {"server_p256_private"},
       [f](const KatRecord& r) { return p256_public(f(r, "server_p256_private")); }},
      {"ecdhe_shared_secret",
       {"client_x25519_private", "server_x25519_public"},
       [f](const KatRecord& r) {
         return x25519_shared(f(r, "client_x25519_private"), f(r, "server_x25519_public"));
       }},
      {"ecdhe_shared_secret",
       {"client_p256_private", "server_p256_public"},
       [f](const KatRecord& r) {
         return p256_shared(f(r, "client_p256_private"), f(r, "server_p256_public"));
       }},
      {"early_secret",
       {"zero_ikm"},
       [f, zeros](const KatRecord& r) {
         return extract(zeros, r.has("psk") ? f(r, "psk") : f(r, "zero_ikm"));
       }},
      {"derived_for_handshake",
       {"early_secret", "empty_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "derived", f(r, "empty_hash"));
       }},
      {"handshake_secret",
       {"derived_for_handshake", "ecdhe_shared_secret"},
       [f](const KatRecord& r) {
         return extract(f(r, "derived_for_handshake"), f(r, "ecdhe_shared_secret"));
       }},
      {"client_handshake_traffic_secret",
       {"handshake_secret", "handshake_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "c hs traffic",
                       f(r, "handshake_traffic_transcript_hash"));
       }},
      {"server_handshake_traffic_secret",
       {"handshake_secret", "handshake_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "s hs traffic",
                       f(r, "handshake_traffic_transcript_hash"));
       }},
      {"derived_for_master",
       {"handshake_secret", "empty_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "handshake_secret"), "derived", f(r, "empty_hash"));
       }},
      {"master_secret",
       {"derived_for_master", "zero_ikm"},
       [f](const KatRecord& r) { return extract(f(r, "derived_for_master"), f(r, "zero_ikm")); }},
      {"client_application_traffic_secret",
       {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "c ap traffic",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"server_application_traffic_secret",
       {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "s ap traffic",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"exporter_master_secret",
       {"master_secret", "application_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "exp master",
                       f(r, "application_traffic_transcript_hash"));
       }},
      {"resumption_master_secret",
       {"master_secret", "resumption_master_secret_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "master_secret"), "res master",
                       f(r, "resumption_master_secret_transcript_hash"));
       }},
      {"resumption_psk",
       {"resumption_master_secret", "ticket_nonce"},
       [f](const KatRecord& r) {
         return expand(f(r, "resumption_master_secret"), "resumption", f(r, "ticket_nonce"), 32);
       }},
      {"binder_key",
       {"early_secret", "empty_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "res binder", f(r, "empty_hash"));
       }},
      // §4.2.11.2: the PSK binder (§4 of the traces).
      {"binder_finished_key",
       {"binder_key"},
       [f](const KatRecord& r) { return expand(f(r, "binder_key"), "finished", {}, 32); }},
      {"binder",
       {"binder_finished_key", "binder_transcript_hash"},
       [f](const KatRecord& r) {
         return hmac(f(r, "binder_finished_key"), f(r, "binder_transcript_hash"));
       }},
      {"client_early_traffic_secret",
       {"early_secret", "early_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "c e traffic", f(r, "early_traffic_transcript_hash"));
       }},
      {"early_exporter_master_secret",
       {"early_secret", "early_traffic_transcript_hash"},
       [f](const KatRecord& r) {
         return derive(f(r, "early_secret"), "e exp master", f(r, "early_traffic_transcript_hash"));
       }},
      {"server_finished_key",
       {"server_handshake_traffic_secret"},
       [f](const KatRecord& r) {
         return expand(f(r, "server_handshake_traffic_secret"), "finished", {}, 32);
       }},
      {"client_finished_key",
       {"client_handshake_traffic_secret"},
       [f](const KatRecord& r) {
         return expand(f(r, "client_handshake_traffic_secret"), "finished", {}, 32);
       }},
  };
  // §7.3 traffic keys and IVs for each traffic secret.
  for (std::string_view who : {"client", "server"}) {
    for (std::string_view phase : {"early", "handshake", "application"}) {
      const std::string secret = std::string(who) + "_" + std::string(phase) + "_traffic_secret";
      const std::string key = std::string(who) + "_" + std::string(phase) + "_write_key";
      const std::string iv = std::string(who) + "_" + std::string(phase) + "_write_iv";
      s.push_back({key, {secret}, [secret](const KatRecord& r) {
                     return expand(r.bytes(secret), "key", {}, 16);
                   }});
      s.push_back({iv, {secret}, [secret](const KatRecord& r) {
                     return expand(r.bytes(secret), "iv", {}, 12);
                   }});
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
  return KatChecker{"TLS 1.3 key schedule (RFC 8448 traces)", check, {{"portable", true}}};
}

}  // namespace glasstls::vectors
