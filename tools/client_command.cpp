// `glasstls client HOST:PORT`: a TLS 1.3 and 1.2 client in the habits of
// `openssl s_client`: it sends what it reads on stdin, prints what the server
// sends on stdout, and exits 0 after a clean close, 1 when the handshake (or
// the connection) fails — with the alert explained — and 2 on usage errors.
#include <unistd.h>

#include <fmt/core.h>

#include <iostream>
#include <iterator>

#include "crypto/ct.hpp"
#include "handshake/connection.hpp"
#include "net/tls_stream.hpp"
#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "tools/lessons.hpp"
#include "tools/tls_options.hpp"
#include "x509/pem.hpp"

namespace glasstls::tools {

namespace {

struct ClientArgs : TlsArgs {
  std::string target;
  std::string ca, cert, key, servername, sess_in, sess_out;
  std::string profile = "webpki";  // --profile: how the server's chain is validated
  std::optional<std::string> public_suffix_list;
  bool insecure = false;
  int timeout = 10;
};

void print_summary(const handshake::Negotiated& n) {
  fmt::print(stderr, "connected: {} {} group {} signature {}{}{}\n",
             handshake::version_name(n.version), handshake::cipher_suite_name(n.cipher_suite),
             n.group ? handshake::group_name(n.group) : std::string("(none)"),
             n.signature_scheme ? handshake::signature_scheme_name(n.signature_scheme) : "(none)",
             n.alpn.empty() ? "" : " ALPN " + n.alpn, n.resumed ? " (resumed)" : "");
  if (!n.peer_subject.empty()) fmt::print(stderr, "server certificate: {}\n", n.peer_subject);
}

// A saved session (--sess-out, --sess-in): the ticket and what the client
// remembers with it — the resumption PSK among it, so the file is a secret
// (written with mode 0600).
constexpr std::string_view kSessionLabel = "GLASSTLS SESSION";

bool load_session(const std::string& path, const std::string& server_name,
                  handshake::ClientSessionCache& cache, std::string& problem) {
  x509::Bytes text;
  if (!read_file(path, text, problem)) return false;
  auto der = x509::pem_decode_one({reinterpret_cast<const char*>(text.data()), text.size()},
                                  kSessionLabel);
  crypto::ct::secure_wipe(text.data(), text.size());
  if (!der) {
    problem = path + ": no " + std::string(kSessionLabel) + " block: " + der.error().describe();
    return false;
  }
  auto entry = handshake::ClientSessionCache::Entry::decode(*der);
  crypto::ct::secure_wipe(der->data(), der->size());
  if (!entry) {
    problem = path + ": not a session this program saved";
    return false;
  }
  cache.put(server_name, std::move(*entry));
  return true;
}

// Saves the newest ticket the server sent for `server_name`, if any.
bool save_session(const std::string& path, const std::string& server_name,
                  handshake::ClientSessionCache& cache, std::int64_t now, std::string& problem) {
  auto entry = cache.take(server_name, now);
  if (!entry) {
    fmt::print(stderr, "note: the server sent no ticket: nothing saved to {}\n", path);
    return true;
  }
  auto bytes = entry->encode();
  if (!bytes) {
    problem = bytes.error().describe();
    return false;
  }
  std::string pem = x509::pem_encode(kSessionLabel, *bytes);
  crypto::ct::secure_wipe(bytes->data(), bytes->size());
  const bool ok = write_file(path, pem, /*secret=*/true, problem);
  crypto::ct::secure_wipe(pem.data(), pem.size());
  if (ok) fmt::print(stderr, "session saved to {} (it holds a secret: keep it private)\n", path);
  return ok;
}

int run_client(const ClientArgs& a) {
  std::string host, problem;
  std::uint16_t port = 0;
  if (!net::split_host_port(a.target, host, port, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  handshake::Config config;
  if (!apply_tls_lists(a, config, problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  x509::TrustStore roots;
  if (!a.ca.empty()) {
    if (!load_trust(a.ca, roots, problem)) {
      fmt::print(stderr, "error: --ca: {}\n", problem);
      return 2;
    }
    config.trust = &roots;
    config.profile =
        a.profile == "rfc5280" ? x509::ValidationProfile::rfc5280 : x509::ValidationProfile::webpki;
    std::string described;
    if (!load_public_suffixes(a.public_suffix_list, config.public_suffixes, described, problem)) {
      fmt::print(stderr, "error: {}\n", problem);
      return 2;
    }
  } else if (a.insecure) {
    config.insecure_skip_verify = true;
  } else {
    fmt::print(stderr,
               "error: give --ca FILE (the CA that vouches for the server), or --insecure\n");
    return 2;
  }
  if (!a.cert.empty() || !a.key.empty()) {
    std::shared_ptr<const x509::KeyStore> identity;
    if (!load_identity(a.cert, a.key, identity, problem)) {
      fmt::print(stderr, "error: --cert/--key: {}\n", problem);
      return 2;
    }
    config.identities.push_back(identity);
  }
  Sinks sinks;
  if (!sinks.open(a, "client", problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  config.trace = sinks.sink();
  const std::string name = a.servername.empty() ? host : a.servername;
  if (!a.sess_in.empty() || !a.sess_out.empty()) {
    config.session_cache = std::make_shared<handshake::ClientSessionCache>();
  }
  if (!a.sess_in.empty() && !load_session(a.sess_in, name, *config.session_cache, problem)) {
    fmt::print(stderr, "error: --sess-in: {}\n", problem);
    return 2;
  }

  const std::chrono::milliseconds timeout(a.timeout * 1000);
  auto stream = net::TlsStream::connect(config, host, port, name, timeout);
  if (!stream.ok()) {
    fmt::print(stderr, "handshake failed: {}\n", stream.error());
    // The lesson in plain words (tools/lessons.hpp), when TLS itself failed.
    if (stream.tls() && stream.tls()->error()) {
      fmt::print(stderr, "{}",
                 explain_live(*stream.tls(), config, handshake::Role::client, name).text);
    }
    return 1;
  }
  print_summary(stream.connection().negotiated());

  // What stdin holds goes to the server, then our close_notify (a half-close,
  // RFC 8446 §6.1); what the server sends is printed until it closes.
  if (!isatty(STDIN_FILENO)) {
    const std::string input{std::istreambuf_iterator<char>(std::cin), {}};
    if (!input.empty() && !stream.write(std::string_view(input))) {
      fmt::print(stderr, "error: {}\n", stream.error());
      return 1;
    }
  }
  stream.close();
  for (;;) {
    auto data = stream.read();
    if (data.empty()) break;
    std::cout.write(reinterpret_cast<const char*>(data.data()),
                    static_cast<std::streamsize>(data.size()));
    std::cout.flush();
  }
  if (const auto& e = stream.connection().error()) {
    fmt::print(stderr, "connection failed: {}\n", e->describe());
    // TLS 1.3: the server's verdict on our certificate arrives after our Finished.
    fmt::print(stderr, "{}",
               explain_live(stream.connection(), config, handshake::Role::client, name).text);
    return 1;
  }
  if (!a.sess_out.empty() &&
      !save_session(a.sess_out, name, *config.session_cache, config.now(), problem)) {
    fmt::print(stderr, "error: --sess-out: {}\n", problem);
    return 1;
  }
  return 0;
}

}  // namespace

void add_client_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ClientArgs>();
  auto* cmd = app.add_subcommand("client",
                                 "Connect to a TLS 1.3 or 1.2 server, send stdin, print the reply");
  cmd->add_option("target", args->target, "HOST:PORT")->required();
  cmd->add_option("--ca", args->ca,
                  "the CA certificate(s) that vouch for the server (trust store)");
  cmd->add_option("--public-suffix-list", args->public_suffix_list,
                  fmt::format("the Public Suffix List for the browsers' wildcard rule (CA/B "
                              "Forum BR §3.2.2.6: no *.co.uk); default: {} when it exists",
                              kDefaultPublicSuffixList));
  cmd->add_option("--profile", args->profile,
                  "how the server's chain is validated: webpki (default: RFC 5280 and the "
                  "CA/Browser Forum Baseline Requirements, as browsers) or rfc5280 (RFC 5280 "
                  "alone, for a private PKI)")
      ->check(CLI::IsMember({"webpki", "rfc5280"}));
  cmd->add_option("--cert", args->cert, "our certificate chain, for mutual TLS");
  cmd->add_option("--key", args->key, "our private key, for mutual TLS");
  cmd->add_option("--servername", args->servername,
                  "the name sent in SNI and checked (default: HOST)");
  add_tls_options(*cmd, *args, handshake::Role::client);
  cmd->add_option("--sess-out", args->sess_out,
                  "save the session ticket the server sends to FILE (it holds a secret)");
  cmd->add_option("--sess-in", args->sess_in, "resume the session saved in FILE (by --sess-out)");
  cmd->add_option("--timeout", args->timeout, "seconds to wait for the server");
  cmd->add_flag("--insecure", args->insecure, "do not check the server's certificate");
  cmd->callback([args, &exit_code] { exit_code = run_client(*args); });
}

}  // namespace glasstls::tools
