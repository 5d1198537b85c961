// mbedtls_peer: an mbedTLS 2.28 TLS 1.2 server or client over TCP, for
// `glasstls conformance --peer` (docs/conformance.md). Debian ships mbedTLS's
// library but not its ssl_server2 / ssl_client2 programs; this is the small
// part of them the conformance runner needs, on the in-process wrapper the
// TLS 1.2 oracle tests use (tests/tls12/mbedtls_peer.hpp), with mbedTLS's
// default cipher suites, groups and signature hashes.
//
//   mbedtls_peer server --port N --cert C --key K [--ca CA --verify none|optional|required]
//                       [--timeout MS] [--idle S]
//   mbedtls_peer client --connect 127.0.0.1:N --ca CA [--servername NAME]
//                       [--cert C --key K] [--send TEXT] [--timeout MS]
//
// TLS 1.2 only: mbedTLS 2.28's TLS 1.3 is experimental (and not built in
// Debian's package), so it is left out. Loopback only (127.0.0.1).
//
// The server listens as soon as it starts (the runner's "ready": the port
// accepts connections), serves one connection at a time, and echoes the
// application data it reads until the client's close_notify, which it
// answers. It exits when no connection came for --idle seconds (default 60),
// or on SIGTERM. The client connects, handshakes, sends --send TEXT and
// prints the echo, then sends close_notify and exits: 0 when the handshake
// completed, 1 otherwise. Every wait on the other side is bounded by
// --timeout (default 10000 ms). One line per connection on stdout says what
// happened (the suite, or mbedTLS's error and the alert received).
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "handshake/codepoints.hpp"
#include "net/socket.hpp"
#include "tests/support/test_support.hpp"
#include "tests/tls12/mbedtls_peer.hpp"

namespace {

using glasstls::test::MbedPeer;
using glasstls::test::MbedPeerOptions;
using std::chrono::milliseconds;

constexpr const char* kUsage =
    "usage: mbedtls_peer server --port N --cert C --key K [--ca CA --verify "
    "none|optional|required] [--timeout MS] [--idle S]\n"
    "       mbedtls_peer client --connect 127.0.0.1:N --ca CA [--servername NAME] "
    "[--cert C --key K] [--send TEXT] [--timeout MS]\n";

struct Args {
  std::string role;
  std::map<std::string, std::string> values;  // "--port" -> "4433"
  std::string get(const std::string& name, const std::string& fallback = {}) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

std::optional<Args> parse(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  Args a;
  a.role = argv[1];
  if (a.role != "server" && a.role != "client") return std::nullopt;
  static const char* const kKnown[] = {"--port", "--cert",       "--key",  "--ca",
                                       "--verify", "--connect", "--servername", "--send",
                                       "--timeout", "--idle"};
  for (int i = 2; i < argc; i += 2) {
    const std::string name = argv[i];
    if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown) || i + 1 >= argc) {
      return std::nullopt;
    }
    a.values[name] = argv[i + 1];
  }
  return a;
}

glasstls::x509::Bytes file_bytes(const std::string& path) {
  const std::string text = glasstls::test::read_file(path);
  return {text.begin(), text.end()};
}

// --cert and --key as a key store (nullopt when not given; exits on a bad file).
std::optional<glasstls::x509::KeyStore> load_identity(const Args& a) {
  if (a.get("--cert").empty() && a.get("--key").empty()) return std::nullopt;
  std::string problem;
  auto store = glasstls::x509::KeyStore::load(
      {{a.get("--cert"), file_bytes(a.get("--cert"))}, {a.get("--key"), file_bytes(a.get("--key"))}},
      problem);
  if (!store) {
    std::fprintf(stderr, "mbedtls_peer: %s\n",
                 problem.empty() ? store.error().describe().c_str() : problem.c_str());
    std::exit(2);
  }
  return std::move(*store);
}

std::optional<glasstls::x509::TrustStore> load_trust(const Args& a) {
  if (a.get("--ca").empty()) return std::nullopt;
  glasstls::x509::TrustStore trust;
  const auto problems = trust.add_pem(a.get("--ca"), glasstls::test::read_file(a.get("--ca")));
  if (!problems.empty() || trust.size() == 0) {
    std::fprintf(stderr, "mbedtls_peer: %s holds no usable certificate\n", a.get("--ca").c_str());
    std::exit(2);
  }
  return trust;
}

// Moves bytes between a socket and the MbedPeer.
class Pump {
 public:
  Pump(int fd, MbedPeer& peer, milliseconds timeout) : fd_(fd), peer_(peer), timeout_(timeout) {}

  bool flush() {
    const auto out = peer_.take_output();
    return out.empty() || glasstls::net::send_all(fd_, out, timeout_);
  }
  // Waits up to the timeout for bytes and gives them to the peer; false at
  // the end of the stream or the timeout (`why` says which).
  bool receive(std::string& why) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout_.count())) <= 0) {
      why = "no answer within " + std::to_string(timeout_.count()) + " ms";
      return false;
    }
    std::uint8_t buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      why = "the other side closed the connection";
      return false;
    }
    peer_.receive({buffer, static_cast<std::size_t>(n)});
    return true;
  }

 private:
  int fd_;
  MbedPeer& peer_;
  milliseconds timeout_;
};

std::string failure(const MbedPeer& peer) {
  char code[16];
  std::snprintf(code, sizeof code, "-0x%04x", static_cast<unsigned>(-peer.error()));
  std::string text = std::string("mbedTLS error ") + code + " (" + peer.error_text() + ")";
  if (peer.received_alert()) text += ", alert " + std::to_string(*peer.received_alert()) + " received";
  return text;
}

// The handshake; on success the line to print starts with "handshake done".
bool handshake(MbedPeer& peer, Pump& pump, std::string& line) {
  for (;;) {
    const auto status = peer.handshake();
    const bool sent = pump.flush();  // an alert mbedTLS sent on failure too
    if (status == MbedPeer::Status::done) {
      line = std::string("handshake done: TLS 1.2 ") +
             glasstls::handshake::cipher_suite_name(peer.cipher_suite());
      return true;
    }
    if (status == MbedPeer::Status::failed) {
      line = "handshake failed: " + failure(peer);
      return false;
    }
    std::string why;
    if (!sent || !pump.receive(why)) {
      line = "handshake failed: " + (sent ? why : std::string("cannot send"));
      return false;
    }
  }
}

// After the handshake: echo application data until close_notify (answered),
// the end of the stream, an mbedTLS error or the timeout.
std::string echo(MbedPeer& peer, Pump& pump) {
  for (;;) {
    std::vector<std::uint8_t> data;
    const bool ok = peer.read(data);
    if (ok && !data.empty()) (void)peer.write(data);
    if (!pump.flush()) return "cannot send";
    if (!ok) return failure(peer);
    if (peer.peer_closed()) {
      (void)peer.close_notify();
      (void)pump.flush();
      return "close_notify received and answered";
    }
    std::string why;
    if (!pump.receive(why)) return why;
  }
}

int run_server(const Args& a, milliseconds timeout) {
  const auto port = static_cast<std::uint16_t>(std::stoul(a.get("--port", "0")));
  const auto identity = load_identity(a);
  const auto trust = load_trust(a);
  if (!identity) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  MbedPeerOptions o;
  o.server = true;
  o.identity = &*identity;
  if (trust) o.trust = &*trust;
  const std::string verify = a.get("--verify", "none");
  if (verify == "optional") {
    o.client_auth = glasstls::handshake::ClientAuth::optional;
  } else if (verify == "required") {
    o.client_auth = glasstls::handshake::ClientAuth::required;
  } else if (verify != "none") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (o.client_auth != glasstls::handshake::ClientAuth::none && !trust) {
    std::fputs("mbedtls_peer: --verify optional|required needs --ca\n", stderr);
    return 2;
  }
  glasstls::net::Listener listener("127.0.0.1", port);
  if (!listener.ok()) {
    std::fprintf(stderr, "mbedtls_peer: %s\n", listener.error().c_str());
    return 2;
  }
  std::printf("listening on 127.0.0.1:%u (TLS 1.2, mbedTLS 2.28)\n", listener.port());
  std::fflush(stdout);
  const milliseconds idle(std::stoul(a.get("--idle", "60")) * 1000);
  std::random_device seeds;
  for (unsigned n = 1;; ++n) {
    glasstls::net::Socket socket = listener.accept(idle);
    if (!socket) {
      std::printf("no connection for %lld s: exiting\n", static_cast<long long>(idle.count() / 1000));
      return 0;
    }
    o.seed = (static_cast<std::uint64_t>(seeds()) << 32) | seeds();
    MbedPeer peer(o);
    Pump pump(socket.fd(), peer, timeout);
    std::string line;
    if (handshake(peer, pump, line)) line += "; then " + echo(peer, pump);
    std::printf("connection %u: %s\n", n, line.c_str());
    std::fflush(stdout);
  }
}

int run_client(const Args& a, milliseconds timeout) {
  std::string host, problem;
  std::uint16_t port = 0;
  const auto trust = load_trust(a);
  if (!trust || !glasstls::net::split_host_port(a.get("--connect"), host, port, problem) ||
      host != "127.0.0.1") {
    std::fputs(problem.empty() ? kUsage : (problem + "\n").c_str(), stderr);
    return 2;
  }
  const auto identity = load_identity(a);
  MbedPeerOptions o;
  o.identity = identity ? &*identity : nullptr;
  o.trust = &*trust;
  o.server_name = a.get("--servername", "localhost");
  std::random_device seeds;
  o.seed = (static_cast<std::uint64_t>(seeds()) << 32) | seeds();
  glasstls::net::Socket socket = glasstls::net::Socket::connect(host, port, timeout, problem);
  if (!socket) {
    std::printf("cannot connect: %s\n", problem.c_str());
    return 1;
  }
  MbedPeer peer(o);
  Pump pump(socket.fd(), peer, timeout);
  std::string line;
  const bool done = handshake(peer, pump, line);
  std::printf("%s\n", line.c_str());
  if (!done) return 1;
  const std::string text = a.get("--send");
  if (!text.empty()) {
    std::vector<std::uint8_t> got;
    bool ok = peer.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    std::string why;
    while (ok && pump.flush() && got.size() < text.size() && !peer.peer_closed() &&
           pump.receive(why)) {
      ok = peer.read(got);
    }
    std::printf("received: %s\n", std::string(got.begin(), got.end()).c_str());
  }
  (void)peer.close_notify();
  (void)pump.flush();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  const auto args = parse(argc, argv);
  if (!args) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const milliseconds timeout(std::stoul(args->get("--timeout", "10000")));
  return args->role == "server" ? run_server(*args, timeout) : run_client(*args, timeout);
}
