// BigInt: arbitrary-precision non-negative integers for PUBLIC values.
//
// Used where every value is public or where a key is being built once (parsing
// an RSA key, key generation bookkeeping, test references): it grows its limbs
// on the heap and its running time depends on the values. Secrets that are
// used again and again (the RSA private operation) never go through BigInt:
// they live in fixed-size limb arrays handled by crypto/mont.hpp, whose loops
// are bounded by the modulus size only (STYLE.md anti-pattern 8).
//
// Representation: little-endian 64-bit limbs, no leading zero limbs (so zero
// is the empty vector and equal values have equal representations).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::crypto {

class BigInt {
 public:
  using Limb = std::uint64_t;

  BigInt() = default;
  explicit BigInt(std::uint64_t v);

  // Big-endian unsigned bytes (leading zeros allowed), as in RFC 8017 §4.2 OS2IP.
  static BigInt from_bytes(std::span<const std::uint8_t> be);
  // Hex digits, optional leading zeros; false-y (zero) result on bad input is
  // not distinguishable, so use parse_hex when the input is untrusted.
  static bool parse_hex(std::string_view hex, BigInt& out);
  static BigInt from_hex(std::string_view hex);  // aborts on bad hex (our own data)
  static BigInt from_limbs(std::span<const Limb> limbs);

  // RFC 8017 §4.1 I2OSP: exactly `len` bytes; false if the value needs more.
  [[nodiscard]] bool to_bytes(std::span<std::uint8_t> out) const;
  std::vector<std::uint8_t> to_bytes() const;  // minimal length (empty for zero)
  std::string to_hex() const;                  // minimal, lower case, "0" for zero

  bool is_zero() const { return limbs_.empty(); }
  bool is_odd() const { return !limbs_.empty() && (limbs_[0] & 1) != 0; }
  std::size_t bit_length() const;
  bool bit(std::size_t i) const;
  std::span<const Limb> limbs() const { return limbs_; }
  std::uint64_t low_u64() const { return limbs_.empty() ? 0 : limbs_[0]; }

  friend std::strong_ordering operator<=>(const BigInt& a, const BigInt& b);
  friend bool operator==(const BigInt& a, const BigInt& b) = default;

  friend BigInt operator+(const BigInt& a, const BigInt& b);
  // a - b; a >= b is required (aborts otherwise: a programming error).
  friend BigInt operator-(const BigInt& a, const BigInt& b);
  friend BigInt operator*(const BigInt& a, const BigInt& b);
  friend BigInt operator/(const BigInt& a, const BigInt& b);
  friend BigInt operator%(const BigInt& a, const BigInt& b);
  BigInt shl(std::size_t bits) const;
  BigInt shr(std::size_t bits) const;

  // q = a / b, r = a % b; b != 0 (aborts otherwise).
  static void divmod(const BigInt& a, const BigInt& b, BigInt& q, BigInt& r);
  // a mod small (small != 0).
  std::uint64_t mod_u64(std::uint64_t small) const;

 private:
  void trim();
  std::vector<Limb> limbs_;
};

BigInt gcd(BigInt a, BigInt b);
// a^-1 mod m, or false when gcd(a, m) != 1. Variable time: public values or
// one-off key construction only.
[[nodiscard]] bool mod_inverse(const BigInt& a, const BigInt& m, BigInt& out);
// base^exp mod m for odd m (Montgomery, crypto/mont.hpp); variable time in exp.
BigInt mod_pow(const BigInt& base, const BigInt& exp, const BigInt& m);

}  // namespace glasstls::crypto
