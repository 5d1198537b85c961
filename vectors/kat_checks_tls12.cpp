// [tls12-openssl-handshake]: the TLS 1.2 handshake messages of real OpenSSL
// connections (vectors/tls12-messages-openssl.kat). The self-test knows only
// crypto/, so it checks what crypto/ can: each field is one whole handshake
// message of the type its name says (RFC 5246 §7.4: type, then a uint24
// length that matches), the ChangeCipherSpec is the byte 1 (§7.1), and the
// signatures the peers made verify —
//   - ServerKeyExchange (RFC 8422 §5.4): over ClientHello.random +
//     ServerHello.random + ServerKeyExchange.params, with the key of the
//     first certificate of the server's Certificate;
//   - CertificateVerify (RFC 5246 §7.4.8): over every handshake message
//     before it, with the key of the client's certificate.
// The messages themselves are parsed and rebuilt by handshake/'s parsers in
// tests/tls12/messages12_test.cpp.
#include <map>
#include <optional>
#include <string>

#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/reader.hpp"
#include "crypto/rsa.hpp"
#include "crypto/sha2.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using Bytes = std::vector<std::uint8_t>;
using View = std::span<const std::uint8_t>;

// RFC 5246 §7.4: HandshakeType of each field.
const std::map<std::string, std::uint8_t, std::less<>>& message_types() {
  static const std::map<std::string, std::uint8_t, std::less<>> types = {
      {"client_hello", 1},         {"server_hello", 2},        {"new_session_ticket", 4},
      {"server_certificate", 11},  {"client_certificate", 11}, {"server_key_exchange", 12},
      {"certificate_request", 13}, {"server_hello_done", 14},  {"certificate_verify", 15},
      {"client_key_exchange", 16}, {"client_finished", 20},    {"server_finished", 20}};
  return types;
}

// The order of RFC 5246 §7.3, up to CertificateVerify.
constexpr const char* kBeforeCertificateVerify[] = {
    "client_hello",        "server_hello",      "server_certificate", "server_key_exchange",
    "certificate_request", "server_hello_done", "client_certificate", "client_key_exchange"};

// The subjectPublicKey BIT STRING's bytes (after the unused-bits octet) of
// the first certificate in a Certificate message (RFC 5246 §7.4.2; RFC 5280
// §4.1: tbsCertificate = [0] version OPTIONAL, serialNumber, signature,
// issuer, validity, subject, subjectPublicKeyInfo, ...).
std::optional<View> first_certificate_key(View message) {
  crypto::Reader r(message.subspan(4));
  crypto::Reader list, cert;
  if (!r.read_u24_prefixed(list) || !list.read_u24_prefixed(cert)) return std::nullopt;
  crypto::Reader certificate, tbs, field;
  std::uint8_t tag = 0;
  if (!cert.read_element(0x30, certificate, "") || !certificate.read_element(0x30, tbs, "")) {
    return std::nullopt;
  }
  std::uint8_t first = 0;
  if (tbs.peek_u8(first) && first == 0xa0 && !tbs.read_tlv(tag, field)) return std::nullopt;
  for (int skip = 0; skip < 5; ++skip) {  // serialNumber .. subject
    if (!tbs.read_tlv(tag, field)) return std::nullopt;
  }
  crypto::Reader spki, algorithm, key;
  if (!tbs.read_element(0x30, spki, "") || !spki.read_element(0x30, algorithm, "") ||
      !spki.read_element(0x03, key, "") || key.remaining() < 1) {
    return std::nullopt;
  }
  return key.rest().subspan(1);
}

// RFC 8446 §4.2.3 code points (the same as TLS 1.2's SignatureAndHashAlgorithm).
std::string verify(std::uint16_t scheme, View key, View content, View signature) {
  using crypto::HashId;
  if (scheme == 0x0403) {  // ecdsa_secp256r1_sha256
    auto pub = crypto::EcPublicKey::parse(crypto::EcCurve::p256, key);
    auto sig = crypto::EcdsaSignature::parse_der(crypto::EcCurve::p256, signature);
    if (!pub || !sig) return "the P-256 key or the ECDSA signature does not parse";
    Bytes digest(32);
    crypto::hash(HashId::sha256, content, digest);
    return crypto::ecdsa_verify(*pub, digest, *sig) ? "" : "the ECDSA signature does not verify";
  }
  if (scheme == 0x0804 || scheme == 0x0401) {  // rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    crypto::Reader r(key);
    crypto::Reader rsa, n, e;
    if (!r.read_element(0x30, rsa, "") || !rsa.read_element(0x02, n, "") ||
        !rsa.read_element(0x02, e, "")) {
      return "the RSAPublicKey does not parse";
    }
    auto pub = crypto::RsaPublicKey::from_components(n.rest(), e.rest());
    if (!pub) return "the RSA key is refused";
    auto ok = scheme == 0x0804 ? crypto::rsa_pss_verify(*pub, HashId::sha256, content, signature)
                               : crypto::rsa_pkcs1_verify(*pub, HashId::sha256, content, signature);
    return ok ? "" : "the RSA signature does not verify";
  }
  return "no check for signature scheme " + std::to_string(scheme);
}

// RFC 8422 §5.4: the ServerECDHParams (curve_type 3, NamedCurve, point<1..255>),
// then the DigitallySigned (RFC 5246 §4.7).
std::string check_server_key_exchange(const KatRecord& r) {
  const Bytes& ske = r.bytes("server_key_exchange");
  const Bytes& ch = r.bytes("client_hello");
  const Bytes& sh = r.bytes("server_hello");
  if (ske.size() < 8 || ske[4] != 3 || ch.size() < 38 || sh.size() < 38) {
    return "server_key_exchange: not a named_curve ServerECDHParams";
  }
  const std::size_t params_end = 8 + ske[7];
  if (ske.size() < params_end + 4) return "server_key_exchange: truncated";
  const auto scheme = static_cast<std::uint16_t>(ske[params_end] << 8 | ske[params_end + 1]);
  const View signature = View(ske).subspan(params_end + 4);
  Bytes content(ch.begin() + 6, ch.begin() + 38);
  content.insert(content.end(), sh.begin() + 6, sh.begin() + 38);
  content.insert(content.end(), ske.begin() + 4, ske.begin() + static_cast<long>(params_end));
  const auto key = first_certificate_key(r.bytes("server_certificate"));
  if (!key) return "server_certificate: no public key found";
  const std::string why = verify(scheme, *key, content, signature);
  return why.empty() ? "" : "server_key_exchange: " + why;
}

std::string check_certificate_verify(const KatRecord& r) {
  const Bytes& cv = r.bytes("certificate_verify");
  if (cv.size() < 8) return "certificate_verify: truncated";
  Bytes transcript;
  for (const char* field : kBeforeCertificateVerify) {
    if (r.has(field))
      transcript.insert(transcript.end(), r.bytes(field).begin(), r.bytes(field).end());
  }
  const auto key = first_certificate_key(r.bytes("client_certificate"));
  if (!key) return "client_certificate: no public key found";
  const auto scheme = static_cast<std::uint16_t>(cv[4] << 8 | cv[5]);
  const std::string why = verify(scheme, *key, transcript, View(cv).subspan(8));
  return why.empty() ? "" : "certificate_verify: " + why;
}

std::string check(const KatRecord& r, const KatBackend&) {
  if (auto why = kat_missing(r, {"client_hello", "server_hello", "server_certificate",
                                 "server_hello_done", "client_key_exchange"});
      !why.empty()) {
    return why;
  }
  for (const auto& [field, bytes] : r.fields) {
    if (field == "name") continue;
    if (field == "client_change_cipher_spec") {
      if (bytes != Bytes{1}) return field + ": not the single byte 1 (RFC 5246 §7.1)";
      continue;
    }
    const auto type = message_types().find(field);
    if (type == message_types().end()) return "unknown field " + field;
    if (bytes.size() < 4 || bytes[0] != type->second ||
        (std::size_t{bytes[1]} << 16 | std::size_t{bytes[2]} << 8 | bytes[3]) != bytes.size() - 4) {
      return field + ": not one handshake message of type " + std::to_string(type->second);
    }
  }
  if (r.has("server_key_exchange")) {
    if (auto why = check_server_key_exchange(r); !why.empty()) return why;
  }
  if (r.has("certificate_verify")) {
    if (auto why = check_certificate_verify(r); !why.empty()) return why;
  }
  return "";
}

}  // namespace

std::optional<KatChecker> tls12_kat_checker(std::string_view section) {
  if (section != "tls12-openssl-handshake") return std::nullopt;
  return KatChecker{"TLS 1.2 handshake messages (OpenSSL)", check, {{"portable", true}}};
}

}  // namespace glasstls::vectors
