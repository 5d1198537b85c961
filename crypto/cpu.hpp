// Which accelerated backends this CPU allows, and whether the user forbade them.
//
// GLASSTLS_PORTABLE=1 in the environment forces the portable (readable,
// constant-time) implementation of every primitive. Tests and benchmarks switch
// at run time with ScopedPortable, so both paths run in one process.
#pragma once

namespace glasstls::crypto {

struct CpuFeatures {
  bool sse41 = false;
  bool ssse3 = false;
  bool aesni = false;
  bool pclmulqdq = false;
  bool avx = false;
  bool avx2 = false;
  bool bmi2 = false;
  bool adx = false;
  bool sha_ni = false;
  bool vaes = false;
  bool vpclmulqdq = false;
  bool avx512f = false;
  bool avx512vl = false;
  bool avx512ifma = false;
};

// What the CPU reports (CPUID, with XGETBV for OS support of the AVX state).
const CpuFeatures& cpu_features();

// What backends may use: cpu_features(), or all false when portable is forced.
const CpuFeatures& usable_features();

bool portable_forced();
void set_portable_forced(bool forced);

// Forces the portable path for its lifetime (tests, benchmarks). Not thread safe.
class ScopedPortable {
 public:
  explicit ScopedPortable(bool forced = true) : saved_(portable_forced()) {
    set_portable_forced(forced);
  }
  ~ScopedPortable() { set_portable_forced(saved_); }
  ScopedPortable(const ScopedPortable&) = delete;
  ScopedPortable& operator=(const ScopedPortable&) = delete;

 private:
  bool saved_;
};

}  // namespace glasstls::crypto
