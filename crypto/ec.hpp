// Elliptic-curve keys and ECDH on the NIST curves P-256 and P-384
// (SEC 1 v2 §2.3.3-2.3.4 point encodings, §3.2 keys, §3.3.1 ECDH primitive;
// FIPS 186-5 / SP 800-186 for the curves; RFC 8446 §7.4.2 for the TLS use of
// the shared secret: the x-coordinate, bytes long).
//
// Where to start reading: this header (the API), then ec_curve_impl.hpp (the
// operations quoted against SEC 1 / FIPS 186-5), ec_point.hpp (complete
// formulas and the three scalar multiplications), ec_field.hpp (Montgomery).
// Signatures are in ecdsa.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/secret.hpp"

namespace glasstls::crypto {

enum class EcCurve : std::uint8_t { p256, p384 };

// Field / scalar size in bytes: 32 or 48.
std::size_t ec_bytes(EcCurve curve);
const char* ec_name(EcCurve curve);  // "P-256", "P-384"

// A validated public key (a point on the curve, not the identity).
class EcPublicKey {
 public:
  // SEC 1 §2.3.4, uncompressed (04 || X || Y) or compressed (02/03 || X), with
  // the validation of SEC 1 §3.2.2.1. illegal_parameter when invalid.
  static Result<EcPublicKey> parse(EcCurve curve, std::span<const std::uint8_t> encoded);

  EcCurve curve() const { return curve_; }
  // SEC 1 §2.3.3 with point compression off: 04 || X || Y.
  std::vector<std::uint8_t> encode_uncompressed() const;
  // SEC 1 §2.3.3 with point compression on: (02 | y mod 2) || X.
  std::vector<std::uint8_t> encode_compressed() const;
  // X || Y, 2 * ec_bytes().
  std::span<const std::uint8_t> xy() const { return {xy_.data(), 2 * ec_bytes(curve_)}; }

 private:
  friend class EcPrivateKey;
  EcCurve curve_ = EcCurve::p256;
  std::array<std::uint8_t, 96> xy_{};
};

using EcScalar = Secret<48>;

class EcPrivateKey {
 public:
  // d as ec_bytes() big-endian bytes, 1 <= d <= n-1 (SEC 1 §3.2.1).
  // CT: the check of the range is constant time; only its verdict is revealed.
  static Result<EcPrivateKey> from_bytes(EcCurve curve, std::span<const std::uint8_t> d);
  // SEC 1 §3.2.1 / FIPS 186-5 Appendix A.2.2 (rejection sampling): d drawn
  // from rng until 1 <= d <= n-1. CT except for the (public) retry count.
  static EcPrivateKey generate(EcCurve curve, Rng& rng);

  EcCurve curve() const { return curve_; }
  const EcPublicKey& public_key() const { return public_; }
  const EcScalar& scalar() const { return d_; }

 private:
  EcPrivateKey(EcCurve curve, EcScalar d);
  EcCurve curve_;
  EcScalar d_;
  EcPublicKey public_;
};

// SEC 1 §3.3.1 Elliptic Curve Diffie-Hellman primitive: the x-coordinate of
// d * Q, ec_bytes() long (RFC 8446 §7.4.2). The peer key is validated by
// EcPublicKey::parse, and must be on the same curve.
// CT: the private key does not leak.
Result<EcScalar> ecdh(const EcPrivateKey& mine, const EcPublicKey& peer);

}  // namespace glasstls::crypto
