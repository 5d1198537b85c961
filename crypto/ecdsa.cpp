// ECDSA signing and verification (see ecdsa.hpp). The curve arithmetic is in
// ec_curve_impl.hpp (sign_with_k, verify); this file does the hashing glue,
// the nonce loop and the range checks. Encodings are in ecdsa_der.cpp.
#include "crypto/ecdsa.hpp"

#include <algorithm>

#include "crypto/ec_ops.hpp"
#include "crypto/rfc6979.hpp"

namespace glasstls::crypto {

namespace {

const ec::CurveOps& ops_of(EcCurve curve) {
  return curve == EcCurve::p256 ? ec::p256_ops() : ec::p384_ops();
}

// RFC 6979 §2.3.2 bits2int / FIPS 186-5 §6.4.1 step 3: "e = the leftmost
// min(N, outlen) bits of Hash(M)". qlen = 8 * bytes, so: the first `bytes`
// bytes of a long digest, or a short one zero-extended on the left.
void bits2int(std::span<const std::uint8_t> digest, std::span<std::uint8_t> e) {
  std::fill(e.begin(), e.end(), std::uint8_t{0});
  if (digest.size() >= e.size()) {
    std::copy_n(digest.begin(), e.size(), e.begin());
  } else {
    std::copy(digest.begin(), digest.end(), e.end() - static_cast<std::ptrdiff_t>(digest.size()));
  }
}

// CT: the nonce loop's only branch is the declassified verdict "k in range"
// (false with probability < 2^-32) and "r, s nonzero" (never, in practice).
Result<EcdsaSignature> sign(const EcPrivateKey& key, HashId hash,
                            std::span<const std::uint8_t> digest,
                            std::span<const std::uint8_t> extra) {
  const auto& ops = ops_of(key.curve());
  const std::size_t n = ops.bytes;
  if (digest.size() != digest_size(hash)) {
    return make_error(AlertDescription::internal_error,
                      "FIPS 186-5 §6.4.1: the digest length does not match the hash");
  }
  std::array<std::uint8_t, 48> e{}, h_octets{};
  bits2int(digest, std::span(e.data(), n));
  // RFC 6979 §2.3.4: "bits2octets(b) ... z2 = z1 mod q ... int2octets(z2)".
  ops.reduce_mod_n(e.data(), h_octets.data());
  Rfc6979 nonces(hash, key.scalar().bytes(), std::span(h_octets.data(), n), extra);
  EcScalar k(n);
  EcdsaSignature sig;
  sig.curve = key.curve();
  for (;;) {
    nonces.next(k.mutable_bytes());
    // RFC 6979 §3.2 step h.3: "If that value of k is within the [1,q-1] range ...
    // the generation of k is finished" -- otherwise try the next candidate.
    if (!ct::Mask::from_bit(ops.scalar_in_range(k.bytes().data()) & 1).declassify()) continue;
    const std::uint64_t ok = ops.sign_with_k(key.scalar().bytes().data(), k.bytes().data(),
                                             e.data(), sig.r.data(), sig.s.data());
    // FIPS 186-5 §6.4.1 step 9: "If r = 0 or s = 0 ... go back to step 1" (r, s are public).
    if (ct::Mask::from_bit(ok & 1).declassify()) return sig;
  }
}

}  // namespace

Result<EcdsaSignature> ecdsa_sign(const EcPrivateKey& key, HashId hash,
                                  std::span<const std::uint8_t> digest, Rng& rng) {
  // RFC 6979 §3.6: "additional data ... k' ... e.g. a random value ... this would
  // make the signature non-deterministic while still retaining the protection".
  EcScalar extra(ec_bytes(key.curve()));
  rng.fill(extra.mutable_bytes());
  return sign(key, hash, digest, extra.bytes());
}

Result<EcdsaSignature> ecdsa_sign_deterministic(const EcPrivateKey& key, HashId hash,
                                                std::span<const std::uint8_t> digest) {
  return sign(key, hash, digest, {});
}

Result<void> ecdsa_verify(const EcPublicKey& key, std::span<const std::uint8_t> digest,
                          const EcdsaSignature& sig) {
  const auto& ops = ops_of(key.curve());
  if (sig.curve != key.curve()) {
    return make_error(AlertDescription::decrypt_error,
                      "FIPS 186-5 §6.4.2: the signature is for another curve");
  }
  // FIPS 186-5 §6.4.2 step 2: "If r and s are not both integers in the interval
  // [1, n - 1], output INVALID." (public data: a plain branch)
  if (!(ops.scalar_in_range(sig.r.data()) & ops.scalar_in_range(sig.s.data()))) {
    return make_error(AlertDescription::decrypt_error,
                      "FIPS 186-5 §6.4.2: r and s must be in [1, n-1]");
  }
  std::array<std::uint8_t, 48> e{};
  // Step 3: "e = the leftmost min(N, outlen) bits of Hash(M')"
  bits2int(digest, std::span(e.data(), ops.bytes));
  if (!ops.verify(key.xy().data(), e.data(), sig.r.data(), sig.s.data())) {
    return make_error(AlertDescription::decrypt_error,
                      "FIPS 186-5 §6.4.2: the ECDSA signature does not verify");
  }
  return success();
}

}  // namespace glasstls::crypto
