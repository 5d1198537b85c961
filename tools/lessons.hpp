// Lessons: a failed handshake explained in plain words, for the failures
// learners meet most. diagnose() classifies a failed connection from its
// Error — the alert, who sent it (crypto/result.hpp), which refusal of the
// handshake it is (handshake/refusals.hpp) — and from the certificates in
// play (their dates, the names they carry); lesson() then says who decided,
// the rule, where it is written (RFC 8446, 5246, 5280, 9525 section; for
// certificate checks the validation profile that applied it, x509/path.hpp)
// and the fix, with the glasstls, openssl or curl commands.
//
// `glasstls demo --fail` (tools/demo_failures.cpp) and the live `glasstls
// client` and `server` (on a failed handshake) print them; docs/lessons.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/result.hpp"
#include "handshake/connection.hpp"
#include "handshake/signatures.hpp"
#include "x509/certificate.hpp"

namespace glasstls::tools {

enum class Problem : std::uint8_t {
  unknown_ca,                  // a chain that ends at no CA the checker trusts
  expired,                     // a certificate past its notAfter
  not_yet_valid,               // a certificate before its notBefore
  hostname,                    // the server's certificate is not for the name the client dialled
  wrong_purpose,               // extKeyUsage (or another extension) does not allow this use
  bad_certificate,             // another rule of path validation
  no_client_certificate,       // mutual TLS: the server requires one and got none
  no_common_version,           // no protocol version both speak
  no_common_suite,             // no cipher suite both accept
  no_common_group,             // no (EC)DHE group both speak
  no_common_signature_scheme,  // no signature scheme the server's certificate can sign with
  no_agreement,                // the peer found nothing to agree on (it did not say what)
  wrong_key,                   // a signature that does not verify: not the certificate's key
  bad_finished,                // a Finished that does not match the transcript
  proof_rejected,              // the peer's decrypt_error: our signature or our Finished
  records_do_not_open,         // bad_record_mac: the two sides hold different keys
  other,                       // anything else: the error itself names the rule
};
// "unknown CA", "expired certificate", ...
std::string_view problem_name(Problem p);

// A failed connection, as one side of it sees it.
struct FailedConnection {
  Error error;  // the connection's error: ours, or the peer's alert
  handshake::Role side = handshake::Role::client;  // our role
  std::uint16_t version = 0;                       // the version in play (0: not chosen yet)
  std::span<const x509::Certificate> peer_chain;   // as the peer sent it (may be empty)
  std::span<const x509::Certificate> own_chain;    // what we present (empty: nothing)
  bool peer_chain_verified = false;  // the peer's chain reached one of our trust anchors
  std::string server_name;           // the name the client asked for (SNI)
  x509::UnixTime now = 0;            // our clock
};

struct Diagnosis {
  Problem problem = Problem::other;
  AlertDescription alert = AlertDescription::internal_error;  // the alert sent
  bool peer_decided = false;  // the peer found the problem and told us with an alert
  // The certificate at issue is the client's (mutual TLS), not the server's.
  bool client_certificate = false;
  std::string note;  // what our own view adds (a certificate's dates, the clock)
};
Diagnosis diagnose(const FailedConnection& failed);
// problem_name(), and for a client's certificate "client certificate
// rejected: unknown CA", ...
std::string diagnosis_name(const Diagnosis& d);

// The lesson in plain words.
struct Lesson {
  std::string who;      // who decided, and the alert
  std::string rule;     // what is checked, and why
  std::string where;    // the sections that say so
  std::string profile;  // for certificate checks: which validation profile applied it
  std::string fix;      // what to do, with commands
};

// What the lesson needs beyond the diagnosis.
struct LessonContext {
  handshake::Role side = handshake::Role::client;  // the side telling it
  std::uint16_t version = 0;                       // 0: not chosen yet (both RFCs are named)
  bool rsa_key_transport = false;                  // TLS 1.2 RSA key transport
};
Lesson lesson(const Diagnosis& diagnosis, const LessonContext& context);

// A live connection that failed (connection.error() is set), as this side
// saw it: its diagnosis and lesson, as terminal lines (format_lesson()).
// `server_name`: for a client, the name it dialled (a server reads the SNI).
struct LiveExplanation {
  Diagnosis diagnosis;
  std::string text;
};
LiveExplanation explain_live(const handshake::Connection& connection,
                             const handshake::Config& config, handshake::Role side,
                             std::string_view server_name = {});

// The lesson as terminal lines ("  why:   ...", "  rule:  ..."), each line
// after the first of a field indented under it.
std::string format_lesson(const Lesson& lesson);

}  // namespace glasstls::tools
