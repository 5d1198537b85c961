// Private keys in their three DER shapes: reading them, writing PKCS#8, generating.
//
//   PKCS#8 (RFC 5958 §2, the successor of RFC 5208 §5):
//     OneAsymmetricKey ::= SEQUENCE {
//       version                   Version,             -- v1(0), v2(1)
//       privateKeyAlgorithm       AlgorithmIdentifier,
//       privateKey                OCTET STRING,        -- the key's own DER
//       attributes            [0] Attributes OPTIONAL,
//       ...,
//       [[2: publicKey        [1] IMPLICIT BIT STRING OPTIONAL ]] }
//   PKCS#1 (RFC 8017 A.1.2):
//     RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv,
//                                  otherPrimeInfos OPTIONAL }
//   SEC1 (RFC 5915 §3):
//     ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) },
//       privateKey OCTET STRING, parameters [0] ECParameters OPTIONAL,
//       publicKey [1] BIT STRING OPTIONAL }
//   Ed25519 inside PKCS#8 (RFC 8410 §7): CurvePrivateKey ::= OCTET STRING.
//
// The three are told apart by what follows the version INTEGER: a SEQUENCE
// (PKCS#8's AlgorithmIdentifier), an INTEGER (PKCS#1's modulus) or an OCTET
// STRING (SEC1's privateKey).
//
// Signing is in private_key_sign.cpp.
//
// Secrets: component copies made here are wiped with crypto::ct::secure_wipe
// before they go out of scope; the DER a caller asks for is the caller's to wipe.
#include "x509/private_key.hpp"

#include "crypto/ct.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;
constexpr auto kIllegal = AlertDescription::illegal_parameter;
constexpr auto kUnsupported = AlertDescription::unsupported_certificate;

// A vector of secret bytes, wiped when it goes out of scope.
struct WipedBytes {
  Bytes bytes;
  ~WipedBytes() { crypto::ct::secure_wipe(bytes.data(), bytes.size()); }
};

crypto::EcCurve curve_of(KeyType t) {
  return t == KeyType::ec_p384 ? crypto::EcCurve::p384 : crypto::EcCurve::p256;
}
const Oid& curve_oid(crypto::EcCurve c) {
  return c == crypto::EcCurve::p384 ? oid::secp384r1 : oid::secp256r1;
}

// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo for each kind of key.
// RSA keys name their algorithm in the SPKI and in PKCS#8 alike.
void rsa_algorithm(DerWriter& alg, KeyType type, const std::optional<PssKeyParams>& pss) {
  if (type == KeyType::rsa_pss) {
    // RFC 4055 §3.1: id-RSASSA-PSS with its parameters, or none (no restriction).
    alg.oid(oid::rsassa_pss);
    if (pss) write_rsassa_pss_params(alg, *pss);
    return;
  }
  alg.oid(oid::rsa_encryption);
  alg.null();  // RFC 3279 §2.3.1: "the parameters field MUST have ASN.1 type NULL"
}

Bytes rsa_spki(const crypto::RsaPublicKey& k, KeyType type,
               const std::optional<PssKeyParams>& pss) {
  DerWriter w;
  w.sequence([&](DerWriter& spki) {
    spki.sequence([&](DerWriter& alg) { rsa_algorithm(alg, type, pss); });
    // RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    spki.bit_string_containing([&](DerWriter& bits) {
      bits.sequence([&](DerWriter& pub) {
        pub.unsigned_integer(k.n());
        pub.unsigned_integer(k.e());
      });
    });
  });
  return std::move(w).take();
}

Bytes ec_spki(const crypto::EcPublicKey& k) {
  DerWriter w;
  w.sequence([&](DerWriter& spki) {
    spki.sequence([&](DerWriter& alg) {
      alg.oid(oid::ec_public_key);
      alg.oid(curve_oid(k.curve()));  // RFC 5480 §2.1.1: namedCurve
    });
    spki.bit_string(k.encode_uncompressed());  // RFC 5480 §2.2: uncompressed MUST be supported
  });
  return std::move(w).take();
}

Bytes ed25519_spki(const crypto::ed25519::PublicKey& k) {
  DerWriter w;
  w.sequence([&](DerWriter& spki) {
    spki.sequence(
        [&](DerWriter& alg) { alg.oid(oid::ed25519); });  // RFC 8410 §3: parameters absent
    spki.bit_string(k);
  });
  return std::move(w).take();
}

}  // namespace

// Builds PrivateKey values; a friend, so parsing stays out of the public API.
struct PrivateKeyAccess {
  static PrivateKey make_rsa(crypto::RsaPrivateKey k, KeyType type = KeyType::rsa,
                             std::optional<PssKeyParams> pss = std::nullopt) {
    PrivateKey out;
    out.type_ = type;
    out.pss_ = pss;
    out.spki_der_ = rsa_spki(k.public_key(), type, pss);
    out.key_ = std::move(k);
    return out;
  }
  static PrivateKey make_ec(crypto::EcPrivateKey k) {
    PrivateKey out;
    out.type_ = k.curve() == crypto::EcCurve::p384 ? KeyType::ec_p384 : KeyType::ec_p256;
    out.spki_der_ = ec_spki(k.public_key());
    out.key_ = std::move(k);
    return out;
  }
  static PrivateKey make_ed25519(crypto::ed25519::SigningKey k) {
    PrivateKey out;
    out.type_ = KeyType::ed25519;
    out.spki_der_ = ed25519_spki(k.public_key());
    out.key_ = std::move(k);
    return out;
  }

  // RFC 8017 A.1.2, from just after the version.
  static Result<PrivateKey> rsa_after_version(DerReader& r, std::uint64_t version) {
    // RFC 8017 A.1.2: "It SHALL be 0 for this version of the document, unless
    // multi-prime is used; in which case, it SHALL be 1." GlassTLS's RSA is two-prime.
    // (The version was read by the caller, which chose this shape by what follows it.)
    if (version != 0)
      return make_error(kUnsupported,
                        "RFC 8017 A.1.2: multi-prime RSA keys (version 1) are not supported",
                        r.offset());
    ByteView c[8];
    for (auto& part : c) {
      auto v = r.read_unsigned_integer_bytes();
      if (!v) return v.error();
      part = *v;
    }
    if (auto end = r.expect_end("RFC 8017 A.1.2: RSAPrivateKey ends after coefficient (two-prime)");
        !end)
      return end.error();
    auto key =
        crypto::RsaPrivateKey::from_components(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    if (!key) return key.error();
    return make_rsa(std::move(*key));
  }

  // RFC 5915 §3, from just after the version. `curve` comes from PKCS#8's
  // AlgorithmIdentifier when there is one.
  static Result<PrivateKey> ec_after_version(DerReader& r, std::uint64_t version,
                                             std::optional<crypto::EcCurve> curve) {
    // RFC 5915 §3: "For this version of the document, it SHALL be set to
    // ecPrivkeyVer1, which is of type INTEGER and whose value is one (1)."
    if (version != 1)
      return make_error(kDecode, "RFC 5915 §3: ECPrivateKey version SHALL be ecPrivkeyVer1 (1)",
                        r.offset());
    const std::size_t d_at = r.offset();
    auto d = r.read_octet_string();
    if (!d) return d.error();
    if (r.next_is(tag::context_constructed(0))) {
      const std::size_t params_at = r.offset();
      auto params = r.read_constructed(tag::context_constructed(0));
      if (!params) return params.error();
      // RFC 5915 §3: "As specified in [RFC5480], only the namedCurve CHOICE is permitted."
      auto named = params->read_oid();
      if (!named) return named.error();
      std::optional<crypto::EcCurve> inner;
      if (*named == oid::secp256r1) inner = crypto::EcCurve::p256;
      if (*named == oid::secp384r1) inner = crypto::EcCurve::p384;
      if (!inner)
        return make_error(kUnsupported,
                          "GlassTLS supports the curves P-256 and P-384 only (RFC 5480 §2.1.1.1)",
                          params_at);
      if (curve && *curve != *inner)
        return make_error(kIllegal,
                          "RFC 5915 §3: parameters must name the curve of the AlgorithmIdentifier",
                          params_at);
      curve = inner;
    }
    // RFC 5915 §3: "implementations that conform to this document MUST always
    // include the parameters field" (inside PKCS#8 the AlgorithmIdentifier has them).
    if (!curve)
      return make_error(kDecode,
                        "RFC 5915 §3: an ECPrivateKey alone MUST name its curve (parameters [0])",
                        r.offset());
    // RFC 5915 §3: "privateKey is the private key. It is an octet string of
    // length ceiling (log2(n)/8) (where n is the order of the curve)"
    if (d->size() != crypto::ec_bytes(*curve))
      return make_error(kDecode, "RFC 5915 §3: privateKey is ceiling(log2(n)/8) octets long", d_at);
    auto key = crypto::EcPrivateKey::from_bytes(*curve, *d);
    if (!key) return make_error(key.error().alert, key.error().rule, d_at);
    if (r.next_is(tag::context_constructed(1))) {
      const std::size_t pub_at = r.offset();
      auto wrapper = r.read_constructed(tag::context_constructed(1));
      if (!wrapper) return wrapper.error();
      auto pub = wrapper->read_bit_string();
      if (!pub) return pub.error();
      // The public key, when present, must be the one d gives: a key file that
      // disagrees with itself is refused rather than trusted either way.
      const auto mine = key->public_key().encode_uncompressed();
      auto given = crypto::EcPublicKey::parse(*curve, pub->bytes);
      if (!given || given->encode_uncompressed() != mine)
        return make_error(kIllegal, "RFC 5915 §3: publicKey does not match privateKey", pub_at);
    }
    if (auto end = r.expect_end("RFC 5915 §3: unexpected field in ECPrivateKey"); !end)
      return end.error();
    return make_ec(std::move(*key));
  }

  // RFC 5958 §2, from just after the version.
  static Result<PrivateKey> pkcs8_after_version(DerReader& r, std::uint64_t version) {
    if (version > 1)
      return make_error(kDecode, "RFC 5958 §2: OneAsymmetricKey version is v1(0) or v2(1)",
                        r.offset());
    const std::size_t alg_at = r.offset();
    auto alg = r.read_sequence();
    if (!alg) return alg.error();
    auto algorithm = alg->read_oid();
    if (!algorithm) return algorithm.error();
    const std::size_t inner_at = r.offset();
    auto inner = r.read(tag::octet_string);
    if (!inner) return inner.error();
    // attributes [0] are skipped: nothing in them matters for signing.
    if (r.next_is(tag::context_constructed(0)))
      if (auto attrs = r.read_any(); !attrs) return attrs.error();
    std::optional<BitString> public_key;
    if (r.next_is(tag::context(1))) {
      // RFC 5958 §2: "If publicKey is present, then version is set to v2 else
      // version is set to v1."
      if (version != 1)
        return make_error(kDecode, "RFC 5958 §2: if publicKey is present, version is v2",
                          r.offset());
      auto pub = r.read_bit_string(tag::context(1));
      if (!pub) return pub.error();
      public_key = *pub;
    }
    if (auto end = r.expect_end("RFC 5958 §2: unexpected field in OneAsymmetricKey"); !end)
      return end.error();

    DerReader key_reader(inner->contents, inner->value_range.offset, r.depth() + 1);
    Result<PrivateKey> key =
        make_error(kUnsupported,
                   "GlassTLS reads RSA, EC (P-256, P-384) and Ed25519 private keys only", alg_at);
    if (*algorithm == oid::rsa_encryption || *algorithm == oid::rsassa_pss) {
      std::optional<PssKeyParams> pss;
      if (*algorithm == oid::rsa_encryption) {
        // RFC 3279 §2.3.1 NULL parameters (absent tolerated, as in RFC 4055 §2.1).
        if (alg->next_is(tag::null))
          if (auto null = alg->read_null(); !null) return null.error();
      } else if (!alg->empty()) {
        // RFC 4055 §3.1: id-RSASSA-PSS parameters absent, or RSASSA-PSS-params.
        auto params = parse_rsassa_pss_params(*alg);
        if (!params) return params.error();
        pss = *params;
      }
      if (auto end = alg->expect_end("RFC 3279 §2.3.1 / RFC 4055 §3.1: RSA key parameters"); !end)
        return end.error();
      auto seq = key_reader.read_sequence();
      if (!seq) return seq.error();
      auto v = seq->read_small_unsigned();
      if (!v) return v.error();
      key = rsa_after_version(*seq, *v);
      if (key && *algorithm == oid::rsassa_pss)
        key =
            make_rsa(std::move(std::get<crypto::RsaPrivateKey>(key->key_)), KeyType::rsa_pss, pss);
    } else if (*algorithm == oid::ec_public_key) {
      const std::size_t curve_at = alg->offset();
      auto named = alg->read_oid();
      if (!named) return named.error();
      if (auto end =
              alg->expect_end("RFC 5480 §2.1.1: id-ecPublicKey parameters are one namedCurve");
          !end)
        return end.error();
      std::optional<crypto::EcCurve> curve;
      if (*named == oid::secp256r1) curve = crypto::EcCurve::p256;
      if (*named == oid::secp384r1) curve = crypto::EcCurve::p384;
      if (!curve)
        return make_error(kUnsupported,
                          "GlassTLS supports the curves P-256 and P-384 only (RFC 5480 §2.1.1.1)",
                          curve_at);
      auto seq = key_reader.read_sequence();
      if (!seq) return seq.error();
      auto v = seq->read_small_unsigned();
      if (!v) return v.error();
      key = ec_after_version(*seq, *v, curve);
    } else if (*algorithm == oid::ed25519) {
      // RFC 8410 §3: "For all of the OIDs, the parameters MUST be absent."
      if (auto end =
              alg->expect_end("RFC 8410 §3: Ed25519 AlgorithmIdentifier parameters MUST be absent");
          !end)
        return end.error();
      // RFC 8410 §7: "CurvePrivateKey ::= OCTET STRING" inside the privateKey
      // OCTET STRING; for Ed25519 it is the 32-octet RFC 8032 private key.
      auto seed = key_reader.read_octet_string();
      if (!seed) return seed.error();
      if (seed->size() != 32)
        return make_error(kDecode, "RFC 8410 §7: an Ed25519 private key is 32 octets", inner_at);
      key = make_ed25519(crypto::ed25519::SigningKey::from_seed(
          std::span<const std::uint8_t, 32>(seed->data(), 32)));
    }
    if (!key) return key;
    if (auto end =
            key_reader.expect_end("RFC 5958 §2: trailing bytes after the privateKey contents");
        !end)
      return end.error();
    if (public_key) {
      // RFC 5958 §2 publicKey: checked against the public half of the private key.
      auto spki = key->public_key();
      if (!spki) return spki.error();
      if (!std::equal(public_key->bytes.begin(), public_key->bytes.end(), spki->key_bytes.begin(),
                      spki->key_bytes.end()))
        return make_error(kIllegal, "RFC 5958 §2: publicKey does not match privateKey", inner_at);
    }
    return key;
  }
};

Result<PrivateKey> PrivateKey::generate(KeyType type, std::size_t rsa_bits, crypto::Rng& rng) {
  switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss: {
      auto k = crypto::RsaPrivateKey::generate(rng, rsa_bits);
      if (!k) return k.error();
      return PrivateKeyAccess::make_rsa(std::move(*k), type);
    }
    case KeyType::ec_p256:
    case KeyType::ec_p384:
      return PrivateKeyAccess::make_ec(crypto::EcPrivateKey::generate(curve_of(type), rng));
    case KeyType::ed25519:
      return PrivateKeyAccess::make_ed25519(crypto::ed25519::SigningKey::generate(rng));
  }
  return make_error(AlertDescription::internal_error, "unknown key type");
}

Result<PrivateKey> PrivateKey::generate(std::string_view spec, crypto::Rng& rng) {
  if (spec == "rsa2048") return generate(KeyType::rsa, 2048, rng);
  if (spec == "rsa3072") return generate(KeyType::rsa, 3072, rng);
  if (spec == "rsa4096") return generate(KeyType::rsa, 4096, rng);
  if (spec == "rsa-pss2048") return generate(KeyType::rsa_pss, 2048, rng);
  if (spec == "rsa-pss3072") return generate(KeyType::rsa_pss, 3072, rng);
  if (spec == "rsa-pss4096") return generate(KeyType::rsa_pss, 4096, rng);
  if (spec == "p256") return generate(KeyType::ec_p256, 0, rng);
  if (spec == "p384") return generate(KeyType::ec_p384, 0, rng);
  if (spec == "ed25519") return generate(KeyType::ed25519, 0, rng);
  return make_error(AlertDescription::illegal_parameter,
                    "key type must be rsa2048, rsa3072, rsa4096, rsa-pss2048, rsa-pss3072, "
                    "rsa-pss4096, p256, p384 or ed25519");
}

PrivateKey PrivateKey::from_rsa(crypto::RsaPrivateKey key) {
  return PrivateKeyAccess::make_rsa(std::move(key));
}

Result<PrivateKey> PrivateKey::parse_der(ByteView der) {
  auto whole = parse_single(der, tag::sequence);
  if (!whole) return whole.error();
  DerReader root(der);
  auto r = root.read_sequence();
  if (!r) return r.error();
  auto version = r->read_small_unsigned();
  if (!version) return version.error();
  if (r->next_is(tag::sequence)) return PrivateKeyAccess::pkcs8_after_version(*r, *version);
  if (r->next_is(tag::integer)) return PrivateKeyAccess::rsa_after_version(*r, *version);
  if (r->next_is(tag::octet_string))
    return PrivateKeyAccess::ec_after_version(*r, *version, std::nullopt);
  return make_error(
      kDecode,
      "not a private key: expected PKCS#8 (RFC 5958), PKCS#1 (RFC 8017 A.1.2) or SEC1 (RFC 5915)",
      r->offset());
}

Result<PrivateKey> PrivateKey::parse_pem(std::string_view pem) {
  auto blocks = pem_decode_all(pem);
  if (!blocks) return blocks.error();
  // Every decoded block is wiped on the way out, whichever one holds the key.
  struct WipeBlocks {
    std::vector<PemBlock>& blocks;
    ~WipeBlocks() {
      for (auto& b : blocks) crypto::ct::secure_wipe(b.der.data(), b.der.size());
    }
  } wipe{*blocks};
  for (const auto& block : *blocks) {
    // `openssl ecparam -genkey` writes an "EC PARAMETERS" block first.
    if (block.label == "EC PARAMETERS") continue;
    if (block.label == "ENCRYPTED PRIVATE KEY")
      return make_error(
          kUnsupported,
          "RFC 5958 §3: encrypted private keys are not supported; decrypt the key first with "
          "`openssl pkey -in key.pem -out plain.pem`",
          block.offset);
    if (block.label != "PRIVATE KEY" && block.label != "RSA PRIVATE KEY" &&
        block.label != "EC PRIVATE KEY")
      return pem_unexpected_label(block.label, block.offset);
    // The label must say which of the three shapes the block holds.
    DerReader probe(block.der);
    auto seq = probe.read_sequence();
    if (!seq) return seq.error();
    if (auto v = seq->read_small_unsigned(); !v) return v.error();
    const bool shape_ok = block.label == "PRIVATE KEY"       ? seq->next_is(tag::sequence)
                          : block.label == "RSA PRIVATE KEY" ? seq->next_is(tag::integer)
                                                             : seq->next_is(tag::octet_string);
    if (!shape_ok)
      return make_error(
          kDecode,
          "RFC 7468 §10/§11: the PEM label does not match the key inside (PKCS#8, PKCS#1 or SEC1)",
          block.offset);
    return parse_der(block.der);
  }
  return make_error(kDecode, "RFC 7468 §10: no \"PRIVATE KEY\" block found");
}

Result<PublicKey> PrivateKey::public_key() const { return PublicKey::parse_der(spki_der_); }

Bytes PrivateKey::to_pkcs8_der() const {
  DerWriter w;
  w.sequence([&](DerWriter& info) {
    info.integer(0);  // RFC 5958 §2: v1, no publicKey field
    info.sequence([&](DerWriter& alg) {
      if (rsa()) {
        rsa_algorithm(alg, type_, pss_);
      } else if (const auto* e = ec()) {
        alg.oid(oid::ec_public_key);
        alg.oid(curve_oid(e->curve()));
      } else {
        alg.oid(oid::ed25519);
      }
    });
    info.octet_string_containing([&](DerWriter& inner) {
      if (const auto* k = rsa()) {
        WipedBytes d{k->d()}, p{k->p()}, q{k->q()}, dp{k->dp()}, dq{k->dq()}, qinv{k->qinv()};
        inner.sequence([&](DerWriter& s) {
          s.integer(0);
          s.unsigned_integer(k->public_key().n());
          s.unsigned_integer(k->public_key().e());
          for (const WipedBytes* part : {&d, &p, &q, &dp, &dq, &qinv})
            s.unsigned_integer(part->bytes);
        });
      } else if (const auto* e = ec()) {
        // RFC 5915 §3: "implementations that conform to this document MUST always
        // include the parameters field" (OpenSSL leaves them out inside PKCS#8;
        // both read either way) and "SHOULD always include the publicKey field".
        inner.sequence([&](DerWriter& s) {
          s.integer(1);
          s.octet_string(e->scalar().bytes());
          s.constructed(tag::context_constructed(0),
                        [&](DerWriter& p) { p.oid(curve_oid(e->curve())); });
          s.constructed(tag::context_constructed(1), [&](DerWriter& pub) {
            pub.bit_string(e->public_key().encode_uncompressed());
          });
        });
      } else {
        inner.octet_string(ed25519()->seed().bytes());  // RFC 8410 §7 CurvePrivateKey
      }
    });
  });
  return std::move(w).take();
}

crypto::SecretString PrivateKey::to_pkcs8_pem() const {
  WipedBytes der{to_pkcs8_der()};
  return crypto::SecretString(pem_encode("PRIVATE KEY", der.bytes));
}

}  // namespace glasstls::x509
