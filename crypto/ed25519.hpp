// Ed25519 signatures (RFC 8032 §5.1), pure EdDSA over edwards25519 with SHA-512:
// key generation (§5.1.5), signing (§5.1.6) and verification (§5.1.7).
//
// Start reading at SigningKey::sign and verify in ed25519.cpp; the group is in
// ed25519_point.{hpp,cpp}, the scalars mod L in ed25519_scalar.{hpp,cpp}, the
// field in field25519.{hpp,cpp}.
//
// Choices, with the RFC's words:
//   - verification is cofactorless, [S]B = R + [k]A (RFC 8032 §5.1.7 allows it:
//     "It's sufficient, but not required, to instead check [S]B = R + [k]A'");
//   - S >= L is rejected (§5.1.7: "If any of the decodings fail (including S
//     being out of range), the signature is invalid");
//   - non-canonical encodings of A and R (y >= p, or x = 0 with the sign bit
//     set) are rejected (§5.1.3).
//   - signing is constant time (the secret scalar and the nonce r go through a
//     masked table scan); verification handles public data only and is
//     variable time.
// Not implemented: Ed25519ctx and Ed25519ph (TLS uses neither, RFC 8446 §4.2.3).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/secret.hpp"

namespace glasstls::crypto::ed25519 {

using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

class SigningKey {
 public:
  // RFC 8032 §5.1.5: the private key is 32 bytes; the secret scalar s and the
  // prefix are derived from SHA-512 of it. CT: time independent of the seed.
  static SigningKey from_seed(std::span<const std::uint8_t, 32> seed);
  // 32 random bytes from rng. CT: as from_seed.
  static SigningKey generate(Rng& rng);

  const PublicKey& public_key() const { return public_key_; }
  // The 32-byte private key (seed), e.g. for storing it.
  const Secret<32>& seed() const { return seed_; }

  // RFC 8032 §5.1.6. Deterministic: the same key and message give the same
  // signature. CT: time and memory addresses independent of the key (and of
  // the message's contents; its length is public).
  Signature sign(std::span<const std::uint8_t> message) const;

 private:
  SigningKey() = default;
  Secret<32> seed_;
  Secret<32> s_;       // the clamped secret scalar, reduced mod L, little-endian
  Secret<32> prefix_;  // the second half of SHA-512(seed)
  PublicKey public_key_{};
};

// RFC 8032 §5.1.7. Fails with decrypt_error when the signature is not valid
// for (public_key, message), decode_error when it is not 64 bytes, and
// illegal_parameter when public_key is not a point's canonical encoding.
// Public inputs only: variable time.
Result<void> verify(std::span<const std::uint8_t, 32> public_key,
                    std::span<const std::uint8_t> message, std::span<const std::uint8_t> signature);

}  // namespace glasstls::crypto::ed25519
