// The internal interface between the public EC API (ec.hpp, ecdsa.hpp) and one
// curve's arithmetic (p256.cpp, p384.cpp, both instances of ec_curve_impl.hpp).
//
// Everything crosses it as big-endian byte strings of the curve's size
// (32 bytes for P-256, 48 for P-384), so the template stays out of the public
// headers. Masks are all-ones (true) or zero 64-bit words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace glasstls::crypto::ec {

struct CurveOps {
  const char* name;   // "P-256"
  std::size_t bytes;  // field and scalar size in bytes

  // SEC 1 §2.3.4 Octet-String-to-Elliptic-Curve-Point with validation: writes
  // x || y (2*bytes) and returns true when `in` is a valid, non-identity point
  // in uncompressed (04) or compressed (02/03) form. Public data.
  bool (*decode_point)(std::span<const std::uint8_t> in, std::uint8_t* xy);

  // All-ones when 1 <= k <= n-1. CT.
  std::uint64_t (*scalar_in_range)(const std::uint8_t* k);

  // xy = d*G. CT in d (d in [1, n-1]).
  void (*public_from_private)(const std::uint8_t* d, std::uint8_t* xy);

  // x = x-coordinate of d*Q, Q = (xy) a validated point. Returns all-ones
  // unless the result is the identity. CT in d.
  std::uint64_t (*ecdh)(const std::uint8_t* d, const std::uint8_t* xy, std::uint8_t* x);

  // ECDSA's core (FIPS 186-5 §6.4.1 steps 4-9) with e = bits2int(H) mod n-reduced
  // input (bytes long, any value), nonce k in [1, n-1]: r = x(kG) mod n,
  // s = k^-1 (e + r d) mod n. Returns all-ones unless r == 0 or s == 0.
  // CT in d and k.
  std::uint64_t (*sign_with_k)(const std::uint8_t* d, const std::uint8_t* k, const std::uint8_t* e,
                               std::uint8_t* r, std::uint8_t* s);

  // FIPS 186-5 §6.4.2 steps 3-8 with e as above; r and s already checked to be
  // in [1, n-1]. Public data, variable time.
  bool (*verify)(const std::uint8_t* xy, const std::uint8_t* e, const std::uint8_t* r,
                 const std::uint8_t* s);

  // out = in mod n (in: bytes long). CT.
  void (*reduce_mod_n)(const std::uint8_t* in, std::uint8_t* out);
};

const CurveOps& p256_ops();
const CurveOps& p384_ops();

}  // namespace glasstls::crypto::ec
