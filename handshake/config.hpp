// Config: everything a Connection is told before it starts — who we are
// (key stores), whom we trust (a trust store), what we offer, and the
// injected services (randomness, clock, trace sink). One Config can serve
// many connections; it must outlive them.
//
//   Config server;                         // a server with one identity
//   server.identities.push_back(key_store);
//   auto conn = Connection::server(server);
//
//   Config client;                         // a client that checks the server
//   client.trust = &roots;
//   auto conn = Connection::client(client, "www.example.com");
//
// Mutual TLS ("two-way SSL"): the server sets client_auth and a trust store of
// the CAs that issue client certificates; the client puts its own key store
// in identities.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/rng.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/extensions.hpp"
#include "handshake/session.hpp"
#include "trace/events.hpp"
#include "x509/key_store.hpp"
#include "x509/path.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::x509 {
class PublicSuffixList;  // x509/identity.hpp
}  // namespace glasstls::x509

namespace glasstls::handshake {

struct ClientHello;

// RFC 8446 §4.3.2: whether the server asks for a client certificate.
enum class ClientAuth : std::uint8_t {
  none,      // no CertificateRequest
  optional,  // CertificateRequest; an empty client Certificate is accepted
  required,  // CertificateRequest; an empty client Certificate is certificate_required
};

// Whose order of cipher suites (and groups, ALPN protocols) wins on a server.
enum class ServerPreference : std::uint8_t { server_order, client_order };

struct Config {
  // ---- services
  crypto::Rng* rng = &crypto::os_rng();
  trace::TraceSink* trace = nullptr;
  // Which implementations protect our records (crypto/aead.hpp).
  crypto::CryptoProvider crypto;
  // Seconds since the Unix epoch (certificate validity, ticket ages).
  std::function<std::int64_t()> clock;  // empty: the system clock

  // ---- identity and trust
  // Our chains and keys. A server may hold several (RSA and ECDSA, several
  // names) and picks one by SNI and the client's signature_algorithms; a
  // client answers a CertificateRequest with the first that fits it (a
  // requested signature scheme, a listed CA).
  // (Shared: key stores hold private keys, which are never copied.)
  std::vector<std::shared_ptr<const x509::KeyStore>> identities;
  // A client: the roots that vouch for servers. A server: the CAs that vouch
  // for clients (their names go into certificate_authorities).
  const x509::TrustStore* trust = nullptr;
  // A client: the Public Suffix List (x509::PublicSuffixList::parse of the
  // list's text; the library reads no file) for the browsers' wildcard rule,
  // CA/B Forum BR §3.2.2.6: no "*.co.uk". Null: only a wildcard right under
  // a top-level domain ("*.com") is refused.
  std::shared_ptr<const x509::PublicSuffixList> public_suffixes;
  // How the peer's chain is validated (x509/path.hpp, docs/x509.md "RFC 5280
  // vs. what browsers enforce"). Empty: by role — a client checks its server
  // with webpki (RFC 5280 and the CA/Browser Forum Baseline Requirements, as a
  // browser does), a server its mutual-TLS clients with rfc5280. A client of a
  // private PKI whose CA does not follow the Baseline Requirements (a Common
  // Name that is not one of the SAN values, ...) sets rfc5280.
  std::optional<x509::ValidationProfile> profile;
  // A client with no trust store refuses to connect unless this is set
  // (then the server's certificate is not checked — for tests and demos).
  bool insecure_skip_verify = false;
  ClientAuth client_auth = ClientAuth::none;
  // RSA keys below this size are refused in certificates and signatures.
  std::size_t min_rsa_bits = 2048;

  // ---- what we offer (in our order of preference)
  // kTls13 and/or kTls12: a client offers them all, a server picks the
  // highest both speak (RFC 8446 §4.2.1, §D).
  std::vector<std::uint16_t> versions = {kTls13};
  // Empty: default_suites() of each version in `versions` (TLS 1.2: ECDHE
  // only; the RSA key-transport suites only when listed here).
  std::vector<std::uint16_t> cipher_suites;
  std::vector<std::uint16_t> groups;  // empty: x25519, secp256r1, secp384r1
  // A client: groups it sends a key share for in its first ClientHello
  // (empty: the first of `groups`).
  std::vector<std::uint16_t> key_share_groups;
  std::vector<std::uint16_t> signature_schemes;  // empty: default_signature_schemes()
  std::vector<std::string> alpn;                 // empty: no ALPN
  ServerPreference preference = ServerPreference::server_order;
  // TLS 1.2: refuse a peer without extended_master_secret (RFC 7627 §5.2,
  // §5.3: its master secret is not bound to the handshake, the triple
  // handshake attack).
  bool require_extended_master_secret = true;

  // ---- records
  std::uint16_t record_size_limit = 16385;  // RFC 8449 §4: what we accept (sent when offered)
  std::size_t record_padding = 0;           // zero bytes added to each protected record
  // RFC 8446 §D.4: the client sends a legacy_session_id and dummy
  // ChangeCipherSpec records, for middleboxes.
  bool middlebox_compatibility = true;
  // The largest handshake message we accept (a Certificate chain may be long).
  std::size_t max_handshake_message = 64 * 1024;

  // ---- resumption
  // A server: tickets sent after each full handshake (RFC 8446 §4.6.1).
  std::size_t tickets_per_handshake = 2;
  std::uint32_t ticket_lifetime = 7200;  // seconds (at most 604800, §4.6.1)
  // A server: what seals its tickets (shared by connections, e.g. a
  // TicketKeys; null: no tickets, no resumption).
  std::shared_ptr<Ticketer> ticket_keys;
  // Accept psk_ke (PSK without (EC)DHE, no forward secrecy).
  bool allow_psk_ke = false;
  // A client: where tickets (TLS 1.2: also session IDs) are kept by server
  // name (null: no resumption).
  std::shared_ptr<ClientSessionCache> session_cache;
  // A TLS 1.2 server: sessions by session ID (null: no session IDs; tickets
  // come from ticket_keys, RFC 5077).
  std::shared_ptr<ServerSessionCache> server_session_cache;

  // ---- for the conformance runner and tests: edit our messages after they
  // are built. edit_client_hello runs before the PSK binders are computed;
  // edit_extensions on each extension block we build (ServerHello,
  // EncryptedExtensions, CertificateRequest, NewSessionTicket).
  std::function<void(ClientHello&)> edit_client_hello;
  std::function<void(HandshakeType, Extensions&)> edit_extensions;

  std::int64_t now() const;
  std::vector<std::uint16_t> effective_suites() const;
  bool allows(std::uint16_t version) const;
  std::vector<std::uint16_t> effective_groups() const;
  std::vector<std::uint16_t> effective_signature_schemes() const;
};

}  // namespace glasstls::handshake
