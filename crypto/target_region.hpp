// A region of a source file compiled for more CPU features than the rest of
// the program (AVX2, AVX-512, IFMA ...): the functions defined between
// GLASSTLS_TARGET_BEGIN("avx2,avx512f") and GLASSTLS_TARGET_END() may use
// those instructions, and are called only after CPUID reported them.
//
// GCC takes `#pragma GCC target`; clang ignores that pragma and takes
// `#pragma clang attribute` instead (the fuzz preset builds with clang).
// Include <immintrin.h> and the standard headers a file needs BEFORE the
// region: a standard-library function defined inside it would be compiled for
// the wider CPU, and the linker might keep that copy for the whole program.
#pragma once

#define GLASSTLS_PRAGMA(text) _Pragma(#text)

#if defined(__clang__)
#define GLASSTLS_TARGET_BEGIN(features) \
  GLASSTLS_PRAGMA(clang attribute push(__attribute__((target(features))), apply_to = function))
#define GLASSTLS_TARGET_END() GLASSTLS_PRAGMA(clang attribute pop)
#else
#define GLASSTLS_TARGET_BEGIN(features) \
  GLASSTLS_PRAGMA(GCC push_options) GLASSTLS_PRAGMA(GCC target(features))
#define GLASSTLS_TARGET_END() GLASSTLS_PRAGMA(GCC pop_options)
#endif

// An AVX-512 region: the same, and quiet about GCC 12's AVX-512 intrinsics,
// which start from _mm512_undefined_epi32(), a variable initialised with
// itself, that -Wuninitialized / -Wmaybe-uninitialized report once they are
// inlined. The value is never read (every lane is written).
#if defined(__clang__)
#define GLASSTLS_QUIET_UNDEFINED_VECTORS() GLASSTLS_PRAGMA(GCC diagnostic ignored "-Wuninitialized")
#else
#define GLASSTLS_QUIET_UNDEFINED_VECTORS()                  \
  GLASSTLS_PRAGMA(GCC diagnostic ignored "-Wuninitialized") \
  GLASSTLS_PRAGMA(GCC diagnostic ignored "-Wmaybe-uninitialized")
#endif
#define GLASSTLS_AVX512_BEGIN(features) \
  GLASSTLS_TARGET_BEGIN(features)       \
  GLASSTLS_PRAGMA(GCC diagnostic push) GLASSTLS_QUIET_UNDEFINED_VECTORS()
#define GLASSTLS_AVX512_END() GLASSTLS_PRAGMA(GCC diagnostic pop) GLASSTLS_TARGET_END()
