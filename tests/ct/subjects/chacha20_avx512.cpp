// ct subject: ChaCha20 with AVX-512 (sixteen blocks per batch), and the fused
// AVX-512 ChaCha20-Poly1305 seal loop, on secret keys and data.
//
// valgrind 3.19 cannot run AVX-512 instructions and its CPUID does not report
// them, so under valgrind this subject reports itself skipped. What covers the
// backend instead: the ChaCha20 kernel is additions, XORs, VPROLD rotations and
// fixed permutations of registers, with no branch or memory index at all; the
// Poly1305 work between its rounds is Poly1305Core::block (ct.poly1305) and the
// two-chain join (ct.poly1305_halves), both checked under valgrind.
#include "tests/ct/subjects/chacha20_common.hpp"

namespace {

bool have_avx512() {
  const auto& cpu = glasstls::crypto::cpu_features();
  if (cpu.avx2 && cpu.avx512f) return true;
  glasstls::ct_test::skip(
      glasstls::ct_test::running_on_valgrind()
          ? "CPUID under valgrind reports no AVX-512 (valgrind cannot run AVX-512 instructions)"
          : "this CPU has no AVX-512F");
  return false;
}

GLASSTLS_CT_CASE("ChaCha20 AVX-512: secret key, nonce and plaintext") {
  if (!have_avx512()) return;
  glasstls::ct_test::chacha20_secret_inputs(&glasstls::crypto::chacha20_xor_avx512);
}

GLASSTLS_CT_CASE("ChaCha20-Poly1305 seal, AVX-512 fused loop: secret key and plaintext") {
  if (!have_avx512()) return;
  glasstls::ct_test::chacha20_poly1305_seal_secret_inputs(glasstls::crypto::ChaChaBackend::avx512);
}

}  // namespace
