// ct self-test: a deliberately leaky comparison the checker MUST flag.
//
// leaky_memcmp returns at the first differing byte, so its running time tells
// an attacker how long a prefix of a guessed MAC was right. ctest passes this
// program only when valgrind reports "Conditional jump or move depends on
// uninitialised value(s)" inside leaky_memcmp (see run_ct.cmake): if the
// checker ever stops seeing secret-dependent branches, this test fails.
#include <array>
#include <cstddef>
#include <cstdint>

#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

// noinline and the barrier keep the loop a loop (not a call to memcmp) in
// this function, so the report names it.
__attribute__((noinline)) bool leaky_memcmp(const std::uint8_t* a, const std::uint8_t* b,
                                            std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    __asm__ volatile("" ::: "memory");
    if (a[i] != b[i]) return false;  // the early exit: a secret-dependent branch
  }
  return true;
}

GLASSTLS_CT_CASE("early-exit memcmp on a secret MAC (must be reported)") {
  auto mac = ct_test::pattern<16>(51);
  auto guess = mac;
  guess[9] ^= 0x20;
  ct_test::secret(mac);
  const bool equal = ct_test::declassify_value(leaky_memcmp(mac.data(), guess.data(), 16));
  ct_test::check(!equal, "the comparison still works");
}

}  // namespace
