// Secret<Cap>: where keys and derived secrets live.
//
// A fixed-capacity buffer (no heap, so a reallocation never leaves a copy behind)
// that is wiped when destroyed or moved from. It cannot be copied by accident
// (clone() is explicit), compared with == (use ct_equal, which is constant time)
// or printed; the only way to see the bytes as text is reveal_hex_for_teaching(),
// which needs a TeachingConsent that only teaching mode creates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "crypto/ct.hpp"
#include "crypto/secret_string.hpp"

namespace glasstls::crypto {

// Proof that the user asked to see secrets (the trace's teaching mode).
class TeachingConsent {
 public:
  static TeachingConsent i_accept_that_secrets_will_be_printed() { return TeachingConsent(); }

 private:
  TeachingConsent() = default;
};

SecretString hex_for_teaching(std::span<const std::uint8_t> bytes, TeachingConsent);

template <std::size_t Cap>
class Secret {
 public:
  static constexpr std::size_t capacity = Cap;

  Secret() = default;
  // n zero bytes; n > Cap is a programming error.
  explicit Secret(std::size_t n) { resize(n); }
  static Secret from(std::span<const std::uint8_t> src) {
    Secret s(src.size());
    for (std::size_t i = 0; i < src.size(); ++i) s.data_[i] = src[i];
    return s;
  }

  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& o) noexcept : size_(o.size_) {
    data_ = o.data_;
    o.wipe();
  }
  Secret& operator=(Secret&& o) noexcept {
    if (this != &o) {
      data_ = o.data_;
      size_ = o.size_;
      o.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  Secret clone() const { return from(bytes()); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void resize(std::size_t n) {
    if (n > Cap) std::abort();
    size_ = n;
  }

  // The bytes, for handing to a primitive. Not for printing.
  std::span<const std::uint8_t> bytes() const { return {data_.data(), size_}; }
  std::span<std::uint8_t> mutable_bytes() { return {data_.data(), size_}; }

  void wipe() {
    ct::secure_wipe(data_.data(), Cap);
    size_ = 0;
  }

  SecretString reveal_hex_for_teaching(TeachingConsent consent) const {
    return hex_for_teaching(bytes(), consent);
  }

 private:
  std::array<std::uint8_t, Cap> data_{};
  std::size_t size_ = 0;
};

// Constant-time equality of two secrets (their sizes are public).
template <std::size_t A, std::size_t B>
ct::Mask ct_equal(const Secret<A>& a, const Secret<B>& b) {
  return ct::memeq(a.bytes(), b.bytes());
}

// The largest hash output (SHA-512): the size of every derived TLS secret.
using HashSecret = Secret<64>;

}  // namespace glasstls::crypto
