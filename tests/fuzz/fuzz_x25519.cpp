// Fuzz target: X25519 (RFC 7748 §5) on arbitrary public values.
//
// Input layout:  [k: 32] [u: 32] (missing bytes are zeros).
//   - shared_secret(k, u) fails (illegal_parameter) exactly when the raw
//     X25519(k, u) is all zeros (RFC 8446 §7.4.2), and otherwise equals it;
//   - bit 255 of u does not matter (RFC 7748 §5 masks it);
//   - Diffie-Hellman commutes: X25519(k, X25519(u, 9)) = X25519(u, X25519(k, 9))
//     (u used as a second private key).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "crypto/x25519.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasstls;
  using Key = std::array<std::uint8_t, 32>;
  Key k{}, u{};
  std::copy(data, data + std::min<std::size_t>(size, 32), k.begin());
  if (size > 32) std::copy(data + 32, data + std::min<std::size_t>(size, 64), u.begin());

  Key raw;
  crypto::x25519::scalar_mult(raw, k, u);
  const bool zero = std::all_of(raw.begin(), raw.end(), [](std::uint8_t b) { return b == 0; });
  const auto s = crypto::x25519::shared_secret(k, u);
  if (zero) {
    GLASSTLS_FUZZ_CHECK(!s.ok() && s.error().alert == AlertDescription::illegal_parameter);
  } else {
    GLASSTLS_FUZZ_CHECK(s.ok() && std::equal(raw.begin(), raw.end(), s->bytes().begin()));
  }

  Key flipped = u, raw2;
  flipped[31] ^= 0x80;
  crypto::x25519::scalar_mult(raw2, k, flipped);
  GLASSTLS_FUZZ_CHECK(raw2 == raw);

  const Key k_pub = crypto::x25519::public_from_private(k);
  const Key u_pub = crypto::x25519::public_from_private(u);
  Key ab, ba;
  crypto::x25519::scalar_mult(ab, k, u_pub);
  crypto::x25519::scalar_mult(ba, u, k_pub);
  GLASSTLS_FUZZ_CHECK(ab == ba);
  return 0;
}
