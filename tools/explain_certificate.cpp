// `glasstls x509 show`: a certificate, field by field, each field explained.
#include <fmt/core.h>

#include "tools/explain.hpp"
#include "x509/general_name.hpp"

namespace glasstls::tools {

using x509::ByteRange;
using x509::ByteView;

std::string colon_hex(ByteView b, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < b.size() && i < max; ++i)
    s += fmt::format("{}{:02x}", i ? ":" : "", b[i]);
  if (b.size() > max) s += ":...";
  return s;
}

namespace {

// One line of the field tree: name, value, and on the next line what it is for.
class Printer {
 public:
  Printer(ByteView der, bool bytes) : der_(der), bytes_(bytes) {}

  void field(int indent, std::string_view name, std::string_view value, const ByteRange& range,
             std::string_view why = {}) {
    std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    out_ += fmt::format("{}{}{}{}\n", pad, name, value.empty() ? "" : ": ", value);
    if (bytes_ && range.length != 0) {
      const ByteView tlv =
          der_.subspan(range.offset, std::min(range.length, der_.size() - range.offset));
      out_ += fmt::format("{}    bytes {}..{} ({} bytes): {}\n", pad, range.offset,
                          range.offset + range.length, range.length, colon_hex(tlv, 16));
    }
    if (!why.empty()) out_ += fmt::format("{}    - {}\n", pad, why);
  }
  void text(std::string_view s) { out_ += s; }
  std::string take() { return std::move(out_); }

 private:
  ByteView der_;
  bool bytes_;
  std::string out_;
};

std::string eku_list(const std::vector<x509::Oid>& ekus) {
  std::string s;
  for (const auto& o : ekus) s += (s.empty() ? "" : ", ") + x509::oid_display(o);
  return s;
}

std::string names_list(const std::vector<x509::GeneralName>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n.to_string();
  return s.empty() ? "(none)" : s;
}

void explain_extension(Printer& p, const x509::Certificate& cert, const x509::Extension& ext) {
  const auto& x = cert.extensions();
  const std::string name = x509::oid_display(ext.oid) + (ext.critical ? " (critical)" : "");
  std::string value;
  std::string why;
  if (ext.oid == x509::oid::basic_constraints && x.basic_constraints) {
    value = x.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE";
    if (x.basic_constraints->path_len)
      value += fmt::format(", pathlen:{}", *x.basic_constraints->path_len);
    why = x.basic_constraints->ca
              ? "this certificate belongs to a CA: its key may sign other certificates; pathlen "
                "limits how "
                "many CAs may follow below it (RFC 5280 §4.2.1.9)"
              : "an end-entity certificate: its key must not sign certificates (RFC 5280 §4.2.1.9)";
  } else if (ext.oid == x509::oid::key_usage && x.key_usage) {
    value = x.key_usage->to_string();
    why =
        "what the key may do: digitalSignature for TLS handshakes, keyCertSign for CAs (RFC 5280 "
        "§4.2.1.3)";
  } else if (ext.oid == x509::oid::ext_key_usage && x.ext_key_usage) {
    value = eku_list(*x.ext_key_usage);
    why =
        "the purposes: serverAuth lets it identify a TLS server, clientAuth a TLS client (mutual "
        "TLS) "
        "(RFC 5280 §4.2.1.12)";
  } else if (ext.oid == x509::oid::subject_alt_name && x.subject_alt_names) {
    value = names_list(*x.subject_alt_names);
    why =
        "the identities this certificate is for; a client checks the host name it dialled against "
        "these, "
        "never against the CN (RFC 9525 §6.3, RFC 5280 §4.2.1.6)";
  } else if (ext.oid == x509::oid::name_constraints && x.name_constraints) {
    value = "permitted: " + names_list(x.name_constraints->permitted) +
            "; excluded: " + names_list(x.name_constraints->excluded);
    why =
        "this CA may only vouch for names inside the permitted subtrees and never for excluded "
        "ones "
        "(RFC 5280 §4.2.1.10)";
  } else if (ext.oid == x509::oid::subject_key_identifier && x.subject_key_id) {
    value = colon_hex(*x.subject_key_id);
    why =
        "a short name for this certificate's key; certificates it signs point at it in their "
        "authorityKeyIdentifier (RFC 5280 §4.2.1.2)";
  } else if (ext.oid == x509::oid::authority_key_identifier && x.authority_key_id) {
    value =
        x.authority_key_id->key_id ? colon_hex(*x.authority_key_id->key_id) : "(no keyIdentifier)";
    why =
        "names the issuer's key, so a verifier finds the right issuer among several with the same "
        "name "
        "(RFC 5280 §4.2.1.1)";
  } else {
    value = fmt::format("{} bytes: {}", ext.value.size(), colon_hex(ext.value, 24));
    const auto d = x509::oid_description(ext.oid);
    why =
        d.empty()
            ? std::string(ext.critical
                              ? "unknown and critical: every verifier must reject this "
                                "certificate (RFC 5280 §4.2)"
                              : "unknown and not critical: verifiers may ignore it (RFC 5280 §4.2)")
            : std::string(d) +
                  (x509::oid_name(ext.oid) == "certificatePolicies" ? " (kept opaque)" : "");
  }
  p.field(3, name, value, ext.range, why);
}

}  // namespace

std::string explain_certificate(const x509::Certificate& cert, bool bytes) {
  Printer p(cert.der(), bytes);
  const auto fp = cert.fingerprint_sha256();
  p.text(fmt::format("Certificate: {} bytes of DER, SHA-256 fingerprint {}\n", cert.der().size(),
                     colon_hex(ByteView(fp.data(), fp.size()), 32)));
  p.text(
      "  A certificate is a statement signed by an issuer (a CA): \"this public key belongs to "
      "this\n"
      "  subject, for these purposes, during this time\" (RFC 5280 §4.1).\n");
  p.field(1, "tbsCertificate", "", cert.tbs_range(),
          "the \"to be signed\" part: every field below, which the issuer's signature covers");
  p.field(2, "version", fmt::format("v{}", cert.version()), {},
          "v3 is the version with extensions (RFC 5280 §4.1.2.1)");
  p.field(2, "serialNumber", colon_hex(cert.serial()), cert.serial_range(),
          "unique among the issuer's certificates; CAs choose it at random (RFC 5280 §4.1.2.2)");
  p.field(2, "signature",
          std::string(x509::signature_algorithm_name(cert.tbs_signature_algorithm().algorithm)),
          cert.tbs_signature_algorithm().range,
          "the algorithm the issuer signed with; must equal signatureAlgorithm below (RFC 5280 "
          "§4.1.2.3)");
  p.field(2, "issuer", cert.issuer().to_string(), cert.issuer().range,
          cert.is_self_issued()
              ? "who signed it: the same name as the subject, so this is self-issued "
                "(a root CA, when the key matches too) (RFC 5280 §4.1.2.4)"
              : "who signed it: a verifier looks for a CA certificate whose subject is this "
                "name (RFC 5280 §4.1.2.4)");
  p.field(
      2, "validity", "", cert.validity().range,
      "the certificate is valid from notBefore to notAfter, both inclusive (RFC 5280 §4.1.2.5)");
  p.field(3, "notBefore", x509::format_time(cert.validity().not_before), {});
  p.field(3, "notAfter", x509::format_time(cert.validity().not_after), {});
  p.field(
      2, "subject", cert.subject().to_string(), cert.subject().range,
      "who the certificate is about; for TLS servers the names that count are in subjectAltName "
      "(RFC 5280 §4.1.2.6)");
  p.field(
      2, "subjectPublicKeyInfo", cert.public_key().describe(), cert.public_key().range,
      "the subject's public key: the holder of the matching private key can sign with it, and that "
      "is what a TLS peer proves in the handshake (RFC 5280 §4.1.2.7)");
  const auto& exts = cert.extensions().all;
  if (!exts.empty()) {
    p.field(
        2, "extensions", fmt::format("{}", exts.size()), {},
        "extra rules; a verifier must reject a certificate with a critical extension it does not "
        "understand (RFC 5280 §4.2)");
    for (const auto& ext : exts) explain_extension(p, cert, ext);
  }
  p.field(1, "signatureAlgorithm",
          std::string(x509::signature_algorithm_name(cert.signature_algorithm().algorithm)),
          cert.signature_algorithm().range, "how signatureValue was made (RFC 5280 §4.1.1.2)");
  p.field(1, "signatureValue",
          fmt::format("{} bytes: {}", cert.signature().size(), colon_hex(cert.signature(), 24)),
          cert.signature_range(),
          "the issuer's signature over the tbsCertificate bytes; checking it with the issuer's "
          "public key "
          "proves the issuer made this statement (RFC 5280 §4.1.1.3)");
  return p.take();
}

}  // namespace glasstls::tools
