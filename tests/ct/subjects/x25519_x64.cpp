// ct subject: the MULX/ADX X25519 backend (crypto/x25519_x64.cpp) with a
// secret scalar and a secret u: the ladder's cswap, the 4x64 field (MULX,
// ADCX, ADOX, the folds by 38 under masks of the carries) and the inversion
// chain must not branch on or index by either.
//
// valgrind 3.19 executes MULX, ADCX and ADOX but its CPUID hides ADX, so under
// valgrind x64_supported() is false and x25519::scalar_mult() would take the
// portable path (ct.x25519 checks that one). This subject therefore calls the
// backend directly when the real CPU has BMI2 and ADX: CPUID outside valgrind,
// the kernel's /proc/cpuinfo flags inside it. Skipped on other CPUs.
#include <array>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/x25519_x64.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using Key = std::array<std::uint8_t, 32>;

bool host_has_bmi2_adx() {
  if (!ct_test::running_on_valgrind()) return crypto::x25519::x64_supported();
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line);
    bool bmi2 = false, adx = false;
    for (std::string w; words >> w;) {
      bmi2 = bmi2 || w == "bmi2";
      adx = adx || w == "adx";
    }
    return bmi2 && adx;
  }
  return false;
}

Key clamp(Key k) {
  k[0] &= 248;
  k[31] &= 127;
  k[31] |= 64;
  return k;
}

GLASSTLS_CT_CASE("X25519 x64 with secret k and secret u (u >= p, bit 255 set, and u = 9)") {
#if defined(__x86_64__)
  if (!host_has_bmi2_adx()) {
    ct_test::skip("this CPU has no BMI2/ADX: the x64 X25519 backend cannot run");
    return;
  }
  Key u_big{};
  u_big.fill(0xff);  // 2^256 - 1: masked to 2^255 - 1 >= p
  int seed = 1;
  for (const Key& u_bytes : {ct_test::pattern<32>(2), u_big, Key{9}}) {
    const Key k_bytes = clamp(ct_test::pattern<32>(static_cast<std::uint32_t>(seed++)));
    Key expected;
    crypto::x25519::scalar_mult_x64(expected, k_bytes, u_bytes);
    Key k = k_bytes, u = u_bytes;
    ct_test::secret(k);
    ct_test::secret(u);
    Key out;
    crypto::x25519::scalar_mult_x64(out, k, u);
    ct_test::declassify(out);
    ct_test::check(out == expected, "secret-input result equals the public one");
  }
  // RFC 7748 §5.2's first vector, so that a wrong result cannot pass.
  const Key k = clamp({0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15,
                       0x4b, 0x82, 0x46, 0x5e, 0xdd, 0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc,
                       0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4});
  const Key u = {0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1,
                 0xa4, 0x24, 0xb1, 0x5f, 0x7c, 0x72, 0x66, 0x24, 0xec, 0x26, 0xb3,
                 0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c};
  const Key want = {0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea,
                    0x4d, 0xf2, 0x8d, 0x08, 0x4f, 0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c,
                    0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52};
  Key secret_k = k;
  ct_test::secret(secret_k);
  Key out;
  crypto::x25519::scalar_mult_x64(out, secret_k, u);
  ct_test::declassify(out);
  ct_test::check(out == want, "RFC 7748 §5.2 first vector");
#else
  ct_test::skip("not x86-64: there is no x64 X25519 backend");
#endif
}

}  // namespace
