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

// Moves bytes both ways until both sides are quiet, keeping each flight.
bool pump_recording(TracedRun& run) {
  for (int round = 0; round < 32; ++round) {
    auto c = run.client->take_output();
    auto s = run.server->take_output();
    if (c.empty() && s.empty()) return !run.client->error() && !run.server->error();
    if (!c.empty()) {
      run.wire.push_back({true, c});
      if (!run.server->receive(c)) return false;
    }
    if (!s.empty()) {
      run.wire.push_back({false, s});
      if (!run.client->receive(s)) return false;
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
