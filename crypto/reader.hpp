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
// trace uses that to draw annotated hex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

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

  bool empty() const { return pos_ == data_.size(); }
  std::size_t remaining() const { return data_.size() - pos_; }
  // Absolute offset of the next byte to be read.
  std::size_t offset() const { return base_ + pos_; }
  std::span<const std::uint8_t> rest() const { return data_.subspan(pos_); }
  // Everything this Reader covers, read or not.
  std::span<const std::uint8_t> all() const { return data_; }
  // The bytes read since absolute offset `start` (from an earlier offset() call).
  ByteRange range_since(std::size_t start) const { return {start, offset() - start}; }

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
};

}  // namespace glasstls::crypto
