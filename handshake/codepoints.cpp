#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

namespace {

std::string unknown(std::uint32_t v, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "unknown(0x";
  for (int i = digits - 1; i >= 0; --i) out += hex[(v >> (4 * i)) & 0xf];
  return out + ")";
}

std::string grease_or_unknown(std::uint16_t v) {
  return is_grease(v) ? "GREASE" + unknown(v, 4).substr(7) : unknown(v, 4);
}

}  // namespace

std::string handshake_type_name(std::uint8_t t) {
  switch (static_cast<HandshakeType>(t)) {
    case HandshakeType::hello_request: return "HelloRequest";
    case HandshakeType::client_hello: return "ClientHello";
    case HandshakeType::server_hello: return "ServerHello";
    case HandshakeType::new_session_ticket: return "NewSessionTicket";
    case HandshakeType::end_of_early_data: return "EndOfEarlyData";
    case HandshakeType::encrypted_extensions: return "EncryptedExtensions";
    case HandshakeType::certificate: return "Certificate";
    case HandshakeType::server_key_exchange: return "ServerKeyExchange";
    case HandshakeType::certificate_request: return "CertificateRequest";
    case HandshakeType::server_hello_done: return "ServerHelloDone";
    case HandshakeType::certificate_verify: return "CertificateVerify";
    case HandshakeType::client_key_exchange: return "ClientKeyExchange";
    case HandshakeType::finished: return "Finished";
    case HandshakeType::key_update: return "KeyUpdate";
    case HandshakeType::message_hash: return "message_hash";
  }
  return unknown(t, 2);
}

std::string extension_name(std::uint16_t t) {
  switch (static_cast<ExtensionType>(t)) {
    case ExtensionType::server_name: return "server_name";
    case ExtensionType::max_fragment_length: return "max_fragment_length";
    case ExtensionType::status_request: return "status_request";
    case ExtensionType::supported_groups: return "supported_groups";
    case ExtensionType::ec_point_formats: return "ec_point_formats";
    case ExtensionType::signature_algorithms: return "signature_algorithms";
    case ExtensionType::use_srtp: return "use_srtp";
    case ExtensionType::heartbeat: return "heartbeat";
    case ExtensionType::application_layer_protocol_negotiation:
      return "application_layer_protocol_negotiation";
    case ExtensionType::signed_certificate_timestamp: return "signed_certificate_timestamp";
    case ExtensionType::client_certificate_type: return "client_certificate_type";
    case ExtensionType::server_certificate_type: return "server_certificate_type";
    case ExtensionType::padding: return "padding";
    case ExtensionType::extended_master_secret: return "extended_master_secret";
    case ExtensionType::record_size_limit: return "record_size_limit";
    case ExtensionType::session_ticket: return "session_ticket";
    case ExtensionType::pre_shared_key: return "pre_shared_key";
    case ExtensionType::early_data: return "early_data";
    case ExtensionType::supported_versions: return "supported_versions";
    case ExtensionType::cookie: return "cookie";
    case ExtensionType::psk_key_exchange_modes: return "psk_key_exchange_modes";
    case ExtensionType::certificate_authorities: return "certificate_authorities";
    case ExtensionType::oid_filters: return "oid_filters";
    case ExtensionType::post_handshake_auth: return "post_handshake_auth";
    case ExtensionType::signature_algorithms_cert: return "signature_algorithms_cert";
    case ExtensionType::key_share: return "key_share";
    case ExtensionType::renegotiation_info: return "renegotiation_info";
  }
  return grease_or_unknown(t);
}

std::string group_name(std::uint16_t g) {
  switch (static_cast<NamedGroup>(g)) {
    case NamedGroup::secp256r1: return "secp256r1";
    case NamedGroup::secp384r1: return "secp384r1";
    case NamedGroup::secp521r1: return "secp521r1";
    case NamedGroup::x25519: return "x25519";
    case NamedGroup::x448: return "x448";
  }
  return grease_or_unknown(g);
}

std::string cipher_suite_name(std::uint16_t s) {
  switch (static_cast<CipherSuite>(s)) {
    case CipherSuite::tls_aes_128_gcm_sha256: return "TLS_AES_128_GCM_SHA256";
    case CipherSuite::tls_aes_256_gcm_sha384: return "TLS_AES_256_GCM_SHA384";
    case CipherSuite::tls_chacha20_poly1305_sha256: return "TLS_CHACHA20_POLY1305_SHA256";
    case CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256:
      return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384:
      return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256:
      return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384:
      return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256:
      return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256:
      return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::tls_rsa_with_aes_128_gcm_sha256: return "TLS_RSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::tls_rsa_with_aes_256_gcm_sha384: return "TLS_RSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::tls_empty_renegotiation_info_scsv: return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    case CipherSuite::tls_fallback_scsv: return "TLS_FALLBACK_SCSV";
  }
  return grease_or_unknown(s);
}

std::string signature_scheme_name(std::uint16_t s) {
  switch (static_cast<SignatureScheme>(s)) {
    case SignatureScheme::rsa_pkcs1_sha256: return "rsa_pkcs1_sha256";
    case SignatureScheme::rsa_pkcs1_sha384: return "rsa_pkcs1_sha384";
    case SignatureScheme::rsa_pkcs1_sha512: return "rsa_pkcs1_sha512";
    case SignatureScheme::ecdsa_secp256r1_sha256: return "ecdsa_secp256r1_sha256";
    case SignatureScheme::ecdsa_secp384r1_sha384: return "ecdsa_secp384r1_sha384";
    case SignatureScheme::ecdsa_secp521r1_sha512: return "ecdsa_secp521r1_sha512";
    case SignatureScheme::rsa_pss_rsae_sha256: return "rsa_pss_rsae_sha256";
    case SignatureScheme::rsa_pss_rsae_sha384: return "rsa_pss_rsae_sha384";
    case SignatureScheme::rsa_pss_rsae_sha512: return "rsa_pss_rsae_sha512";
    case SignatureScheme::ed25519: return "ed25519";
    case SignatureScheme::ed448: return "ed448";
    case SignatureScheme::rsa_pss_pss_sha256: return "rsa_pss_pss_sha256";
    case SignatureScheme::rsa_pss_pss_sha384: return "rsa_pss_pss_sha384";
    case SignatureScheme::rsa_pss_pss_sha512: return "rsa_pss_pss_sha512";
    case SignatureScheme::rsa_pkcs1_sha1: return "rsa_pkcs1_sha1";
    case SignatureScheme::ecdsa_sha1: return "ecdsa_sha1";
  }
  return grease_or_unknown(s);
}

std::string version_name(std::uint16_t v) {
  switch (v) {
    case 0x0304: return "TLS 1.3";
    case 0x0303: return "TLS 1.2";
    case 0x0302: return "TLS 1.1";
    case 0x0301: return "TLS 1.0";
    case 0x0300: return "SSL 3.0";
  }
  return grease_or_unknown(v);
}

}  // namespace glasstls::handshake
