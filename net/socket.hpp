// TCP sockets for programs that use GlassTLS: connect, listen, accept and send,
// with timeouts. The TLS core (record/, handshake/) never touches a socket —
// it is sans-IO — so this is the one place where bytes meet the network.
//
// POSIX only. Addresses are host names or numeric IPv4/IPv6 addresses.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

namespace glasstls::net {

using std::chrono::milliseconds;

// "127.0.0.1:8443", "[::1]:8443", "localhost:8443" -> host and port.
bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port,
                     std::string& problem);

// Low-level calls on file descriptors (the CLI's multi-client server uses
// them directly). Each returns -1 (or false) with `problem` set on failure.
int listen_tcp(const std::string& host, std::uint16_t port, std::string& problem);
int connect_tcp(const std::string& host, std::uint16_t port, milliseconds timeout,
                std::string& problem);
void set_nonblocking(int fd);
void close_fd(int fd);
// Sends all of `bytes` on a (possibly non-blocking) socket, waiting with poll
// up to `timeout` for room; false when the peer is gone or the time is up.
bool send_all(int fd, std::span<const std::uint8_t> bytes, milliseconds timeout);

// An owned, connected socket: closed by the destructor. Move-only.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { close_fd(fd_); }

  // Connects within `timeout`; an invalid Socket with `problem` set on failure.
  static Socket connect(const std::string& host, std::uint16_t port, milliseconds timeout,
                        std::string& problem);

  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }
  int fd() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// A listening socket. Port 0 asks the system for a free port; port() tells
// which one it gave.
class Listener {
 public:
  Listener(const std::string& host, std::uint16_t port);

  bool ok() const { return socket_.valid(); }
  const std::string& error() const { return problem_; }
  std::uint16_t port() const { return port_; }

  // The next client within `timeout`; an invalid Socket when none came
  // (error() says why).
  Socket accept(milliseconds timeout);

 private:
  Socket socket_;
  std::uint16_t port_ = 0;
  std::string problem_;
};

}  // namespace glasstls::net
