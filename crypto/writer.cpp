#include "crypto/writer.hpp"

namespace glasstls::crypto {

void Writer::put_be(std::uint64_t v, std::size_t width) {
  if (error_) return;
  for (std::size_t i = width; i-- > 0;) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::u24(std::uint32_t v) {
  if (v > 0xffffff) {
    fail(make_error(AlertDescription::internal_error, "Writer: value does not fit in 24 bits",
                    out_.size()));
    return;
  }
  put_be(v, 3);
}

void Writer::bytes(std::span<const std::uint8_t> b) {
  if (error_) return;
  out_.insert(out_.end(), b.begin(), b.end());
}

void append_der_length(std::vector<std::uint8_t>& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::uint8_t tmp[sizeof(std::size_t)];
  std::size_t n = 0;
  for (std::size_t l = length; l != 0; l >>= 8) tmp[n++] = static_cast<std::uint8_t>(l);
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  while (n != 0) out.push_back(tmp[--n]);
}

void Writer::der_tlv(std::uint8_t tag, std::span<const std::uint8_t> contents) {
  if (error_) return;
  out_.push_back(tag);
  append_der_length(out_, contents.size());
  out_.insert(out_.end(), contents.begin(), contents.end());
}

void Writer::patch_length(std::size_t start, std::size_t width, std::size_t min, std::size_t max) {
  const std::size_t len = out_.size() - start - width;
  const std::size_t width_max = (std::size_t{1} << (8 * width)) - 1;
  if (len > max || len > width_max) {
    fail(make_error(AlertDescription::internal_error,
                    "Writer: length-prefixed body exceeds its maximum length", start));
    return;
  }
  if (len < min) {
    fail(make_error(AlertDescription::internal_error,
                    "Writer: length-prefixed body is shorter than its RFC minimum", start));
    return;
  }
  for (std::size_t i = 0; i < width; ++i) {
    out_[start + i] = static_cast<std::uint8_t>(len >> (8 * (width - 1 - i)));
  }
}

void Writer::fail(Error e) {
  if (!error_) error_ = e;
}

Result<std::vector<std::uint8_t>> Writer::finish() && {
  if (error_) return *error_;
  return std::move(out_);
}

}  // namespace glasstls::crypto
