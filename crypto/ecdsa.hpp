// ECDSA on P-256 and P-384 (FIPS 186-5 §6.4, SEC 1 §4.1), with nonces from
// RFC 6979 (hedged by default: fresh randomness mixed in as §3.6 "additional
// data"; pure RFC 6979 on request, for known answers), and the two signature
// encodings used in TLS and X.509:
//   - DER (RFC 8446 §4.2.3, RFC 5480 §2.2 / RFC 3279 §2.2.3):
//       Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
//     parsed strictly (minimal lengths, minimal non-negative integers);
//   - fixed size r || s, each ec_bytes() long (IEEE P1363, as in JWS/WebAuthn).
//
// The digest is computed by the caller. Any digest length is accepted for
// verification (bits2int truncates or zero-extends); signing asks for the
// HashId used to make it, since RFC 6979's HMAC uses the same hash.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ec.hpp"
#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

struct EcdsaSignature {
  EcCurve curve = EcCurve::p256;
  std::array<std::uint8_t, 48> r{};  // big-endian, ec_bytes(curve) used
  std::array<std::uint8_t, 48> s{};

  std::span<const std::uint8_t> r_bytes() const { return {r.data(), ec_bytes(curve)}; }
  std::span<const std::uint8_t> s_bytes() const { return {s.data(), ec_bytes(curve)}; }

  std::vector<std::uint8_t> to_der() const;
  std::vector<std::uint8_t> to_p1363() const;
  // decode_error on anything but a strict DER SEQUENCE of two INTEGERs that fit
  // in ec_bytes(curve); the range [1, n-1] is checked by ecdsa_verify.
  static Result<EcdsaSignature> parse_der(EcCurve curve, std::span<const std::uint8_t> der);
  // decode_error unless exactly 2 * ec_bytes(curve) bytes.
  static Result<EcdsaSignature> parse_p1363(EcCurve curve, std::span<const std::uint8_t> sig);
};

// FIPS 186-5 §6.4.1 with k from RFC 6979 §3.2 + §3.6 (k' = ec_bytes() bytes of rng).
// digest.size() must be digest_size(hash).
// CT: the private key and the nonce do not leak.
Result<EcdsaSignature> ecdsa_sign(const EcPrivateKey& key, HashId hash,
                                  std::span<const std::uint8_t> digest, Rng& rng);

// Pure RFC 6979 (no extra randomness): the RFC's known answers. CT as above.
Result<EcdsaSignature> ecdsa_sign_deterministic(const EcPrivateKey& key, HashId hash,
                                                std::span<const std::uint8_t> digest);

// FIPS 186-5 §6.4.2. decrypt_error when the signature does not verify (RFC 8446
// §4.4.3), including r or s outside [1, n-1]. Public data: variable time.
Result<void> ecdsa_verify(const EcPublicKey& key, std::span<const std::uint8_t> digest,
                          const EcdsaSignature& sig);

}  // namespace glasstls::crypto
