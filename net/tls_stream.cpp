#include "net/tls_stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace glasstls::net {

TlsStream TlsStream::connect(const handshake::Config& config, const std::string& host,
                             std::uint16_t port, const std::string& server_name,
                             milliseconds timeout) {
  std::string problem;
  Socket socket = Socket::connect(host, port, timeout, problem);
  if (!socket) return TlsStream(std::move(problem));
  TlsStream stream(std::move(socket),
                   handshake::Connection::client(config, server_name.empty() ? host : server_name),
                   timeout);
  stream.handshake();
  return stream;
}

TlsStream TlsStream::accept(Listener& listener, const handshake::Config& config,
                            milliseconds timeout) {
  Socket socket = listener.accept(timeout);
  if (!socket) return TlsStream(listener.error());
  TlsStream stream(std::move(socket), handshake::Connection::server(config), timeout);
  stream.handshake();
  return stream;
}

TlsStream::TlsStream(Socket socket, std::unique_ptr<handshake::Connection> connection,
                     milliseconds timeout)
    : socket_(std::move(socket)), conn_(std::move(connection)), timeout_(timeout) {}

bool TlsStream::fail(std::string problem) {
  if (problem_.empty()) problem_ = std::move(problem);
  return false;
}

bool TlsStream::flush() {
  auto out = conn_->take_output();
  if (!out.empty() && !send_all(socket_.fd(), out, timeout_)) {
    drain_alert();
    return fail("the connection was closed while sending");
  }
  return true;
}

// The peer closed the connection under us: it often said why first, in an
// alert now waiting in the socket (a TLS 1.3 server that refuses our
// certificate does so after our handshake is complete). Read what is there,
// without waiting, so error() can name the peer's reason.
void TlsStream::drain_alert() {
  std::uint8_t buf[4096];
  while (!conn_->error()) {
    const ssize_t n = ::recv(socket_.fd(), buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) return;
    (void)conn_->receive(std::span(buf, static_cast<std::size_t>(n)));
  }
}

// Sends what is pending, then waits for bytes from the peer and feeds them
// to the Connection (whose replies, or alert, are sent at once).
bool TlsStream::pump_once() {
  if (!flush()) return false;
  pollfd p{socket_.fd(), POLLIN, 0};
  const int ready = poll(&p, 1, static_cast<int>(timeout_.count()));
  if (ready == 0) return fail("timed out waiting for the peer");
  std::uint8_t buf[16384];
  const ssize_t n = ::recv(socket_.fd(), buf, sizeof buf, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
  // A TCP end without close_notify is an error, not the end of the data:
  // RFC 8446 §6.1: "If the application protocol using TLS provides that any
  // data may be carried over the underlying transport after the TLS
  // connection is closed, the TLS implementation MUST receive a
  // "close_notify" alert before indicating end-of-data to the application
  // layer."
  if (n <= 0) {
    eof_ = true;
    return fail("the peer closed the TCP connection");
  }
  const bool received = conn_->receive(std::span(buf, static_cast<std::size_t>(n))).ok();
  (void)flush();  // our reply, or our alert
  return received;
}

bool TlsStream::handshake() {
  if (!ok()) return false;
  while (!conn_->handshake_done()) {
    if (!pump_once()) return false;
  }
  return flush();
}

bool TlsStream::write(std::span<const std::uint8_t> data) {
  if (!ok()) return false;
  return conn_->write(data).ok() && flush();
}

bool TlsStream::write(std::string_view text) {
  return write(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::vector<std::uint8_t> TlsStream::read() {
  if (!conn_) return {};
  for (;;) {
    auto data = conn_->read();
    if (!data.empty()) return data;
    if (conn_->peer_closed() || eof_ || !ok()) return {};
    if (!pump_once()) return {};
  }
}

std::string TlsStream::read_all() {
  std::string text;
  for (auto data = read(); !data.empty(); data = read()) {
    text.append(reinterpret_cast<const char*>(data.data()), data.size());
  }
  return text;
}

void TlsStream::close() {
  if (!conn_ || conn_->error()) return;
  conn_->close();
  (void)flush();
}

std::string TlsStream::error() const {
  if (conn_ && conn_->error()) return conn_->error()->describe();
  return problem_;
}

}  // namespace glasstls::net
