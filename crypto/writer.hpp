// Writer: builds wire structures with length prefixes that patch themselves.
//
//   w.u16_prefixed([&](Writer& body) { body.u8(1); body.bytes(cookie); });
//
// reserves the two length bytes, runs the body, then writes the body's length
// into them, so the code nests exactly as the RFC struct does. A body longer
// than the prefix (or the given maximum) allows is an error: the Writer then
// remembers the first error, ignores later writes, and finish() returns it
// (Go's cryptobyte.Builder works the same way). A body shorter than its RFC
// minimum (`opaque cookie<1..2^16-1>`) is refused the same way:
//
//   w.u16_vector(1, 0xffff, [&](Writer& body) { body.bytes(cookie); });
//
// With a FieldSink attached (set_sink), builders report each field as they
// write it, exactly as parsers do through the Reader; length prefixes report
// themselves as "length".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/field_sink.hpp"
#include "crypto/result.hpp"

namespace glasstls::crypto {

// Appends a DER length (X.690 §8.1.3, §10.1): one octet below 128 (the short
// form), else 0x80 | n and the length in n octets, with no leading zero octet.
void append_der_length(std::vector<std::uint8_t>& out, std::size_t length);

class Writer {
 public:
  Writer() = default;

  void u8(std::uint8_t v) { put_be(v, 1); }
  void u16(std::uint16_t v) { put_be(v, 2); }
  void u24(std::uint32_t v);  // v must be < 2^24
  void u32(std::uint32_t v) { put_be(v, 4); }
  void u64(std::uint64_t v) { put_be(v, 8); }
  void bytes(std::span<const std::uint8_t> b);

  // One DER TLV (X.690 §8.1) with the length in its minimal definite form
  // (X.690 §10.1): identifier octet, length, contents.
  void der_tlv(std::uint8_t tag, std::span<const std::uint8_t> contents);

  template <typename Body>
  void u8_prefixed(Body&& body, std::size_t max = 0xff) {
    prefixed(1, max, body);
  }
  template <typename Body>
  void u16_prefixed(Body&& body, std::size_t max = 0xffff) {
    prefixed(2, max, body);
  }
  template <typename Body>
  void u24_prefixed(Body&& body, std::size_t max = 0xffffff) {
    prefixed(3, max, body);
  }

  // The same with an RFC minimum length for the body; `vector` takes the
  // width of the length (1, 2 or 3 bytes), like Reader::read_vector.
  template <typename Body>
  void vector(std::size_t width, std::size_t min, std::size_t max, Body&& body) {
    prefixed(width, max, body, min);
  }
  template <typename Body>
  void u8_vector(std::size_t min, std::size_t max, Body&& body) {
    prefixed(1, max, body, min);
  }
  template <typename Body>
  void u16_vector(std::size_t min, std::size_t max, Body&& body) {
    prefixed(2, max, body, min);
  }
  template <typename Body>
  void u24_vector(std::size_t min, std::size_t max, Body&& body) {
    prefixed(3, max, body, min);
  }

  // Field reporting (see field_sink.hpp); offsets are positions in the output.
  void set_sink(FieldSink* sink) { sink_ = sink; }
  FieldSink* sink() const { return sink_; }
  void open_field(std::string_view name) const {
    if (sink_) sink_->open(name, out_.size());
  }
  template <typename Value>
  void close_field(Value&& value) const {
    if (sink_) sink_->close(out_.size(), value());
  }
  template <typename Write, typename Value>
  void field(std::string_view name, Write&& write, Value&& value) {
    open_field(name);
    write();
    close_field(value);
  }

  bool ok() const { return !error_; }
  const std::optional<Error>& error() const { return error_; }
  std::size_t size() const { return out_.size(); }
  // The bytes written so far (valid until the next write).
  std::span<const std::uint8_t> view() const { return out_; }
  Result<std::vector<std::uint8_t>> finish() &&;

 private:
  template <typename Body>
  void prefixed(std::size_t width, std::size_t max, Body& body, std::size_t min = 0) {
    if (error_) return;
    const std::size_t start = out_.size();
    open_field("length");
    out_.resize(start + width);
    close_field([] { return std::string(); });  // known after the body: see trace::FieldTree
    body(*this);
    if (error_) return;
    patch_length(start, width, min, max);
  }
  void put_be(std::uint64_t v, std::size_t width);
  void patch_length(std::size_t start, std::size_t width, std::size_t min, std::size_t max);
  void fail(Error e);

  std::vector<std::uint8_t> out_;
  std::optional<Error> error_;
  FieldSink* sink_ = nullptr;
};

}  // namespace glasstls::crypto
