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

// A domain name in UTF-8 to its ASCII form: each label with a non-ASCII
// character becomes "xn--" and its Punycode (RFC 3492; the A-label of RFC
// 5890 §2.3.2.1), other labels are copied. The list's rules are already
// lower case and normalised, so no IDNA mapping (UTS #46) is applied. False
// when the text is not UTF-8.
bool idn_to_ascii(std::string_view name, std::string& out);

// The Public Suffix List (https://publicsuffix.org/list/; on Debian the
// package publicsuffix installs /usr/share/publicsuffix/public_suffix_list.dat),
// parsed from its text: the library reads no file, the caller (the CLI's
// --public-suffix-list) reads it and passes the list in VerifyOptions. The
// webpki profile uses it to refuse a wildcard right under a public suffix
// ("*.co.uk", "*.s3.amazonaws.com": CA/B Forum BR §3.2.2.6).
class PublicSuffixList {
 public:
  // The list's format: one rule per line (its first whitespace-delimited
  // word), "//" comments, "*." wildcard rules, "!" exception rules. Rules in
  // Unicode (IDN suffixes: "公司.cn") are kept as the A-labels certificates
  // carry ("xn--55qx5d.cn", idn_to_ascii); one that is not valid UTF-8 is
  // skipped and counted.
  static PublicSuffixList parse(std::string_view text);

  // Is `domain` itself a public suffix (ASCII, any case, a trailing dot
  // ignored)? The list's algorithm: an exception rule says no; a rule equal
  // to the domain, or a wildcard rule "*.<parent>" for its parent, says yes;
  // and any single label is a suffix (the implicit rule "*").
  bool is_public_suffix(std::string_view domain) const;

  std::size_t rules() const {
    return exact_.size() + wildcard_parents_.size() + exceptions_.size();
  }
  std::size_t skipped() const { return skipped_; }  // rules that are not UTF-8

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
