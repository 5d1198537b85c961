// Scalars of Ed25519: integers mod L, the order of the base point B
// (RFC 8032 §5.1: L = 2^252 + 27742317777372353535851937790883648493).
//
// Four 64-bit limbs, little-endian, always fully reduced (< L). The reduction
// is the schoolbook one, a bit at a time: plain to read, constant time, and
// fast enough (a few microseconds) next to the point arithmetic of a signature.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace glasstls::crypto::ed25519 {

struct Scalar {
  std::uint64_t v[4];
};

// The 64-byte little-endian integer reduced mod L (RFC 8032 §5.1.6 step 2:
// "Interpret the 64-octet digest as a little-endian integer r"; step 4's k).
// CT: time independent of the bytes.
Scalar reduce512(std::span<const std::uint8_t, 64> in);

// (a * b + c) mod L (RFC 8032 §5.1.6 step 5: "S = (r + k * s) mod L").
// CT: time independent of the values.
Scalar mul_add(const Scalar& a, const Scalar& b, const Scalar& c);

// A 32-byte little-endian integer mod L (used for the clamped secret scalar s,
// which is below 2^255). CT: time independent of the bytes.
Scalar reduce256(std::span<const std::uint8_t, 32> in);

std::array<std::uint8_t, 32> to_bytes(const Scalar& s);

// RFC 8032 §5.1.7: S must be in range 0 <= S < L. Public data (a signature):
// variable time.
bool is_canonical(std::span<const std::uint8_t, 32> s);

}  // namespace glasstls::crypto::ed25519
