// EC keys and ECDH for P-256 and P-384: see ec.hpp.
#include "crypto/ec.hpp"

#include <algorithm>

#include "crypto/ec_ops.hpp"

namespace glasstls::crypto {

namespace {
const ec::CurveOps& ops_of(EcCurve curve) {
  return curve == EcCurve::p256 ? ec::p256_ops() : ec::p384_ops();
}
}  // namespace

std::size_t ec_bytes(EcCurve curve) { return curve == EcCurve::p256 ? 32 : 48; }
const char* ec_name(EcCurve curve) { return ops_of(curve).name; }

Result<EcPublicKey> EcPublicKey::parse(EcCurve curve, std::span<const std::uint8_t> encoded) {
  EcPublicKey key;
  key.curve_ = curve;
  // SEC 1 §3.2.2.1: "Check that Q != O ... that xQ and yQ are integers in the
  // interval [0, p-1] ... that yQ^2 = xQ^3 + a xQ + b (mod p)" (in decode_point).
  if (!ops_of(curve).decode_point(encoded, key.xy_.data())) {
    return make_error(AlertDescription::illegal_parameter,
                      "SEC 1 §3.2.2.1: the public key is not a valid point on the curve "
                      "(wrong encoding, coordinate out of range, or not on the curve)");
  }
  return key;
}

std::vector<std::uint8_t> EcPublicKey::encode_uncompressed() const {
  std::vector<std::uint8_t> out(1 + xy().size());
  out[0] = 0x04;
  std::copy(xy().begin(), xy().end(), out.begin() + 1);
  return out;
}

std::vector<std::uint8_t> EcPublicKey::encode_compressed() const {
  const std::size_t n = ec_bytes(curve_);
  // SEC 1 §2.3.3 step 2.2: "Set Y = 02 if yP~ = 0, or Y = 03 if yP~ = 1"
  std::vector<std::uint8_t> out(1 + n);
  out[0] = static_cast<std::uint8_t>(0x02 | (xy_[2 * n - 1] & 1));
  std::copy_n(xy_.begin(), n, out.begin() + 1);
  return out;
}

EcPrivateKey::EcPrivateKey(EcCurve curve, EcScalar d) : curve_(curve), d_(std::move(d)) {
  public_.curve_ = curve;
  ops_of(curve).public_from_private(d_.bytes().data(), public_.xy_.data());
}

Result<EcPrivateKey> EcPrivateKey::from_bytes(EcCurve curve, std::span<const std::uint8_t> d) {
  const auto& ops = ops_of(curve);
  // Public: the length of the encoding.
  if (d.size() != ops.bytes) {
    return make_error(AlertDescription::decode_error,
                      "SEC 1 §2.3.7: a private key is an octet string of ceil(log2(n)/8) bytes");
  }
  // SEC 1 §3.2.1: "Randomly or pseudorandomly select an integer d in the interval [1, n-1]"
  // CT: the range check is a mask; the verdict (valid key or not) is public.
  if (!ct::Mask::from_bit(ops.scalar_in_range(d.data()) & 1).declassify()) {
    return make_error(AlertDescription::illegal_parameter,
                      "SEC 1 §3.2.1: the private key d must be in [1, n-1]");
  }
  return EcPrivateKey(curve, EcScalar::from(d));
}

EcPrivateKey EcPrivateKey::generate(EcCurve curve, Rng& rng) {
  const auto& ops = ops_of(curve);
  EcScalar d(ops.bytes);
  // FIPS 186-5 A.2.2 "Rejection Sampling": draw until 1 <= d <= n-1. For both
  // curves a retry happens with probability < 2^-32; the count is public.
  for (;;) {
    rng.fill(d.mutable_bytes());
    if (ct::Mask::from_bit(ops.scalar_in_range(d.bytes().data()) & 1).declassify()) break;
  }
  return EcPrivateKey(curve, std::move(d));
}

Result<EcScalar> ecdh(const EcPrivateKey& mine, const EcPublicKey& peer) {
  if (mine.curve() != peer.curve()) {
    return make_error(AlertDescription::illegal_parameter,
                      "RFC 8446 §4.2.8.2: the key share is for another group");
  }
  const auto& ops = ops_of(mine.curve());
  EcScalar z(ops.bytes);
  // SEC 1 §3.3.1 step 1-2: "Compute the elliptic curve point P = (xP, yP) = dU QV.
  // Check that P != O. If P = O, output 'invalid'". With a valid Q (prime order)
  // and d in [1, n-1] it cannot be O; the check stays, as a mask.
  const std::uint64_t ok =
      ops.ecdh(mine.scalar().bytes().data(), peer.xy().data(), z.mutable_bytes().data());
  if (!ct::Mask::from_bit(ok & 1).declassify()) {
    return make_error(AlertDescription::illegal_parameter,
                      "SEC 1 §3.3.1: the shared point is the point at infinity");
  }
  // Step 3: "Output z = xP as the shared secret field element".
  return z;
}

}  // namespace glasstls::crypto
