// Builds synthetic certificates field by field with DerWriter, so a test can
// break exactly one rule. Signed with a fixed Ed25519 key (valid signatures
// when the algorithm fields are left as Ed25519).
#pragma once

#include <optional>
#include <vector>

#include "x509/der.hpp"

namespace glasstls::test {

using x509::Bytes;
using x509::ByteView;

struct CertSpec {
  std::optional<std::int64_t> version = 2;  // the encoded Version (2 = v3); nullopt: absent (v1)
  Bytes serial = {0x01};                    // INTEGER contents
  Bytes inner_algorithm;                    // empty: Ed25519 AlgorithmIdentifier
  Bytes outer_algorithm;                    // empty: Ed25519 AlgorithmIdentifier
  Bytes issuer;                             // empty: CN=Builder CA
  Bytes subject;                            // empty: CN=builder.example
  Bytes validity;                           // empty: 2020-01-01 to 2049-12-31
  Bytes spki;                               // empty: the builder's Ed25519 key
  std::vector<Bytes> extensions;            // whole Extension SEQUENCEs ([3] only when any)
  Bytes tbs_tail;                           // raw bytes appended inside the TBS
};

Bytes ed25519_algorithm();
Bytes builder_spki();  // SubjectPublicKeyInfo of the builder's key
// Name with one RDN per (type, PrintableString/UTF8String value) pair.
Bytes name_der(const std::vector<std::pair<x509::Oid, std::string>>& attributes);
// Extension ::= SEQUENCE { extnID, critical (only when true), extnValue }
Bytes extension(const x509::Oid& id, bool critical, ByteView value_der);
Bytes build_certificate(const CertSpec& spec);

}  // namespace glasstls::test
