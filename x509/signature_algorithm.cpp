// Signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2) and signature verification:
// which hash and padding an OID names, and the dispatch to crypto/.
#include "crypto/ecdsa.hpp"
#include "x509/public_key.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;
constexpr auto kUnsupported = AlertDescription::unsupported_certificate;

// RFC 4055 §2.1: a hash AlgorithmIdentifier; "implementations MUST accept
// both NULL and absent parameters as legal and equivalent encodings."
Result<crypto::HashId> parse_hash_algorithm(DerReader& r) {
  auto seq = r.read_sequence();
  if (!seq) return seq.error();
  const std::size_t at = seq->offset();
  auto o = seq->read_oid();
  if (!o) return o.error();
  if (seq->next_is(tag::null))
    if (auto null = seq->read_null(); !null) return null.error();
  if (auto end = seq->expect_end("RFC 4055 §2.1: hash parameters are NULL or absent"); !end)
    return end.error();
  if (*o == oid::sha256) return crypto::HashId::sha256;
  if (*o == oid::sha384) return crypto::HashId::sha384;
  if (*o == oid::sha512) return crypto::HashId::sha512;
  if (*o == oid::sha1)
    return make_error(kUnsupported, "GlassTLS does not accept SHA-1 in RSA-PSS (RFC 4055 §3.1)",
                      at);
  return make_error(kUnsupported, "RFC 4055 §3.1: RSA-PSS hash must be SHA-256, SHA-384 or SHA-512",
                    at);
}

SignatureAlgorithm pss_algorithm(crypto::HashId h) {
  switch (h) {
    case crypto::HashId::sha256: return SignatureAlgorithm::rsa_pss_sha256;
    case crypto::HashId::sha384: return SignatureAlgorithm::rsa_pss_sha384;
    case crypto::HashId::sha512: return SignatureAlgorithm::rsa_pss_sha512;
  }
  return SignatureAlgorithm::rsa_pss_sha256;
}

// RFC 4055 §3.1:
//   RSASSA-PSS-params ::= SEQUENCE {
//     hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
//     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
//     saltLength         [2] INTEGER DEFAULT 20,
//     trailerField       [3] INTEGER DEFAULT 1 }
// The defaults are SHA-1, which GlassTLS refuses, so hashAlgorithm and
// maskGenAlgorithm must be present.
}  // namespace

Result<PssKeyParams> parse_rsassa_pss_params(DerReader& alg) {
  PssKeyParams out;
  const std::size_t at = alg.offset();
  auto params = alg.read_sequence();
  if (!params) return params.error();
  if (!params->next_is(tag::context_constructed(0)))
    return make_error(kUnsupported,
                      "RFC 4055 §3.1: RSA-PSS with the default hash (SHA-1) is not accepted", at);
  auto hash_wrapper = params->read_constructed(tag::context_constructed(0));
  if (!hash_wrapper) return hash_wrapper.error();
  auto hash = parse_hash_algorithm(*hash_wrapper);
  if (!hash) return hash.error();
  if (auto end =
          hash_wrapper->expect_end("RFC 4055 §3.1: hashAlgorithm is one AlgorithmIdentifier");
      !end)
    return end.error();

  if (!params->next_is(tag::context_constructed(1)))
    return make_error(kUnsupported,
                      "RFC 4055 §3.1: RSA-PSS with the default MGF (MGF1 SHA-1) is not accepted",
                      params->offset());
  auto mgf_wrapper = params->read_constructed(tag::context_constructed(1));
  if (!mgf_wrapper) return mgf_wrapper.error();
  auto mgf = mgf_wrapper->read_sequence();
  if (!mgf) return mgf.error();
  const std::size_t mgf_at = mgf->offset();
  auto mgf_oid = mgf->read_oid();
  if (!mgf_oid) return mgf_oid.error();
  if (*mgf_oid != oid::mgf1)
    return make_error(kUnsupported, "RFC 4055 §3.1: the mask generation function must be MGF1",
                      mgf_at);
  const std::size_t mgf_hash_at = mgf->offset();
  auto mgf_hash = parse_hash_algorithm(*mgf);
  if (!mgf_hash) return mgf_hash.error();
  if (auto end = mgf->expect_end("RFC 4055 §3.1: MGF1 parameters are one hash AlgorithmIdentifier");
      !end)
    return end.error();
  if (auto end =
          mgf_wrapper->expect_end("RFC 4055 §3.1: maskGenAlgorithm is one AlgorithmIdentifier");
      !end)
    return end.error();
  // RFC 4055 §3.1: "For MGF1, it is strongly recommended that the underlying
  // hash function be the same as the one identified by hashAlgorithm."
  // GlassTLS requires it, as RFC 8446 §4.2.3 and rustls-webpki do.
  if (*mgf_hash != *hash)
    return make_error(kUnsupported, "RFC 4055 §3.1: RSA-PSS MGF1 hash must be the message hash",
                      mgf_hash_at);

  // saltLength DEFAULT 20: kept as given; the verifier checks the salt has it.
  out.salt_len = 20;
  if (params->next_is(tag::context_constructed(2))) {
    auto salt_wrapper = params->read_constructed(tag::context_constructed(2));
    if (!salt_wrapper) return salt_wrapper.error();
    auto salt = salt_wrapper->read_small_unsigned();
    if (!salt) return salt.error();
    if (auto end = salt_wrapper->expect_end("RFC 4055 §3.1: saltLength is one INTEGER"); !end)
      return end.error();
    if (*salt > crypto::kRsaMaxBytes)
      return make_error(kDecode, "RFC 8017 §9.1.1: the PSS salt cannot be longer than the modulus",
                        at);
    out.salt_len = static_cast<std::size_t>(*salt);
  }
  // RFC 4055 §3.1: "the trailerField field ... MUST be 1". Decision: accepted
  // when written out explicitly (non-DER for a DEFAULT, but harmless).
  if (params->next_is(tag::context_constructed(3))) {
    const std::size_t trailer_at = params->offset();
    auto trailer_wrapper = params->read_constructed(tag::context_constructed(3));
    if (!trailer_wrapper) return trailer_wrapper.error();
    auto trailer = trailer_wrapper->read_small_unsigned();
    if (!trailer) return trailer.error();
    if (*trailer != 1)
      return make_error(kUnsupported, "RFC 4055 §3.1: trailerField MUST be 1", trailer_at);
    if (auto end = trailer_wrapper->expect_end("RFC 4055 §3.1: trailerField is one INTEGER"); !end)
      return end.error();
  }
  if (auto end = params->expect_end("RFC 4055 §3.1: unexpected field in RSASSA-PSS-params"); !end)
    return end.error();
  out.hash = *hash;
  return out;
}

void write_rsassa_pss_params(DerWriter& w, const PssKeyParams& p) {
  // RFC 4055 §3.1 RSASSA-PSS-params; RFC 4055 §2.1 hash identifiers with NULL
  // parameters (sha256Identifier); MGF1 over the same hash; trailerField
  // left at its DEFAULT (DER omits it).
  const auto hash_identifier = [&](DerWriter& ha) {
    ha.oid(p.hash == crypto::HashId::sha384   ? oid::sha384
           : p.hash == crypto::HashId::sha512 ? oid::sha512
                                              : oid::sha256);
    ha.null();
  };
  w.sequence([&](DerWriter& params) {
    params.constructed(tag::context_constructed(0),
                       [&](DerWriter& hw) { hw.sequence(hash_identifier); });
    params.constructed(tag::context_constructed(1), [&](DerWriter& mw) {
      mw.sequence([&](DerWriter& mgf) {
        mgf.oid(oid::mgf1);
        mgf.sequence(hash_identifier);
      });
    });
    params.constructed(tag::context_constructed(2),
                       [&](DerWriter& sw) { sw.integer(static_cast<std::int64_t>(p.salt_len)); });
  });
}

std::string_view signature_algorithm_name(SignatureAlgorithm s) {
  switch (s) {
    case SignatureAlgorithm::rsa_pkcs1_sha256: return "sha256WithRSAEncryption";
    case SignatureAlgorithm::rsa_pkcs1_sha384: return "sha384WithRSAEncryption";
    case SignatureAlgorithm::rsa_pkcs1_sha512: return "sha512WithRSAEncryption";
    case SignatureAlgorithm::rsa_pss_sha256: return "RSASSA-PSS (SHA-256)";
    case SignatureAlgorithm::rsa_pss_sha384: return "RSASSA-PSS (SHA-384)";
    case SignatureAlgorithm::rsa_pss_sha512: return "RSASSA-PSS (SHA-512)";
    case SignatureAlgorithm::ecdsa_sha256: return "ecdsa-with-SHA256";
    case SignatureAlgorithm::ecdsa_sha384: return "ecdsa-with-SHA384";
    case SignatureAlgorithm::ecdsa_sha512: return "ecdsa-with-SHA512";
    case SignatureAlgorithm::ed25519: return "Ed25519";
  }
  return "unknown";
}

Result<SignatureAlgorithmId> SignatureAlgorithmId::parse(DerReader& r) {
  // RFC 5280 §4.1.1.2: AlgorithmIdentifier ::= SEQUENCE {
  //   algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }
  auto whole = r.read(tag::sequence);
  if (!whole) return whole.error();
  auto alg = r.enter(*whole);
  if (!alg) return alg.error();
  SignatureAlgorithmId out;
  out.der = whole->encoding;
  out.range = whole->range;
  const std::size_t at = alg->offset();
  auto o = alg->read_oid();
  if (!o) return o.error();
  out.oid = *o;

  struct Fixed {
    Oid oid;
    SignatureAlgorithm algorithm;
    bool rsa;
  };
  static constexpr Fixed kFixed[] = {
      {oid::sha256_with_rsa, SignatureAlgorithm::rsa_pkcs1_sha256, true},
      {oid::sha384_with_rsa, SignatureAlgorithm::rsa_pkcs1_sha384, true},
      {oid::sha512_with_rsa, SignatureAlgorithm::rsa_pkcs1_sha512, true},
      {oid::ecdsa_with_sha256, SignatureAlgorithm::ecdsa_sha256, false},
      {oid::ecdsa_with_sha384, SignatureAlgorithm::ecdsa_sha384, false},
      {oid::ecdsa_with_sha512, SignatureAlgorithm::ecdsa_sha512, false},
      {oid::ed25519, SignatureAlgorithm::ed25519, false},
  };
  for (const auto& f : kFixed) {
    if (f.oid != *o) continue;
    out.algorithm = f.algorithm;
    // RFC 4055 §5: "When any of these four object identifiers appears within an
    // AlgorithmIdentifier, the parameters MUST be NULL. Implementations MUST
    // accept the parameters being absent as well as present."
    if (f.rsa && alg->next_is(tag::null))
      if (auto null = alg->read_null(); !null) return null.error();
    // RFC 5758 §3.2 (ECDSA): "the encoding MUST omit the parameters field";
    // RFC 8410 §3 (Ed25519): "the parameters MUST be absent".
    if (auto end = alg->expect_end(
            f.rsa ? "RFC 4055 §5: RSA PKCS#1 signature parameters are NULL or absent"
                  : "RFC 5758 §3.2 / RFC 8410 §3: signature parameters MUST be absent");
        !end)
      return end.error();
    return out;
  }
  if (*o == oid::rsassa_pss) {
    auto p = parse_rsassa_pss_params(*alg);
    if (!p) return p.error();
    out.algorithm = pss_algorithm(p->hash);
    out.pss_salt_len = p->salt_len;
    if (auto end = alg->expect_end(
            "RFC 4055 §3.1: RSASSA-PSS AlgorithmIdentifier has one parameters field");
        !end)
      return end.error();
    return out;
  }
  // Never SHA-1, so no chain of ours uses it either: RFC 8446 §4.4.2.2: "This
  // fallback chain SHOULD NOT use the deprecated SHA-1 hash algorithm in
  // general, but MAY do so if the client's advertisement permits it, and
  // MUST NOT do so otherwise."
  if (*o == oid::sha1_with_rsa || *o == oid::ecdsa_with_sha1)
    return make_error(kUnsupported,
                      "GlassTLS does not accept SHA-1 signatures (collisions are practical)", at);
  if (*o == oid::ed448)
    return make_error(kUnsupported, "GlassTLS does not support Ed448 signatures", at);
  return make_error(kUnsupported, "GlassTLS does not support this signature algorithm", at);
}

crypto::HashId SignatureAlgorithmId::hash() const {
  switch (algorithm) {
    case SignatureAlgorithm::rsa_pkcs1_sha256:
    case SignatureAlgorithm::rsa_pss_sha256:
    case SignatureAlgorithm::ecdsa_sha256: return crypto::HashId::sha256;
    case SignatureAlgorithm::rsa_pkcs1_sha384:
    case SignatureAlgorithm::rsa_pss_sha384:
    case SignatureAlgorithm::ecdsa_sha384: return crypto::HashId::sha384;
    case SignatureAlgorithm::rsa_pkcs1_sha512:
    case SignatureAlgorithm::rsa_pss_sha512:
    case SignatureAlgorithm::ecdsa_sha512:
    case SignatureAlgorithm::ed25519: return crypto::HashId::sha512;
  }
  return crypto::HashId::sha256;
}

Result<void> verify_signature(const PublicKey& key, const SignatureAlgorithmId& alg,
                              ByteView message, ByteView signature, bool allow_small_rsa) {
  constexpr auto kMismatch = AlertDescription::bad_certificate;
  const crypto::RsaVerifyOptions rsa_options{allow_small_rsa};
  switch (alg.algorithm) {
    case SignatureAlgorithm::rsa_pkcs1_sha256:
    case SignatureAlgorithm::rsa_pkcs1_sha384:
    case SignatureAlgorithm::rsa_pkcs1_sha512: {
      const auto* rsa = std::get_if<crypto::RsaPublicKey>(&key.key);
      if (!rsa)
        return make_error(kMismatch, "RFC 5280 §4.1.1.2: an RSA signature needs an RSA issuer key");
      if (key.type == KeyType::rsa_pss)
        return make_error(kMismatch,
                          "RFC 4055 §1.2: an id-RSASSA-PSS key signs with RSASSA-PSS only, "
                          "not PKCS #1 v1.5");
      return crypto::rsa_pkcs1_verify(*rsa, alg.hash(), message, signature, rsa_options);
    }
    case SignatureAlgorithm::rsa_pss_sha256:
    case SignatureAlgorithm::rsa_pss_sha384:
    case SignatureAlgorithm::rsa_pss_sha512: {
      const auto* rsa = std::get_if<crypto::RsaPublicKey>(&key.key);
      if (!rsa)
        return make_error(kMismatch, "RFC 4055 §3.1: an RSA-PSS signature needs an RSA issuer key");
      // RFC 8446 §4.2.3: "If the corresponding public key's parameters are
      // present, then the parameters in the signature MUST be identical to
      // those in the public key." (RFC 4055 §3.1 lets the salt grow; the hash
      // never changes.)
      if (key.pss && (key.pss->hash != alg.hash() || alg.pss_salt_len < key.pss->salt_len))
        return make_error(kMismatch,
                          "RFC 8446 §4.2.3: the signature's RSASSA-PSS parameters differ from "
                          "those of the id-RSASSA-PSS key");
      return crypto::rsa_pss_verify(*rsa, alg.hash(), message, signature, alg.pss_salt_len,
                                    rsa_options);
    }
    case SignatureAlgorithm::ecdsa_sha256:
    case SignatureAlgorithm::ecdsa_sha384:
    case SignatureAlgorithm::ecdsa_sha512: {
      const auto* ec = std::get_if<crypto::EcPublicKey>(&key.key);
      if (!ec)
        return make_error(kMismatch, "RFC 5758 §3.2: an ECDSA signature needs an EC issuer key");
      // RFC 5758 §3.2 / RFC 3279 §2.2.3: the signature is DER
      // Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }.
      auto sig = crypto::EcdsaSignature::parse_der(ec->curve(), signature);
      if (!sig) return sig.error();
      std::array<std::uint8_t, 64> digest{};
      const std::size_t n = crypto::digest_size(alg.hash());
      crypto::hash(alg.hash(), message, std::span(digest).first(n));
      return crypto::ecdsa_verify(*ec, std::span<const std::uint8_t>(digest).first(n), *sig);
    }
    case SignatureAlgorithm::ed25519: {
      const auto* ed = std::get_if<crypto::ed25519::PublicKey>(&key.key);
      if (!ed)
        return make_error(kMismatch,
                          "RFC 8410 §6: an Ed25519 signature needs an Ed25519 issuer key");
      return crypto::ed25519::verify(*ed, message, signature);
    }
  }
  return make_error(AlertDescription::internal_error, "unknown signature algorithm");
}

}  // namespace glasstls::x509
