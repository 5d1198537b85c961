// The constant-time checker's harness (see docs/testing-ct-fuzz.md).
//
// A ct subject is a small program that runs a primitive on inputs it has
// declared secret. Declaring them secret tells valgrind's memcheck that those
// bytes are *undefined*; memcheck then tracks every value computed from them and
// reports, with a stack trace, the first conditional jump or memory address that
// depends on one. That is exactly a timing leak: a branch or a cache line chosen
// by a secret. What a subject does with a result afterwards is public, so it
// calls declassify() before it looks at it.
//
//   GLASSTLS_CT_CASE("HMAC-SHA-256, 32-byte key") {
//     std::array<std::uint8_t, 32> key = ct_test::pattern<32>(1);
//     ct_test::secret(key);                           // from here on: secret
//     auto tag = crypto::Hmac::mac(crypto::HashId::sha256, key, msg);
//     ct_test::declassify(tag.bytes());               // the tag is public
//     ct_test::check(..., "tag matches the public run");
//   }
//
// Every case in a program runs in order (ct_main.cpp); outside valgrind the
// requests are no-ops, so a subject is also a plain functional test.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <type_traits>

#include <valgrind/memcheck.h>

#include "crypto/ct.hpp"

namespace glasstls::ct_test {

// Marks bytes secret (memcheck: undefined). The bytes keep their values.
inline void secret(std::span<const std::uint8_t> bytes) {
  (void)VALGRIND_MAKE_MEM_UNDEFINED(bytes.data(), bytes.size());
}

// Marks bytes public again (memcheck: defined), e.g. an output that is sent.
inline void declassify(std::span<const std::uint8_t> bytes) {
  (void)VALGRIND_MAKE_MEM_DEFINED(bytes.data(), bytes.size());
}

// The same for any trivially copyable object (an integer, a Mask, an array).
template <typename T>
requires std::is_trivially_copyable_v<T>
void secret_value(T& v) { (void)VALGRIND_MAKE_MEM_UNDEFINED(&v, sizeof v); }
template <typename T>
requires std::is_trivially_copyable_v<T> T declassify_value(T v) {
  (void)VALGRIND_MAKE_MEM_DEFINED(&v, sizeof v);
  return v;
}

// A Mask computed from secrets is itself secret; Mask::declassify() is where a
// verdict becomes public by design, so the harness declassifies the bits first.
inline bool declassify(crypto::ct::Mask m) { return declassify_value(m).declassify(); }

// Deterministic, non-trivial test bytes (not a key generator).
template <std::size_t N>
std::array<std::uint8_t, N> pattern(std::uint32_t seed) {
  std::array<std::uint8_t, N> out{};
  std::uint32_t x = seed * 2654435761u + 0x9e3779b9u;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::uint8_t>(x >> 24);
  }
  return out;
}

// A functional check on public (declassified) values. A failure makes the
// program exit 1 after all cases ran; it is not a timing finding.
void check(bool ok, const char* what);

// Marks the current program as skipped (ctest shows "Skipped", with the reason).
// Put a case that may be skipped in a program of its own.
void skip(const char* reason);

// Registration, used by GLASSTLS_CT_CASE.
using CaseFn = void (*)();
struct Registrar {
  Registrar(const char* name, CaseFn fn);
};

bool running_on_valgrind();

}  // namespace glasstls::ct_test

#define GLASSTLS_CT_CONCAT2(a, b) a##b
#define GLASSTLS_CT_CONCAT(a, b) GLASSTLS_CT_CONCAT2(a, b)
#define GLASSTLS_CT_CASE_IMPL(name, fn)                                                \
  static void fn();                                                                    \
  static const ::glasstls::ct_test::Registrar GLASSTLS_CT_CONCAT(fn, _reg){name, &fn}; \
  static void fn()
// GLASSTLS_CT_CASE("what it checks") { body }
#define GLASSTLS_CT_CASE(name) GLASSTLS_CT_CASE_IMPL(name, GLASSTLS_CT_CONCAT(ct_case_, __LINE__))
