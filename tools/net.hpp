// Sockets for the command-line tool (the only layer with sockets): TCP
// listen/accept/connect on numeric addresses, and a blocking TLS stream that
// moves bytes between a socket and a sans-IO handshake::Connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "handshake/connection.hpp"

namespace glasstls::tools::net {

// "127.0.0.1:8443", "[::1]:8443", "localhost:8443" -> host and port.
bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port,
                     std::string& problem);

// A listening socket (SO_REUSEADDR, non-blocking); -1 with `problem` set.
int listen_tcp(const std::string& host, std::uint16_t port, std::string& problem);
// A connected socket within `timeout`; -1 with `problem` set.
int connect_tcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
                std::string& problem);
void set_nonblocking(int fd);
void close_fd(int fd);

// Sends all of `bytes` on a (possibly non-blocking) socket, waiting with poll
// up to `timeout`; false when the peer is gone or the time is up.
bool send_all(int fd, std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout);

// A blocking TLS stream over a connected socket.
class TlsStream {
 public:
  TlsStream(int fd, std::unique_ptr<handshake::Connection> connection,
            std::chrono::milliseconds timeout)
      : fd_(fd), conn_(std::move(connection)), timeout_(timeout) {}
  ~TlsStream();

  // Runs the handshake to the end; false on failure (error() says why).
  bool handshake();
  bool write(std::span<const std::uint8_t> data);
  // Application data when some arrives; empty at the peer's close or on error.
  std::vector<std::uint8_t> read();
  void close();
  handshake::Connection& connection() { return *conn_; }
  // Why the stream failed: the TLS error, or a socket problem.
  std::string error() const;

 private:
  bool flush();
  bool pump_once();

  int fd_;
  std::unique_ptr<handshake::Connection> conn_;
  std::chrono::milliseconds timeout_;
  std::string problem_;
  bool eof_ = false;
};

}  // namespace glasstls::tools::net
