// The fast P-256 backend (p256_x64.cpp): the same CurveOps (ec_ops.hpp) as the
// portable, readable one (p256.cpp over ec_curve_impl.hpp), computed with a
// field dedicated to p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (four 64-bit limbs,
// Montgomery form, the special reduction), Jacobian coordinates, a
// precomputed fixed-base table, constant-time inversion by division steps
// (safegcd.hpp) and a wNAF double-scalar multiplication for verification.
//
// p256_ops() (ec_ops.hpp) picks it unless GLASSTLS_PORTABLE forces the
// portable path. Its field multiplication runs on MULX/ADX when CPUID reports
// BMI2 and ADX, and on base x86-64 (or any target with unsigned __int128)
// otherwise.
#pragma once

#include "crypto/ec_ops.hpp"

namespace glasstls::crypto::ec {

// The dedicated backend, whatever GLASSTLS_PORTABLE says (tests, ct subjects).
const CurveOps& p256_x64_ops();
// Tests: the field multiplication on MULX/ADX and the fixed-base table reads
// on AVX2 (on = true, each when the CPU has it: the default), or both on base
// x86-64 instructions (false). Returns whether MULX/ADX is now in use. Not
// thread safe.
bool p256_x64_use_adx(bool on);
// The portable backend (ec_curve_impl.hpp), whatever GLASSTLS_PORTABLE says.
const CurveOps& p256_portable_ops();

}  // namespace glasstls::crypto::ec
