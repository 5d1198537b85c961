// Shared by the two SHA-256 subjects: the same checks for any compression backend.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/sha2.hpp"
#include "tests/ct/ct_harness.hpp"

namespace glasstls::ct_test {

// Hashes secret messages of lengths around the padding boundaries, in one call
// and in uneven pieces, and compares with the same computation on public data.
inline void sha256_secret_messages(crypto::Sha256CompressFn fn) {
  {
    std::array<std::uint8_t, 3> abc = {'a', 'b', 'c'};
    secret(abc);
    crypto::Sha256 h(fn);
    h.update(abc);
    auto d = h.finish();
    declassify(d);
    check(crypto::to_hex(d) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
          "SHA-256(\"abc\")");
  }
  const auto data = pattern<1000>(11);
  for (std::size_t len : {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000}) {
    const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(len));
    crypto::Sha256 ref(fn);
    ref.update(pub);
    const auto expected = ref.finish();

    std::vector<std::uint8_t> msg = pub;
    secret(msg);
    crypto::Sha256 h(fn);
    std::size_t done = 0, piece = 1;
    while (done < len) {  // pieces of 1, 4, 7, ... bytes: exercises the buffering
      const std::size_t n = std::min(piece, len - done);
      h.update(std::span(msg).subspan(done, n));
      done += n;
      piece += 3;
    }
    auto got = h.finish();
    declassify(got);
    check(got == expected, "secret-message digest equals the public one");
  }
}

}  // namespace glasstls::ct_test
