// The TLS 1.3 registries this stack speaks (RFC 8446 §4, §4.2, §B.3), as
// enums holding the IANA code points, with their names for traces and errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace glasstls::handshake {

// RFC 8446 §4 (and RFC 5246 §7.4 for TLS 1.2's).
enum class HandshakeType : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  key_update = 24,
  message_hash = 254,
};

// RFC 8446 §4.2 (plus RFC 8449 record_size_limit).
enum class ExtensionType : std::uint16_t {
  server_name = 0,
  max_fragment_length = 1,
  status_request = 5,
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  use_srtp = 14,
  heartbeat = 15,
  application_layer_protocol_negotiation = 16,
  signed_certificate_timestamp = 18,
  client_certificate_type = 19,
  server_certificate_type = 20,
  padding = 21,
  extended_master_secret = 23,
  record_size_limit = 28,
  session_ticket = 35,
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  oid_filters = 48,
  post_handshake_auth = 49,
  signature_algorithms_cert = 50,
  key_share = 51,
  renegotiation_info = 0xff01,
};

// RFC 8446 §4.2.7.
enum class NamedGroup : std::uint16_t {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  secp521r1 = 0x0019,
  x25519 = 0x001d,
  x448 = 0x001e,
};

// RFC 8446 §B.4; TLS 1.2's AEAD suites (RFC 5288, RFC 5289, RFC 7905) and
// the two signalling values (RFC 5746 §3.3, RFC 7507 §2).
enum class CipherSuite : std::uint16_t {
  tls_aes_128_gcm_sha256 = 0x1301,
  tls_aes_256_gcm_sha384 = 0x1302,
  tls_chacha20_poly1305_sha256 = 0x1303,
  tls_ecdhe_ecdsa_with_aes_128_gcm_sha256 = 0xc02b,
  tls_ecdhe_ecdsa_with_aes_256_gcm_sha384 = 0xc02c,
  tls_ecdhe_rsa_with_aes_128_gcm_sha256 = 0xc02f,
  tls_ecdhe_rsa_with_aes_256_gcm_sha384 = 0xc030,
  tls_ecdhe_rsa_with_chacha20_poly1305_sha256 = 0xcca8,
  tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256 = 0xcca9,
  tls_rsa_with_aes_128_gcm_sha256 = 0x009c,
  tls_rsa_with_aes_256_gcm_sha384 = 0x009d,
  tls_empty_renegotiation_info_scsv = 0x00ff,
  tls_fallback_scsv = 0x5600,
};

// RFC 8446 §4.2.3.
enum class SignatureScheme : std::uint16_t {
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ed25519 = 0x0807,
  ed448 = 0x0808,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080a,
  rsa_pss_pss_sha512 = 0x080b,
  rsa_pkcs1_sha1 = 0x0201,
  ecdsa_sha1 = 0x0203,
};

// RFC 8446 §4.2.9.
enum class PskKeyExchangeMode : std::uint8_t { psk_ke = 0, psk_dhe_ke = 1 };

inline constexpr std::uint16_t kTls13 = 0x0304;
inline constexpr std::uint16_t kTls12 = 0x0303;

// Names as the RFCs spell them; an unknown value prints as "unknown(0x....)".
std::string handshake_type_name(std::uint8_t t);
std::string extension_name(std::uint16_t t);
std::string group_name(std::uint16_t g);
std::string cipher_suite_name(std::uint16_t s);
std::string signature_scheme_name(std::uint16_t s);
std::string version_name(std::uint16_t v);

// RFC 8701: GREASE values (0x0a0a, 0x1a1a, ... 0xfafa) that peers send to keep
// extension points open; they are never negotiated.
constexpr bool is_grease(std::uint16_t v) {
  return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

template <typename E>
constexpr auto code(E e) {
  return static_cast<std::underlying_type_t<E>>(e);
}

}  // namespace glasstls::handshake
