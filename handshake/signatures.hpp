// Signatures in the handshake (RFC 8446 §4.2.3, §4.4.3): the ONE table from
// TLS SignatureScheme code points to x509's signature algorithms, the choice
// of a scheme for our key, and the CertificateVerify signature itself:
//
//   the content covered by the signature is
//     - 64 bytes of 0x20 (space),
//     - the context string ("TLS 1.3, server CertificateVerify" or
//       "TLS 1.3, client CertificateVerify"),
//     - a single 0 byte,
//     - Transcript-Hash(Handshake Context, Certificate).
#pragma once

#include <optional>
#include <vector>

#include "crypto/rng.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/extensions.hpp"
#include "handshake/transcript.hpp"
#include "x509/private_key.hpp"
#include "x509/public_key.hpp"

namespace glasstls::handshake {

enum class Role : std::uint8_t { client, server };

// The x509 algorithm a TLS scheme signs with in a CertificateVerify, or
// nullopt when the scheme is not allowed there in TLS 1.3 (rsa_pkcs1_*,
// SHA-1, and schemes we do not implement).
// `version`: the TLS version whose rules apply (TLS 1.2 also signs with rsa_pkcs1_*).
std::optional<x509::SignatureAlgorithm> certificate_verify_algorithm(
    std::uint16_t scheme, std::uint16_t version = kTls13);
// What a key can sign with: its type and, for an id-RSASSA-PSS key with
// parameters, the hash and salt they bind it to (RFC 4055 §3.1).
struct KeyUse {
  x509::KeyType type = x509::KeyType::rsa;
  std::optional<x509::PssKeyParams> pss;

  // Implicit on purpose: any key, or a bare type (no parameters), is a KeyUse.
  KeyUse(x509::KeyType t) : type(t) {}
  KeyUse(const x509::PrivateKey& k) : type(k.type()), pss(k.pss_params()) {}
  KeyUse(const x509::PublicKey& k) : type(k.type), pss(k.pss) {}
};

// Can this key make the scheme? (ECDSA schemes name the curve in TLS 1.3.)
bool key_fits_scheme(const KeyUse& key, std::uint16_t scheme, std::uint16_t version = kTls13);
// Schemes we offer in signature_algorithms by default, strongest first among equals.
std::vector<std::uint16_t> default_signature_schemes();

// The first of the peer's schemes (in the peer's order) that `key` can make
// and that `ours` allows; nullopt when there is none.
std::optional<std::uint16_t> choose_scheme(const KeyUse& key,
                                           const std::vector<std::uint16_t>& peer,
                                           const std::vector<std::uint16_t>& ours,
                                           std::uint16_t version = kTls13);

// The signed content of §4.4.3 for `role`'s CertificateVerify.
Bytes certificate_verify_content(Role signer, const Digest& transcript);

// Proof that a CertificateVerify checked out: only verify_certificate_verify()
// makes one, and the state after CertificateVerify requires it.
class SignatureVerified {
 public:
  std::uint16_t scheme() const { return scheme_; }

 private:
  explicit SignatureVerified(std::uint16_t s) : scheme_(s) {}
  std::uint16_t scheme_;
  friend Result<SignatureVerified> verify_certificate_verify(const x509::PublicKey&, std::uint16_t,
                                                             ByteView, ByteView, bool,
                                                             std::uint16_t);
};

// Signs `content` with `scheme` (TLS 1.3: a CertificateVerify; TLS 1.2: also
// a ServerKeyExchange).
Result<Bytes> sign_certificate_verify(const x509::PrivateKey& key, std::uint16_t scheme,
                                      ByteView content, crypto::Rng& rng,
                                      std::uint16_t version = kTls13);
// decrypt_error for a wrong signature (RFC 8446 §4.4.3); illegal_parameter
// for a scheme that does not fit the certificate's key or is not allowed.
Result<SignatureVerified> verify_certificate_verify(const x509::PublicKey& key,
                                                    std::uint16_t scheme, ByteView content,
                                                    ByteView signature, bool allow_small_rsa,
                                                    std::uint16_t version = kTls13);

}  // namespace glasstls::handshake
