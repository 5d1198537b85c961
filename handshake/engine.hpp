// Engine: the inside of a Connection (internal header). What both roles share
// lives in four files: engine.cpp (records in and out, handshake message
// assembly, the state table check, alerts), engine_keys.cpp (key schedule
// stages, traffic keys, Finished), engine_authentication.cpp (certificates and
// CertificateVerify) and engine_application.cpp (application data, KeyUpdate,
// close, the exporter, and the Connection over the Engine). client13.cpp and
// server13.cpp hold each role's handshake, message by message.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handshake/authentication.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/connection.hpp"
#include "handshake/hello.hpp"
#include "handshake/key_exchange.hpp"
#include "handshake/key_exchange12.hpp"
#include "handshake/key_schedule.hpp"
#include "handshake/key_schedule12.hpp"
#include "handshake/messages12.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/server_params.hpp"
#include "handshake/transcript.hpp"
#include "record/record_layer.hpp"
#include "trace/field_tree.hpp"
#include "x509/path.hpp"

namespace glasstls::handshake {

// AlertLevel (RFC 8446 §6): warning(1), fatal(2).
inline constexpr std::uint8_t kWarning = 1;
inline constexpr std::uint8_t kFatal = 2;

// Proof that the peer's Finished was correct (RFC 8446 §4.4.4): only
// Engine::verify_finished() makes one; entering CONNECTED requires it.
class FinishedVerified {
 private:
  FinishedVerified() = default;
  friend class Engine;
};

// Proof that the peer's certificate chain was accepted: validated by x509/
// (RFC 5280 §6: the x509::VerifiedChain only x509::verify_path() makes), or
// taken unchecked because Config::insecure_skip_verify says so. Only
// Engine::validate_peer_chain() makes one; CertificateVerify needs its key.
class VerifiedChain {
 public:
  const x509::Certificate& leaf() const { return path_.front(); }
  const std::vector<x509::Certificate>& path() const { return path_; }

 private:
  explicit VerifiedChain(const x509::VerifiedChain& verified) : path_(verified.chain()) {}
  // Config::insecure_skip_verify only: the chain as the peer sent it.
  static VerifiedChain unchecked(std::vector<x509::Certificate> sent) {
    VerifiedChain c;
    c.path_ = std::move(sent);
    return c;
  }
  VerifiedChain() = default;
  std::vector<x509::Certificate> path_;
  friend class Engine;
};

class Engine {
 public:
  Engine(const Config& config, Role role, std::string server_name);

  // ---- the Connection API
  Result<void> start();  // a client sends its ClientHello
  Result<void> receive(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> take_output();
  Result<void> write(std::span<const std::uint8_t> data);
  std::vector<std::uint8_t> read();
  void close();
  Result<void> update_keys(bool request_peer);
  Result<void> send_handshake_message(std::span<const std::uint8_t> message);
  Result<std::vector<std::uint8_t>> export_keying_material(std::string_view label,
                                                           std::span<const std::uint8_t> context,
                                                           std::size_t length) const;
  State state() const { return state_; }
  bool handshake_done() const { return state_ == State::connected; }
  bool peer_closed() const { return peer_closed_; }
  const Negotiated& negotiated() const { return negotiated_; }
  const std::optional<Error>& error() const { return error_; }

 private:
  // ---- engine.cpp: shared machinery
  Result<void> process_records();
  Result<void> on_record(const record::InRecord& rec);
  Result<void> on_handshake_bytes(std::span<const std::uint8_t> content);
  Result<void> on_message(HandshakeType type, std::span<const std::uint8_t> message);
  Result<void> on_alert(std::span<const std::uint8_t> content);
  Result<void> on_change_cipher_spec(const record::InRecord& rec);
  Result<void> on_key_update(std::span<const std::uint8_t> message);
  Result<void> fail(Error e);
  // A session this connection put into a cache (a ticket, or a TLS 1.2
  // session ID), so that fail() can take it out again.
  void remember_saved_session(const Bytes& id) { saved_sessions_.push_back(id); }
  void forget_saved_sessions();
  void move_to(State to, HandshakeType cause);
  void move_internal(State to, std::string_view cause);

  // Adds a handshake message to the transcript and to the current flight.
  // A message its builder could not make (no bytes) is not added: the next
  // flush_flight() fails with internal_error instead of sending a flight
  // without it.
  void send_message(HandshakeType type, const Bytes& message);
  Result<void> flush_flight();
  void send_change_cipher_spec();
  // Reports a message to the trace with its fields: for a message we send,
  // the tree its builder reported into sent_fields(); for one we receive, the
  // tree its parser reports.
  void trace_message(trace::Direction d, HandshakeType type, std::span<const std::uint8_t> m);
  // Where the builder of the next message we send reports its fields (a
  // fresh tree), or nullptr when no trace sink is attached.
  crypto::FieldSink* sent_fields();
  void trace_state(State from, std::string_view cause, State to) const;
  void trace_decision(std::string_view what, std::string choice, std::string_view reason) const;
  void trace_transcript(std::string_view point, const Digest& d) const;
  void key_log(std::string_view label, const HashSecret& secret) const;

  // The key schedule's two stages both roles run (RFC 8446 §7.1).
  void derive_handshake_secrets(std::span<const std::uint8_t> psk,
                                std::span<const std::uint8_t> shared_secret);
  void derive_application_secrets();
  Result<std::unique_ptr<record::Protection>> protection_for(const HashSecret& secret);
  Result<void> install_read_keys(const HashSecret& secret);
  Result<void> install_write_keys(const HashSecret& secret);
  // RFC 8449: the peer's record_size_limit bounds the protected records we
  // send; checked (64 at least; at most this version's maximum, 2^14 for TLS
  // 1.2) and applied for negotiated_.version.
  Result<void> apply_peer_record_size_limit(std::uint16_t limit);
  // What we advertise: Config::record_size_limit, at most `version`'s maximum.
  std::uint16_t own_record_size_limit(std::uint16_t version) const;
  Result<Bytes> finished_for(const HashSecret& base_key);
  Result<FinishedVerified> verify_finished(const HashSecret& base_key,
                                           std::span<const std::uint8_t> message);
  Result<VerifiedChain> validate_peer_chain(const CertificateMessage& msg, x509::Purpose purpose);
  Result<SignatureVerified> check_certificate_verify(const VerifiedChain& chain,
                                                     std::span<const std::uint8_t> message,
                                                     const std::vector<std::uint16_t>& offered);
  Bytes build_certificate(const x509::KeyStore* identity, const Bytes& context);
  Result<Bytes> build_certificate_verify(const x509::KeyStore& identity, std::uint16_t scheme);
  void enter_connected(const FinishedVerified&);

  // ---- client13.cpp
  Result<void> client_send_hello();
  Result<ClientHello> client_build_hello();
  Result<void> client_add_binders(ClientHello& ch, Bytes& message);
  Result<void> client_on_server_hello(std::span<const std::uint8_t> m);
  Result<void> client_on_hello_retry(const ServerHello& hrr, std::span<const std::uint8_t> m);
  Result<void> client_on_encrypted_extensions(std::span<const std::uint8_t> m);
  Result<void> client_on_certificate_request(std::span<const std::uint8_t> m);
  Result<void> client_on_certificate(std::span<const std::uint8_t> m);
  Result<void> client_on_certificate_verify(std::span<const std::uint8_t> m);
  Result<void> client_on_finished(std::span<const std::uint8_t> m);
  Result<void> client_on_new_session_ticket(std::span<const std::uint8_t> m);

  // ---- engine12.cpp: what both TLS 1.2 roles share (RFC 5246)
  Result<void> tls12_derive_master_secret(std::span<const std::uint8_t> pre_master_secret);
  // The key block from the master secret (new or resumed): the protections
  // our ChangeCipherSpec and the peer's will switch on.
  Result<void> tls12_prepare_keys();
  // What a TLS 1.2 session keeps for resumption (RFC 5246 §7.4.1.2, RFC 5077).
  SessionState tls12_session_state() const;
  Result<std::unique_ptr<record::Protection>> protection12(const WriteKeys12& keys);
  Result<void> send_change_cipher_spec12();
  Result<void> on_change_cipher_spec12(const record::InRecord& rec);
  Result<void> send_finished12();
  Result<FinishedVerified> verify_finished12(std::span<const std::uint8_t> message);
  Result<VerifiedChain> validate_chain12(const Certificate12& msg, x509::Purpose purpose);
  Bytes build_certificate12(const x509::KeyStore* identity);
  Result<Bytes> build_certificate_verify12(const x509::KeyStore& identity, std::uint16_t scheme);
  Result<SignatureVerified> check_certificate_verify12(const VerifiedChain& chain,
                                                       std::span<const std::uint8_t> message,
                                                       const std::vector<std::uint16_t>& offered);
  Result<void> refuse_renegotiation();

  // ---- client12.cpp (RFC 5246 §7.3, the client's side)
  Result<void> client12_on_server_hello(const ServerHello& sh, std::span<const std::uint8_t> m);
  Result<void> client12_on_certificate(std::span<const std::uint8_t> m);
  Result<void> client12_on_server_key_exchange(std::span<const std::uint8_t> m);
  Result<void> client12_on_certificate_request(std::span<const std::uint8_t> m);
  Result<void> client12_on_server_hello_done(std::span<const std::uint8_t> m);
  Result<void> client12_on_new_session_ticket(std::span<const std::uint8_t> m);
  Result<void> client12_on_finished(std::span<const std::uint8_t> m);
  Result<void> client12_resume(const ServerHello& sh);
  void client12_save_session();

  // ---- server12.cpp (RFC 5246 §7.3, the server's side)
  Result<void> server12_on_client_hello(const ClientHello& ch, std::span<const std::uint8_t> m);
  Result<void> server12_on_certificate(std::span<const std::uint8_t> m);
  Result<void> server12_on_client_key_exchange(std::span<const std::uint8_t> m);
  Result<void> server12_on_certificate_verify(std::span<const std::uint8_t> m);
  Result<void> server12_on_finished(std::span<const std::uint8_t> m);
  Result<void> server12_send_ticket();

  // ---- server13.cpp
  Result<void> server_on_client_hello(std::span<const std::uint8_t> m);
  Result<void> server_send_flight(const ClientHello& ch, std::span<const std::uint8_t> m);
  Result<void> server_on_certificate(std::span<const std::uint8_t> m);
  Result<void> server_on_certificate_verify(std::span<const std::uint8_t> m);
  Result<void> server_on_finished(std::span<const std::uint8_t> m);
  Result<void> server_send_tickets();

  // ---- state
  const Config& config_;
  Role role_;
  trace::TraceSink* sink_;
  trace::FieldTree sent_tree_;
  record::RecordLayer records_;
  State state_ = State::start;
  State message_from_ = State::start;  // the state the message being handled arrived in
  std::optional<Error> error_;
  std::optional<Error> unbuilt_message_;  // see send_message()
  std::vector<Bytes> saved_sessions_;  // see remember_saved_session()
  bool peer_closed_ = false;
  bool sent_close_ = false;
  Negotiated negotiated_;

  Bytes handshake_in_;  // handshake bytes not yet a whole message
  Bytes flight_;        // handshake messages to send in the current epoch
  std::vector<std::uint8_t> app_in_;
  bool sent_ccs_ = false;
  bool key_update_queued_ = false;
  std::size_t early_data_skip_ = 0;  // bytes of refused 0-RTT still to skip (§4.2.10)

  Transcript transcript_;
  std::optional<KeySchedule> keys_;
  const SuiteInfo* suite_ = nullptr;
  HashSecret client_hs_, server_hs_, client_ap_, server_ap_, exporter_, resumption_;
  Random client_random_{};

  // client
  std::vector<KeyShare> my_shares_;
  Bytes session_id_;
  std::vector<std::uint16_t> offered_suites_;
  // The suites and session ID as sent, after Config::edit_client_hello: what
  // the server's answer is checked against.
  std::vector<std::uint16_t> sent_suites_;
  std::vector<std::uint16_t> offered_schemes_;
  std::vector<std::uint16_t> offered_extensions_;
  std::optional<std::uint16_t> hrr_group_;
  Bytes hrr_cookie_;
  std::optional<ClientSessionCache::Entry> offered_session_;
  bool psk_accepted_ = false;
  bool certificate_requested_ = false;
  Bytes certificate_request_context_;
  std::vector<std::uint16_t> server_requested_schemes_;
  // The identity (and scheme) answering the CertificateRequest; null: an
  // empty Certificate.
  const x509::KeyStore* client_identity_ = nullptr;
  std::uint16_t client_scheme_ = 0;
  std::optional<VerifiedChain> peer_chain_;
  std::optional<SignatureVerified> peer_signature_;
  ClientHello first_hello_;

  // TLS 1.2
  struct Tls12 {
    std::optional<KeySchedule12> keys;
    Random server_random{};
    std::optional<KeyShare> share;  // our ephemeral ECDHE key
    Bytes peer_point;               // client: the server's ECDHE public key
    bool certificate_requested = false;
    std::vector<std::uint16_t> requested_schemes;         // client: the server's CertificateRequest
    std::unique_ptr<record::Protection> read_after_ccs;   // installed at the peer's CCS
    std::unique_ptr<record::Protection> write_after_ccs;  // installed at our CCS
    bool resumed = false;        // an abbreviated handshake (RFC 5246 §7.3)
    bool ticket_coming = false;  // client: the server will send a NewSessionTicket
    bool send_ticket = false;    // server: the client takes tickets (RFC 5077 §3.2)
    Bytes session_id;            // the session ID of this session (may be empty)
    std::optional<NewSessionTicket12> new_ticket;  // client: the ticket the server sent
  } tls12_;

  // server
  std::uint16_t client_hello_version_ = 0;  // TLS 1.2 RSA key transport checks it (§7.4.7.1)
  const x509::KeyStore* identity_ = nullptr;
  std::uint16_t our_scheme_ = 0;
  std::optional<std::uint16_t> hrr_sent_group_;
  Bytes server_cookie_;
  std::vector<std::uint16_t> client_schemes_;
};

}  // namespace glasstls::handshake
