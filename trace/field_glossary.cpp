#include "trace/field_glossary.hpp"

#include <array>

#include "trace/json_writer.hpp"

namespace glasstls::trace {

namespace {

struct Entry {
  std::string_view message;  // "" for any message
  std::string_view field;
  FieldNote note;
};

constexpr std::array kEntries = {
    // The handshake header.
    Entry{"",
          "msg_type",
          {"which handshake message this is (HandshakeType)", "RFC 8446 §4; RFC 5246 §7.4"}},
    Entry{"", "length", {"how many bytes follow in this vector or message", "RFC 8446 §3.4"}},
    // ClientHello / ServerHello.
    Entry{"",
          "legacy_version",
          {"0x0303 (TLS 1.2) on the wire; TLS 1.3 is negotiated by supported_versions",
           "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2"}},
    Entry{"ClientHello",
          "random",
          {"32 fresh random bytes from the client: every connection's keys differ",
           "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2"}},
    Entry{"ServerHello",
          "random",
          {"32 fresh random bytes from the server (fixed bytes here mean HelloRetryRequest)",
           "RFC 8446 §4.1.3; RFC 5246 §7.4.1.3"}},
    Entry{"",
          "legacy_session_id",
          {"a session ID: resumption in TLS 1.2, middlebox compatibility in TLS 1.3",
           "RFC 8446 §4.1.2, §D.4; RFC 5246 §7.4.1.2"}},
    Entry{"",
          "legacy_session_id_echo",
          {"the client's session ID sent back (TLS 1.3), or the new one (TLS 1.2)",
           "RFC 8446 §4.1.3; RFC 5246 §7.4.1.3"}},
    Entry{"", "id", {"the session ID's bytes", "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2"}},
    Entry{"",
          "cipher_suites",
          {"the AEAD+hash pairs (TLS 1.2: also key exchange) the client accepts, best first",
           "RFC 8446 §4.1.2, §B.4; RFC 5246 §7.4.1.2"}},
    Entry{"ServerHello",
          "cipher_suite",
          {"the one suite the server chose from the client's list",
           "RFC 8446 §4.1.3; RFC 5246 §7.4.1.3"}},
    Entry{
        "", "cipher_suite", {"one cipher suite the client offers", "RFC 8446 §B.4; RFC 5246 §A.5"}},
    Entry{"",
          "legacy_compression_methods",
          {"compression methods: only null (0) is allowed", "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2"}},
    Entry{"",
          "legacy_compression_method",
          {"the compression chosen: always null (0)", "RFC 8446 §4.1.3; RFC 5246 §7.4.1.3"}},
    Entry{"", "methods", {"the compression methods' codes", "RFC 8446 §4.1.2"}},
    Entry{"",
          "extensions",
          {"the list of extensions: everything negotiated beyond the basics", "RFC 8446 §4.2"}},
    Entry{"", "extension", {"one extension: a type and its data", "RFC 8446 §4.2"}},
    Entry{"", "extension_type", {"which extension (IANA ExtensionType registry)", "RFC 8446 §4.2"}},
    Entry{"", "extension_data", {"the extension's body, defined by its type", "RFC 8446 §4.2"}},
    Entry{"",
          "extension:server_name",
          {"SNI: the host name the client wants, so the server can pick a certificate",
           "RFC 6066 §3"}},
    Entry{"",
          "extension:supported_versions",
          {"the TLS versions offered (ClientHello) or chosen (ServerHello)", "RFC 8446 §4.2.1"}},
    Entry{"",
          "extension:supported_groups",
          {"the key exchange groups (curves) the client supports",
           "RFC 8446 §4.2.7; RFC 8422 §5.1.1"}},
    Entry{"",
          "extension:signature_algorithms",
          {"the signature schemes accepted in CertificateVerify (and certificates)",
           "RFC 8446 §4.2.3"}},
    Entry{
        "",
        "extension:key_share",
        {"(EC)DHE public keys: the client's guesses, the server's one answer", "RFC 8446 §4.2.8"}},
    Entry{"",
          "extension:record_size_limit",
          {"the largest record plaintext this side will accept", "RFC 8449 §4"}},
    Entry{"",
          "extension:ec_point_formats",
          {"EC point formats: uncompressed only", "RFC 8422 §5.1.2"}},
    Entry{"",
          "extension:renegotiation_info",
          {"ties a renegotiation to its connection (empty: first handshake)", "RFC 5746 §3.2"}},
    Entry{"",
          "extension:extended_master_secret",
          {"derive the master secret from the whole transcript's hash", "RFC 7627 §4"}},
    Entry{"",
          "extension:session_ticket",
          {"ask for (or present) a TLS 1.2 session ticket", "RFC 5077 §3.2"}},
    Entry{"",
          "extension:psk_key_exchange_modes",
          {"how resumption may be used: with or without a fresh (EC)DHE", "RFC 8446 §4.2.9"}},
    Entry{"",
          "extension:pre_shared_key",
          {"a ticket to resume a session, bound by a binder", "RFC 8446 §4.2.11"}},
    Entry{"",
          "extension:application_layer_protocol_negotiation",
          {"ALPN: the application protocols offered or chosen (h2, http/1.1)", "RFC 7301 §3.1"}},
    Entry{"",
          "extension:signature_algorithms_cert",
          {"the signature schemes accepted in certificates", "RFC 8446 §4.2.3"}},
    Entry{"",
          "extension:certificate_authorities",
          {"the CAs this side trusts, by name", "RFC 8446 §4.2.4"}},
    Entry{"",
          "extension:cookie",
          {"a value the server asks the client to echo (HRR)", "RFC 8446 §4.2.2"}},
    Entry{"", "server_name_list", {"the server names (one host name in practice)", "RFC 6066 §3"}},
    Entry{"", "server_name", {"one server name entry", "RFC 6066 §3"}},
    Entry{"", "name_type", {"the kind of name: host_name (0)", "RFC 6066 §3"}},
    Entry{"", "name", {"the name's bytes", "RFC 6066 §3"}},
    Entry{"", "host_name", {"the DNS name, ASCII, no trailing dot", "RFC 6066 §3"}},
    Entry{"", "versions", {"the versions the client offers, best first", "RFC 8446 §4.2.1"}},
    Entry{"", "version", {"one version", "RFC 8446 §4.2.1"}},
    Entry{"", "selected_version", {"the version the server chose", "RFC 8446 §4.2.1"}},
    Entry{"", "named_group_list", {"the groups, most preferred first", "RFC 8446 §4.2.7"}},
    Entry{"", "group", {"a named group (x25519, secp256r1, ...)", "RFC 8446 §4.2.7"}},
    Entry{"",
          "client_shares",
          {"the client's key shares, one per group it guesses", "RFC 8446 §4.2.8"}},
    Entry{"", "key_share_entry", {"one group and its ephemeral public key", "RFC 8446 §4.2.8"}},
    Entry{"",
          "key_exchange",
          {"the ephemeral public key; with the peer's, it gives the shared secret",
           "RFC 8446 §4.2.8.2"}},
    Entry{"", "key", {"the public key's bytes", "RFC 8446 §4.2.8.2"}},
    Entry{"",
          "supported_signature_algorithms",
          {"signature schemes, most preferred first", "RFC 8446 §4.2.3; RFC 5246 §7.4.1.4.1"}},
    Entry{"", "scheme", {"one signature scheme (algorithm + hash)", "RFC 8446 §4.2.3"}},
    Entry{"", "record_size_limit", {"the limit in bytes", "RFC 8449 §4"}},
    Entry{"", "ec_point_format_list", {"the point formats", "RFC 8422 §5.1.2"}},
    Entry{"", "ec_point_format", {"one point format (0: uncompressed, the only one RFC 8422 keeps)", "RFC 8422 §5.1.2"}},
    Entry{"", "renegotiated_connection", {"empty in a first handshake", "RFC 5746 §3.2"}},
    Entry{"", "data", {"the extension's data", "RFC 8446 §4.2"}},
    // Certificate, CertificateRequest.
    Entry{"",
          "certificate_request_context",
          {"an opaque value echoed in the client's Certificate (empty in the handshake)",
           "RFC 8446 §4.3.2, §4.4.2"}},
    Entry{"", "context", {"the context's bytes", "RFC 8446 §4.4.2"}},
    Entry{"",
          "certificate_list",
          {"the sender's chain, its own certificate first, then the CAs that issued it",
           "RFC 8446 §4.4.2; RFC 5246 §7.4.2"}},
    Entry{"", "certificate_entry", {"one certificate and its extensions", "RFC 8446 §4.4.2"}},
    Entry{"", "cert_data", {"one X.509 certificate, DER", "RFC 8446 §4.4.2; RFC 5280 §4.1"}},
    Entry{"", "asn1_cert", {"one X.509 certificate, DER", "RFC 5246 §7.4.2; RFC 5280 §4.1"}},
    Entry{"", "der", {"DER bytes", "RFC 5280 §4.1"}},
    Entry{"",
          "certificate_types",
          {"the kinds of client key accepted (ecdsa_sign, rsa_sign)", "RFC 5246 §7.4.4"}},
    Entry{"", "certificate_type", {"one client key kind", "RFC 5246 §7.4.4"}},
    Entry{
        "",
        "certificate_authorities",
        {"the CAs the server trusts for client certificates", "RFC 5246 §7.4.4; RFC 8446 §4.2.4"}},
    Entry{"", "authorities", {"the CAs' names", "RFC 8446 §4.2.4"}},
    Entry{"", "authority", {"one CA's distinguished name", "RFC 8446 §4.2.4"}},
    Entry{"", "distinguished_name", {"an X.501 name, DER", "RFC 5280 §4.1.2.4"}},
    // CertificateVerify, ServerKeyExchange, ClientKeyExchange.
    Entry{"CertificateVerify",
          "algorithm",
          {"the signature scheme used", "RFC 8446 §4.4.3; RFC 5246 §7.4.8"}},
    Entry{"CertificateVerify",
          "signature",
          {"a signature over the transcript hash: proves the sender holds the certificate's key",
           "RFC 8446 §4.4.3; RFC 5246 §7.4.8"}},
    Entry{"ServerKeyExchange", "algorithm", {"the signature scheme used", "RFC 5246 §7.4.3"}},
    Entry{"ServerKeyExchange",
          "signature",
          {"the server's signature over both randoms and the ECDHE parameters",
           "RFC 5246 §7.4.3; RFC 8422 §5.4"}},
    Entry{"", "value", {"the signature's bytes", "RFC 8446 §4.4.3"}},
    Entry{"", "params", {"the server's ephemeral ECDHE parameters", "RFC 8422 §5.4"}},
    Entry{"", "signed_params", {"the signature over the parameters", "RFC 8422 §5.4"}},
    Entry{"", "curve_params", {"which curve", "RFC 8422 §5.4"}},
    Entry{"", "curve_type", {"named_curve (3)", "RFC 8422 §5.4"}},
    Entry{"", "namedcurve", {"the named group", "RFC 8422 §5.4"}},
    Entry{"", "public", {"the server's ephemeral public key", "RFC 8422 §5.4"}},
    Entry{"",
          "point",
          {"an ephemeral public key (an EC point or X25519 value)", "RFC 8422 §5.4, §5.7"}},
    Entry{"", "ecdh_Yc", {"the client's ephemeral public key", "RFC 8422 §5.7"}},
    Entry{"",
          "encrypted_pre_master_secret",
          {"the premaster secret encrypted with the server's RSA key", "RFC 5246 §7.4.7.1"}},
    Entry{"CertificateRequest",
          "algorithm",
          {"one signature scheme the server accepts", "RFC 5246 §7.4.4"}},
    Entry{
        "",
        "pre_master_secret",
        {"48 bytes: the client's version and 46 random bytes, RSA-encrypted", "RFC 5246 §7.4.7.1"}},
    Entry{"",
          "ciphertext",
          {"the RSA ciphertext (PKCS #1 v1.5)", "RFC 5246 §7.4.7.1; RFC 8017 §7.2"}},
    // HelloRetryRequest, ALPN.
    Entry{"", "cookie", {"the HelloRetryRequest cookie, echoed by the client", "RFC 8446 §4.2.2"}},
    Entry{"",
          "selected_group",
          {"HelloRetryRequest: the group the server wants a key share for", "RFC 8446 §4.2.8"}},
    Entry{"",
          "protocol_name_list",
          {"the application protocols, most preferred first", "RFC 7301 §3.1"}},
    Entry{"", "protocol_name", {"one protocol (\"h2\", \"http/1.1\")", "RFC 7301 §3.1"}},
    // Resumption.
    Entry{"", "ke_modes", {"the PSK key exchange modes", "RFC 8446 §4.2.9"}},
    Entry{"", "mode", {"psk_dhe_ke (1): resumption with a fresh (EC)DHE", "RFC 8446 §4.2.9"}},
    Entry{"", "identities", {"the tickets offered for resumption", "RFC 8446 §4.2.11"}},
    Entry{"", "identity", {"one ticket as the server issued it", "RFC 8446 §4.2.11"}},
    Entry{"",
          "obfuscated_ticket_age",
          {"the ticket's age plus ticket_age_add, mod 2^32", "RFC 8446 §4.2.11.1"}},
    Entry{"", "binders", {"one HMAC per offered ticket", "RFC 8446 §4.2.11.2"}},
    Entry{"",
          "binder",
          {"an HMAC over the ClientHello so far, with a key from the ticket's secret",
           "RFC 8446 §4.2.11.2"}},
    Entry{"", "hmac", {"the binder's bytes", "RFC 8446 §4.2.11.2"}},
    Entry{"",
          "selected_identity",
          {"which offered ticket the server accepted (0-based)", "RFC 8446 §4.2.11"}},
    Entry{"", "ticket_lifetime", {"how many seconds the ticket may be used", "RFC 8446 §4.6.1"}},
    Entry{"",
          "ticket_age_add",
          {"a random value that hides the ticket's age on the wire", "RFC 8446 §4.6.1"}},
    Entry{"", "ticket_nonce", {"makes each ticket's PSK different", "RFC 8446 §4.6.1"}},
    Entry{"", "nonce", {"the nonce's bytes", "RFC 8446 §4.6.1"}},
    Entry{"",
          "ticket",
          {"the session state, encrypted by the server for itself",
           "RFC 8446 §4.6.1; RFC 5077 §3.3"}},
    Entry{"", "ticket_lifetime_hint", {"how many seconds the ticket may be kept", "RFC 5077 §3.3"}},
    // Finished.
    Entry{"Finished",
          "verify_data",
          {"HMAC over the transcript (TLS 1.2: the PRF): proves both sides saw the same handshake",
           "RFC 8446 §4.4.4; RFC 5246 §7.4.9"}},
    Entry{
        "", "verify_data", {"the peer's last Finished, for secure renegotiation", "RFC 5746 §3.2"}},
};

}  // namespace

const FieldNote* field_note(std::string_view message, std::string_view field) {
  const FieldNote* any = nullptr;
  for (const Entry& e : kEntries) {
    if (e.field != field) continue;
    if (e.message == message) return &e.note;
    if (e.message.empty() && !any) any = &e.note;
  }
  return any;
}

std::string field_glossary_json() {
  JsonWriter w;
  w.begin_object();
  for (const Entry& e : kEntries) {
    std::string key(e.message);
    if (!key.empty()) key += '/';
    key.append(e.field);
    w.key(key);
    w.begin_array();
    w.string(e.note.meaning);
    w.string(e.note.section);
    w.end_array();
  }
  w.end_object();
  return w.text();
}

}  // namespace glasstls::trace
