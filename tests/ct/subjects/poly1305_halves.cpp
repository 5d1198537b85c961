// ct subject: the two-chain Poly1305 of the AVX-512 ChaCha20-Poly1305 loop
// (crypto/poly1305_halves.hpp: r^k, the join) on a secret key and secret
// messages. It is plain C++, so valgrind runs it although the loop around it
// (AVX-512) cannot run here: see ct.chacha20_avx512.
#include <array>
#include <vector>

#include "crypto/poly1305.hpp"
#include "crypto/poly1305_halves.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

// Horner over 2k blocks as two chains of k joined by r^k; returns the state.
std::array<std::uint64_t, 3> two_chains(const std::array<std::uint8_t, 32>& key,
                                        const std::vector<std::uint8_t>& msg, std::size_t k) {
  crypto::Poly1305 p(key);
  crypto::Poly1305Core first = p.core(), second = p.core();
  for (std::size_t i = 0; i < k; ++i) {
    first.block(msg.data() + 16 * i, 1);
    second.block(msg.data() + 16 * (k + i), 1);
  }
  int doublings = 0;
  while ((std::size_t{1} << doublings) < k) ++doublings;
  crypto::poly1305_halves::join(first, second, crypto::poly1305_halves::r_power(first, doublings));
  return {first.h0, first.h1, first.h2};
}

GLASSTLS_CT_CASE("Poly1305 two chains and their join: secret key and message") {
  for (std::size_t k : {1, 4, 32}) {
    const auto key_bytes = ct_test::pattern<32>(60 + static_cast<std::uint32_t>(k));
    const auto data = ct_test::pattern<1024>(70 + static_cast<std::uint32_t>(k));
    const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(32 * k));
    const auto expected = two_chains(key_bytes, pub, k);
    auto key = key_bytes;
    auto msg = pub;
    ct_test::secret(key);
    ct_test::secret(msg);
    auto got = two_chains(key, msg, k);
    for (auto& limb : got) limb = ct_test::declassify_value(limb);
    ct_test::check(got == expected, "secret inputs give the public result");
  }
}

}  // namespace
