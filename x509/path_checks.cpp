// The checks path validation makes on one certificate, by its position in
// the path (see the rule summary at the top of path.cpp): any certificate, the
// leaf, a CA used as an issuer, a trust anchor.
#include "x509/path_checks.hpp"

#include <algorithm>
#include <cctype>

#include "x509/identity.hpp"
#include "x509/name_constraints.hpp"

namespace glasstls::x509 {
namespace {

using Problem = PathProblem;
using Check = PathCheck;
using Step = trace::PathStep;

Problem problem(Step step, AlertDescription alert, std::string_view rule, std::string_view advice) {
  return Problem{step, make_error(alert, rule), advice};
}

bool same_bytes(ByteView a, ByteView b) { return std::ranges::equal(a, b); }

bool has_eku(const Certificate& c, const Oid& wanted) {
  const auto& eku = c.extensions().ext_key_usage;
  return eku && std::find(eku->begin(), eku->end(), wanted) != eku->end();
}

Check check_validity(const Certificate& c, UnixTime t) {
  const auto& v = c.validity();
  // RFC 5280 §6.1.3 (a)(2): "The certificate validity period includes the current time."
  if (t < v.not_before)
    return problem(Step::validity, AlertDescription::certificate_expired,
                   "RFC 5280 §6.1.3 (a)(2): the certificate is not yet valid (before notBefore)",
                   "check the clock of this machine, or wait until the certificate's notBefore");
  if (t > v.not_after)
    return problem(
        Step::validity, AlertDescription::certificate_expired,
        "RFC 5280 §6.1.3 (a)(2): the certificate has expired (after notAfter)",
        "renew the certificate: have the CA issue a new one with a current validity period");
  return std::nullopt;
}

// inet_aton's legacy IPv4 spellings: one to four dot-separated numbers, each
// decimal, octal (leading 0) or hexadecimal ("0x"). "192.168.001.001" and
// "0xC0A80101" both read as 192.168.1.1 to some software.
bool legacy_ipv4_spelling(std::string_view s) {
  std::size_t parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part.empty() || ++parts > 4) return false;
    const bool hex = part.size() > 1 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X');
    if (hex) part.remove_prefix(2);
    for (const char c : part)
      if (!((c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))))
        return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// How a server certificate's Common Name breaks BR §7.1.4.3, or nullptr.
const char* common_name_problem(const std::string& cn, const std::vector<GeneralName>& sans) {
  if (std::any_of(cn.begin(), cn.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return "CA/B Forum BR §7.1.4.3: the Common Name holds a Unicode domain name; it must be the "
           "SAN's A-label form";
  std::vector<std::uint8_t> ip;
  if (parse_ip(cn, ip)) {
    if (format_ip(ip) != cn)
      return "CA/B Forum BR §7.1.4.3: the Common Name holds an IP address not written as RFC "
             "3986 / RFC 5952 text";
    const bool listed = std::any_of(sans.begin(), sans.end(), [&](const GeneralName& g) {
      return g.kind == GeneralNameKind::ip_address && same_bytes(g.bytes, ip);
    });
    return listed ? nullptr
                  : "CA/B Forum BR §7.1.4.3: the Common Name is an IP address that is not one of "
                    "the subjectAltName iPAddress values; a private PKI can use --profile rfc5280";
  }
  if (legacy_ipv4_spelling(cn))
    return "CA/B Forum BR §7.1.4.3: the Common Name holds an IPv4 address in a legacy form "
           "(leading zeros, octal or hex); RFC 3986 §3.2.2 allows dotted decimal only";
  // The SAN entry the CN names, found as DNS names compare (RFC 4343: case
  // does not matter), must then be copied character for character.
  const auto named = std::find_if(sans.begin(), sans.end(), [&](const GeneralName& g) {
    return g.kind == GeneralNameKind::dns_name && same_ignoring_case(g.text, cn);
  });
  if (named == sans.end())
    return "CA/B Forum BR §7.1.4.3: the Common Name is not one of the subjectAltName values; a "
           "private PKI can use --profile rfc5280";
  if (named->text != cn)
    return "CA/B Forum BR §7.1.4.3: the Common Name differs in letter case from the "
           "subjectAltName dNSName it copies";
  return nullptr;
}

// CA/B Forum BR §7.1.4.3 (Subscriber Certificate Common Name Attribute): "If
// present, this attribute MUST contain exactly one entry that is one of the
// values contained in the Certificate's subjectAltName extension", encoded
// as: an IPv4 address "as specified in RFC 3986, Section 3.2.2"; an IPv6
// address "in the text representation specified in RFC 5952, Section 4"; a
// domain name "as a character-for-character copy of the dNSName entry", with
// "P-Labels ... [not] converted to their Unicode representation".
// This is a rule for the CA that issues the certificate: browsers do not check
// it when they validate, and they never use the Common Name to identify the
// peer (RFC 9525 §6.3). The webpki profile applies the Baseline Requirements
// as written, so it refuses a CN that names something the SAN does not list
// (a private PKI's certificate can be checked with the rfc5280 profile).
PathCheck check_common_name(const Certificate& leaf) {
  const std::vector<std::string> cns = leaf.subject().values(oid::common_name);
  if (cns.empty()) return std::nullopt;
  static const std::vector<GeneralName> kNoSan;
  const auto& sans = leaf.extensions().subject_alt_names;
  const char* broken =
      cns.size() > 1 ? "CA/B Forum BR §7.1.4.3: the subject has more than one Common Name; it "
                       "MUST contain exactly one entry"
                     : common_name_problem(cns.front(), sans ? *sans : kNoSan);
  if (broken == nullptr) return std::nullopt;
  return problem(Step::identity, AlertDescription::bad_certificate, broken,
                 "reissue the certificate with one Common Name copied exactly from a "
                 "subjectAltName entry, or without a Common Name; for a private PKI whose CA does "
                 "not follow the Baseline Requirements, validate with the rfc5280 profile "
                 "(--profile rfc5280)");
}

// The purpose check (RFC 5280 §4.2.1.12) on the leaf.
Check check_leaf_purpose(const Certificate& leaf, Purpose purpose) {
  if (purpose == Purpose::any || !leaf.extensions().ext_key_usage) return std::nullopt;
  const Oid& wanted = purpose == Purpose::server ? oid::kp_server_auth : oid::kp_client_auth;
  // RFC 5280 §4.2.1.12: "If the extension is present, then the certificate
  // MUST only be used for one of the purposes indicated."
  if (has_eku(leaf, wanted) || has_eku(leaf, oid::any_extended_key_usage)) return std::nullopt;
  return problem(
      Step::ext_key_usage, AlertDescription::unsupported_certificate,
      purpose == Purpose::server
          ? "RFC 5280 §4.2.1.12: extKeyUsage does not allow TLS server authentication (serverAuth)"
          : "RFC 5280 §4.2.1.12: extKeyUsage does not allow TLS client authentication (clientAuth)",
      "reissue the certificate with the right extendedKeyUsage (serverAuth for servers, clientAuth "
      "for clients)");
}

// --- The webpki profile: CA/Browser Forum Baseline Requirements (BR) rules
// that browsers enforce and RFC 5280 does not ---

// Every certificate of a web PKI path.
Check check_webpki_certificate(const Certificate& c) {
  // CA/B Forum BR §6.1.5: "The modulus size, in bits, MUST be evenly divisible by 8."
  if (is_rsa_key(c.public_key().type) && c.public_key().bits() % 8 != 0)
    return problem(Step::key_strength, AlertDescription::bad_certificate,
                   "CA/B Forum BR §6.1.5: the RSA modulus size is not a multiple of 8 bits",
                   "generate a standard-size RSA key (2048, 3072 or 4096 bits) and reissue");
  // RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer", but
  // "Certificate users SHOULD be prepared to gracefully handle such
  // certificates" (rfc5280 accepts them); the BR (§7.1.2.7, §7.1.2.10) want
  // serials "greater than zero", and browsers refuse the others.
  if (!c.serial_is_positive())
    return problem(Step::extensions, AlertDescription::bad_certificate,
                   "CA/B Forum BR §7.1.2.7: the serial number is zero or negative (RFC 5280 "
                   "§4.1.2.2 tolerates it)",
                   "reissue the certificate with a positive random serial number");
  return std::nullopt;
}

// CA/B Forum BR §3.2.2.6 (Wildcard Domain Validation): "If a wildcard would
// fall within the label immediately to the left of a registry-controlled or
// public suffix, CAs MUST refuse issuance unless the Applicant proves its
// rightful control of the entire Domain Namespace." Browsers refuse such a
// certificate. Without a Public Suffix List only the list's implicit rule
// "*" applies: a single label ("*.com") is a public suffix.
Check check_wildcard_public_suffix(const Certificate& leaf, const PublicSuffixList* psl) {
  const auto& sans = leaf.extensions().subject_alt_names;
  if (!sans) return std::nullopt;
  for (const GeneralName& g : *sans) {
    if (g.kind != GeneralNameKind::dns_name || !g.text.starts_with("*.")) continue;
    std::string_view parent = std::string_view(g.text).substr(2);
    if (!parent.empty() && parent.back() == '.') parent.remove_suffix(1);
    const bool suffix =
        psl != nullptr ? psl->is_public_suffix(parent) : parent.find('.') == std::string_view::npos;
    if (suffix)
      return problem(
          Step::identity, AlertDescription::bad_certificate,
          psl != nullptr
              ? "CA/B Forum BR §3.2.2.6: a wildcard subjectAltName sits directly under a public "
                "suffix (Public Suffix List)"
              : "CA/B Forum BR §3.2.2.6: a wildcard subjectAltName sits directly under a "
                "top-level domain (no Public Suffix List given)",
          "a wildcard may only cover names under a domain someone registered (*.example.co.uk, not "
          "*.co.uk): reissue the certificate with the host names, or a wildcard one label lower");
  }
  return std::nullopt;
}

// A server (subscriber) certificate, CA/B Forum BR §7.1.2.7.
Check check_webpki_server_leaf(const Certificate& leaf, const VerifyOptions& o) {
  const Extensions& x = leaf.extensions();
  // BR §7.1.2.7.8 (basicConstraints): a subscriber certificate is not a CA.
  if (leaf.is_ca())
    return problem(
        Step::basic_constraints, AlertDescription::bad_certificate,
        "CA/B Forum BR §7.1.2.7.8: a CA certificate is used as a server certificate (cA is TRUE)",
        "use the server's own certificate (cA FALSE), not a CA certificate");
  // BR §7.1.2.7.6: extKeyUsage is a non-critical extension of subscriber certificates.
  if (const Extension* eku = x.find(oid::ext_key_usage); eku != nullptr && eku->critical)
    return problem(Step::ext_key_usage, AlertDescription::bad_certificate,
                   "CA/B Forum BR §7.1.2.7.6: extKeyUsage is marked critical",
                   "reissue the server certificate with a non-critical extendedKeyUsage");
  // BR §7.1.2.7.10: anyExtendedKeyUsage MUST NOT be present.
  if (has_eku(leaf, oid::any_extended_key_usage))
    return problem(
        Step::ext_key_usage, AlertDescription::unsupported_certificate,
        "CA/B Forum BR §7.1.2.7.10: a server certificate must not assert anyExtendedKeyUsage",
        "reissue the server certificate with extendedKeyUsage serverAuth only");
  // BR §7.1.2.7.12: subjectAltName "MUST be marked critical" only when the
  // subject is empty, "Otherwise, this extension MUST NOT be marked critical."
  if (const Extension* san = x.find(oid::subject_alt_name);
      san != nullptr && san->critical && !leaf.subject().empty())
    return problem(
        Step::extensions, AlertDescription::bad_certificate,
        "CA/B Forum BR §7.1.2.7.12: subjectAltName is critical although the subject is not empty",
        "reissue the server certificate with a non-critical subjectAltName");
  return check_wildcard_public_suffix(leaf, o.public_suffixes);
}

}  // namespace

// The profile rules that hold for every certificate, leaf, intermediate or anchor.
PathCheck check_certificate(const Certificate& c, const VerifyOptions& o) {
  if (auto p = check_validity(c, o.time)) return p;
  const Extensions& x = c.extensions();
  for (const auto& e : x.all) {
    // RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if
    // it encounters a critical extension it does not recognize".
    if (e.critical && !e.understood && !(e.oid == oid::certificate_policies))
      return problem(Step::extensions, AlertDescription::unsupported_certificate,
                     "RFC 5280 §4.2: the certificate has a critical extension this verifier does "
                     "not recognise",
                     "reissue the certificate without that extension, or mark it non-critical");
    // RFC 5280 §4.2.1.1 and §4.2.1.2: "Conforming CAs MUST mark this extension as non-critical."
    if (e.critical &&
        (e.oid == oid::authority_key_identifier || e.oid == oid::subject_key_identifier))
      return problem(
          Step::extensions, AlertDescription::bad_certificate,
          "RFC 5280 §4.2.1.1/§4.2.1.2: authority/subject key identifiers MUST be non-critical",
          "reissue the certificate with the key identifier extensions marked non-critical");
  }
  // RFC 5280 §4.2.1.11: policyConstraints "Conforming CAs MUST mark this
  // extension as critical" (and a critical one is not processed, see above).
  if (const Extension* pc = x.find(oid::policy_constraints); pc != nullptr && !pc->critical)
    return problem(
        Step::extensions, AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.11: policyConstraints MUST be critical",
        "reissue the CA certificate with policyConstraints marked critical (or without it)");
  // RFC 5280 §4.1.2.4: "The issuer field MUST contain a non-empty distinguished name (DN)."
  if (c.issuer().empty())
    return problem(Step::extensions, AlertDescription::bad_certificate,
                   "RFC 5280 §4.1.2.4: the issuer name is empty",
                   "the CA must put its own (non-empty) subject name in the issuer field");
  // RFC 5280 §4.2.1.6: "If the subject field contains an empty sequence, then
  // the issuing CA MUST include a subjectAltName extension that is marked as critical."
  if (c.subject().empty()) {
    const Extension* san = x.find(oid::subject_alt_name);
    if (san == nullptr || !san->critical)
      return problem(Step::extensions, AlertDescription::bad_certificate,
                     "RFC 5280 §4.2.1.6: an empty subject requires a critical subjectAltName",
                     "give the certificate a subject name, or mark its subjectAltName critical");
  }
  // RFC 5280 §4.2.1.3: "When the keyUsage extension appears in a certificate,
  // at least one of the bits MUST be set to 1."
  if (x.key_usage && x.key_usage->bits == 0)
    return problem(Step::key_usage, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.3: keyUsage is present but asserts no usage",
                   "reissue the certificate with the key usages it needs (e.g. digitalSignature)");
  // RFC 5280 §4.2.1.3: "If the keyCertSign bit is asserted, then the cA bit in
  // the basic constraints extension MUST also be asserted", and a CA certificate
  // that does not allow keyCertSign is inconsistent (limbo
  // rfc5280::root-inconsistent-ca-extensions, webpki::ee-basicconstraints-ca).
  const auto& ku = x.key_usage;
  if (c.is_ca() && ku && !ku->has(KeyUsageBit::key_cert_sign))
    return problem(
        Step::key_usage, AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.3/§4.2.1.9: basicConstraints cA is TRUE but keyUsage lacks keyCertSign",
        "a CA certificate needs keyCertSign in keyUsage; an end-entity certificate needs cA FALSE");
  if (ku && ku->has(KeyUsageBit::key_cert_sign) && !c.is_ca())
    return problem(Step::basic_constraints, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.9: keyCertSign is asserted but the certificate is not a CA",
                   "reissue the end-entity certificate without keyCertSign in keyUsage");
  // (The authorityKeyIdentifier rule of RFC 5280 §4.2.1.1 is checked in
  // path.cpp, on the leaf and the intermediates only: a trust anchor is input
  // to the algorithm, not a certificate the path validates.)
  // Key strength policy (CA/B Forum BR §6.1.5, NIST SP 800-131A): RSA >= 2048.
  if (is_rsa_key(c.public_key().type) && c.public_key().bits() < 2048)
    return problem(Step::key_strength, AlertDescription::insufficient_security,
                   "NIST SP 800-131A: RSA keys shorter than 2048 bits are refused",
                   "generate a new key of at least 2048 bits (or an ECDSA P-256 key) and reissue");
  if (o.profile == ValidationProfile::webpki) return check_webpki_certificate(c);
  return std::nullopt;
}

PathCheck check_leaf(const Certificate& leaf, const VerifyOptions& o) {
  if (o.profile == ValidationProfile::webpki && o.purpose == Purpose::server) {
    if (auto p = check_webpki_server_leaf(leaf, o)) return p;
  }
  // RFC 5280 §4.2.1.10: "The name constraints extension, which MUST be used
  // only in a CA certificate".
  if (leaf.extensions().name_constraints && !leaf.is_ca())
    return problem(Step::name_constraints, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.10: nameConstraints is only allowed in CA certificates",
                   "reissue the end-entity certificate without a nameConstraints extension");
  if (auto p = check_leaf_purpose(leaf, o.purpose)) return p;
  const char* advice =
      "use the name the certificate was issued for, or reissue it with this name in its "
      "subjectAltName";
  if (o.hostname) {
    // A "host name" that is an IP literal ("192.0.2.1", "::1") is checked as an
    // address: RFC 9525 §6.2.1 "the reference identity is an IP address".
    std::vector<std::uint8_t> literal;
    auto r = parse_ip(*o.hostname, literal) ? verify_ip(leaf, literal)
                                            : verify_hostname(leaf, *o.hostname);
    if (!r) return Problem{Step::identity, r.error(), advice};
  }
  if (o.ip)
    if (auto r = verify_ip(leaf, *o.ip); !r) return Problem{Step::identity, r.error(), advice};
  if (o.email)
    if (auto r = verify_email(leaf, *o.email); !r)
      return Problem{Step::identity, r.error(), advice};
  return std::nullopt;
}

PathCheck check_leaf_issuance(const Certificate& leaf, const VerifyOptions& o) {
  if (o.profile != ValidationProfile::webpki || o.purpose != Purpose::server) return std::nullopt;
  return check_common_name(leaf);
}

// A certificate used to verify another certificate's signature.
PathCheck check_ca(const Certificate& ca, Purpose purpose) {
  const Extensions& x = ca.extensions();
  // RFC 5280 §4.2.1.9: "If the basic constraints extension is not present in a
  // version 3 certificate, or the extension is present but the cA boolean is
  // not asserted, then the certified public key MUST NOT be used to verify
  // certificate signatures."
  if (!ca.is_ca())
    return problem(
        Step::basic_constraints, AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.9: the issuer is not a CA (basicConstraints cA is not TRUE)",
        "this certificate cannot sign others: use the real CA certificate, or reissue it as a CA");
  // RFC 5280 §4.2.1.9: CAs "MUST mark the extension as critical in such certificates."
  const Extension* bc = x.find(oid::basic_constraints);
  if (bc == nullptr || !bc->critical)
    return problem(Step::basic_constraints, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.9: a CA certificate MUST mark basicConstraints critical",
                   "reissue the CA certificate with a critical basicConstraints extension");
  // RFC 5280 §4.2.1.3: "The keyCertSign bit is asserted when the subject public
  // key is used for verifying signatures on public key certificates."
  if (x.key_usage && !x.key_usage->has(KeyUsageBit::key_cert_sign))
    return problem(Step::key_usage, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.3: the CA's keyUsage does not assert keyCertSign",
                   "reissue the CA certificate with keyCertSign (and cRLSign) in keyUsage");
  // RFC 5280 §4.1.2.6: "If the subject is a CA ... then the subject field MUST
  // be populated with a non-empty distinguished name".
  if (ca.subject().empty())
    return problem(Step::extensions, AlertDescription::bad_certificate,
                   "RFC 5280 §4.1.2.6: a CA's subject name MUST NOT be empty",
                   "reissue the CA certificate with a subject name");
  // RFC 5280 §4.2.1.2: "this extension MUST appear in all conforming CA certificates".
  if (!x.subject_key_id)
    return problem(Step::extensions, AlertDescription::bad_certificate,
                   "RFC 5280 §4.2.1.2: a CA certificate MUST carry a subjectKeyIdentifier",
                   "reissue the CA certificate with a subjectKeyIdentifier (openssl: "
                   "subjectKeyIdentifier=hash)");
  if (x.name_constraints) {
    // RFC 5280 §4.2.1.10: "Conforming CAs MUST mark this extension as critical".
    const Extension* nc = x.find(oid::name_constraints);
    if (nc == nullptr || !nc->critical)
      return problem(
          Step::name_constraints, AlertDescription::bad_certificate,
          "RFC 5280 §4.2.1.10: nameConstraints MUST be marked critical",
          "reissue the CA certificate with its nameConstraints extension marked critical");
    if (auto r = validate_name_constraints(*x.name_constraints); !r)
      return Problem{Step::name_constraints, r.error(),
                     "reissue the CA certificate with well-formed name constraints "
                     "(DNS: host.example.com, IP: address/prefix, e-mail: host or mailbox)"};
  }
  // EKU on a CA restricts the purposes of what it issues (Go's and the
  // browsers' reading of RFC 5280 §4.2.1.12 for CA certificates).
  if (purpose != Purpose::any && x.ext_key_usage) {
    const Oid& wanted = purpose == Purpose::server ? oid::kp_server_auth : oid::kp_client_auth;
    if (!has_eku(ca, wanted) && !has_eku(ca, oid::any_extended_key_usage))
      return problem(
          Step::ext_key_usage, AlertDescription::unsupported_certificate,
          "RFC 5280 §4.2.1.12: the CA's extKeyUsage does not include the purpose requested",
          "use a CA whose extendedKeyUsage allows this purpose, or one without extendedKeyUsage");
  }
  return std::nullopt;
}

// A trust anchor's own authorityKeyIdentifier (CA/B Forum BR §7.1.2.1.3, Root
// CA Authority Key Identifier): "keyIdentifier MUST be present. MUST be
// identical to the subjectKeyIdentifier field", and authorityCertIssuer /
// authorityCertSerialNumber "MUST NOT be present".
PathCheck check_anchor(const Certificate& anchor, ValidationProfile profile) {
  if (profile != ValidationProfile::webpki) return std::nullopt;
  // CA/B Forum BR §7.1.2.1.2 (Root CA Extensions): extKeyUsage MUST NOT be
  // present in a root; a cross-signed CA installed as an anchor may carry one.
  if (anchor.is_self_issued() && anchor.extensions().ext_key_usage)
    return problem(
        Step::anchor, AlertDescription::bad_certificate,
        "CA/B Forum BR §7.1.2.1.2: a root certificate has extKeyUsage",
        "use a root certificate without extendedKeyUsage (restrict purposes in intermediates)");
  const auto& aki = anchor.extensions().authority_key_id;
  if (!aki) return std::nullopt;
  const auto& ski = anchor.extensions().subject_key_id;
  const bool bad = !aki->key_id || aki->has_issuer_and_serial ||
                   (anchor.is_self_issued() && ski && !same_bytes(*aki->key_id, *ski));
  if (!bad) return std::nullopt;
  return problem(Step::anchor, AlertDescription::bad_certificate,
                 "CA/B Forum BR §7.1.2.1.3: a root's authorityKeyIdentifier must be its own "
                 "keyIdentifier only",
                 "use a root certificate whose authorityKeyIdentifier holds just its "
                 "subjectKeyIdentifier (or none)");
}

}  // namespace glasstls::x509
