// PKCS #10 certification requests (RFC 2986 §4), with the extensionRequest
// attribute of RFC 2985 §5.4.2.
#include "x509/csr.hpp"

#include "x509/pem.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

}  // namespace

struct CsrParser {
  // RFC 2986 §4.1:
  //   Attributes { ATTRIBUTE:IOSet } ::= SET OF Attribute{{ IOSet }}
  //   Attribute { ATTRIBUTE:IOSet } ::= SEQUENCE {
  //        type   ATTRIBUTE.&id({IOSet}),
  //        values SET SIZE(1..MAX) OF ATTRIBUTE.&Type({IOSet}{@type}) }
  static Result<void> parse_attributes(DerReader& attrs, CertificationRequest& c) {
    bool seen_extension_request = false;
    while (!attrs.empty()) {
      const std::size_t at = attrs.offset();
      auto attr = attrs.read_sequence();
      if (!attr) return attr.error();
      auto type = attr->read_oid();
      if (!type) return type.error();
      auto values = attr->read_constructed(tag::set);
      if (!values) return values.error();
      if (values->empty())
        return make_error(
            kDecode, "RFC 2986 §4.1: an Attribute has at least one value (SET SIZE(1..MAX))", at);
      if (auto end = attr->expect_end("RFC 2986 §4.1: Attribute is type and values"); !end)
        return end.error();
      if (*type != oid::extension_request) continue;  // e.g. challengePassword: not used here
      if (seen_extension_request)
        return make_error(
            kDecode, "RFC 2985 §5.4.2: extensionRequest is single-valued and appears once", at);
      seen_extension_request = true;
      // RFC 2985 §5.4.2: "extensionRequest ATTRIBUTE ::= { WITH SYNTAX
      // ExtensionRequest SINGLE VALUE TRUE ID pkcs-9-at-extensionRequest }",
      // "ExtensionRequest ::= Extensions".
      auto ext = Extensions::parse(*values);
      if (!ext) return ext.error();
      c.extensions_ = std::move(*ext);
    }
    return success();
  }

  static Result<CertificationRequest> parse(std::shared_ptr<const Bytes> der) {
    CertificationRequest c;
    c.der_ = std::move(der);
    auto whole = parse_single(*c.der_, tag::sequence);
    if (!whole) return whole.error();
    DerReader top(*c.der_);
    auto outer = top.read_sequence();
    if (!outer) return outer.error();

    auto info = outer->read(tag::sequence);
    if (!info) return info.error();
    c.info_ = info->encoding;
    c.info_range_ = info->range;
    auto fields = outer->enter(*info);
    if (!fields) return fields.error();
    // RFC 2986 §4.1: "version is the version number, for compatibility with
    // future revisions of this document. It shall be 0 for this version"
    const std::size_t version_at = fields->offset();
    auto version = fields->read_small_unsigned();
    if (!version) return version.error();
    if (*version != 0)
      return make_error(kDecode, "RFC 2986 §4.1: CertificationRequestInfo version shall be 0",
                        version_at);
    auto subject = Name::parse(*fields);
    if (!subject) return subject.error();
    c.subject_ = std::move(*subject);
    auto pk = PublicKey::parse(*fields);
    if (!pk) return pk.error();
    c.public_key_ = std::move(*pk);
    // RFC 2986 §4.1: attributes [0] is not OPTIONAL (it may be an empty SET).
    if (!fields->next_is(tag::context_constructed(0)))
      return fields->error_here("RFC 2986 §4.1: attributes [0] must be present (it may be empty)");
    auto attrs_el = fields->read(tag::context_constructed(0));
    if (!attrs_el) return attrs_el.error();
    c.attributes_range_ = attrs_el->range;
    auto attrs = fields->enter(*attrs_el);
    if (!attrs) return attrs.error();
    if (auto a = parse_attributes(*attrs, c); !a) return a.error();
    if (auto end =
            fields->expect_end("RFC 2986 §4.1: CertificationRequestInfo ends after attributes");
        !end)
      return end.error();

    auto alg = SignatureAlgorithmId::parse(*outer);
    if (!alg) return alg.error();
    c.sig_alg_ = std::move(*alg);
    const std::size_t sig_at = outer->offset();
    auto sig = outer->read_bit_string();
    if (!sig) return sig.error();
    if (sig->unused_bits != 0)
      return make_error(kDecode, "RFC 2986 §4.2: the signature is a whole number of octets",
                        sig_at);
    c.signature_ = sig->bytes;
    c.signature_range_ = {sig_at, outer->offset() - sig_at};
    if (auto end =
            outer->expect_end("RFC 2986 §4.2: CertificationRequest is info, algorithm, signature");
        !end)
      return end.error();
    return c;
  }
};

Result<CertificationRequest> CertificationRequest::parse(ByteView der) {
  return CsrParser::parse(std::make_shared<const Bytes>(der.begin(), der.end()));
}

Result<CertificationRequest> CertificationRequest::parse_pem(std::string_view pem) {
  auto blocks = pem_decode_all(pem);
  if (!blocks) return blocks.error();
  for (auto& block : *blocks) {
    // RFC 7468 §7: "CERTIFICATE REQUEST"; "NEW CERTIFICATE REQUEST" is the
    // label older tools (Netscape, Microsoft) write.
    if (block.label != "CERTIFICATE REQUEST" && block.label != "NEW CERTIFICATE REQUEST")
      return pem_unexpected_label(block.label, block.offset);
    return CsrParser::parse(std::make_shared<const Bytes>(std::move(block.der)));
  }
  return make_error(kDecode, "RFC 7468 §7: no \"CERTIFICATE REQUEST\" block found");
}

std::string CertificationRequest::to_pem() const {
  return pem_encode("CERTIFICATE REQUEST", *der_);
}

Result<void> CertificationRequest::verify_signature() const {
  // RFC 2986 §3: "The certification request information ... is signed with the
  // subject entity's private key."
  return x509::verify_signature(public_key_, sig_alg_, info_, signature_);
}

Result<CertificationRequest> make_csr(const PrivateKey& key, ByteView subject_der, ByteView san_der,
                                      crypto::Rng& rng, std::optional<SignatureAlgorithm> scheme) {
  const SignatureAlgorithm s = scheme.value_or(key.default_signature_algorithm());
  auto alg = key.algorithm_identifier(s);
  if (!alg) return alg.error();
  DerWriter info;
  info.sequence([&](DerWriter& cri) {
    cri.integer(0);  // RFC 2986 §4.1: version v1(0)
    cri.raw(subject_der);
    cri.raw(key.spki_der());
    cri.constructed(tag::context_constructed(0), [&](DerWriter& attrs) {
      if (san_der.empty()) return;
      attrs.sequence([&](DerWriter& attr) {
        attr.oid(oid::extension_request);  // RFC 2985 §5.4.2
        attr.set([&](DerWriter& values) {
          values.sequence([&](DerWriter& exts) {
            exts.sequence([&](DerWriter& ext) {
              ext.oid(oid::subject_alt_name);
              ext.octet_string(san_der);  // RFC 5280 §4.2.1.6 GeneralNames
            });
          });
        });
      });
    });
  });
  auto sig = key.sign(s, info.view(), rng);
  if (!sig) return sig.error();
  DerWriter w;
  w.sequence([&](DerWriter& req) {
    req.raw(info.view());
    req.raw(*alg);
    req.bit_string(*sig);
  });
  // Parsing what was written checks the caller's subject and SAN DER too.
  return CertificationRequest::parse(w.view());
}

}  // namespace glasstls::x509
