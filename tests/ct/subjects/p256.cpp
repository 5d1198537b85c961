// ct subject: P-256 scalar multiplication with a secret scalar -- fixed base
// (the generator's table, public_from_private) and variable base (ECDH) -- and
// the constant-time range check of a secret scalar, on the portable backend
// (ec_curve_impl.hpp). The dedicated backend is subjects/p256_x64.cpp.
#include "crypto/p256_x64.hpp"
#include "tests/ec/ec_ct_common.hpp"

namespace {
GLASSTLS_CT_CASE("P-256 fixed-base d*G, variable-base d*Q and the scalar range check") {
  glasstls::ct_test::ec_scalar_mult_cases(glasstls::crypto::ec::p256_portable_ops());
}
}  // namespace
