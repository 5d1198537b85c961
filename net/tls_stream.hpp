// TlsStream: a blocking TLS connection over a TCP socket, for programs that
// want `connect, write, read, close` and nothing more.
//
// It moves bytes between a Socket and a sans-IO handshake::Connection (which
// does all of TLS). A client in a few lines:
//
//   glasstls::handshake::Config config;
//   config.trust = &roots;                       // the CAs we trust
//   auto tls = glasstls::net::TlsStream::connect(config, "example.com", 443);
//   if (!tls.ok()) { std::cerr << tls.error() << "\n"; return 1; }
//   tls.write("GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
//   std::cout << tls.read_all();
//
// Every call blocks at most `timeout` waiting for the peer. The first failure
// (a TLS alert, sent or received, or a socket problem) ends the stream:
// ok() turns false and error() says why in one line.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "handshake/connection.hpp"
#include "net/socket.hpp"

namespace glasstls::net {

inline constexpr milliseconds kDefaultTimeout{10000};

class TlsStream {
 public:
  // A TLS client: TCP connect to host:port, then the whole handshake.
  // `server_name` (SNI and the name checked in the certificate) defaults to
  // `host`. The Config must outlive the stream.
  static TlsStream connect(const handshake::Config& config, const std::string& host,
                           std::uint16_t port, const std::string& server_name = {},
                           milliseconds timeout = kDefaultTimeout);
  // A TLS server: waits for one client on `listener`, then the whole handshake.
  static TlsStream accept(Listener& listener, const handshake::Config& config,
                          milliseconds timeout = kDefaultTimeout);

  // Over an already connected socket; run handshake() next.
  TlsStream(Socket socket, std::unique_ptr<handshake::Connection> connection,
            milliseconds timeout = kDefaultTimeout);
  TlsStream(TlsStream&&) noexcept = default;
  TlsStream& operator=(TlsStream&&) noexcept = default;

  // Runs the handshake to its end; false on failure.
  bool handshake();
  // Protects and sends application data; false on failure.
  bool write(std::span<const std::uint8_t> data);
  bool write(std::string_view text);
  // The next application data to arrive; empty when the peer has closed
  // (peer_closed()) or on failure (!ok()).
  std::vector<std::uint8_t> read();
  // Everything until the peer's close_notify, as text.
  std::string read_all();
  // Sends close_notify (our half of the connection ends; we can still read).
  void close();

  bool ok() const { return problem_.empty() && conn_ && !conn_->error(); }
  explicit operator bool() const { return ok(); }
  bool peer_closed() const { return conn_ && conn_->peer_closed(); }
  // Why the stream failed: the TLS error (with its RFC rule) or the socket problem.
  std::string error() const;

  handshake::Connection& connection() { return *conn_; }
  // The TLS connection, or null when there is none (the TCP connect failed).
  const handshake::Connection* tls() const { return conn_.get(); }
  const handshake::Negotiated& negotiated() const { return conn_->negotiated(); }

 private:
  explicit TlsStream(std::string problem) : problem_(std::move(problem)) {}
  bool flush();
  void drain_alert();
  bool pump_once();
  bool fail(std::string problem);

  Socket socket_;
  std::unique_ptr<handshake::Connection> conn_;
  milliseconds timeout_ = kDefaultTimeout;
  std::string problem_;
  bool eof_ = false;
};

}  // namespace glasstls::net
