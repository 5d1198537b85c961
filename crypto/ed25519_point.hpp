// The group of Ed25519: points of the twisted Edwards curve
//   -x^2 + y^2 = 1 + d x^2 y^2   over GF(2^255 - 19)        (RFC 8032 §5.1)
// in extended homogeneous coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x*y = T/Z
// (RFC 8032 §5.1.4, after Hisil-Wong-Carter-Dawson 2008).
//
// Two scalar multiplications:
//   - base_mult(a): [a]B for a secret a (signing, key generation). It reads a
//     precomputed table of multiples of B with a masked scan of every entry,
//     so neither a branch nor a memory address depends on a. Constant time.
//   - double_mult_vartime(a, A, b): [a]A + [b]B for public a, A, b
//     (verification only). Variable time: everything it touches is public.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "crypto/field25519.hpp"

namespace glasstls::crypto::ed25519 {

struct Point {
  f25519::Fe X, Y, Z, T;
};

Point identity();
// RFC 8032 §5.1.4 point addition and doubling. CT: fixed operation sequence.
Point add(const Point& p, const Point& q);
Point dbl(const Point& p);
Point negate(const Point& p);

// RFC 8032 §5.1.2 encoding: y little-endian with the sign of x in bit 255.
// CT: time independent of the point.
std::array<std::uint8_t, 32> encode(const Point& p);
// RFC 8032 §5.1.3 decoding; nullopt when the string is not a point's canonical
// encoding. Public data: variable time.
std::optional<Point> decode_vartime(std::span<const std::uint8_t, 32> s);

// [a]B, a given as 32 little-endian bytes with a[31] <= 127 (a < 2^255).
// CT: time and memory addresses independent of a.
Point base_mult(std::span<const std::uint8_t, 32> a);

// [a]A + [b]B for public scalars (a < 2^256, b < 2^255) and point. Variable time.
Point double_mult_vartime(std::span<const std::uint8_t, 32> a, const Point& A,
                          std::span<const std::uint8_t, 32> b);

// The base point B (RFC 8032 §5.1: y = 4/5, x positive).
const Point& base_point();

}  // namespace glasstls::crypto::ed25519
