// The checks path validation (path.cpp) makes on one certificate at a time,
// by the position it holds in the path. Each returns nothing when the
// certificate passes, or the rule it broke and what to do about it.
#pragma once

#include <optional>
#include <string_view>

#include "x509/path.hpp"

namespace glasstls::x509 {

struct PathProblem {
  trace::PathStep step;     // which kind of check failed (validity, key_usage, ...)
  Error error;              // alert + "RFC ... §...: rule"
  std::string_view advice;  // what to do about it, in plain words
};
using PathCheck = std::optional<PathProblem>;

// Any certificate of the path: validity at `o.time`, critical extensions, the
// RFC 5280 profile rules every certificate follows, key strength (and for the
// webpki profile the Baseline Requirements' key rules).
PathCheck check_certificate(const Certificate& c, const VerifyOptions& o);
// The leaf: purpose (extKeyUsage) and the peer's identity (host name, IP,
// e-mail); for the webpki profile, the Baseline Requirements on subscriber
// certificates.
PathCheck check_leaf(const Certificate& leaf, const VerifyOptions& o);
// How the leaf's CA wrote it (webpki, a server: the Common Name of CA/B Forum
// BR §7.1.4.3), checked once a path to a trust anchor proves that CA wrote it
// — a tampered certificate is refused for its signature, a certificate for
// another name or purpose for that, before this rule of issuance.
PathCheck check_leaf_issuance(const Certificate& leaf, const VerifyOptions& o);
// A certificate used as an issuer: a CA allowed to sign certificates for `purpose`.
PathCheck check_ca(const Certificate& ca, Purpose purpose);
// A trust anchor's extra rules (webpki only: the Baseline Requirements on roots).
PathCheck check_anchor(const Certificate& anchor, ValidationProfile profile);

}  // namespace glasstls::x509
