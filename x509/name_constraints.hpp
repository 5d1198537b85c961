// Name constraints (RFC 5280 §4.2.1.10): a CA limits the names that the
// certificates below it may carry.
//
// A constraint is a list of subtrees per name form: permitted (every name of
// that form must fall inside one of them) and excluded (no name may fall
// inside any of them). A form with no permitted subtree is unrestricted.
#pragma once

#include <string_view>

#include "x509/certificate.hpp"

namespace glasstls::x509 {

// dNSName: "example.com" covers example.com and every name under it; an empty
// base covers everything. Case-insensitive.
bool dns_in_subtree(std::string_view name, std::string_view base);
// rfc822Name: "a@example.com" is one mailbox, "example.com" every mailbox at
// that host, ".example.com" every mailbox at a host under it.
bool email_in_subtree(std::string_view email, std::string_view base);
// iPAddress: `base` is address then mask (8 or 32 octets); the address must be
// of the same family and equal under the mask.
bool ip_in_subtree(ByteView address, ByteView base);
// directoryName: the base's RDNs are the leading RDNs of `name`.
bool directory_in_subtree(const Name& name, const Name& base);

// The subtrees themselves must be well formed (a DNS base is a plain host
// name, an IP mask a CIDR prefix, a mailbox a valid address): a CA with a
// malformed constraint certifies nothing (bad_certificate).
Result<void> validate_name_constraints(const NameConstraints& constraints);

// The name x subtree comparisons a path search may spend
// (VerifyOptions::name_constraint_budget). A CA with thousands of subtrees
// over a certificate with thousands of names would otherwise cost their
// product, and a search with backtracking pays it again for every path it
// tries: the budget is shared by the whole search.
struct NameConstraintWork {
  std::size_t budget = 250000;
  std::size_t spent = 0;
  bool exhausted() const { return spent > budget; }
};

// The rule of the error check_name_constraints() returns when the budget runs out.
inline constexpr std::string_view kNameConstraintBudgetRule =
    "RFC 5280 §4.2.1.10: name constraint work budget exhausted (more name x subtree comparisons "
    "than VerifyOptions::name_constraint_budget)";

// Checks every name of `cert` (subjectAltName entries, the subject DN, and
// when there is no subjectAltName the subject's emailAddress attributes)
// against `constraints`. bad_certificate with the rule that failed. With
// `work`, each subtree looked at for a name costs one comparison, and the
// check stops with kNameConstraintBudgetRule once work->budget is spent.
Result<void> check_name_constraints(const Certificate& cert, const NameConstraints& constraints,
                                    NameConstraintWork* work = nullptr);

}  // namespace glasstls::x509
