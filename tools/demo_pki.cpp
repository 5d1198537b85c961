// `glasstls demo pki [--seed N] [--out DIR]`: the PKI behind TLS in one
// process, step by step.
//
// The story of the seeds (../shared/seeds), made real: a root CA and an
// intermediate CA; a server and a client that each make a key and a signed
// request (CSR); the CA checking each request before issuing; each side's key
// store and trust store; the server chain checked as a browser would and the
// client chain as a mutual-TLS server would; then the failures learners meet.
// Everything happens in memory; --out writes every file for inspection.
// (`glasstls demo` tells the short version of this, then lets the client and
// the server talk TLS: tools/demo_story.cpp.)
#include "tools/demo_pki.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "tools/demo_common.hpp"
#include "tools/explain.hpp"
#include "tools/explain_csr.hpp"
#include "trace/path_log.hpp"
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

class PkiStory {
 public:
  PkiStory(std::optional<std::uint64_t> seed, DemoFiles& files, crypto::Rng& rng, UnixTime now)
      : seed_(seed), files_(files), rng_(rng), now_(now) {}

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
  void write(const std::string& file, std::string_view contents, bool secret = false) {
    files_.write(file, contents, secret);
  }
  void write_cert(const std::string& file, const std::vector<Certificate>& certs) {
    files_.write_certs(file, certs);
  }

  std::optional<std::uint64_t> seed_;
  DemoFiles& files_;
  crypto::Rng& rng_;
  UnixTime now_;
  int step_ = 0;
};

PrivateKey PkiStory::make_key(std::string_view spec, std::string_view who) {
  auto key = must(PrivateKey::generate(spec, rng_), "key generation");
  const auto pub = must(key.public_key(), "public key");
  fmt::print(
      "   {} makes a key pair: {}. The private key stays with {}; only the public key travels.\n",
      who, pub.describe(), who);
  return key;
}

PkiStory::Party PkiStory::request_and_issue(std::string_view name, std::string_view who,
                                            std::string_view key_spec, std::string_view subject,
                                            std::string_view san, const CertificateAuthority& ca,
                                            x509::Profile profile, UnixTime days,
                                            std::optional<std::uint64_t> path_len) {
  Issued made =
      issue_identity(ca, key_spec, subject, san, profile, now_, now_ + days * kDay, rng_, path_len);
  const auto pub = must(made.key.public_key(), "public key");
  fmt::print(
      "   {} makes a key pair: {}. The private key stays with {}; only the public key travels.\n",
      who, pub.describe(), who);
  fmt::print("   {} writes a certificate signing request (PKCS #10, RFC 2986) for \"{}\"{}{}\n",
             who, subject, san.empty() ? "" : " with subjectAltName ", san);
  fmt::print("   and signs it with its private key ({} bytes of signature).\n",
             made.csr.signature().size());
  const bool pop = made.csr.verify_signature().ok();
  fmt::print("   The CA ({}) checks the request's signature with the public key inside it: {}.\n",
             ca.certificate().subject().to_string(), pop ? "valid" : "INVALID");
  why("a valid signature proves the requester holds the private key (proof of possession, RFC 2986 "
      "§3);\n"
      "        a CA that skipped this could certify a key for someone who does not own it.");
  const Certificate& cert = made.cert;
  fmt::print("   The CA issues the {} certificate: serial {}, valid {} .. {}.\n",
             x509::profile_name(profile), colon_hex(cert.serial(), 8),
             x509::format_time(cert.validity().not_before),
             x509::format_time(cert.validity().not_after));
  const std::string base(name);
  write(base + ".key", made.key.to_pkcs8_pem(), true);
  write(base + ".csr", made.csr.to_pem());
  write_cert(base + ".pem", {made.cert});
  return Party{base, std::move(made.key), std::move(made.csr), std::move(made.cert)};
}

bool PkiStory::check(std::string_view title, const Certificate& leaf,
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

void PkiStory::expect_rejection(std::string_view title, std::string_view story,
                                const Certificate& leaf, const std::vector<Certificate>& sent,
                                const x509::TrustStore& roots, const x509::VerifyOptions& opt,
                                std::string_view lesson) {
  fmt::print("\n -- {}\n   {}\n", title, story);
  if (check("result", leaf, sent, roots, opt, false))
    demo_fail("expected a rejection: " + std::string(title));
  fmt::print("   lesson: {}\n", lesson);
  // Issue 16: every rejection says which rulebook it comes from.
  const bool web = opt.profile == x509::ValidationProfile::webpki;
  fmt::print("   profile: {} ({}); the rule above names its own source\n",
             x509::profile_name(opt.profile),
             web ? "RFC 5280 plus the CA/Browser Forum Baseline Requirements, as browsers check "
                   "servers"
                 : "RFC 5280 alone");
}

void PkiStory::run() {
  fmt::print("GlassTLS demo: the public-key infrastructure behind TLS, step by step\n");
  if (seed_)
    fmt::print(
        "(--seed {}: every key, signature and serial number below is reproducible, and the clock "
        "is\n"
        " fixed at {}. Seeded keys are for learning only.)\n",
        *seed_, x509::format_time(now_));
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
  if (it == forged.end()) demo_fail("the server certificate does not contain its own name");
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

  fmt::print("\nDone: {} steps, all in memory.\n", step_);
  if (files_.wrote_any()) {
    files_.print_summary(seed_ ? std::optional<UnixTime>(now_) : std::nullopt);
  } else {
    fmt::print(
        "Run with --out DIR to write every key, request and certificate to files you can "
        "inspect.\n");
  }
}

}  // namespace

int run_pki_story(std::optional<std::uint64_t> seed, const std::string& out_dir) {
  std::optional<crypto::HmacDrbg> seeded;
  if (seed) seeded.emplace(crypto::HmacDrbg::from_seed(*seed));
  crypto::Rng& rng = seeded ? static_cast<crypto::Rng&>(*seeded) : crypto::os_rng();
  DemoFiles files(out_dir);
  std::string problem;
  if (!files.prepare(problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  PkiStory(seed, files, rng, demo_now(seed.has_value())).run();
  return 0;
}

}  // namespace glasstls::tools
