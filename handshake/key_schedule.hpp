// The TLS 1.3 key schedule (RFC 8446 §7.1), stage by stage:
//
//             0
//             |
//             v
//   PSK ->  HKDF-Extract = Early Secret
//             |
//             +-----> Derive-Secret(., "ext binder" | "res binder", "") = binder_key
//             v
//       Derive-Secret(., "derived", "")
//             |
//             v
//   (EC)DHE -> HKDF-Extract = Handshake Secret
//             |
//             +-----> Derive-Secret(., "c hs traffic", ClientHello...ServerHello)
//             +-----> Derive-Secret(., "s hs traffic", ClientHello...ServerHello)
//             v
//       Derive-Secret(., "derived", "")
//             |
//             v
//   0 -> HKDF-Extract = Master Secret
//             |
//             +-----> Derive-Secret(., "c ap traffic", ClientHello...server Finished)
//             +-----> Derive-Secret(., "s ap traffic", ClientHello...server Finished)
//             +-----> Derive-Secret(., "exp master", ClientHello...server Finished)
//             +-----> Derive-Secret(., "res master", ClientHello...client Finished)
//
// Each step is reported to the trace sink as a KeyEvent with its labelled
// inputs; secret values only when the sink asks for them (teaching mode).
#pragma once

#include <string_view>

#include "crypto/result.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"
#include "handshake/transcript.hpp"
#include "trace/events.hpp"

namespace glasstls::handshake {

using crypto::HashSecret;

// A traffic key and IV (§7.3).
struct TrafficKeys {
  crypto::Secret<32> key;
  crypto::Secret<12> iv;
};

class KeySchedule {
 public:
  KeySchedule(crypto::HashId hash, trace::TraceSink* sink) : hash_(hash), sink_(sink) {}

  crypto::HashId hash() const { return hash_; }
  std::size_t hash_length() const { return crypto::digest_size(hash_); }

  // Early Secret = HKDF-Extract(0, PSK); no PSK: HashLen zeros.
  void extract_early(std::span<const std::uint8_t> psk);
  // binder_key = Derive-Secret(Early Secret, "res binder" | "ext binder", "").
  HashSecret binder_key(bool resumption) const;
  // Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE).
  void extract_handshake(std::span<const std::uint8_t> shared_secret);
  // Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0).
  void extract_master();

  HashSecret client_handshake_traffic(const Digest& ch_to_sh) const;
  HashSecret server_handshake_traffic(const Digest& ch_to_sh) const;
  HashSecret client_application_traffic(const Digest& ch_to_server_fin) const;
  HashSecret server_application_traffic(const Digest& ch_to_server_fin) const;
  HashSecret exporter_master(const Digest& ch_to_server_fin) const;
  HashSecret resumption_master(const Digest& ch_to_client_fin) const;

  // §7.3: [sender]_write_key / [sender]_write_iv from a traffic secret.
  TrafficKeys traffic_keys(const HashSecret& secret, std::size_t key_length) const;
  // §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length),
  // verify_data = HMAC(finished_key, Transcript-Hash(...)).
  HashSecret finished_verify_data(const HashSecret& base_key, const Digest& transcript) const;
  // §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(
  //     application_traffic_secret_N, "traffic upd", "", Hash.length).
  HashSecret next_traffic_secret(const HashSecret& secret) const;
  // §4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length).
  HashSecret resumption_psk(const HashSecret& resumption_master,
                            std::span<const std::uint8_t> ticket_nonce) const;
  // §7.5: TLS-Exporter(label, context_value, key_length) =
  //     HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length)
  Result<std::vector<std::uint8_t>> export_keying_material(const HashSecret& exporter_master,
                                                           std::string_view label,
                                                           std::span<const std::uint8_t> context,
                                                           std::size_t length) const;

 private:
  HashSecret derive(const HashSecret& secret, std::string_view secret_name, std::string_view label,
                    const Digest& transcript, std::string_view output_name) const;
  HashSecret expand_label(const HashSecret& secret, std::string_view label,
                          std::span<const std::uint8_t> context, std::size_t length,
                          std::string_view output_name) const;
  HashSecret extract(std::span<const std::uint8_t> salt, std::span<const std::uint8_t> ikm,
                     std::string_view ikm_name, std::string_view output_name) const;
  Digest empty_hash() const;
  void report(trace::KeyEvent event, const HashSecret& output) const;

  crypto::HashId hash_;
  trace::TraceSink* sink_;
  HashSecret early_, handshake_, master_;
};

}  // namespace glasstls::handshake
