// ct subject: SHA-384/512 with the AVX-512VL compression function on secret
// states and messages.
//
// valgrind 3.19 cannot run AVX-512 instructions and its CPUID does not report
// them, so under valgrind this subject reports itself skipped. What covers the
// backend instead: its code is sha512_two_blocks.hpp, the same as the AVX2
// backend's (checked by ct.sha512_avx2), except for sigma0/sigma1, which are
// VPRORQ, VPSRLQ and VPTERNLOGQ on data in registers: no branch, no memory
// index, instructions whose timing does not depend on their operands.
#include "crypto/cpu.hpp"
#include "tests/ct/subjects/sha512_common.hpp"

namespace {

GLASSTLS_CT_CASE("SHA-384/512 (AVX-512VL compress) on secret inputs") {
  const auto& cpu = glasstls::crypto::cpu_features();
  if (!cpu.avx2 || !cpu.bmi2 || !cpu.avx512f || !cpu.avx512vl) {
    glasstls::ct_test::skip(
        glasstls::ct_test::running_on_valgrind()
            ? "CPUID under valgrind reports no AVX-512 (valgrind cannot run AVX-512 instructions)"
            : "this CPU has no AVX-512F/VL");
    return;
  }
  glasstls::ct_test::sha512_secret_inputs(&glasstls::crypto::sha512_compress_avx512);
}

}  // namespace
