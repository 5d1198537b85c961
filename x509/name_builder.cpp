// RFC 4514 strings -> Name DER, and SAN lists -> GeneralNames DER.
#include "x509/name_builder.hpp"

#include <algorithm>
#include <vector>

namespace glasstls::x509 {

namespace {

constexpr auto kIllegal = AlertDescription::illegal_parameter;

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 4514 §3: "shortName" attribute types (and the ones OpenSSL also accepts).
struct NamedType {
  std::string_view name;
  Oid oid;
  std::uint8_t string_tag;
};
constexpr NamedType kTypes[] = {
    {"CN", oid::common_name, tag::utf8_string},
    // RFC 5280 Appendix A: "X520countryName ::= PrintableString (SIZE (2))"
    {"C", oid::country_name, tag::printable_string},
    {"ST", oid::state_or_province_name, tag::utf8_string},
    {"L", oid::locality_name, tag::utf8_string},
    {"O", oid::organization_name, tag::utf8_string},
    {"OU", oid::organizational_unit_name, tag::utf8_string},
    {"STREET", oid::street_address, tag::utf8_string},
    // RFC 5280 Appendix A: "DomainComponent ::= IA5String"
    {"DC", oid::domain_component, tag::ia5_string},
    {"UID", oid::user_id, tag::utf8_string},
    // RFC 5280 Appendix A: "X520SerialNumber ::= PrintableString"
    {"serialNumber", oid::serial_number, tag::printable_string},
    // RFC 5280 Appendix A: "EmailAddress ::= IA5String"
    {"emailAddress", oid::email_address, tag::ia5_string},
    {"GN", oid::given_name, tag::utf8_string},
    {"SN", oid::surname, tag::utf8_string},
    {"title", oid::title, tag::utf8_string},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool printable(char c) {
  // X.680 §41.4 PrintableString characters.
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
}
bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

// Splits `s` at unescaped `sep` (a backslash escapes the next character).
std::vector<std::string_view> split_unescaped(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// RFC 4514 §3: string = *( stringchar / pair ), pair = ESC ( ESC / special / hexpair ).
Result<std::string> unescape(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      out += v[i];
      continue;
    }
    if (i + 1 >= v.size())
      return make_error(kIllegal,
                        "RFC 4514 §3: a '\\' must be followed by a character or two hex digits");
    const int hi = hex_value(v[i + 1]);
    const int lo = i + 2 < v.size() ? hex_value(v[i + 2]) : -1;
    if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += v[i + 1];
      ++i;
    }
  }
  return out;
}

// One AttributeTypeAndValue, "type=value", as its DER encoding.
Result<Bytes> build_attribute(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    return make_error(kIllegal, "RFC 4514 §3: an attribute is written type=value");
  const std::string_view type_text = trim(text.substr(0, eq));
  const std::string_view value_text = trim(text.substr(eq + 1));
  std::optional<Oid> type;
  std::uint8_t string_tag = tag::utf8_string;
  for (const auto& t : kTypes)
    if (iequals(t.name, type_text)) {
      type = t.oid;
      string_tag = t.string_tag;
    }
  if (!type && !type_text.empty() && type_text[0] >= '0' && type_text[0] <= '9')
    type = Oid::from_dotted(type_text);
  if (!type)
    return make_error(
        kIllegal,
        "RFC 4514 §3: unknown attribute type (use CN, O, OU, C, ST, L, DC, ... or a dotted OID)");

  DerWriter w;
  if (!value_text.empty() && value_text[0] == '#') {
    // RFC 4514 §2.4: "#" followed by the hex of the value's BER (here DER) encoding.
    Bytes der;
    const std::string_view hex = value_text.substr(1);
    if (hex.size() % 2 != 0)
      return make_error(kIllegal, "RFC 4514 §2.4: a #value is an even number of hex digits");
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      const int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
      if (hi < 0 || lo < 0)
        return make_error(kIllegal, "RFC 4514 §2.4: a #value is an even number of hex digits");
      der.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    DerReader check(der);
    if (auto e = check.read_any(); !e) return e.error();
    if (auto end = check.expect_end("RFC 4514 §2.4: a #value is one DER element"); !end)
      return end.error();
    w.sequence([&](DerWriter& atv) {
      atv.oid(*type);
      atv.raw(der);
    });
    return std::move(w).take();
  }
  auto value = unescape(value_text);
  if (!value) return value.error();
  if (value->empty())
    return make_error(
        kIllegal,
        "RFC 5280 §4.1.2.4: attribute values are not empty (DirectoryString SIZE (1..MAX))");
  if (*type == oid::country_name && value->size() != 2)
    return make_error(kIllegal, "RFC 5280 Appendix A: countryName is a two-letter code (ISO 3166)");
  if (string_tag == tag::printable_string && !std::all_of(value->begin(), value->end(), printable))
    return make_error(kIllegal,
                      "X.680 §41.4: this attribute is a PrintableString (letters, digits, space "
                      "and '()+,-./:=?)");
  if (string_tag == tag::ia5_string && !ascii(*value))
    return make_error(kIllegal,
                      "RFC 5280 Appendix A: this attribute is an IA5String (7-bit ASCII)");
  w.sequence([&](DerWriter& atv) {
    atv.oid(*type);
    atv.element(string_tag, {reinterpret_cast<const std::uint8_t*>(value->data()), value->size()});
  });
  return std::move(w).take();
}

// RFC 1034 §3.5 preferred name syntax: labels of letters, digits and hyphens,
// not starting or ending with a hyphen, 63 octets at most; "*" as the leftmost
// label for a wildcard (RFC 6125 §6.4.3).
bool valid_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  const auto labels = split_unescaped(name, '.');
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string_view l = labels[i];
    if (i == 0 && l == "*" && labels.size() > 1) continue;
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    for (const char c : l)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
        return false;
  }
  return true;
}

}  // namespace

Result<Bytes> build_name(std::string_view rfc4514) {
  std::vector<Bytes> rdns;
  if (!trim(rfc4514).empty()) {
    for (const std::string_view rdn_text : split_unescaped(rfc4514, ',')) {
      std::vector<Bytes> attributes;
      for (const std::string_view atv : split_unescaped(rdn_text, '+')) {
        auto a = build_attribute(atv);
        if (!a) return a.error();
        attributes.push_back(std::move(*a));
      }
      // X.690 §11.6: "the encodings of the component values of a set-of value
      // shall appear in ascending order" (a multi-valued RDN is a SET OF).
      // (An explicit octet comparison: g++ 12 -O3 warns falsely about the memcmp
      // the default one becomes.)
      std::sort(attributes.begin(), attributes.end(), [](const Bytes& a, const Bytes& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                            [](std::uint8_t x, std::uint8_t y) { return x < y; });
      });
      DerWriter set;
      set.set([&](DerWriter& s) {
        for (const auto& a : attributes) s.raw(a);
      });
      rdns.push_back(std::move(set).take());
    }
  }
  // RFC 4514 §2.1: "the output consists of the string encodings of each
  // RelativeDistinguishedName in the RDNSequence ... starting with the last
  // element of the sequence and moving backwards toward the first."
  DerWriter w;
  w.sequence([&](DerWriter& name) {
    for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) name.raw(*it);
  });
  return std::move(w).take();
}

Result<Bytes> build_general_names(std::string_view list) {
  DerWriter items;
  std::size_t count = 0;
  for (const std::string_view raw_item : split_unescaped(list, ',')) {
    const std::string_view item = trim(raw_item);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos)
      return make_error(kIllegal,
                        "a subjectAltName item is KIND:value with KIND one of DNS, IP, email, URI");
    const std::string_view kind = item.substr(0, colon);
    const std::string_view value = trim(item.substr(colon + 1));
    const ByteView bytes{reinterpret_cast<const std::uint8_t*>(value.data()), value.size()};
    // RFC 5280 §4.2.1.6: "GeneralName ::= CHOICE { ... rfc822Name [1] IA5String,
    // dNSName [2] IA5String, ... uniformResourceIdentifier [6] IA5String,
    // iPAddress [7] OCTET STRING, ... }"
    if (iequals(kind, "DNS")) {
      if (!valid_dns_name(value))
        return make_error(
            kIllegal,
            "RFC 5280 §4.2.1.6: a dNSName is in the preferred name syntax of RFC 1034 §3.5");
      items.element(tag::context(2), bytes);
    } else if (iequals(kind, "IP")) {
      // RFC 5280 §4.2.1.6: "the octet string MUST contain exactly four octets"
      // (IPv4) or "exactly sixteen octets" (IPv6), in network byte order.
      std::vector<std::uint8_t> address;
      if (!parse_ip(value, address))
        return make_error(kIllegal, "RFC 5280 §4.2.1.6: an iPAddress is an IPv4 or IPv6 address");
      items.element(tag::context(7), address);
    } else if (iequals(kind, "email")) {
      if (value.find('@') == std::string_view::npos || !ascii(value))
        return make_error(
            kIllegal, "RFC 5280 §4.2.1.6: an rfc822Name is a Mailbox (local-part@domain) in IA5");
      items.element(tag::context(1), bytes);
    } else if (iequals(kind, "URI")) {
      // RFC 5280 §4.2.1.6: "The name MUST NOT be a relative URI, and it MUST
      // follow the URI syntax and encoding rules specified in [RFC3986]."
      if (value.find(':') == std::string_view::npos || !ascii(value))
        return make_error(
            kIllegal, "RFC 5280 §4.2.1.6: a uniformResourceIdentifier is an absolute URI in IA5");
      items.element(tag::context(6), bytes);
    } else {
      return make_error(kIllegal,
                        "a subjectAltName item is KIND:value with KIND one of DNS, IP, email, URI");
    }
    ++count;
  }
  if (count == 0)
    return make_error(kIllegal, "RFC 5280 §4.2.1.6: GeneralNames holds at least one name");
  DerWriter w;
  w.sequence([&](DerWriter& seq) { seq.raw(items.view()); });
  return std::move(w).take();
}

}  // namespace glasstls::x509
