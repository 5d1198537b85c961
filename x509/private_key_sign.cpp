// Signing with a private key: the AlgorithmIdentifier each scheme is written
// with (RFC 4055 §5 and §3.1, RFC 5758 §3.2, RFC 8410 §3) and the signatures
// themselves (RFC 8017 §8.1/§8.2, FIPS 186-5 §6.4 with RFC 6979 nonces,
// RFC 8032 §5.1.6), through crypto/.
#include "crypto/ecdsa.hpp"
#include "x509/private_key.hpp"

namespace glasstls::x509 {

namespace {

crypto::HashId scheme_hash(SignatureAlgorithm s) {
  switch (s) {
    case SignatureAlgorithm::rsa_pkcs1_sha384:
    case SignatureAlgorithm::rsa_pss_sha384:
    case SignatureAlgorithm::ecdsa_sha384: return crypto::HashId::sha384;
    case SignatureAlgorithm::rsa_pkcs1_sha512:
    case SignatureAlgorithm::rsa_pss_sha512:
    case SignatureAlgorithm::ecdsa_sha512:
    case SignatureAlgorithm::ed25519: return crypto::HashId::sha512;
    default: return crypto::HashId::sha256;
  }
}
bool is_pkcs1(SignatureAlgorithm s) {
  return s == SignatureAlgorithm::rsa_pkcs1_sha256 || s == SignatureAlgorithm::rsa_pkcs1_sha384 ||
         s == SignatureAlgorithm::rsa_pkcs1_sha512;
}
bool is_pss(SignatureAlgorithm s) {
  return s == SignatureAlgorithm::rsa_pss_sha256 || s == SignatureAlgorithm::rsa_pss_sha384 ||
         s == SignatureAlgorithm::rsa_pss_sha512;
}
bool is_ecdsa(SignatureAlgorithm s) {
  return s == SignatureAlgorithm::ecdsa_sha256 || s == SignatureAlgorithm::ecdsa_sha384 ||
         s == SignatureAlgorithm::ecdsa_sha512;
}

Result<void> check_fits(KeyType type, const std::optional<PssKeyParams>& pss,
                        SignatureAlgorithm s) {
  const bool fits = type == KeyType::rsa       ? (is_pkcs1(s) || is_pss(s))
                    : type == KeyType::rsa_pss ? is_pss(s)
                    : type == KeyType::ed25519 ? s == SignatureAlgorithm::ed25519
                                               : is_ecdsa(s);
  if (!fits)
    return make_error(AlertDescription::illegal_parameter,
                      "the signature scheme does not fit the key type");
  // We sign with salt = hash length (RFC 8446 §4.2.3): a key whose parameters
  // ask for another hash or a longer salt cannot make this scheme.
  if (pss && (pss->hash != scheme_hash(s) || pss->salt_len > crypto::digest_size(pss->hash)))
    return make_error(AlertDescription::illegal_parameter,
                      "RFC 4055 §3.1: the id-RSASSA-PSS key's parameters do not allow this scheme");
  return success();
}

}  // namespace

SignatureAlgorithm PrivateKey::default_signature_algorithm() const {
  switch (type_) {
    case KeyType::rsa: return SignatureAlgorithm::rsa_pkcs1_sha256;
    case KeyType::rsa_pss:
      if (pss_ && pss_->hash == crypto::HashId::sha384) return SignatureAlgorithm::rsa_pss_sha384;
      if (pss_ && pss_->hash == crypto::HashId::sha512) return SignatureAlgorithm::rsa_pss_sha512;
      return SignatureAlgorithm::rsa_pss_sha256;
    case KeyType::ec_p256: return SignatureAlgorithm::ecdsa_sha256;
    case KeyType::ec_p384: return SignatureAlgorithm::ecdsa_sha384;
    case KeyType::ed25519: return SignatureAlgorithm::ed25519;
  }
  return SignatureAlgorithm::rsa_pkcs1_sha256;
}

Result<Bytes> PrivateKey::algorithm_identifier(SignatureAlgorithm scheme) const {
  if (auto fits = check_fits(type_, pss_, scheme); !fits) return fits.error();
  DerWriter w;
  w.sequence([&](DerWriter& alg) {
    if (is_pss(scheme)) {
      // RFC 4055 §3.1 with salt = hash length (RFC 8446 §4.2.3).
      const crypto::HashId h = scheme_hash(scheme);
      alg.oid(oid::rsassa_pss);
      write_rsassa_pss_params(alg, PssKeyParams{h, crypto::digest_size(h)});
      return;
    }
    switch (scheme) {
      // RFC 4055 §5: "When any of these four object identifiers appears within
      // an AlgorithmIdentifier, the parameters MUST be NULL."
      case SignatureAlgorithm::rsa_pkcs1_sha256:
        alg.oid(oid::sha256_with_rsa);
        alg.null();
        break;
      case SignatureAlgorithm::rsa_pkcs1_sha384:
        alg.oid(oid::sha384_with_rsa);
        alg.null();
        break;
      case SignatureAlgorithm::rsa_pkcs1_sha512:
        alg.oid(oid::sha512_with_rsa);
        alg.null();
        break;
      // RFC 5758 §3.2: "the encoding MUST omit the parameters field"
      case SignatureAlgorithm::ecdsa_sha256: alg.oid(oid::ecdsa_with_sha256); break;
      case SignatureAlgorithm::ecdsa_sha384: alg.oid(oid::ecdsa_with_sha384); break;
      case SignatureAlgorithm::ecdsa_sha512: alg.oid(oid::ecdsa_with_sha512); break;
      // RFC 8410 §3: "For all of the OIDs, the parameters MUST be absent."
      default: alg.oid(oid::ed25519); break;
    }
  });
  return std::move(w).take();
}

Result<Bytes> PrivateKey::sign(SignatureAlgorithm scheme, ByteView message,
                               crypto::Rng& rng) const {
  if (auto fits = check_fits(type_, pss_, scheme); !fits) return fits.error();
  const crypto::HashId h = scheme_hash(scheme);
  if (is_pkcs1(scheme)) return crypto::rsa_pkcs1_sign(*rsa(), h, message, rng);
  if (is_pss(scheme)) return crypto::rsa_pss_sign(*rsa(), h, message, rng);  // sLen = hLen
  if (is_ecdsa(scheme)) {
    std::array<std::uint8_t, 64> digest{};
    const std::span<std::uint8_t> d(digest.data(), crypto::digest_size(h));
    crypto::hash(h, message, d);
    auto sig = crypto::ecdsa_sign(*ec(), h, d, rng);
    if (!sig) return sig.error();
    return sig->to_der();  // RFC 5480 §2.2 / RFC 3279 §2.2.3 Ecdsa-Sig-Value
  }
  const auto sig = ed25519()->sign(message);
  return Bytes(sig.begin(), sig.end());
}

}  // namespace glasstls::x509
