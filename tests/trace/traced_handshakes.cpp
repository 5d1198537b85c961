#include "tests/trace/traced_handshakes.hpp"

#include "crypto/rng.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "trace/pcapng_writer.hpp"

namespace glasstls::test {

namespace {

using handshake::Config;
using handshake::Connection;

crypto::Rng& scenario_rng() {
  static crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(1313);
  return rng;
}

void tls12(Config& c, Config& s) {
  c.versions = {handshake::kTls12};
  s.versions = {handshake::kTls13, handshake::kTls12};
}

void mtls(Config& c, Config& s) {
  s.client_auth = handshake::ClientAuth::required;
  s.trust = &pki().roots;
  c.identities.push_back(pki().client);
}

// The side that failed sends its alert; the peer reads it.
bool deliver_alert(TracedRun& run, bool client_failed) {
  auto alert = (client_failed ? run.client : run.server)->take_output();
  if (!alert.empty()) {
    run.wire.push_back({client_failed, alert});
    (void)(client_failed ? run.server : run.client)->receive(alert);
  }
  return false;
}

// Moves bytes both ways until both sides are quiet, keeping each flight.
bool pump_recording(TracedRun& run) {
  for (int round = 0; round < 32; ++round) {
    auto c = run.client->take_output();
    auto s = run.server->take_output();
    if (c.empty() && s.empty()) return !run.client->error() && !run.server->error();
    if (!c.empty()) {
      run.wire.push_back({true, c});
      if (!run.server->receive(c)) return deliver_alert(run, false);
    }
    if (!s.empty()) {
      run.wire.push_back({false, s});
      if (!run.client->receive(s)) return deliver_alert(run, true);
    }
  }
  return false;
}

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool converse(TracedRun& run) {
  if (!pump_recording(run) || !run.client->handshake_done() || !run.server->handshake_done()) {
    return false;
  }
  if (!run.client->write(as_bytes(kRequest)) || !pump_recording(run)) return false;
  const auto request = run.server->read();
  if (std::string(request.begin(), request.end()) != kRequest) return false;
  if (!run.server->write(as_bytes(kResponse)) || !pump_recording(run)) return false;
  const auto response = run.client->read();
  if (std::string(response.begin(), response.end()) != kResponse) return false;
  run.client->close();
  run.server->close();
  return pump_recording(run) && run.server->peer_closed() && run.client->peer_closed();
}

}  // namespace

std::vector<std::uint8_t> TracedRun::sent_by(bool client_side) const {
  std::vector<std::uint8_t> out;
  for (const auto& f : wire) {
    if (f.from_client == client_side) out.insert(out.end(), f.bytes.begin(), f.bytes.end());
  }
  return out;
}

std::vector<std::uint8_t> capture(const TracedRun& run, std::string_view key_log) {
  trace::TcpCapture pcap;
  for (const Flight& f : run.wire) {
    if (f.from_client) {
      pcap.client_to_server(f.bytes);
    } else {
      pcap.server_to_client(f.bytes);
    }
  }
  pcap.add_key_log(key_log);
  return pcap.pcapng();
}

const std::vector<Scenario>& trace_export_scenarios() {
  static const std::vector<Scenario> all = {
      {"tls13", [](Config&, Config&) {}},
      {"tls13_mtls", mtls},
      {"tls13_hrr_mtls",
       [](Config& c, Config& s) {
         mtls(c, s);
         s.groups = {0x0017};
       }},
      {"tls13_resumed", [](Config&, Config&) {}, true},
      {"tls13_ed25519_chacha_alpn",
       [](Config& c, Config& s) {
         s.identities = {pki().server_ed25519};
         c.cipher_suites = {0x1303};
         c.alpn = {"h2", "http/1.1"};
         s.alpn = {"http/1.1"};
       }},
      {"tls12", tls12},
      {"tls12_mtls",
       [](Config& c, Config& s) {
         tls12(c, s);
         mtls(c, s);
       }},
      {"tls12_rsa_key_transport",
       [](Config& c, Config& s) {
         tls12(c, s);
         c.cipher_suites = {0x009c};
         s.identities = {pki().server_rsa};
       }},
      {"tls12_resumed_ticket", tls12, true},
      {"tls12_resumed_session_id",
       [](Config& c, Config& s) {
         tls12(c, s);
         s.ticket_keys = nullptr;
         s.server_session_cache = std::make_shared<handshake::ServerSessionCache>();
       },
       true},
  };
  return all;
}

const std::vector<FailureScenario>& trace_failure_scenarios() {
  using AD = std::uint8_t;
  const auto tls12_too = [](std::function<void(Config&, Config&)> edit) {
    return [edit](Config& c, Config& s) {
      tls12(c, s);
      edit(c, s);
    };
  };
  static const x509::TrustStore no_roots;
  const auto unknown_ca = [](Config& c, Config&) { c.trust = &no_roots; };
  const auto client_other_ca = [](Config& c, Config& s) {
    mtls(c, s);
    c.identities = {pki().client_other_ca};
  };
  const auto client_expired = [](Config& c, Config& s) {
    mtls(c, s);
    c.identities = {pki().client_expired};
  };
  const auto no_client_cert = [](Config& c, Config& s) {
    mtls(c, s);
    c.identities.clear();
  };
  const auto no_common_group = [](Config& c, Config& s) {
    c.groups = {0x001d};
    s.groups = {0x0018};
  };
  const auto no_common_suite = [](Config& c, Config& s) {
    c.cipher_suites = {0x1301, 0xc02b};
    s.cipher_suites = {0x1302, 0xc02c};
  };
  // RFC 8446 §6.2 / RFC 5246 §7.2.2 alert numbers.
  constexpr AD handshake_failure = 40, bad_certificate = 42, certificate_expired = 45,
               unknown_ca_alert = 48, certificate_required = 116;
  static const std::vector<FailureScenario> all = {
      {"tls13_unknown_ca", unknown_ca, true, unknown_ca_alert},
      // The client's only certificate is from a CA the server does not list
      // in certificate_authorities: the client sends none (RFC 8446
      // §4.4.2.3), and the server requires one.
      {"tls13_client_cert_other_ca", client_other_ca, false, certificate_required},
      {"tls13_client_cert_expired", client_expired, false, certificate_expired},
      {"tls13_no_client_cert", no_client_cert, false, certificate_required},
      {"tls13_no_common_group", no_common_group, false, handshake_failure},
      {"tls13_no_common_suite", no_common_suite, false, handshake_failure},
      {"tls12_unknown_ca", tls12_too(unknown_ca), true, unknown_ca_alert},
      {"tls12_client_cert_other_ca", tls12_too(client_other_ca), false, handshake_failure},
      {"tls12_no_client_cert", tls12_too(no_client_cert), false, handshake_failure},
      {"tls12_no_common_suite", tls12_too(no_common_suite), false, handshake_failure},
      {"tls13_hostname", [](Config&, Config&) {}, true, bad_certificate},
  };
  return all;
}

std::unique_ptr<TracedRun> run_failing(const FailureScenario& scenario,
                                       trace::TraceSink* client_sink,
                                       trace::TraceSink* server_sink) {
  auto run = std::make_unique<TracedRun>();
  run->client_config = client_config();
  run->server_config = server_config();
  run->client_config.rng = run->server_config.rng = &scenario_rng();
  scenario.edit(run->client_config, run->server_config);
  run->client_config.trace = client_sink;
  run->server_config.trace = server_sink;
  // The host name scenario dials a name the server's certificate lacks.
  const bool wrong_name = scenario.name.ends_with("hostname");
  run->client =
      Connection::client(run->client_config, wrong_name ? "shop.example.net" : "server.example");
  run->server = Connection::server(run->server_config);
  run->ok = pump_recording(*run);
  return run;
}

std::unique_ptr<TracedRun> run_traced(const Scenario& scenario, trace::TraceSink* client_sink,
                                      trace::TraceSink* server_sink) {
  auto run = std::make_unique<TracedRun>();
  Config& cc = run->client_config;
  Config& sc = run->server_config;
  cc = client_config();
  sc = server_config();
  cc.rng = sc.rng = &scenario_rng();
  if (scenario.resume) {
    sc.ticket_keys = std::make_shared<handshake::TicketKeys>(scenario_rng());
    cc.session_cache = std::make_shared<handshake::ClientSessionCache>();
  }
  scenario.edit(cc, sc);
  if (scenario.resume) {
    TracedRun first;
    first.client = Connection::client(cc, "server.example");
    first.server = Connection::server(sc);
    if (!converse(first)) return run;
  }
  cc.trace = client_sink;
  sc.trace = server_sink;
  run->client = Connection::client(cc, "server.example");
  run->server = Connection::server(sc);
  run->ok = converse(*run);
  if (scenario.resume && !run->client->negotiated().resumed) run->ok = false;
  return run;
}

}  // namespace glasstls::test
