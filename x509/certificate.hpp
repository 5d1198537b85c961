// X.509 v3 certificates (RFC 5280 §4.1).
//
//   Certificate  ::=  SEQUENCE  {
//        tbsCertificate       TBSCertificate,
//        signatureAlgorithm   AlgorithmIdentifier,
//        signatureValue       BIT STRING  }
//
// A Certificate owns its DER bytes (shared, so copies are cheap); every ByteView
// in it points into those bytes and every field remembers its byte range, so
// `glasstls x509 show --bytes` and the trace can say where each field sits.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "x509/extensions.hpp"
#include "x509/name.hpp"
#include "x509/public_key.hpp"

namespace glasstls::x509 {

struct Validity {
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  ByteRange range;
  // RFC 5280 §4.1.2.5: valid from notBefore to notAfter, both inclusive.
  bool contains(UnixTime t) const { return not_before <= t && t <= not_after; }
};

class Certificate {
 public:
  // Strict RFC 5280 parse: DER, version 1..3 (extensions only in v3), serial at
  // most 20 octets (tolerating a positive 21st for the sign octet; zero and
  // negative serials are tolerated as deployed but flagged), the inner and outer
  // signature AlgorithmIdentifiers identical (§4.1.1.2), issuerUniqueID /
  // subjectUniqueID skipped, extensions parsed (see extensions.hpp).
  static Result<Certificate> parse(ByteView der);
  // Every "CERTIFICATE" block of a PEM text (another label is an error naming it).
  static Result<std::vector<Certificate>> parse_pem_all(std::string_view pem);
  // DER or PEM, one or more certificates (an empty input gives an empty list).
  static Result<std::vector<Certificate>> parse_any(ByteView data);

  ByteView der() const { return *der_; }
  ByteView tbs() const { return tbs_; }  // the signed bytes
  ByteRange tbs_range() const { return tbs_range_; }
  int version() const { return version_; }     // 1, 2 or 3
  ByteView serial() const { return serial_; }  // INTEGER contents
  ByteRange serial_range() const { return serial_range_; }
  // RFC 5280 §4.1.2.2 wants a positive serial; zero and negative ones are parsed.
  bool serial_is_positive() const {
    return !serial_.empty() && (serial_[0] & 0x80) == 0 &&
           std::any_of(serial_.begin(), serial_.end(), [](std::uint8_t b) { return b != 0; });
  }
  const SignatureAlgorithmId& signature_algorithm() const { return sig_alg_; }  // outer
  const SignatureAlgorithmId& tbs_signature_algorithm() const { return tbs_sig_alg_; }
  const Name& issuer() const { return issuer_; }
  const Name& subject() const { return subject_; }
  const Validity& validity() const { return validity_; }
  const PublicKey& public_key() const { return public_key_; }
  const Extensions& extensions() const { return extensions_; }
  ByteView signature() const { return signature_; }  // the BIT STRING's octets
  ByteRange signature_range() const { return signature_range_; }

  bool is_self_issued() const { return issuer_.matches(subject_); }
  bool is_ca() const { return extensions_.basic_constraints && extensions_.basic_constraints->ca; }
  // SHA-256 of the DER, as browsers show it.
  std::array<std::uint8_t, 32> fingerprint_sha256() const;
  // Checks this certificate's signature with `issuer_key`.
  Result<void> verify_signed_by(const PublicKey& issuer_key, bool allow_small_rsa = false) const;
  // The subject as RFC 4514 text.
  std::string subject_string() const { return subject_.to_string(); }

 private:
  std::shared_ptr<const Bytes> der_;
  ByteView tbs_;
  ByteRange tbs_range_;
  int version_ = 1;
  ByteView serial_;
  ByteRange serial_range_;
  SignatureAlgorithmId sig_alg_, tbs_sig_alg_;
  Name issuer_, subject_;
  Validity validity_;
  PublicKey public_key_;
  Extensions extensions_;
  ByteView signature_;
  ByteRange signature_range_;
  friend struct CertificateParser;
};

}  // namespace glasstls::x509
