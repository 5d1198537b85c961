// NIST P-256 (secp256r1): the domain parameters of SP 800-186 §3.2.1.3 / SEC 2
// §2.4.2 plugged into the shared curve code (ec_field.hpp, ec_point.hpp,
// ec_curve_impl.hpp). Limbs are least significant first; p and n are in
// p256_moduli.hpp.
#include "crypto/cpu.hpp"
#include "crypto/ec_curve_impl.hpp"
#include "crypto/p256_moduli.hpp"
#include "crypto/p256_x64.hpp"

namespace glasstls::crypto::ec {
namespace {

struct P256 {
  static constexpr const char* kName = "P-256";
  using F = Field<P256p>;
  using Fn = Field<P256n>;
  static constexpr Limbs<4> b = {0x3bce3c3e27d2604bULL, 0x651d06b0cc53b0f6ULL,
                                 0xb3ebbd55769886bcULL, 0x5ac635d8aa3a93e7ULL};
  static constexpr Limbs<4> gx = {0xf4a13945d898c296ULL, 0x77037d812deb33a0ULL,
                                  0xf8bce6e563a440f2ULL, 0x6b17d1f2e12c4247ULL};
  static constexpr Limbs<4> gy = {0xcbb6406837bf51f5ULL, 0x2bce33576b315eceULL,
                                  0x8ee7eb4a7c0f9e16ULL, 0x4fe342e2fe1a7f9bULL};
};

}  // namespace

const CurveOps& p256_portable_ops() { return CurveImpl<P256>::ops; }

// The dedicated backend (p256_x64.cpp) unless GLASSTLS_PORTABLE (or a
// ScopedPortable) asks for this readable one. A public decision per call.
const CurveOps& p256_ops() { return portable_forced() ? p256_portable_ops() : p256_x64_ops(); }

}  // namespace glasstls::crypto::ec
