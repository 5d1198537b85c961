#include "conformance/peer_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "net/socket.hpp"

namespace glasstls::conformance {

std::uint16_t free_port() {
  net::Listener listener("127.0.0.1", 0);
  return listener.ok() ? listener.port() : 0;
}

bool PeerProcess::launch(const std::string& command, std::uint16_t port,
                         const std::string& log_path, std::string& problem) {
  port_ = port;
  std::string line = command;
  for (auto at = line.find("{port}"); at != std::string::npos; at = line.find("{port}", at)) {
    line.replace(at, 6, std::to_string(port_));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    problem = "fork failed";
    return false;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = log_path.empty() ? ::open("/dev/null", O_WRONLY)
                                     : ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in >= 0) ::dup2(in, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  pid_ = pid;
  return true;
}

bool PeerProcess::start(const std::string& command, const std::string& log_path,
                        std::chrono::milliseconds wait, std::string& problem) {
  port_ = free_port();
  if (port_ == 0) {
    problem = "no free port on 127.0.0.1";
    return false;
  }
  if (!launch(command, port_, log_path, problem)) return false;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      problem = "the peer exited before accepting connections: " + command;
      return false;
    }
    std::string ignored;
    net::Socket probe =
        net::Socket::connect("127.0.0.1", port_, std::chrono::milliseconds(200), ignored);
    if (probe) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  problem = "the peer did not accept connections on port " + std::to_string(port_) + ": " + command;
  stop();
  return false;
}

void PeerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGTERM);
  for (int i = 0; i < 20; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace glasstls::conformance
