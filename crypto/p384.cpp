// NIST P-384 (secp384r1): the domain parameters of SP 800-186 §3.2.1.4 / SEC 2
// §2.5.1 plugged into the shared curve code (ec_field.hpp, ec_point.hpp,
// ec_curve_impl.hpp). Limbs are least significant first.
//
//   p = 2^384 - 2^128 - 2^96 + 2^32 - 1
//   n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF C7634D81 F4372DDF
//       581A0DB2 48B0A77A ECEC196A CCC52973
#include "crypto/ec_curve_impl.hpp"

namespace glasstls::crypto::ec {
namespace {

struct P384p {
  static constexpr std::size_t N = 6;
  static constexpr Limbs<6> m = {0x00000000ffffffffULL, 0xffffffff00000000ULL,
                                 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
                                 0xffffffffffffffffULL, 0xffffffffffffffffULL};
};
struct P384n {
  static constexpr std::size_t N = 6;
  static constexpr Limbs<6> m = {0xecec196accc52973ULL, 0x581a0db248b0a77aULL,
                                 0xc7634d81f4372ddfULL, 0xffffffffffffffffULL,
                                 0xffffffffffffffffULL, 0xffffffffffffffffULL};
};

struct P384 {
  static constexpr const char* kName = "P-384";
  using F = Field<P384p>;
  using Fn = Field<P384n>;
  static constexpr Limbs<6> b = {0x2a85c8edd3ec2aefULL, 0xc656398d8a2ed19dULL,
                                 0x0314088f5013875aULL, 0x181d9c6efe814112ULL,
                                 0x988e056be3f82d19ULL, 0xb3312fa7e23ee7e4ULL};
  static constexpr Limbs<6> gx = {0x3a545e3872760ab7ULL, 0x5502f25dbf55296cULL,
                                  0x59f741e082542a38ULL, 0x6e1d3b628ba79b98ULL,
                                  0x8eb1c71ef320ad74ULL, 0xaa87ca22be8b0537ULL};
  static constexpr Limbs<6> gy = {0x7a431d7c90ea0e5fULL, 0x0a60b1ce1d7e819dULL,
                                  0xe9da3113b5f0b8c0ULL, 0xf8f41dbd289a147cULL,
                                  0x5d9e98bf9292dc29ULL, 0x3617de4a96262c6fULL};
};

}  // namespace

const CurveOps& p384_ops() { return CurveImpl<P384>::ops; }

}  // namespace glasstls::crypto::ec
