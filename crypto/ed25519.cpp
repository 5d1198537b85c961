// Ed25519 (RFC 8032 §5.1.5-§5.1.7). Read next to the RFC: each step carries
// its text.
#include "crypto/ed25519.hpp"

#include <algorithm>

#include "crypto/ct.hpp"
#include "crypto/ed25519_point.hpp"
#include "crypto/ed25519_scalar.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto::ed25519 {
namespace {

using Bytes32 = std::span<const std::uint8_t, 32>;

Bytes32 first32(const Secret<32>& s) { return Bytes32(s.bytes().data(), 32); }

Scalar scalar_from(Bytes32 b) { return reduce256(b); }

}  // namespace

SigningKey SigningKey::from_seed(std::span<const std::uint8_t, 32> seed) {
  SigningKey key;
  key.seed_ = Secret<32>::from(seed);
  // RFC 8032 §5.1.5 step 1: "Hash the 32-byte private key using SHA-512,
  // storing the digest in a 64-octet large buffer, denoted h. Only the lower
  // 32 bytes are used for generating the public key."
  auto h = Sha512::hash(seed);
  // Step 2: "Prune the buffer: The lowest three bits of the first octet are
  // cleared, the highest bit of the last octet is cleared, and the second
  // highest bit of the last octet is set."
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  // Step 3: "Interpret the buffer as the little-endian integer, forming a
  // secret scalar s. Perform a fixed-base scalar multiplication [s]B."
  key.public_key_ = encode(base_mult(Bytes32(h.data(), 32)));
  // s mod L: [s]B = [s mod L]B, and S = r + k*s is computed mod L anyway.
  const auto s_reduced = to_bytes(scalar_from(Bytes32(h.data(), 32)));
  key.s_ = Secret<32>::from(s_reduced);
  // The prefix (h[32..63]) seeds the nonce in §5.1.6 step 2.
  key.prefix_ = Secret<32>::from(std::span<const std::uint8_t>(h.data() + 32, 32));
  ct::secure_wipe(h.data(), h.size());
  return key;
}

SigningKey SigningKey::generate(Rng& rng) {
  Secret<32> seed(32);
  rng.fill(seed.mutable_bytes());
  return from_seed(first32(seed));
}

Signature SigningKey::sign(std::span<const std::uint8_t> message) const {
  // RFC 8032 §5.1.6 step 2: "Compute SHA-512(dom2(F, C) || prefix || PH(M))
  // ... Interpret the 64-octet digest as a little-endian integer r."
  // (dom2 is empty and PH the identity for Ed25519.)
  Sha512 hr;
  hr.update(prefix_.bytes());
  hr.update(message);
  auto r_digest = hr.finish();
  const Scalar r = reduce512(r_digest);
  ct::secure_wipe(r_digest.data(), r_digest.size());

  // Step 3: "Compute the point [r]B ... let the string R be the encoding of
  // this point."
  auto r_bytes = to_bytes(r);
  const auto R = encode(base_mult(r_bytes));

  // Step 4: "Compute SHA512(dom2(F, C) || R || A || PH(M)), and interpret the
  // 64-octet digest as a little-endian integer k." (k is public.)
  Sha512 hk;
  hk.update(R);
  hk.update(public_key_);
  hk.update(message);
  const Scalar k = reduce512(hk.finish());

  // Step 5: "Compute S = (r + k * s) mod L."
  const Scalar S = mul_add(k, scalar_from(first32(s_)), r);

  // Step 6: "Form the signature of the concatenation of R (32 octets) and the
  // little-endian encoding of S (32 octets; the three most significant bits of
  // the final octet are always zero)."
  Signature sig;
  std::copy(R.begin(), R.end(), sig.begin());
  const auto s_bytes = to_bytes(S);
  std::copy(s_bytes.begin(), s_bytes.end(), sig.begin() + 32);
  ct::secure_wipe(r_bytes.data(), r_bytes.size());
  return sig;
}

Result<void> verify(std::span<const std::uint8_t, 32> public_key,
                    std::span<const std::uint8_t> message,
                    std::span<const std::uint8_t> signature) {
  // Everything here is public (key, message, signature): branches are fine.
  if (signature.size() != 64) {
    return make_error(AlertDescription::decode_error,
                      "RFC 8032 §5.1.6: an Ed25519 signature is 64 octets");
  }
  const Bytes32 R_bytes(signature.data(), 32);
  const Bytes32 S_bytes(signature.data() + 32, 32);

  // RFC 8032 §5.1.7 step 1: "To verify a signature on a message M using public
  // key A, ... split the signature into two 32-octet halves. Decode the first
  // half as a point R, and the second half as an integer S, in the range
  // 0 <= s < L. Decode the public key A as point A'. If any of the decodings
  // fail (including S being out of range), the signature is invalid."
  if (!is_canonical(S_bytes)) {
    return make_error(AlertDescription::decrypt_error,
                      "RFC 8032 §5.1.7: Ed25519 signature S is not below L (malleable)");
  }
  const auto A = decode_vartime(public_key);
  if (!A) {
    return make_error(AlertDescription::illegal_parameter,
                      "RFC 8032 §5.1.3: the Ed25519 public key is not a canonical point encoding");
  }
  if (!decode_vartime(R_bytes)) {
    return make_error(AlertDescription::decrypt_error,
                      "RFC 8032 §5.1.7: Ed25519 signature R is not a canonical point encoding");
  }

  // Step 2: "Compute SHA512(dom2(F, C) || R || A || PH(M)), and interpret the
  // 64-octet digest as a little-endian integer k."
  Sha512 hk;
  hk.update(R_bytes);
  hk.update(public_key);
  hk.update(message);
  const auto k = to_bytes(reduce512(hk.finish()));

  // Step 3: "Check the group equation [8][S]B = [8]R + [8][k]A'. It's
  // sufficient, but not required, to instead check [S]B = R + [k]A'."
  // We check the latter (cofactorless) as [S]B + [k](-A') == R, comparing
  // encodings: R decoded canonically, so equal encodings mean equal points.
  const auto R_check = encode(double_mult_vartime(k, negate(*A), S_bytes));
  if (!std::equal(R_check.begin(), R_check.end(), R_bytes.begin())) {
    return make_error(AlertDescription::decrypt_error,
                      "RFC 8032 §5.1.7: the Ed25519 signature does not verify ([S]B != R + [k]A)");
  }
  return success();
}

}  // namespace glasstls::crypto::ed25519
