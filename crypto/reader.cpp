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

Result<void> Reader::read_vector(std::size_t width, std::size_t min, std::size_t max, Reader& child,
                                 std::string_view rule) {
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

Result<void> Reader::read_tlv(std::uint8_t& tag, Reader& contents) {
  constexpr auto kDecode = AlertDescription::decode_error;
  const std::size_t saved = pos_;
  const std::size_t length_at = offset() + 1;  // where the length octets start
  std::uint8_t identifier = 0, first = 0;
  if (remaining() < 2)
    return error_here(kDecode, "X.690 §8.1: truncated element (need identifier and length)");
  // X.690 §8.1.2.4: tag numbers >= 31 use the multi-octet form, never seen in X.509.
  if ((data_[pos_] & 0x1f) == 0x1f)
    return error_here(kDecode, "X.690 §8.1.2.4: multi-octet tag numbers are not used in X.509");
  (void)read_u8(identifier);
  (void)read_u8(first);
  std::size_t length = first;
  auto fail = [&](std::string_view rule) {
    pos_ = saved;
    return make_error(kDecode, rule, length_at);
  };
  if (first == 0x80) {
    // X.690 §8.1.3.6 defines the indefinite form (0x80, contents, end-of-contents
    // octets); DER (X.690 §10.1) allows only the definite form.
    return fail("X.690 §10.1: DER forbids the indefinite length form");
  }
  if (first > 0x80) {
    // X.690 §8.1.3.5: the long form is one octet 0x80 | n, then the length in n
    // octets, big-endian. Four octets (lengths below 4 GiB) is our bound.
    const std::size_t count = first & 0x7f;
    if (count > 4) return fail("X.690 §8.1.3.5: length of more than 4 octets is too large");
    if (remaining() < count) return fail("X.690 §8.1.3: truncated length octets");
    // X.690 §10.1: "The definite form of length encoding shall be used, encoded
    // in the minimum number of octets." So no leading zero octet, and no long
    // form for a length the short form (X.690 §8.1.3.4, below 128) can hold.
    if (data_[pos_] == 0)
      return fail("X.690 §10.1: length not encoded in the minimum number of octets");
    length = 0;
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | data_[pos_ + i];
    pos_ += count;
    if (length < 0x80) return fail("X.690 §10.1: short length written in the long form");
  }
  if (!read_child(length, contents))
    return fail("X.690 §8.1.4: element runs past the end of its container");
  tag = identifier;
  return success();
}

Result<void> Reader::read_element(std::uint8_t expected, Reader& contents, std::string_view rule) {
  std::uint8_t t = 0;
  if (!peek_u8(t) || t != expected) return error_here(AlertDescription::decode_error, rule);
  return read_tlv(t, contents);
}

Result<void> Reader::expect_end(std::string_view rule) const {
  if (!empty()) return error_here(AlertDescription::decode_error, rule);
  return success();
}

}  // namespace glasstls::crypto
