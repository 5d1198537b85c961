#include "tools/demo_handshake.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "handshake/cipher_suite.hpp"
#include "handshake/session.hpp"
#include "tools/demo_common.hpp"
#include "tools/files.hpp"
#include "trace/html_renderer.hpp"

namespace glasstls::tools {

namespace {

using handshake::kTls12;
using handshake::kTls13;

// The capture sees every flight as it leaves.
class CaptureTap final : public WireTap {
 public:
  explicit CaptureTap(trace::TcpCapture& capture) : capture_(capture) {}
  void on_flight(Flight& f) override {
    if (f.from_client) {
      capture_.client_to_server(f.bytes);
    } else {
      capture_.server_to_client(f.bytes);
    }
  }

 private:
  trace::TcpCapture& capture_;
};

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// "GET / HTTP/1.0\r\n..." with \r and \n spelled out.
std::string printable(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (const std::uint8_t b : bytes) {
    if (b == '\r') {
      out += "\\r";
    } else if (b == '\n') {
      out += "\\n";
    } else if (b >= 0x20 && b < 0x7f) {
      out += static_cast<char>(b);
    } else {
      out += fmt::format("\\x{:02x}", b);
    }
  }
  return out;
}

// 16 bytes a line, each line with its offset.
void print_hex(std::span<const std::uint8_t> bytes, std::string_view indent) {
  for (std::size_t at = 0; at < bytes.size(); at += 16) {
    std::string line;
    for (std::size_t i = at; i < bytes.size() && i < at + 16; ++i)
      line += fmt::format("{}{:02x}", i > at ? " " : "", bytes[i]);
    fmt::print("{}{:04x}  {}\n", indent, at, line);
  }
}

std::string with_suffix(const std::string& path, std::string_view suffix) {
  if (suffix.empty()) return path;
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || dot == 0 || (slash != std::string::npos && dot < slash + 2))
    return path + std::string(suffix);
  return path.substr(0, dot).append(suffix).append(path.substr(dot));
}

void export_file(const std::string& path, std::string_view contents, std::string_view what) {
  std::string problem;
  // Every export may hold secrets (the pcap always does: its key log).
  if (!write_file(path, contents, true, problem)) demo_fail(problem);
  fmt::print("   wrote {}: {}\n", path, what);
}

}  // namespace

DemoConfigs make_configs(const DemoPlan& plan, const DemoCast& cast, crypto::Rng& rng,
                         x509::UnixTime now) {
  DemoConfigs c;
  handshake::Config& cc = c.client;
  handshake::Config& sc = c.server;
  cc.rng = sc.rng = &rng;
  cc.clock = sc.clock = [now] { return now; };
  cc.trust = &cast.client_trust;
  sc.trust = &cast.server_trust;
  sc.identities = {cast.server_keys};
  if (plan.mtls) {
    cc.identities = {cast.client_keys};
    sc.client_auth = handshake::ClientAuth::required;
  }
  cc.versions = {plan.version};
  sc.versions = {kTls13, kTls12};
  if (plan.hrr) {
    // RFC 8446 §4.1.4: the client guessed a key share the server does not take.
    cc.groups = {plan.group, plan.other_group};
    cc.key_share_groups = {plan.other_group};
    sc.groups = {plan.group};
  } else if (plan.group_given) {
    cc.groups = {plan.group};
  }
  if (plan.suite) cc.cipher_suites = sc.cipher_suites = {*plan.suite};
  if (plan.scheme) cc.signature_schemes = sc.signature_schemes = {*plan.scheme};
  if (plan.resume) {
    sc.ticket_keys = std::make_shared<handshake::TicketKeys>(rng);
    cc.session_cache = std::make_shared<handshake::ClientSessionCache>();
  }
  return c;
}

DemoConnection::DemoConnection(const DemoOptions& options, const DemoPlan& plan,
                               const DemoConfigs& configs, x509::UnixTime now)
    : options_(options),
      plan_(plan),
      client_config_(configs.client),
      server_config_(configs.server),
      server_name_(configs.server_name),
      json_(options.secrets),
      capture_([now] {
        trace::CaptureOptions o;
        o.start_us = static_cast<std::uint64_t>(now) * 1000000;
        return o;
      }()) {
  // Each side's events in the terminal as they happen, coloured only when
  // stdout is a terminal.
  const bool colour = ::isatty(STDOUT_FILENO) == 1;
  client_view_.emplace(std::cout, plan.level, colour, "client");
  server_view_.emplace(std::cout, plan.level, colour, "server");
  add_sinks(&*client_view_, &*server_view_);
  add_sinks(&json_.client(), &json_.server());
  add_sinks(&keys_, nullptr);
  capture_tap_ = std::make_unique<CaptureTap>(capture_);
}

void DemoConnection::add_sinks(trace::TraceSink* client, trace::TraceSink* server) {
  client_sink_.add(client);
  server_sink_.add(server);
}

bool DemoConnection::handshake() {
  client_config_.trace = &client_sink_;
  server_config_.trace = &server_sink_;
  std::fflush(stdout);
  client_ = handshake::Connection::client(client_config_, server_name_);
  server_ = handshake::Connection::server(server_config_);
  wire_ = std::make_unique<Wire>(*client_, *server_);
  wire_->add_tap(capture_tap_.get());
  for (auto* tap : wire_taps_) wire_->add_tap(tap);
  wire_->exchange();
  std::cout.flush();
  return client_->handshake_done() && server_->handshake_done() && !client_->error() &&
         !server_->error();
}

void DemoConnection::application_data() {
  const std::string request = "GET / HTTP/1.0\r\nHost: www.example.test\r\n\r\n";
  const std::string response = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
  const bool tls13 = client_->negotiated().version == kTls13;
  const auto* suite =
      handshake::find_suite(client_->negotiated().cipher_suite, client_->negotiated().version);
  fmt::print(
      "   The client sends an HTTP request ({} bytes), sealed with {} under the client's\n"
      "   {} keys:\n",
      request.size(), suite ? crypto::name(suite->aead) : "?",
      tls13 ? "application traffic (client_application_traffic_secret_0)"
            : "write (client_write_key and client_write_IV, from the key block)");
  if (!client_->write(as_bytes(request))) demo_fail("writing the request");
  std::fflush(stdout);
  const auto record = wire_->send(true);
  std::cout.flush();
  const auto got = server_->read();
  if (std::string(got.begin(), got.end()) != request || record.size() < 5)
    demo_fail("the request did not arrive intact");
  fmt::print("   On the wire, {} bytes:\n", record.size());
  print_hex(record, "     ");
  fmt::print(
      "     {:02x} {:02x} {:02x} {:02x} {:02x}  the record header: {}, legacy_record_version "
      "0x{:02x}{:02x}, length {}\n",
      record[0], record[1], record[2], record[3], record[4],
      tls13 ? "application_data (the real type is hidden inside)" : "application_data", record[1],
      record[2], record.size() - 5);
  if (tls13) {
    fmt::print(
        "     then encrypted_record: the request and its real content type (0x17), encrypted,\n"
        "     and the 16-byte authentication tag; nonce = client_write_iv XOR the record's\n"
        "     sequence number, 0 (RFC 8446 §5.2, §5.3)\n");
  } else if (suite && suite->fixed_iv_length == 4) {
    fmt::print(
        "     then nonce_explicit (8 bytes, here the sequence number), the encrypted request and\n"
        "     the 16-byte tag; nonce = client_write_IV (4 bytes) + nonce_explicit; the\n"
        "     additional data binds the sequence number, type, version and length\n"
        "     (RFC 5246 §6.2.3.3, RFC 5288 §3)\n");
  } else {
    fmt::print(
        "     then the encrypted request and the 16-byte tag; nonce = client_write_IV XOR the\n"
        "     sequence number (RFC 5246 §6.2.3.3, RFC 7905 §2)\n");
  }
  fmt::print(
      "   The server opens it with the same keys (the tag checks out: nothing was changed)\n"
      "   and reads: \"{}\"\n",
      printable(got));
  if (!server_->write(as_bytes(response))) demo_fail("writing the response");
  std::fflush(stdout);
  wire_->send(false);
  std::cout.flush();
  const auto reply = client_->read();
  if (std::string(reply.begin(), reply.end()) != response) demo_fail("the response did not arrive");
  fmt::print("   The server answers the same way; the client reads: \"{}\"\n", printable(reply));
  std::fflush(stdout);
  client_->close();
  server_->close();
  wire_->exchange();
  std::cout.flush();
}

std::string DemoConnection::error_text() const {
  std::string text;
  if (client_->error()) text += "client: " + client_->error()->describe();
  if (server_->error())
    text += (text.empty() ? "" : "; ") + std::string("server: ") + server_->error()->describe();
  return text;
}

void DemoConnection::print_negotiated() const {
  const auto& n = client_->negotiated();
  const auto& s = server_->negotiated();
  const std::string exchange = n.group     ? handshake::group_name(n.group)
                               : n.resumed ? std::string("none (the session's secret)")
                                           : std::string("RSA key transport (no group)");
  fmt::print("   negotiated: {}, {}, key exchange {}{}\n", handshake::version_name(n.version),
             handshake::cipher_suite_name(n.cipher_suite), exchange,
             n.hello_retry ? " (after a HelloRetryRequest)" : "");
  if (n.resumed) {
    fmt::print(
        "   resumed: no certificates this time; the keys come from the first connection's\n"
        "   session{}\n",
        n.version == kTls13 ? " (a PSK from its ticket) and a fresh key exchange" : "");
  } else if (n.signature_scheme) {
    fmt::print("   the server signed with {}\n",
               handshake::signature_scheme_name(n.signature_scheme));
  } else {
    fmt::print(
        "   the server signed nothing: it proved its key by decrypting the premaster secret\n");
  }
  if (!s.peer_subject.empty()) {
    fmt::print("   the server verified the client as {}{}\n", s.peer_subject,
               s.signature_scheme ? std::string(", who signed with ") +
                                        handshake::signature_scheme_name(s.signature_scheme)
                                  : std::string());
  }
}

void DemoConnection::export_files(std::string_view suffix, std::string_view title) {
  const auto& n = client_->negotiated();
  const auto& seen_by_server = server_->negotiated();
  const auto subjects = [](const std::vector<x509::Certificate>& chain) {
    std::vector<std::string> out;
    for (const auto& c : chain) out.push_back(c.subject().to_string());
    return out;
  };
  json_.connection_string("version", handshake::version_name(n.version));
  json_.connection_string("cipher_suite", handshake::cipher_suite_name(n.cipher_suite));
  json_.connection_number("cipher_suite_code", n.cipher_suite);
  json_.connection_string("group", handshake::group_name(n.group));
  json_.connection_number("group_code", n.group);
  json_.connection_string("signature_scheme", handshake::signature_scheme_name(n.signature_scheme));
  json_.connection_number("signature_scheme_code", n.signature_scheme);
  json_.connection_string("alpn", n.alpn);
  json_.connection_string("server_name", n.server_name);
  json_.connection_bool("resumed", n.resumed);
  json_.connection_bool("hello_retry_request", n.hello_retry);
  json_.connection_bool("extended_master_secret", n.extended_master_secret);
  json_.connection_bool("mutual_tls", !seen_by_server.peer_chain.empty());
  json_.connection_strings("server_chain", subjects(n.peer_chain));
  json_.connection_strings("client_chain", subjects(seen_by_server.peer_chain));
  if (plan_.failure != Failure::none) json_.connection_string("fail", failure_name(plan_.failure));

  const bool secrets = options_.secrets;
  if (!options_.json_file.empty()) {
    export_file(
        with_suffix(options_.json_file, suffix), json_.json(),
        fmt::format("{} events of both sides as JSON (docs/trace-format.md){}", json_.event_count(),
                    secrets ? ", with the keys" : ", keys withheld (--secrets)"));
  }
  if (!options_.html_file.empty()) {
    export_file(with_suffix(options_.html_file, suffix), trace::render_html(json_.json(), title),
                fmt::format("the handshake as a web page, no network needed (open it in a "
                            "browser){}",
                            secrets ? ", with the keys" : ""));
  }
  if (!options_.pcap_file.empty()) {
    capture_.add_key_log(keys_.text());
    const auto bytes = capture_.pcapng();
    export_file(with_suffix(options_.pcap_file, suffix),
                std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                "the connection as TCP packets with its keys (open it in Wireshark, or\n"
                "     tshark -r FILE -Y tls: the handshake and the HTTP show decrypted)");
  }
}

}  // namespace glasstls::tools
