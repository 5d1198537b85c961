// P-256's two moduli (SP 800-186 §3.2.1.3), as the Field specs of
// ec_field.hpp: the field prime p and the group order n, 64-bit limbs, least
// significant first. Shared by the portable curve (p256.cpp), the dedicated
// backend (p256_x64.cpp) and the tests of both.
//
//   p = 2^256 - 2^224 + 2^192 + 2^96 - 1
//   n = FFFFFFFF 00000000 FFFFFFFF FFFFFFFF BCE6FAAD A7179E84 F3B9CAC2 FC632551
#pragma once

#include "crypto/ec_field.hpp"

namespace glasstls::crypto::ec {

struct P256p {
  static constexpr std::size_t N = 4;
  static constexpr Limbs<4> m = {0xffffffffffffffffULL, 0x00000000ffffffffULL,
                                 0x0000000000000000ULL, 0xffffffff00000001ULL};
};
struct P256n {
  static constexpr std::size_t N = 4;
  static constexpr Limbs<4> m = {0xf3b9cac2fc632551ULL, 0xbce6faada7179e84ULL,
                                 0xffffffffffffffffULL, 0xffffffff00000000ULL};
};

}  // namespace glasstls::crypto::ec
