// ct subject: Poly1305 with AVX-512 IFMA (crypto/poly1305_ifma.cpp) on secret
// one-time keys and messages, and the avx512_ifma ChaCha20-Poly1305 seal.
//
// valgrind 3.19 cannot run AVX-512 instructions and its CPUID does not report
// them, so under valgrind this subject reports itself skipped. What covers the
// backend instead: its vector code is additions, shifts, masks, two fixed
// permutations per pass and VPMADD52LUQ/HUQ (operand-independent timing),
// with no branch and no memory index but the pass count, which is the public
// length; the scalar code around it (the powers of r, the carries and the
// conversions of poly1305_halves.hpp) is checked under valgrind by
// ct.poly1305_halves, the tail blocks and the tag by ct.poly1305; and
// tests/aead/poly1305_ifma_test.cpp checks its results against the scalar code.
#include <algorithm>
#include <array>
#include <vector>

#include "crypto/poly1305.hpp"
#include "tests/ct/subjects/chacha20_common.hpp"

namespace {

using namespace glasstls;
using crypto::Poly1305;

bool have_ifma() {
  const auto& cpu = crypto::cpu_features();
  if (cpu.avx2 && cpu.avx512f && cpu.avx512vl && cpu.avx512ifma) return true;
  ct_test::skip(ct_test::running_on_valgrind()
                    ? "CPUID under valgrind reports no AVX-512 (valgrind cannot run AVX-512 "
                      "instructions)"
                    : "this CPU has no AVX-512F/VL/IFMA");
  return false;
}

GLASSTLS_CT_CASE("Poly1305 IFMA: secret key and messages") {
  if (!have_ifma()) return;
  const auto data = ct_test::pattern<2100>(61);
  for (std::size_t len : {0, 127, 128, 129, 255, 256, 1040, 2100}) {
    for (std::uint32_t k = 0; k < 2; ++k) {
      auto key = ct_test::pattern<32>(62 + k);
      std::vector<std::uint8_t> msg(data.begin(), data.begin() + static_cast<long>(len));
      if (k == 1) std::fill(msg.begin(), msg.end(), 0xff);  // the largest limbs
      const auto expected = Poly1305::mac(key, msg);
      ct_test::secret(key);
      ct_test::secret(msg);
      Poly1305 p(key, crypto::Poly1305Backend::ifma);
      p.update(msg);
      std::array<std::uint8_t, 16> tag;
      p.finish(tag);
      ct_test::declassify(tag);
      ct_test::check(tag == expected, "secret-input IFMA tag equals the scalar public one");
    }
  }
}

GLASSTLS_CT_CASE("ChaCha20-Poly1305 seal, AVX-512 with IFMA Poly1305: secret key and plaintext") {
  if (!have_ifma()) return;
  ct_test::chacha20_poly1305_seal_secret_inputs(crypto::ChaChaBackend::avx512_ifma);
}

}  // namespace
