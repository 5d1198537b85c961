#include "handshake/engine.hpp"

#include <algorithm>

#include "crypto/ct.hpp"
#include "record/tls13_protection.hpp"
#include "trace/field_tree.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using record::ContentType;

constexpr std::uint8_t kWarning = 1;
constexpr std::uint8_t kFatal = 2;

// Parses `message` with a FieldTree attached, so the trace shows the fields
// exactly as the parser reads them.
void parse_for_trace(HandshakeType type, std::span<const std::uint8_t> m, std::size_t hash_length,
                     trace::FieldTree& tree) {
  switch (type) {
    case HandshakeType::client_hello: (void)ClientHello::parse(m, &tree); break;
    case HandshakeType::server_hello: (void)ServerHello::parse(m, &tree); break;
    case HandshakeType::encrypted_extensions: (void)EncryptedExtensions::parse(m, &tree); break;
    case HandshakeType::certificate_request: (void)CertificateRequest::parse(m, &tree); break;
    case HandshakeType::certificate: (void)CertificateMessage::parse(m, &tree); break;
    case HandshakeType::certificate_verify: (void)CertificateVerify::parse(m, &tree); break;
    case HandshakeType::finished: (void)Finished::parse(m, hash_length, &tree); break;
    case HandshakeType::new_session_ticket: (void)NewSessionTicket::parse(m, &tree); break;
    case HandshakeType::key_update: (void)KeyUpdate::parse(m, &tree); break;
    default: break;
  }
}

}  // namespace

Engine::Engine(const Config& config, Role role, std::string server_name)
    : config_(config), role_(role), sink_(config.trace), records_(config.trace) {
  negotiated_.server_name = std::move(server_name);
  records_.set_padding(config.record_padding);
}

// ---- trace helpers

void Engine::trace_message(trace::Direction d, HandshakeType type,
                           std::span<const std::uint8_t> m) {
  if (!sink_) return;
  trace::FieldTree tree;
  parse_for_trace(type, m, suite_ ? crypto::digest_size(suite_->hash) : 32, tree);
  tree.fill_lengths(m);
  const std::string name = handshake_type_name(code(type));
  trace::MessageEvent e{d, code(type), name, m, &tree.nodes()};
  sink_->on_event(e);
}

void Engine::trace_state(State from, std::string_view cause, State to) const {
  if (!sink_) return;
  sink_->on_event(trace::StateEvent{role_ == Role::client ? "client" : "server", state_name(from),
                                    cause, state_name(to)});
}

void Engine::trace_decision(std::string_view what, std::string choice,
                            std::string_view reason) const {
  if (sink_) sink_->on_event(trace::DecisionEvent{what, std::move(choice), reason});
}

void Engine::trace_transcript(std::string_view point, const Digest& d) const {
  if (sink_) sink_->on_event(trace::TranscriptEvent{point, d.view()});
}

void Engine::key_log(std::string_view label, const HashSecret& secret) const {
  if (sink_ && sink_->wants_secrets()) {
    sink_->on_event(trace::KeyLogEvent{label, client_random_, secret.bytes()});
  }
}

void Engine::move_to(State to, HandshakeType cause) {
  // Reported as the row of the state table the message took: from the state
  // it arrived in (a server passes RECVD_CH, NEGOTIATED and WAIT_FLIGHT2
  // within one ClientHello; those steps are reported on their own, under
  // names that are not messages).
  trace_state(message_from_, handshake_type_name(code(cause)), to);
  state_ = to;
}

void Engine::move_internal(State to, std::string_view cause) {
  trace_state(state_, cause, to);
  state_ = to;
}

// ---- failures and alerts

Result<void> Engine::fail(Error e) {
  if (error_) return *error_;
  error_ = e;
  if (e.origin == ErrorOrigin::local) {
    // RFC 8446 §6.2: "Upon transmission of a fatal alert, the sender MUST
    // close the connection" — one alert, then nothing more from us.
    const std::uint8_t alert[2] = {kFatal, static_cast<std::uint8_t>(e.alert)};
    flight_.clear();
    (void)records_.write(ContentType::alert, alert);
    if (sink_) {
      sink_->on_event(trace::AlertEvent{trace::Direction::sent, kFatal,
                                        static_cast<std::uint8_t>(e.alert), e.rule});
    }
  }
  state_ = State::closed;
  app_in_.clear();
  return e;
}

Result<void> Engine::on_alert(std::span<const std::uint8_t> content) {
  // RFC 8446 §5.1: "Alert messages (Section 6) MUST NOT be fragmented across
  // records, and multiple alert messages MUST NOT be coalesced into a single
  // TLSPlaintext record."
  if (content.size() != 2) {
    return make_error(AD::decode_error,
                      "RFC 8446 §5.1: an alert record holds exactly one two-byte alert");
  }
  const std::uint8_t level = content[0], description = content[1];
  if (sink_) {
    sink_->on_event(trace::AlertEvent{trace::Direction::received, level, description, {}});
  }
  // RFC 8446 §6.1: close_notify — "any data received after a closure alert
  // has been received MUST be ignored."
  if (description == static_cast<std::uint8_t>(AD::close_notify)) {
    peer_closed_ = true;
    return success();
  }
  // RFC 8446 §6.1: user_canceled is a warning followed by close_notify.
  if (description == static_cast<std::uint8_t>(AD::user_canceled) && level == kWarning) {
    return success();
  }
  // RFC 8446 §6.2: "All the alerts listed in Section 6.2 MUST be sent with
  // AlertLevel=fatal and MUST be treated as error alerts when received
  // regardless of the AlertLevel in the message."
  Error e = make_error(static_cast<AD>(description),
                       "RFC 8446 §6.2: the peer ended the connection with this alert");
  e.origin = ErrorOrigin::peer;
  return e;
}

Result<void> Engine::on_change_cipher_spec(const record::InRecord& rec) {
  // RFC 8446 §5: "An implementation may receive an unencrypted record of type
  // change_cipher_spec consisting of the single byte value 0x01 at any time
  // after the first ClientHello message has been sent or received and before
  // the peer's Finished message has been received and MUST simply drop it
  // without further processing. [...] An implementation which receives any
  // other change_cipher_spec value or which receives a protected
  // change_cipher_spec record MUST abort the handshake with an
  // "unexpected_message" alert."
  const bool after_client_hello =
      role_ == Role::client || state_ != State::start || hrr_sent_group_.has_value();
  const bool before_peer_finished = state_ != State::connected && state_ != State::closed;
  if (rec.was_protected || rec.content.size() != 1 || rec.content[0] != 1) {
    return make_error(AD::unexpected_message,
                      "RFC 8446 §5: a change_cipher_spec record must be unprotected and hold "
                      "the single byte 0x01");
  }
  if (!after_client_hello || !before_peer_finished) {
    return make_error(AD::unexpected_message,
                      "RFC 8446 §5: change_cipher_spec before the first ClientHello or after "
                      "the peer's Finished");
  }
  return success();
}

// ---- receiving

Result<void> Engine::receive(std::span<const std::uint8_t> bytes) {
  if (error_) return *error_;
  records_.receive(bytes);
  if (auto r = process_records(); !r) return fail(r.error());
  if (auto f = flush_flight(); !f) return fail(f.error());
  return success();
}

Result<void> Engine::process_records() {
  for (;;) {
    if (peer_closed_) {
      // RFC 8446 §6.1: data after close_notify is ignored.
      return success();
    }
    auto next = records_.next();
    if (!next) {
      // RFC 8446 §4.2.10: a server that refuses 0-RTT skips the client's
      // early data records (they fail to decrypt) up to its limit.
      if (next.error().alert == AD::bad_record_mac && early_data_skip_ > 0) {
        early_data_skip_ -= std::min(early_data_skip_, record::kMaxCiphertext13);
        continue;
      }
      return next.error();
    }
    if (!next->has_value()) return success();
    if (auto r = on_record(**next); !r) return r;
  }
}

Result<void> Engine::on_record(const record::InRecord& rec) {
  early_data_skip_ = rec.was_protected ? 0 : early_data_skip_;
  // RFC 8446 §5.1: "Handshake messages MUST NOT be interleaved with other
  // record types. That is, if a handshake message is split over two or more
  // records, there MUST NOT be any other records between them."
  if (rec.type != ContentType::handshake && !handshake_in_.empty()) {
    return make_error(AD::unexpected_message,
                      "RFC 8446 §5.1: handshake messages must not be interleaved with other "
                      "record types");
  }
  switch (rec.type) {
    case ContentType::change_cipher_spec: return on_change_cipher_spec(rec);
    case ContentType::alert:
      // Before the handshake ends a peer that could not derive keys sends
      // its alert in the clear; afterwards alerts are protected.
      if (!rec.was_protected && records_.read_protected() && state_ == State::connected) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5: an unprotected alert after the handshake");
      }
      return on_alert(rec.content);
    case ContentType::handshake:
      if (!rec.was_protected && records_.read_protected()) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5: an unprotected handshake record once keys are in use");
      }
      // RFC 8446 §5.1: "Implementations MUST NOT send zero-length fragments
      // of Handshake types, even if those fragments contain padding."
      if (rec.content.empty()) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5.1: a zero-length handshake fragment");
      }
      return on_handshake_bytes(rec.content);
    case ContentType::application_data:
      // RFC 8446 §2: application data only under application traffic keys.
      if (!rec.was_protected || state_ != State::connected) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §2: application data before the handshake is complete");
      }
      app_in_.insert(app_in_.end(), rec.content.begin(), rec.content.end());
      return success();
    case ContentType::invalid: break;
  }
  return make_error(AD::unexpected_message, "RFC 8446 §5: an unexpected record type");
}

Result<void> Engine::on_handshake_bytes(std::span<const std::uint8_t> content) {
  handshake_in_.insert(handshake_in_.end(), content.begin(), content.end());
  std::size_t at = 0;
  while (handshake_in_.size() - at >= kMessageHeaderSize) {
    const std::uint8_t* h = handshake_in_.data() + at;
    const std::size_t length = std::size_t{h[1]} << 16 | std::size_t{h[2]} << 8 | h[3];
    // A bound of ours, checked on the header so a claimed 16 MiB message
    // costs nothing.
    if (length > config_.max_handshake_message) {
      return make_error(AD::unexpected_message,
                        "RFC 8446 §4: a handshake message larger than this endpoint accepts "
                        "(Config::max_handshake_message)")
          .with_found(static_cast<std::uint32_t>(length));
    }
    if (handshake_in_.size() - at < kMessageHeaderSize + length) break;
    const auto* protection_before = records_.read_protection();
    const Bytes message(h, h + kMessageHeaderSize + length);
    at += kMessageHeaderSize + length;
    if (auto r = on_message(static_cast<HandshakeType>(message[0]), message); !r) return r;
    // RFC 8446 §5.1: "Handshake messages MUST NOT span key changes.
    // Implementations MUST verify that all messages immediately preceding a
    // key change align with a record boundary".
    if (records_.read_protection() != protection_before && at != handshake_in_.size()) {
      return make_error(AD::unexpected_message,
                        "RFC 8446 §5.1: a key change must fall on a record boundary");
    }
  }
  handshake_in_.erase(handshake_in_.begin(),
                      handshake_in_.begin() + static_cast<std::ptrdiff_t>(at));
  return success();
}

Result<void> Engine::on_message(HandshakeType type, std::span<const std::uint8_t> m) {
  if (!message_allowed(role_, state_, type)) {
    return make_error(AD::unexpected_message,
                      "RFC 8446 §6.2 (Appendix A): a handshake message not expected in this state")
        .with_found(code(type));
  }
  message_from_ = state_;
  trace_message(trace::Direction::received, type, m);
  const bool client = role_ == Role::client;
  switch (type) {
    case HandshakeType::client_hello: return server_on_client_hello(m);
    case HandshakeType::server_hello: return client_on_server_hello(m);
    case HandshakeType::encrypted_extensions: return client_on_encrypted_extensions(m);
    case HandshakeType::certificate_request: return client_on_certificate_request(m);
    case HandshakeType::certificate:
      return client ? client_on_certificate(m) : server_on_certificate(m);
    case HandshakeType::certificate_verify:
      return client ? client_on_certificate_verify(m) : server_on_certificate_verify(m);
    case HandshakeType::finished: return client ? client_on_finished(m) : server_on_finished(m);
    case HandshakeType::new_session_ticket: return client_on_new_session_ticket(m);
    case HandshakeType::key_update: return on_key_update(m);
    default: break;
  }
  return make_error(AD::unexpected_message, "RFC 8446 §4: an unexpected handshake message")
      .with_found(code(type));
}

// ---- sending

void Engine::send_message(HandshakeType type, const Bytes& message) {
  transcript_.add(message);
  flight_.insert(flight_.end(), message.begin(), message.end());
  trace_message(trace::Direction::sent, type, message);
}

Result<void> Engine::flush_flight() {
  if (flight_.empty()) return success();
  auto r = records_.write(ContentType::handshake, flight_);
  flight_.clear();
  return r;
}

void Engine::send_change_cipher_spec() {
  // RFC 8446 §D.4: "the client [...] sends a dummy change_cipher_spec record
  // immediately before its second flight"; the server "immediately after its
  // first handshake message". Sent once, never protected.
  if (sent_ccs_ || !config_.middlebox_compatibility) return;
  static constexpr std::uint8_t kCcs[1] = {1};
  (void)flush_flight();
  (void)records_.write(ContentType::change_cipher_spec, kCcs);
  sent_ccs_ = true;
}

std::vector<std::uint8_t> Engine::take_output() {
  key_update_queued_ = false;
  return records_.take_output();
}

// ---- keys

void Engine::derive_handshake_secrets(std::span<const std::uint8_t> psk,
                                      std::span<const std::uint8_t> shared_secret) {
  // RFC 8446 §7.1: Early Secret from the PSK (or zeros), Handshake Secret
  // from the (EC)DHE shared secret, then the two handshake traffic secrets
  // over Transcript-Hash(ClientHello..ServerHello).
  keys_.emplace(suite_->hash, sink_);
  keys_->extract_early(psk);
  keys_->extract_handshake(shared_secret);
  const Digest t = transcript_.current();
  trace_transcript("ClientHello..ServerHello", t);
  client_hs_ = keys_->client_handshake_traffic(t);
  server_hs_ = keys_->server_handshake_traffic(t);
  key_log("CLIENT_HANDSHAKE_TRAFFIC_SECRET", client_hs_);
  key_log("SERVER_HANDSHAKE_TRAFFIC_SECRET", server_hs_);
}

void Engine::derive_application_secrets() {
  // RFC 8446 §7.1: Master Secret, then the application traffic secrets and
  // the exporter secret over Transcript-Hash(ClientHello..server Finished).
  keys_->extract_master();
  const Digest t = transcript_.current();
  trace_transcript("ClientHello..server Finished", t);
  client_ap_ = keys_->client_application_traffic(t);
  server_ap_ = keys_->server_application_traffic(t);
  exporter_ = keys_->exporter_master(t);
  key_log("CLIENT_TRAFFIC_SECRET_0", client_ap_);
  key_log("SERVER_TRAFFIC_SECRET_0", server_ap_);
  key_log("EXPORTER_SECRET", exporter_);
}

Result<std::unique_ptr<record::Protection>> Engine::protection_for(const HashSecret& secret) {
  // RFC 8446 §7.3: the traffic key and IV from the traffic secret.
  auto k = keys_->traffic_keys(secret, suite_->key_length);
  auto aead = config_.crypto.make_aead(suite_->aead, k.key.bytes().first(suite_->key_length));
  if (!aead) return aead.error();
  negotiated_.aead_backend = (*aead)->backend();
  auto p = record::Tls13Protection::create(std::move(*aead), k.iv.bytes());
  if (!p) return p.error();
  return std::unique_ptr<record::Protection>(std::move(*p));
}

Result<void> Engine::install_read_keys(const HashSecret& secret) {
  auto p = protection_for(secret);
  if (!p) return p.error();
  records_.set_read_protection(std::move(*p));
  return success();
}

Result<void> Engine::install_write_keys(const HashSecret& secret) {
  if (auto f = flush_flight(); !f) return f;
  auto p = protection_for(secret);
  if (!p) return p.error();
  records_.set_write_protection(std::move(*p));
  return success();
}

Result<Bytes> Engine::finished_for(const HashSecret& base_key) {
  const Digest t = transcript_.current();
  HashSecret verify_data = keys_->finished_verify_data(base_key, t);
  if (sink_)
    sink_->on_event(
        trace::FinishedEvent{trace::Direction::sent, t.view(), verify_data.bytes(), true});
  return Finished{Bytes(verify_data.bytes().begin(), verify_data.bytes().end())}.serialize();
}

Result<FinishedVerified> Engine::verify_finished(const HashSecret& base_key,
                                                 std::span<const std::uint8_t> message) {
  auto fin = Finished::parse(message, keys_->hash_length());
  if (!fin) return fin.error();
  const Digest t = transcript_.current();
  HashSecret expected = keys_->finished_verify_data(base_key, t);
  const bool ok = crypto::ct::memeq(expected.bytes(), fin->verify_data).declassify();
  if (sink_)
    sink_->on_event(
        trace::FinishedEvent{trace::Direction::received, t.view(), fin->verify_data, ok});
  // RFC 8446 §4.4.4: "Recipients of Finished messages MUST verify that the
  // contents are correct and if incorrect MUST terminate the connection with
  // a "decrypt_error" alert."
  if (!ok) {
    return make_error(AD::decrypt_error,
                      "RFC 8446 §4.4.4: the peer's Finished verify_data is not the HMAC of the "
                      "transcript");
  }
  transcript_.add(message);
  return FinishedVerified{};
}

void Engine::enter_connected(const FinishedVerified&) {
  records_.set_max_fragment(std::min(records_.max_fragment(), record::kMaxPlaintext));
}

// ---- authentication

Result<VerifiedChain> Engine::validate_peer_chain(const CertificateMessage& msg,
                                                  x509::Purpose purpose) {
  std::vector<x509::Certificate> chain;
  for (const auto& entry : msg.certificate_list) {
    auto cert = x509::Certificate::parse(entry.cert_data);
    // RFC 8446 §6.2: "bad_certificate: A certificate was corrupt".
    if (!cert) {
      return make_error(AD::bad_certificate,
                        "RFC 8446 §4.4.2: a certificate in the chain is not a valid X.509 "
                        "certificate (RFC 5280 §4.1)");
    }
    chain.push_back(std::move(*cert));
  }
  negotiated_.peer_chain = chain;
  if (role_ == Role::client && config_.insecure_skip_verify) {
    trace_decision("certificate", "not checked", "Config::insecure_skip_verify");
    return VerifiedChain(chain);
  }
  if (!config_.trust) {
    return make_error(AD::internal_error,
                      "Config: a trust store is needed to check the peer's certificate");
  }
  x509::VerifyOptions options;
  options.time = config_.now();
  options.purpose = purpose;
  if (role_ == Role::client && !negotiated_.server_name.empty()) {
    options.hostname = negotiated_.server_name;
  }
  const std::span<const x509::Certificate> intermediates =
      std::span<const x509::Certificate>(chain).subspan(1);
  x509::VerifyResult result =
      x509::verify_path(chain.front(), intermediates, *config_.trust, options);
  if (sink_) {
    for (const auto& entry : result.log) {
      sink_->on_event(trace::PathEvent{entry.depth, entry.ok, entry.text});
    }
  }
  if (!result.valid) {
    // The alert x509/ chose (certificate_expired, unknown_ca, bad_certificate,
    // unsupported_certificate ...), RFC 8446 §6.2.
    return result.rejection->error;
  }
  negotiated_.verified_path = result.chain;
  const auto& leaf = chain.front();
  negotiated_.peer_subject = leaf.subject_string();
  if (const auto& sans = leaf.extensions().subject_alt_names) {
    for (const auto& n : *sans) negotiated_.peer_names.push_back(n.to_string());
  }
  return VerifiedChain(std::move(result.chain));
}

Result<SignatureVerified> Engine::check_certificate_verify(
    const VerifiedChain& chain, std::span<const std::uint8_t> message,
    const std::vector<std::uint16_t>& offered) {
  auto cv = CertificateVerify::parse(message);
  if (!cv) return cv.error();
  // RFC 8446 §4.4.3: "the signature algorithm MUST be one offered in the
  // [peer's] "signature_algorithms" extension".
  if (std::find(offered.begin(), offered.end(), cv->algorithm) == offered.end()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.4.3: the CertificateVerify algorithm was not offered in "
                      "signature_algorithms")
        .with_found(cv->algorithm);
  }
  const Role signer = role_ == Role::client ? Role::server : Role::client;
  const Bytes content = certificate_verify_content(signer, transcript_.current());
  auto ok = verify_certificate_verify(chain.leaf().public_key(), cv->algorithm, content,
                                      cv->signature, config_.min_rsa_bits < 2048);
  if (sink_) {
    sink_->on_event(
        trace::SignatureEvent{trace::Direction::received, cv->algorithm, content, ok.has_value()});
  }
  if (!ok) return ok.error();
  transcript_.add(message);
  return ok;
}

Bytes Engine::build_certificate(const x509::KeyStore* identity, const Bytes& context) const {
  CertificateMessage msg;
  msg.certificate_request_context = context;
  if (identity) {
    for (const auto& cert : identity->chain()) {
      msg.certificate_list.push_back({Bytes(cert.der().begin(), cert.der().end()), {}});
    }
  }
  return msg.serialize();
}

Result<Bytes> Engine::build_certificate_verify(const x509::KeyStore& identity,
                                               std::uint16_t scheme) {
  const Bytes content = certificate_verify_content(role_, transcript_.current());
  if (sink_) {
    sink_->on_event(trace::SignatureEvent{trace::Direction::sent, scheme, content, true});
  }
  auto sig = sign_certificate_verify(identity.key(), scheme, content, *config_.rng);
  if (!sig) return sig.error();
  return CertificateVerify{scheme, std::move(*sig)}.serialize();
}

// ---- after the handshake

Result<void> Engine::on_key_update(std::span<const std::uint8_t> message) {
  auto ku = KeyUpdate::parse(message);
  if (!ku) return ku.error();
  // RFC 8446 §4.6.3: the receiver updates its read keys ...
  HashSecret& peer = role_ == Role::client ? server_ap_ : client_ap_;
  peer = keys_->next_traffic_secret(peer);
  if (auto r = install_read_keys(peer); !r) return r;
  move_to(State::connected, HandshakeType::key_update);
  // ... and "If the request_update field is set to "update_requested", then
  // the receiver MUST send a KeyUpdate of its own with request_update set to
  // "update_not_requested" prior to sending its next Application Data
  // record." One answer per batch of output, however many arrive.
  if (ku->update_requested && !key_update_queued_) return update_keys(false);
  return success();
}

Result<void> Engine::update_keys(bool request_peer) {
  if (state_ != State::connected) {
    return make_error(AD::internal_error, "RFC 8446 §4.6.3: KeyUpdate before the handshake ends");
  }
  const Bytes msg = KeyUpdate{request_peer}.serialize();
  trace_message(trace::Direction::sent, HandshakeType::key_update, msg);
  if (auto r = records_.write(ContentType::handshake, msg); !r) return r;
  HashSecret& mine = role_ == Role::client ? client_ap_ : server_ap_;
  mine = keys_->next_traffic_secret(mine);
  key_update_queued_ = true;
  return install_write_keys(mine);
}

Result<void> Engine::write(std::span<const std::uint8_t> data) {
  if (error_) return *error_;
  if (state_ != State::connected || sent_close_) {
    return make_error(AD::internal_error,
                      "Connection::write: application data only after the handshake and before "
                      "close");
  }
  // RFC 8446 §5.5: update the keys before they reach their limit.
  if (records_.write_protection()->should_update()) {
    if (auto r = update_keys(false); !r) return fail(r.error());
  }
  if (auto r = records_.write(ContentType::application_data, data); !r) return fail(r.error());
  return success();
}

std::vector<std::uint8_t> Engine::read() {
  std::vector<std::uint8_t> out;
  out.swap(app_in_);
  return out;
}

void Engine::close() {
  if (sent_close_ || error_) return;
  sent_close_ = true;
  // RFC 8446 §6.1: "Each party MUST send a "close_notify" alert before
  // closing its write side of the connection".
  const std::uint8_t alert[2] = {kWarning, 0};
  (void)flush_flight();
  (void)records_.write(ContentType::alert, alert);
  if (sink_) sink_->on_event(trace::AlertEvent{trace::Direction::sent, kWarning, 0, {}});
}

Result<std::vector<std::uint8_t>> Engine::export_keying_material(
    std::string_view label, std::span<const std::uint8_t> context, std::size_t length) const {
  if (state_ != State::connected) {
    return make_error(AD::internal_error, "RFC 8446 §7.5: the exporter needs a finished handshake");
  }
  return keys_->export_keying_material(exporter_, label, context, length);
}

// ---- Connection: the public face

Connection::Connection(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
Connection::~Connection() = default;

std::unique_ptr<Connection> Connection::client(const Config& config, std::string server_name) {
  auto engine = std::make_unique<Engine>(config, Role::client, std::move(server_name));
  (void)engine->start();
  return std::unique_ptr<Connection>(new Connection(std::move(engine)));
}

std::unique_ptr<Connection> Connection::server(const Config& config) {
  return std::unique_ptr<Connection>(
      new Connection(std::make_unique<Engine>(config, Role::server, std::string())));
}

Result<void> Connection::receive(std::span<const std::uint8_t> b) { return engine_->receive(b); }
std::vector<std::uint8_t> Connection::take_output() { return engine_->take_output(); }
Result<void> Connection::write(std::span<const std::uint8_t> d) { return engine_->write(d); }
std::vector<std::uint8_t> Connection::read() { return engine_->read(); }
void Connection::close() { engine_->close(); }
Result<void> Connection::update_keys(bool request_peer) {
  return engine_->update_keys(request_peer);
}
Result<std::vector<std::uint8_t>> Connection::export_keying_material(
    std::string_view label, std::span<const std::uint8_t> context, std::size_t length) const {
  return engine_->export_keying_material(label, context, length);
}
State Connection::state() const { return engine_->state(); }
bool Connection::handshake_done() const { return engine_->handshake_done(); }
bool Connection::peer_closed() const { return engine_->peer_closed(); }
const Negotiated& Connection::negotiated() const { return engine_->negotiated(); }
const std::optional<Error>& Connection::error() const { return engine_->error(); }

}  // namespace glasstls::handshake
