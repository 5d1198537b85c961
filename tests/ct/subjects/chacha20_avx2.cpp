// ct subject: ChaCha20 with AVX2 (eight blocks per batch), and the fused AVX2
// ChaCha20-Poly1305 seal loop, on secret keys and data.
//
// valgrind decides which CPU the program sees; when it reports no AVX2 this
// subject says it is skipped instead of hiding the gap.
#include "tests/ct/subjects/chacha20_common.hpp"

namespace {

bool have_avx2() {
  if (glasstls::crypto::cpu_features().avx2) return true;
  glasstls::ct_test::skip(glasstls::ct_test::running_on_valgrind()
                              ? "CPUID under valgrind reports no AVX2"
                              : "this CPU has no AVX2");
  return false;
}

GLASSTLS_CT_CASE("ChaCha20 AVX2: secret key, nonce and plaintext") {
  if (!have_avx2()) return;
  glasstls::ct_test::chacha20_secret_inputs(&glasstls::crypto::chacha20_xor_avx2);
}

GLASSTLS_CT_CASE("ChaCha20-Poly1305 seal, AVX2 fused loop: secret key and plaintext") {
  if (!have_avx2()) return;
  glasstls::ct_test::chacha20_poly1305_seal_secret_inputs(glasstls::crypto::ChaChaBackend::avx2);
}

}  // namespace
