// Invariant checks for fuzz targets: always on (also with NDEBUG), and they
// abort, which both libFuzzer and the replay driver report as a failure.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace glasstls::fuzz {

[[noreturn]] inline void check_failed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant violated: %s\n", file, line, cond);
  std::fflush(stderr);
  std::abort();
}

}  // namespace glasstls::fuzz

#define GLASSTLS_FUZZ_CHECK(cond) \
  ((cond) ? (void)0 : ::glasstls::fuzz::check_failed(#cond, __FILE__, __LINE__))
