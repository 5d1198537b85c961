// X25519 (RFC 7748 §5): Diffie-Hellman on Curve25519 with the Montgomery ladder,
// and the TLS 1.3 / TLS 1.2 use of it (RFC 8446 §7.4.2, RFC 8422 §5.11).
//
// Start reading at scalar_mult() in x25519.cpp: its portable ladder is RFC 7748
// §5's pseudocode with the RFC's names, over the field of crypto/field25519.hpp.
// On an x86-64 CPU with BMI2 and ADX (and GLASSTLS_PORTABLE not set) it hands
// the same computation to the MULX/ADX backend, crypto/x25519_x64.hpp.
// public_from_private() does not run the ladder: X25519(k, 9) is the
// u-coordinate of [k]B on edwards25519, taken from Ed25519's base-point table.
//
// What is enforced:
//   - decodeScalar25519 clamping and decodeUCoordinate masking (RFC 7748 §5);
//   - the all-zero shared secret is refused with illegal_parameter
//     (RFC 7748 §6.1 "MAY check", which RFC 8446 §7.4.2 makes a MUST for TLS 1.3
//     and RFC 8422 §5.11 for TLS 1.2).
// Not done, on purpose: rejecting non-canonical or twist u-coordinates (RFC 7748
// §5 says to accept them).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/secret.hpp"

namespace glasstls::crypto::x25519 {

inline constexpr std::size_t kKeySize = 32;
using PublicKey = std::array<std::uint8_t, kKeySize>;
using PrivateKey = Secret<kKeySize>;

// The raw function X25519(k, u) of RFC 7748 §5 (clamps k, masks u's top bit).
// No check on the result: shared_secret() is what TLS calls.
// CT: time independent of k and u.
void scalar_mult(std::span<std::uint8_t, 32> out, std::span<const std::uint8_t, 32> k,
                 std::span<const std::uint8_t, 32> u);

// X25519(k, 9): the public key of private key k (RFC 7748 §6.1), computed
// from the Ed25519 base-point table (the ladder's value, faster).
// CT: time independent of k.
PublicKey public_from_private(std::span<const std::uint8_t, 32> private_key);

struct KeyPair {
  PrivateKey private_key;
  PublicKey public_key;
};

// 32 random bytes from rng (RFC 7748 §6.1: "generates 32 random bytes") and
// their public key. CT: time independent of the random bytes.
KeyPair generate(Rng& rng);

// X25519(private_key, peer_public), refused with illegal_parameter when it is
// all zeros (the peer sent a point of small order).
// CT: time independent of private_key and of the result; only whether the
// result was zero is revealed (it decides a public error).
Result<Secret<32>> shared_secret(std::span<const std::uint8_t, 32> private_key,
                                 std::span<const std::uint8_t, 32> peer_public);

}  // namespace glasstls::crypto::x25519
