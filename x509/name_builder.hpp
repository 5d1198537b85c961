// Writing names from text: a Distinguished Name from its RFC 4514 string form
// ("CN=www.example.com,O=Example,C=US") and subjectAltName GeneralNames from the
// list form OpenSSL's -addext uses ("DNS:a.example,IP:192.0.2.1,email:a@b.c,
// URI:https://x"). The inverse of Name::to_string() and GeneralName::to_string().
#pragma once

#include <string_view>

#include "x509/general_name.hpp"

namespace glasstls::x509 {

// RFC 4514 §3 string -> Name DER (RFC 5280 §4.1.2.4). The string lists RDNs
// last-first, so the DER order is the reverse. Types: CN, C, ST, L, O, OU,
// STREET, DC, UID, serialNumber, emailAddress, GN, SN, title, or a dotted OID;
// '+' joins the attributes of a multi-valued RDN; values use the escapes of
// §2.4 (\, \+ \\ \XX ...) or "#hex" (a DER value, copied as is). Spaces around
// ',' '+' '=' are ignored. C and serialNumber are PrintableString, DC and
// emailAddress IA5String, everything else UTF8String (RFC 5280 §4.1.2.4).
// An empty string gives the empty Name (an empty SEQUENCE).
Result<Bytes> build_name(std::string_view rfc4514);

// "DNS:www.example.com,IP:192.0.2.1,IP:2001:db8::1,email:a@b.c,URI:https://x"
// -> GeneralNames DER (RFC 5280 §4.2.1.6: SEQUENCE SIZE (1..MAX) OF
// GeneralName), the value of a subjectAltName extension. Items are separated by
// ','; DNS names are checked for RFC 1034 §3.5 preferred syntax (a leftmost
// "*" label allowed), text kinds for IA5 (7-bit ASCII).
Result<Bytes> build_general_names(std::string_view list);

}  // namespace glasstls::x509
