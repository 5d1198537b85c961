// Constant-time helpers: the one toolkit every secret path uses.
//
// A `ct::Mask` is all-ones (true) or all-zero (false) in a 64-bit word. It has no
// conversion to bool, so it cannot end up in an `if` by accident; code that has
// finished with a secret and may reveal a public verdict (a tag matched or not)
// says so with `declassify()`.
//
// The compiler is clever enough to turn `mask & a | ~mask & b` back into a branch
// when it can prove the mask is 0 or ~0. `value_barrier` hides a value behind an
// empty asm statement, so the optimiser cannot know anything about it.
//
// CT: every function here runs in time independent of the values (not the lengths)
// of its arguments. tests/ct checks that under valgrind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace glasstls::crypto::ct {

template <typename T>
requires std::is_integral_v<T>
inline T value_barrier(T x) {
  __asm__ volatile("" : "+r"(x));
  return x;
}

class Mask {
 public:
  static Mask all_ones() { return Mask(~std::uint64_t{0}); }
  static Mask zero() { return Mask(0); }
  // bit must be 0 or 1.
  static Mask from_bit(std::uint64_t bit) { return Mask(0 - value_barrier(bit)); }

  Mask operator~() const { return Mask(~bits_); }
  Mask operator&(Mask o) const { return Mask(bits_ & o.bits_); }
  Mask operator|(Mask o) const { return Mask(bits_ | o.bits_); }
  Mask operator^(Mask o) const { return Mask(bits_ ^ o.bits_); }

  std::uint64_t bits() const { return bits_; }
  std::uint8_t byte() const { return static_cast<std::uint8_t>(bits_); }

  // Reveal the verdict. Only call this when the result is public by design.
  bool declassify() const { return value_barrier(bits_) != 0; }

 private:
  explicit Mask(std::uint64_t bits) : bits_(bits) {}
  std::uint64_t bits_;
};

inline Mask is_zero(std::uint64_t x) {
  // The top bit of (~x & (x - 1)) is set exactly when x == 0.
  x = value_barrier(x);
  return Mask::from_bit((~x & (x - 1)) >> 63);
}
inline Mask is_nonzero(std::uint64_t x) { return ~is_zero(x); }
inline Mask eq(std::uint64_t a, std::uint64_t b) { return is_zero(a ^ b); }
inline Mask ne(std::uint64_t a, std::uint64_t b) { return ~eq(a, b); }

// a < b, unsigned: the borrow out of a - b.
inline Mask lt(std::uint64_t a, std::uint64_t b) {
  a = value_barrier(a);
  b = value_barrier(b);
  const std::uint64_t borrow = ((~a & b) | ((~a | b) & (a - b))) >> 63;
  return Mask::from_bit(borrow);
}
inline Mask gt(std::uint64_t a, std::uint64_t b) { return lt(b, a); }
inline Mask le(std::uint64_t a, std::uint64_t b) { return ~gt(a, b); }
inline Mask ge(std::uint64_t a, std::uint64_t b) { return ~lt(a, b); }

// mask ? a : b
template <typename T>
requires std::is_unsigned_v<T>
inline T select(Mask m, T a, T b) {
  const T mm = static_cast<T>(m.bits());
  return static_cast<T>(b ^ (mm & (a ^ b)));
}

// if (mask) dst = src, for every byte; dst and src have the same (public) size.
void cmov(Mask m, std::span<std::uint8_t> dst, std::span<const std::uint8_t> src);

// Swap a and b when mask is set (the ladder's cswap).
void cswap(Mask m, std::span<std::uint8_t> a, std::span<std::uint8_t> b);

// a == b over equal, public lengths; every byte is read whatever the contents.
Mask memeq(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

// Overwrite memory the compiler may not optimise away (the write happens even
// when the object dies right after).
void secure_wipe(void* p, std::size_t n);

}  // namespace glasstls::crypto::ct
