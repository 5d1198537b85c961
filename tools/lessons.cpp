#include "tools/lessons.hpp"

#include <fmt/core.h>

#include "handshake/cipher_suite.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/refusals.hpp"
#include "x509/der.hpp"
#include "x509/identity.hpp"

namespace glasstls::tools {

namespace {

using AD = AlertDescription;
using handshake::kTls12;
using handshake::kTls13;
using handshake::Refusal;
using handshake::Role;

const char* role_name(Role r) { return r == Role::client ? "client" : "server"; }
Role other(Role r) { return r == Role::client ? Role::server : Role::client; }

// What an alert means, in the words of RFC 8446 §6.2, verbatim (RFC 5246
// §7.2.2 says nearly the same of those TLS 1.2 has).
struct AlertMeaning {
  AD alert;
  std::string_view text;
};
constexpr AlertMeaning kAlertMeanings[] = {
    {AD::handshake_failure,
     "Receipt of a \"handshake_failure\" alert message indicates that the sender was unable to "
     "negotiate an acceptable set of security parameters given the options available."},
    {AD::bad_certificate,
     "A certificate was corrupt, contained signatures that did not verify correctly, etc."},
    {AD::unsupported_certificate, "A certificate was of an unsupported type."},
    {AD::certificate_expired, "A certificate has expired or is not currently valid."},
    {AD::certificate_unknown,
     "Some other (unspecified) issue arose in processing the certificate, rendering it "
     "unacceptable."},
    {AD::unknown_ca,
     "A valid certificate chain or partial chain was received, but the certificate was not "
     "accepted because the CA certificate could not be located or could not be matched with a "
     "known trust anchor."},
    {AD::decrypt_error,
     "A handshake (not record layer) cryptographic operation failed, including being unable to "
     "correctly verify a signature or validate a Finished message or a PSK binder."},
    {AD::bad_record_mac,
     "This alert is returned if a record is received which cannot be deprotected."},
    {AD::protocol_version,
     "The protocol version the peer has attempted to negotiate is recognized but not supported "
     "(see Appendix D)."},
    {AD::certificate_required,
     "Sent by servers when a client certificate is desired but none was provided by the client."},
    {AD::insufficient_security,
     "Returned instead of \"handshake_failure\" when a negotiation has failed specifically "
     "because the server requires parameters more secure than those supported by the client."},
};

std::string_view alert_meaning(AD a) {
  for (const auto& m : kAlertMeanings)
    if (m.alert == a) return m.text;
  return "";
}

// `text` as one paragraph, its lines filled up to kWidth columns (the role
// names put into a rule change its line lengths).
constexpr std::size_t kWidth = 80;
std::string reflowed(std::string_view text) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find_first_of(" \n", start);
    const auto word = text.substr(start, end == text.npos ? text.npos : end - start);
    start = end == text.npos ? text.size() : end + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > kWidth) {
      out += line + '\n';
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line.append(word);
  }
  return out + line;
}

// "RFC 8446 §6.2", "RFC 5246 §7.2.2", or both when no version was chosen yet.
std::string alert_section(std::uint16_t version) {
  if (version == kTls13) return "RFC 8446 §6.2";
  if (version == kTls12) return "RFC 5246 §7.2.2";
  return "RFC 8446 §6.2, RFC 5246 §7.2.2";
}

// The first certificate of `chain` not valid at `now`, if any.
const x509::Certificate* out_of_dates(std::span<const x509::Certificate> chain,
                                      x509::UnixTime now) {
  for (const auto& c : chain)
    if (!c.validity().contains(now)) return &c;
  return nullptr;
}

Problem dates_problem(const x509::Certificate& c, x509::UnixTime now) {
  return now < c.validity().not_before ? Problem::not_yet_valid : Problem::expired;
}

std::string dates(const x509::Certificate& c) {
  return fmt::format("{} is valid {} .. {}", c.subject_string(),
                     x509::format_time(c.validity().not_before),
                     x509::format_time(c.validity().not_after));
}

// The commands that have the CA issue `who`.pem ("server" or "client") from
// its request: glasstls, then openssl (with `openssl_extension` when given).
std::string issue_commands(std::string_view who, std::string_view openssl_extension = {}) {
  return fmt::format(
      "  glasstls ca sign --ca-dir ca --csr {0}.csr --profile {0} --days 90 --out {0}.pem\n"
      "  openssl x509 -req -in {0}.csr -CA intermediate.pem -CAkey intermediate.key -days 90 "
      "{1} -out {0}.pem",
      who,
      openssl_extension.empty() ? "-copy_extensions copyall"
                                : "-extfile <(echo " + std::string(openssl_extension) + ")");
}

// The two commands that show whether `who`.key goes with `who`.pem.
std::string key_pair_check(std::string_view who) {
  return fmt::format(
      "  openssl x509 -noout -pubkey -in {0}.pem | openssl sha256\n"
      "  openssl pkey -pubout -in {0}.key | openssl sha256",
      who);
}

constexpr std::string_view kValidityRules =
    "RFC 5280 §4.1.2.5 (validity) and §6.1.3 (a)(2); certificate_expired: ";

Problem from_refusal(Refusal r) {
  switch (r) {
    case Refusal::no_common_suite: return Problem::no_common_suite;
    case Refusal::no_common_group: return Problem::no_common_group;
    case Refusal::no_common_signature_scheme: return Problem::no_common_signature_scheme;
    case Refusal::no_client_certificate: return Problem::no_client_certificate;
    case Refusal::bad_signature: return Problem::wrong_key;
    case Refusal::bad_finished: return Problem::bad_finished;
  }
  return Problem::other;
}

// What an alert says by itself, for the alerts that need nothing else
// (the others: diagnose_ours(), diagnose_theirs()).
Problem problem_of_alert(AD a) {
  switch (a) {
    case AD::unknown_ca: return Problem::unknown_ca;
    case AD::unsupported_certificate: return Problem::wrong_purpose;
    case AD::certificate_required: return Problem::no_client_certificate;
    case AD::protocol_version: return Problem::no_common_version;
    case AD::bad_record_mac: return Problem::records_do_not_open;
    default: return Problem::other;
  }
}

// We found the problem (and sent the alert).
Diagnosis diagnose_ours(const FailedConnection& f) {
  Diagnosis d;
  // The certificate we checked is the peer's: the client's when we serve.
  d.client_certificate = f.side == Role::server;
  if (const auto r = handshake::refusal_of(f.error)) {
    d.problem = from_refusal(*r);
    d.client_certificate = d.problem == Problem::no_client_certificate ||
                           (d.problem == Problem::wrong_key && f.side == Role::server);
    return d;
  }
  d.problem = problem_of_alert(f.error.alert);
  if (d.problem == Problem::no_client_certificate) d.client_certificate = true;
  switch (f.error.alert) {
    case AD::certificate_expired:
      if (const auto* c = out_of_dates(f.peer_chain, f.now)) {
        d.problem = dates_problem(*c, f.now);
        d.note = dates(*c) + "; this machine's clock says " + x509::format_time(f.now);
      } else {
        d.problem = Problem::expired;
      }
      break;
    case AD::bad_certificate:
      d.problem = Problem::bad_certificate;
      if (f.side == Role::client && !f.peer_chain.empty() && !f.server_name.empty() &&
          !x509::verify_hostname(f.peer_chain.front(), f.server_name)) {
        d.problem = Problem::hostname;
        d.note = "the client asked for " + f.server_name;
      }
      break;
    case AD::decrypt_error:
      // Not a refusal (CertificateVerify, Finished): a signature in the
      // peer's chain, checked with the key of a CA of ours with the same name.
      if (!f.peer_chain.empty() && !f.peer_chain_verified) {
        d.problem = Problem::unknown_ca;
        d.note =
            "a CA in our trust store has the name of the chain's issuer, but its key did not "
            "sign\nthe chain: it is another CA with the same name";
      }
      break;
    default: break;
  }
  return d;
}

// The peer found it and told us with an alert: what it probably objected
// to, from what we know of our side.
Diagnosis diagnose_theirs(const FailedConnection& f) {
  Diagnosis d;
  d.peer_decided = true;
  // A certificate alert is about ours: the client's when we are the client.
  d.client_certificate = f.side == Role::client;
  d.problem = problem_of_alert(f.error.alert);
  if (d.problem == Problem::no_client_certificate) d.client_certificate = true;
  switch (f.error.alert) {
    case AD::certificate_expired:
      if (const auto* c = out_of_dates(f.own_chain, f.now)) {
        d.problem = dates_problem(*c, f.now);
        d.note = dates(*c);
      } else {
        d.problem = Problem::expired;
        if (!f.own_chain.empty()) {
          d.note = "by this machine's clock (" + x509::format_time(f.now) +
                   ") every certificate we sent is valid: is the " + role_name(other(f.side)) +
                   "'s clock wrong?";
        }
      }
      break;
    case AD::bad_certificate:
      d.problem = Problem::bad_certificate;
      if (f.side == Role::server && !f.own_chain.empty() && !f.server_name.empty() &&
          !x509::verify_hostname(f.own_chain.front(), f.server_name)) {
        d.problem = Problem::hostname;
        d.note = "the client asked for " + f.server_name + ", which our certificate does not carry";
      }
      break;
    case AD::handshake_failure:
    case AD::insufficient_security: d.problem = Problem::no_agreement; break;
    case AD::decrypt_error: d.problem = Problem::proof_rejected; break;
    default: break;
  }
  return d;
}

// The validation profile behind a certificate lesson. The side that checked
// knows the one it applied: by its role (here) unless configured otherwise
// (explain_live()). The other side does not: an alert names neither the rule
// broken nor the profile that applied it.
std::string profile_of(Role checker, bool peer_decided) {
  if (peer_decided)
    return checker == Role::client
               ? "the client's, which its alert does not name: most clients check a server "
                 "with\nwebpki (browsers; glasstls client by default), some with RFC 5280 "
                 "alone\n(glasstls client --profile rfc5280, openssl)"
               : "the server's, which its alert does not name: servers usually check "
                 "mutual-TLS\nclients with rfc5280 (glasstls server does), as their own CA "
                 "issues them";
  return checker == Role::client
             ? "webpki, as a TLS client checks its server (the rule is the same in rfc5280)"
             : "rfc5280, as a server checks its mutual-TLS clients: client certificates come "
               "from\nthe organisation's own CA, which the CA/Browser Forum rules (webpki) do "
               "not govern";
}

// The profile line when this side was configured with a profile other than
// its role's (Config::profile, glasstls client --profile).
std::string configured_profile(x509::ValidationProfile p) {
  return p == x509::ValidationProfile::rfc5280
             ? "rfc5280, as configured (--profile rfc5280): RFC 5280 without the CA/Browser "
               "Forum\nBaseline Requirements (the rule is the same in webpki)"
             : "webpki, as configured: RFC 5280 and the CA/Browser Forum Baseline Requirements";
}

void certificate_lesson(Problem p, const Diagnosis& d, const LessonContext& c, Lesson& l) {
  const Role owner = d.client_certificate ? Role::client : Role::server;
  const Role checker = other(owner);
  const std::string alert = alert_section(c.version);
  const std::string profile = d.client_certificate ? "client" : "server";
  l.profile = profile_of(checker, d.peer_decided);
  switch (p) {
    case Problem::unknown_ca:
      if (owner == Role::server) {
        l.rule =
            "a chain is only as good as the CA at its end: the client follows the server's chain\n"
            "up to a root, and that root must be in the client's own trust store. A signature\n"
            "by a CA you do not know proves nothing.";
        l.where =
            "RFC 5280 §6.1 (a path ends at a trust anchor the verifier holds); unknown_ca:\n" +
            alert;
        l.fix =
            "give the client the root that issued the server's chain (never \"trust all\"):\n"
            "  glasstls client www.example.test:443 --ca root.pem\n"
            "  curl --cacert root.pem https://www.example.test/\n"
            "  openssl s_client -connect www.example.test:443 -CAfile root.pem "
            "-verify_return_error";
      } else {
        l.rule =
            "the server checks the client's chain as a client checks a server's: it must end at "
            "a\nCA in the server's trust store for clients. In mutual TLS that is usually your "
            "own\nCA, so that only the certificates it issued get in.";
        l.where = "RFC 5280 §6.1; unknown_ca: " + std::string(c.version == kTls12
                                                                  ? "RFC 5246 §7.4.6, §7.2.2"
                                                                  : "RFC 8446 §4.4.2.4, §6.2");
        l.fix = "have the client's certificate issued by the CA the server trusts for clients:\n" +
                issue_commands("client") +
                "\n  or, if the other CA deserves it, trust it: glasstls server ... --client-ca "
                "other-root.pem";
      }
      return;
    case Problem::expired:
      l.rule = fmt::format(
          "a certificate is valid from notBefore to notAfter, both included, and nothing\n"
          "extends it: the {} checks every certificate of the {}'s chain against its clock.",
          role_name(checker), role_name(owner));
      l.where = std::string(kValidityRules) + alert;
      l.fix = "renew before notAfter: the CA signs the same request again\n" +
              issue_commands(profile) +
              fmt::format(
                  "\n  (see the dates: glasstls x509 show {0}.pem, openssl x509 -noout "
                  "-dates -in {0}.pem)",
                  profile);
      return;
    case Problem::not_yet_valid:
      l.rule = fmt::format(
          "a certificate is valid from notBefore to notAfter, both included: before notBefore\n"
          "it is not valid yet. The {} checks every certificate of the {}'s chain against\n"
          "its clock; usually one of the two clocks is wrong (no NTP, a virtual machine\n"
          "resumed from a snapshot), or the certificate was issued to start later. TLS has\n"
          "no alert of its own for it: certificate_expired says \"expired or not currently "
          "valid\".",
          role_name(checker), role_name(owner));
      l.where = std::string(kValidityRules) + alert;
      l.fix = fmt::format(
          "compare the clocks with the dates, then fix the clock or issue a certificate that\n"
          "starts now:\n"
          "  date -u; openssl x509 -noout -dates -in {0}.pem   (or glasstls x509 show {0}.pem)\n"
          "  timedatectl set-ntp true\n"
          "  glasstls ca sign --ca-dir ca --csr {0}.csr --profile {0} --days 90 --out {0}.pem",
          profile);
      return;
    case Problem::hostname:
      l.rule =
          "a certificate is for the names in its subjectAltName: the client compares the name\n"
          "it dialled with them (a wildcard stands for one left-most label); the subject's\n"
          "Common Name does not count.";
      l.where =
          "RFC 9525 §6.3 (matching DNS names), RFC 5280 §4.2.1.6 (subjectAltName); "
          "bad_certificate: " +
          alert;
      l.fix =
          "dial the name the certificate carries, or get a certificate for the name you serve:\n"
          "  glasstls csr new --key server.key --subject \"CN=shop.example.net\" "
          "--san DNS:shop.example.net --out shop.csr\n"
          "  glasstls ca sign --ca-dir ca --csr shop.csr --profile server --days 90 "
          "--out shop.pem\n"
          "  openssl req -new -key server.key -subj /CN=shop.example.net "
          "-addext subjectAltName=DNS:shop.example.net -out shop.csr\n"
          "  (the names a certificate carries: glasstls x509 show server.pem)";
      return;
    case Problem::wrong_purpose:
      l.rule = fmt::format(
          "a certificate says what its key may be used for: extKeyUsage must allow {} for a\n"
          "TLS {} (serverAuth for a server, clientAuth for a client), and a critical extension\n"
          "the checker does not know makes the certificate unusable.",
          owner == Role::server ? "id-kp-serverAuth" : "id-kp-clientAuth", role_name(owner));
      l.where =
          "RFC 5280 §4.2.1.12 (extKeyUsage), §4.2 (critical extensions); "
          "unsupported_certificate: " +
          alert;
      l.fix = "have the CA issue it with the " + profile + " profile:\n" +
              issue_commands(profile, owner == Role::server ? "extendedKeyUsage=serverAuth"
                                                            : "extendedKeyUsage=clientAuth");
      return;
    default:  // bad_certificate
      l.rule = fmt::format(
          "the {} checks the {}'s chain rule by rule (signatures, CA flags, key usage, name\n"
          "constraints, key sizes ...); this chain broke one, named in the error above.",
          role_name(checker), role_name(owner));
      l.where = "RFC 5280 §6.1 (path validation); bad_certificate: " + alert;
      l.fix = fmt::format(
          "check the chain the way the {} does, which names the certificate and the rule:\n"
          "  glasstls x509 verify --roots root.pem --intermediates chain.pem --leaf {}.pem "
          "--purpose {} --profile {}{}\n"
          "  openssl verify -CAfile root.pem -untrusted chain.pem -purpose ssl{} {}.pem",
          role_name(checker), profile, profile, checker == Role::client ? "webpki" : "rfc5280",
          owner == Role::server ? " --hostname www.example.test" : "", profile, profile);
      return;
  }
}

void negotiation_lesson(Problem p, const LessonContext& c, Lesson& l) {
  const bool tls13 = c.version == kTls13;
  switch (p) {
    case Problem::no_common_version:
      l.rule =
          "the client lists the versions it speaks (TLS 1.3: the supported_versions extension;\n"
          "TLS 1.2: its legacy_version), the server picks one it speaks too, or ends the\n"
          "handshake with protocol_version.";
      l.where =
          "RFC 8446 §4.2.1 (supported_versions), §4.1.2, Appendix D; RFC 5246 §7.4.1.2, "
          "Appendix E.1;\nprotocol_version: " +
          alert_section(c.version);
      l.fix =
          "let both sides speak a version in common (TLS 1.3 and 1.2 are both fine):\n"
          "  glasstls client ... --tls any       glasstls server ... --tls any\n"
          "  openssl s_client -tls1_3 (or -tls1_2)   curl --tlsv1.2 https://...\n"
          "  (what a server speaks: openssl s_client -connect HOST:443 -tls1_2 and -tls1_3)";
      return;
    case Problem::no_common_group:
      l.rule =
          "ECDHE needs one group both sides speak: the client lists its groups\n"
          "(supported_groups), the server picks one of them or gives up.";
      l.where = tls13 ? "RFC 8446 §4.1.1 (no overlap: handshake_failure or insufficient_security), "
                        "§4.2.7"
                      : "RFC 8422 §5.1 (supported_groups), RFC 5246 §7.4.1.2 (no acceptable "
                        "choice: handshake_failure)";
      l.fix =
          "configure a group both speak (x25519 and secp256r1 are everywhere):\n"
          "  glasstls client ... --groups x25519,P-256    glasstls server ... --groups "
          "x25519,P-256\n"
          "  openssl s_client -groups X25519:P-256        openssl s_server -groups "
          "X25519:P-256";
      return;
    case Problem::no_common_suite:
      l.rule =
          "the client lists the cipher suites it accepts, the server picks one it accepts too\n"
          "or ends the handshake.";
      l.where = tls13 ? "RFC 8446 §4.1.1 (no overlap: handshake_failure or insufficient_security); "
                        "§9.1: every\nTLS 1.3 implementation has TLS_AES_128_GCM_SHA256"
                      : "RFC 5246 §7.4.1.2 (no acceptable choice: handshake_failure)";
      l.fix =
          "offer a suite both speak:\n"
          "  glasstls client ... --suites TLS_AES_128_GCM_SHA256\n"
          "  openssl s_client -ciphersuites TLS_AES_128_GCM_SHA256 (TLS 1.3), "
          "-cipher ECDHE-ECDSA-AES128-GCM-SHA256 (TLS 1.2)";
      return;
    case Problem::no_common_signature_scheme:
      l.rule =
          "the server proves that it owns its certificate with a signature, made with a\n"
          "scheme from the client's signature_algorithms list: it needs a certificate whose\n"
          "key can sign one of them. A P-256 key signs only ecdsa_secp256r1_sha256; an RSA\n"
          "key rsa_pss_rsae_* (and, in TLS 1.2, rsa_pkcs1_*); an Ed25519 key only ed25519.";
      l.where = tls13 ? "RFC 8446 §4.2.3 (signature_algorithms), §4.4.2.2 (the server's "
                        "certificate); handshake_failure: §6.2"
                      : "RFC 5246 §7.4.1.4.1 (signature_algorithms), §7.4.2 (the server's "
                        "certificate); handshake_failure: §7.2.2";
      l.fix =
          "let the client offer the scheme of the server's key, or give the server a\n"
          "certificate whose key signs one the client offers:\n"
          "  openssl s_client -sigalgs ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256:ed25519\n"
          "  glasstls key new --type p256 --out server.key   (then a CSR and glasstls ca sign)\n"
          "  glasstls server ... --cert rsa-chain.pem --key rsa.key --cert ec-chain.pem --key "
          "ec.key";
      return;
    default:  // no_agreement: the peer did not say which list
      l.rule =
          "the server compares what the client offers with what it accepts (versions, cipher\n"
          "suites, groups, signature schemes; in TLS 1.2 also whether it requires a client\n"
          "certificate) and found no acceptable set. The alert does not say which list.";
      l.where =
          "RFC 8446 §4.1.1 (handshake_failure or insufficient_security); RFC 5246 "
          "§7.4.1.3, §7.4.6;\nhandshake_failure: " +
          alert_section(c.version);
      l.fix =
          "see what each side offers and accepts, then widen one of them:\n"
          "  glasstls client HOST:PORT --trace 2>&1 | less   (our ClientHello, field by field)\n"
          "  openssl s_client -connect HOST:PORT -msg\n"
          "  the server's log names the list with nothing in common (glasstls server says so)";
      return;
  }
}

}  // namespace

std::string_view problem_name(Problem p) {
  switch (p) {
    case Problem::unknown_ca: return "unknown CA";
    case Problem::expired: return "expired certificate";
    case Problem::not_yet_valid: return "certificate not yet valid";
    case Problem::hostname: return "hostname mismatch";
    case Problem::wrong_purpose: return "certificate not for this use";
    case Problem::bad_certificate: return "certificate rejected";
    case Problem::no_client_certificate: return "no client certificate";
    case Problem::no_common_version: return "no shared protocol version";
    case Problem::no_common_suite: return "no shared cipher suite";
    case Problem::no_common_group: return "no shared group";
    case Problem::no_common_signature_scheme: return "no shared signature scheme";
    case Problem::no_agreement: return "no shared parameters";
    case Problem::wrong_key: return "wrong key for the certificate";
    case Problem::bad_finished: return "bad Finished";
    case Problem::proof_rejected: return "signature or Finished rejected";
    case Problem::records_do_not_open: return "records do not decrypt";
    case Problem::other: return "other";
  }
  return "other";
}

std::string diagnosis_name(const Diagnosis& d) {
  const bool certificate = d.problem == Problem::unknown_ca || d.problem == Problem::expired ||
                           d.problem == Problem::not_yet_valid ||
                           d.problem == Problem::wrong_purpose ||
                           d.problem == Problem::bad_certificate;
  std::string name(problem_name(d.problem));
  return certificate && d.client_certificate ? "client certificate rejected: " + name : name;
}

Diagnosis diagnose(const FailedConnection& failed) {
  Diagnosis d =
      failed.error.origin == ErrorOrigin::peer ? diagnose_theirs(failed) : diagnose_ours(failed);
  d.alert = failed.error.alert;
  return d;
}

Lesson lesson(const Diagnosis& d, const LessonContext& c) {
  Lesson l;
  const bool tls13 = c.version == kTls13;
  const std::string alert = fmt::format("{} ({})", to_string(d.alert), static_cast<int>(d.alert));
  if (d.peer_decided) {
    const auto meaning = alert_meaning(d.alert);
    l.who = fmt::format("the {} decided, and sent the alert {}", role_name(other(c.side)), alert);
    if (!meaning.empty()) l.who += fmt::format(";\nRFC 8446 §6.2: \"{}\"", meaning);
    l.who += fmt::format("\nWhat it probably objected to: {}.", diagnosis_name(d));
  } else {
    const bool named = d.problem != Problem::other;
    l.who = fmt::format(
        "the {} (this side) decided{}{}; it sent the alert {} and closed the "
        "connection.",
        role_name(c.side), named ? ": " : "", named ? diagnosis_name(d) : "", alert);
  }
  if (!d.note.empty()) l.who += "\n" + d.note;
  switch (d.problem) {
    case Problem::unknown_ca:
    case Problem::expired:
    case Problem::not_yet_valid:
    case Problem::hostname:
    case Problem::wrong_purpose:
    case Problem::bad_certificate: certificate_lesson(d.problem, d, c, l); break;
    case Problem::no_common_version:
    case Problem::no_common_suite:
    case Problem::no_common_group:
    case Problem::no_common_signature_scheme:
    case Problem::no_agreement: negotiation_lesson(d.problem, c, l); break;
    case Problem::no_client_certificate:
      l.rule =
          "in mutual TLS the server asks for a certificate (CertificateRequest) and may refuse\n"
          "to go on without one; this server requires one. A client sends none when it has\n"
          "none, or none from the CAs the server lists in its request (certificate_authorities).";
      l.where = tls13 ? "RFC 8446 §4.3.2 (CertificateRequest), §4.2.4 (certificate_authorities), "
                        "§4.4.2.4\n(an empty client Certificate: go on, or abort with "
                        "certificate_required)"
                      : "RFC 5246 §7.4.4 (CertificateRequest), §7.4.6 (no client certificate: "
                        "go on,\nor abort with handshake_failure)";
      l.fix =
          "give the client its key store (its chain and its key):\n"
          "  glasstls client www.example.test:443 --ca root.pem --cert client-chain.pem "
          "--key client.key\n"
          "  curl --cacert root.pem --cert client-chain.pem --key client.key "
          "https://www.example.test/\n"
          "  openssl s_client -connect www.example.test:443 -CAfile root.pem -cert client.pem "
          "-key client.key -cert_chain intermediate.pem";
      break;
    case Problem::wrong_key:
      if (c.rsa_key_transport) {
        l.rule =
            "with RSA key transport the server signs nothing: the client encrypts the\n"
            "premaster secret to the public key in the certificate, and only the private key\n"
            "that goes with it decrypts it. The impostor decrypts garbage (and carries on\n"
            "with a random premaster secret, so as not to say why): its keys differ from the\n"
            "client's, and the client's Finished record does not open (bad_record_mac). With\n"
            "mutual TLS it fails even before: alice's CertificateVerify signs a transcript\n"
            "that holds the real certificate, and the impostor cannot verify it "
            "(decrypt_error).";
        l.where =
            "RFC 5246 §7.4.7.1 (the encrypted premaster secret), §7.4.8 (CertificateVerify),\n"
            "§7.2.2 (bad_record_mac, decrypt_error)";
      } else {
        const char* signer = d.client_certificate ? "client" : "server";
        l.rule = fmt::format(
            "a certificate is public: anyone can send it. What proves that the {} owns it is\n"
            "a signature only the certificate's private key can make, over {}. The {} checks\n"
            "it with the public key in the certificate, and an impostor's signature does not\n"
            "verify.",
            signer,
            tls13 || d.client_certificate
                ? "the handshake\ntranscript (CertificateVerify)"
                : "both randoms and the\nECDHE parameters (ServerKeyExchange)",
            d.client_certificate ? "server" : "client");
        l.where = tls13 ? "RFC 8446 §4.4.3 (CertificateVerify; a failed check is decrypt_error)"
                        : "RFC 5246 §7.4.3 and RFC 8422 §5.4 (the signed ServerKeyExchange), "
                          "§7.4.8\n(CertificateVerify); decrypt_error: RFC 5246 §7.2.2";
      }
      l.fix =
          "keep the private key that goes with your certificate, and check the pair before\n"
          "you deploy: both commands print the same hash\n" +
          key_pair_check(d.client_certificate ? "client" : "server") +
          "\nGlassTLS checks the pair when it loads a key store (glasstls server --cert --key).";
      break;
    case Problem::bad_finished:
      l.rule =
          "each side ends its handshake with Finished: a MAC, under a key from the handshake's\n"
          "secrets, of every message so far. The other side computes the same over what it\n"
          "saw; any change to the messages (or other keys) and the two differ.";
      l.where = tls13 ? "RFC 8446 §4.4.4 (Finished; a wrong one is decrypt_error)"
                      : "RFC 5246 §7.4.9 (Finished), §7.2.2 (decrypt_error)";
      l.fix =
          "nothing to configure: a wrong Finished means that the handshake was changed on the\n"
          "way (a middlebox rewriting it, an attack) or that one side is broken. Capture it\n"
          "(glasstls demo --pcap, or tcpdump and a key log) and compare what each side sent.";
      break;
    case Problem::proof_rejected:
      l.rule = fmt::format(
          "the {} could not verify a proof we sent: the signature in our CertificateVerify{}\n"
          "(made with our private key: it must be the key of our certificate), our Finished\n"
          "(a MAC of the handshake as we saw it: it differs when the handshake was changed on\n"
          "the way), or a signature in our chain (when the peer trusts another CA with the\n"
          "name of ours).",
          role_name(other(c.side)),
          c.version == kTls12 && c.side == Role::server ? " or ServerKeyExchange" : "");
      l.where = tls13
                    ? "RFC 8446 §4.4.3 (CertificateVerify), §4.4.4 (Finished); decrypt_error: §6.2"
                    : "RFC 5246 §7.4.3, §7.4.8 (signatures), §7.4.9 (Finished); decrypt_error: "
                      "§7.2.2";
      l.fix = "check that our key matches our certificate (both print the same hash):\n" +
              key_pair_check(role_name(c.side)) +
              "\nif they match, capture the connection (tcpdump and --keylog) and look for what\n"
              "changes the handshake on the way.";
      break;
    case Problem::records_do_not_open:
      l.rule =
          "records are sealed with keys both sides derive from the handshake; a record whose\n"
          "tag does not check means the two sides hold different keys, or that the record was\n"
          "changed on the way. With TLS 1.2 RSA key transport, a server without the private\n"
          "key of its certificate derives other keys and fails exactly so.";
      l.where = std::string(c.version == kTls12 ? "RFC 5246 §6.2.3.3 (AEAD records)"
                                                : "RFC 8446 §5.2 (record protection)") +
                "; bad_record_mac: " + alert_section(c.version);
      l.fix = "check that the server's key matches its certificate (both print the same hash):\n" +
              key_pair_check("server") +
              "\notherwise capture the connection (tcpdump and a key log: --keylog) and compare.";
      break;
    case Problem::other:
      l.rule = "the error above names the rule that was broken and its section.";
      l.where = "the section in the error; the alerts: " + alert_section(c.version);
      l.fix =
          "run it again with --trace to see every message and decision:\n"
          "  glasstls client HOST:PORT --trace   glasstls server ... --trace";
      break;
  }
  l.rule = reflowed(l.rule);
  return l;
}

LiveExplanation explain_live(const handshake::Connection& connection,
                             const handshake::Config& config, Role side,
                             std::string_view server_name) {
  const auto& n = connection.negotiated();
  FailedConnection f;
  f.error = *connection.error();
  f.side = side;
  f.version = n.version;
  f.peer_chain = n.peer_chain;
  f.peer_chain_verified = !n.verified_path.empty();
  f.server_name = side == Role::client ? std::string(server_name) : n.server_name;
  f.now = config.now();
  // What we present: the identity for the name asked for, else the first.
  for (const auto& id : config.identities) {
    if (f.own_chain.empty()) f.own_chain = id->chain();
    if (!f.server_name.empty() && x509::verify_hostname(id->leaf(), f.server_name)) {
      f.own_chain = id->chain();
      break;
    }
  }
  const auto* suite = n.cipher_suite ? handshake::find_suite(n.cipher_suite, kTls12) : nullptr;
  const bool rsa_kx =
      n.version == kTls12 && suite && suite->key_exchange == handshake::KeyExchangeKind::rsa;
  LiveExplanation e;
  e.diagnosis = diagnose(f);
  Lesson l = lesson(e.diagnosis, {side, n.version, rsa_kx});
  const bool ours = !l.profile.empty() && f.error.origin == ErrorOrigin::local;
  const auto by_role =
      side == Role::client ? x509::ValidationProfile::webpki : x509::ValidationProfile::rfc5280;
  if (ours && config.profile && *config.profile != by_role)
    l.profile = configured_profile(*config.profile);
  // A rule of the Baseline Requirements we applied is not one of RFC 5280.
  if (ours && f.error.rule.starts_with("CA/B Forum BR"))
    l.profile =
        "webpki: a CA/Browser Forum Baseline Requirement, which rfc5280 does not apply\n"
        "(a private PKI whose CA does not follow them can use --profile rfc5280)";
  e.text = format_lesson(l);
  return e;
}

std::string format_lesson(const Lesson& l) {
  std::string out;
  const auto field = [&out](std::string_view name, const std::string& text) {
    if (text.empty()) return;
    out += fmt::format("  {:<9}", std::string(name) + ":");
    for (const char ch : text) {
      out += ch;
      if (ch == '\n') out += std::string(11, ' ');
    }
    out += '\n';
  };
  field("why", l.who);
  field("rule", l.rule);
  field("where", l.where);
  field("profile", l.profile);
  field("fix", l.fix);
  return out;
}

}  // namespace glasstls::tools
