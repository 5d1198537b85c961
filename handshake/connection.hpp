// Connection: one TLS 1.3 connection, client or server, sans-IO.
//
// It consumes bytes and produces bytes; it never blocks, never owns a socket,
// never starts a thread (RFC 8446 is the specification; ARCHITECTURE.md the
// design). The caller moves bytes:
//
//   auto c = Connection::client(config, "www.example.com");
//   send(sock, c->take_output());             // the ClientHello
//   while (!c->handshake_done()) {
//     if (!c->receive(recv(sock))) break;     // failed: c->error() says why
//     send(sock, c->take_output());
//   }
//   c->write(request); send(sock, c->take_output());
//   c->receive(recv(sock)); auto reply = c->read();
//
// A failure ends the connection with exactly one alert (in take_output())
// whose Error names the rule broken and its RFC section; after that every call
// fails with the same Error. Nothing unauthenticated is ever returned by read().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/result.hpp"
#include "handshake/config.hpp"
#include "handshake/state_table.hpp"
#include "x509/certificate.hpp"

namespace glasstls::handshake {

// What the handshake settled on, for the application and the trace.
struct Negotiated {
  std::uint16_t version = 0;
  std::uint16_t cipher_suite = 0;
  std::uint16_t group = 0;             // 0 for psk_ke
  std::uint16_t signature_scheme = 0;  // the peer's CertificateVerify (0 when resumed)
  std::string alpn;
  std::string server_name;  // the SNI the client sent
  bool resumed = false;
  std::string_view
      aead_backend;  // which implementation seals our records: "aesni", "portable", ...
  bool hello_retry = false;
  // TLS 1.2: the master secret is bound to the handshake (RFC 7627).
  bool extended_master_secret = false;
  // The peer's chain as sent (leaf first), and after validation the path to
  // a trust anchor. A server without client authentication has neither.
  std::vector<x509::Certificate> peer_chain;
  std::vector<x509::Certificate> verified_path;
  // The verified peer identity: its subject (RFC 4514) and SAN entries.
  std::string peer_subject;
  std::vector<std::string> peer_names;
};

class Engine;

class Connection {
 public:
  // The Config is held by reference and must outlive the Connection; a
  // temporary Config does not compile.
  static std::unique_ptr<Connection> client(const Config& config, std::string server_name);
  static std::unique_ptr<Connection> server(const Config& config);
  static std::unique_ptr<Connection> client(const Config&& config, std::string) = delete;
  static std::unique_ptr<Connection> server(const Config&& config) = delete;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // TLS bytes from the peer, in any split.
  Result<void> receive(std::span<const std::uint8_t> bytes);
  // TLS bytes to send now (the caller must send them in order).
  std::vector<std::uint8_t> take_output();
  // Application data to protect and send (after the handshake).
  Result<void> write(std::span<const std::uint8_t> data);
  // Application data received so far (authenticated), and clears it.
  std::vector<std::uint8_t> read();
  // Sends close_notify (RFC 8446 §6.1): call it before closing the
  // transport; write() is refused afterwards.
  void close();
  // Sends a KeyUpdate (RFC 8446 §4.6.3), asking the peer to update too if
  // `request_peer` (TLS 1.3 only: TLS 1.2 has no KeyUpdate).
  Result<void> update_keys(bool request_peer);
  // For the conformance runner and tests: sends `message` (a whole handshake
  // message, header included, as built — or broken — by the caller) in a
  // handshake record under the current keys, without changing our state or
  // transcript. How the peer answers is what is being tested.
  Result<void> send_handshake_message(std::span<const std::uint8_t> message);
  // RFC 8446 §7.5 exporter (RFC 5705 interface), after the handshake.
  Result<std::vector<std::uint8_t>> export_keying_material(std::string_view label,
                                                           std::span<const std::uint8_t> context,
                                                           std::size_t length) const;

  State state() const;
  bool handshake_done() const;
  // The peer sent close_notify: no more data will come. In TLS 1.2 our own
  // close_notify is then already in take_output() (RFC 5246 §7.2.1: answer
  // at once); in TLS 1.3 our write side stays open (RFC 8446 §6.1) until
  // close().
  bool peer_closed() const;
  const Negotiated& negotiated() const;
  // The Error that ended the connection (ours or the peer's alert).
  const std::optional<Error>& error() const;

 private:
  explicit Connection(std::unique_ptr<Engine> engine);
  std::unique_ptr<Engine> engine_;
};

}  // namespace glasstls::handshake
