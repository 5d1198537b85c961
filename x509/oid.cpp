#include "x509/oid.hpp"

#include <vector>

namespace glasstls::x509 {

std::optional<Oid> Oid::from_contents(std::span<const std::uint8_t> der_contents) {
  if (der_contents.size() > kMaxBytes) return std::nullopt;
  Oid o;
  o.size_ = der_contents.size();
  std::copy(der_contents.begin(), der_contents.end(), o.bytes_.begin());
  return o;
}

// Arcs can be any size (UUID arcs under 2.25 have 128 bits), so they are kept
// as unsigned numbers in base 10^9 limbs, least significant first.
namespace {

using Limbs = std::vector<std::uint32_t>;
constexpr std::uint32_t kBase = 1000000000;

void mul_add(Limbs& n, std::uint32_t mul, std::uint32_t add) {
  std::uint64_t carry = add;
  for (auto& limb : n) {
    const std::uint64_t v = std::uint64_t{limb} * mul + carry;
    limb = static_cast<std::uint32_t>(v % kBase);
    carry = v / kBase;
  }
  while (carry != 0) {
    n.push_back(static_cast<std::uint32_t>(carry % kBase));
    carry /= kBase;
  }
}

// n /= divisor; returns the remainder.
std::uint32_t div_small(Limbs& n, std::uint32_t divisor) {
  std::uint64_t rem = 0;
  for (std::size_t i = n.size(); i-- > 0;) {
    const std::uint64_t v = rem * kBase + n[i];
    n[i] = static_cast<std::uint32_t>(v / divisor);
    rem = v % divisor;
  }
  while (!n.empty() && n.back() == 0) n.pop_back();
  return static_cast<std::uint32_t>(rem);
}

std::string to_decimal(const Limbs& n) {
  if (n.empty()) return "0";
  std::string s = std::to_string(n.back());
  for (std::size_t i = n.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(n[i]);
    s.append(9 - part.size(), '0');
    s += part;
  }
  return s;
}

// n -= v, for n >= v.
void sub_small(Limbs& n, std::uint32_t v) {
  std::uint32_t borrow = v;
  for (auto& limb : n) {
    if (limb >= borrow) {
      limb -= borrow;
      borrow = 0;
      break;
    }
    limb = limb + kBase - borrow;
    borrow = 1;
  }
  while (!n.empty() && n.back() == 0) n.pop_back();
}

// A small value (< 10^9) or nullopt when larger.
std::optional<std::uint32_t> small_value(const Limbs& n) {
  if (n.size() > 1) return std::nullopt;
  return n.empty() ? 0 : n[0];
}

// Appends the subidentifier `n` in base 128, most significant group first,
// every group but the last with the continuation bit (X.690 §8.19.2).
void append_base128(Limbs n, std::vector<std::uint8_t>& out) {
  std::vector<std::uint8_t> groups;
  do {
    groups.push_back(static_cast<std::uint8_t>(div_small(n, 128)));
  } while (!n.empty());
  for (std::size_t i = groups.size(); i-- > 0;)
    out.push_back(static_cast<std::uint8_t>(groups[i] | (i != 0 ? 0x80 : 0)));
}

}  // namespace

std::optional<Oid> Oid::from_dotted(std::string_view dotted) {
  std::vector<Limbs> arcs;
  std::size_t p = 0;
  while (p <= dotted.size()) {
    const std::size_t dot = std::min(dotted.find('.', p), dotted.size());
    const std::string_view arc = dotted.substr(p, dot - p);
    // Each arc is a plain decimal number: no sign, no leading zeros ("1.02").
    if (arc.empty() || (arc.size() > 1 && arc[0] == '0')) return std::nullopt;
    Limbs n;
    for (const char c : arc) {
      if (c < '0' || c > '9') return std::nullopt;
      mul_add(n, 10, static_cast<std::uint32_t>(c - '0'));
    }
    arcs.push_back(std::move(n));
    p = dot + 1;
  }
  // X.690 §8.19.4: the first two arcs share one subidentifier, (X * 40) + Y,
  // with X in 0..2 and Y <= 39 unless X is 2.
  if (arcs.size() < 2) return std::nullopt;
  const auto x = small_value(arcs[0]);
  const auto y = small_value(arcs[1]);
  if (!x || *x > 2 || (*x < 2 && (!y || *y > 39))) return std::nullopt;
  Limbs first = arcs[1];
  mul_add(first, 1, *x * 40);
  std::vector<std::uint8_t> out;
  append_base128(std::move(first), out);
  for (std::size_t i = 2; i < arcs.size(); ++i) append_base128(arcs[i], out);
  return from_contents(out);
}

std::string Oid::dotted() const {
  std::string s;
  Limbs v;
  bool first = true;
  for (std::size_t i = 0; i < size_; ++i) {
    mul_add(v, 128, bytes_[i] & 0x7fu);
    if (bytes_[i] & 0x80) continue;
    if (first) {
      // X.690 §8.19.4: the first subidentifier is (X * 40) + Y.
      const auto small = small_value(v);
      const std::uint32_t x = small && *small < 40 ? 0 : small && *small < 80 ? 1 : 2;
      Limbs y = v;
      sub_small(y, 40 * x);
      s += std::to_string(x);
      s += '.';
      s += to_decimal(y);
      first = false;
    } else {
      s += '.';
      s += to_decimal(v);
    }
    v.clear();
  }
  return s;
}

namespace {

struct Entry {
  Oid oid;
  std::string_view name;
  std::string_view description;
};

constexpr Entry kRegistry[] = {
    {oid::rsa_encryption, "rsaEncryption", "an RSA public key (RFC 8017, RFC 3279 §2.3.1)"},
    {oid::rsassa_pss, "RSASSA-PSS", "RSA signatures with PSS padding (RFC 4055 §3.1)"},
    {oid::mgf1, "MGF1", "the PSS mask generation function (RFC 8017 B.2.1)"},
    {oid::sha256_with_rsa, "sha256WithRSAEncryption",
     "RSA PKCS#1 v1.5 signature over SHA-256 (RFC 4055 §5)"},
    {oid::sha384_with_rsa, "sha384WithRSAEncryption",
     "RSA PKCS#1 v1.5 signature over SHA-384 (RFC 4055 §5)"},
    {oid::sha512_with_rsa, "sha512WithRSAEncryption",
     "RSA PKCS#1 v1.5 signature over SHA-512 (RFC 4055 §5)"},
    {oid::sha1_with_rsa, "sha1WithRSAEncryption",
     "RSA PKCS#1 v1.5 over SHA-1: broken, not accepted (RFC 3279)"},
    {oid::ec_public_key, "id-ecPublicKey", "an elliptic-curve public key (RFC 5480 §2.1.1)"},
    {oid::ecdsa_with_sha256, "ecdsa-with-SHA256", "ECDSA signature over SHA-256 (RFC 5758 §3.2)"},
    {oid::ecdsa_with_sha384, "ecdsa-with-SHA384", "ECDSA signature over SHA-384 (RFC 5758 §3.2)"},
    {oid::ecdsa_with_sha512, "ecdsa-with-SHA512", "ECDSA signature over SHA-512 (RFC 5758 §3.2)"},
    {oid::ecdsa_with_sha1, "ecdsa-with-SHA1", "ECDSA over SHA-1: broken, not accepted (RFC 3279)"},
    {oid::secp256r1, "prime256v1", "the NIST P-256 curve (RFC 5480 §2.1.1.1)"},
    {oid::secp384r1, "secp384r1", "the NIST P-384 curve (RFC 5480 §2.1.1.1)"},
    {oid::secp521r1, "secp521r1", "the NIST P-521 curve (not supported by GlassTLS)"},
    {oid::ed25519, "Ed25519", "an Ed25519 key or signature (RFC 8410 §3)"},
    {oid::ed448, "Ed448", "an Ed448 key or signature (not supported by GlassTLS)"},
    {oid::sha1, "sha1", "the SHA-1 hash (RFC 3174): collisions are known"},
    {oid::sha256, "sha256", "the SHA-256 hash (FIPS 180-4)"},
    {oid::sha384, "sha384", "the SHA-384 hash (FIPS 180-4)"},
    {oid::sha512, "sha512", "the SHA-512 hash (FIPS 180-4)"},
    {oid::email_address, "emailAddress",
     "an e-mail address in a Name (PKCS #9; RFC 5280 prefers the SAN)"},
    {oid::extension_request, "extensionRequest",
     "extensions a CSR asks the CA to include (RFC 2985 §5.4.2)"},
    {oid::common_name, "CN", "commonName: a human-readable name (X.520)"},
    {oid::surname, "SN", "surname (X.520)"},
    {oid::serial_number, "serialNumber",
     "a serial number of the subject, not of the certificate (X.520)"},
    {oid::country_name, "C", "countryName: two-letter ISO 3166 code (X.520)"},
    {oid::locality_name, "L", "localityName: a city (X.520)"},
    {oid::state_or_province_name, "ST", "stateOrProvinceName (X.520)"},
    {oid::street_address, "street", "streetAddress (X.520)"},
    {oid::organization_name, "O", "organizationName (X.520)"},
    {oid::organizational_unit_name, "OU", "organizationalUnitName (X.520)"},
    {oid::title, "title", "title (X.520)"},
    {oid::given_name, "givenName", "givenName (X.520)"},
    {oid::domain_component, "DC", "domainComponent: one label of a DNS name (RFC 4519)"},
    {oid::user_id, "UID", "userId (RFC 4519)"},
    {oid::subject_key_identifier, "subjectKeyIdentifier",
     "identifies this certificate's public key, so children can point at it (RFC 5280 §4.2.1.2)"},
    {oid::key_usage, "keyUsage", "what the key may be used for (RFC 5280 §4.2.1.3)"},
    {oid::subject_alt_name, "subjectAltName",
     "the identities the certificate is for: DNS names, IP addresses, e-mail (RFC 5280 §4.2.1.6)"},
    {oid::issuer_alt_name, "issuerAltName", "other names of the issuer (RFC 5280 §4.2.1.7)"},
    {oid::basic_constraints, "basicConstraints",
     "whether this is a CA and how many CAs may follow below it (RFC 5280 §4.2.1.9)"},
    {oid::name_constraints, "nameConstraints",
     "the names a CA may issue for, and those it must not (RFC 5280 §4.2.1.10)"},
    {oid::crl_distribution_points, "cRLDistributionPoints",
     "where to fetch revocation lists (RFC 5280 §4.2.1.13)"},
    {oid::certificate_policies, "certificatePolicies",
     "the policies the certificate was issued under (RFC 5280 §4.2.1.4)"},
    {oid::policy_mappings, "policyMappings", "policy equivalences between CAs (RFC 5280 §4.2.1.5)"},
    {oid::authority_key_identifier, "authorityKeyIdentifier",
     "identifies the issuer's key, to find the right issuer (RFC 5280 §4.2.1.1)"},
    {oid::policy_constraints, "policyConstraints",
     "constraints on policy processing (RFC 5280 §4.2.1.11)"},
    {oid::ext_key_usage, "extKeyUsage",
     "the purposes the key is for: server, client, ... (RFC 5280 §4.2.1.12)"},
    {oid::inhibit_any_policy, "inhibitAnyPolicy", "limits anyPolicy (RFC 5280 §4.2.1.14)"},
    {oid::authority_info_access, "authorityInfoAccess",
     "where to find the issuer's certificate and OCSP (RFC 5280 §4.2.2.1)"},
    {oid::ct_precert_scts, "ctSCTList", "Certificate Transparency timestamps (RFC 6962 §3.3)"},
    {oid::any_extended_key_usage, "anyExtendedKeyUsage", "any purpose (RFC 5280 §4.2.1.12)"},
    {oid::kp_server_auth, "serverAuth", "TLS server authentication (RFC 5280 §4.2.1.12)"},
    {oid::kp_client_auth, "clientAuth", "TLS client authentication (RFC 5280 §4.2.1.12)"},
    {oid::kp_code_signing, "codeSigning", "signing code (RFC 5280 §4.2.1.12)"},
    {oid::kp_email_protection, "emailProtection", "S/MIME e-mail (RFC 5280 §4.2.1.12)"},
    {oid::kp_time_stamping, "timeStamping", "trusted timestamps (RFC 5280 §4.2.1.12)"},
    {oid::kp_ocsp_signing, "OCSPSigning", "signing OCSP responses (RFC 5280 §4.2.1.12)"},
    {oid::any_policy, "anyPolicy", "any policy (RFC 5280 §4.2.1.4)"},
};

const Entry* find(const Oid& o) {
  for (const auto& e : kRegistry)
    if (e.oid == o) return &e;
  return nullptr;
}

}  // namespace

std::string_view oid_name(const Oid& o) {
  const Entry* e = find(o);
  return e ? e->name : std::string_view{};
}

std::string oid_display(const Oid& o) {
  const Entry* e = find(o);
  return e ? std::string(e->name) : o.dotted();
}

std::string_view oid_description(const Oid& o) {
  const Entry* e = find(o);
  return e ? e->description : std::string_view{};
}

}  // namespace glasstls::x509
