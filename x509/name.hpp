// Distinguished Names (RFC 5280 §4.1.2.4): who a certificate is about (subject)
// and who signed it (issuer).
//
// A Name is a SEQUENCE of RDNs (SETs of attribute type-and-value pairs), written
// most significant first in DER ("C=US, O=Example, CN=www"). RFC 4514 prints them
// in the reverse order ("CN=www,O=Example,C=US"); to_string() does that.
#pragma once

#include <string>
#include <vector>

#include "x509/der.hpp"

namespace glasstls::x509 {

struct AttributeTypeAndValue {
  Oid type;
  std::uint8_t value_tag = 0;  // tag::utf8_string, tag::printable_string, ...
  ByteView value;              // the string's contents octets
  ByteView value_encoding;     // the whole value TLV (RFC 4514 "#hex" form)
  ByteRange range;             // the whole AttributeTypeAndValue SEQUENCE
  // The value as UTF-8 (BMPString/UniversalString converted); '?' for bytes
  // that cannot be shown.
  std::string text() const;
};

struct RelativeDistinguishedName {
  std::vector<AttributeTypeAndValue> attributes;  // a SET: usually exactly one
};

struct Name {
  std::vector<RelativeDistinguishedName> rdns;
  ByteView der;  // the whole Name SEQUENCE, as encoded
  ByteRange range;

  static Result<Name> parse(DerReader& r);
  bool empty() const { return rdns.empty(); }
  // RFC 4514 §2: "CN=www.example.com,O=Example\, Inc.,C=US" (last RDN first,
  // special characters escaped).
  std::string to_string() const;
  // The values of every attribute of this type, in DER order.
  std::vector<std::string> values(const Oid& type) const;

  // RFC 5280 §7.1 name matching as deployed (rustls-webpki, Go, browsers):
  // the DER encodings are compared byte for byte.
  bool matches(const Name& other) const;
};

}  // namespace glasstls::x509
