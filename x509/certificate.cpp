#include "x509/certificate.hpp"

#include "x509/pem.hpp"

namespace glasstls::x509 {

namespace {
constexpr auto kDecode = AlertDescription::decode_error;
}  // namespace

// Reads RFC 5280 §4.1 top to bottom; each step names the field it reads.
struct CertificateParser {
  Certificate& c;

  Result<void> parse() {
    const ByteView der = *c.der_;
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    auto outer = parse_single(der, tag::sequence);
    if (!outer) return outer.error();
    auto cert = DerReader().enter(*outer);
    if (!cert) return cert.error();

    auto tbs = cert->read(tag::sequence);
    if (!tbs) return tbs.error();
    c.tbs_ = tbs->encoding;
    c.tbs_range_ = tbs->range;
    auto sig_alg = SignatureAlgorithmId::parse(*cert);
    if (!sig_alg) return sig_alg.error();
    c.sig_alg_ = *sig_alg;
    const std::size_t sig_at = cert->offset();
    auto sig = cert->read_bit_string();
    if (!sig) return sig.error();
    // Every signature GlassTLS knows is a whole number of octets.
    if (sig->unused_bits != 0)
      return make_error(kDecode, "RFC 5280 §4.1.1.3: signatureValue is a whole number of octets",
                        sig_at);
    c.signature_ = sig->bytes;
    c.signature_range_ = {sig_at, cert->offset() - sig_at};
    if (auto end = cert->expect_end("RFC 5280 §4.1: Certificate has exactly three fields"); !end)
      return end.error();

    auto fields = cert->enter(*tbs);
    if (!fields) return fields.error();
    if (auto t = parse_tbs(*fields); !t) return t.error();

    // RFC 5280 §4.1.1.2: "This field MUST contain the same algorithm identifier
    // as the signature field in the sequence tbsCertificate." Compared as bytes.
    const ByteView inner = c.tbs_sig_alg_.der, outer_alg = c.sig_alg_.der;
    if (inner.size() != outer_alg.size() ||
        !std::equal(inner.begin(), inner.end(), outer_alg.begin()))
      return make_error(kDecode,
                        "RFC 5280 §4.1.1.2: signatureAlgorithm must equal the TBS signature field",
                        c.sig_alg_.range.offset);
    return success();
  }

  // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
  //   serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
  //   issuerUniqueID [1] IMPLICIT OPTIONAL, subjectUniqueID [2] IMPLICIT OPTIONAL,
  //   extensions [3] EXPLICIT Extensions OPTIONAL }
  Result<void> parse_tbs(DerReader& r) {
    if (auto v = parse_version(r); !v) return v.error();
    if (auto s = parse_serial(r); !s) return s.error();
    auto alg = SignatureAlgorithmId::parse(r);
    if (!alg) return alg.error();
    c.tbs_sig_alg_ = *alg;
    auto issuer = Name::parse(r);
    if (!issuer) return issuer.error();
    // Decision: RFC 5280 §4.1.2.4 says "The issuer field MUST contain a
    // non-empty distinguished name"; an empty one is accepted here (it can
    // match no trust anchor, so path validation fails it anyway).
    c.issuer_ = *issuer;
    if (auto v = parse_validity(r); !v) return v.error();
    auto subject = Name::parse(r);
    if (!subject) return subject.error();
    // RFC 5280 §4.1.2.6: an empty subject is allowed when the identity is in a
    // subjectAltName (which then should be critical; not enforced, as Go).
    c.subject_ = *subject;
    auto key = PublicKey::parse(r);
    if (!key) return key.error();
    c.public_key_ = std::move(*key);

    // RFC 5280 §4.1.2.8: "These fields MUST only appear if the version is 2 or 3";
    // they are skipped (RFC 5280: "CAs conforming to this profile MUST NOT generate
    // certificates with unique identifiers").
    for (std::uint8_t n = 1; n <= 2; ++n) {
      if (!r.next_is(tag::context(n))) continue;
      if (c.version_ < 2)
        return r.error_here(
            "RFC 5280 §4.1.2.8: unique identifiers MUST only appear in version 2 or 3");
      auto id = r.read_bit_string(tag::context(n));
      if (!id) return id.error();
    }
    if (r.next_is(tag::context_constructed(3))) {
      // RFC 5280 §4.1.2.9: "This field MUST only appear if the version is 3".
      if (c.version_ != 3)
        return r.error_here("RFC 5280 §4.1.2.9: extensions MUST only appear in version 3");
      auto wrapper = r.read_constructed(tag::context_constructed(3));
      if (!wrapper) return wrapper.error();
      auto ext = Extensions::parse(*wrapper);
      if (!ext) return ext.error();
      c.extensions_ = std::move(*ext);
    }
    return r.expect_end("RFC 5280 §4.1: unexpected field at the end of TBSCertificate");
  }

  Result<void> parse_version(DerReader& r) {
    // Version ::= INTEGER { v1(0), v2(1), v3(2) }, absent meaning v1.
    c.version_ = 1;
    if (!r.next_is(tag::context_constructed(0))) return success();
    const std::size_t at = r.offset();
    auto wrapper = r.read_constructed(tag::context_constructed(0));
    if (!wrapper) return wrapper.error();
    auto v = wrapper->read_small_unsigned();
    if (!v) return v.error();
    if (auto end = wrapper->expect_end("RFC 5280 §4.1.2.1: version holds one INTEGER"); !end)
      return end.error();
    // X.690 §11.5: a DEFAULT value (v1) is never encoded in DER.
    if (*v == 0)
      return make_error(kDecode, "X.690 §11.5: DER leaves out the DEFAULT version v1", at);
    if (*v > 2) return make_error(kDecode, "RFC 5280 §4.1.2.1: version must be v1, v2 or v3", at);
    c.version_ = static_cast<int>(*v) + 1;
    return success();
  }

  Result<void> parse_serial(DerReader& r) {
    const std::size_t at = r.offset();
    auto bytes = r.read_integer_bytes();
    if (!bytes) return bytes.error();
    // RFC 5280 §4.1.2.2: "Certificate users MUST be able to handle serialNumber
    // values up to 20 octets. Conforming CAs MUST NOT use serialNumber values
    // longer than 20 octets." A positive 20-octet value needs a 21st sign octet.
    const ByteView b = *bytes;
    if (b.size() > 21 || (b.size() == 21 && b[0] != 0))
      return make_error(kDecode, "RFC 5280 §4.1.2.2: serialNumber longer than 20 octets", at);
    // Decision: "The serial number MUST be a positive integer", but zero and
    // negative serials exist in the wild and Go accepts them, so they are kept
    // (serial_is_positive() reports it).
    c.serial_ = b;
    c.serial_range_ = {at, r.offset() - at};
    return success();
  }

  Result<void> parse_validity(DerReader& r) {
    // Validity ::= SEQUENCE { notBefore Time, notAfter Time }
    auto whole = r.read(tag::sequence);
    if (!whole) return whole.error();
    auto v = r.enter(*whole);
    if (!v) return v.error();
    c.validity_.range = whole->range;
    auto nb = v->read_any();
    if (!nb) return nb.error();
    auto not_before = parse_time(*nb);
    if (!not_before) return not_before.error();
    auto na = v->read_any();
    if (!na) return na.error();
    auto not_after = parse_time(*na);
    if (!not_after) return not_after.error();
    if (auto end = v->expect_end("RFC 5280 §4.1.2.5: Validity is notBefore and notAfter"); !end)
      return end.error();
    c.validity_.not_before = *not_before;
    c.validity_.not_after = *not_after;
    return success();
  }
};

Result<Certificate> Certificate::parse(ByteView der) {
  Certificate c;
  c.der_ = std::make_shared<const Bytes>(der.begin(), der.end());
  CertificateParser p{c};
  if (auto ok = p.parse(); !ok) return ok.error();
  return c;
}

Result<std::vector<Certificate>> Certificate::parse_pem_all(std::string_view pem) {
  auto blocks = pem_decode_all(pem);
  if (!blocks) return blocks.error();
  std::vector<Certificate> out;
  for (const auto& b : *blocks) {
    if (b.label != "CERTIFICATE") return pem_unexpected_label(b.label, b.offset);
    auto cert = parse(b.der);
    if (!cert) return cert.error();
    out.push_back(std::move(*cert));
  }
  return out;
}

Result<std::vector<Certificate>> Certificate::parse_any(ByteView data) {
  if (data.empty()) return std::vector<Certificate>{};
  if (looks_like_pem(data))
    return parse_pem_all(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
  auto cert = parse(data);
  if (!cert) return cert.error();
  return std::vector<Certificate>{std::move(*cert)};
}

std::array<std::uint8_t, 32> Certificate::fingerprint_sha256() const {
  std::array<std::uint8_t, 32> out{};
  crypto::hash(crypto::HashId::sha256, der(), out);
  return out;
}

Result<void> Certificate::verify_signed_by(const PublicKey& issuer_key,
                                           bool allow_small_rsa) const {
  return verify_signature(issuer_key, sig_alg_, tbs_, signature_, allow_small_rsa);
}

}  // namespace glasstls::x509
