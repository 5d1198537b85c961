// The options of `glasstls demo` (tools/demo_command.cpp reads them) and the
// plan they make: which version, identities, groups, suites and signature
// schemes the in-memory client and server use, and which failure to stage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "trace/illustrated_renderer.hpp"

namespace glasstls::tools {

// The failures `--fail` stages (tools/demo_failures.cpp tells each one).
enum class Failure : std::uint8_t {
  none,
  unknown_ca,              // the client does not trust the server's CA
  expired,                 // the server's certificate is past its notAfter
  hostname,                // the client dialled a name the certificate does not carry
  no_client_cert,          // mutual TLS, and the client has no certificate
  client_cert_unknown_ca,  // the client's certificate is from a CA the server does not trust
  no_common_group,         // no key exchange group both speak
  no_common_suite,         // no cipher suite both speak
  wrong_key,               // the server's signature is not made with its certificate's key
  bad_finished,            // the client's Finished does not match the server's transcript
  not_yet_valid,           // the server's certificate starts after the client's clock
  no_common_version,       // the client speaks only the plan's version, the server only the other
  no_common_sig,           // no signature scheme the client accepts that the server's key makes
};
// "unknown-ca", ... ("" for none).
std::string_view failure_name(Failure f);
// Every name --fail takes, in the order above.
inline constexpr const char* kFailureNames[] = {
    "unknown-ca",        "expired",         "hostname",  "no-client-cert", "client-cert-unknown-ca",
    "no-common-group",   "no-common-suite", "wrong-key", "bad-finished",   "not-yet-valid",
    "no-common-version", "no-common-sig"};

// What the command line said (strings as typed; empty: not given).
struct DemoOptions {
  std::optional<std::uint64_t> seed;
  std::string out_dir;
  std::string json_file;  // --json: each connection's events
  std::string html_file;  // --html: each connection as a web page
  std::string pcap_file;  // --pcap: each connection as a capture
  std::string trace_level = "fields";
  bool secrets = false;  // --secrets: keys into the JSON and HTML too
  std::string tls;       // "1.3" (default), "1.2"
  bool mtls = true;      // --mtls / --no-mtls
  std::string group, suite, sig, fail;
  bool hrr = false, resume = false, rsa_kx = false;
  std::string step;  // --step: "message" or "event" (tools/step_through.hpp); "" no pauses
  bool compare = false;  // --compare: TLS 1.2 and TLS 1.3 side by side (tools/demo_compare.hpp)
};

// The options made precise.
struct DemoPlan {
  std::uint16_t version = 0;  // handshake::kTls13 or kTls12
  bool mtls = true;
  // The group the client offers (its key share), and what the server must
  // pick: with --hrr the client's first key share is for `other_group`.
  std::uint16_t group = 0;
  std::uint16_t other_group = 0;
  bool group_given = false;             // --group: the client offers only that one
  std::optional<std::uint16_t> suite;   // the one suite the client offers
  std::optional<std::uint16_t> scheme;  // the one signature scheme both sides sign with
  std::string server_key = "p256";      // PrivateKey::generate specs
  std::string client_key = "ed25519";
  bool hrr = false, resume = false, rsa_kx = false;
  Failure failure = Failure::none;
  trace::TraceLevel level = trace::TraceLevel::fields;
};

// The plan, or false with `problem` (a usage error: exit 2).
bool make_plan(const DemoOptions& options, DemoPlan& plan, std::string& problem);

}  // namespace glasstls::tools
