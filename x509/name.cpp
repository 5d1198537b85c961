#include "x509/name.hpp"

#include <cstdio>

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

// X.680 §41.4 PrintableString: A-Z a-z 0-9 space ' ( ) + , - . / : = ?
// Decision: '*', '@' and '&' are accepted too. They are not PrintableString
// characters, but CAs have put wildcards, e-mail addresses and company names in
// PrintableStrings for decades and Go's crypto/x509 accepts them for that reason.
bool printable_char(std::uint8_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case ' ':
    case '\'':
    case '(':
    case ')':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
    case '*':
    case '@':
    case '&': return true;
    default: return false;
  }
}

// RFC 3629 §4: well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(ByteView s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t c = s[i];
    std::size_t n = 0;
    std::uint32_t cp = 0, min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1fu;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0fu;
      min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07u;
      min = 0x10000;
    } else
      return false;
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

bool is_string_tag(std::uint8_t t) {
  return t == tag::utf8_string || t == tag::printable_string || t == tag::t61_string ||
         t == tag::ia5_string || t == tag::visible_string || t == tag::bmp_string ||
         t == tag::universal_string;
}

// Checks a DirectoryString (RFC 5280 §4.1.2.4) or another string value by its tag.
// Values of other types (rare, e.g. an OCTET STRING under a private attribute)
// are kept and printed in the RFC 4514 "#hex" form.
Result<void> check_string(const Element& e) {
  const ByteView s = e.contents;
  const std::size_t at = e.value_range.offset;
  switch (e.tag) {
    case tag::printable_string:
      for (std::size_t i = 0; i < s.size(); ++i)
        if (!printable_char(s[i]))
          return make_error(kDecode, "X.680 §41.4: character not allowed in a PrintableString",
                            at + i);
      return success();
    case tag::ia5_string:
    case tag::visible_string:
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] >= 0x80)
          return make_error(kDecode, "X.680 §41.4: IA5String/VisibleString is 7-bit ASCII", at + i);
      return success();
    case tag::utf8_string:
      if (!valid_utf8(s))
        return make_error(kDecode, "RFC 3629 §4: UTF8String is not well-formed UTF-8", at);
      return success();
    case tag::bmp_string:
      if (s.size() % 2 != 0)
        return make_error(kDecode, "X.690 §8.23.8: BMPString has 2 octets per character", at);
      return success();
    case tag::universal_string:
      if (s.size() % 4 != 0)
        return make_error(kDecode, "X.690 §8.23.7: UniversalString has 4 octets per character", at);
      return success();
    default:
      // X.690 §10.2: a string in the constructed form (BER only) is refused;
      // other values (a SEQUENCE under some private attribute) are kept.
      if (e.constructed() && is_string_tag(static_cast<std::uint8_t>(e.tag & ~0x20)))
        return make_error(kDecode, "X.690 §10.2: DER strings use the primitive form",
                          e.range.offset);
      return success();
  }
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = '?';
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp <= 0x10ffff) {
    out += static_cast<char>(0xf0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += '?';
  }
}

// RFC 4514 §3: the short names a string representation uses. Other attributes
// we know by name keep that name (as OpenSSL prints them); unknown ones are dotted.
std::string type_string(const Oid& type) {
  if (type == oid::street_address) return "STREET";
  const std::string_view name = oid_name(type);
  return name.empty() ? type.dotted() : std::string(name);
}

std::string hex(ByteView b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (const auto c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

// RFC 4514 §2.4: escapes for an AttributeValue written as a string.
std::string escape_value(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    // RFC 4514 §2.4: "a space (' ' U+0020) or number sign ('#' U+0023) occurring
    // at the beginning of the string; a space character occurring at the end of
    // the string; one of the characters '"', '+', ',', ';', '<', '>', or '\'
    // ...; the null (U+0000) character." are escaped.
    const bool lead = i == 0 && (c == ' ' || c == '#');
    const bool trail = i + 1 == v.size() && c == ' ';
    if (lead || trail || c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' ||
        c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      // RFC 4514 §2.4: "Other characters may be escaped": controls as \XX hex.
      char buf[4];
      std::snprintf(buf, sizeof buf, "\\%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string AttributeTypeAndValue::text() const {
  std::string out;
  switch (value_tag) {
    case tag::bmp_string:  // UCS-2, big-endian (X.690 §8.23.8)
      for (std::size_t i = 0; i + 1 < value.size(); i += 2)
        append_utf8(out, static_cast<std::uint32_t>(value[i] << 8 | value[i + 1]));
      return out;
    case tag::universal_string:  // UCS-4, big-endian (X.690 §8.23.7)
      for (std::size_t i = 0; i + 3 < value.size(); i += 4)
        append_utf8(out, static_cast<std::uint32_t>(value[i]) << 24 |
                             static_cast<std::uint32_t>(value[i + 1]) << 16 |
                             static_cast<std::uint32_t>(value[i + 2]) << 8 | value[i + 3]);
      return out;
    case tag::utf8_string:
      if (valid_utf8(value)) return std::string(value.begin(), value.end());
      break;
    default: break;
  }
  // TeletexString and anything else: show ASCII, '?' for the rest.
  for (const auto c : value) out += c < 0x80 ? static_cast<char>(c) : '?';
  return out;
}

Result<Name> Name::parse(DerReader& r) {
  // RFC 5280 §4.1.2.4: Name ::= CHOICE { rdnSequence RDNSequence }
  //   RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
  //   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
  //   AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
  auto whole = r.read(tag::sequence);
  if (!whole) return whole.error();
  Name name;
  name.der = whole->encoding;
  name.range = whole->range;
  auto seq = r.enter(*whole);
  if (!seq) return seq.error();
  while (!seq->empty()) {
    auto set = seq->read_constructed(tag::set);
    if (!set) return set.error();
    if (set->empty())
      return make_error(kDecode,
                        "RFC 5280 §4.1.2.4: a RelativeDistinguishedName has at least one attribute",
                        set->offset());
    RelativeDistinguishedName rdn;
    while (!set->empty()) {
      auto atv_el = set->read(tag::sequence);
      if (!atv_el) return atv_el.error();
      auto atv = set->enter(*atv_el);
      if (!atv) return atv.error();
      AttributeTypeAndValue a;
      a.range = atv_el->range;
      auto type = atv->read_oid();
      if (!type) return type.error();
      a.type = *type;
      auto value = atv->read_any();
      if (!value) return value.error();
      if (auto ok = check_string(*value); !ok) return ok.error();
      a.value_tag = value->tag;
      a.value = value->contents;
      a.value_encoding = value->encoding;
      if (auto end = atv->expect_end(
              "RFC 5280 §4.1.2.4: AttributeTypeAndValue has exactly a type and a value");
          !end)
        return end.error();
      rdn.attributes.push_back(a);
    }
    // Decision: the DER rule that SET OF elements are sorted (X.690 §11.6) is not
    // checked: multi-valued RDNs are rare and Go and rustls-webpki do not check it.
    name.rdns.push_back(std::move(rdn));
  }
  return name;
}

std::string Name::to_string() const {
  std::string out;
  for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
    if (!out.empty()) out += ',';
    bool first = true;
    for (const auto& a : it->attributes) {
      if (!first) out += '+';
      first = false;
      // RFC 4514 §2.4: "If the AttributeType is in a dotted-decimal form, the
      // AttributeValue is represented by an number sign ('#' U+0023) character
      // followed by the hexadecimal encoding of each of the octets of the BER
      // encoding of the X.500 AttributeValue."
      if (oid_name(a.type).empty() || !is_string_tag(a.value_tag)) {
        out += a.type.dotted() + "=#" + hex(a.value_encoding);
      } else {
        out += type_string(a.type) + "=" + escape_value(a.text());
      }
    }
  }
  return out;
}

std::vector<std::string> Name::values(const Oid& type) const {
  std::vector<std::string> out;
  for (const auto& rdn : rdns)
    for (const auto& a : rdn.attributes)
      if (a.type == type) out.push_back(a.text());
  return out;
}

bool Name::matches(const Name& other) const {
  return der.size() == other.der.size() && std::equal(der.begin(), der.end(), other.der.begin());
}

}  // namespace glasstls::x509
