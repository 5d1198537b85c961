// ct subject: P-384 scalar multiplication with a secret scalar -- fixed base
// (the generator's table, public_from_private) and variable base (ECDH) -- and
// the constant-time range check of a secret scalar.
#include "tests/ec/ec_ct_common.hpp"

namespace {
GLASSTLS_CT_CASE("P-384 fixed-base d*G, variable-base d*Q and the scalar range check") {
  glasstls::ct_test::ec_scalar_mult_cases(glasstls::crypto::ec::p384_ops());
}
}  // namespace
