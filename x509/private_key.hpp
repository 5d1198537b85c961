// Private keys: PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), SEC1 ECPrivateKey
// (RFC 5915), PKCS#8 PrivateKeyInfo / OneAsymmetricKey, unencrypted (RFC 5208,
// RFC 5958) including Ed25519 (RFC 8410 §7) and RSA under id-RSASSA-PSS
// (RFC 4055 §3.1, as `openssl genpkey -algorithm RSA-PSS` writes it); read from DER or PEM, written as
// PKCS#8 PEM ("PRIVATE KEY").
#pragma once

#include <variant>

#include "crypto/rng.hpp"
#include "x509/public_key.hpp"

namespace glasstls::x509 {

class PrivateKey {
 public:
  // rsa and rsa_pss use the RSA bits (an rsa_pss key is made without
  // parameters: any PSS hash); every random bit from rng.
  static Result<PrivateKey> generate(KeyType type, std::size_t rsa_bits, crypto::Rng& rng);
  // "rsa2048", "rsa3072", "rsa4096", "rsa-pss2048", "rsa-pss3072",
  // "rsa-pss4096", "p256", "p384", "ed25519"
  static Result<PrivateKey> generate(std::string_view spec, crypto::Rng& rng);

  // An RSA key made by crypto/ (e.g. RFC 8448's 1024-bit example key, made
  // with allow_small_key to reproduce its handshakes).
  static PrivateKey from_rsa(crypto::RsaPrivateKey key);
  // PKCS#8, PKCS#1 or SEC1 DER (tried in that order by their shape).
  static Result<PrivateKey> parse_der(ByteView der);
  // PEM with label "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY".
  static Result<PrivateKey> parse_pem(std::string_view pem);

  KeyType type() const { return type_; }
  // An id-RSASSA-PSS key's parameters, when it has them (RFC 4055 §3.1).
  const std::optional<PssKeyParams>& pss_params() const { return pss_; }
  // The public half as a SubjectPublicKeyInfo (DER) and parsed.
  const Bytes& spki_der() const { return spki_der_; }
  Result<PublicKey> public_key() const;  // parses spki_der()

  // PKCS#8 PrivateKeyInfo DER / PEM "PRIVATE KEY". The caller should wipe it.
  Bytes to_pkcs8_der() const;
  crypto::SecretString to_pkcs8_pem() const;

  // The signature algorithm this key signs certificates with by default:
  // RSA PKCS#1 SHA-256, ECDSA P-256 SHA-256, P-384 SHA-384, Ed25519.
  SignatureAlgorithm default_signature_algorithm() const;
  // AlgorithmIdentifier DER for a scheme this key can make.
  Result<Bytes> algorithm_identifier(SignatureAlgorithm scheme) const;
  // Signs `message` (not a digest). ECDSA signatures are DER, as X.509 carries them.
  Result<Bytes> sign(SignatureAlgorithm scheme, ByteView message, crypto::Rng& rng) const;

  const crypto::RsaPrivateKey* rsa() const { return std::get_if<crypto::RsaPrivateKey>(&key_); }
  const crypto::EcPrivateKey* ec() const { return std::get_if<crypto::EcPrivateKey>(&key_); }
  const crypto::ed25519::SigningKey* ed25519() const {
    return std::get_if<crypto::ed25519::SigningKey>(&key_);
  }

 private:
  KeyType type_ = KeyType::rsa;
  std::optional<PssKeyParams> pss_;
  std::variant<crypto::RsaPrivateKey, crypto::EcPrivateKey, crypto::ed25519::SigningKey> key_;
  Bytes spki_der_;
  friend struct PrivateKeyAccess;
};

}  // namespace glasstls::x509
