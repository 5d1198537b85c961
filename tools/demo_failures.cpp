#include "tools/demo_failures.hpp"

#include <fmt/core.h>

#include "handshake/authentication.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/messages12.hpp"
#include "tools/lessons.hpp"

namespace glasstls::tools {

namespace {

using handshake::kTls13;

// Each line of `text` after the first indented to `indent`.
std::string indented(const std::string& text, std::size_t indent) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '\n') out += std::string(indent, ' ');
  }
  return out;
}

std::string list_names(const std::vector<std::uint16_t>& codes, bool groups) {
  std::string out;
  for (const auto c : codes) {
    if (!out.empty()) out += ", ";
    out += groups ? handshake::group_name(c) : handshake::cipher_suite_name(c);
  }
  return out;
}

// Gives the server a certificate for its key valid from `from` to `to`
// (issued by the demo's issuing CA); says "valid FROM .. TO".
std::string serve_certificate_dated(const DemoCast& cast, handshake::Config& server,
                                    x509::UnixTime from, x509::UnixTime to, crypto::Rng& rng) {
  auto cert =
      must(cast.issuing->issue(cast.server->csr, x509::Profile::server, from, to, rng), "issuing");
  std::string said = fmt::format("valid {} .. {}", x509::format_time(cert.validity().not_before),
                                 x509::format_time(cert.validity().not_after));
  server.identities = {std::make_shared<const x509::KeyStore>(
      must(x509::KeyStore::create({cert, cast.issuing->certificate()}, copy_key(cast.server->key)),
           "server key store"))};
  return said;
}

}  // namespace

StagedFailure::StagedFailure(const DemoPlan& plan, const DemoCast& cast, DemoConfigs& configs,
                             crypto::Rng& rng, x509::UnixTime now)
    : plan_(plan), configs_(configs), now_(now) {
  client_keys_.version = server_keys_.version = plan.version;
  handshake::Config& cc = configs.client;
  handshake::Config& sc = configs.server;
  const auto& inter = cast.issuing->certificate();
  switch (plan.failure) {
    case Failure::unknown_ca: {
      other_trust_.add(make_other_root(rng, now).certificate());
      cc.trust = &other_trust_;
      staged_ =
          "the client's trust store holds only \"Some Other Root CA\": it does not know the\n"
          "root behind www.example.test's chain.";
      break;
    }
    case Failure::expired:
      staged_ = "the server presents an older certificate for the same key, " +
                serve_certificate_dated(cast, sc, now - 91 * kDay, now - kDay, rng) +
                ":\nit expired yesterday.";
      break;
    case Failure::hostname:
      configs.server_name = "shop.example.net";
      staged_ =
          "the client dials shop.example.net, but the server has only its certificate for\n"
          "www.example.test and example.test.";
      break;
    case Failure::no_client_cert:
      cc.identities.clear();
      staged_ = "alice's client has no key store: the server asks for a certificate and gets none.";
      break;
    case Failure::client_cert_unknown_ca: {
      const auto other = make_other_root(rng, now);
      auto cert =
          must(other.issue(cast.client->csr, x509::Profile::client, now, now + 90 * kDay, rng),
               "issuing");
      // Her chain file still carries the demo's issuing CA: the server
      // lists the CAs it accepts, and her client offers a chain one of whose
      // certificates comes from one of them.
      cc.identities = {std::make_shared<const x509::KeyStore>(must(
          x509::KeyStore::create({cert, inter}, copy_key(cast.client->key)), "client key store"))};
      staged_ =
          "alice's certificate was issued by \"Some Other Root CA\", which the server does not\n"
          "trust (her chain file still carries the demo's issuing CA, so her client sends it).";
      break;
    }
    case Failure::no_common_group: {
      std::vector<std::uint16_t> others;
      for (const std::uint16_t g :
           {std::uint16_t{0x001d}, std::uint16_t{0x0017}, std::uint16_t{0x0018}})
        if (g != plan.group) others.push_back(g);
      cc.groups = cc.key_share_groups = {plan.group};
      sc.groups = others;
      staged_ = fmt::format("the client offers only {}; the server speaks only {}.",
                            list_names(cc.groups, true), list_names(others, true));
      break;
    }
    case Failure::no_common_suite: {
      const auto defaults = handshake::default_suites(plan.version);
      const std::uint16_t offered =
          plan.suite ? *plan.suite : static_cast<std::uint16_t>(defaults.front());
      std::vector<std::uint16_t> others;
      for (const auto s : defaults)
        if (static_cast<std::uint16_t>(s) != offered)
          others.push_back(static_cast<std::uint16_t>(s));
      cc.cipher_suites = {offered};
      sc.cipher_suites = others;
      staged_ = fmt::format("the client offers only {};\nthe server accepts only {}.",
                            list_names(cc.cipher_suites, false), list_names(others, false));
      break;
    }
    case Failure::wrong_key: {
      // The impostor's own key, with a certificate of its own making.
      const auto other = make_other_root(rng, now);
      Issued impostor =
          issue_identity(other, plan.server_key, "CN=www.example.test,O=Example Shop",
                         "DNS:www.example.test", x509::Profile::server, now, now + 90 * kDay, rng);
      const auto refused =
          x509::KeyStore::create({cast.server->cert, inter}, copy_key(impostor.key));
      refused_ = refused ? std::string("(it did not)") : std::string(refused.error().rule);
      sc.identities = {std::make_shared<const x509::KeyStore>(must(
          x509::KeyStore::create({impostor.cert}, std::move(impostor.key)), "impostor key store"))};
      // What it sends instead: www.example.test's real chain.
      const x509::Bytes leaf(cast.server->cert.der().begin(), cast.server->cert.der().end());
      const x509::Bytes ca(inter.der().begin(), inter.der().end());
      std::vector<std::uint8_t> real;
      if (plan.version == kTls13) {
        handshake::CertificateMessage m;
        m.certificate_list = {{leaf, {}}, {ca, {}}};
        real = m.serialize();
      } else {
        handshake::Certificate12 m;
        m.certificate_list = {leaf, ca};
        real = m.serialize();
      }
      editor_ = std::make_unique<MessageEditor>(false, 11, server_keys_,
                                                [real](std::vector<std::uint8_t>& m) { m = real; });
      staged_ =
          "the server is an impostor: it copied www.example.test's certificate chain\n"
          "(certificates are public) and sends it, but it does not have the private key\n"
          "that goes with it: it has only a key of its own. (GlassTLS will not run such a\n"
          "server: its key store refuses the pair, see below. So the demo's impostor runs\n"
          "with its own certificate and swaps the Certificate message in its own flight,\n"
          "sealed with its own handshake keys.)";
      break;
    }
    case Failure::bad_finished:
      editor_ = std::make_unique<MessageEditor>(true, 20, client_keys_,
                                                [](std::vector<std::uint8_t>& m) { m[4] ^= 0x01; });
      staged_ =
          "one bit of the client's Finished changes on the way to the server. (An attacker\n"
          "without the keys cannot even do that: a changed protected record fails its tag,\n"
          "bad_record_mac. The demo holds the client's keys, as a key log would, and seals\n"
          "the altered record again, so that the server gets to check the Finished itself.)";
      break;
    case Failure::not_yet_valid:
      staged_ = "the server presents a new certificate for the same key, " +
                serve_certificate_dated(cast, sc, now + kDay, now + 91 * kDay, rng) +
                ":\nit starts tomorrow (as if the client's clock were a day behind).";
      break;
    case Failure::no_common_version: {
      const std::uint16_t other = plan.version == kTls13 ? handshake::kTls12 : kTls13;
      cc.versions = {plan.version};
      sc.versions = {other};
      staged_ = fmt::format("the client speaks only {}; the server only {}.",
                            handshake::version_name(plan.version), handshake::version_name(other));
      break;
    }
    case Failure::no_common_sig: {
      // The schemes the server's key cannot sign with (handshake/signatures.cpp
      // picks by key type): a P-256 key signs only ecdsa_secp256r1_sha256.
      const std::string& key = plan.server_key;
      std::vector<std::uint16_t> others;
      if (key.rfind("rsa", 0) != 0) others.push_back(0x0804);  // rsa_pss_rsae_sha256
      if (key != "p256") others.push_back(0x0403);             // ecdsa_secp256r1_sha256
      if (key != "ed25519") others.push_back(0x0807);          // ed25519
      cc.signature_schemes = others;
      std::string names;
      for (const auto s : others)
        names.append(names.empty() ? "" : ", ").append(handshake::signature_scheme_name(s));
      staged_ = fmt::format(
          "the client accepts only signatures by {};\nthe server's key ({}) makes none of "
          "them.",
          names, key);
      break;
    }
    case Failure::none: break;
  }
  fmt::print("   --fail {}: this time {}\n", failure_name(plan.failure), indented(staged_, 3));
}

void StagedFailure::attach(DemoConnection& connection) {
  connection.add_sinks(&client_keys_, &server_keys_);
  if (editor_) connection.add_tap(editor_.get());
}

FailedConnection StagedFailure::as_seen_by(const DemoConnection& connection,
                                           handshake::Role side) const {
  const bool client = side == handshake::Role::client;
  const handshake::Connection& c = client ? connection.client() : connection.server();
  const handshake::Config& config = client ? configs_.client : configs_.server;
  FailedConnection f;
  f.error = *c.error();
  f.side = side;
  f.version = plan_.version;
  f.peer_chain = c.negotiated().peer_chain;
  f.peer_chain_verified = !c.negotiated().verified_path.empty();
  if (!config.identities.empty()) f.own_chain = config.identities.front()->chain();
  f.server_name = client ? configs_.server_name : c.negotiated().server_name;
  f.now = now_;
  return f;
}

void StagedFailure::explain(const DemoConnection& connection) const {
  const auto& client_error = connection.client().error();
  const auto& server_error = connection.server().error();
  const bool client_noticed = client_error && client_error->origin == ErrorOrigin::local;
  const bool server_noticed = server_error && server_error->origin == ErrorOrigin::local;
  if (!client_noticed && !server_noticed)
    demo_fail(
        std::string("--fail ").append(failure_name(plan_.failure)).append(": nothing failed"));
  const auto& mine = client_noticed ? *client_error : *server_error;
  const auto& theirs = client_noticed ? server_error : client_error;
  const auto side = client_noticed ? handshake::Role::client : handshake::Role::server;
  const auto other_side = client_noticed ? handshake::Role::server : handshake::Role::client;
  const char* who = client_noticed ? "client" : "server";
  const char* other = client_noticed ? "server" : "client";
  fmt::print("   who noticed:    the {}\n", who);
  fmt::print("   what it sent:   a fatal alert, {} ({}), and it closed the connection\n",
             to_string(mine.alert), static_cast<int>(mine.alert));
  fmt::print("   in its words:   {}\n", indented(mine.describe(), 19));
  fmt::print("   the {} saw: {}\n", other,
             theirs ? indented(theirs->describe(), 19) : std::string("nothing (no alert arrived)"));
  if (theirs) {
    const Diagnosis t = diagnose(as_seen_by(connection, other_side));
    fmt::print("                   which suggests to it: {}\n", diagnosis_name(t));
    if (!t.note.empty()) fmt::print("                   ({})\n", indented(t.note, 20));
  }
  // The same diagnosis as a live `glasstls client` or `server` makes
  // (tools/lessons.hpp), on each side. With RSA key transport the impostor
  // notices only that the keys differ; the demo knows why.
  Diagnosis d = diagnose(as_seen_by(connection, side));
  if (plan_.failure == Failure::wrong_key) {
    d.problem = Problem::wrong_key;
    d.client_certificate = false;
  }
  fmt::print("   the problem:    {}, found by the {}\n", diagnosis_name(d), who);
  if (!d.note.empty()) fmt::print("                   ({})\n", indented(d.note, 20));
  const Lesson l = lesson(d, {side, plan_.version, plan_.rsa_kx});
  fmt::print("   the rule:       {}\n", indented(l.rule, 19));
  fmt::print("   where:          {}\n", indented(l.where, 19));
  if (!l.profile.empty()) fmt::print("   profile:        {}\n", indented(l.profile, 19));
  fmt::print("   the fix:        {}\n", indented(l.fix, 19));
  if (plan_.failure == Failure::wrong_key)
    fmt::print("                   It refused this demo's pair: {}\n", indented(refused_, 19));
}

}  // namespace glasstls::tools
