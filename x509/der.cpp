#include "x509/der.hpp"

#include <algorithm>
#include <cstdio>

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

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
  if (empty()) return std::nullopt;
  return data_[pos_];
}

Result<Element> DerReader::read_any() {
  const std::size_t start = pos_;
  if (data_.size() - pos_ < 2) return error_here("X.690 §8.1: truncated element (need identifier and length)");
  const std::uint8_t identifier = data_[pos_];
  // X.690 §8.1.2.4: tag numbers >= 31 use the multi-octet form, never seen in X.509.
  if ((identifier & 0x1f) == 0x1f)
    return error_here("X.690 §8.1.2.4: multi-octet tag numbers are not used in X.509");
  std::size_t p = pos_ + 1;
  const std::uint8_t first = data_[p++];
  std::size_t length = 0;
  if (first < 0x80) {
    length = first;
  } else if (first == 0x80) {
    return make_error(kDecode, "X.690 §10.1: DER forbids the indefinite length form", base_ + pos_ + 1);
  } else {
    const std::size_t count = first & 0x7f;
    if (count > 4)
      return make_error(kDecode, "X.690 §8.1.3.5: length of more than 4 octets is too large", base_ + pos_ + 1);
    if (data_.size() - p < count)
      return make_error(kDecode, "X.690 §8.1.3: truncated length octets", base_ + pos_ + 1);
    if (data_[p] == 0)
      return make_error(kDecode, "X.690 §10.1: length not encoded in the minimum number of octets", base_ + pos_ + 1);
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | data_[p++];
    if (length < 0x80)
      return make_error(kDecode, "X.690 §10.1: short length written in the long form", base_ + pos_ + 1);
  }
  if (data_.size() - p < length)
    return make_error(kDecode, "X.690 §8.1.4: element runs past the end of its container", base_ + pos_ + 1);
  Element e;
  e.tag = identifier;
  e.contents = data_.subspan(p, length);
  e.encoding = data_.subspan(start, p + length - start);
  e.range = {base_ + start, p + length - start};
  e.value_range = {base_ + p, length};
  pos_ = p + length;
  return e;
}

Result<Element> DerReader::read(std::uint8_t identifier) {
  const auto t = peek_tag();
  if (!t) return error_here("X.690: expected another element, found the end of its container");
  if (*t != identifier) {
    // The rule text must be static; name the expected tag in the common cases.
    switch (identifier) {
      case tag::sequence: return error_here("X.690: expected a SEQUENCE here");
      case tag::set: return error_here("X.690: expected a SET here");
      case tag::integer: return error_here("X.690: expected an INTEGER here");
      case tag::oid: return error_here("X.690: expected an OBJECT IDENTIFIER here");
      case tag::bit_string: return error_here("X.690: expected a BIT STRING here");
      case tag::octet_string: return error_here("X.690: expected an OCTET STRING here");
      case tag::boolean: return error_here("X.690: expected a BOOLEAN here");
      case tag::null: return error_here("X.690: expected a NULL here");
      default: return error_here("X.690: unexpected tag for this field");
    }
  }
  return read_any();
}

Result<DerReader> DerReader::enter(const Element& e) const {
  if (!e.constructed()) return make_error(kDecode, "X.690 §8.1.2.5: expected a constructed element", e.range.offset);
  if (depth_ + 1 > kMaxDepth)
    return make_error(kDecode, "GlassTLS limit: constructed values nested more than 32 deep", e.range.offset);
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
    return make_error(kDecode, "X.690 §11.1: a DER BOOLEAN is one octet, 0x00 or 0xFF", e->value_range.offset);
  return e->contents[0] == 0xff;
}

Result<ByteView> DerReader::read_integer_bytes(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  const ByteView c = e->contents;
  if (c.empty()) return make_error(kDecode, "X.690 §8.3.1: an INTEGER has at least one octet", e->value_range.offset);
  // X.690 §8.3.2: "the bits of the first octet and bit 8 of the second octet shall
  // not all be ones; and shall not all be zero."
  if (c.size() > 1 && ((c[0] == 0x00 && c[1] < 0x80) || (c[0] == 0xff && c[1] >= 0x80)))
    return make_error(kDecode, "X.690 §8.3.2: INTEGER not in its minimal encoding", e->value_range.offset);
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
  if (v.size() > 8) return make_error(kDecode, "GlassTLS limit: this INTEGER must fit in 64 bits", at);
  std::uint64_t x = 0;
  for (const auto b : v) x = x << 8 | b;
  return x;
}

Result<BitString> DerReader::read_bit_string(std::uint8_t identifier) {
  auto e = read(identifier);
  if (!e) return e.error();
  const ByteView c = e->contents;
  const std::size_t at = e->value_range.offset;
  if (c.empty()) return make_error(kDecode, "X.690 §8.6.2: a BIT STRING starts with its unused-bits octet", at);
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
  if (c.empty()) return make_error(kDecode, "X.690 §8.19: an OBJECT IDENTIFIER has at least one octet", at);
  // X.690 §8.19.2: "the leading octet of the subidentifier shall not have the
  // value 0x80"; the last octet ends a subidentifier.
  bool start_of_subidentifier = true;
  for (const auto b : c) {
    if (start_of_subidentifier && b == 0x80)
      return make_error(kDecode, "X.690 §8.19.2: OID subidentifier not in its minimal encoding", at);
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
  if (!e->contents.empty()) return make_error(kDecode, "X.690 §8.8.2: NULL has no contents", e->value_range.offset);
  return success();
}

Result<void> DerReader::expect_end(std::string_view rule) const {
  if (!empty()) return make_error(kDecode, rule, offset());
  return success();
}

Result<Element> parse_single(ByteView der, std::uint8_t identifier) {
  DerReader r(der);
  auto e = r.read(identifier);
  if (!e) return e.error();
  if (auto end = r.expect_end("X.690: trailing bytes after the outermost element"); !end) return end.error();
  return e;
}

// ---- time -------------------------------------------------------------------

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

bool two_digits(ByteView s, std::size_t at, unsigned& out) {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  out = static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
  return true;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

Result<UnixTime> parse_time(const Element& e) {
  const ByteView s = e.contents;
  const std::size_t at = e.value_range.offset;
  std::size_t year_digits = 0;
  if (e.tag == tag::utc_time) {
    // RFC 5280 §4.1.2.5.1: "UTCTime values MUST be expressed in Greenwich Mean Time
    // (Zulu) and MUST include seconds (i.e., times are YYMMDDHHMMSSZ)"
    if (s.size() != 13) return make_error(kDecode, "RFC 5280 §4.1.2.5.1: UTCTime must be YYMMDDHHMMSSZ", at);
    year_digits = 2;
  } else if (e.tag == tag::generalized_time) {
    // RFC 5280 §4.1.2.5.2: "GeneralizedTime values MUST be expressed in Greenwich
    // Mean Time (Zulu) and MUST include seconds ... MUST NOT include fractional seconds."
    if (s.size() != 15)
      return make_error(kDecode, "RFC 5280 §4.1.2.5.2: GeneralizedTime must be YYYYMMDDHHMMSSZ", at);
    year_digits = 4;
  } else {
    return make_error(kDecode, "RFC 5280 §4.1.2.5: Time is a UTCTime or a GeneralizedTime", e.range.offset);
  }
  if (s.back() != 'Z') return make_error(kDecode, "RFC 5280 §4.1.2.5: times must end in Z (UTC)", at);
  unsigned parts[7] = {};
  std::size_t p = 0;
  const std::size_t fields = year_digits == 4 ? 7 : 6;
  for (std::size_t i = 0; i < fields; ++i, p += 2)
    if (!two_digits(s, p, parts[i])) return make_error(kDecode, "RFC 5280 §4.1.2.5: time has a non-digit", at + p);
  std::int64_t year;
  const unsigned* rest;
  if (year_digits == 2) {
    // RFC 5280 §4.1.2.5.1: "Where YY is greater than or equal to 50, the year
    // SHALL be interpreted as 19YY; and Where YY is less than 50, the year SHALL
    // be interpreted as 20YY."
    year = parts[0] >= 50 ? 1900 + parts[0] : 2000 + parts[0];
    rest = parts + 1;
  } else {
    year = parts[0] * 100 + parts[1];
    rest = parts + 2;
  }
  const unsigned month = rest[0], day = rest[1], hour = rest[2], minute = rest[3], second = rest[4];
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return make_error(kDecode, "RFC 5280 §4.1.2.5: month out of range", at);
  const unsigned dim = kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day < 1 || day > dim) return make_error(kDecode, "RFC 5280 §4.1.2.5: day out of range", at);
  if (hour > 23 || minute > 59 || second > 59)
    return make_error(kDecode, "RFC 5280 §4.1.2.5: time of day out of range", at);
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

namespace {

// t -> civil date and seconds into the day (floor division, so times before
// 1970 land on the right day).
void split_time(UnixTime t, std::int64_t& y, unsigned& m, unsigned& d, std::int64_t& secs) {
  std::int64_t days = t / 86400;
  secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  civil_from_days(days, y, m, d);
}

}  // namespace

std::string format_time(UnixTime t) {
  std::int64_t y, secs;
  unsigned m, d;
  split_time(t, y, m, d, secs);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld UTC", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

// ---- writer -----------------------------------------------------------------

namespace {

void append_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::uint8_t tmp[8];
  std::size_t n = 0;
  for (std::size_t l = length; l != 0; l >>= 8) tmp[n++] = static_cast<std::uint8_t>(l);
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  while (n != 0) out.push_back(tmp[--n]);
}

}  // namespace

void DerWriter::wrap_from(std::size_t start, std::uint8_t identifier) {
  Bytes header;
  header.push_back(identifier);
  append_length(header, out_.size() - start);
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(start), header.begin(), header.end());
}

void DerWriter::element(std::uint8_t identifier, ByteView contents) {
  out_.push_back(identifier);
  append_length(out_, contents.size());
  out_.insert(out_.end(), contents.begin(), contents.end());
}

void DerWriter::boolean(bool v) {
  const std::uint8_t b = v ? 0xff : 0x00;
  element(tag::boolean, ByteView(&b, 1));
}

void DerWriter::integer(std::int64_t v) {
  std::uint8_t tmp[8];
  for (int i = 0; i < 8; ++i) tmp[7 - i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i));
  std::size_t skip = 0;
  // Drop octets the sign extension makes redundant (X.690 §8.3.2).
  while (skip < 7 && ((tmp[skip] == 0x00 && tmp[skip + 1] < 0x80) || (tmp[skip] == 0xff && tmp[skip + 1] >= 0x80)))
    ++skip;
  element(tag::integer, ByteView(tmp + skip, 8 - skip));
}

void DerWriter::unsigned_integer(ByteView big_endian, std::uint8_t identifier) {
  std::size_t skip = 0;
  while (skip < big_endian.size() && big_endian[skip] == 0) ++skip;
  const ByteView magnitude = big_endian.subspan(skip);
  Bytes contents;
  if (magnitude.empty() || magnitude[0] & 0x80) contents.push_back(0);
  contents.insert(contents.end(), magnitude.begin(), magnitude.end());
  element(identifier, contents);
}

void DerWriter::null() { element(tag::null, {}); }

void DerWriter::oid(const Oid& o) { element(tag::oid, o.contents()); }

void DerWriter::bit_string(ByteView bytes, std::uint8_t unused_bits) {
  Bytes contents;
  contents.reserve(bytes.size() + 1);
  contents.push_back(unused_bits);
  contents.insert(contents.end(), bytes.begin(), bytes.end());
  element(tag::bit_string, contents);
}

void DerWriter::time(UnixTime t) {
  // GeneralizedTime has four year digits: clamp to 0000-01-01 .. 9999-12-31 23:59:59.
  // RFC 5280 §4.1.2.5: "the notAfter date 99991231235959Z" means "no well-defined
  // expiration date".
  const UnixTime lowest = days_from_civil(0, 1, 1) * 86400;
  const UnixTime highest = days_from_civil(9999, 12, 31) * 86400 + 86399;
  t = std::clamp(t, lowest, highest);
  std::int64_t y, secs;
  unsigned m, d;
  split_time(t, y, m, d, secs);
  char buf[32];
  const auto hh = static_cast<int>(secs / 3600), mm = static_cast<int>(secs / 60 % 60),
             ss = static_cast<int>(secs % 60);
  // RFC 5280 §4.1.2.5: "CAs conforming to this profile MUST always encode
  // certificate validity dates through the year 2049 as UTCTime; certificate
  // validity dates in 2050 or later MUST be encoded as GeneralizedTime."
  if (y >= 1950 && y <= 2049) {
    std::snprintf(buf, sizeof buf, "%02d%02u%02u%02d%02d%02dZ", static_cast<int>(y % 100), m, d, hh, mm, ss);
    element(tag::utc_time, as_bytes(buf));
  } else {
    std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02dZ", static_cast<int>(y), m, d, hh, mm, ss);
    element(tag::generalized_time, as_bytes(buf));
  }
}

}  // namespace glasstls::x509
