// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and signature algorithms
// (RFC 4055, RFC 5758, RFC 8410): the bridge from X.509 to crypto/.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "crypto/ec.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/rsa.hpp"
#include "crypto/sha2.hpp"
#include "x509/der.hpp"

namespace glasstls::x509 {

// rsa: an RSA key under rsaEncryption (RFC 3279 §2.3.1), for any RSA scheme;
// rsa_pss: an RSA key under id-RSASSA-PSS (RFC 4055 §3.1), for RSASSA-PSS only
// (TLS's rsa_pss_pss_* schemes, RFC 8446 §4.2.3).
enum class KeyType : std::uint8_t { rsa, ec_p256, ec_p384, ed25519, rsa_pss };
std::string_view key_type_name(KeyType t);  // "RSA", "ECDSA P-256", ...
inline bool is_rsa_key(KeyType t) { return t == KeyType::rsa || t == KeyType::rsa_pss; }

// The RSASSA-PSS-params of an id-RSASSA-PSS key, when present (RFC 4055 §3.1):
// the key signs only with this hash (MGF1 over the same hash) and a salt at
// least this long. Absent parameters: any PSS hash and salt.
struct PssKeyParams {
  crypto::HashId hash = crypto::HashId::sha256;
  std::size_t salt_len = 0;
  bool operator==(const PssKeyParams&) const = default;
};

// A parsed SubjectPublicKeyInfo.
struct PublicKey {
  KeyType type = KeyType::rsa;
  std::variant<crypto::RsaPublicKey, crypto::EcPublicKey, crypto::ed25519::PublicKey> key;
  ByteView spki_der;   // the whole SubjectPublicKeyInfo, as encoded
  ByteView key_bytes;  // the subjectPublicKey BIT STRING's octets
  ByteRange range;
  std::optional<PssKeyParams> pss;  // rsa_pss keys with parameters only

  // RFC 5280 §4.1.2.7 with RFC 3279 §2.3.1 (RSA: parameters NULL), RFC 5480
  // §2.1.1 (id-ecPublicKey with namedCurve P-256/P-384 only), RFC 4055 §3.1
  // (id-RSASSA-PSS: parameters absent or RSASSA-PSS-params), RFC 8410 §3
  // (Ed25519: parameters absent). Unknown algorithms and curves are
  // unsupported_certificate; RSA keys under 1024 or over 4096 bits are refused
  // here, keys under 2048 by policy in path validation (bits()).
  static Result<PublicKey> parse(DerReader& r);
  static Result<PublicKey> parse_der(ByteView spki);
  std::size_t bits() const;      // RSA modulus bits, 256/384 for EC, 256 for Ed25519
  std::string describe() const;  // "RSA 2048 bits (e=65537)", "ECDSA P-256", "Ed25519"
  // SHA-1 of subjectPublicKey: RFC 5280 §4.2.1.2 method (1) key identifier.
  std::array<std::uint8_t, 20> key_identifier() const;
};

// The signature algorithms x509/ verifies and signs with (RFC 5280 §4.1.1.2,
// RFC 3279, 4055, 5758, 8410). Not TLS's SignatureScheme code points: those
// map onto these in one table, handshake/signatures.cpp.
enum class SignatureAlgorithm : std::uint8_t {
  rsa_pkcs1_sha256,
  rsa_pkcs1_sha384,
  rsa_pkcs1_sha512,
  rsa_pss_sha256,
  rsa_pss_sha384,
  rsa_pss_sha512,  // RFC 4055: MGF1 with the same hash
  ecdsa_sha256,
  ecdsa_sha384,
  ecdsa_sha512,
  ed25519,
};
std::string_view signature_algorithm_name(SignatureAlgorithm s);  // "sha256WithRSAEncryption", ...

// AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2), as parsed: the
// algorithm, its OID and parameters, and where it sits in the input.
struct SignatureAlgorithmId {
  SignatureAlgorithm algorithm = SignatureAlgorithm::rsa_pkcs1_sha256;
  Oid oid;
  std::size_t pss_salt_len = 0;  // RSA-PSS only
  ByteView der;                  // the whole AlgorithmIdentifier
  ByteRange range;

  // RSA PKCS#1: parameters NULL (RFC 4055 §5; absent also tolerated as deployed);
  // ECDSA: parameters absent (RFC 5758 §3.2); Ed25519: absent (RFC 8410 §3);
  // RSA-PSS: RFC 4055 §3.1 parameters with the same hash for MGF1, trailerField 1.
  // SHA-1 and unknown algorithms are unsupported_certificate.
  static Result<SignatureAlgorithmId> parse(DerReader& r);
  crypto::HashId hash() const;  // SHA-512 for Ed25519 (internal to the scheme)
};

// Verifies `signature` over `message` with `key` under `alg`, checking that the
// key fits the algorithm (an RSA scheme needs an RSA key, ECDSA the curve of the
// key). decrypt_error when the signature is wrong. RSA keys of 1024..2047 bits
// verify only when allow_small_rsa.
Result<void> verify_signature(const PublicKey& key, const SignatureAlgorithmId& alg,
                              ByteView message, ByteView signature, bool allow_small_rsa = false);

// RFC 4055 §3.1 RSASSA-PSS-params, read from (and written into) an
// AlgorithmIdentifier after its OID: the hash (SHA-256/384/512; the SHA-1
// defaults are refused), MGF1 over that same hash, the salt length.
Result<PssKeyParams> parse_rsassa_pss_params(DerReader& alg);
void write_rsassa_pss_params(DerWriter& w, const PssKeyParams& p);

}  // namespace glasstls::x509
