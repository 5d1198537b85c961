// Certificate extensions (RFC 5280 §4.2) that path validation and `x509 show` use.
//
// Each extension appears at most once (RFC 5280 §4.2: "A certificate MUST NOT
// include more than one instance of a particular extension"). Known extensions
// are parsed strictly; unknown ones are kept with their criticality so path
// validation can reject an unknown critical extension (§4.2).
#pragma once

#include <optional>
#include <vector>

#include "x509/general_name.hpp"

namespace glasstls::x509 {

struct Extension {
  Oid oid;
  bool critical = false;
  ByteView value;           // the extnValue OCTET STRING's contents (DER of the extension)
  ByteRange range;          // the whole Extension SEQUENCE
  bool understood = false;  // parsed by GlassTLS (one of the types below)
};

// RFC 5280 §4.2.1.9
struct BasicConstraints {
  bool ca = false;
  std::optional<std::uint64_t> path_len;  // pathLenConstraint
};

// RFC 5280 §4.2.1.3: KeyUsage bit numbers.
enum class KeyUsageBit : std::uint8_t {
  digital_signature = 0,
  content_commitment = 1,
  key_encipherment = 2,
  data_encipherment = 3,
  key_agreement = 4,
  key_cert_sign = 5,
  crl_sign = 6,
  encipher_only = 7,
  decipher_only = 8,
};
struct KeyUsage {
  std::uint16_t bits = 0;  // bit i set when KeyUsageBit i is asserted
  bool has(KeyUsageBit b) const { return (bits >> static_cast<unsigned>(b) & 1) != 0; }
  std::string to_string() const;  // "digitalSignature, keyCertSign"
};

// RFC 5280 §4.2.1.10. minimum/maximum are never used (MUST be 0 and absent);
// a subtree using them is a decode error.
struct NameConstraints {
  std::vector<GeneralName> permitted;  // permittedSubtrees bases
  std::vector<GeneralName> excluded;   // excludedSubtrees bases
};

// RFC 5280 §4.2.1.1: only keyIdentifier is used for chain building.
struct AuthorityKeyIdentifier {
  std::optional<ByteView> key_id;
  bool has_issuer_and_serial = false;
};

struct Extensions {
  std::vector<Extension> all;  // every extension, in certificate order
  std::optional<BasicConstraints> basic_constraints;
  std::optional<KeyUsage> key_usage;
  std::optional<std::vector<Oid>> ext_key_usage;
  std::optional<std::vector<GeneralName>> subject_alt_names;
  std::optional<NameConstraints> name_constraints;
  std::optional<ByteView> subject_key_id;
  std::optional<AuthorityKeyIdentifier> authority_key_id;
  bool has_policies = false;  // certificatePolicies: kept opaque (in `all`)

  // Parses `[3] EXPLICIT Extensions` contents (the SEQUENCE OF Extension).
  static Result<Extensions> parse(DerReader& r);
  const Extension* find(const Oid& o) const;
};

}  // namespace glasstls::x509
