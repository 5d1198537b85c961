// Fuzz target: Ed25519 verify (RFC 8032 §5.1.7), i.e. public-key and
// signature decoding (§5.1.3, S < L) and the group equation, on arbitrary input.
//
// Input layout:  [mode] [key: 32] [signature: 64] [message: the rest]
// (missing bytes are zeros).
//   mode bit 0 = 0: `key` is a public key and `signature` a signature to check.
//       verify() must not crash and, when it refuses, say one of its three
//       alerts; when it accepts, it must accept again (no hidden state) and
//       must refuse the same signature with S + L (non-canonical S).
//   mode bit 0 = 1: `key` is a private key (seed). Sign the message; the
//       signature must verify, and must not verify once one bit (chosen by
//       mode >> 1) is flipped or once it is truncated.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ed25519.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;

Bytes take(std::span<const std::uint8_t>& in, std::size_t k) {
  Bytes out(k, 0);
  const std::size_t have = std::min(k, in.size());
  std::copy(in.begin(), in.begin() + static_cast<long>(have), out.begin());
  in = in.subspan(have);
  return out;
}

bool known_alert(const Error& e) {
  return e.alert == AlertDescription::decrypt_error || e.alert == AlertDescription::decode_error ||
         e.alert == AlertDescription::illegal_parameter;
}

// S + L (little-endian, 32 bytes); S < L < 2^253 so no overflow.
Bytes add_l(Bytes sig) {
  static const std::uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                      0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                      0,    0,    0,    0,    0,    0,    0,    0,
                                      0,    0,    0,    0,    0,    0,    0,    0x10};
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + kL[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(sum);
    carry = sum >> 8;
  }
  return sig;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  const std::uint8_t mode = take(in, 1)[0];
  const Bytes key = take(in, 32);
  const Bytes sig = take(in, 64);
  const Bytes msg(in.begin(), in.end());
  const std::span<const std::uint8_t, 32> key32(key.data(), 32);

  if ((mode & 1) == 0) {
    const auto r = crypto::ed25519::verify(key32, msg, sig);
    if (!r.ok()) {
      GLASSTLS_FUZZ_CHECK(known_alert(r.error()));
      return 0;
    }
    GLASSTLS_FUZZ_CHECK(crypto::ed25519::verify(key32, msg, sig).ok());
    GLASSTLS_FUZZ_CHECK(!crypto::ed25519::verify(key32, msg, add_l(sig)).ok());
    return 0;
  }

  const auto sk = crypto::ed25519::SigningKey::from_seed(key32);
  const auto s = sk.sign(msg);
  const Bytes good(s.begin(), s.end());
  GLASSTLS_FUZZ_CHECK(crypto::ed25519::verify(sk.public_key(), msg, good).ok());
  Bytes bad = good;
  const std::size_t bit = (static_cast<std::size_t>(mode >> 1) * 7 + msg.size()) % 512;
  bad[bit / 8] = static_cast<std::uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
  GLASSTLS_FUZZ_CHECK(!crypto::ed25519::verify(sk.public_key(), msg, bad).ok());
  GLASSTLS_FUZZ_CHECK(
      !crypto::ed25519::verify(sk.public_key(), msg, std::span(good).first(63)).ok());
  GLASSTLS_FUZZ_CHECK(!crypto::ed25519::verify(sk.public_key(), msg, add_l(good)).ok());
  return 0;
}
