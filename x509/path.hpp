// Certification path building and validation (RFC 5280 §6), as browsers and
// rustls-webpki apply it. Start reading at verify_path() in path.cpp.
//
//   TrustStore roots;  roots.add_pem("roots.pem", text);
//   VerifyOptions opt{.time = now, .purpose = Purpose::server, .hostname = "www.example.com"};
//   Rejection why;
//   Result<VerifiedChain> chain = verify_path(leaf, intermediates, roots, opt, &why);
//   if (!chain) print(why.explain());   // which certificate, which rule, what to do
//
// The error of a failed Result is the alert a TLS peer sends (RFC 8446 §6.2:
// bad_certificate, certificate_expired, unknown_ca, unsupported_certificate ...)
// with the rule broken; the Rejection adds which certificate broke it and what
// to do. Each step of the search goes to options.sink as a trace::PathEvent
// when a sink is attached (and nothing is formatted when none is).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trace/events.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::x509 {

// What the leaf certificate is going to be used for (RFC 5280 §4.2.1.12).
enum class Purpose : std::uint8_t {
  server,  // a TLS server: extKeyUsage, when present, must allow id-kp-serverAuth
  client,  // a TLS client: id-kp-clientAuth
  any,     // no extKeyUsage requirement at all
};
std::string_view purpose_name(Purpose p);  // "server", "client", "any"

// Which rulebook path validation follows. Every rejection names its source:
// "RFC 5280 §..." or "CA/B Forum BR §...".
enum class ValidationProfile : std::uint8_t {
  rfc5280,  // RFC 5280 §6 and the RFC's rules on each certificate (mutual-TLS clients, private PKIs)
  webpki,  // and the CA/Browser Forum Baseline Requirements that browsers enforce on server certificates
};
std::string_view profile_name(ValidationProfile p);  // "rfc5280", "webpki"

class PublicSuffixList;  // identity.hpp

struct VerifyOptions {
  UnixTime time = 0;  // the moment the path must be valid at
  Purpose purpose = Purpose::server;
  ValidationProfile profile = ValidationProfile::webpki;
  std::optional<std::string> hostname;  // checked against SAN dNSName (RFC 9525)
  std::optional<Bytes> ip;              // 4 or 16 octets, against SAN iPAddress
  std::optional<std::string> email;     // against SAN rfc822Name
  // The most intermediate CA certificates allowed between the leaf and the
  // trust anchor (neither counts), like pyca's max_chain_depth. Self-issued
  // intermediates (key rollover) are not counted, as RFC 5280 §6.1.4 (l)
  // decrements max_path_length only for the others (OpenSSL's -verify_depth
  // counts them too).
  std::size_t max_depth = 8;
  // The most work units the search may spend before giving up: one per
  // signature verification, and one per candidate issuer refused without one
  // (already in the path, or past max_depth). A hostile pool of intermediates
  // cannot make path building explode (rustls-webpki uses the same idea: 100).
  std::size_t work_budget = 100;
  // The most name x subtree comparisons name constraints may cost over the
  // whole search (RFC 5280 §4.2.1.10): a CA with thousands of subtrees over a
  // certificate with thousands of names is refused (bad_certificate) instead
  // of costing their product; real chains use a few hundred at most.
  std::size_t name_constraint_budget = 250000;
  // The Public Suffix List (identity.hpp), for the webpki rule on wildcards
  // (CA/B Forum BR §3.2.2.6: no "*.co.uk"). Not owned; the library reads no
  // file: the caller parses the list (the CLI: --public-suffix-list). Without
  // it, only a wildcard right above one label ("*.com") is refused.
  const PublicSuffixList* public_suffixes = nullptr;
  // Where each step of the search goes (issuers tried, checks passed and
  // failed), as typed trace::PathEvents; none are built when null.
  trace::TraceSink* sink = nullptr;
};

// Why the leaf was rejected.
struct Rejection {
  std::size_t index = 0;  // position in the path that failed: 0 = the leaf, 1 = its issuer, ...
  std::string subject;    // that certificate's subject (RFC 4514)
  Error error;            // the alert a TLS peer would send, and the rule (with its RFC section)
  std::string advice;     // what to do about it, in plain words
  // "certificate #1 (CN=Example CA): RFC 5280 §4.2.1.9: ... — <advice>"
  std::string explain() const;
};

class VerifiedChain;

// Builds a path from `leaf` through any of the (unordered, untrusted)
// `intermediates` to a certificate in `roots`, and validates it. On failure
// the error is the rejection's (alert and rule), and `why`, when given,
// receives the whole Rejection.
Result<VerifiedChain> verify_path(const Certificate& leaf,
                                  std::span<const Certificate> intermediates,
                                  const TrustStore& roots, const VerifyOptions& options,
                                  Rejection* why = nullptr);

// Proof that a certification path was validated (RFC 5280 §6): only
// verify_path() makes one, so code that needs a validated chain (the TLS
// handshake after the peer's Certificate) takes it and cannot skip the check.
class VerifiedChain {
 public:
  const Certificate& leaf() const { return chain_.front(); }
  const Certificate& anchor() const { return chain_.back(); }
  // Leaf first, trust anchor last.
  const std::vector<Certificate>& chain() const { return chain_; }

 private:
  explicit VerifiedChain(std::vector<Certificate> chain) : chain_(std::move(chain)) {}
  std::vector<Certificate> chain_;
  friend Result<VerifiedChain> verify_path(const Certificate&, std::span<const Certificate>,
                                           const TrustStore&, const VerifyOptions&, Rejection*);
};

}  // namespace glasstls::x509
