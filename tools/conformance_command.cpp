// `glasstls conformance --role client --connect HOST:PORT | --peer "COMMAND
// {port}"`: runs the conformance catalogue (conformance/scenarios) against a
// TLS peer and reports, per scenario, what the RFC asks and what the peer
// did. See docs/conformance.md.
#include <unistd.h>

#include <fmt/core.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "conformance/coverage.hpp"
#include "conformance/peer_process.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"
#include "net/socket.hpp"
#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "tools/tls_options.hpp"
#include "trace/json_export.hpp"

namespace glasstls::tools {

namespace {

namespace cf = conformance;

struct ConformanceArgs {
  std::string role = "client", connect, peer, peer_log, catalogue, rfc_dir, json, junit,
              server_name = "localhost", cert, key, source_dir, trace_failures, test_ca,
              test_ca_key, peer_client_auth;
  std::vector<std::string> only, tags;
  int timeout_ms = 5000;
  bool list = false, coverage = false;
};

std::vector<std::string> split_commas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::stringstream in(item);
    std::string one;
    while (std::getline(in, one, ',')) {
      if (!one.empty()) out.push_back(one);
    }
  }
  return out;
}

bool selected(const cf::Scenario& s, const ConformanceArgs& a) {
  if (!a.only.empty() && std::find(a.only.begin(), a.only.end(), s.id) == a.only.end()) {
    return false;
  }
  for (const auto& t : a.tags) {
    if (!s.has_tag(t)) return false;
  }
  return true;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return out.good();
}

// --trace-failures DIR: for each failed scenario, DIR/<id>.txt (what the
// report prints of it, then our side's illustrated trace at the fields level)
// and DIR/<id>.json (docs/trace-format.md). False with `problem` on the first
// file that cannot be written. DIR was made before the run.
bool write_failure_traces(const std::string& dir, const std::vector<cf::ScenarioResult>& results,
                          std::string& problem) {
  for (const auto& r : results) {
    if (r.status != cf::Status::fail) continue;
    const auto base = std::filesystem::path(dir) / r.scenario->id;
    const std::string text = cf::report_failure(r) + "\nour side (" + r.scenario->id +
                             "), illustrated at the fields level:\n" + r.outcome.trace_text;
    // No trace when the scenario failed before our Connection existed (no
    // TCP connection): an export with no events, still a valid document.
    const std::string json =
        r.outcome.trace_json.empty() ? trace::JsonTrace().json() : r.outcome.trace_json;
    for (const auto& [path, content] :
         {std::pair{base.string() + ".txt", text}, std::pair{base.string() + ".json", json}}) {
      if (!write_text(path, content)) {
        problem = "cannot write " + path;
        return false;
      }
    }
  }
  return true;
}

// --coverage: the requirement map as Markdown on stdout (the text of
// docs/conformance-coverage.md), and as JSON to --json. Known-gap entries
// that do not fit the map are listed on stderr too, and make it exit 1.
int print_coverage(const ConformanceArgs& a, cf::RfcLibrary& rfcs,
                   const std::vector<cf::Scenario>& catalogue) {
  const std::string source = a.source_dir.empty() ? cf::default_source_dir() : a.source_dir;
  const std::string gaps_dir =
      a.source_dir.empty() ? cf::default_known_gaps_dir() : source + "/conformance/known_gaps";
  std::vector<cf::CodeQuote> code;
  std::vector<cf::KnownGap> gaps;
  std::string problem;
  cf::Coverage coverage;
  if (!cf::scan_source_tree(source, code, problem) ||
      !cf::load_known_gaps(gaps_dir, rfcs, gaps, problem) ||
      !cf::build_coverage(rfcs, cf::default_coverage_scope(), code, catalogue, gaps, coverage,
                          problem)) {
    fmt::print(stderr, "glasstls conformance --coverage: {}\n", problem);
    return 2;
  }
  fmt::print("{}", cf::coverage_markdown(coverage));
  if (!a.json.empty() && !write_text(a.json, cf::coverage_json(coverage))) {
    fmt::print(stderr, "glasstls conformance: cannot write {}\n", a.json);
    return 2;
  }
  for (const auto& p : coverage.gap_problems) {
    fmt::print(stderr, "glasstls conformance --coverage: known gap {}\n", p);
  }
  return coverage.gap_problems.empty() ? 0 : 1;
}

int run_conformance(ConformanceArgs a) {
  a.only = split_commas(a.only);
  a.tags = split_commas(a.tags);
  cf::RfcLibrary rfcs(a.rfc_dir.empty() ? cf::default_rfc_dir() : a.rfc_dir);
  std::vector<cf::Scenario> catalogue;
  std::string problem;
  if (!cf::load_catalogue(a.catalogue.empty() ? cf::default_catalogue_dir() : a.catalogue, rfcs,
                          catalogue, problem)) {
    fmt::print(stderr, "glasstls conformance: the catalogue is refused: {}\n", problem);
    return 2;
  }
  if (a.coverage) return print_coverage(a, rfcs, catalogue);
  std::vector<const cf::Scenario*> chosen;
  for (const auto& s : catalogue) {
    if (selected(s, a)) chosen.push_back(&s);
  }
  if (a.list) {
    for (const auto* s : chosen) {
      fmt::print("{}  [{}]  RFC {} §{}: {}\n", s->id, fmt::join(s->tags, " "), s->rfc, s->section,
                 s->title);
    }
    fmt::print("{} scenarios\n", chosen.size());
    return 0;
  }
  if (chosen.empty()) {
    fmt::print(stderr, "glasstls conformance: no scenario matches --only / --tags\n");
    return 2;
  }
  if (a.role != "client" && a.role != "server") {
    fmt::print(stderr, "glasstls conformance: --role is client or server\n");
    return 2;
  }
  const auto role = a.role == "client" ? cf::Role::client : cf::Role::server;
  if (role == cf::Role::server) {
    // We play the server: the client under test is started for each scenario.
    if (a.peer.empty() || !a.connect.empty() || a.cert.empty() || a.key.empty()) {
      fmt::print(stderr,
                 "glasstls conformance: --role server needs --peer \"CLIENT COMMAND {{port}}\" "
                 "and our --cert and --key\n");
      return 2;
    }
  } else if (a.connect.empty() == a.peer.empty()) {
    fmt::print(stderr, "glasstls conformance: give one of --connect HOST:PORT and --peer CMD\n");
    return 2;
  }

  cf::ClientOptions options;
  cf::ServerOptions server_options;
  options.server_name = a.server_name;
  options.timeout = std::chrono::milliseconds(a.timeout_ms);
  options.record_trace = !a.trace_failures.empty();
  server_options.record_trace = options.record_trace;
  if (a.test_ca.empty() != a.test_ca_key.empty()) {
    fmt::print(stderr, "glasstls conformance: --test-ca and --test-ca-key go together\n");
    return 2;
  }
  if (!a.test_ca.empty()) {
    x509::Bytes ca, ca_key;
    if (!read_file(a.test_ca, ca, problem) || !read_file(a.test_ca_key, ca_key, problem)) {
      fmt::print(stderr, "glasstls conformance: {}\n", problem);
      return 2;
    }
    options.test_pki = cf::TestPki::load(ca, ca_key, problem);
    if (!options.test_pki) {
      fmt::print(stderr, "glasstls conformance: {}\n", problem);
      return 2;
    }
    server_options.test_pki = options.test_pki;
  }
  if (!a.peer_client_auth.empty() && a.peer_client_auth != "required" &&
      a.peer_client_auth != "optional") {
    fmt::print(stderr, "glasstls conformance: --peer-client-auth is required or optional\n");
    return 2;
  }
  options.peer_client_auth = a.peer_client_auth;
  server_options.server_name = a.server_name;
  cf::PeerProcess process;
  std::string peer_name = a.connect;
  if (role == cf::Role::server) {
    if (!load_identity(a.cert, a.key, server_options.identity, problem)) {
      fmt::print(stderr, "glasstls conformance: {}\n", problem);
      return 2;
    }
    server_options.client_command = a.peer;
    server_options.client_log = a.peer_log;
    server_options.timeout = options.timeout;
    peer_name = a.peer;
  } else if (!a.peer.empty()) {
    if (!process.start(a.peer, a.peer_log, std::chrono::milliseconds(10000), problem)) {
      fmt::print(stderr, "glasstls conformance: {}\n", problem);
      return 2;
    }
    options.port = process.port();
    peer_name = a.peer;
  } else if (!net::split_host_port(a.connect, options.host, options.port, problem)) {
    fmt::print(stderr, "glasstls conformance: --connect {}: {}\n", a.connect, problem);
    return 2;
  }

  if (!a.trace_failures.empty()) {
    // Made before the run, so that a directory we cannot make costs no wait.
    std::error_code ec;
    std::filesystem::create_directories(a.trace_failures, ec);
    if (ec) {
      fmt::print(stderr, "glasstls conformance: --trace-failures: cannot create {}: {}\n",
                 a.trace_failures, ec.message());
      return 2;
    }
  }

  std::vector<cf::ScenarioResult> results;
  const bool tty = ::isatty(2) != 0;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const cf::Scenario& s = *chosen[i];
    if (tty) fmt::print(stderr, "\r[{:3}/{}] {:<60}", i + 1, chosen.size(), s.id);
    cf::ScenarioResult r;
    r.scenario = &s;
    if (s.role != role) {
      r.status = cf::Status::skip;
      r.reason =
          std::string("for --role ").append(s.role == cf::Role::client ? "client" : "server");
    } else {
      const auto start = std::chrono::steady_clock::now();
      r.outcome = role == cf::Role::client ? cf::run_client_scenario(s, options)
                                           : cf::run_server_scenario(s, server_options);
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (r.outcome.kind == cf::Outcome::Kind::not_implemented) {
        r.status = cf::Status::skip;
        r.reason = r.outcome.detail;
      } else {
        r.status = cf::matches(s.expect, r.outcome) ? cf::Status::pass : cf::Status::fail;
        r.reason = r.outcome.describe();
      }
    }
    results.push_back(std::move(r));
  }
  if (tty) fmt::print(stderr, "\r{:<80}\r", "");
  process.stop();

  fmt::print("{}", cf::report_table(results));
  for (const auto& r : results) {
    if (r.status == cf::Status::fail) fmt::print("\n{}", cf::report_failure(r));
  }
  if (!a.trace_failures.empty() && !write_failure_traces(a.trace_failures, results, problem)) {
    fmt::print(stderr, "glasstls conformance: --trace-failures: {}\n", problem);
    return 2;
  }
  if (!a.json.empty() && !write_text(a.json, cf::report_json(results, peer_name))) {
    fmt::print(stderr, "glasstls conformance: cannot write {}\n", a.json);
    return 2;
  }
  if (!a.junit.empty() && !write_text(a.junit, cf::report_junit(results, peer_name))) {
    fmt::print(stderr, "glasstls conformance: cannot write {}\n", a.junit);
    return 2;
  }
  fmt::print("{}\n", cf::summary_line(results));
  for (const auto& r : results) {
    if (r.status == cf::Status::fail) return 1;
  }
  return 0;
}

}  // namespace

void add_conformance_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ConformanceArgs>();
  auto* cmd = app.add_subcommand(
      "conformance", "Probe a TLS peer with scenarios tied to RFC sentences (docs/conformance.md)");
  cmd->add_option("--role", args->role,
                  "what we play: client (the peer is a server; default) or server");
  cmd->add_option("--connect", args->connect, "HOST:PORT of a running peer");
  cmd->add_option("--peer", args->peer,
                  "a command that starts the peer, with {port} where its port goes (--role "
                  "server: started for each scenario, to connect to us)");
  cmd->add_option("--peer-log", args->peer_log, "where the started peer's output goes");
  cmd->add_option("--only", args->only, "run only these scenario ids (comma separated)");
  cmd->add_option("--tags", args->tags, "run only scenarios with all these tags");
  cmd->add_option("--json", args->json, "write the results as JSON to FILE");
  cmd->add_option("--junit", args->junit, "write the results as JUnit XML to FILE");
  cmd->add_option("--trace-failures", args->trace_failures,
                  "for each failed scenario, write DIR/<id>.txt (its conversation and our side's "
                  "illustrated trace) and DIR/<id>.json (docs/trace-format.md)");
  cmd->add_option("--catalogue", args->catalogue, "the directory of *.scn catalogue files");
  cmd->add_option("--rfc-dir", args->rfc_dir, "the directory of the RFC texts (rfcNNNN.txt)");
  cmd->add_option("--servername", args->server_name, "the SNI we send (default: localhost)");
  cmd->add_option("--cert", args->cert, "--role server: the certificate chain we present");
  cmd->add_option("--key", args->key, "--role server: its private key");
  cmd->add_option("--timeout", args->timeout_ms, "milliseconds to wait for each answer");
  cmd->add_option("--test-ca", args->test_ca,
                  "a CA certificate the peer trusts: the mutual TLS and x509 scenarios' "
                  "certificates are issued from it");
  cmd->add_option("--test-ca-key", args->test_ca_key, "the private key of --test-ca");
  cmd->add_option("--peer-client-auth", args->peer_client_auth,
                  "--role client: the server under test asks for a client certificate, "
                  "required or optional (runs the scenarios with that client_auth)");
  cmd->add_flag("--list", args->list, "list the scenarios (after --only / --tags) and stop");
  cmd->add_flag("--coverage", args->coverage,
                "print the requirement map (docs/conformance-coverage.md) and stop; --json too");
  cmd->add_option("--source-dir", args->source_dir,
                  "--coverage: the source tree whose comments quote the RFCs");
  cmd->callback([args, &exit_code] { exit_code = run_conformance(*args); });
}

}  // namespace glasstls::tools
