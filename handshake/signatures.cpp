#include "handshake/signatures.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "handshake/refusals.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using S = SignatureScheme;
using X = x509::SignatureAlgorithm;

struct Row {
  S tls;
  X x509;
  x509::KeyType key;
  bool tls12_only;  // signs handshake messages in TLS 1.2, not in TLS 1.3
};

// RFC 8446 §4.2.3. rsa_pss_rsae_*: "RSASSA-PSS algorithms with public key OID
// rsaEncryption"; ecdsa_*: "ECDSA algorithms" on the named curve; ed25519.
// The key column is what the certificate's key must be (fits(), below):
// rsa_pss_rsae_* RFC 8446 §4.2.3: "If the public key is carried in an X.509
// certificate, it MUST use the rsaEncryption OID [RFC5280]." (KeyType::rsa);
// rsa_pss_pss_* RFC 8446 §4.2.3: "If the public key is carried in an X.509
// certificate, it MUST use the RSASSA-PSS OID [RFC5756]." (KeyType::rsa_pss).
// rsa_pkcs1_* are for certificates only in TLS 1.3: "These values refer solely
// to signatures which appear in certificates ... and are not defined for use
// in signed TLS handshake messages" — but TLS 1.2 signs ServerKeyExchange and
// CertificateVerify with them (RFC 5246 §7.4.1.4.1).
// rsa_pss_pss_*: "RSASSA-PSS algorithms with public key OID RSASSA-PSS" — a key
// under id-RSASSA-PSS (x509::KeyType::rsa_pss), in both versions.
// Nothing else is signed or accepted (negotiated), and TLS 1.2's legacy pairs
// are not among our default offer: RFC 8446 §4.2.3: "These algorithms are
// deprecated as of TLS 1.3. They MUST NOT be offered or negotiated by any
// implementation. In particular, MD5 [SLOTH], SHA-224, and DSA MUST NOT be
// used." RFC 8446 §4.4.3: "The SHA-1
// algorithm MUST NOT be used in any signatures of CertificateVerify
// messages." (No SHA-1 row at all.)
constexpr std::array<Row, 12> kTable = {{
    {S::ecdsa_secp256r1_sha256, X::ecdsa_sha256, x509::KeyType::ec_p256, false},
    {S::ecdsa_secp384r1_sha384, X::ecdsa_sha384, x509::KeyType::ec_p384, false},
    {S::ed25519, X::ed25519, x509::KeyType::ed25519, false},
    {S::rsa_pss_rsae_sha256, X::rsa_pss_sha256, x509::KeyType::rsa, false},
    {S::rsa_pss_rsae_sha384, X::rsa_pss_sha384, x509::KeyType::rsa, false},
    {S::rsa_pss_rsae_sha512, X::rsa_pss_sha512, x509::KeyType::rsa, false},
    {S::rsa_pss_pss_sha256, X::rsa_pss_sha256, x509::KeyType::rsa_pss, false},
    {S::rsa_pss_pss_sha384, X::rsa_pss_sha384, x509::KeyType::rsa_pss, false},
    {S::rsa_pss_pss_sha512, X::rsa_pss_sha512, x509::KeyType::rsa_pss, false},
    {S::rsa_pkcs1_sha256, X::rsa_pkcs1_sha256, x509::KeyType::rsa, true},
    {S::rsa_pkcs1_sha384, X::rsa_pkcs1_sha384, x509::KeyType::rsa, true},
    {S::rsa_pkcs1_sha512, X::rsa_pkcs1_sha512, x509::KeyType::rsa, true},
}};

// Can `key` make the row's signatures? RFC 8446 §4.2.3: "The keys found in
// certificates MUST also be of appropriate type for the signature algorithms
// they are used with." In TLS 1.3 an ECDSA scheme names its
// curve; in TLS 1.2 the same code point means only "ECDSA with this hash",
// on whatever curve the certificate's key is (RFC 8446 §4.2.3: "the old
// semantics did not constrain the signing curve").
// An id-RSASSA-PSS key with parameters signs with their hash only, and we
// sign with salt = hash length (RFC 8446 §4.2.3).
bool fits(const Row& r, const KeyUse& key, std::uint16_t version) {
  const auto ec = [](x509::KeyType t) {
    return t == x509::KeyType::ec_p256 || t == x509::KeyType::ec_p384;
  };
  if (key.pss) {
    x509::SignatureAlgorithmId alg;
    alg.algorithm = r.x509;
    const crypto::HashId hash = alg.hash();
    if (key.pss->hash != hash || key.pss->salt_len > crypto::digest_size(hash)) return false;
  }
  // RFC 8446 §4.2.3: "If TLS 1.2 is negotiated, implementations MUST be
  // prepared to accept a signature that uses any curve that they advertised
  // in the "supported_groups" extension."
  return r.key == key.type || (version == kTls12 && ec(r.key) && ec(key.type));
}

// RFC 8446 §4.4.3: "RSA signatures MUST use an RSASSA-PSS algorithm,
// regardless of whether RSASSA-PKCS1-v1_5 algorithms appear in
// "signature_algorithms"." (tls12_only rows are not found in TLS 1.3.) The
// RSASSA-PSS rows serve TLS 1.2 too, RFC 8446 §4.2.3: "- Implementations that
// advertise support for RSASSA-PSS (which is mandatory in TLS 1.3) MUST be
// prepared to accept a signature using that scheme even when TLS 1.2 is
// negotiated."
const Row* find(std::uint16_t scheme, std::uint16_t version) {
  for (const Row& r : kTable) {
    if (code(r.tls) == scheme && (!r.tls12_only || version == kTls12)) return &r;
  }
  return nullptr;
}

}  // namespace

std::optional<x509::SignatureAlgorithm> certificate_verify_algorithm(std::uint16_t scheme,
                                                                     std::uint16_t version) {
  const Row* r = find(scheme, version);
  if (!r) return std::nullopt;
  return r->x509;
}

bool key_fits_scheme(const KeyUse& key, std::uint16_t scheme, std::uint16_t version) {
  const Row* r = find(scheme, version);
  return r && fits(*r, key, version);
}

std::vector<std::uint16_t> default_signature_schemes() {
  // Our preference, and what we accept; rsa_pkcs1_* are added for certificates.
  return {code(S::ecdsa_secp256r1_sha256),
          code(S::ecdsa_secp384r1_sha384),
          code(S::ed25519),
          code(S::rsa_pss_rsae_sha256),
          code(S::rsa_pss_rsae_sha384),
          code(S::rsa_pss_rsae_sha512),
          code(S::rsa_pss_pss_sha256),
          code(S::rsa_pss_pss_sha384),
          code(S::rsa_pss_pss_sha512),
          code(S::rsa_pkcs1_sha256),
          code(S::rsa_pkcs1_sha384),
          code(S::rsa_pkcs1_sha512)};
}

std::optional<std::uint16_t> choose_scheme(const KeyUse& key,
                                           const std::vector<std::uint16_t>& peer,
                                           const std::vector<std::uint16_t>& ours,
                                           std::uint16_t version) {
  for (std::uint16_t s : peer) {
    if (key_fits_scheme(key, s, version) && std::find(ours.begin(), ours.end(), s) != ours.end())
      return s;
  }
  return std::nullopt;
}

Bytes certificate_verify_content(Role signer, const Digest& transcript) {
  // RFC 8446 §4.4.3: "The context string for a server signature is "TLS 1.3,
  // server CertificateVerify". The context string for a client signature is
  // "TLS 1.3, client CertificateVerify"."
  constexpr std::string_view server = "TLS 1.3, server CertificateVerify";
  constexpr std::string_view client = "TLS 1.3, client CertificateVerify";
  const std::string_view context = signer == Role::server ? server : client;
  Bytes out(64 + context.size() + 1 + transcript.size, 0x20);
  std::copy(context.begin(), context.end(), out.begin() + 64);
  out[64 + context.size()] = 0;
  for (std::size_t i = 0; i < transcript.size; ++i)
    out[64 + context.size() + 1 + i] = transcript.bytes[i];
  return out;
}

Result<Bytes> sign_certificate_verify(const x509::PrivateKey& key, std::uint16_t scheme,
                                      ByteView content, crypto::Rng& rng, std::uint16_t version) {
  const Row* r = find(scheme, version);
  if (!r || !fits(*r, KeyUse(key), version)) {
    return make_error(AD::internal_error, "RFC 8446 §4.4.3: our key cannot make this scheme")
        .with_found(scheme);
  }
  // RFC 8446 §4.2.3: "The length of the Salt MUST be equal to the length of
  // the output of the digest algorithm." — x509's PSS signs with sLen = hLen
  // (and verify_certificate_verify() checks with the same). For the
  // rsa_pss_pss_* schemes too, RFC 8446 §4.2.3: "The length of the Salt MUST
  // be equal to the length of the digest algorithm."
  return key.sign(r->x509, content, rng);
}

Result<SignatureVerified> verify_certificate_verify(const x509::PublicKey& key,
                                                    std::uint16_t scheme, ByteView content,
                                                    ByteView signature, bool allow_small_rsa,
                                                    std::uint16_t version) {
  const Row* r = find(scheme, version);
  // RFC 8446 §4.4.3: "If the CertificateVerify message is sent by a server,
  // the signature algorithm MUST be one offered in the client's
  // "signature_algorithms" extension unless no valid certificate chain can be
  // produced without unsupported algorithms" — and it must fit the key:
  // RFC 8446 §4.4.3: "In addition, the signature algorithm MUST be compatible
  // with the key in the sender's end-entity certificate." In TLS 1.2:
  // RFC 5246 §7.4.3: "In addition, the hash and signature algorithms MUST be
  // compatible with the key in the server's end-entity certificate."
  // RFC 5246 §7.4.8: "In addition, the hash and signature algorithms MUST be
  // compatible with the key in the client's end-entity certificate."
  if (!r || !fits(*r, KeyUse(key), version)) {
    return make_error(AD::illegal_parameter,
                      version == kTls12
                          ? "RFC 5246 §7.4.1.4.1: the signature algorithm does not fit the "
                            "certificate's key"
                          : "RFC 8446 §4.4.3: the CertificateVerify scheme does not fit the "
                            "certificate's key or is not allowed in TLS 1.3")
        .with_found(scheme);
  }
  x509::SignatureAlgorithmId alg;
  alg.algorithm = r->x509;
  alg.pss_salt_len = crypto::digest_size(alg.hash());
  // RFC 8446 §4.4.3: "The receiver of a CertificateVerify message MUST verify
  // the signature field."
  if (auto ok = x509::verify_signature(key, alg, content, signature, allow_small_rsa); !ok) {
    // RFC 8446 §4.4.3: "If the verification fails, the receiver MUST
    // terminate the handshake with a "decrypt_error" alert."
    // RFC 5246 §7.2.2: decrypt_error: "A handshake cryptographic operation
    // failed, including being unable to correctly verify a signature".
    return refusal_error(Refusal::bad_signature, version).with_found(scheme);
  }
  return SignatureVerified(scheme);
}

}  // namespace glasstls::handshake
