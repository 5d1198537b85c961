// ct subject: SHA-384, SHA-512 and the run-time Hash on secret data.
#include <algorithm>
#include <array>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/sha2.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

GLASSTLS_CT_CASE("SHA-384 and SHA-512 of secret \"abc\"") {
  std::array<std::uint8_t, 3> abc = {'a', 'b', 'c'};
  ct_test::secret(abc);
  auto d384 = crypto::Sha384::hash(abc);
  auto d512 = crypto::Sha512::hash(abc);
  ct_test::declassify(d384);
  ct_test::declassify(d512);
  ct_test::check(crypto::to_hex(d384) ==
                     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                     "8086072ba1e7cc2358baeca134c825a7",
                 "SHA-384(\"abc\")");
  ct_test::check(crypto::to_hex(d512) ==
                     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                 "SHA-512(\"abc\")");
}

GLASSTLS_CT_CASE("Hash(SHA-256/384/512) on secret messages around block boundaries") {
  const auto data = ct_test::pattern<700>(12);
  for (auto id : {crypto::HashId::sha256, crypto::HashId::sha384, crypto::HashId::sha512}) {
    for (std::size_t len : {0, 111, 112, 127, 128, 129, 700}) {
      const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(len));
      std::array<std::uint8_t, 64> expected{}, got{};
      const auto n = crypto::digest_size(id);
      crypto::hash(id, pub, std::span(expected).first(n));

      std::vector<std::uint8_t> msg = pub;
      ct_test::secret(msg);
      crypto::Hash h(id);
      h.update(std::span(msg).first(len / 3));
      h.update(std::span(msg).subspan(len / 3));
      h.finish(std::span(got).first(n));
      ct_test::declassify(got);
      ct_test::check(got == expected, "secret-message digest equals the public one");
    }
  }
}

GLASSTLS_CT_CASE("sha512_compress on a secret state and block") {
  std::uint64_t state[8];
  for (int i = 0; i < 8; ++i) state[i] = 0x0123456789abcdefULL * static_cast<unsigned>(i + 1);
  auto block = ct_test::pattern<256>(13);
  std::uint64_t ref[8];
  std::copy(std::begin(state), std::end(state), std::begin(ref));
  crypto::sha512_compress_portable(ref, block.data(), 2);
  ct_test::secret_value(state);
  ct_test::secret(block);
  crypto::sha512_compress_portable(state, block.data(), 2);
  bool same = true;
  for (int i = 0; i < 8; ++i) same = same && ct_test::declassify_value(state[i]) == ref[i];
  ct_test::check(same, "compress on secrets equals compress on public data");
}

}  // namespace
