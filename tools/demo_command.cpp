// `glasstls demo [--seed N] [--out DIR] [--trace LEVEL] [--json FILE] [--html FILE]
//                [--pcap FILE] [--secrets] [--tls 1.2]`:
// the PKI behind TLS in one process.
//
// The story of the seeds (../shared/seeds), made real: a root CA and an
// intermediate CA; a server and a client that each make a key and a signed
// request (CSR); the CA checking each request before issuing; each side's key
// store and trust store; the server chain checked as a browser would and the
// client chain as a mutual-TLS server would; then the failures learners meet.
// Everything happens in memory; --out writes every file for inspection.
// With --trace, --json, --html or --pcap, the client and server then talk TLS 1.3 (--tls 1.2:
// TLS 1.2) with mutual TLS, in memory, and the connection is exported: every event as JSON
// (docs/trace-format.md), the same events drawn as one self-contained HTML page
// (trace/html_renderer.hpp), the bytes as a pcapng capture with its keys inside
// (Wireshark opens it decrypted); --trace LEVEL shows it in the terminal, field by
// field (trace/illustrated_renderer.hpp).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

#include "crypto/rng.hpp"
#include "handshake/connection.hpp"
#include "tools/commands.hpp"
#include "tools/explain.hpp"
#include "tools/explain_csr.hpp"
#include "tools/files.hpp"
#include "tools/tls_options.hpp"
#include "trace/html_renderer.hpp"
#include "trace/illustrated_renderer.hpp"
#include "trace/json_export.hpp"
#include "trace/key_log.hpp"
#include "trace/path_log.hpp"
#include "trace/pcapng_writer.hpp"
#include "x509/ca.hpp"
#include "x509/key_store.hpp"
#include "x509/name_builder.hpp"
#include "x509/path.hpp"
#include "x509/pem.hpp"

namespace glasstls::tools {
namespace {

using x509::Certificate;
using x509::CertificateAuthority;
using x509::PrivateKey;
using x509::UnixTime;

constexpr UnixTime kDay = 86400;
// With --seed the clock is fixed too, so that every byte is reproducible.
constexpr UnixTime kSeededNow = 1767225600;  // 2026-01-01 00:00:00 UTC

struct DemoArgs {
  std::optional<std::uint64_t> seed;
  std::string out_dir;
  std::string json_file;    // --json: the handshake's events
  std::string html_file;    // --html: the handshake as a web page
  std::string trace_level;  // --trace: the handshake in the terminal
  std::string pcap_file;    // --pcap: the handshake as a capture
  bool secrets = false;     // --secrets: keys into the JSON too
  std::string tls = "1.3";  // --tls: the exported handshake's version
  bool exports() const {
    return !json_file.empty() || !html_file.empty() || !pcap_file.empty() || !trace_level.empty();
  }
};

// Every step of the story must work; when one does not, that is a bug in
// GlassTLS, and the demo stops saying which step failed and why.
[[noreturn]] void fail(std::string_view what) {
  fmt::print(stderr, "\ndemo failed: {}\n", what);
  std::exit(1);
}

template <typename T>
T must(Result<T> r, std::string_view what) {
  if (!r) fail(std::string(what) + ": " + r.error().describe());
  return std::move(*r);
}

class Demo {
 public:
  Demo(const DemoArgs& args, crypto::Rng& rng, UnixTime now) : args_(args), rng_(rng), now_(now) {}

  void run();

 private:
  struct Party {
    std::string name;  // "server", "client", "intermediate"
    PrivateKey key;
    x509::CertificationRequest csr;
    Certificate cert;
  };

  void heading(std::string_view title) { fmt::print("\n== Step {}. {}\n", ++step_, title); }
  void say(std::string_view text) { fmt::print("{}\n", text); }
  void why(std::string_view text) { fmt::print("   why: {}\n", text); }

  PrivateKey make_key(std::string_view spec, std::string_view who);
  Party request_and_issue(std::string_view name, std::string_view who, std::string_view key_spec,
                          std::string_view subject, std::string_view san,
                          const CertificateAuthority& ca, x509::Profile profile, UnixTime days,
                          std::optional<std::uint64_t> path_len);
  bool check(std::string_view title, const Certificate& leaf, const std::vector<Certificate>& sent,
             const x509::TrustStore& roots, x509::VerifyOptions opt, bool show_log);
  void expect_rejection(std::string_view title, std::string_view story, const Certificate& leaf,
                        const std::vector<Certificate>& sent, const x509::TrustStore& roots,
                        const x509::VerifyOptions& opt, std::string_view lesson);
  void write(const std::string& file, std::string_view contents, bool secret = false);
  void tls_handshake(std::shared_ptr<const x509::KeyStore> server_keys,
                     std::shared_ptr<const x509::KeyStore> client_keys,
                     const x509::TrustStore& client_trust, const x509::TrustStore& server_trust);
  void export_file(const std::string& path, std::string_view contents, std::string_view what);
  void write_cert(const std::string& file, const std::vector<Certificate>& certs);

  const DemoArgs& args_;
  crypto::Rng& rng_;
  UnixTime now_;
  int step_ = 0;
  std::vector<std::string> written_;
};

PrivateKey Demo::make_key(std::string_view spec, std::string_view who) {
  auto key = must(PrivateKey::generate(spec, rng_), "key generation");
  const auto pub = must(key.public_key(), "public key");
  fmt::print(
      "   {} makes a key pair: {}. The private key stays with {}; only the public key travels.\n",
      who, pub.describe(), who);
  return key;
}

Demo::Party Demo::request_and_issue(std::string_view name, std::string_view who,
                                    std::string_view key_spec, std::string_view subject,
                                    std::string_view san, const CertificateAuthority& ca,
                                    x509::Profile profile, UnixTime days,
                                    std::optional<std::uint64_t> path_len) {
  PrivateKey key = make_key(key_spec, who);
  const auto subject_der = must(x509::build_name(subject), "subject name");
  const x509::Bytes san_der =
      san.empty() ? x509::Bytes{} : must(x509::build_general_names(san), "SAN");
  auto csr = must(x509::make_csr(key, subject_der, san_der, rng_), "CSR");
  fmt::print("   {} writes a certificate signing request (PKCS #10, RFC 2986) for \"{}\"{}{}\n",
             who, subject, san.empty() ? "" : " with subjectAltName ", san);
  fmt::print("   and signs it with its private key ({} bytes of signature).\n",
             csr.signature().size());
  const bool pop = csr.verify_signature().ok();
  fmt::print("   The CA ({}) checks the request's signature with the public key inside it: {}.\n",
             ca.certificate().subject().to_string(), pop ? "valid" : "INVALID");
  why("a valid signature proves the requester holds the private key (proof of possession, RFC 2986 "
      "§3);\n"
      "        a CA that skipped this could certify a key for someone who does not own it.");
  auto cert = must(ca.issue(csr, profile, now_, now_ + days * kDay, rng_, path_len), "issuing");
  fmt::print("   The CA issues the {} certificate: serial {}, valid {} .. {}.\n",
             x509::profile_name(profile), colon_hex(cert.serial(), 8),
             x509::format_time(cert.validity().not_before),
             x509::format_time(cert.validity().not_after));
  const std::string base(name);
  write(base + ".key", key.to_pkcs8_pem(), true);
  write(base + ".csr", csr.to_pem());
  write_cert(base + ".pem", {cert});
  return Party{base, std::move(key), std::move(csr), std::move(cert)};
}

bool Demo::check(std::string_view title, const Certificate& leaf,
                 const std::vector<Certificate>& sent, const x509::TrustStore& roots,
                 x509::VerifyOptions opt, bool show_log) {
  opt.time = opt.time ? opt.time : now_;
  trace::PathLog log;
  if (show_log) opt.sink = &log;
  x509::Rejection why;
  auto result = x509::verify_path(leaf, sent, roots, opt, &why);
  fmt::print("   {}: ", title);
  if (result) {
    fmt::print("VALID\n");
    if (show_log) {
      fmt::print("   How the chain was found (RFC 5280 §6):\n");
      for (const auto& e : log.steps()) fmt::print("     {}\n", trace::path_log_line(e));
    }
    fmt::print("   The chain:");
    const auto& chain = result->chain();
    for (std::size_t i = 0; i < chain.size(); ++i)
      fmt::print("{} {}", i ? " ->" : "", chain[i].subject().to_string());
    fmt::print("\n");
  } else {
    fmt::print("REJECTED\n     {}\n", why.explain());
  }
  return result.ok();
}

void Demo::expect_rejection(std::string_view title, std::string_view story, const Certificate& leaf,
                            const std::vector<Certificate>& sent, const x509::TrustStore& roots,
                            const x509::VerifyOptions& opt, std::string_view lesson) {
  fmt::print("\n -- {}\n   {}\n", title, story);
  if (check("result", leaf, sent, roots, opt, false))
    fail("expected a rejection: " + std::string(title));
  fmt::print("   lesson: {}\n", lesson);
}

void Demo::write(const std::string& file, std::string_view contents, bool secret) {
  if (args_.out_dir.empty()) return;
  std::string problem;
  if (!write_file(args_.out_dir + "/" + file, contents, secret, problem)) fail(problem);
  written_.push_back(file);
}

void Demo::write_cert(const std::string& file, const std::vector<Certificate>& certs) {
  std::string pem;
  for (const auto& c : certs) pem += x509::pem_encode("CERTIFICATE", c.der());
  write(file, pem);
}

void Demo::run() {
  fmt::print("GlassTLS demo: the public-key infrastructure behind TLS, step by step\n");
  if (args_.seed)
    fmt::print(
        "(--seed {}: every key, signature and serial number below is reproducible, and the clock "
        "is\n"
        " fixed at {}. Seeded keys are for learning only.)\n",
        *args_.seed, x509::format_time(now_));
  else
    fmt::print("(keys from the operating system's random generator; the time is now, {})\n",
               x509::format_time(now_));
  say("\nIn TLS the server proves who it is with a certificate: a public key plus a name, signed "
      "by a\n"
      "certificate authority (CA) the client already trusts. In one-way TLS (the web) only the "
      "server\n"
      "does this. In two-way TLS (mutual TLS) the client proves who it is too, with its own "
      "certificate.\n"
      "We build both: a root CA, an intermediate CA, a server (www.example.test) and a client "
      "(alice).");

  heading("The root CA makes its key and signs its own certificate");
  auto root_key = make_key("p384", "the root CA");
  const auto root_name =
      must(x509::build_name("CN=GlassTLS Demo Root CA,O=GlassTLS Demo"), "root name");
  auto root = must(CertificateAuthority::create_root(std::move(root_key), root_name, now_,
                                                     now_ + 3650 * kDay, rng_),
                   "root certificate");
  fmt::print("   Root certificate: \"{}\", issued by itself, valid {} .. {}.\n",
             root.certificate().subject().to_string(),
             x509::format_time(root.certificate().validity().not_before),
             x509::format_time(root.certificate().validity().not_after));
  why("nothing above a root can vouch for it, so it signs itself. It is trusted only because "
      "people\n"
      "        put it in their trust store (RFC 5280 §6.1.1 (d): the trust anchor is an input).");
  write("root.key", root.key().to_pkcs8_pem(), true);
  write_cert("root.pem", {root.certificate()});

  heading("An intermediate CA gets its certificate from the root");
  auto inter = request_and_issue("intermediate", "the intermediate CA", "p256",
                                 "CN=GlassTLS Demo Issuing CA,O=GlassTLS Demo", "", root,
                                 x509::Profile::intermediate, 1825, 0);
  why("basicConstraints CA:TRUE with pathLen 0 lets it sign leaf certificates but not further CAs\n"
      "        (RFC 5280 §4.2.1.9); the root's key can then stay offline, used once in a long "
      "while.");
  auto issuing =
      must(CertificateAuthority::from(inter.cert, std::move(inter.key)), "intermediate CA");

  heading("The server gets its certificate (one-way TLS needs only this)");
  auto server = request_and_issue(
      "server", "the server", "p256", "CN=www.example.test,O=Example Shop",
      "DNS:www.example.test,DNS:example.test", issuing, x509::Profile::server, 90, std::nullopt);
  say("   Here is the server's request, as the CA saw it:\n");
  fmt::print("{}", explain_csr(server.csr, false));
  say("\n   And here is the server's certificate, field by field:\n");
  fmt::print("{}", explain_certificate(server.cert, false));

  heading("The client gets its certificate (for two-way TLS)");
  auto client = request_and_issue("client", "the client (alice)", "ed25519",
                                  "CN=alice,O=Example Shop", "email:alice@example.test", issuing,
                                  x509::Profile::client, 90, std::nullopt);
  why("extKeyUsage clientAuth marks it for TLS clients only (RFC 5280 §4.2.1.12): it cannot be\n"
      "        used to impersonate a server.");

  heading("Each side builds its key store and its trust store");
  const std::vector<Certificate> server_chain{server.cert, inter.cert};
  const std::vector<Certificate> client_chain{client.cert, inter.cert};
  auto server_keys =
      must(x509::KeyStore::create(server_chain, std::move(server.key)), "server key store");
  auto client_keys =
      must(x509::KeyStore::create(client_chain, std::move(client.key)), "client key store");
  x509::TrustStore client_trust, server_trust;
  client_trust.add(root.certificate());
  server_trust.add(root.certificate());
  say("   server key store:   its chain (server certificate, intermediate) + the server's private "
      "key\n"
      "   server trust store: the root CA (to check clients in mutual TLS)\n"
      "   client key store:   its chain (client certificate, intermediate) + alice's private key\n"
      "   client trust store: the root CA (to check servers)");
  why("the key store is *your own* identity, sent to the peer (minus the key); the trust store is\n"
      "        the CAs *you* trust to vouch for others (seed 004). The key store checked that "
      "each\n"
      "        private key matches its certificate's public key (RFC 5280 §4.1.2.7).");
  write_cert("server-chain.pem", server_keys.chain());
  write_cert("client-chain.pem", client_keys.chain());

  heading("The client checks the server's chain, as a browser does");
  say("   The server sends its certificate and the intermediate; the client has the root.");
  x509::VerifyOptions as_browser;
  as_browser.purpose = x509::Purpose::server;
  as_browser.hostname = "www.example.test";
  const std::vector<Certificate> sent_by_server{inter.cert};
  check("server chain for host www.example.test", server.cert, sent_by_server, client_trust,
        as_browser, true);
  why("every signature checks out up to a root in the trust store, every certificate is within "
      "its\n"
      "        validity, the CAs are allowed to sign, and www.example.test is in the "
      "subjectAltName\n"
      "        (RFC 5280 §6.1, RFC 9525 §6.3).");

  heading("The server checks the client's chain (mutual TLS)");
  x509::VerifyOptions as_mtls_server;
  as_mtls_server.purpose = x509::Purpose::client;
  as_mtls_server.email = "alice@example.test";
  check("client chain for alice@example.test", client.cert, sent_by_server, server_trust,
        as_mtls_server, false);
  why("the client certificate chains to the root this server trusts for clients; extKeyUsage\n"
      "        allows clientAuth. In mutual TLS the server can trust exactly the clients its own "
      "CA issued.");

  heading("What goes wrong, and why");
  auto other_root_key = make_key("p256", "an unrelated CA");
  const auto other_name = must(x509::build_name("CN=Some Other Root CA,O=Elsewhere"), "other name");
  auto other_root = must(CertificateAuthority::create_root(std::move(other_root_key), other_name,
                                                           now_, now_ + 3650 * kDay, rng_),
                         "other root");
  write_cert("other-root.pem", {other_root.certificate()});
  x509::TrustStore other_trust;
  other_trust.add(other_root.certificate());

  expect_rejection(
      "Unknown CA", "A client that trusts only \"Some Other Root CA\" checks the server.",
      server.cert, sent_by_server, other_trust, as_browser,
      "a valid signature is not enough: the chain must end at a CA *you* trust. Add the\n"
      "   right root to the trust store (never \"trust everything\").");

  x509::VerifyOptions later = as_browser;
  later.time = server.cert.validity().not_after + 1;
  expect_rejection(
      "Expired certificate",
      fmt::format("The same check one second after the server certificate's notAfter ({}).",
                  x509::format_time(server.cert.validity().not_after)),
      server.cert, sent_by_server, client_trust, later,
      "validity is inclusive at both ends and nothing else extends it: renew before notAfter.");

  x509::VerifyOptions wrong_host = as_browser;
  wrong_host.hostname = "shop.example.net";
  expect_rejection(
      "Host name mismatch",
      "The client dialled shop.example.net but got the www.example.test certificate.", server.cert,
      sent_by_server, client_trust, wrong_host,
      "a certificate is for the names in its subjectAltName only; the Common Name does not count.");

  expect_rejection(
      "A client certificate used as a server certificate",
      "alice's certificate (extKeyUsage clientAuth) is presented by a server.", client.cert,
      sent_by_server, client_trust,
      [&] {
        x509::VerifyOptions o;
        o.purpose = x509::Purpose::server;
        return o;
      }(),
      "extKeyUsage limits what a certificate is for: issue a serverAuth certificate for servers.");

  expect_rejection(
      "Broken chain: the server forgets to send its intermediate",
      "The server sends only its own certificate; the client knows the root, not the intermediate.",
      server.cert, {}, client_trust, as_browser,
      "configure the server to send its whole chain (the server-chain.pem file), leaf first.");

  x509::Bytes forged(server.cert.der().begin(), server.cert.der().end());
  const std::string needle = "www.example.test";
  // The last occurrence is the subjectAltName entry (the first is the CN).
  const auto it = std::find_end(forged.begin(), forged.end(), needle.begin(), needle.end());
  if (it == forged.end()) fail("the server certificate does not contain its own name");
  *it = 'v';  // "vww.example.test"
  const auto tampered = must(Certificate::parse(forged), "tampered certificate");
  expect_rejection(
      "A tampered certificate",
      "Someone edits one byte of the server certificate's subjectAltName (www -> vww) to\n"
      "   use it for vww.example.test.",
      tampered, sent_by_server, client_trust,
      [&] {
        auto o = as_browser;
        o.hostname = "vww.example.test";
        return o;
      }(),
      "the CA's signature covers every byte of tbsCertificate, so any change breaks it.");

  if (args_.exports()) {
    tls_handshake(std::make_shared<const x509::KeyStore>(std::move(server_keys)),
                  std::make_shared<const x509::KeyStore>(std::move(client_keys)), client_trust,
                  server_trust);
  }

  fmt::print("\nDone: {} steps, all in memory.\n", step_);
  if (!written_.empty()) {
    fmt::print("Files written to {}:", args_.out_dir);
    for (const auto& f : written_) fmt::print(" {}", f);
    // A seeded run has a fixed clock: the checks must happen at that time too.
    const std::string at = args_.seed ? fmt::format(" --time {}", now_) : "";
    const std::string attime = args_.seed ? fmt::format(" -attime {}", now_) : "";
    fmt::print(
        "\nTry: glasstls x509 show {0}/server.pem\n"
        "     glasstls x509 verify --roots {0}/root.pem --intermediates {0}/intermediate.pem "
        "--leaf {0}/server.pem --hostname www.example.test --purpose server{1}\n"
        "     openssl verify{2} -CAfile {0}/root.pem -untrusted {0}/intermediate.pem "
        "{0}/server.pem\n",
        args_.out_dir, at, attime);
  } else {
    fmt::print(
        "Run with --out DIR to write every key, request and certificate to files you can "
        "inspect.\n");
  }
}

// One line per handshake message a side sends, for the demo's summary.
class MessageLines final : public trace::TraceSink {
 public:
  MessageLines(std::vector<std::string>& lines, std::string_view side)
      : lines_(lines), side_(side) {}
  void on_event(const trace::Event& event) override {
    const auto* m = std::get_if<trace::MessageEvent>(&event);
    if (m && m->direction == trace::Direction::sent)
      lines_.push_back(fmt::format("{} -> {} ({} bytes, {} fields)", side_, m->name,
                                   m->bytes.size(), m->fields ? m->fields->size() : 0));
  }

 private:
  std::vector<std::string>& lines_;
  std::string_view side_;
};

void Demo::export_file(const std::string& path, std::string_view contents, std::string_view what) {
  std::string problem;
  // Every export may hold secrets (the pcap always does: its key log).
  if (!write_file(path, contents, true, problem)) fail(problem);
  fmt::print("   wrote {}: {}\n", path, what);
}

void Demo::tls_handshake(std::shared_ptr<const x509::KeyStore> server_keys,
                         std::shared_ptr<const x509::KeyStore> client_keys,
                         const x509::TrustStore& client_trust,
                         const x509::TrustStore& server_trust) {
  const bool tls12 = args_.tls == "1.2";
  heading(fmt::format("The client and the server talk TLS {} with mutual TLS (in memory)",
                      tls12 ? "1.2" : "1.3"));
  say("   Each side uses the key store and the trust store built above: alice connects to\n"
      "   www.example.test and checks its chain; the server asks for alice's certificate and\n"
      "   checks it against the root it trusts for clients.");
  std::vector<std::string> lines;
  trace::JsonTrace json(args_.secrets);
  trace::KeyLogText keys;
  MessageLines client_lines(lines, "client"), server_lines(lines, "server");
  // --trace: each side's events in the terminal as they happen, coloured
  // only when stdout is a terminal.
  std::optional<trace::IllustratedRenderer> client_view, server_view;
  if (const auto level = trace::parse_trace_level(args_.trace_level)) {
    std::fflush(stdout);
    const bool colour = ::isatty(STDOUT_FILENO) == 1;
    client_view.emplace(std::cout, *level, colour, "client");
    server_view.emplace(std::cout, *level, colour, "server");
  }
  TeeSink client_sink, server_sink;
  if (client_view) client_sink.add(&*client_view);
  if (server_view) server_sink.add(&*server_view);
  client_sink.add(&json.client());
  client_sink.add(&keys);
  client_sink.add(&client_lines);
  server_sink.add(&json.server());
  server_sink.add(&server_lines);

  handshake::Config cc, sc;
  const UnixTime now = now_;
  cc.rng = sc.rng = &rng_;
  cc.clock = sc.clock = [now] { return now; };
  cc.trust = &client_trust;
  cc.identities = {client_keys};
  cc.trace = &client_sink;
  sc.identities = {server_keys};
  sc.trust = &server_trust;
  sc.client_auth = handshake::ClientAuth::required;
  sc.trace = &server_sink;
  if (tls12) {
    cc.versions = {handshake::kTls12};
    sc.versions = {handshake::kTls13, handshake::kTls12};
  }
  auto client = handshake::Connection::client(cc, "www.example.test");
  auto server = handshake::Connection::server(sc);

  // The bytes each side sends, delivered to the other and kept for the capture.
  trace::CaptureOptions capture_options;
  capture_options.start_us = static_cast<std::uint64_t>(now) * 1000000;
  trace::TcpCapture capture(capture_options);
  auto pump = [&] {
    for (int round = 0; round < 16; ++round) {
      auto c = client->take_output();
      auto s = server->take_output();
      if (c.empty() && s.empty()) break;
      capture.client_to_server(c);
      capture.server_to_client(s);
      if (!c.empty() && !server->receive(c)) break;
      if (!s.empty() && !client->receive(s)) break;
    }
    for (const auto* side : {client.get(), server.get()}) {
      if (side->error()) fail("the handshake: " + side->error()->describe());
    }
  };
  pump();
  std::cout.flush();
  if (!client->handshake_done() || !server->handshake_done()) fail("the handshake did not end");
  for (const auto& line : lines) fmt::print("   {}\n", line);

  const std::string request = "GET / HTTP/1.0\r\nHost: www.example.test\r\n\r\n";
  const std::string response = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
  const auto as_bytes = [](const std::string& text) {
    return std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  };
  if (!client->write(as_bytes(request))) fail("writing the request");
  pump();
  const auto got = server->read();
  if (std::string(got.begin(), got.end()) != request) fail("the request did not arrive intact");
  if (!server->write(as_bytes(response))) fail("writing the response");
  pump();
  const auto reply = client->read();
  if (std::string(reply.begin(), reply.end()) != response) fail("the response did not arrive");
  client->close();
  server->close();
  pump();

  const auto& n = client->negotiated();
  const auto& seen_by_server = server->negotiated();
  fmt::print("   negotiated: {}, {}, key exchange {}, the server signed with {}\n",
             handshake::version_name(n.version), handshake::cipher_suite_name(n.cipher_suite),
             handshake::group_name(n.group), handshake::signature_scheme_name(n.signature_scheme));
  fmt::print("   the server verified the client as {}\n", seen_by_server.peer_subject);
  fmt::print(
      "   the first application record carried {} bytes of HTTP, encrypted, and the server\n"
      "   decrypted it: \"GET / HTTP/1.0\"\n",
      request.size());

  const auto subjects = [](const std::vector<Certificate>& chain) {
    std::vector<std::string> out;
    for (const auto& c : chain) out.push_back(c.subject().to_string());
    return out;
  };
  json.connection_string("version", handshake::version_name(n.version));
  json.connection_string("cipher_suite", handshake::cipher_suite_name(n.cipher_suite));
  json.connection_number("cipher_suite_code", n.cipher_suite);
  json.connection_string("group", handshake::group_name(n.group));
  json.connection_number("group_code", n.group);
  json.connection_string("signature_scheme", handshake::signature_scheme_name(n.signature_scheme));
  json.connection_number("signature_scheme_code", n.signature_scheme);
  json.connection_string("alpn", n.alpn);
  json.connection_string("server_name", n.server_name);
  json.connection_bool("resumed", n.resumed);
  json.connection_bool("hello_retry_request", n.hello_retry);
  json.connection_bool("extended_master_secret", n.extended_master_secret);
  json.connection_bool("mutual_tls", !seen_by_server.peer_chain.empty());
  json.connection_strings("server_chain", subjects(n.peer_chain));
  json.connection_strings("client_chain", subjects(seen_by_server.peer_chain));

  if (!args_.json_file.empty()) {
    export_file(
        args_.json_file, json.json(),
        fmt::format("{} events of both sides as JSON (docs/trace-format.md){}", json.event_count(),
                    args_.secrets ? ", with the keys" : ", keys withheld (--secrets)"));
  }
  if (!args_.html_file.empty()) {
    export_file(args_.html_file,
                trace::render_html(json.json(), fmt::format("TLS {} with mutual TLS, {} and alice",
                                                            tls12 ? "1.2" : "1.3", n.server_name)),
                fmt::format("the handshake as a web page, no network needed (open it in a "
                            "browser){}",
                            args_.secrets ? ", with the keys" : ""));
  }
  if (!args_.pcap_file.empty()) {
    capture.add_key_log(keys.text());
    const auto bytes = capture.pcapng();
    export_file(args_.pcap_file,
                std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                "the connection as TCP packets with its keys (open it in Wireshark, or\n"
                "     tshark -r FILE -Y tls: the handshake and the HTTP show decrypted)");
  }
}

int run_demo(const DemoArgs& args) {
  std::optional<crypto::HmacDrbg> seeded;
  if (args.seed) seeded.emplace(crypto::HmacDrbg::from_seed(*args.seed));
  crypto::Rng& rng = seeded ? static_cast<crypto::Rng&>(*seeded) : crypto::os_rng();
  const UnixTime now = args.seed ? kSeededNow
                                 : std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
  if (!args.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.out_dir, ec);
    if (ec) {
      fmt::print(stderr, "error: cannot create {}: {}\n", args.out_dir, ec.message());
      return 2;
    }
  }
  Demo(args, rng, now).run();
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("demo",
                         "The PKI behind TLS, step by step: CAs, CSRs, key and trust stores, "
                         "chain checks and the usual failures");
  auto a = std::make_shared<DemoArgs>();
  cmd->add_option("--seed", a->seed, "Make every byte reproducible (fixed clock, seeded keys)");
  cmd->add_option("--out", a->out_dir,
                  "Write every key, request and certificate into this directory");
  cmd->add_option("--json", a->json_file,
                  "Then run a mutual-TLS handshake in memory and write its events as "
                  "JSON (docs/trace-format.md)");
  cmd->add_option("--trace", a->trace_level,
                  "Then run that handshake and show it here: summary (a line per message), "
                  "fields, bytes (+ hex) or secrets (+ keys)")
      ->check(CLI::IsMember({"summary", "fields", "bytes", "secrets"}));
  cmd->add_option("--html", a->html_file,
                  "Then run that handshake and draw it as one self-contained HTML page "
                  "(timeline, annotated bytes, key schedule, chains)");
  cmd->add_option("--pcap", a->pcap_file,
                  "Then run that handshake and write it as a pcapng capture with its keys "
                  "(Wireshark opens it decrypted)");
  cmd->add_option("--tls", a->tls, "The version of the exported handshake: 1.3 (default) or 1.2")
      ->check(CLI::IsMember({"1.3", "1.2"}));
  cmd->add_flag("--secrets", a->secrets,
                "Put the keys and secrets into the --json and --html files too (teaching mode)");
  cmd->callback([&exit_code, a] { exit_code = run_demo(*a); });
}

}  // namespace glasstls::tools
