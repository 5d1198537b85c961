// Shared body of the P-256 / P-384 ct subjects (tests/ct/subjects/p256.cpp, p384.cpp, ecdsa.cpp).
#pragma once

#include <algorithm>
#include <array>

#include "crypto/ec_ops.hpp"
#include "tests/ct/ct_harness.hpp"

namespace glasstls::ct_test {

inline void ec_scalar_mult_cases(const crypto::ec::CurveOps& ops) {
  const std::size_t n = ops.bytes;
  // Warm the generator table up with a public scalar (built once, public data).
  std::array<std::uint8_t, 48> one{};
  one[n - 1] = 1;
  std::array<std::uint8_t, 96> g{};
  ops.public_from_private(one.data(), g.data());

  for (std::uint32_t seed : {1u, 2u}) {
    auto d = pattern<48>(seed);
    d[0] = 0x5a;  // below n on both curves
    if (seed == 2) d[n - 1] = 0;  // zero nibbles in the scalar take the same path
    secret(std::span(d.data(), n));
    const std::uint64_t in_range = ops.scalar_in_range(d.data());
    std::array<std::uint8_t, 96> q{};
    ops.public_from_private(d.data(), q.data());  // fixed base
    std::array<std::uint8_t, 48> x{};
    const std::uint64_t ok = ops.ecdh(d.data(), g.data(), x.data());  // variable base, Q = G
    declassify(std::span(q.data(), 2 * n));
    declassify(std::span(x.data(), n));
    check(declassify_value(in_range) == ~std::uint64_t{0}, "scalar in range");
    check(declassify_value(ok) == ~std::uint64_t{0}, "ECDH result is not the identity");
    check(std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), q.begin()),
          "d*G by the table equals d*G by the window");
  }
}

}  // namespace glasstls::ct_test
