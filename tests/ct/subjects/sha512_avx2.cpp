// ct subject: SHA-384/512 with the AVX2 + BMI2 compression function on secret
// states and messages.
//
// valgrind decides which CPU the program sees; when it reports no AVX2 or
// BMI2 this subject says it is skipped instead of hiding the gap.
#include "crypto/cpu.hpp"
#include "tests/ct/subjects/sha512_common.hpp"

namespace {

GLASSTLS_CT_CASE("SHA-384/512 (AVX2 + BMI2 compress) on secret inputs") {
  const auto& cpu = glasstls::crypto::cpu_features();
  if (!cpu.avx2 || !cpu.bmi2) {
    glasstls::ct_test::skip(glasstls::ct_test::running_on_valgrind()
                                ? "CPUID under valgrind reports no AVX2 or BMI2"
                                : "this CPU has no AVX2 or BMI2");
    return;
  }
  glasstls::ct_test::sha512_secret_inputs(&glasstls::crypto::sha512_compress_avx2);
}

}  // namespace
