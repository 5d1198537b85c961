// ct self-test: a secret-indexed table lookup the checker MUST flag.
//
// An S-box read at a secret index touches a cache line chosen by the secret
// (the classic AES T-table leak). ctest passes this program only when valgrind
// reports "Use of uninitialised value" (an address computed from a secret)
// inside leaky_sbox_lookup (see run_ct.cmake).
#include <array>
#include <cstdint>

#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<std::uint8_t>(i * 167 + 13);
  return t;
}
const std::array<std::uint8_t, 256> kTable = make_table();

__attribute__((noinline)) std::uint8_t leaky_sbox_lookup(std::uint8_t secret_index) {
  return kTable[secret_index];  // the address depends on the secret
}

GLASSTLS_CT_CASE("table lookup at a secret index (must be reported)") {
  std::uint8_t key_byte = 0x5a;
  ct_test::secret_value(key_byte);
  const std::uint8_t out = ct_test::declassify_value(leaky_sbox_lookup(key_byte));
  ct_test::check(out == static_cast<std::uint8_t>(0x5a * 167 + 13), "the lookup still works");
}

}  // namespace
