// SHA-1 (FIPS 180-4 §6.1), for one purpose only: the key identifiers of
// RFC 5280 §4.2.1.2 method (1), "the 160-bit SHA-1 hash of the value of the BIT
// STRING subjectPublicKey". SHA-1 is broken for collisions, so GlassTLS never
// uses it to sign or verify anything; an identifier only helps find a key.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace glasstls::x509 {

std::array<std::uint8_t, 20> sha1(std::span<const std::uint8_t> data);

}  // namespace glasstls::x509
