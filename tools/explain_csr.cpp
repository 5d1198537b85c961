// `glasstls csr show`: a PKCS #10 request, field by field, explained.
#include "tools/explain_csr.hpp"

#include <fmt/core.h>

#include "tools/explain.hpp"

namespace glasstls::tools {

std::string explain_csr(const x509::CertificationRequest& csr, bool bytes) {
  std::string out;
  auto where = [&](const x509::ByteRange& r) {
    if (!bytes || r.length == 0) return;
    const auto der = csr.der();
    out += fmt::format(
        "      bytes {}..{} ({} bytes): {}\n", r.offset, r.offset + r.length, r.length,
        colon_hex(der.subspan(r.offset, std::min(r.length, der.size() - r.offset)), 16));
  };
  out += fmt::format("Certificate signing request (PKCS #10, RFC 2986): {} bytes of DER\n",
                     csr.der().size());
  out +=
      "  The key owner asks a CA for a certificate: \"put this name and this public key in a\n"
      "  certificate\". The owner signs the request with the private key, which proves to the CA\n"
      "  that the requester holds that key (proof of possession, RFC 2986 §3). The private key\n"
      "  itself never leaves its owner.\n";
  out += "  certificationRequestInfo (the signed part)\n";
  where(csr.info_range());
  out += fmt::format("    subject: {}\n", csr.subject().to_string());
  where(csr.subject().range);
  out += "      - the name to certify; the CA decides whether to accept it (RFC 2986 §4.1)\n";
  out += fmt::format("    subjectPublicKeyInfo: {}\n", csr.public_key().describe());
  where(csr.public_key().range);
  out += "      - the public key the certificate will carry (RFC 2986 §4.1)\n";
  const auto& ext = csr.requested_extensions();
  out += "    attributes: extensionRequest\n";
  where(csr.attributes_range());
  if (ext.subject_alt_names) {
    std::string names;
    for (const auto& n : *ext.subject_alt_names)
      names += (names.empty() ? "" : ", ") + n.to_string();
    out += fmt::format("      subjectAltName: {}\n", names);
    out +=
        "      - the identities asked for; a CA copies them only after checking the requester\n"
        "        controls them (RFC 2985 §5.4.2, RFC 5280 §4.2.1.6)\n";
  } else {
    out += "      (no subjectAltName requested)\n";
  }
  for (const auto& e : ext.all)
    if (e.oid != x509::oid::subject_alt_name)
      out += fmt::format("      {}{}\n", x509::oid_display(e.oid), e.critical ? " (critical)" : "");
  out += fmt::format("  signatureAlgorithm: {}\n",
                     x509::signature_algorithm_name(csr.signature_algorithm().algorithm));
  where(csr.signature_algorithm().range);
  out += fmt::format("  signature: {} bytes: {}\n", csr.signature().size(),
                     colon_hex(csr.signature(), 24));
  where(csr.signature_range());
  const auto check = csr.verify_signature();
  out += check ? "  signature check: VALID — made with the private key of the public key above\n"
               : fmt::format("  signature check: INVALID ({}) — a CA must refuse this request\n",
                             check.error().describe());
  return out;
}

}  // namespace glasstls::tools
