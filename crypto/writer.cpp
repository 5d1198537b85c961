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

void Writer::patch_length(std::size_t start, std::size_t width, std::size_t min,
                          std::size_t max) {
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
