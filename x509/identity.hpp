// Does this certificate belong to the peer we meant to talk to? (RFC 9525,
// formerly RFC 6125; RFC 5280 §4.2.1.6 for the subjectAltName forms.)
//
// A TLS client knows a *reference identity* (the host name it dialled, an IP
// address, or for client certificates an e-mail address) and compares it with
// the *presented identities* in the certificate's subjectAltName. Only the SAN
// counts: RFC 9525 §6.3: "a client MUST NOT seek a match for a reference
// identifier of CN-ID" — the subject's Common Name is never used.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "x509/certificate.hpp"

namespace glasstls::x509 {

// True when `name` is a host name we can look for: LDH labels (letters,
// digits, '-', and '_' as deployed in DNS) of 1..63 octets, 253 octets at
// most, one trailing dot allowed. IP literals are not host names (use the IP
// form).
bool is_valid_reference_hostname(std::string_view name);

// RFC 9525 §6.3 / RFC 6125 §6.4: does the SAN dNSName `presented` match the
// reference host name? Case-insensitive (ASCII), a trailing dot on either side
// is ignored, and `*` is honoured only as the whole left-most label of a
// presented name with at least two more labels ("*.example.com" matches
// "www.example.com", but not "example.com", "a.b.example.com", nor "*.com").
// The presented name must be in RFC 1034 §3.5 preferred name syntax (RFC 5280
// §4.2.1.6): one with an underscore ("my_host.example.com") matches nothing,
// in either validation profile.
bool dns_name_matches(std::string_view presented, std::string_view reference);

// The Public Suffix List (https://publicsuffix.org/list/; on Debian the
// package publicsuffix installs /usr/share/publicsuffix/public_suffix_list.dat),
// parsed from its text: the library reads no file, the caller (the CLI's
// --public-suffix-list) reads it and passes the list in VerifyOptions. The
// webpki profile uses it to refuse a wildcard right under a public suffix
// ("*.co.uk", "*.s3.amazonaws.com": CA/B Forum BR §3.2.2.6).
class PublicSuffixList {
 public:
  // The list's format: one rule per line (its first whitespace-delimited
  // word), "//" comments, "*." wildcard rules, "!" exception rules. Rules
  // that are not ASCII (IDN suffixes in Unicode) are skipped and counted:
  // certificates carry A-labels ("xn--..."), which those rules would need
  // converting to (not done here; every single-label suffix, IDN TLDs
  // included, is caught by the list's implicit "*" rule).
  static PublicSuffixList parse(std::string_view text);

  // Is `domain` itself a public suffix (ASCII, any case, a trailing dot
  // ignored)? The list's algorithm: an exception rule says no; a rule equal
  // to the domain, or a wildcard rule "*.<parent>" for its parent, says yes;
  // and any single label is a suffix (the implicit rule "*").
  bool is_public_suffix(std::string_view domain) const;

  std::size_t rules() const { return exact_.size() + wildcard_parents_.size() + exceptions_.size(); }
  std::size_t skipped_non_ascii() const { return skipped_; }

 private:
  std::unordered_set<std::string> exact_, wildcard_parents_, exceptions_;
  std::size_t skipped_ = 0;
};

// RFC 5280 §4.2.1.6 / RFC 8398: mailbox match of an rfc822Name: the local part
// exactly, the domain case-insensitively.
bool email_matches(std::string_view presented, std::string_view reference);

// The checks on a whole certificate. bad_certificate naming the rule when no
// SAN entry of the right kind matches.
Result<void> verify_hostname(const Certificate& cert, std::string_view hostname);
Result<void> verify_ip(const Certificate& cert, ByteView ip);  // 4 or 16 octets
Result<void> verify_email(const Certificate& cert, std::string_view email);

}  // namespace glasstls::x509
