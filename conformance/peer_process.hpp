// The peer under test as a child process: `--peer "openssl s_server -accept
// {port} ..."` is started through /bin/sh on a free port, waited for until it
// accepts connections, and stopped (its whole process group) at the end.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace glasstls::conformance {

class PeerProcess {
 public:
  PeerProcess() = default;
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;
  ~PeerProcess() { stop(); }

  // Replaces every {port} in `command` with a free port of 127.0.0.1 and
  // starts it (output to `log_path`, or discarded when empty); then waits up
  // to `wait` until the port accepts a connection. False with `problem`.
  bool start(const std::string& command, const std::string& log_path,
             std::chrono::milliseconds wait, std::string& problem);
  // Starts `command` with {port} replaced by `port`, without waiting (for a
  // client under test that connects to us).
  bool launch(const std::string& command, std::uint16_t port, const std::string& log_path,
              std::string& problem);
  std::uint16_t port() const { return port_; }
  // SIGTERM to the process group, SIGKILL after a second; idempotent.
  void stop();

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// A port of 127.0.0.1 that was free a moment ago (0 if none).
std::uint16_t free_port();

}  // namespace glasstls::conformance
