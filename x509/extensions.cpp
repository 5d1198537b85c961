#include "x509/extensions.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

// RFC 5280 §4.2.1.9: BasicConstraints ::= SEQUENCE {
//   cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
Result<BasicConstraints> parse_basic_constraints(DerReader& r) {
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  BasicConstraints bc;
  if (seq->next_is(tag::boolean)) {
    auto ca = seq->read_boolean();
    if (!ca) return ca.error();
    bc.ca = *ca;
  }
  if (seq->next_is(tag::integer)) {
    auto len = seq->read_small_unsigned();
    if (!len) return len.error();
    bc.path_len = *len;
  }
  if (auto end =
          seq->expect_end("RFC 5280 §4.2.1.9: BasicConstraints is cA and pathLenConstraint only");
      !end)
    return end.error();
  return bc;
}

// RFC 5280 §4.2.1.3: KeyUsage ::= BIT STRING { digitalSignature (0), ... decipherOnly (8) }
Result<KeyUsage> parse_key_usage(DerReader& r) {
  auto bits = r.read_bit_string();
  if (!bits) return bits.error();
  // Decision: "at least one of the bits MUST be set" and the DER rule that
  // trailing zero bits are dropped (X.690 §11.2.2) are not enforced; Go and
  // rustls-webpki accept such values and they grant nothing extra.
  KeyUsage ku;
  for (unsigned i = 0; i <= 8; ++i)
    if (bits->bit(i)) ku.bits = static_cast<std::uint16_t>(ku.bits | 1u << i);
  return ku;
}

// RFC 5280 §4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
Result<std::vector<Oid>> parse_ext_key_usage(DerReader& r) {
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  if (seq->empty())
    return seq->error_here("RFC 5280 §4.2.1.12: ExtKeyUsageSyntax has at least one KeyPurposeId");
  std::vector<Oid> out;
  while (!seq->empty()) {
    auto o = seq->read_oid();
    if (!o) return o.error();
    out.push_back(*o);
  }
  return out;
}

// RFC 5280 §4.2.1.6: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
Result<std::vector<GeneralName>> parse_general_names(DerReader& r) {
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  if (seq->empty())
    return seq->error_here("RFC 5280 §4.2.1.6: GeneralNames has at least one GeneralName");
  std::vector<GeneralName> out;
  while (!seq->empty()) {
    auto g = GeneralName::parse(*seq);
    if (!g) return g.error();
    out.push_back(std::move(*g));
  }
  return out;
}

// RFC 5280 §4.2.1.10:
//   GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
//   GeneralSubtree ::= SEQUENCE { base GeneralName,
//     minimum [0] BaseDistance DEFAULT 0, maximum [1] BaseDistance OPTIONAL }
Result<std::vector<GeneralName>> parse_subtrees(DerReader& subtrees) {
  if (subtrees.empty())
    return subtrees.error_here(
        "RFC 5280 §4.2.1.10: GeneralSubtrees has at least one GeneralSubtree");
  std::vector<GeneralName> out;
  while (!subtrees.empty()) {
    auto subtree = subtrees.read_sequence();
    if (!subtree) return subtree.error();
    auto base = GeneralName::parse(*subtree, /*in_constraint=*/true);
    if (!base) return base.error();
    // RFC 5280 §4.2.1.10: "Within this profile, the minimum and maximum fields
    // are not used with any name forms, thus, the minimum MUST be zero, and
    // maximum MUST be absent." (DER leaves a zero minimum out.)
    if (auto end =
            subtree->expect_end("RFC 5280 §4.2.1.10: GeneralSubtree minimum/maximum are not used");
        !end)
      return end.error();
    out.push_back(std::move(*base));
  }
  return out;
}

Result<NameConstraints> parse_name_constraints(DerReader& r) {
  // NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
  //                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
  const std::size_t at = r.offset();
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  NameConstraints nc;
  bool any = false;
  if (seq->next_is(tag::context_constructed(0))) {
    auto subtrees = seq->read_constructed(tag::context_constructed(0));
    if (!subtrees) return subtrees.error();
    auto permitted = parse_subtrees(*subtrees);
    if (!permitted) return permitted.error();
    nc.permitted = std::move(*permitted);
    any = true;
  }
  if (seq->next_is(tag::context_constructed(1))) {
    auto subtrees = seq->read_constructed(tag::context_constructed(1));
    if (!subtrees) return subtrees.error();
    auto excluded = parse_subtrees(*subtrees);
    if (!excluded) return excluded.error();
    nc.excluded = std::move(*excluded);
    any = true;
  }
  if (auto end =
          seq->expect_end("RFC 5280 §4.2.1.10: NameConstraints has only [0] and [1] subtrees");
      !end)
    return end.error();
  // RFC 5280 §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name
  // constraints is an empty sequence."
  if (!any)
    return make_error(kDecode, "RFC 5280 §4.2.1.10: name constraints must not be an empty sequence",
                      at);
  return nc;
}

// RFC 5280 §4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE {
//   keyIdentifier [0] KeyIdentifier OPTIONAL,
//   authorityCertIssuer [1] GeneralNames OPTIONAL,
//   authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
Result<AuthorityKeyIdentifier> parse_authority_key_id(DerReader& r) {
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  AuthorityKeyIdentifier aki;
  if (seq->next_is(tag::context(0))) {
    auto id = seq->read_octet_string(tag::context(0));
    if (!id) return id.error();
    aki.key_id = *id;
  }
  const bool issuer = seq->next_is(tag::context_constructed(1));
  if (issuer) {
    auto names = seq->read(tag::context_constructed(1));
    if (!names) return names.error();
  }
  const bool serial = seq->next_is(tag::context(2));
  if (serial) {
    auto number = seq->read_integer_bytes(tag::context(2));
    if (!number) return number.error();
  }
  // RFC 5280 §4.2.1.1 (ASN.1 comment): authorityCertIssuer and
  // authorityCertSerialNumber MUST both be present or both be absent.
  if (issuer != serial)
    return seq->error_here("RFC 5280 §4.2.1.1: authorityCertIssuer and SerialNumber come together");
  aki.has_issuer_and_serial = issuer;
  if (auto end = seq->expect_end("RFC 5280 §4.2.1.1: unexpected field in AuthorityKeyIdentifier");
      !end)
    return end.error();
  return aki;
}

// Parses the extnValue of a known extension into `out`; false `understood` otherwise.
Result<void> parse_known(Extension& ext, std::size_t value_at, Extensions& out) {
  DerReader r(ext.value, value_at);
  ext.understood = true;
  if (ext.oid == oid::basic_constraints) {
    auto v = parse_basic_constraints(r);
    if (!v) return v.error();
    out.basic_constraints = *v;
  } else if (ext.oid == oid::key_usage) {
    auto v = parse_key_usage(r);
    if (!v) return v.error();
    out.key_usage = *v;
  } else if (ext.oid == oid::ext_key_usage) {
    auto v = parse_ext_key_usage(r);
    if (!v) return v.error();
    out.ext_key_usage = std::move(*v);
  } else if (ext.oid == oid::subject_alt_name) {
    auto v = parse_general_names(r);
    if (!v) return v.error();
    out.subject_alt_names = std::move(*v);
  } else if (ext.oid == oid::name_constraints) {
    auto v = parse_name_constraints(r);
    if (!v) return v.error();
    out.name_constraints = std::move(*v);
  } else if (ext.oid == oid::subject_key_identifier) {
    // RFC 5280 §4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)
    auto v = r.read_octet_string();
    if (!v) return v.error();
    out.subject_key_id = *v;
  } else if (ext.oid == oid::authority_key_identifier) {
    auto v = parse_authority_key_id(r);
    if (!v) return v.error();
    out.authority_key_id = *v;
  } else {
    // certificatePolicies is only noted, not parsed: GlassTLS does no policy
    // processing, so a critical one stays "not understood" (rustls-webpki does
    // the same). Any other extension is kept as is.
    if (ext.oid == oid::certificate_policies) out.has_policies = true;
    ext.understood = false;
    // Still one DER element, like every extension value.
    if (auto e = r.read_any(); !e) return e.error();
  }
  // An extension value is exactly one DER element with nothing after it.
  return r.expect_end("RFC 5280 §4.1: trailing bytes after the extension value");
}

}  // namespace

std::string KeyUsage::to_string() const {
  static constexpr std::string_view kNames[] = {
      "digitalSignature", "contentCommitment", "keyEncipherment",
      "dataEncipherment", "keyAgreement",      "keyCertSign",
      "cRLSign",          "encipherOnly",      "decipherOnly"};
  std::string out;
  for (unsigned i = 0; i < 9; ++i)
    if (has(static_cast<KeyUsageBit>(i))) {
      if (!out.empty()) out += ", ";
      out += kNames[i];
    }
  return out;
}

Result<Extensions> Extensions::parse(DerReader& r) {
  // RFC 5280 §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  if (auto end = r.expect_end("RFC 5280 §4.1: [3] holds exactly one Extensions SEQUENCE"); !end)
    return end.error();
  if (seq->empty()) return seq->error_here("RFC 5280 §4.1: Extensions has at least one Extension");
  Extensions out;
  while (!seq->empty()) {
    // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
    //   critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    auto whole = seq->read(tag::sequence);
    if (!whole) return whole.error();
    auto fields = seq->enter(*whole);
    if (!fields) return fields.error();
    Extension ext;
    ext.range = whole->range;
    auto id = fields->read_oid();
    if (!id) return id.error();
    ext.oid = *id;
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of
    // a particular extension."
    if (out.find(ext.oid))
      return make_error(kDecode, "RFC 5280 §4.2: a certificate MUST NOT include an extension twice",
                        whole->range.offset);
    // Decision: an explicit critical FALSE is not DER (X.690 §11.5: DEFAULT
    // values are left out) but Go and OpenSSL accept it, so it is accepted.
    if (fields->next_is(tag::boolean)) {
      auto critical = fields->read_boolean();
      if (!critical) return critical.error();
      ext.critical = *critical;
    }
    auto value = fields->read(tag::octet_string);
    if (!value) return value.error();
    if (value->constructed())
      return make_error(kDecode, "X.690 §10.2: DER strings use the primitive form",
                        value->range.offset);
    ext.value = value->contents;
    if (auto end = fields->expect_end("RFC 5280 §4.1: Extension is extnID, critical, extnValue");
        !end)
      return end.error();
    if (auto known = parse_known(ext, value->value_range.offset, out); !known) return known.error();
    out.all.push_back(ext);
  }
  return out;
}

const Extension* Extensions::find(const Oid& o) const {
  for (const auto& e : all)
    if (e.oid == o) return &e;
  return nullptr;
}

}  // namespace glasstls::x509
