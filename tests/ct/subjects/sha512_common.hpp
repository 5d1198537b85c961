// Shared by the accelerated SHA-512 subjects: the same checks for any
// compression backend.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "crypto/sha2.hpp"
#include "tests/ct/ct_harness.hpp"

namespace glasstls::ct_test {

// The compression function on a secret state and secret blocks, for block
// counts that end on a whole two-block batch and on a lone block; then
// SHA-384 and SHA-512 of secret messages around the block and batch
// boundaries, in uneven pieces. Each is compared with the portable code on
// public data.
inline void sha512_secret_inputs(crypto::Sha512CompressFn fn) {
  const auto blocks = pattern<5 * 128>(21);
  for (std::size_t n = 1; n <= 5; ++n) {
    std::uint64_t state[8], ref[8];
    for (int i = 0; i < 8; ++i) {
      ref[i] = state[i] = 0x0123456789abcdefULL * static_cast<unsigned>(i + 3);
    }
    crypto::sha512_compress_portable(ref, blocks.data(), n);
    auto msg = blocks;
    secret_value(state);
    secret(msg);
    fn(state, msg.data(), n);
    bool same = true;
    for (int i = 0; i < 8; ++i) same = same && declassify_value(state[i]) == ref[i];
    check(same, "compress on secrets equals the portable compress on public data");
  }
  const auto data = pattern<700>(22);
  for (std::size_t len : {0, 1, 111, 112, 127, 128, 129, 255, 256, 257, 384, 700}) {
    const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(len));
    crypto::Sha384 ref384(&crypto::sha512_compress_portable);
    crypto::Sha512 ref512(&crypto::sha512_compress_portable);
    ref384.update(pub);
    ref512.update(pub);
    const auto expected384 = ref384.finish();
    const auto expected512 = ref512.finish();

    std::vector<std::uint8_t> msg = pub;
    secret(msg);
    crypto::Sha384 h384(fn);
    crypto::Sha512 h512(fn);
    std::size_t done = 0, piece = 1;
    while (done < len) {  // pieces of 1, 14, 27, ... bytes: exercises the buffering
      const std::size_t n = std::min(piece, len - done);
      h384.update(std::span(msg).subspan(done, n));
      h512.update(std::span(msg).subspan(done, n));
      done += n;
      piece += 13;
    }
    auto got384 = h384.finish();
    auto got512 = h512.finish();
    declassify(got384);
    declassify(got512);
    check(got384 == expected384 && got512 == expected512,
          "secret-message digests equal the public ones");
  }
}

}  // namespace glasstls::ct_test
