// Name constraints (RFC 5280 §4.2.1.10), applied as in RFC 5280 §6.1.3 (b)/(c):
// each name of a certificate is compared with the subtrees of its own form.
//
//   RFC 5280 §4.2.1.10: "Restrictions apply only to the specified name form."
//   permitted: when some permitted subtree of the form exists, the name must
//              lie inside at least one of them;
//   excluded:  the name must lie inside none of them (excluded wins).
//
// Forms we can compare: dNSName, rfc822Name, iPAddress, directoryName and the
// host of a uniformResourceIdentifier. For any other form (otherName, ...) a
// constraint we cannot evaluate fails closed, as rustls-webpki and Go do.
#include "x509/name_constraints.hpp"

#include <algorithm>

namespace glasstls::x509 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// A name we can compare against DNS subtrees: LDH labels, '_' tolerated, a
// wildcard allowed as the whole first label.
bool comparable_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  bool first = true;
  while (start <= name.size()) {
    const std::size_t dot = name.find('.', start);
    const std::string_view label =
        name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (!(first && label == "*"))
      for (const char c : label)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
          return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
    first = false;
  }
  return true;
}

// "local@host" with exactly one '@', a non-empty local part and a host name.
bool comparable_email(std::string_view email) {
  const std::size_t at = email.find('@');
  return at != std::string_view::npos && at > 0 &&
         email.find('@', at + 1) == std::string_view::npos &&
         comparable_dns_name(email.substr(at + 1)) &&
         email.substr(at + 1).find('*') == std::string_view::npos;
}

// A DNS name with no wildcard label (what a constraint base must be).
bool plain_dns_name(std::string_view name) {
  return comparable_dns_name(name) && name.find('*') == std::string_view::npos;
}

bool same_attribute(const AttributeTypeAndValue& a, const AttributeTypeAndValue& b) {
  return a.type == b.type && a.value_tag == b.value_tag &&
         std::equal(a.value.begin(), a.value.end(), b.value.begin(), b.value.end());
}

bool same_rdn(const RelativeDistinguishedName& a, const RelativeDistinguishedName& b) {
  if (a.attributes.size() != b.attributes.size()) return false;
  for (std::size_t i = 0; i < a.attributes.size(); ++i)
    if (!same_attribute(a.attributes[i], b.attributes[i])) return false;
  return true;
}

// The host of "scheme://[user@]host[:port][/...]"; empty when there is none.
std::string_view uri_host(std::string_view uri) {
  const std::size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = uri.substr(scheme_end + 3);
  rest = rest.substr(0, std::min(rest.find('/'), std::min(rest.find('?'), rest.find('#'))));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos)
    rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return {};  // IPv6 literal: not a host name
  if (const std::size_t colon = rest.find(':'); colon != std::string_view::npos)
    rest = rest.substr(0, colon);
  return rest;
}

enum class Verdict { inside, outside, cannot_compare };

// Could a wildcard name "*.parent" stand for some name inside `base`? Used for
// excluded subtrees (limbo cve-2025-61727): "*.example.com" is not itself in
// "bar.example.com", but it would accept the peer name bar.example.com.
bool wildcard_reaches(std::string_view wildcard, std::string_view base) {
  if (wildcard.substr(0, 2) != "*.") return false;
  const std::string_view parent = wildcard.substr(2);
  return !base.empty() && !iequals(base, parent) && dns_in_subtree(base, parent);
}

// Is `name` inside the subtree `base` (same form)? For an excluded subtree a
// wildcard counts as inside when it could match a name inside it.
Verdict within(const GeneralName& name, const GeneralName& base, bool excluded) {
  switch (name.kind) {
    case GeneralNameKind::dns_name:
      if (!comparable_dns_name(name.text)) return Verdict::cannot_compare;
      if (excluded && wildcard_reaches(name.text, base.text)) return Verdict::inside;
      return dns_in_subtree(name.text, base.text) ? Verdict::inside : Verdict::outside;
    case GeneralNameKind::rfc822_name:
      if (!comparable_email(name.text)) return Verdict::cannot_compare;
      return email_in_subtree(name.text, base.text) ? Verdict::inside : Verdict::outside;
    case GeneralNameKind::ip_address:
      return ip_in_subtree(name.bytes, base.bytes) ? Verdict::inside : Verdict::outside;
    case GeneralNameKind::directory_name:
      return directory_in_subtree(name.directory, base.directory) ? Verdict::inside
                                                                  : Verdict::outside;
    case GeneralNameKind::uri: {
      // RFC 5280 §4.2.1.10: "For URIs, the constraint applies to the host part
      // of the name."
      const std::string_view host = uri_host(name.text);
      if (host.empty() || !comparable_dns_name(host)) return Verdict::cannot_compare;
      return dns_in_subtree(host, base.text) ? Verdict::inside : Verdict::outside;
    }
    default: return Verdict::cannot_compare;
  }
}

// One comparison of a name with a subtree, paid from `work` when there is one.
// RFC 5280 §4.2.1.10: "The name constraints extension ... indicates a name
// space within which all subject names in subsequent certificates in a
// certification path MUST be located": every name against every subtree, so
// the cost is their product, and it is bounded here.
bool spend(NameConstraintWork* work) { return work == nullptr || ++work->spent <= work->budget; }

Error budget_exhausted(const NameConstraintWork& work) {
  auto clamp = [](std::size_t n) {
    return static_cast<std::uint32_t>(std::min<std::size_t>(n, 0xfffffffe));
  };
  return make_error(AlertDescription::bad_certificate, kNameConstraintBudgetRule)
      .with_expected(clamp(work.budget), clamp(work.spent));
}

Result<void> check_one(const GeneralName& name, const NameConstraints& nc,
                       NameConstraintWork* work) {
  bool any_permitted = false, in_permitted = false;
  for (const auto& base : nc.permitted) {
    if (!spend(work)) return budget_exhausted(*work);
    if (base.kind != name.kind) continue;
    any_permitted = true;
    const Verdict v = within(name, base, false);
    if (v == Verdict::cannot_compare)
      return make_error(AlertDescription::bad_certificate,
                        "RFC 5280 §4.2.1.10: a name of a constrained form cannot be checked "
                        "(malformed or unsupported)");
    if (v == Verdict::inside) in_permitted = true;
  }
  // RFC 5280 §4.2.1.10: "any name matching a restriction in the excludedSubtrees
  // field is invalid regardless of information appearing in the permittedSubtrees."
  for (const auto& base : nc.excluded) {
    if (!spend(work)) return budget_exhausted(*work);
    if (base.kind != name.kind) continue;
    const Verdict v = within(name, base, true);
    if (v == Verdict::cannot_compare)
      return make_error(AlertDescription::bad_certificate,
                        "RFC 5280 §4.2.1.10: a name of a constrained form cannot be checked "
                        "(malformed or unsupported)");
    if (v == Verdict::inside)
      return make_error(AlertDescription::bad_certificate,
                        "RFC 5280 §4.2.1.10: a name lies inside an excluded subtree");
  }
  if (any_permitted && !in_permitted)
    return make_error(
        AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.10: a name lies outside every permitted subtree of its form");
  return success();
}

}  // namespace

bool dns_in_subtree(std::string_view name, std::string_view base) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (base.empty()) return true;
  // RFC 5280 §4.2.1.10: "any DNS name that can be constructed by simply adding
  // zero or more labels to the left-hand side of the name satisfies the name
  // constraint."
  if (iequals(name, base)) return true;
  return name.size() > base.size() && iends_with(name, base) &&
         name[name.size() - base.size() - 1] == '.';
}

bool email_in_subtree(std::string_view email, std::string_view base) {
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view host = email.substr(at + 1);
  // RFC 5280 §4.2.1.10: "a constraint may specify a particular mailbox, all
  // addresses at a particular host, or all mailboxes in a domain."
  if (const std::size_t base_at = base.rfind('@'); base_at != std::string_view::npos)
    return email.substr(0, at) == base.substr(0, base_at) &&
           iequals(host, base.substr(base_at + 1));
  if (!base.empty() && base.front() == '.')
    return host.size() > base.size() && iends_with(host, base);
  return iequals(host, base);
}

bool ip_in_subtree(ByteView address, ByteView base) {
  // RFC 5280 §4.2.1.10: "For IPv4 addresses, the iPAddress field of
  // GeneralName MUST contain eight (8) octets ... representing an address range
  // in CIDR notation"; 32 octets for IPv6.
  if (base.size() != 2 * address.size()) return false;
  const std::size_t n = address.size();
  for (std::size_t i = 0; i < n; ++i)
    if ((address[i] & base[n + i]) != (base[i] & base[n + i])) return false;
  return true;
}

bool directory_in_subtree(const Name& name, const Name& base) {
  if (base.rdns.size() > name.rdns.size()) return false;
  for (std::size_t i = 0; i < base.rdns.size(); ++i)
    if (!same_rdn(name.rdns[i], base.rdns[i])) return false;
  return true;
}

Result<void> validate_name_constraints(const NameConstraints& constraints) {
  auto valid_base = [](const GeneralName& base) {
    switch (base.kind) {
      case GeneralNameKind::dns_name:
        // RFC 5280 §4.2.1.10: "DNS name restrictions are expressed as
        // host.example.com": a plain DNS name (or empty for all names); no
        // wildcard, and no leading period (that form exists only for URIs and
        // mail hosts).
        return base.text.empty() || plain_dns_name(base.text);
      case GeneralNameKind::rfc822_name: {
        if (base.text.find('@') != std::string::npos) return comparable_email(base.text);
        const std::string_view host = !base.text.empty() && base.text.front() == '.'
                                          ? std::string_view(base.text).substr(1)
                                          : std::string_view(base.text);
        return plain_dns_name(host);
      }
      case GeneralNameKind::uri: {
        const std::string_view host = !base.text.empty() && base.text.front() == '.'
                                          ? std::string_view(base.text).substr(1)
                                          : std::string_view(base.text);
        return plain_dns_name(host);
      }
      case GeneralNameKind::ip_address: {
        // RFC 5280 §4.2.1.10: the mask is a CIDR prefix: ones, then zeros.
        const std::size_t n = base.bytes.size() / 2;
        bool in_prefix = true;
        for (std::size_t i = n; i < base.bytes.size(); ++i)
          for (int bit = 7; bit >= 0; --bit) {
            const bool one = (base.bytes[i] >> bit & 1) != 0;
            if (one && !in_prefix) return false;
            if (!one) in_prefix = false;
          }
        return base.bytes.size() == 8 || base.bytes.size() == 32;
      }
      default: return true;
    }
  };
  // RFC 5280 §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name
  // constraints is an empty sequence. That is, either the permittedSubtrees
  // field or the excludedSubtrees MUST be present."
  if (constraints.permitted.empty() && constraints.excluded.empty())
    return make_error(
        AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.10: nameConstraints has neither permitted nor excluded subtrees");
  for (const auto* list : {&constraints.permitted, &constraints.excluded})
    for (const auto& base : *list)
      if (!valid_base(base))
        return make_error(AlertDescription::bad_certificate,
                          "RFC 5280 §4.2.1.10: a name constraint subtree is malformed");
  return success();
}

Result<void> check_name_constraints(const Certificate& cert, const NameConstraints& constraints,
                                    NameConstraintWork* work) {
  // RFC 5280 §6.1.3 (b): the subject name is checked against directoryName
  // subtrees, and every subjectAltName entry against the subtrees of its form.
  if (!cert.subject().empty()) {
    GeneralName dn;
    dn.kind = GeneralNameKind::directory_name;
    dn.directory = cert.subject();
    if (auto r = check_one(dn, constraints, work); !r) return r;
  }
  const auto& sans = cert.extensions().subject_alt_names;
  if (sans) {
    for (const auto& gn : *sans)
      if (auto r = check_one(gn, constraints, work); !r) return r;
  } else {
    // RFC 5280 §4.2.1.10: "When constraints are imposed on the rfc822Name name
    // form, but the certificate does not include a subject alternative name,
    // the rfc822Name constraint MUST be applied to the attribute of type
    // emailAddress in the subject distinguished name."
    for (const auto& email : cert.subject().values(oid::email_address)) {
      GeneralName gn;
      gn.kind = GeneralNameKind::rfc822_name;
      gn.text = email;
      if (auto r = check_one(gn, constraints, work); !r) return r;
    }
  }
  return success();
}

}  // namespace glasstls::x509
