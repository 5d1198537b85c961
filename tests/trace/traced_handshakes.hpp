// The handshakes the trace export tests (json_export_test.cpp,
// pcapng_test.cpp) run in process, with every byte each side sent kept in
// order, as it went over the (imaginary) wire.
//
// The variants: TLS 1.3 with and without mutual TLS, a HelloRetryRequest,
// resumption with a ticket, ChaCha20 with an Ed25519 server and ALPN; TLS 1.2
// ECDHE with and without mutual TLS, RSA key transport, and resumption by
// ticket and by session ID. And failures, in both versions: an unknown CA, a
// client certificate from an unknown CA or expired or missing, a host name
// mismatch, no common group, no common cipher suite.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "handshake/connection.hpp"
#include "trace/events.hpp"

namespace glasstls::test {

struct Scenario {
  std::string name;
  std::function<void(handshake::Config& client, handshake::Config& server)> edit;
  // An untraced handshake first leaves a ticket (or a session ID) that the
  // traced one resumes.
  bool resume = false;
};

// The variants listed above.
const std::vector<Scenario>& trace_export_scenarios();

// Handshakes that fail (the demo's --fail scenarios): which side detects the
// problem and the alert it sends (RFC 8446 §6.2; RFC 5246 §7.2.2).
struct FailureScenario {
  std::string name;
  std::function<void(handshake::Config& client, handshake::Config& server)> edit;
  bool client_detects = true;
  std::uint8_t alert = 0;
};
const std::vector<FailureScenario>& trace_failure_scenarios();

// What one side sent, one flight (one take_output()) at a time.
struct Flight {
  bool from_client = true;
  std::vector<std::uint8_t> bytes;
};

struct TracedRun {
  handshake::Config client_config, server_config;
  std::unique_ptr<handshake::Connection> client, server;
  std::vector<Flight> wire;
  bool ok = false;  // the handshake and the data exchange completed

  // All the bytes one side sent, in order.
  std::vector<std::uint8_t> sent_by(bool client_side) const;
};

// Runs `scenario` with the sinks attached (either may be null): a handshake,
// "GET / HTTP/1.0\r\n\r\n" from the client, "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello" back,
// then close_notify both ways.
std::unique_ptr<TracedRun> run_traced(const Scenario& scenario, trace::TraceSink* client_sink,
                                      trace::TraceSink* server_sink);

// Runs a handshake that must fail: the failing side's alert is delivered
// to the peer, and `ok` says whether the handshake completed all the same.
std::unique_ptr<TracedRun> run_failing(const FailureScenario& scenario,
                                       trace::TraceSink* client_sink,
                                       trace::TraceSink* server_sink);

// The run as a pcapng capture (trace/pcapng_writer.hpp) with `key_log` in
// its Decryption Secrets Block.
std::vector<std::uint8_t> capture(const TracedRun& run, std::string_view key_log);

// Both sinks get every event; the connection sends secrets when either asks.
class Tee final : public trace::TraceSink {
 public:
  Tee(trace::TraceSink& a, trace::TraceSink& b) : a_(a), b_(b) {}
  void on_event(const trace::Event& e) override {
    a_.on_event(e);
    b_.on_event(e);
  }
  bool wants_secrets() const override { return a_.wants_secrets() || b_.wants_secrets(); }

 private:
  trace::TraceSink &a_, &b_;
};

inline constexpr std::string_view kRequest = "GET / HTTP/1.0\r\n\r\n";
inline constexpr std::string_view kResponse = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";

}  // namespace glasstls::test
