// DER writing: constructed values that measure themselves, minimal lengths
// (X.690 §10.1) and minimal INTEGERs (X.690 §8.3.2).
#include <algorithm>
#include <cstdio>

#include "crypto/writer.hpp"
#include "x509/der.hpp"

namespace glasstls::x509 {

using crypto::append_der_length;

void DerWriter::wrap_from(std::size_t start, std::uint8_t identifier) {
  Bytes header;
  header.push_back(identifier);
  append_der_length(header, out_.size() - start);
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(start), header.begin(), header.end());
}

void DerWriter::element(std::uint8_t identifier, ByteView contents) {
  out_.push_back(identifier);
  append_der_length(out_, contents.size());
  out_.insert(out_.end(), contents.begin(), contents.end());
}

void DerWriter::boolean(bool v) {
  const std::uint8_t b = v ? 0xff : 0x00;
  element(tag::boolean, ByteView(&b, 1));
}

void DerWriter::integer(std::int64_t v) {
  std::uint8_t tmp[8];
  for (int i = 0; i < 8; ++i)
    tmp[7 - i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i));
  std::size_t skip = 0;
  // Drop octets the sign extension makes redundant (X.690 §8.3.2).
  while (skip < 7 && ((tmp[skip] == 0x00 && tmp[skip + 1] < 0x80) ||
                      (tmp[skip] == 0xff && tmp[skip + 1] >= 0x80)))
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
    std::snprintf(buf, sizeof buf, "%02d%02u%02u%02d%02d%02dZ", static_cast<int>(y % 100), m, d, hh,
                  mm, ss);
    element(tag::utc_time, as_bytes(buf));
  } else {
    std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02dZ", static_cast<int>(y), m, d, hh, mm,
                  ss);
    element(tag::generalized_time, as_bytes(buf));
  }
}

}  // namespace glasstls::x509
