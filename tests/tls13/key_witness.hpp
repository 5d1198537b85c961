// KeyWitness: a TraceSink in teaching mode (wants_secrets) that names every
// key schedule value a handshake reports — its KeyEvents (RFC 8446 §7.1,
// §7.3, §4.4.4, §4.6.1), transcript hashes, Finished values and NSS key log
// lines — by the field names of the example handshake files
// (vectors/tls13-rfc8448-*.kat, vectors/tls13-draft-vectors-*.kat; the names
// are explained in their headers), so that a test can compare each reported
// value with the trace's (tests/tls13/rfc8448_test.cpp).
//
// Names come from the structure of the events, never from the values: a
// Derive-Secret with label "c hs traffic" is client_handshake_traffic_secret,
// and the "key" expanded from that secret is client_handshake_write_key. The
// HkdfLabel infos the traces print (<secret>_info, traffic_key_info, ...) are
// rebuilt from each step's label, context and output length.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "trace/events.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::test {

class KeyWitness final : public trace::TraceSink {
 public:
  using Bytes = std::vector<std::uint8_t>;

  // `client`: the witness of a client Connection (it says whose Finished a
  // FinishedEvent is).
  explicit KeyWitness(bool client) : client_(client) {}

  bool wants_secrets() const override { return true; }
  void on_event(const trace::Event& event) override;

  // Every value reported, by field name, in the order reported.
  const std::map<std::string, std::vector<Bytes>>& seen() const { return seen_; }
  // Values reported that have no field name here (each described).
  const std::vector<std::string>& unnamed() const { return unnamed_; }

 private:
  void on_key(const trace::KeyEvent& e);
  void note(std::string_view name, trace::Bytes value, std::string_view what);

  bool client_;
  std::map<std::string, std::vector<Bytes>> seen_;
  std::map<std::string, std::string>
      secret_names_;  // our secrets (hex), named by the step that made them
  std::vector<std::string> unnamed_;
};

// Why a field is not compared, by field name.
using Reasons = std::map<std::string, std::string>;

// The checks of one handshake's key schedule against its trace `r`:
// - every value the witness saw equals the field of that name in `r`;
// - every key schedule field `r` has (the list in key_witness.cpp) was seen,
//   except those in `not_reported` (never derived in this handshake; each
//   must indeed be absent) and in `differs` (derived by us from messages
//   that differ from the trace's; each must be seen and differ);
// - no reported value is left without a name.
void expect_key_schedule(const KeyWitness& witness, const vectors::KatRecord& r,
                         const Reasons& not_reported = {}, const Reasons& differs = {});

}  // namespace glasstls::test
