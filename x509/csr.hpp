// PKCS #10 certification requests (RFC 2986): a subject's name and public key,
// signed with the matching private key so the CA knows the requester holds it
// (proof of possession, RFC 2986 §3), plus the extensions it asks for in an
// extensionRequest attribute (RFC 2985 §5.4.2).
//
//   CertificationRequest ::= SEQUENCE {
//        certificationRequestInfo CertificationRequestInfo,
//        signatureAlgorithm       AlgorithmIdentifier,
//        signature                BIT STRING }
//   CertificationRequestInfo ::= SEQUENCE {
//        version       INTEGER { v1(0) },
//        subject       Name,
//        subjectPKInfo SubjectPublicKeyInfo,
//        attributes    [0] Attributes }
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "x509/extensions.hpp"
#include "x509/name.hpp"
#include "x509/private_key.hpp"

namespace glasstls::x509 {

class CertificationRequest {
 public:
  // Strict RFC 2986 §4 parse. Attributes other than extensionRequest
  // (challengePassword, ...) are skipped; extensionRequest may appear once,
  // with one value (RFC 2985 §5.4.2), parsed like certificate extensions.
  static Result<CertificationRequest> parse(ByteView der);
  // PEM label "CERTIFICATE REQUEST" (RFC 7468 §7), also the older
  // "NEW CERTIFICATE REQUEST".
  static Result<CertificationRequest> parse_pem(std::string_view pem);

  ByteView der() const { return *der_; }
  std::string to_pem() const;
  ByteView info() const { return info_; }  // the signed bytes
  ByteRange info_range() const { return info_range_; }
  const Name& subject() const { return subject_; }
  const PublicKey& public_key() const { return public_key_; }
  ByteRange attributes_range() const { return attributes_range_; }
  // The extensions of the extensionRequest attribute (empty when there is none).
  const Extensions& requested_extensions() const { return extensions_; }
  const SignatureAlgorithmId& signature_algorithm() const { return sig_alg_; }
  ByteView signature() const { return signature_; }
  ByteRange signature_range() const { return signature_range_; }

  // RFC 2986 §3: the signature over certificationRequestInfo with the request's
  // own public key. decrypt_error when it does not verify.
  Result<void> verify_signature() const;

 private:
  std::shared_ptr<const Bytes> der_;
  ByteView info_;
  ByteRange info_range_;
  Name subject_;
  PublicKey public_key_;
  ByteRange attributes_range_;
  Extensions extensions_;
  SignatureAlgorithmId sig_alg_;
  ByteView signature_;
  ByteRange signature_range_;
  friend struct CsrParser;
};

// Builds and signs a request for `key`'s public key. `subject_der` is a Name
// (build_name()); `san_der`, when not empty, is GeneralNames DER
// (build_general_names()) asked for as a subjectAltName extension. `scheme`
// defaults to key.default_signature_algorithm(). Deterministic for a given rng state.
Result<CertificationRequest> make_csr(const PrivateKey& key, ByteView subject_der, ByteView san_der,
                                      crypto::Rng& rng,
                                      std::optional<SignatureAlgorithm> scheme = std::nullopt);

}  // namespace glasstls::x509
