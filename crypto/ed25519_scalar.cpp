// Arithmetic mod L for Ed25519 (RFC 8032 §5.1), see ed25519_scalar.hpp.
#include "crypto/ed25519_scalar.hpp"

#include "crypto/ct.hpp"

namespace glasstls::crypto::ed25519 {
namespace {

__extension__ typedef unsigned __int128 u128;

// L = 2^252 + 27742317777372353535851937790883648493, little-endian limbs.
constexpr std::uint64_t kL[4] = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0,
                                 0x1000000000000000ULL};

// Reduces the little-endian number in `limbs` (n limbs) mod L, one bit at a
// time from the top: r = 2r + bit, then r -= L if r >= L.
// Invariant: r < L before each step, so 2r + 1 < 2L < 2^254 fits in 4 limbs and
// one conditional subtraction restores r < L.
// CT: the loop count depends on n only (public); the subtraction is always
// computed and kept with a mask.
Scalar reduce_limbs(const std::uint64_t* limbs, int n) {
  std::uint64_t r[4] = {0, 0, 0, 0};
  for (int i = 64 * n - 1; i >= 0; --i) {
    const std::uint64_t bit = (limbs[i / 64] >> (i % 64)) & 1u;
    r[3] = (r[3] << 1) | (r[2] >> 63);
    r[2] = (r[2] << 1) | (r[1] >> 63);
    r[1] = (r[1] << 1) | (r[0] >> 63);
    r[0] = (r[0] << 1) | bit;
    std::uint64_t t[4];
    std::uint64_t borrow = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 d = u128{r[j]} - kL[j] - borrow;
      t[j] = static_cast<std::uint64_t>(d);
      borrow = static_cast<std::uint64_t>(d >> 64) & 1u;
    }
    // borrow == 1: r < L, keep r; otherwise take t = r - L.
    const ct::Mask keep = ct::Mask::from_bit(borrow);
    for (int j = 0; j < 4; ++j) r[j] = ct::select(keep, r[j], t[j]);
  }
  return Scalar{{r[0], r[1], r[2], r[3]}};
}

std::uint64_t load64_le(const std::uint8_t* p) {
  std::uint64_t x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

}  // namespace

Scalar reduce512(std::span<const std::uint8_t, 64> in) {
  std::uint64_t limbs[8];
  for (int i = 0; i < 8; ++i) limbs[i] = load64_le(in.data() + 8 * i);
  Scalar s = reduce_limbs(limbs, 8);
  ct::secure_wipe(limbs, sizeof limbs);
  return s;
}

Scalar reduce256(std::span<const std::uint8_t, 32> in) {
  std::uint64_t limbs[4];
  for (int i = 0; i < 4; ++i) limbs[i] = load64_le(in.data() + 8 * i);
  Scalar s = reduce_limbs(limbs, 4);
  ct::secure_wipe(limbs, sizeof limbs);
  return s;
}

Scalar mul_add(const Scalar& a, const Scalar& b, const Scalar& c) {
  // The 512-bit product a*b + c, schoolbook (a, b, c < L < 2^253: no overflow).
  std::uint64_t w[8] = {c.v[0], c.v[1], c.v[2], c.v[3], 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 t = u128{a.v[i]} * b.v[j] + w[i + j] + carry;
      w[i + j] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
    for (int k = i + 4; k < 8; ++k) {
      const u128 t = u128{w[k]} + carry;
      w[k] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
  }
  Scalar s = reduce_limbs(w, 8);
  ct::secure_wipe(w, sizeof w);
  return s;
}

std::array<std::uint8_t, 32> to_bytes(const Scalar& s) {
  std::array<std::uint8_t, 32> out;
  for (std::size_t i = 0; i < 32; ++i)
    out[i] = static_cast<std::uint8_t>(s.v[i / 8] >> (8 * (i % 8)));
  return out;
}

bool is_canonical(std::span<const std::uint8_t, 32> s) {
  // Compare as little-endian integers from the most significant limb down.
  for (int j = 3; j >= 0; --j) {
    const std::uint64_t x = load64_le(s.data() + 8 * j);
    if (x < kL[j]) return true;
    if (x > kL[j]) return false;
  }
  return false;  // S == L
}

}  // namespace glasstls::crypto::ed25519
