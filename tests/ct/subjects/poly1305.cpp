// ct subject: Poly1305 (RFC 8439 §2.5) on a secret one-time key and secret
// messages, streamed in uneven pieces; and the constant-time tag comparison
// that ChaCha20-Poly1305's open() makes (RFC 8439 §2.8).
//
// open() itself ends in a branch on the verdict (tag matches or not), which is
// public by design but computed from the secret key: memcheck would report that
// one branch. So the comparison is checked here on its own, exactly as open()
// makes it: ct::memeq over the 16 bytes of a secret computed tag.
#include <algorithm>
#include <array>
#include <vector>

#include "crypto/ct.hpp"
#include "crypto/poly1305.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::Poly1305;

GLASSTLS_CT_CASE("Poly1305: secret key and messages, streamed") {
  const auto data = ct_test::pattern<700>(31);
  for (std::size_t len : {0, 1, 15, 16, 17, 64, 255, 700}) {
    for (std::uint32_t k = 0; k < 3; ++k) {
      auto key = ct_test::pattern<32>(40 + k);
      if (k == 2) std::fill(key.begin() + 16, key.end(), 0xff);  // s near 2^128
      std::vector<std::uint8_t> msg(data.begin(), data.begin() + static_cast<long>(len));
      if (k == 1) std::fill(msg.begin(), msg.end(), 0xff);  // h near 2^130 - 5
      const auto expected = Poly1305::mac(key, msg);

      ct_test::secret(key);
      ct_test::secret(msg);
      Poly1305 p(key);
      std::size_t done = 0, piece = 1;
      while (done < len) {  // pieces of 1, 6, 11, ... bytes: every buffering path
        const std::size_t n = std::min(piece, len - done);
        p.update(std::span(msg).subspan(done, n));
        done += n;
        piece += 5;
      }
      p.pad16();
      std::array<std::uint8_t, 16> tag;
      p.finish(tag);
      ct_test::declassify(tag);
      // The reference ran without pad16: equal only when no padding was added.
      if (len % 16 == 0) ct_test::check(tag == expected, "secret-input tag equals the public one");
    }
  }
}

GLASSTLS_CT_CASE("ChaCha20-Poly1305 tag comparison: secret computed tag, right and forged") {
  const auto msg = ct_test::pattern<100>(50);
  const auto key_bytes = ct_test::pattern<32>(51);
  const auto good = Poly1305::mac(key_bytes, msg);
  for (int forged = -1; forged < 16; ++forged) {  // -1: the right tag
    auto received = good;
    if (forged >= 0) received[static_cast<std::size_t>(forged)] ^= 0x01;
    auto key = key_bytes;
    ct_test::secret(key);
    const auto computed = Poly1305::mac(key, msg);  // secret, as in open()
    const bool match = ct_test::declassify(crypto::ct::memeq(computed, received));
    ct_test::check(match == (forged < 0), "tag comparison verdict");
  }
}

}  // namespace
