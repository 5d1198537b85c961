// DER: the strict subset of ASN.1 BER that certificates are written in (X.690 §10).
//
// Every value is a TLV: one identifier octet (class, constructed bit, tag number),
// a length, then the contents. DER allows exactly one encoding per value, so the
// reader refuses everything BER would tolerate:
//   - X.690 §10.1: "The definite form of length encoding shall be used, encoded in
//     the minimum number of octets." (no indefinite length, no padded lengths)
//   - X.690 §11.1: BOOLEAN TRUE is 0xFF only;
//   - X.690 §8.3.2: INTEGER contents are minimal (no 0x00/0xFF prefix that could go);
//   - X.690 §11.2: BIT STRING unused bits are 0..7, zero when empty, and are zero bits;
//   - X.690 §8.19: OID sub-identifiers are minimal (no leading 0x80).
// Tag numbers above 30 (the multi-octet form) never occur in X.509 and are refused.
// Constructed values may nest at most kMaxDepth deep, so hostile input cannot
// exhaust the stack.
//
// The TLV layer (identifier, length rules) lives in crypto::Reader (read_tlv,
// read_element), the one cursor every parser uses; this header adds the rules of
// each universal type. Implemented in der_reader.cpp, der_time.cpp and
// der_writer.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/reader.hpp"
#include "crypto/result.hpp"
#include "x509/oid.hpp"

namespace glasstls::x509 {

using crypto::ByteRange;
using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Identifier octets of the universal types X.509 uses (X.680 §8.4 tag numbers,
// with the constructed bit 0x20 set for SEQUENCE and SET).
namespace tag {
inline constexpr std::uint8_t boolean = 0x01;
inline constexpr std::uint8_t integer = 0x02;
inline constexpr std::uint8_t bit_string = 0x03;
inline constexpr std::uint8_t octet_string = 0x04;
inline constexpr std::uint8_t null = 0x05;
inline constexpr std::uint8_t oid = 0x06;
inline constexpr std::uint8_t enumerated = 0x0a;
inline constexpr std::uint8_t utf8_string = 0x0c;
inline constexpr std::uint8_t printable_string = 0x13;
inline constexpr std::uint8_t t61_string = 0x14;
inline constexpr std::uint8_t ia5_string = 0x16;
inline constexpr std::uint8_t utc_time = 0x17;
inline constexpr std::uint8_t generalized_time = 0x18;
inline constexpr std::uint8_t visible_string = 0x1a;
inline constexpr std::uint8_t universal_string = 0x1c;
inline constexpr std::uint8_t bmp_string = 0x1e;
inline constexpr std::uint8_t sequence = 0x30;
inline constexpr std::uint8_t set = 0x31;
// [n] IMPLICIT primitive / [n] constructed (EXPLICIT, or IMPLICIT of a SEQUENCE).
constexpr std::uint8_t context(std::uint8_t n) { return static_cast<std::uint8_t>(0x80 | n); }
constexpr std::uint8_t context_constructed(std::uint8_t n) {
  return static_cast<std::uint8_t>(0xa0 | n);
}
}  // namespace tag

// "SEQUENCE", "[0] constructed", "UTF8String", ... for messages and the trace.
std::string tag_name(std::uint8_t identifier);

// One TLV as it sits in the input.
struct Element {
  std::uint8_t tag = 0;
  ByteView contents;      // the value octets
  ByteView encoding;      // the whole TLV: identifier, length and contents
  ByteRange range;        // absolute range of the whole TLV
  ByteRange value_range;  // absolute range of the contents
  bool constructed() const { return (tag & 0x20) != 0; }
};

struct BitString {
  ByteView bytes;  // the octets after the unused-bits octet
  std::uint8_t unused_bits = 0;
  // Bit i counted from the most significant bit of the first octet (X.680 §22:
  // bit 0 is the leading bit), as NamedBitLists like KeyUsage number them.
  bool bit(std::size_t i) const;
  std::size_t bit_count() const { return bytes.size() * 8 - unused_bits; }
};

// DerReader: crypto::Reader's DER primitives (read_tlv, read_element, which
// enforce the length rules) plus the DER rules for each universal type and a
// nesting depth. Offsets are absolute, like crypto::Reader's, so every parsed
// field knows where it sits in the certificate: `glasstls x509 show --bytes` and
// the trace draw annotated hex from those ranges. Errors carry the offset.
class DerReader {
 public:
  static constexpr int kMaxDepth = 32;

  DerReader() = default;
  explicit DerReader(ByteView data, std::size_t base_offset = 0, int depth = 0)
      : in_(data, base_offset), depth_(depth) {}

  bool empty() const { return in_.empty(); }
  std::size_t offset() const { return in_.offset(); }
  int depth() const { return depth_; }
  // The identifier octet of the next element, if there is one (no other check).
  std::optional<std::uint8_t> peek_tag() const;
  bool next_is(std::uint8_t identifier) const { return peek_tag() == identifier; }

  // The next TLV, whatever its tag, checked for DER length rules.
  Result<Element> read_any();
  // The next TLV, which must carry `identifier` (decode_error naming both tags otherwise).
  Result<Element> read(std::uint8_t identifier);
  // A constructed element's contents as a child reader one level deeper.
  Result<DerReader> read_constructed(std::uint8_t identifier);
  Result<DerReader> read_sequence() { return read_constructed(tag::sequence); }
  // The contents of an element read earlier, as a child reader one level deeper.
  Result<DerReader> enter(const Element& constructed) const;

  Result<bool> read_boolean();
  // INTEGER contents (minimal two's complement), e.g. a serial number.
  Result<ByteView> read_integer_bytes(std::uint8_t identifier = tag::integer);
  // A non-negative INTEGER as unsigned big-endian without the sign octet
  // (RSA n, e, ...): decode_error when negative.
  Result<ByteView> read_unsigned_integer_bytes();
  // A non-negative INTEGER that fits in 64 bits (version, pathLenConstraint).
  Result<std::uint64_t> read_small_unsigned(std::uint8_t identifier = tag::integer);
  Result<BitString> read_bit_string(std::uint8_t identifier = tag::bit_string);
  Result<ByteView> read_octet_string(std::uint8_t identifier = tag::octet_string);
  Result<Oid> read_oid();
  Result<void> read_null();

  // decode_error at the first trailing byte unless everything has been read.
  Result<void> expect_end(std::string_view rule) const { return in_.expect_end(rule); }
  Error error_here(std::string_view rule) const {
    return in_.error_here(AlertDescription::decode_error, rule);
  }

 private:
  Element element_from(std::size_t start, std::uint8_t tag, const crypto::Reader& contents) const;

  crypto::Reader in_;
  int depth_ = 0;
};

// The one TLV that must make up all of `der` (a whole certificate, key, ...).
Result<Element> parse_single(ByteView der, std::uint8_t identifier);

// Seconds since 1970-01-01T00:00:00Z. Certificates reach far both ways (year 0000
// to 9999 with GeneralizedTime), so this is signed 64-bit.
using UnixTime = std::int64_t;

// RFC 5280 §4.1.2.5.1 UTCTime "YYMMDDHHMMSSZ" (YY >= 50 means 19YY, else 20YY) and
// §4.1.2.5.2 GeneralizedTime "YYYYMMDDHHMMSSZ": Zulu, seconds present, no fraction.
Result<UnixTime> parse_time(const Element& e);
// "2026-11-23 20:38:05 UTC"
std::string format_time(UnixTime t);
// Civil date <-> days since the epoch (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);
// t -> civil date and seconds into the day (floor division, so times before
// 1970 land on the right day).
void split_time(UnixTime t, std::int64_t& y, unsigned& m, unsigned& d, std::int64_t& seconds);

// DerWriter: builds DER with constructed values that measure themselves.
//
//   w.sequence([&](DerWriter& seq) { seq.integer(2); seq.oid(oid::sha256); });
//
// Lengths are written in the minimal form after the body is known.
class DerWriter {
 public:
  template <typename Body>
  void constructed(std::uint8_t identifier, Body&& body) {
    const std::size_t start = out_.size();
    body(*this);
    wrap_from(start, identifier);
  }
  template <typename Body>
  void sequence(Body&& body) {
    constructed(tag::sequence, body);
  }
  template <typename Body>
  void set(Body&& body) {
    constructed(tag::set, body);
  }
  // OCTET STRING / BIT STRING whose contents are themselves DER (extension
  // values, SubjectPublicKey): the body writes the inner encoding.
  template <typename Body>
  void octet_string_containing(Body&& body) {
    constructed(tag::octet_string, body);
  }
  template <typename Body>
  void bit_string_containing(Body&& body) {
    const std::size_t start = out_.size();
    out_.push_back(0);  // no unused bits
    body(*this);
    wrap_from(start, tag::bit_string);
  }

  // Any primitive element: identifier, minimal length, contents.
  void element(std::uint8_t identifier, ByteView contents);
  void boolean(bool v);
  void integer(std::int64_t v);
  // A non-negative integer from big-endian magnitude (leading zeros dropped,
  // a 0x00 added when the top bit is set).
  void unsigned_integer(ByteView big_endian, std::uint8_t identifier = tag::integer);
  void null();
  void oid(const Oid& o);
  void bit_string(ByteView bytes, std::uint8_t unused_bits = 0);
  void octet_string(ByteView bytes) { element(tag::octet_string, bytes); }
  void utf8_string(std::string_view s) { element(tag::utf8_string, as_bytes(s)); }
  void printable_string(std::string_view s) { element(tag::printable_string, as_bytes(s)); }
  void ia5_string(std::string_view s) { element(tag::ia5_string, as_bytes(s)); }
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  void time(UnixTime t);
  // Already-encoded DER, copied as is.
  void raw(ByteView der) { out_.insert(out_.end(), der.begin(), der.end()); }

  ByteView view() const { return out_; }
  Bytes take() && { return std::move(out_); }

 private:
  static ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
  }
  void wrap_from(std::size_t start, std::uint8_t identifier);
  Bytes out_;
};

}  // namespace glasstls::x509
