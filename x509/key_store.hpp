// The key store: your own identity — your certificate chain and the private key
// that goes with the first certificate in it (seed 004's "key store", Java's
// keystore, nginx's ssl_certificate + ssl_certificate_key).
//
// Compare the trust store (trust_store.hpp): the CA certificates you trust to
// vouch for *other* parties. A server needs a key store to prove who it is; a
// client needs a trust store to check that proof. In mutual TLS ("two-way SSL")
// each side has both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "x509/certificate.hpp"
#include "x509/private_key.hpp"

namespace glasstls::x509 {

// One input to a store: where it came from (a file name, "demo: server key")
// and its contents (PEM or DER).
struct StoreSource {
  std::string name;
  Bytes data;
};

class KeyStore {
 public:
  // The chain (leaf first, then the intermediates that lead towards a root;
  // the root itself is optional) and the private key of the leaf.
  // Refuses an empty chain and a key that does not match the leaf's public key
  // (RFC 5280 §4.1.2.7: the certificate binds the subject to *this* key).
  static Result<KeyStore> create(std::vector<Certificate> chain, PrivateKey key);

  // Loads certificates and one private key from PEM/DER sources (files, or
  // the files of a directory). On failure, `problem` names the source and the
  // entry ("server.pem, certificate #2: decode_error at byte 17: ...").
  static Result<KeyStore> load(const std::vector<StoreSource>& sources, std::string& problem);

  const std::vector<Certificate>& chain() const { return chain_; }
  const Certificate& leaf() const { return chain_.front(); }
  const PrivateKey& key() const { return key_; }

 private:
  KeyStore(std::vector<Certificate> chain, PrivateKey key)
      : chain_(std::move(chain)), key_(std::move(key)) {}
  std::vector<Certificate> chain_;
  PrivateKey key_;
};

}  // namespace glasstls::x509
