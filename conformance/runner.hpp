// Running scenarios against a peer over TCP, and the report.
//
// run_client_scenario() plays the client: it connects to the server under
// test, runs a GlassTLS handshake::Connection whose messages and records the
// scenario's mutations change on the way out, and watches what the server
// does: it completes the handshake, sends an alert, closes, or says nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "conformance/scenario.hpp"
#include "conformance/test_pki.hpp"
#include "x509/key_store.hpp"

namespace glasstls::conformance {

// What the peer actually did.
struct Outcome {
  enum class Kind : std::uint8_t {
    handshake,        // completed (and sent no alert within the settle time)
    alert,            // sent a fatal alert (`alert`), or close_notify answering our probe
    closed,           // closed the connection without an alert
    timeout,          // said nothing within the time allowed
    local_error,      // we failed: the peer sent something we refuse (detail)
    connect_failed,   // no TCP connection
    not_implemented,  // the scenario needs a mutation or role not implemented
  };
  Kind kind = Kind::timeout;
  std::uint8_t alert = 0;
  std::string detail;            // one line for a human
  std::vector<std::string> log;  // the conversation: "-> ClientHello", "<- alert decode_error"
  // Only when the options ask for `record_trace`: the events of our
  // Connection, illustrated at the fields level (trace/illustrated_renderer)
  // and as the JSON export of docs/trace-format.md (trace/json_export). They
  // show our messages as our Connection built them, before the scenario's
  // mutations changed their bytes on the way out.
  std::string trace_text;
  std::string trace_json;

  std::string describe() const;  // "alert decode_error", "handshake completed", ...
};

// Whether `outcome` is what `expectation` asks for.
bool matches(const Expectation& expectation, const Outcome& outcome);

// Whether every mutation of the scenario is in the vocabulary, with the right
// arguments; false with `problem` otherwise (checked at load time too).
bool check_mutations(const Scenario& scenario, std::string& problem);

struct ClientOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string server_name = "localhost";
  std::chrono::milliseconds timeout{5000};  // for each wait on the peer
  // After our side has completed the handshake, how long to wait for a late
  // alert (the peer checks our Finished after we are done) when the
  // scenario expects the handshake to complete. A scenario expecting an alert
  // waits up to `timeout` instead.
  std::chrono::milliseconds settle{300};
  bool record_trace = false;  // fill Outcome::trace_text and trace_json
  // The CA the server under test trusts for client certificates (null: the
  // scenarios with a `client_cert` other than none are skipped).
  std::shared_ptr<const TestPki> test_pki;
  // The server's client certificate policy, "required" or "optional" (empty:
  // not asked for; the scenarios with a `client_auth` are skipped, and a
  // scenario runs only against the policy it names).
  std::string peer_client_auth;
};

Outcome run_client_scenario(const Scenario& scenario, const ClientOptions& options);

struct ServerOptions {
  // The client under test, started once per scenario through /bin/sh with
  // {port} replaced by the port we listen on (127.0.0.1).
  std::string client_command;
  std::string client_log;  // its output (empty: discarded)
  // Who we are: the certificate chain and key our server presents.
  std::shared_ptr<const x509::KeyStore> identity;
  std::chrono::milliseconds timeout{5000};
  // After our side has completed the handshake, how long to wait for a late
  // alert (a TLS 1.2 client checks our Finished after we are done) when the
  // scenario expects the handshake to complete; a scenario expecting an
  // alert waits up to `timeout` instead.
  std::chrono::milliseconds settle{300};
  bool record_trace = false;  // fill Outcome::trace_text and trace_json
  // The CA the client under test trusts, and the name it asks for: a
  // scenario's `server_cert` is made from them (null: those scenarios are
  // skipped).
  std::shared_ptr<const TestPki> test_pki;
  std::string server_name = "localhost";
};

// We play the server: one connection from the client under test, whose
// reaction to our (mutated) flight is the outcome.
Outcome run_server_scenario(const Scenario& scenario, const ServerOptions& options);

enum class Status : std::uint8_t { pass, fail, skip };
std::string_view status_name(Status s);  // "pass", "FAIL", "skip"

struct ScenarioResult {
  const Scenario* scenario = nullptr;
  Status status = Status::skip;
  std::string reason;  // skip: why; fail: what the peer did instead
  Outcome outcome;
  double seconds = 0;
};

// The report: a table, `N passed, M failed[, K skipped]`, JSON, JUnit XML.
std::string report_table(const std::vector<ScenarioResult>& results);
std::string summary_line(const std::vector<ScenarioResult>& results);
// A failed scenario in full, after the table: its RFC sentence, what was
// expected and what the peer did, and the conversation.
std::string report_failure(const ScenarioResult& result);
std::string report_json(const std::vector<ScenarioResult>& results, const std::string& peer);
std::string report_junit(const std::vector<ScenarioResult>& results, const std::string& peer);

}  // namespace glasstls::conformance
