// Issuing certificates (RFC 5280 §4.1, §4.2.1): the TBSCertificate is written
// field by field, signed with the CA key, and parsed back before it is handed out.
//
//   TBSCertificate  ::=  SEQUENCE  {
//        version         [0]  EXPLICIT Version DEFAULT v1,
//        serialNumber         CertificateSerialNumber,
//        signature            AlgorithmIdentifier,
//        issuer               Name,
//        validity             Validity,
//        subject              Name,
//        subjectPublicKeyInfo SubjectPublicKeyInfo,
//        extensions      [3]  EXPLICIT Extensions OPTIONAL }
#include "x509/ca.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "x509/name_builder.hpp"
#include "x509/path_checks.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kIllegal = AlertDescription::illegal_parameter;

struct ExtensionSpec {
  Oid oid;
  bool critical = false;
  Bytes value;  // the DER inside extnValue
};

// The fields of one certificate, before signing.
struct CertificateBuilder {
  Bytes serial;  // big-endian magnitude
  ByteView issuer;
  UnixTime not_before = 0, not_after = 0;
  ByteView subject;
  ByteView spki;
  std::vector<ExtensionSpec> extensions;

  Result<Certificate> sign(const PrivateKey& issuer_key, crypto::Rng& rng) const {
    const SignatureAlgorithm scheme = issuer_key.default_signature_algorithm();
    auto alg = issuer_key.algorithm_identifier(scheme);
    if (!alg) return alg.error();
    DerWriter tbs;
    tbs.sequence([&](DerWriter& t) {
      // RFC 5280 §4.1.2.1: "When extensions are used, as required by this
      // profile, version MUST be 3 (value is 2)."
      t.constructed(tag::context_constructed(0), [](DerWriter& v) { v.integer(2); });
      t.unsigned_integer(serial);
      // RFC 5280 §4.1.2.3: "This field MUST contain the same algorithm
      // identifier as the signatureAlgorithm field in the sequence Certificate"
      t.raw(*alg);
      t.raw(issuer);
      t.sequence([&](DerWriter& validity) {
        validity.time(not_before);
        validity.time(not_after);
      });
      t.raw(subject);
      t.raw(spki);
      t.constructed(tag::context_constructed(3), [&](DerWriter& wrapper) {
        wrapper.sequence([&](DerWriter& exts) {
          for (const auto& e : extensions)
            exts.sequence([&](DerWriter& ext) {
              ext.oid(e.oid);
              if (e.critical) ext.boolean(true);  // X.690 §11.5: DEFAULT FALSE is left out
              ext.octet_string(e.value);
            });
        });
      });
    });
    auto sig = issuer_key.sign(scheme, tbs.view(), rng);
    if (!sig) return sig.error();
    DerWriter cert;
    cert.sequence([&](DerWriter& c) {
      c.raw(tbs.view());
      c.raw(*alg);
      c.bit_string(*sig);
    });
    return Certificate::parse(cert.view());
  }
};

// RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer assigned by
// the CA to each certificate. It MUST be unique for each certificate issued by
// a given CA" and "CAs MUST NOT use serialNumber values longer than 20 octets."
// 128 random bits with the top bit cleared: positive, 16 octets, never zero.
Bytes random_serial(crypto::Rng& rng) {
  Bytes serial(16);
  do {
    rng.fill(serial);
    serial[0] &= 0x7f;
  } while (std::all_of(serial.begin(), serial.end(), [](std::uint8_t b) { return b == 0; }));
  return serial;
}

// RFC 5280 §4.2.1.9: BasicConstraints ::= SEQUENCE {
//   cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
ExtensionSpec basic_constraints(bool ca, std::optional<std::uint64_t> path_len) {
  DerWriter w;
  w.sequence([&](DerWriter& bc) {
    if (ca) bc.boolean(true);
    if (path_len) bc.integer(static_cast<std::int64_t>(*path_len));
  });
  // RFC 5280 §4.2.1.9: "Conforming CAs MUST include this extension in all CA
  // certificates ... and MUST mark the extension as critical in such certificates."
  return {oid::basic_constraints, true, std::move(w).take()};
}

// RFC 5280 §4.2.1.3: KeyUsage ::= BIT STRING, a NamedBitList, so DER drops the
// trailing zero bits (X.690 §11.2.2).
ExtensionSpec key_usage(std::initializer_list<KeyUsageBit> bits) {
  unsigned mask = 0, highest = 0;
  for (const auto b : bits) {
    mask |= 1u << static_cast<unsigned>(b);
    highest = std::max(highest, static_cast<unsigned>(b));
  }
  Bytes octets(highest / 8 + 1, 0);
  for (unsigned i = 0; i <= highest; ++i)
    if (mask >> i & 1) octets[i / 8] = static_cast<std::uint8_t>(octets[i / 8] | (0x80 >> (i % 8)));
  DerWriter w;
  w.bit_string(octets, static_cast<std::uint8_t>(7 - highest % 8));
  // RFC 5280 §4.2.1.3: "When present, conforming CAs SHOULD mark this extension as critical."
  return {oid::key_usage, true, std::move(w).take()};
}

// RFC 5280 §4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
ExtensionSpec ext_key_usage(const Oid& purpose) {
  DerWriter w;
  w.sequence([&](DerWriter& s) { s.oid(purpose); });
  return {oid::ext_key_usage, false, std::move(w).take()};
}

// RFC 5280 §4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)
ExtensionSpec subject_key_id(ByteView id) {
  DerWriter w;
  w.octet_string(id);
  return {oid::subject_key_identifier, false, std::move(w).take()};
}

// RFC 5280 §4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE {
//   keyIdentifier [0] KeyIdentifier OPTIONAL, ... }
ExtensionSpec authority_key_id(ByteView id) {
  DerWriter w;
  w.sequence([&](DerWriter& s) { s.element(tag::context(0), id); });
  return {oid::authority_key_identifier, false, std::move(w).take()};
}

// A server certificate's subjectAltName, made to agree with its Common Name.
// CA/B Forum BR §7.1.4.3: "If present, this attribute MUST contain exactly one
// entry that is one of the values contained in the Certificate's
// subjectAltName extension". As ACME CAs do (Let's Encrypt counts the CN as one
// more requested name), a CN naming a host — a DNS name or an IP address —
// that the request's subjectAltName leaves out is added to it, last; a CN that
// names no host ("My Web Server") can be no SAN value, so it is refused.
struct ServerAltNames {
  Bytes der;           // GeneralNames: the request's own bytes when nothing was added
  bool added = false;  // the Common Name was appended
};

bool host_name_characters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '*' || c == ':';
  });
}

// The contents of a GeneralNames SEQUENCE (its GeneralName elements, as DER).
Result<ByteView> general_name_elements(ByteView general_names) {
  auto seq = parse_single(general_names, tag::sequence);
  if (!seq) return seq.error();
  return seq->contents;
}

Result<ServerAltNames> server_alt_names(const CertificationRequest& csr) {
  const Extensions& requested = csr.requested_extensions();
  const Extension* san = requested.find(oid::subject_alt_name);
  ServerAltNames out{san ? Bytes(san->value.begin(), san->value.end()) : Bytes{}, false};
  const std::vector<std::string> cns = csr.subject().values(oid::common_name);
  if (cns.empty()) return out;
  if (cns.size() > 1)
    return make_error(kIllegal,
                      "CA/B Forum BR §7.1.4.3: a server certificate's Common Name \"MUST contain "
                      "exactly one entry\"; the request's subject has more than one");
  const std::string& cn = cns.front();
  std::vector<std::uint8_t> ip;
  const bool is_ip = parse_ip(cn, ip);
  // build_general_names checks a DNS name's RFC 1034 §3.5 syntax; characters
  // no host name has (spaces, ',', Unicode, ...) are refused before.
  auto cn_name = host_name_characters(cn)
                     ? build_general_names(std::string(is_ip ? "IP:" : "DNS:") + cn)
                     : Result<Bytes>(Error{});
  if (!cn_name)
    return make_error(kIllegal,
                      "CA/B Forum BR §7.1.4.3: a server certificate's Common Name must be one of "
                      "its subjectAltName values, so a DNS name or an IP address; this one is "
                      "neither: put the host name in CN, or leave the CN out");
  // Listed means written the same; a CN that differs from its SAN entry only
  // in letter case is added, and the issued certificate's own check refuses it.
  const auto& sans = requested.subject_alt_names;
  const bool listed =
      sans && std::any_of(sans->begin(), sans->end(), [&](const GeneralName& g) {
        return is_ip ? g.kind == GeneralNameKind::ip_address && std::ranges::equal(g.bytes, ip)
                     : g.kind == GeneralNameKind::dns_name && g.text == cn;
      });
  if (listed) return out;
  if (out.der.empty()) return ServerAltNames{std::move(*cn_name), true};
  auto asked = general_name_elements(out.der);
  auto added = general_name_elements(*cn_name);
  if (!asked) return asked.error();
  if (!added) return added.error();
  DerWriter w;
  w.sequence([&](DerWriter& names) {
    names.raw(*asked);
    names.raw(*added);
  });
  return ServerAltNames{std::move(w).take(), true};
}

Result<void> check_validity(UnixTime not_before, UnixTime not_after) {
  if (not_after < not_before)
    return make_error(kIllegal, "RFC 5280 §4.1.2.5: notAfter must not be before notBefore");
  return success();
}

}  // namespace

std::string_view profile_name(Profile p) {
  switch (p) {
    case Profile::server: return "server";
    case Profile::client: return "client";
    case Profile::intermediate: return "intermediate";
  }
  return "unknown";
}

Result<CertificateAuthority> CertificateAuthority::create_root(PrivateKey key, ByteView subject_der,
                                                               UnixTime not_before,
                                                               UnixTime not_after,
                                                               crypto::Rng& rng) {
  if (auto v = check_validity(not_before, not_after); !v) return v.error();
  // RFC 5280 §4.1.2.6: "If the subject is a CA ... the subject field MUST be
  // populated with a non-empty distinguished name"
  if (subject_der.size() <= 2)
    return make_error(kIllegal,
                      "RFC 5280 §4.1.2.6: a CA's subject MUST be a non-empty distinguished name");
  auto pub = key.public_key();
  if (!pub) return pub.error();
  const auto ski = pub->key_identifier();
  CertificateBuilder b;
  b.serial = random_serial(rng);
  b.issuer = subject_der;  // self-signed: issuer = subject
  b.subject = subject_der;
  b.not_before = not_before;
  b.not_after = not_after;
  b.spki = key.spki_der();
  b.extensions.push_back(basic_constraints(true, std::nullopt));
  b.extensions.push_back(key_usage({KeyUsageBit::key_cert_sign, KeyUsageBit::crl_sign}));
  // RFC 5280 §4.2.1.2: "this extension MUST appear in all conforming CA certificates"
  b.extensions.push_back(subject_key_id(ski));
  auto cert = b.sign(key, rng);
  if (!cert) return cert.error();
  return CertificateAuthority(std::move(*cert), std::move(key));
}

Result<CertificateAuthority> CertificateAuthority::from(Certificate certificate, PrivateKey key) {
  const ByteView mine = key.spki_der();
  const ByteView theirs = certificate.public_key().spki_der;
  if (!std::equal(mine.begin(), mine.end(), theirs.begin(), theirs.end()))
    return make_error(
        kIllegal,
        "the private key does not belong to the CA certificate (their public keys differ)");
  // RFC 5280 §4.2.1.9: "If the cA boolean is not asserted, then the keyCertSign
  // bit in the key usage extension MUST NOT be asserted."
  if (!certificate.is_ca())
    return make_error(
        AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.9: this certificate is not a CA (basicConstraints cA is not TRUE)");
  const auto& ku = certificate.extensions().key_usage;
  if (ku && !ku->has(KeyUsageBit::key_cert_sign))
    return make_error(AlertDescription::bad_certificate,
                      "RFC 5280 §4.2.1.3: this CA's keyUsage does not assert keyCertSign");
  return CertificateAuthority(std::move(certificate), std::move(key));
}

Result<Certificate> CertificateAuthority::issue(const CertificationRequest& csr, Profile profile,
                                                UnixTime not_before, UnixTime not_after,
                                                crypto::Rng& rng,
                                                std::optional<std::uint64_t> path_len) const {
  // Checked first so the refusal names the real reason (a small key's
  // signature would not verify either).
  if (is_rsa_key(csr.public_key().type) && csr.public_key().bits() < crypto::kRsaMinBits)
    return make_error(AlertDescription::insufficient_security,
                      "CA/Browser Forum Baseline Requirements §6.1.5: RSA keys under 2048 bits are "
                      "not certified");
  // RFC 2986 §3: the request is signed with the subject's private key; a CA
  // that skips this check would certify a key its requester may not hold.
  if (auto sig = csr.verify_signature(); !sig)
    return make_error(
        AlertDescription::decrypt_error,
        "RFC 2986 §3: the request's signature does not verify, so the requester has not "
        "proven it holds the private key; refusing to issue");
  if (auto v = check_validity(not_before, not_after); !v) return v.error();
  if (path_len && profile != Profile::intermediate)
    return make_error(kIllegal, "RFC 5280 §4.2.1.9: pathLenConstraint is only for CA certificates");

  const Extensions& requested = csr.requested_extensions();
  const Extension* san = requested.find(oid::subject_alt_name);
  ServerAltNames alt_names{san ? Bytes(san->value.begin(), san->value.end()) : Bytes{}, false};
  if (profile == Profile::server) {
    auto agreed = server_alt_names(csr);
    if (!agreed) return agreed.error();
    alt_names = std::move(*agreed);
    // RFC 9525 §6.4 (RFC 6125): clients match the server's DNS names or IP
    // addresses in subjectAltName only, never the CN; without one the
    // certificate is useless to a TLS client. A Common Name copied in is one.
    const bool has_host =
        alt_names.added ||
        (requested.subject_alt_names &&
         std::any_of(requested.subject_alt_names->begin(), requested.subject_alt_names->end(),
                     [](const GeneralName& g) {
                       return g.kind == GeneralNameKind::dns_name ||
                              g.kind == GeneralNameKind::ip_address;
                     }));
    if (!has_host)
      return make_error(
          kIllegal,
          "RFC 9525 §6.4: a server certificate needs a DNS or IP subjectAltName; add one to the "
          "request");
  }
  if (profile == Profile::intermediate) {
    // RFC 5280 §4.2.1.9: the issuing CA's own pathLenConstraint "gives the
    // maximum number of non-self-issued intermediate certificates that may
    // follow this certificate in a valid certification path".
    const auto& mine = certificate_.extensions().basic_constraints;
    if (mine && mine->path_len &&
        (*mine->path_len == 0 || (path_len && *path_len >= *mine->path_len)))
      return make_error(
          kIllegal,
          "RFC 5280 §4.2.1.9: this CA's pathLenConstraint does not allow an intermediate "
          "with that path length");
    if (csr.subject().empty())
      return make_error(kIllegal,
                        "RFC 5280 §4.1.2.6: a CA's subject MUST be a non-empty distinguished name");
  }
  if (csr.subject().empty() && !san)
    return make_error(kIllegal,
                      "RFC 5280 §4.1.2.6: with an empty subject, subjectAltName is required");

  // RFC 5280 §4.2.1.1: "The keyIdentifier field of the authorityKeyIdentifier
  // extension MUST be included in all certificates generated by conforming CAs"
  const auto computed_ski = certificate_.public_key().key_identifier();
  const auto& ca_ski = certificate_.extensions().subject_key_id;
  const ByteView aki = ca_ski ? *ca_ski : ByteView(computed_ski);
  const auto subject_ski = csr.public_key().key_identifier();

  CertificateBuilder b;
  b.serial = random_serial(rng);
  b.issuer = certificate_.subject().der;  // RFC 5280 §4.1.2.4: issuer = the signer's subject
  b.subject = csr.subject().der;
  b.not_before = not_before;
  b.not_after = not_after;
  b.spki = csr.public_key().spki_der;
  if (profile == Profile::intermediate) {
    b.extensions.push_back(basic_constraints(true, path_len));
    b.extensions.push_back(key_usage({KeyUsageBit::key_cert_sign, KeyUsageBit::crl_sign}));
  } else {
    // RFC 5280 §4.2.1.9: leaves may carry basicConstraints with cA FALSE; it is
    // written (critical) so no one can mistake them for a CA.
    b.extensions.push_back(basic_constraints(false, std::nullopt));
    // RFC 5246 §7.4.2: an RSA server key decrypts the premaster secret in the
    // TLS 1.2 RSA key exchange, hence keyEncipherment (not for an id-RSASSA-PSS
    // key, which only signs).
    if (profile == Profile::server && csr.public_key().type == KeyType::rsa)
      b.extensions.push_back(
          key_usage({KeyUsageBit::digital_signature, KeyUsageBit::key_encipherment}));
    else
      b.extensions.push_back(key_usage({KeyUsageBit::digital_signature}));
    // RFC 5280 §4.2.1.12: id-kp-serverAuth / id-kp-clientAuth "TLS WWW server /
    // client authentication".
    b.extensions.push_back(
        ext_key_usage(profile == Profile::server ? oid::kp_server_auth : oid::kp_client_auth));
  }
  if (!alt_names.der.empty()) {
    // RFC 5280 §4.2.1.6: "If the subject field contains an empty sequence,
    // then the issuing CA MUST include a subjectAltName extension that is
    // marked as critical."
    b.extensions.push_back({oid::subject_alt_name, csr.subject().empty(), alt_names.der});
  }
  b.extensions.push_back(subject_key_id(subject_ski));
  b.extensions.push_back(authority_key_id(aki));
  auto cert = b.sign(key_, rng);
  if (!cert || profile != Profile::server) return cert;
  // The issued certificate under the webpki profile's own Common Name rule
  // (path_checks.cpp), which also refuses what the names above let through: a
  // CN differing from its SAN entry in letter case, an IP address not in RFC
  // 5952 form, a legacy IPv4 spelling read as a DNS name.
  VerifyOptions webpki;
  webpki.purpose = Purpose::server;
  webpki.profile = ValidationProfile::webpki;
  if (auto problem = check_leaf_issuance(*cert, webpki))
    return make_error(kIllegal, problem->error.rule);
  return cert;
}

}  // namespace glasstls::x509
