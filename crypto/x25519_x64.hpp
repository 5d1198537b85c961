// The fast X25519 backend (x25519_x64.cpp): the same function X25519(k, u) of
// RFC 7748 §5 as the portable ladder in x25519.cpp, computed on a field
// GF(2^255 - 19) of four 64-bit limbs with MULX/ADX inline assembly.
//
// x25519::scalar_mult() (and so shared_secret(), which TLS calls) picks it when
// x64_selected(): an x86-64 CPU that reports BMI2 and ADX, and GLASSTLS_PORTABLE
// not set. The portable code (x25519.cpp over field25519.cpp) stays the readable
// reference; tests/curve25519/x25519_x64_test.cpp checks that both agree.
#pragma once

#include <cstdint>
#include <span>

namespace glasstls::crypto::x25519 {

// This CPU can run the backend (x86-64 with BMI2 and ADX), whatever
// GLASSTLS_PORTABLE says.
bool x64_supported();
// scalar_mult() uses the backend now: x64_supported() and portable not forced.
bool x64_selected();

#if defined(__x86_64__)
// X25519(k, u) for a k already decoded by decodeScalar25519 (RFC 7748 §5);
// u's top bit is masked here. Call only when x64_supported().
// CT: time and memory addresses independent of k and u.
void scalar_mult_x64(std::span<std::uint8_t, 32> out, std::span<const std::uint8_t, 32> k_decoded,
                     std::span<const std::uint8_t, 32> u);
#endif

}  // namespace glasstls::crypto::x25519
