// The handshakes the structural trace tests (field_tree_test.cpp,
// state_table_test.cpp) run, and the sink that keeps what they traced.
//
// The scenarios together send and receive every TLS 1.3 message type: a full
// handshake with data, KeyUpdates both ways (one asking the peer to update
// too) and close_notify; mutual TLS with a client certificate, and optional
// client authentication answered with an empty Certificate; a
// HelloRetryRequest with its cookie; resumption (NewSessionTicket, then a
// ClientHello with pre_shared_key and an EncryptedExtensions straight to
// WAIT_FINISHED); RSA-PSS and Ed25519 server keys; SHA-384 and ChaCha20 suites
// with ALPN; and one handshake delivered one byte per receive() call.
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <vector>

#include "trace/events.hpp"

namespace glasstls::test {

// A MessageEvent, copied (the event's spans and tree live only during
// on_event()).
struct TracedMessage {
  std::string scenario;
  trace::Direction direction = trace::Direction::received;
  std::uint8_t type = 0;
  std::string name;
  std::vector<std::uint8_t> bytes;
  std::vector<trace::FieldNode> fields;  // names point into the recorder
};

struct TracedState {
  std::string scenario;
  std::string machine, from, message, to;
};

class TraceRecorder final : public trace::TraceSink {
 public:
  void on_event(const trace::Event& event) override;

  std::string scenario;  // label for what follows
  std::vector<TracedMessage> messages;
  std::vector<TracedState> states;

 private:
  std::list<std::string> names_;  // stable storage for copied field names
};

// Runs every scenario with `recorder` attached to both sides. Returns the
// names of the scenarios that did not complete (none, when all is well).
std::vector<std::string> run_trace_scenarios(TraceRecorder& recorder);

// The scenarios run once per process, and what they traced.
struct TracedScenarios {
  TraceRecorder recorder;
  std::vector<std::string> failed;
};
const TracedScenarios& traced_scenarios();

}  // namespace glasstls::test
