#include "crypto/reader.hpp"

#include <string>

namespace glasstls::crypto {

template <typename T>
bool Reader::read_be(std::size_t width, T& out) {
  if (remaining() < width) return false;
  T v = 0;
  for (std::size_t i = 0; i < width; ++i) v = static_cast<T>(v << 8 | data_[pos_ + i]);
  pos_ += width;
  out = v;
  return true;
}

bool Reader::read_u8(std::uint8_t& out) { return read_be(1, out); }
bool Reader::read_u16(std::uint16_t& out) { return read_be(2, out); }
bool Reader::read_u24(std::uint32_t& out) { return read_be(3, out); }
bool Reader::read_u32(std::uint32_t& out) { return read_be(4, out); }
bool Reader::read_u64(std::uint64_t& out) { return read_be(8, out); }

bool Reader::peek_u8(std::uint8_t& out) const {
  if (empty()) return false;
  out = data_[pos_];
  return true;
}

bool Reader::read_bytes(std::size_t n, std::span<const std::uint8_t>& out) {
  if (remaining() < n) return false;
  out = data_.subspan(pos_, n);
  pos_ += n;
  return true;
}

bool Reader::skip(std::size_t n) {
  if (remaining() < n) return false;
  pos_ += n;
  return true;
}

bool Reader::read_child(std::size_t n, Reader& child) {
  if (remaining() < n) return false;
  child = Reader(data_.subspan(pos_, n), offset());
  child.sink_ = sink_;
  pos_ += n;
  return true;
}

bool Reader::read_prefixed(std::size_t width, Reader& child) {
  const std::size_t saved = pos_;
  std::uint64_t n = 0;
  if (!read_be(width, n) || !read_child(static_cast<std::size_t>(n), child)) {
    pos_ = saved;  // a failed read leaves the Reader unchanged
    return false;
  }
  return true;
}

bool Reader::read_u8_prefixed(Reader& child) { return read_prefixed(1, child); }
bool Reader::read_u16_prefixed(Reader& child) { return read_prefixed(2, child); }
bool Reader::read_u24_prefixed(Reader& child) { return read_prefixed(3, child); }

Result<void> Reader::read_vector(std::size_t width, std::size_t min, std::size_t max,
                                 Reader& child, std::string_view rule) {
  const std::size_t saved = pos_;
  std::uint64_t n = 0;
  open_field("length");
  if (!read_be(width, n)) {
    close_field([] { return std::string("(truncated)"); });
    return error_here(AlertDescription::decode_error, rule);
  }
  close_field([&] { return std::to_string(n); });
  if (n < min || n > max || !read_child(static_cast<std::size_t>(n), child)) {
    pos_ = saved;
    return error_here(AlertDescription::decode_error, rule);
  }
  return success();
}

Result<void> Reader::expect_end(std::string_view rule) const {
  if (!empty()) return error_here(AlertDescription::decode_error, rule);
  return success();
}

}  // namespace glasstls::crypto
