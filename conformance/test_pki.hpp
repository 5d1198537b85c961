// Certificates made for one conformance scenario, in memory.
//
// A scenario about mutual TLS or RFC 5280 checks needs a certificate that is
// valid, expired, for another name, with the wrong extended key usage, or
// from a CA the peer under test does not trust. TestPki holds a CA the peer
// trusts (`glasstls conformance --test-ca CERT --test-ca-key KEY`) and issues
// short-lived P-256 certificates from it with x509/'s CA code; for "unknown
// CA" it makes a root of its own, which nobody trusts.
#pragma once

#include <memory>
#include <string>

#include "x509/ca.hpp"
#include "x509/key_store.hpp"

namespace glasstls::conformance {

class TestPki {
 public:
  // The CA the peer under test trusts, from PEM (or DER) texts: its
  // certificate and its private key. nullptr with `problem` when they do not
  // load or the certificate is not a CA for that key.
  static std::shared_ptr<const TestPki> load(const x509::Bytes& certificate, const x509::Bytes& key,
                                             std::string& problem);

  // Our identity as a client, for a scenario's `client_cert:` —
  //   valid, bad_signature  issued by the trusted CA, clientAuth (a
  //                         bad_signature scenario then spoils our
  //                         CertificateVerify, not the certificate)
  //   expired               the same, valid until yesterday
  //   wrong_eku             extKeyUsage serverAuth only (RFC 5280 §4.2.1.12)
  //   unknown_ca            issued by a root the peer does not trust; the
  //                         trusted CA's certificate follows it in the chain
  //                         (so that a CertificateRequest's
  //                         certificate_authorities do not keep it back)
  // nullptr with `problem` for another kind or a failure.
  std::shared_ptr<const x509::KeyStore> client_identity(const std::string& kind,
                                                        std::string& problem) const;
  // Our identity as a server for `server_name`, for a scenario's
  // `server_cert:` —
  //   expired          issued by the trusted CA, valid until yesterday
  //   wrong_name       for another name than server_name
  //   unknown_ca       issued by a root the peer does not trust
  //   no_intermediate  issued by an intermediate of the trusted CA, which
  //                    our Certificate message leaves out
  std::shared_ptr<const x509::KeyStore> server_identity(const std::string& kind,
                                                        const std::string& server_name,
                                                        std::string& problem) const;

 private:
  explicit TestPki(x509::CertificateAuthority ca) : ca_(std::move(ca)) {}
  x509::CertificateAuthority ca_;
};

// Whether `kind` is one of client_identity()'s / server_identity()'s kinds.
bool is_client_cert_kind(const std::string& kind);
bool is_server_cert_kind(const std::string& kind);

}  // namespace glasstls::conformance
