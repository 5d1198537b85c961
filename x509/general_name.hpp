// GeneralName (RFC 5280 §4.2.1.6): the identities in subjectAltName, and the
// subtrees in nameConstraints.
#pragma once

#include <string>
#include <vector>

#include "x509/der.hpp"
#include "x509/name.hpp"

namespace glasstls::x509 {

// GeneralName ::= CHOICE — the context tag numbers are the enum values.
enum class GeneralNameKind : std::uint8_t {
  other_name = 0,
  rfc822_name = 1,  // e-mail address, IA5String
  dns_name = 2,     // IA5String
  x400_address = 3,
  directory_name = 4,
  edi_party_name = 5,
  uri = 6,         // uniformResourceIdentifier, IA5String
  ip_address = 7,  // OCTET STRING: 4 or 16 octets (SAN), 8 or 32 (constraint: address + mask)
  registered_id = 8,
};

struct GeneralName {
  GeneralNameKind kind = GeneralNameKind::dns_name;
  std::string text;  // rfc822_name, dns_name, uri: the IA5String as given
  ByteView bytes;    // ip_address octets; for other kinds the raw contents
  Name directory;    // directory_name
  ByteRange range;

  // Reads one GeneralName. IA5String contents are checked to be 7-bit ASCII
  // (RFC 5280 §4.2.1.6); an iPAddress must be 4 or 16 octets unless
  // `in_constraint` (then 8 or 32: address and mask, RFC 5280 §4.2.1.10).
  static Result<GeneralName> parse(DerReader& r, bool in_constraint = false);
  // "DNS:www.example.com", "IP:192.0.2.1", "IP:2001:db8::1", "email:a@b",
  // "URI:https://...", "DirName:CN=...", "IP:10.0.0.0/8" (constraints).
  std::string to_string() const;
};

// "192.0.2.1" / "2001:db8::1" (RFC 5952 form) from 4 or 16 octets.
std::string format_ip(ByteView address);
// The inverse; false when `text` is not a dotted quad or an RFC 4291 §2.2 address.
bool parse_ip(std::string_view text, std::vector<std::uint8_t>& out);

}  // namespace glasstls::x509
