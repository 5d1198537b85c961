// Reader: the one bounds-checked cursor for every parser (TLS wire, DER, vectors).
//
// Every read checks the bounds and moves the cursor in one call, so a parser can
// never read first and check later. A read that fails leaves the Reader
// unchanged and returns false. The RFC's length-prefixed vectors, such as
// `opaque cookie<1..2^16-1>` (RFC 8446 §3.4), become child Readers, and a parser
// ends with expect_end(), which turns leftover bytes into decode_error.
//
// Each Reader knows the absolute offset of its first byte in the outermost
// message (base_offset), so every parsed field can report its byte range: the
// trace uses that to draw annotated hex. With a FieldSink attached
// (set_sink), parsers also report each field by name as they read it:
//
//   r.field("legacy_version", [&] { return r.read_u16(v); },
//           [&] { return version_name(v); });
//
// and child Readers inherit the sink, so nested fields nest in the tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/field_sink.hpp"
#include "crypto/result.hpp"

namespace glasstls::crypto {

struct ByteRange {
  std::size_t offset = 0;  // absolute, from the start of the outermost input
  std::size_t length = 0;
};

class Reader {
 public:
  Reader() = default;
  explicit Reader(std::span<const std::uint8_t> data, std::size_t base_offset = 0)
      : data_(data), base_(base_offset) {}

  [[nodiscard]] bool read_u8(std::uint8_t& out);
  [[nodiscard]] bool read_u16(std::uint16_t& out);
  [[nodiscard]] bool read_u24(std::uint32_t& out);
  [[nodiscard]] bool read_u32(std::uint32_t& out);
  [[nodiscard]] bool read_u64(std::uint64_t& out);
  [[nodiscard]] bool read_bytes(std::size_t n, std::span<const std::uint8_t>& out);
  [[nodiscard]] bool skip(std::size_t n);
  [[nodiscard]] bool peek_u8(std::uint8_t& out) const;

  // A length of the given width, then that many bytes as a child Reader whose
  // offsets continue the parent's.
  [[nodiscard]] bool read_u8_prefixed(Reader& child);
  [[nodiscard]] bool read_u16_prefixed(Reader& child);
  [[nodiscard]] bool read_u24_prefixed(Reader& child);
  // The next n bytes as a child Reader.
  [[nodiscard]] bool read_child(std::size_t n, Reader& child);

  // An RFC vector with bounds, such as `CipherSuite cipher_suites<2..2^16-2>`
  // (RFC 8446 §3.4): the length (width 1, 2 or 3 bytes) must lie in [min, max]
  // and the bytes must be there, else decode_error at the length with `rule`.
  // With a sink, reports a "length" field.
  Result<void> read_vector(std::size_t width, std::size_t min, std::size_t max, Reader& child,
                           std::string_view rule);
  Result<void> read_u8_prefixed(Reader& child, std::size_t min, std::size_t max,
                                std::string_view rule) {
    return read_vector(1, min, max, child, rule);
  }
  Result<void> read_u16_prefixed(Reader& child, std::size_t min, std::size_t max,
                                 std::string_view rule) {
    return read_vector(2, min, max, child, rule);
  }
  Result<void> read_u24_prefixed(Reader& child, std::size_t min, std::size_t max,
                                 std::string_view rule) {
    return read_vector(3, min, max, child, rule);
  }

  // DER (X.690 §8.1, with the DER restrictions of §10.1): one TLV as
  //   identifier octet | length | contents
  // The tag is the identifier octet (class, constructed bit, number; numbers of
  // 31 and above, the multi-octet form, never occur in X.509 and are refused).
  // The length is definite and minimal, at most 4 octets, and the contents must
  // fit in what is left; the contents become a child Reader. decode_error at
  // the identifier (truncated, multi-octet tag) or at the first length octet
  // (every length rule); a failed read leaves the Reader unchanged.
  Result<void> read_tlv(std::uint8_t& tag, Reader& contents);
  // read_tlv, where the tag must be `expected`: decode_error at the identifier
  // with `rule` when the tag differs or no element is left.
  Result<void> read_element(std::uint8_t expected, Reader& contents, std::string_view rule);

  // Field reporting (see field_sink.hpp). Child Readers made after set_sink()
  // report to the same sink.
  void set_sink(FieldSink* sink) { sink_ = sink; }
  FieldSink* sink() const { return sink_; }
  // Opens a field at the current offset; close it with close_field().
  void open_field(std::string_view name) const {
    if (sink_) sink_->open(name, offset());
  }
  // Closes the innermost open field at the current offset; `value` (a callable
  // returning std::string) runs only when a sink is attached.
  template <typename Value>
  void close_field(Value&& value) const {
    if (sink_) sink_->close(offset(), value());
  }
  // One leaf field: opens it, runs `read` (returns bool or Result), closes it
  // with `value` when the read succeeded. Returns what `read` returned.
  template <typename Read, typename Value>
  auto field(std::string_view name, Read&& read, Value&& value) {
    open_field(name);
    auto ok = read();
    if (sink_) sink_->close(offset(), static_cast<bool>(ok) ? value() : std::string("(invalid)"));
    return ok;
  }

  bool empty() const { return pos_ == data_.size(); }
  std::size_t remaining() const { return data_.size() - pos_; }
  // Absolute offset of the next byte to be read.
  std::size_t offset() const { return base_ + pos_; }
  std::span<const std::uint8_t> rest() const { return data_.subspan(pos_); }
  // Everything this Reader covers, read or not.
  std::span<const std::uint8_t> all() const { return data_; }
  // The bytes read since absolute offset `start` (from an earlier offset() call).
  ByteRange range_since(std::size_t start) const { return {start, offset() - start}; }
  std::span<const std::uint8_t> bytes_since(std::size_t start) const {
    return data_.subspan(start - base_, offset() - start);
  }

  // An error located at the next unread byte.
  Error error_here(AlertDescription alert, std::string_view rule) const {
    return make_error(alert, rule, offset());
  }
  // decode_error at the first trailing byte unless everything has been read.
  Result<void> expect_end(std::string_view rule) const;

 private:
  template <typename T>
  bool read_be(std::size_t width, T& out);
  bool read_prefixed(std::size_t width, Reader& child);

  std::span<const std::uint8_t> data_{};
  std::size_t pos_ = 0;
  std::size_t base_ = 0;
  FieldSink* sink_ = nullptr;
};

}  // namespace glasstls::crypto
