// Does this certificate belong to the peer we meant to talk to? (RFC 9525,
// formerly RFC 6125; RFC 5280 §4.2.1.6 for the subjectAltName forms.)
//
// A TLS client knows a *reference identity* (the host name it dialled, an IP
// address, or for client certificates an e-mail address) and compares it with
// the *presented identities* in the certificate's subjectAltName. Only the SAN
// counts: RFC 9525 §6.3: "a client MUST NOT seek a match for a reference
// identifier of CN-ID" — the subject's Common Name is never used.
#pragma once

#include <string_view>

#include "x509/certificate.hpp"

namespace glasstls::x509 {

// True when `name` is a host name we can check: LDH labels (letters, digits,
// '-', and '_' as deployed) of 1..63 octets, 253 octets at most, one trailing
// dot allowed. IP literals are not host names (use the IP form).
bool is_valid_reference_hostname(std::string_view name);

// RFC 9525 §6.3 / RFC 6125 §6.4: does the SAN dNSName `presented` match the
// reference host name? Case-insensitive (ASCII), a trailing dot on either side
// is ignored, and `*` is honoured only as the whole left-most label of a
// presented name with at least two more labels ("*.example.com" matches
// "www.example.com", but not "example.com", "a.b.example.com", nor "*.com").
bool dns_name_matches(std::string_view presented, std::string_view reference);

// RFC 5280 §4.2.1.6 / RFC 8398: mailbox match of an rfc822Name: the local part
// exactly, the domain case-insensitively.
bool email_matches(std::string_view presented, std::string_view reference);

// The checks on a whole certificate. bad_certificate naming the rule when no
// SAN entry of the right kind matches.
Result<void> verify_hostname(const Certificate& cert, std::string_view hostname);
Result<void> verify_ip(const Certificate& cert, ByteView ip);  // 4 or 16 octets
Result<void> verify_email(const Certificate& cert, std::string_view email);

}  // namespace glasstls::x509
