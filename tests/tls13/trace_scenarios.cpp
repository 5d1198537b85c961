#include "tests/tls13/trace_scenarios.hpp"

#include <functional>

#include "crypto/rng.hpp"
#include "handshake/hello.hpp"
#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::test {

namespace {

using handshake::Config;
using handshake::Connection;

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

// A handshake, data both ways, KeyUpdates both ways, close_notify.
bool converse(Connection& client, Connection& server, std::size_t chunk = 0) {
  if (!pump(client, server, chunk) || !client.handshake_done() || !server.handshake_done()) {
    return false;
  }
  if (!client.write(bytes_of("ping")) || !pump(client, server, chunk)) return false;
  if (server.read() != bytes_of("ping")) return false;
  // RFC 8446 §4.6.3: update_requested makes the peer answer with its own.
  if (!client.update_keys(true) || !pump(client, server, chunk)) return false;
  if (!server.update_keys(false) || !pump(client, server, chunk)) return false;
  if (!server.write(bytes_of("pong")) || !pump(client, server, chunk)) return false;
  if (client.read() != bytes_of("pong")) return false;
  client.close();
  return pump(client, server, chunk) && server.peer_closed();
}

// TLS 1.2: a handshake, data both ways, the renegotiation each side may try
// (a HelloRequest from the server, a ClientHello from the client, sent raw:
// we never start one) refused with a warning, close_notify.
bool converse12(Connection& client, Connection& server) {
  if (!pump(client, server) || !client.handshake_done() || !server.handshake_done()) return false;
  if (client.negotiated().version != handshake::kTls12) return false;
  if (!client.write(bytes_of("ping")) || !pump(client, server)) return false;
  if (server.read() != bytes_of("ping")) return false;
  const std::vector<std::uint8_t> hello_request = {0, 0, 0, 0};
  if (!server.send_handshake_message(hello_request) || !pump(client, server)) return false;
  handshake::ClientHello again;
  again.cipher_suites = {0xc02b};
  again.legacy_compression_methods = {0};
  again.extensions.add(handshake::ExtensionType::extended_master_secret, {});
  if (!client.send_handshake_message(again.serialize()) || !pump(client, server)) return false;
  if (!server.write(bytes_of("pong")) || !pump(client, server)) return false;
  if (client.read() != bytes_of("pong")) return false;
  client.close();
  return pump(client, server) && server.peer_closed();
}

}  // namespace

void TraceRecorder::on_event(const trace::Event& event) {
  if (const auto* m = std::get_if<trace::MessageEvent>(&event)) {
    TracedMessage t;
    t.scenario = scenario;
    t.direction = m->direction;
    t.type = m->type;
    t.name = std::string(m->name);
    t.bytes.assign(m->bytes.begin(), m->bytes.end());
    if (m->fields) {
      for (const auto& n : *m->fields) {
        trace::FieldNode copy = n;
        copy.name = names_.emplace_back(n.name);
        t.fields.push_back(std::move(copy));
      }
    }
    messages.push_back(std::move(t));
  } else if (const auto* s = std::get_if<trace::StateEvent>(&event)) {
    states.push_back({scenario, std::string(s->machine), std::string(s->from),
                      std::string(s->message), std::string(s->to)});
  }
}

std::vector<std::string> run_trace_scenarios(TraceRecorder& recorder) {
  std::vector<std::string> failed;
  auto rng = crypto::HmacDrbg::from_seed(8446);
  auto run = [&](std::string name, const std::function<void(Config&, Config&)>& edit,
                 std::size_t chunk = 0) {
    recorder.scenario = name;
    Config cc = client_config();
    Config sc = server_config();
    cc.rng = sc.rng = &rng;
    cc.trace = sc.trace = &recorder;
    edit(cc, sc);
    auto client = Connection::client(cc, "server.example");
    auto server = Connection::server(sc);
    if (!converse(*client, *server, chunk)) failed.push_back(name);
  };
  auto run12 = [&](std::string name, const std::function<void(Config&, Config&)>& edit) {
    recorder.scenario = name;
    Config cc = client_config();
    Config sc = server_config();
    cc.rng = sc.rng = &rng;
    cc.trace = sc.trace = &recorder;
    edit(cc, sc);
    auto client = Connection::client(cc, "server.example");
    auto server = Connection::server(sc);
    if (!converse12(*client, *server)) failed.push_back(name);
  };

  run("full", [](Config&, Config&) {});
  const auto tls12 = [](Config& c, Config& s) {
    c.versions = {handshake::kTls12};
    s.versions = {handshake::kTls13, handshake::kTls12};
  };
  run12("tls12_ecdhe_ecdsa", tls12);
  run12("tls12_rsa_key_transport", [&](Config& c, Config& s) {
    tls12(c, s);
    c.cipher_suites = {0x009c};
    s.identities = {pki().server_rsa};
  });
  run12("tls12_mtls_required", [&](Config& c, Config& s) {
    tls12(c, s);
    s.client_auth = handshake::ClientAuth::required;
    s.trust = &pki().roots;
    c.identities.push_back(pki().client);
  });
  run12("tls12_mtls_optional_empty_certificate", [&](Config& c, Config& s) {
    tls12(c, s);
    s.client_auth = handshake::ClientAuth::optional;
    s.trust = &pki().roots;
  });
  // TLS 1.2 resumption: by ticket (RFC 5077; the full handshake with mutual
  // TLS gets the ticket), then by session ID (RFC 5246 §7.4.1.2).
  auto keys12 = std::make_shared<handshake::TicketKeys>(rng);
  auto cache12 = std::make_shared<handshake::ClientSessionCache>();
  const auto tickets12 = [&](Config& c, Config& s) {
    tls12(c, s);
    s.ticket_keys = keys12;
    c.session_cache = cache12;
    s.client_auth = handshake::ClientAuth::required;
    s.trust = &pki().roots;
    c.identities.push_back(pki().client);
  };
  run12("tls12_mtls_ticket", tickets12);
  run12("tls12_resumed_ticket", tickets12);
  auto ids12 = std::make_shared<handshake::ServerSessionCache>();
  auto id_cache12 = std::make_shared<handshake::ClientSessionCache>();
  const auto session_ids12 = [&](Config& c, Config& s) {
    tls12(c, s);
    s.server_session_cache = ids12;
    c.session_cache = id_cache12;
  };
  run12("tls12_session_id", session_ids12);
  run12("tls12_resumed_session_id", session_ids12);
  run12("tls12_ticket_no_client_certificate", [&](Config& c, Config& s) {
    tls12(c, s);
    s.ticket_keys = keys12;
    c.session_cache = std::make_shared<handshake::ClientSessionCache>();
  });
  run("mtls_required", [](Config& c, Config& s) {
    s.client_auth = handshake::ClientAuth::required;
    s.trust = &pki().roots;
    c.identities.push_back(pki().client);
  });
  run("mtls_optional_empty_certificate", [](Config&, Config& s) {
    s.client_auth = handshake::ClientAuth::optional;
    s.trust = &pki().roots;
  });
  run("hello_retry_request", [](Config&, Config& s) { s.groups = {0x0017}; });
  run("rsa_pss_server", [](Config&, Config& s) { s.identities = {pki().server_rsa}; });
  run("ed25519_server_chacha_alpn", [](Config& c, Config& s) {
    s.identities = {pki().server_ed25519};
    c.cipher_suites = {0x1303};
    c.alpn = {"h2", "http/1.1"};
    s.alpn = {"http/1.1"};
  });
  run("sha384_p384", [](Config& c, Config& s) {
    s.identities = {pki().server_p384};
    c.cipher_suites = {0x1302};
    c.groups = {0x0018};
  });
  run(
      "one_byte_records", [](Config&, Config&) {}, 1);

  // Resumption: a full handshake leaves tickets, the next one uses one.
  auto keys = std::make_shared<handshake::TicketKeys>(rng);
  auto cache = std::make_shared<handshake::ClientSessionCache>();
  const auto resumable = [&](Config& c, Config& s) {
    s.ticket_keys = keys;
    c.session_cache = cache;
  };
  run("tickets", resumable);
  run("resumed", resumable);
  run("resumed_mtls_hrr", [&](Config& c, Config& s) {
    resumable(c, s);
    s.groups = {0x0017};
    s.client_auth = handshake::ClientAuth::required;
    s.trust = &pki().roots;
    c.identities.push_back(pki().client);
  });
  return failed;
}

const TracedScenarios& traced_scenarios() {
  static TracedScenarios s;
  static const bool done = (s.failed = run_trace_scenarios(s.recorder), true);
  (void)done;
  return s;
}

}  // namespace glasstls::test
