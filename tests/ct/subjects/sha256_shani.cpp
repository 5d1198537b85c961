// ct subject: SHA-256 with the SHA-NI compression function on secret data.
//
// valgrind decides which CPU the program sees: its CPUID reports only the
// instructions it can translate. When the CPU (as seen under valgrind) has no
// SHA-NI, this subject reports itself skipped instead of hiding the gap.
#include "crypto/cpu.hpp"
#include "tests/ct/subjects/sha256_common.hpp"

namespace {

GLASSTLS_CT_CASE("SHA-256 (SHA-NI compress) on secret messages") {
  const auto& cpu = glasstls::crypto::cpu_features();
  if (!cpu.sha_ni || !cpu.sse41 || !cpu.ssse3) {
    glasstls::ct_test::skip(
        glasstls::ct_test::running_on_valgrind()
            ? "CPUID under valgrind reports no SHA-NI (valgrind cannot run SHA instructions)"
            : "this CPU has no SHA-NI");
    return;
  }
  glasstls::ct_test::sha256_secret_messages(&glasstls::crypto::sha256_compress_shani);
}

}  // namespace
