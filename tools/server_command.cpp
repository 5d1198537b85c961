// `glasstls server --listen HOST:PORT --cert C --key K`: a TLS 1.3 and 1.2 server in
// the habits of `openssl s_server`. One thread, one poll() loop: many
// connections at once, each with a handshake deadline, a bound on how many
// are open, and nothing one client sends can stall or stop the others.
//
// Modes: echo (default: application data comes back), --http (each request
// gets a 200 page that shows the client its own handshake — the HTML trace of
// that very connection, recorded by a sink of its own — then close_notify,
// like `s_server -www`), --http-root
// DIR (GET /NAME answers with the bytes of DIR/NAME, which hold the whole HTTP
// response, like `s_server -HTTP`; nothing outside DIR is served).
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/core.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "handshake/connection.hpp"
#include "net/tls_stream.hpp"
#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "tools/lessons.hpp"
#include "tools/tls_options.hpp"
#include "trace/html_renderer.hpp"
#include "trace/json_export.hpp"

namespace glasstls::tools {

namespace {

using Clock = std::chrono::steady_clock;

struct ServerArgs : TlsArgs {
  std::string listen;
  std::vector<std::string> certs, keys;
  std::string client_ca, verify_client = "none", http_root;
  bool http = false;
  std::size_t tickets = 2, max_connections = 256;
  int handshake_timeout = 10, idle_timeout = 60;
  long accept_count = -1;  // stop after this many connections have ended (tests)
};

struct Client {
  // --http: this connection's own events (the server's side), for its page;
  // the connection holds its Config and sink by reference, so they come first
  // and are destroyed last.
  std::unique_ptr<trace::JsonTrace> trace;
  std::unique_ptr<TeeSink> sink;
  std::unique_ptr<handshake::Config> config;
  std::unique_ptr<handshake::Connection> conn;
  Clock::time_point deadline;
  std::string request;  // --http: the request so far
  bool announced = false;
};

// The response for GET /NAME under --http-root: the file's bytes as they are,
// or a 404. NAME may not leave the directory.
std::string http_root_response(const std::filesystem::path& root, const std::string& request) {
  const std::string not_found = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  if (request.rfind("GET /", 0) != 0) return not_found;
  const auto end = request.find(' ', 5);
  const std::string name =
      request.substr(5, end == std::string::npos ? std::string::npos : end - 5);
  if (name.empty() || name.find("..") != std::string::npos || name.find('/') != std::string::npos) {
    return not_found;
  }
  x509::Bytes bytes;
  std::string problem;
  if (!read_file((root / name).string(), bytes, problem)) return not_found;
  return std::string(bytes.begin(), bytes.end());
}

// --http: the page that shows the visiting client its own handshake
// (trace/html_renderer.hpp): its ClientHello, field by field, and what the
// server chose and why.
std::string http_trace_page(trace::JsonTrace& t, const handshake::Negotiated& n) {
  t.connection_string("version", handshake::version_name(n.version));
  t.connection_string("cipher_suite", handshake::cipher_suite_name(n.cipher_suite));
  t.connection_number("cipher_suite_code", n.cipher_suite);
  t.connection_string("group", n.group ? handshake::group_name(n.group) : "");
  t.connection_string("alpn", n.alpn);
  t.connection_string("server_name", n.server_name);
  t.connection_bool("resumed", n.resumed);
  t.connection_bool("hello_retry_request", n.hello_retry);
  t.connection_bool("mutual_tls", !n.peer_chain.empty());
  std::vector<std::string> client_chain;
  for (const auto& c : n.peer_chain) client_chain.push_back(c.subject().to_string());
  t.connection_strings("client_chain", client_chain);
  const std::string body = trace::render_html(
      t.json(), fmt::format("your {} connection{}", handshake::version_name(n.version),
                            n.server_name.empty() ? "" : " to " + n.server_name));
  return fmt::format(
      "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
      "{}\r\n\r\n{}",
      body.size(), body);
}

std::string http_page(const handshake::Negotiated& n) {
  const std::string body = fmt::format(
      "<html><body><h1>GlassTLS</h1><p>{} {} group {}{}</p></body></html>\n",
      handshake::version_name(n.version), handshake::cipher_suite_name(n.cipher_suite),
      handshake::group_name(n.group), n.peer_subject.empty() ? "" : ", client " + n.peer_subject);
  return fmt::format("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{}",
                     body.size(), body);
}

class Server {
 public:
  Server(const ServerArgs& a, const handshake::Config& config) : args_(a), config_(config) {}

  int run(int listener) {
    for (;;) {
      if (args_.accept_count >= 0 && finished_ >= args_.accept_count && clients_.empty()) return 0;
      std::vector<pollfd> fds{{listener, POLLIN, 0}};
      for (const auto& [fd, c] : clients_) fds.push_back({fd, POLLIN, 0});
      if (poll(fds.data(), fds.size(), 250) < 0 && errno != EINTR) return 1;
      if (fds[0].revents & POLLIN) accept_all(listener);
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) serve(fds[i].fd);
      }
      expire();
    }
  }

 private:
  void accept_all(int listener) {
    for (;;) {
      const int fd = accept(listener, nullptr, nullptr);
      if (fd < 0) return;
      // A bound on open connections: past it, new ones are closed at once.
      if (clients_.size() >= args_.max_connections) {
        net::close_fd(fd);
        continue;
      }
      net::set_nonblocking(fd);
      Client c;
      c.deadline = Clock::now() + std::chrono::seconds(args_.handshake_timeout);
      if (args_.http && args_.http_root.empty()) {
        c.trace = std::make_unique<trace::JsonTrace>(false);
        c.sink = std::make_unique<TeeSink>();
        c.sink->add(config_.trace);
        c.sink->add(&c.trace->server());
        c.config = std::make_unique<handshake::Config>(config_);
        c.config->trace = c.sink.get();
      }
      c.conn = handshake::Connection::server(c.config ? *c.config : config_);
      clients_[fd] = std::move(c);
    }
  }

  // The lesson of a failed handshake (tools/lessons.hpp): in full the first
  // time a kind of problem comes up, a one-line reference after that, so
  // that clients failing on purpose cannot flood the log.
  void explain(int fd, const Client& c) {
    const auto e = explain_live(*c.conn, c.config ? *c.config : config_, handshake::Role::server);
    const Diagnosis& d = e.diagnosis;
    const auto kind = std::tuple(d.problem, d.peer_decided, d.client_certificate);
    if (explained_.insert(kind).second) {
      fmt::print(stderr, "{}", e.text);
    } else {
      fmt::print(stderr, "[{}]   {} (explained above)\n", fd, diagnosis_name(d));
    }
  }

  void drop(int fd) {
    net::close_fd(fd);
    clients_.erase(fd);
    ++finished_;
  }

  bool flush(int fd, Client& c) {
    auto out = c.conn->take_output();
    return out.empty() || net::send_all(fd, out, std::chrono::milliseconds(200));
  }

  void serve(int fd) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    Client& c = it->second;
    std::uint8_t buf[16384];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) return drop(fd);
    const bool ok = c.conn->receive(std::span(buf, static_cast<std::size_t>(n))).ok();
    if (!ok) {
      fmt::print(stderr, "[{}] failed: {}\n", fd, c.conn->error()->describe());
      explain(fd, c);
      (void)flush(fd, c);  // our alert
      return drop(fd);
    }
    if (c.conn->handshake_done() && !c.announced) {
      c.announced = true;
      c.deadline = Clock::now() + std::chrono::seconds(args_.idle_timeout);
      const auto& neg = c.conn->negotiated();
      fmt::print(stderr, "[{}] connected: {} {} group {}{}{}\n", fd,
                 handshake::version_name(neg.version),
                 handshake::cipher_suite_name(neg.cipher_suite), handshake::group_name(neg.group),
                 neg.alpn.empty() ? "" : " ALPN " + neg.alpn,
                 neg.peer_subject.empty() ? "" : " client " + neg.peer_subject);
    }
    respond(c);
    if (c.conn->peer_closed()) c.conn->close();
    const bool sent = flush(fd, c);
    if (!sent || c.conn->peer_closed() || c.conn->state() == handshake::State::closed) drop(fd);
  }

  void respond(Client& c) {
    auto data = c.conn->read();
    if (data.empty()) return;
    if (!args_.http && args_.http_root.empty()) {
      (void)c.conn->write(data);  // echo
      return;
    }
    c.request.append(data.begin(), data.end());
    if (c.request.size() > 16384) c.request.clear();  // no request is that long
    if (c.request.find("\r\n\r\n") == std::string::npos) return;
    const std::string reply = !args_.http_root.empty()
                                  ? http_root_response(args_.http_root, c.request)
                              : c.trace ? http_trace_page(*c.trace, c.conn->negotiated())
                                        : http_page(c.conn->negotiated());
    (void)c.conn->write({reinterpret_cast<const std::uint8_t*>(reply.data()), reply.size()});
    c.conn->close();
    c.request.clear();
  }

  void expire() {
    const auto now = Clock::now();
    std::vector<int> late;
    for (const auto& [fd, c] : clients_) {
      // --step: a learner reading a handshake is not a stalled client.
      if (now > c.deadline && (c.announced || args_.step.empty())) late.push_back(fd);
    }
    for (int fd : late) {
      fmt::print(stderr, "[{}] closed: {} timeout\n", fd,
                 clients_[fd].announced ? "idle" : "handshake");
      drop(fd);
    }
  }

  const ServerArgs& args_;
  const handshake::Config& config_;
  std::map<int, Client> clients_;
  long finished_ = 0;
  std::set<std::tuple<Problem, bool, bool>> explained_;  // the kinds of failure explained
};

int run_server(const ServerArgs& a) {
  std::string host, problem;
  std::uint16_t port = 0;
  if (!net::split_host_port(a.listen, host, port, problem)) {
    fmt::print(stderr, "error: --listen: {}\n", problem);
    return 2;
  }
  handshake::Config config;
  if (!apply_tls_lists(a, config, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  if (a.certs.empty() || a.certs.size() != a.keys.size()) {
    fmt::print(stderr, "error: give --cert and --key, as many of one as of the other\n");
    return 2;
  }
  for (std::size_t i = 0; i < a.certs.size(); ++i) {
    std::shared_ptr<const x509::KeyStore> identity;
    if (!load_identity(a.certs[i], a.keys[i], identity, problem)) {
      fmt::print(stderr, "error: --cert/--key: {}\n", problem);
      return 2;
    }
    config.identities.push_back(identity);
  }
  x509::TrustStore client_cas;
  if (a.verify_client == "optional" || a.verify_client == "required") {
    config.client_auth = a.verify_client == "optional" ? handshake::ClientAuth::optional
                                                       : handshake::ClientAuth::required;
    if (a.client_ca.empty() || !load_trust(a.client_ca, client_cas, problem)) {
      fmt::print(stderr, "error: --verify-client {} needs --client-ca FILE{}\n", a.verify_client,
                 problem.empty() ? "" : ": " + problem);
      return 2;
    }
    config.trust = &client_cas;
  } else if (a.verify_client != "none") {
    fmt::print(stderr, "error: --verify-client is none, optional or required\n");
    return 2;
  }
  config.tickets_per_handshake = a.tickets;
  if (a.tickets > 0) config.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  // TLS 1.2 clients that do not take tickets resume by session ID.
  config.server_session_cache = std::make_shared<handshake::ServerSessionCache>(1024);
  Sinks sinks;
  if (!sinks.open(a, "server", problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  config.trace = sinks.sink();

  const int listener = net::listen_tcp(host, port, problem);
  if (listener < 0) {
    fmt::print(stderr, "error: {}\n", problem);
    return 1;
  }
  std::signal(SIGPIPE, SIG_IGN);
  fmt::print(stderr, "listening on {}\n", a.listen);
  Server server(a, config);
  const int rc = server.run(listener);
  net::close_fd(listener);
  return rc;
}

}  // namespace

void add_server_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServerArgs>();
  auto* cmd =
      app.add_subcommand("server", "Serve TLS 1.3 and 1.2: echo, --http or --http-root DIR");
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on, e.g. 127.0.0.1:8443")
      ->required();
  cmd->add_option("--cert", args->certs,
                  "a certificate chain (repeat with --key for several identities)");
  cmd->add_option("--key", args->keys, "the private key of the --cert before it");
  cmd->add_option("--client-ca", args->client_ca, "the CA(s) that vouch for client certificates");
  cmd->add_option("--verify-client", args->verify_client, "none | optional | required");
  add_tls_options(*cmd, *args, handshake::Role::server);
  cmd->add_option(
      "--tickets", args->tickets,
      "session tickets sent after each full TLS 1.3 handshake (0: no tickets in TLS 1.3 or 1.2)");
  cmd->add_option("--max-connections", args->max_connections, "connections open at once");
  cmd->add_option("--handshake-timeout", args->handshake_timeout, "seconds a handshake may take");
  cmd->add_option("--idle-timeout", args->idle_timeout, "seconds a quiet connection is kept");
  cmd->add_option("--accept-count", args->accept_count, "exit after this many connections (tests)");
  cmd->add_flag("--http", args->http,
                "answer each HTTP GET with a page that shows the client its own handshake, then "
                "close");
  cmd->add_option("--http-root", args->http_root, "answer GET /NAME with the bytes of DIR/NAME");
  cmd->callback([args, &exit_code] { exit_code = run_server(*args); });
}

}  // namespace glasstls::tools
