// Writer: builds wire structures with length prefixes that patch themselves.
//
//   w.u16_prefixed([&](Writer& body) { body.u8(1); body.bytes(cookie); });
//
// reserves the two length bytes, runs the body, then writes the body's length
// into them, so the code nests exactly as the RFC struct does. A body longer
// than the prefix (or the given maximum) allows is an error: the Writer then
// remembers the first error, ignores later writes, and finish() returns it
// (Go's cryptobyte.Builder works the same way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crypto/result.hpp"

namespace glasstls::crypto {

class Writer {
 public:
  Writer() = default;

  void u8(std::uint8_t v) { put_be(v, 1); }
  void u16(std::uint16_t v) { put_be(v, 2); }
  void u24(std::uint32_t v);  // v must be < 2^24
  void u32(std::uint32_t v) { put_be(v, 4); }
  void u64(std::uint64_t v) { put_be(v, 8); }
  void bytes(std::span<const std::uint8_t> b);

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

  bool ok() const { return !error_; }
  const std::optional<Error>& error() const { return error_; }
  std::size_t size() const { return out_.size(); }
  // The bytes written so far (valid until the next write).
  std::span<const std::uint8_t> view() const { return out_; }
  Result<std::vector<std::uint8_t>> finish() &&;

 private:
  template <typename Body>
  void prefixed(std::size_t width, std::size_t max, Body& body) {
    if (error_) return;
    const std::size_t start = out_.size();
    out_.resize(start + width);
    body(*this);
    if (error_) return;
    patch_length(start, width, max);
  }
  void put_be(std::uint64_t v, std::size_t width);
  void patch_length(std::size_t start, std::size_t width, std::size_t max);
  void fail(Error e);

  std::vector<std::uint8_t> out_;
  std::optional<Error> error_;
};

}  // namespace glasstls::crypto
