#include "net/socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace glasstls::net {

bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port,
                     std::string& problem) {
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      problem = "expected [IPv6]:PORT, got '" + text + "'";
      return false;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      problem = "expected HOST:PORT, got '" + text + "'";
      return false;
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  char* end = nullptr;
  const long p = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || p < 0 || p > 65535) {
    problem = "bad port '" + port_text + "'";
    return false;
  }
  port = static_cast<std::uint16_t>(p);
  return true;
}

namespace {

addrinfo* resolve(const std::string& host, std::uint16_t port, bool passive, std::string& problem) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  addrinfo* out = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &out);
      rc != 0) {
    problem = "cannot resolve '" + host + "': " + gai_strerror(rc);
    return nullptr;
  }
  return out;
}

}  // namespace

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

void close_fd(int fd) {
  if (fd >= 0) ::close(fd);
}

int listen_tcp(const std::string& host, std::uint16_t port, std::string& problem) {
  addrinfo* ai = resolve(host, port, true, problem);
  if (!ai) return -1;
  int fd = -1;
  for (addrinfo* a = ai; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 128) != 0) {
      problem =
          "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(ai);
  if (fd >= 0) set_nonblocking(fd);
  return fd;
}

int connect_tcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
                std::string& problem) {
  addrinfo* ai = resolve(host, port, false, problem);
  if (!ai) return -1;
  int fd = -1;
  for (addrinfo* a = ai; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    set_nonblocking(fd);
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = poll(&p, 1, static_cast<int>(timeout.count())) == 1 ? 0 : -1;
      int err = 0;
      socklen_t len = sizeof err;
      if (rc == 0) getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (rc != 0 || err != 0) {
        errno = rc != 0 ? ETIMEDOUT : err;
        rc = -1;
      }
    }
    if (rc != 0) {
      problem =
          "cannot connect to " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(ai);
  if (fd >= 0) {
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return fd;
}

bool send_all(int fd, std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, static_cast<int>(timeout.count())) != 1) return false;
      continue;
    }
    return false;
  }
  return true;
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close_fd(fd_);
    fd_ = other.release();
  }
  return *this;
}

Socket Socket::connect(const std::string& host, std::uint16_t port, milliseconds timeout,
                       std::string& problem) {
  return Socket(connect_tcp(host, port, timeout, problem));
}

Listener::Listener(const std::string& host, std::uint16_t port)
    : socket_(listen_tcp(host, port, problem_)) {
  if (!socket_) return;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(socket_.fd(), reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port_ = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  }
}

Socket Listener::accept(milliseconds timeout) {
  pollfd p{socket_.fd(), POLLIN, 0};
  const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready != 1) {
    problem_ = ready == 0 ? "no client connected in time" : std::strerror(errno);
    return Socket();
  }
  const int fd = ::accept(socket_.fd(), nullptr, nullptr);
  if (fd < 0) {
    problem_ = std::string("accept failed: ").append(std::strerror(errno));
    return Socket();
  }
  set_nonblocking(fd);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return Socket(fd);
}

}  // namespace glasstls::net
