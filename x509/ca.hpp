// A small certification authority: makes a self-signed root, and turns
// certification requests (csr.hpp) into X.509 v3 certificates (RFC 5280 §4.1)
// for TLS servers, TLS clients and intermediate CAs.
//
// What it puts in each certificate (RFC 5280 §4.2.1):
//   root          basicConstraints CA:TRUE (critical), keyUsage keyCertSign +
//                 cRLSign (critical), subjectKeyIdentifier; no AKI (§4.2.1.1
//                 allows leaving it out of a self-signed certificate)
//   intermediate  basicConstraints CA:TRUE [pathLen] (critical), keyUsage
//                 keyCertSign + cRLSign (critical), SKI, AKI
//   server        basicConstraints CA:FALSE (critical), keyUsage
//                 digitalSignature (+ keyEncipherment for RSA keys, the TLS 1.2
//                 RSA key exchange) (critical), extKeyUsage serverAuth, the
//                 request's subjectAltName (a DNS or IP name is required; the
//                 subject's Common Name, which must name a host, is added to it
//                 when missing: CA/B Forum BR §7.1.4.3), SKI, AKI
//   client        as server, with extKeyUsage clientAuth; keyUsage
//                 digitalSignature only; subjectAltName copied when requested
// Serial numbers are 128 random bits, positive and never zero (RFC 5280
// §4.1.2.2); every random bit comes from the caller's Rng, and validity from
// the caller's clock, so a seeded run is reproducible byte for byte.
// Other extensions a request asks for are not copied: the CA decides.
#pragma once

#include <optional>

#include "x509/certificate.hpp"
#include "x509/csr.hpp"

namespace glasstls::x509 {

enum class Profile : std::uint8_t { server, client, intermediate };
std::string_view profile_name(Profile p);  // "server", "client", "intermediate"

class CertificateAuthority {
 public:
  // A self-signed root for `key` named `subject_der` (a Name, build_name()).
  static Result<CertificateAuthority> create_root(PrivateKey key, ByteView subject_der,
                                                  UnixTime not_before, UnixTime not_after,
                                                  crypto::Rng& rng);
  // An existing CA certificate and its key (e.g. an intermediate issued by
  // another CertificateAuthority, or files loaded by the CLI). Checks that the
  // key is the certificate's and that the certificate is a CA allowed to sign
  // certificates (basicConstraints CA:TRUE, keyUsage keyCertSign when present).
  static Result<CertificateAuthority> from(Certificate certificate, PrivateKey key);

  // Verifies the request's signature FIRST (RFC 2986 §3 proof of possession)
  // and refuses it when wrong; then issues a certificate with the profile's
  // extensions, valid from not_before to not_after (both inclusive).
  // path_len is for the intermediate profile only (pathLenConstraint).
  Result<Certificate> issue(const CertificationRequest& csr, Profile profile, UnixTime not_before,
                            UnixTime not_after, crypto::Rng& rng,
                            std::optional<std::uint64_t> path_len = std::nullopt) const;

  const Certificate& certificate() const { return certificate_; }
  const PrivateKey& key() const { return key_; }

 private:
  CertificateAuthority(Certificate c, PrivateKey k)
      : certificate_(std::move(c)), key_(std::move(k)) {}
  Certificate certificate_;
  PrivateKey key_;
};

}  // namespace glasstls::x509
