#include "tools/demo_failures.hpp"

#include <fmt/core.h>

#include "handshake/authentication.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/messages12.hpp"

namespace glasstls::tools {

namespace {

using handshake::kTls13;

// The lesson of a failure, in plain words.
struct Lesson {
  std::string rule;     // what is checked, and why
  std::string where;    // the sections that say so
  std::string profile;  // for certificate checks: which validation profile applied it
  std::string fix;      // what to do, with commands
};

Lesson lesson(Failure f, const DemoPlan& plan) {
  const bool tls13 = plan.version == kTls13;
  switch (f) {
    case Failure::unknown_ca:
      return {
          "a chain is only as good as the CA at its end: the client follows the server's chain\n"
          "up to a root, and that root must be in the client's own trust store. A signature\n"
          "by a CA you do not know proves nothing.",
          "RFC 5280 §6.1 (a path ends at a trust anchor the verifier holds); unknown_ca:\n" +
              std::string(tls13 ? "RFC 8446 §6.2" : "RFC 5246 §7.2.2"),
          "webpki, as a TLS client checks its server (the rule is the same in rfc5280)",
          "give the client the root that issued the server's chain (never \"trust all\"):\n"
          "  glasstls client www.example.test:443 --ca root.pem\n"
          "  curl --cacert root.pem https://www.example.test/\n"
          "  openssl s_client -connect www.example.test:443 -CAfile root.pem "
          "-verify_return_error"};
    case Failure::expired:
      return {
          "a certificate is valid from notBefore to notAfter, both included, and nothing\n"
          "extends it: the client checks every certificate of the chain against its clock.",
          "RFC 5280 §4.1.2.5 (validity) and §6.1.3 (a)(2); certificate_expired: " +
              std::string(tls13 ? "RFC 8446 §6.2" : "RFC 5246 §7.2.2"),
          "webpki, as a TLS client checks its server (the rule is the same in rfc5280)",
          "renew before notAfter: the CA signs the same request again\n"
          "  glasstls ca sign --ca-dir ca --csr server.csr --profile server --days 90 "
          "--out server.pem\n"
          "  openssl x509 -req -in server.csr -CA intermediate.pem -CAkey intermediate.key "
          "-days 90 -copy_extensions copyall -out server.pem\n"
          "  (see the dates: glasstls x509 show server.pem, openssl x509 -noout -dates -in "
          "server.pem)"};
    case Failure::hostname:
      return {
          "a certificate is for the names in its subjectAltName: the client compares the name\n"
          "it dialled with them (a wildcard stands for one left-most label); the subject's\n"
          "Common Name does not count.",
          "RFC 9525 §6.3 (matching DNS names), RFC 5280 §4.2.1.6 (subjectAltName); "
          "bad_certificate: " +
              std::string(tls13 ? "RFC 8446 §6.2" : "RFC 5246 §7.2.2"),
          "webpki, as a TLS client checks its server (names are checked in rfc5280 too)",
          "dial the name the certificate carries, or get a certificate for the name you serve:\n"
          "  glasstls csr new --key server.key --subject \"CN=shop.example.net\" "
          "--san DNS:shop.example.net --out shop.csr\n"
          "  glasstls ca sign --ca-dir ca --csr shop.csr --profile server --days 90 "
          "--out shop.pem\n"
          "  openssl req -new -key server.key -subj /CN=shop.example.net "
          "-addext subjectAltName=DNS:shop.example.net -out shop.csr"};
    case Failure::no_client_cert:
      return {
          "in mutual TLS the server asks for a certificate (CertificateRequest) and may refuse\n"
          "to go on without one; this server requires one.",
          tls13 ? "RFC 8446 §4.3.2 (CertificateRequest), §4.4.2.4 (an empty client Certificate:\n"
                  "go on, or abort with certificate_required)"
                : "RFC 5246 §7.4.4 (CertificateRequest), §7.4.6 (no client certificate: go on,\n"
                  "or abort with handshake_failure)",
          "",
          "give the client its key store (its chain and its key):\n"
          "  glasstls client www.example.test:443 --ca root.pem --cert client-chain.pem "
          "--key client.key\n"
          "  curl --cacert root.pem --cert client-chain.pem --key client.key "
          "https://www.example.test/\n"
          "  openssl s_client -connect www.example.test:443 -CAfile root.pem -cert client.pem "
          "-key client.key -cert_chain intermediate.pem"};
    case Failure::client_cert_unknown_ca:
      return {
          "the server checks the client's chain as a client checks a server's: it must end at a\n"
          "CA in the server's trust store for clients. In mutual TLS that is usually your own\n"
          "CA, so that only the certificates it issued get in.",
          "RFC 5280 §6.1; unknown_ca: " +
              std::string(tls13 ? "RFC 8446 §4.4.2.4, §6.2" : "RFC 5246 §7.4.6, §7.2.2"),
          "rfc5280, as a server checks its mutual-TLS clients: client certificates come from\n"
          "the organisation's own CA, which the CA/Browser Forum rules (webpki) do not govern",
          "have the client's certificate issued by the CA the server trusts for clients:\n"
          "  glasstls ca sign --ca-dir ca --csr client.csr --profile client --days 90 "
          "--out client.pem\n"
          "  openssl x509 -req -in client.csr -CA intermediate.pem -CAkey intermediate.key "
          "-days 90 -copy_extensions copyall -out client.pem\n"
          "  or, if the other CA deserves it, trust it: glasstls server ... --client-ca "
          "other-root.pem"};
    case Failure::no_common_group:
      return {
          "ECDHE needs one group both sides speak: the client lists its groups\n"
          "(supported_groups), the server picks one of them or gives up.",
          tls13 ? "RFC 8446 §4.1.1 (no overlap: handshake_failure or insufficient_security), "
                  "§4.2.7"
                : "RFC 8422 §5.1 (supported_groups), RFC 5246 §7.4.1.2 (no acceptable "
                  "choice: handshake_failure)",
          "",
          "configure a group both speak (x25519 and secp256r1 are everywhere):\n"
          "  glasstls client ... --groups x25519,P-256    glasstls server ... --groups "
          "x25519,P-256\n"
          "  openssl s_client -groups X25519:P-256        openssl s_server -groups "
          "X25519:P-256"};
    case Failure::no_common_suite:
      return {
          "the client lists the cipher suites it accepts, the server picks one it accepts too\n"
          "or ends the handshake.",
          tls13 ? "RFC 8446 §4.1.1 (no overlap: handshake_failure or insufficient_security); "
                  "§9.1: every\nTLS 1.3 implementation has TLS_AES_128_GCM_SHA256"
                : "RFC 5246 §7.4.1.2 (no acceptable choice: handshake_failure)",
          "",
          "offer a suite both speak:\n"
          "  glasstls client ... --suites TLS_AES_128_GCM_SHA256\n"
          "  openssl s_client -ciphersuites TLS_AES_128_GCM_SHA256 (TLS 1.3), "
          "-cipher ECDHE-ECDSA-AES128-GCM-SHA256 (TLS 1.2)"};
    case Failure::wrong_key:
      if (plan.rsa_kx) {
        return {
            "with RSA key transport the server signs nothing: the client encrypts the\n"
            "premaster secret to the public key in the certificate, and only the private key\n"
            "that goes with it decrypts it. The impostor decrypts garbage (and carries on\n"
            "with a random premaster secret, so as not to say why): its keys differ from the\n"
            "client's, and the client's Finished record does not open (bad_record_mac). With\n"
            "mutual TLS it fails even before: alice's CertificateVerify signs a transcript\n"
            "that holds the real certificate, and the impostor cannot verify it (decrypt_error).",
            "RFC 5246 §7.4.7.1 (the encrypted premaster secret), §7.4.8 (CertificateVerify),\n"
            "§7.2.2 (bad_record_mac, decrypt_error)",
            "", ""};
      }
      return {
          "a certificate is public: anyone can send it. What proves that the server owns it is\n"
          "a signature only the certificate's private key can make, over " +
              std::string(tls13 ? "the handshake transcript\n(CertificateVerify)"
                                : "both randoms and the\nECDHE parameters "
                                  "(ServerKeyExchange)") +
              ". The client checks it with the public key in the certificate, and an\n"
              "impostor's signature does not verify.",
          tls13 ? "RFC 8446 §4.4.3 (CertificateVerify; a failed check is decrypt_error)"
                : "RFC 5246 §7.4.3 and RFC 8422 §5.4 (the signed ServerKeyExchange); "
                  "decrypt_error:\nRFC 5246 §7.2.2",
          "", ""};
    case Failure::bad_finished:
      return {
          "each side ends its handshake with Finished: a MAC, under a key from the handshake's\n"
          "secrets, of every message so far. The other side computes the same over what it\n"
          "saw; any change to the messages (or other keys) and the two differ.",
          tls13 ? "RFC 8446 §4.4.4 (Finished; a wrong one is decrypt_error)"
                : "RFC 5246 §7.4.9 (Finished), §7.2.2 (decrypt_error)",
          "",
          "nothing to configure: a wrong Finished means that the handshake was changed on the\n"
          "way (a middlebox rewriting it, an attack) or that one side is broken. Capture it\n"
          "(glasstls demo --pcap, or tcpdump and a key log) and compare what each side sent."};
    case Failure::none: break;
  }
  return {};
}

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

}  // namespace

StagedFailure::StagedFailure(const DemoPlan& plan, const DemoCast& cast, DemoConfigs& configs,
                             crypto::Rng& rng, x509::UnixTime now)
    : plan_(plan) {
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
    case Failure::expired: {
      auto old = must(cast.issuing->issue(cast.server->csr, x509::Profile::server, now - 91 * kDay,
                                          now - kDay, rng),
                      "issuing");
      staged_ = fmt::format(
          "the server presents an older certificate for the same key, valid {} .. {}:\n"
          "it expired yesterday.",
          x509::format_time(old.validity().not_before),
          x509::format_time(old.validity().not_after));
      sc.identities = {std::make_shared<const x509::KeyStore>(must(
          x509::KeyStore::create({old, inter}, copy_key(cast.server->key)), "server key store"))};
      break;
    }
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
    case Failure::none: break;
  }
  fmt::print("   --fail {}: this time {}\n", failure_name(plan.failure), indented(staged_, 3));
}

void StagedFailure::attach(DemoConnection& connection) {
  connection.add_sinks(&client_keys_, &server_keys_);
  if (editor_) connection.add_tap(editor_.get());
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
  const char* who = client_noticed ? "client" : "server";
  const char* other = client_noticed ? "server" : "client";
  fmt::print("   who noticed:    the {}\n", who);
  fmt::print("   what it sent:   a fatal alert, {} ({}), and it closed the connection\n",
             to_string(mine.alert), static_cast<int>(mine.alert));
  fmt::print("   in its words:   {}\n", indented(mine.describe(), 19));
  fmt::print("   the {} saw: {}\n", other,
             theirs ? indented(theirs->describe(), 19) : std::string("nothing (no alert arrived)"));
  const Lesson l = lesson(plan_.failure, plan_);
  fmt::print("   the rule:       {}\n", indented(l.rule, 19));
  fmt::print("   where:          {}\n", indented(l.where, 19));
  if (!l.profile.empty()) fmt::print("   profile:        {}\n", indented(l.profile, 19));
  if (plan_.failure == Failure::wrong_key) {
    fmt::print(
        "   the fix:        keep the private key that goes with your certificate, and check\n"
        "                   the pair before you deploy: both commands print the same hash\n"
        "                     openssl x509 -noout -pubkey -in server.pem | openssl sha256\n"
        "                     openssl pkey -pubout -in server.key | openssl sha256\n"
        "                   GlassTLS checks it when it loads a key store, and refused this\n"
        "                   pair: {}\n",
        indented(refused_, 19));
  } else {
    fmt::print("   the fix:        {}\n", indented(l.fix, 19));
  }
}

}  // namespace glasstls::tools
