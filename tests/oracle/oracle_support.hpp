// Shared pieces of the mbedTLS differential tests.
//
// Every test is a TEST_P over the SHA-256 backend: "native" (the default, SHA-NI
// where the CPU has it; asserted to be in use) and "portable" (forced with
// ScopedPortable). SHA-384/512 have one backend but run under both anyway: HMAC,
// HKDF, the PRF and the DRBG construct their hashes while the scope is active.
//
// Each case draws its inputs from a TestRandom seeded with a number printed on
// failure, so one failing case can be replayed alone.
#pragma once

#include <gtest/gtest.h>
#include <mbedtls/md.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "crypto/cpu.hpp"
#include "crypto/sha2.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::oracle {

using crypto::HashId;
using test::hex;
using test::TestRandom;
using Bytes = std::vector<std::uint8_t>;

enum class Backend { native, portable };

// So ctest shows "GetParam() = native" rather than the enum's bytes.
inline void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::native ? "native" : "portable");
}

inline std::string backend_name(const testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::native ? "native" : "portable";
}

inline constexpr HashId kAllHashes[] = {HashId::sha256, HashId::sha384, HashId::sha512};

inline const char* short_name(HashId id) {
  return id == HashId::sha256 ? "sha256" : id == HashId::sha384 ? "sha384" : "sha512";
}

inline const mbedtls_md_info_t* md_info(HashId id) {
  const mbedtls_md_type_t t = id == HashId::sha256   ? MBEDTLS_MD_SHA256
                              : id == HashId::sha384 ? MBEDTLS_MD_SHA384
                                                     : MBEDTLS_MD_SHA512;
  return mbedtls_md_info_from_type(t);
}

// A non-null pointer for mbedTLS even when the buffer is empty.
inline const unsigned char* ptr(const Bytes& b) {
  static const unsigned char empty = 0;
  return b.empty() ? &empty : b.data();
}
inline unsigned char* ptr(Bytes& b) {
  static unsigned char empty = 0;
  return b.empty() ? &empty : b.data();
}

// Reference HMAC (mbedtls_md_hmac).
inline Bytes ref_hmac(HashId id, const Bytes& key, const Bytes& msg) {
  const mbedtls_md_info_t* md = md_info(id);
  Bytes out(mbedtls_md_get_size(md));
  EXPECT_EQ(mbedtls_md_hmac(md, ptr(key), key.size(), ptr(msg), msg.size(), out.data()), 0);
  return out;
}

// Lengths 0..300, every 64-byte boundary (and neighbours) up to 10000 (this
// includes every 128-byte boundary), 10000 itself and a few random ones.
inline std::vector<std::size_t> sample_lengths(std::size_t max = 10000, std::uint64_t seed = 1) {
  std::vector<std::size_t> v;
  for (std::size_t n = 0; n <= std::min<std::size_t>(300, max); ++n) v.push_back(n);
  for (std::size_t b = 64; b <= max + 1; b += 64) {
    for (std::size_t n : {b - 1, b, b + 1}) {
      if (n <= max) v.push_back(n);
    }
  }
  v.push_back(max);
  TestRandom rnd(seed);
  for (int i = 0; i < 32; ++i) v.push_back(rnd.below(max + 1));
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Random split points 0 <= p1 <= p2 <= ... <= n (0 to 4 of them).
inline std::vector<std::size_t> split_points(TestRandom& rnd, std::size_t n) {
  std::vector<std::size_t> p(rnd.below(5));
  for (auto& x : p) x = rnd.below(n + 1);
  std::sort(p.begin(), p.end());
  return p;
}

inline std::span<const std::uint8_t> sub(const Bytes& b, std::size_t from, std::size_t to) {
  return std::span<const std::uint8_t>(b).subspan(from, to - from);
}

// Stops a loop once a test has already failed many times (a systematic bug
// would otherwise print thousands of long hex strings).
inline bool too_many_failures() {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  return info != nullptr && info->result()->total_part_count() >= 10;
}

class BackendTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    // ScopedPortable(false) also overrides GLASSTLS_PORTABLE=1 in the
    // environment, so "native" really is the default backend.
    scope_.emplace(GetParam() == Backend::portable);
    const auto& f = crypto::cpu_features();
    const bool want_accel = GetParam() == Backend::native && f.sha_ni && f.sse41;
    ASSERT_EQ(crypto::Sha256().accelerated(), want_accel)
        << "backend " << (GetParam() == Backend::native ? "native" : "portable")
        << ", cpu sha_ni=" << f.sha_ni << " sse41=" << f.sse41;
    if (GetParam() == Backend::native && !want_accel) {
      std::fprintf(stderr, "note: no SHA-NI on this CPU; native == portable\n");
    }
  }
  void TearDown() override { scope_.reset(); }

 private:
  std::optional<crypto::ScopedPortable> scope_;
};

#define GLASSTLS_ORACLE_BACKENDS(Suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Backends, Suite,                                                                             \
      testing::Values(::glasstls::oracle::Backend::native, ::glasstls::oracle::Backend::portable), \
      ::glasstls::oracle::backend_name)

}  // namespace glasstls::oracle
