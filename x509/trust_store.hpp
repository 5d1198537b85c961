// The trust store: the CA certificates you trust to vouch for *other* parties
// (RFC 5280 §6.1.1 (d): "trust anchor information"). Compare the key store
// (key_store.hpp): your own chain and key.
//
// A trust anchor is trusted because it is here, not because of its signature:
// path validation (path.hpp) ends at a certificate found in this store.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "x509/certificate.hpp"

namespace glasstls::x509 {

// One entry of a PEM/DER text that could not be used.
struct LoadProblem {
  std::string source;     // "roots.pem"
  std::size_t index = 0;  // 1-based certificate number in the source (0: the text itself)
  std::size_t line = 0;   // 1-based line of its BEGIN line (0 when DER or unknown)
  Error error;
  // "roots.pem, certificate #2 (line 31): decode_error at byte 17: ..."
  std::string describe() const;
};

// Parses every certificate of a PEM text (or one DER certificate) into `out`.
// Entries that fail are skipped and reported; the good ones are kept, so the
// caller decides whether a bad entry is fatal.
std::vector<LoadProblem> load_certificates(std::string_view source_name, ByteView text,
                                           std::vector<Certificate>& out);

// Indexed twice, so that adding N roots costs O(N) and a lookup scans
// nothing: by the SHA-256 of each certificate's DER (a duplicate is found
// without comparing it with every anchor) and by the SHA-256 of its subject
// Name DER (the issuer lookup of path building; RFC 5280 §7.1 name matching
// as deployed compares the DER encodings, so equal names hash alike).
class TrustStore {
 public:
  // A certificate already in the store (same DER) is not added twice.
  void add(Certificate cert);
  // load_certificates() into the store; returns the entries that were skipped.
  std::vector<LoadProblem> add_pem(std::string_view source_name, std::string_view text);

  // Anchors whose subject is `issuer` (RFC 5280 §7.1 name matching), in the
  // order they were added.
  std::vector<const Certificate*> find_by_subject(const Name& issuer) const;
  bool contains(const Certificate& cert) const;
  std::size_t size() const { return anchors_.size(); }
  const std::vector<Certificate>& certificates() const { return anchors_; }

 private:
  std::vector<Certificate> anchors_;
  std::unordered_set<std::string> by_der_hash_;  // SHA-256(DER)
  std::unordered_map<std::string, std::vector<std::size_t>>
      by_subject_;  // SHA-256(subject) -> anchors_ index
};

}  // namespace glasstls::x509
