// DER reading: the rules of each universal type over crypto::Reader's TLVs.
//
// crypto::Reader::read_tlv enforces the identifier and length rules (X.690
// §8.1, §10.1); this file adds what DER says about the contents of BOOLEAN,
// INTEGER, BIT STRING, OCTET STRING, OBJECT IDENTIFIER and NULL, and the
// nesting limit. See der.hpp for the list of rules.
#include "x509/der.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

// The rule text must be static: name the expected tag in the common cases.
std::string_view expected_tag_rule(std::uint8_t identifier) {
  switch (identifier) {
    case tag::sequence: return "X.690: expected a SEQUENCE here";
    case tag::set: return "X.690: expected a SET here";
    case tag::integer: return "X.690: expected an INTEGER here";
    case tag::oid: return "X.690: expected an OBJECT IDENTIFIER here";
    case tag::bit_string: return "X.690: expected a BIT STRING here";
    case tag::octet_string: return "X.690: expected an OCTET STRING here";
    case tag::boolean: return "X.690: expected a BOOLEAN here";
    case tag::null: return "X.690: expected a NULL here";
    default: return "X.690: unexpected tag for this field";
  }
}

}  // namespace

std::string tag_name(std::uint8_t identifier) {
  switch (identifier) {
    case tag::boolean: return "BOOLEAN";
    case tag::integer: return "INTEGER";
    case tag::bit_string: return "BIT STRING";
    case tag::octet_string: return "OCTET STRING";
    case tag::null: return "NULL";
    case tag::oid: return "OBJECT IDENTIFIER";
    case tag::enumerated: return "ENUMERATED";
    case tag::utf8_string: return "UTF8String";
    case tag::printable_string: return "PrintableString";
    case tag::t61_string: return "TeletexString";
    case tag::ia5_string: return "IA5String";
    case tag::utc_time: return "UTCTime";
    case tag::generalized_time: return "GeneralizedTime";
    case tag::visible_string: return "VisibleString";
    case tag::universal_string: return "UniversalString";
    case tag::bmp_string: return "BMPString";
    case tag::sequence: return "SEQUENCE";
    case tag::set: return "SET";
    default: break;
  }
  const unsigned cls = identifier >> 6;
  const unsigned number = identifier & 0x1f;
  const bool constructed = (identifier & 0x20) != 0;
  static constexpr const char* kClass[] = {"UNIVERSAL ", "APPLICATION ", "", "PRIVATE "};
  return std::string("[") + kClass[cls] + std::to_string(number) + "]" +
         (constructed ? " constructed" : "");
}

bool BitString::bit(std::size_t i) const {
  if (i >= bit_count()) return false;
  return (bytes[i / 8] >> (7 - i % 8) & 1) != 0;
}

std::optional<std::uint8_t> DerReader::peek_tag() const {
  std::uint8_t t = 0;
  if (!in_.peek_u8(t)) return std::nullopt;
  return t;
}

Element DerReader::element_from(std::size_t start, std::uint8_t tag,
                                const crypto::Reader& contents) const {
  Element e;
  e.tag = tag;
  e.contents = contents.all();
  e.encoding = in_.bytes_since(start);
  e.range = in_.range_since(start);
  e.value_range = {contents.offset(), contents.remaining()};
  return e;
}

Result<Element> DerReader::read_any() {
  const std::size_t start = offset();
  std::uint8_t t = 0;
  crypto::Reader contents;
  if (auto ok = in_.read_tlv(t, contents); !ok) return ok.error();
  return element_from(start, t, contents);
}

Result<Element> DerReader::read(std::uint8_t identifier) {
  const std::size_t start = offset();
  const std::string_view rule =
      empty() ? "X.690: expected another element, found the end of its container"
              : expected_tag_rule(identifier);
  crypto::Reader contents;
  if (auto ok = in_.read_element(identifier, contents, rule); !ok) return ok.error();
  return element_from(start, identifier, contents);
}

Result<DerReader> DerReader::enter(const Element& e) const {
  if (!e.constructed())
    return make_error(kDecode, "X.690 §8.1.2.5: expected a constructed element", e.range.offset);
  if (depth_ + 1 > kMaxDepth)
    return make_error(kDecode, "GlassTLS limit: constructed values nested more than 32 deep",
                      e.range.offset);
  return DerReader(e.contents, e.value_range.offset, depth_ + 1);
}

Result<DerReader> DerReader::read_constructed(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  return enter(*e);
}

Result<bool> DerReader::read_boolean() {
  auto e = read(tag::boolean);
  if (!e) return e.error();
  // X.690 §11.1: "If the encoding represents the boolean value TRUE, its single
  // contents octet shall have all eight bits set to one."
  if (e->contents.size() != 1 || (e->contents[0] != 0x00 && e->contents[0] != 0xff))
    return make_error(kDecode, "X.690 §11.1: a DER BOOLEAN is one octet, 0x00 or 0xFF",
                      e->value_range.offset);
  return e->contents[0] == 0xff;
}

Result<ByteView> DerReader::read_integer_bytes(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  const ByteView c = e->contents;
  if (c.empty())
    return make_error(kDecode, "X.690 §8.3.1: an INTEGER has at least one octet",
                      e->value_range.offset);
  // X.690 §8.3.2: "the bits of the first octet and bit 8 of the second octet shall
  // not all be ones; and shall not all be zero."
  if (c.size() > 1 && ((c[0] == 0x00 && c[1] < 0x80) || (c[0] == 0xff && c[1] >= 0x80)))
    return make_error(kDecode, "X.690 §8.3.2: INTEGER not in its minimal encoding",
                      e->value_range.offset);
  return c;
}

Result<ByteView> DerReader::read_unsigned_integer_bytes() {
  const std::size_t at = offset();
  auto c = read_integer_bytes();
  if (!c) return c.error();
  ByteView v = *c;
  if (v[0] & 0x80) return make_error(kDecode, "X.690 §8.3: this INTEGER must not be negative", at);
  if (v.size() > 1 && v[0] == 0) v = v.subspan(1);
  return v;
}

Result<std::uint64_t> DerReader::read_small_unsigned(std::uint8_t identifier) {
  const std::size_t at = offset();
  auto c = read_integer_bytes(identifier);
  if (!c) return c.error();
  ByteView v = *c;
  if (v[0] & 0x80) return make_error(kDecode, "X.690 §8.3: this INTEGER must not be negative", at);
  if (v.size() > 1 && v[0] == 0) v = v.subspan(1);
  if (v.size() > 8)
    return make_error(kDecode, "GlassTLS limit: this INTEGER must fit in 64 bits", at);
  std::uint64_t x = 0;
  for (const auto b : v) x = x << 8 | b;
  return x;
}

Result<BitString> DerReader::read_bit_string(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  const ByteView c = e->contents;
  const std::size_t at = e->value_range.offset;
  if (c.empty())
    return make_error(kDecode, "X.690 §8.6.2: a BIT STRING starts with its unused-bits octet", at);
  const std::uint8_t unused = c[0];
  if (unused > 7) return make_error(kDecode, "X.690 §8.6.2.2: unused bits must be 0..7", at);
  if (c.size() == 1 && unused != 0)
    return make_error(kDecode, "X.690 §8.6.2.3: an empty BIT STRING has 0 unused bits", at);
  // X.690 §11.2.1: "Each unused bit in the final octet of the encoding of a
  // bit string value shall be set to zero."
  if (unused != 0 && (c.back() & ((1u << unused) - 1)) != 0)
    return make_error(kDecode, "X.690 §11.2.1: the unused bits of a BIT STRING must be zero", at);
  return BitString{c.subspan(1), unused};
}

Result<ByteView> DerReader::read_octet_string(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  if (e->constructed())
    return make_error(kDecode, "X.690 §10.2: DER strings use the primitive form", e->range.offset);
  return e->contents;
}

Result<Oid> DerReader::read_oid() {
  auto e = read(tag::oid);
  if (!e) return e.error();
  const ByteView c = e->contents;
  const std::size_t at = e->value_range.offset;
  if (c.empty())
    return make_error(kDecode, "X.690 §8.19: an OBJECT IDENTIFIER has at least one octet", at);
  // X.690 §8.19.2: "the leading octet of the subidentifier shall not have the
  // value 0x80"; the last octet ends a subidentifier.
  bool start_of_subidentifier = true;
  for (const auto b : c) {
    if (start_of_subidentifier && b == 0x80)
      return make_error(kDecode, "X.690 §8.19.2: OID subidentifier not in its minimal encoding",
                        at);
    start_of_subidentifier = (b & 0x80) == 0;
  }
  if (!start_of_subidentifier)
    return make_error(kDecode, "X.690 §8.19.2: OID ends in the middle of a subidentifier", at);
  auto o = Oid::from_contents(c);
  if (!o) return make_error(kDecode, "GlassTLS limit: OBJECT IDENTIFIER longer than 64 octets", at);
  return *o;
}

Result<void> DerReader::read_null() {
  auto e = read(tag::null);
  if (!e) return e.error();
  if (!e->contents.empty())
    return make_error(kDecode, "X.690 §8.8.2: NULL has no contents", e->value_range.offset);
  return success();
}

Result<Element> parse_single(ByteView der, std::uint8_t identifier) {
  DerReader r(der);
  auto e = r.read(identifier);
  if (!e) return e.error();
  if (auto end = r.expect_end("X.690: trailing bytes after the outermost element"); !end)
    return end.error();
  return e;
}

}  // namespace glasstls::x509
