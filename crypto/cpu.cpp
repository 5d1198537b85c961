#include "crypto/cpu.hpp"

#include <cpuid.h>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace glasstls::crypto {
namespace {

std::uint64_t xgetbv0() {
  std::uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (std::uint64_t{edx} << 32) | eax;
}

CpuFeatures detect() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  f.ssse3 = (c >> 9) & 1;
  f.sse41 = (c >> 19) & 1;
  f.pclmulqdq = (c >> 1) & 1;
  f.aesni = (c >> 25) & 1;
  const bool osxsave = (c >> 27) & 1;
  const bool avx_cpu = (c >> 28) & 1;
  const std::uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  const bool ymm_os = (xcr0 & 0x6) == 0x6;    // SSE and AVX state saved
  const bool zmm_os = (xcr0 & 0xe6) == 0xe6;  // plus opmask and ZMM state
  f.avx = avx_cpu && ymm_os;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    f.avx2 = f.avx && ((b >> 5) & 1);
    f.bmi2 = (b >> 8) & 1;
    f.adx = (b >> 19) & 1;
    f.sha_ni = (b >> 29) & 1;
    f.avx512f = zmm_os && ((b >> 16) & 1);
    f.avx512ifma = f.avx512f && ((b >> 21) & 1);
    f.avx512vl = f.avx512f && ((b >> 31) & 1);
    f.vaes = f.avx && ((c >> 9) & 1);
    f.vpclmulqdq = f.avx && ((c >> 10) & 1);
  }
  return f;
}

bool env_forces_portable() {
  const char* v = std::getenv("GLASSTLS_PORTABLE");
  return v != nullptr && std::strcmp(v, "") != 0 && std::strcmp(v, "0") != 0;
}

std::atomic<bool>& forced_flag() {
  static std::atomic<bool> flag{env_forces_portable()};
  return flag;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

const CpuFeatures& usable_features() {
  static const CpuFeatures none{};
  return portable_forced() ? none : cpu_features();
}

bool portable_forced() { return forced_flag().load(std::memory_order_relaxed); }
void set_portable_forced(bool forced) { forced_flag().store(forced, std::memory_order_relaxed); }

}  // namespace glasstls::crypto
