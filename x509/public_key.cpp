#include "x509/public_key.hpp"

#include "crypto/ecdsa.hpp"
#include "x509/sha1.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;
constexpr auto kUnsupported = AlertDescription::unsupported_certificate;

std::size_t bit_length(ByteView big_endian_minimal) {
  if (big_endian_minimal.empty()) return 0;
  std::size_t top = 0;
  for (std::uint8_t b = big_endian_minimal[0]; b != 0; b >>= 1) ++top;
  return (big_endian_minimal.size() - 1) * 8 + top;
}

// RFC 3279 §2.3.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
Result<crypto::RsaPublicKey> parse_rsa_key(ByteView bits, std::size_t at) {
  DerReader outer(bits, at);
  auto seq = outer.read_sequence();
  if (!seq) return seq.error();
  if (auto end = outer.expect_end("RFC 3279 §2.3.1: trailing bytes after RSAPublicKey"); !end)
    return end.error();
  auto n = seq->read_unsigned_integer_bytes();
  if (!n) return n.error();
  auto e = seq->read_unsigned_integer_bytes();
  if (!e) return e.error();
  if (auto end =
          seq->expect_end("RFC 3279 §2.3.1: RSAPublicKey is exactly modulus and publicExponent");
      !end)
    return end.error();
  const std::size_t nbits = bit_length(*n);
  if (nbits < crypto::kRsaMinLegacyBits || nbits > crypto::kRsaMaxBits)
    return make_error(kUnsupported, "GlassTLS limit: RSA keys must have 1024 to 4096 bits", at);
  auto key = crypto::RsaPublicKey::from_components(*n, *e);
  if (!key) {
    Error err = key.error();
    err.offset = at;
    return err;
  }
  return *key;
}

}  // namespace

std::string_view key_type_name(KeyType t) {
  switch (t) {
    case KeyType::rsa: return "RSA";
    case KeyType::rsa_pss: return "RSA-PSS";
    case KeyType::ec_p256: return "ECDSA P-256";
    case KeyType::ec_p384: return "ECDSA P-384";
    case KeyType::ed25519: return "Ed25519";
  }
  return "unknown";
}

Result<PublicKey> PublicKey::parse(DerReader& r) {
  // RFC 5280 §4.1.2.7: SubjectPublicKeyInfo ::= SEQUENCE {
  //   algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  auto whole = r.read(tag::sequence);
  if (!whole) return whole.error();
  auto spki = r.enter(*whole);
  if (!spki) return spki.error();
  auto alg = spki->read_sequence();
  if (!alg) return alg.error();
  const std::size_t alg_at = alg->offset();
  auto algorithm = alg->read_oid();
  if (!algorithm) return algorithm.error();
  const std::size_t bits_at = spki->offset();
  auto bits = spki->read_bit_string();
  if (!bits) return bits.error();
  if (auto end =
          spki->expect_end("RFC 5280 §4.1.2.7: SubjectPublicKeyInfo is exactly algorithm and key");
      !end)
    return end.error();
  if (bits->unused_bits != 0)
    return make_error(kDecode, "RFC 5280 §4.1.2.7: subjectPublicKey is a whole number of octets",
                      bits_at);

  PublicKey pk;
  pk.spki_der = whole->encoding;
  pk.range = whole->range;
  pk.key_bytes = bits->bytes;
  // Where the key's octets start (after the BIT STRING's unused-bits octet).
  const std::size_t key_at =
      whole->range.offset + static_cast<std::size_t>(bits->bytes.data() - whole->encoding.data());

  if (*algorithm == oid::rsa_encryption) {
    // RFC 3279 §2.3.1: "the parameters field MUST have ASN.1 type NULL for this
    // algorithm identifier." (Go and rustls-webpki insist on it too.)
    if (!alg->next_is(tag::null))
      return alg->error_here("RFC 3279 §2.3.1: rsaEncryption parameters MUST be NULL");
    if (auto null = alg->read_null(); !null) return null.error();
  } else if (*algorithm == oid::rsassa_pss) {
    // RFC 8446 §4.2.3 (rsa_pss_pss_*): "If the public key is carried in an
    // X.509 certificate, it MUST use the RSASSA-PSS OID [RFC5756]." RFC 4055
    // §3.1: the parameters are absent (no restriction) or RSASSA-PSS-params.
    if (!alg->empty()) {
      auto params = parse_rsassa_pss_params(*alg);
      if (!params) return params.error();
      pk.pss = *params;
    }
  }
  if (*algorithm == oid::rsa_encryption || *algorithm == oid::rsassa_pss) {
    if (auto end = alg->expect_end("RFC 3279 §2.3.1 / RFC 4055 §3.1: one parameters field after "
                                   "the RSA algorithm");
        !end)
      return end.error();
    auto key = parse_rsa_key(bits->bytes, key_at);
    if (!key) return key.error();
    pk.type = *algorithm == oid::rsa_encryption ? KeyType::rsa : KeyType::rsa_pss;
    pk.key = std::move(*key);
    return pk;
  }
  if (*algorithm == oid::ec_public_key) {
    // RFC 5480 §2.1.1: "ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER
    // -- implicitCurve NULL -- specifiedCurve SpecifiedECDomain }" and
    // "implicitCurve and specifiedCurve MUST NOT be used in PKIX".
    if (!alg->next_is(tag::oid))
      return make_error(kUnsupported, "RFC 5480 §2.1.1: EC keys must name their curve (namedCurve)",
                        alg->offset());
    auto curve_oid = alg->read_oid();
    if (!curve_oid) return curve_oid.error();
    if (auto end = alg->expect_end("RFC 5480 §2.1.1: id-ecPublicKey parameters are one namedCurve");
        !end)
      return end.error();
    crypto::EcCurve curve;
    if (*curve_oid == oid::secp256r1) {
      curve = crypto::EcCurve::p256;
      pk.type = KeyType::ec_p256;
    } else if (*curve_oid == oid::secp384r1) {
      curve = crypto::EcCurve::p384;
      pk.type = KeyType::ec_p384;
    } else {
      return make_error(kUnsupported,
                        "GlassTLS supports the curves P-256 and P-384 only (RFC 5480 §2.1.1.1)",
                        alg_at);
    }
    // RFC 5480 §2.2: the ECPoint is the SEC 1 §2.3.3 encoding (uncompressed MUST
    // be supported, compressed MAY: crypto accepts both).
    auto key = crypto::EcPublicKey::parse(curve, bits->bytes);
    if (!key) {
      Error err = key.error();
      err.offset = key_at;
      return err;
    }
    pk.key = *key;
    return pk;
  }
  if (*algorithm == oid::ed25519) {
    // RFC 8410 §3: "For all of the OIDs, the parameters MUST be absent."
    if (auto end =
            alg->expect_end("RFC 8410 §3: Ed25519 AlgorithmIdentifier parameters MUST be absent");
        !end)
      return end.error();
    // RFC 8410 §4: the key is the 32-octet RFC 8032 encoding.
    if (bits->bytes.size() != 32)
      return make_error(kDecode, "RFC 8410 §4: an Ed25519 public key is 32 octets", key_at);
    crypto::ed25519::PublicKey key{};
    std::copy(bits->bytes.begin(), bits->bytes.end(), key.begin());
    pk.type = KeyType::ed25519;
    pk.key = key;
    return pk;
  }
  return make_error(kUnsupported,
                    "GlassTLS supports RSA, ECDSA P-256/P-384 and Ed25519 public keys only",
                    alg_at);
}

Result<PublicKey> PublicKey::parse_der(ByteView spki) {
  DerReader r(spki);
  auto pk = parse(r);
  if (!pk) return pk.error();
  if (auto end = r.expect_end("X.690: trailing bytes after SubjectPublicKeyInfo"); !end)
    return end.error();
  return pk;
}

std::size_t PublicKey::bits() const {
  switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss: return std::get<crypto::RsaPublicKey>(key).bits();
    case KeyType::ec_p256: return 256;
    case KeyType::ec_p384: return 384;
    case KeyType::ed25519: return 256;
  }
  return 0;
}

std::string PublicKey::describe() const {
  if (!is_rsa_key(type)) return std::string(key_type_name(type));
  const auto& rsa = std::get<crypto::RsaPublicKey>(key);
  const auto e = rsa.e();
  std::string exponent = "large";
  if (e.size() <= 8) {
    std::uint64_t v = 0;
    for (const auto b : e) v = v << 8 | b;
    exponent = std::to_string(v);
  }
  std::string out = std::string(key_type_name(type))
                        .append(" ")
                        .append(std::to_string(rsa.bits()))
                        .append(" bits (e=")
                        .append(exponent)
                        .append(")");
  if (pss)
    out.append(", PSS with ")
        .append(crypto::name(pss->hash))
        .append(" only, salt >= ")
        .append(std::to_string(pss->salt_len));
  return out;
}

std::array<std::uint8_t, 20> PublicKey::key_identifier() const { return sha1(key_bytes); }

}  // namespace glasstls::x509
