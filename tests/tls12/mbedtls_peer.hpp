// An mbedTLS 2.28 TLS 1.2 peer (client or server) in process, over memory
// buffers: the oracle the GlassTLS TLS 1.2 handshake is run against
// (tests/tls12/mbedtls_peer_test.cpp). It is fed the same certificates and
// keys as GlassTLS (DER from the fixture's key and trust stores), draws its
// randomness from a CTR_DRBG seeded with a number, and moves bytes like a
// Connection: receive() what the other side sent, take_output() what it says.
//
// mbedTLS is hidden behind this header (the test needs no mbedTLS names); its
// ciphersuite and group ids are the IANA code points.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "handshake/config.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::test {

// What outlives one connection, for resumption (RFC 5246 §7.3 session IDs,
// RFC 5077 tickets): a server's session cache and ticket key, a client's
// saved session. Give the same one to the first and the second MbedPeer.
class MbedResumption {
 public:
  MbedResumption();
  ~MbedResumption();
  MbedResumption(const MbedResumption&) = delete;
  MbedResumption& operator=(const MbedResumption&) = delete;
  struct State;  // mbedtls_peer.cpp
  std::unique_ptr<State> s;
};

struct MbedPeerOptions {
  bool server = false;
  // IANA cipher suites and groups, in preference order (only TLS 1.2 is
  // enabled: min = max = 3.3). Empty: mbedTLS's default.
  std::vector<std::uint16_t> suites;
  std::vector<std::uint16_t> groups;
  // Our chain and key (a server's identity; a client's for mutual TLS).
  const x509::KeyStore* identity = nullptr;
  // The CAs we trust (a client: for the server; a server: for clients, and
  // the names in its CertificateRequest).
  const x509::TrustStore* trust = nullptr;
  // A server: MBEDTLS_SSL_VERIFY_NONE / OPTIONAL / REQUIRED. A client
  // always requires a valid server certificate.
  handshake::ClientAuth client_auth = handshake::ClientAuth::none;
  // mbedtls_ssl_conf_sig_hashes as TLS 1.2 HashAlgorithm codes (4 sha256,
  // 5 sha384, 6 sha512): the hashes offered in signature_algorithms (and a
  // CertificateRequest) and used to sign a ServerKeyExchange. Empty:
  // mbedTLS's default.
  std::vector<std::uint8_t> signature_hashes;
  // mbedtls_ssl_conf_extended_master_secret (mbedTLS's default: enabled).
  bool extended_master_secret = true;
  // A client: SNI and the name checked in the server's certificate.
  std::string server_name = "server.example";
  std::uint64_t seed = 1;
  // Resumption. A server: a session cache (resumption by session ID) when
  // `session_cache`, tickets when `session_tickets`. A client: offers the
  // session_ticket extension when `session_tickets`, and resumes the session
  // saved in `resumption` (save_session()) when there is one.
  MbedResumption* resumption = nullptr;
  bool session_cache = false;
  bool session_tickets = false;
};

class MbedPeer {
 public:
  enum class Status { done, waiting, failed };

  explicit MbedPeer(const MbedPeerOptions& options);
  ~MbedPeer();
  MbedPeer(const MbedPeer&) = delete;
  MbedPeer& operator=(const MbedPeer&) = delete;

  // Bytes from the other side (any split) and bytes to send to it.
  void receive(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> take_output();

  // Runs the handshake as far as the received bytes allow.
  Status handshake();
  bool handshake_done() const;
  // Application data: write all of it (several records); read what has
  // arrived. Both return false on an mbedTLS error (error() says which); a
  // close_notify from the peer is not an error (peer_closed()).
  bool write(std::span<const std::uint8_t> data);
  bool read(std::vector<std::uint8_t>& out);
  bool close_notify();
  bool peer_closed() const { return peer_closed_; }

  // The last mbedTLS error (0: none) and its text.
  int error() const { return error_; }
  std::string error_text() const;
  // The description of a fatal alert the peer sent us, if one ended the
  // handshake (MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE).
  std::optional<std::uint8_t> received_alert() const { return received_alert_; }
  // A server: the handshake ended with MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE
  // (client authentication required, an empty Certificate received).
  bool refused_missing_client_certificate() const;

  // What mbedTLS negotiated. The group and EMS flag are read from its
  // handshake parameters while the handshake runs (mbedTLS 2.28 frees them
  // at the end and has no accessor): 0 / false until then.
  std::uint16_t cipher_suite() const;             // from mbedtls_ssl_get_ciphersuite
  std::uint16_t group() const { return group_; }  // 0 for RSA key transport
  bool extended_master_secret() const { return extended_ms_; }
  // The peer's leaf certificate (empty: none) and mbedTLS's verdict on it
  // (mbedtls_ssl_get_verify_result flags, 0 = valid).
  std::vector<std::uint8_t> peer_certificate() const;
  std::string peer_subject() const;  // mbedtls_x509_dn_gets: "CN=client"
  std::uint32_t verify_result() const;
  // RFC 5705 keying material with a context, computed by mbedtls_ssl_tls_prf
  // from the master secret and randoms mbedTLS exported
  // (mbedtls_ssl_conf_export_keys_ext_cb): PRF(master_secret, label,
  // client_random + server_random + uint16 context length + context).
  std::vector<std::uint8_t> export_keying_material(std::string_view label,
                                                   std::span<const std::uint8_t> context,
                                                   std::size_t length) const;

  // A client: keeps this connection's session in the options' resumption.
  void save_session();
  // The handshake was an abbreviated one (mbedTLS resumed a session).
  bool resumed() const { return resumed_; }

  struct State;  // the mbedTLS contexts and the buffers (mbedtls_peer.cpp)

 private:
  void note_handshake_parameters();
  std::unique_ptr<State> s_;
  int error_ = 0;
  std::optional<std::uint8_t> received_alert_;
  std::uint16_t group_ = 0;
  bool extended_ms_ = false;
  bool resumed_ = false;
  bool peer_closed_ = false;
  MbedResumption* resumption_ = nullptr;
};

}  // namespace glasstls::test
