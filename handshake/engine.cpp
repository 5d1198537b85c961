#include "handshake/engine.hpp"

#include <algorithm>

#include "trace/field_tree.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using record::ContentType;

// Parses a received `message` with a FieldTree attached, so the trace shows
// the fields exactly as the parser reads them.
void parse_for_trace(HandshakeType type, std::span<const std::uint8_t> m, std::size_t hash_length,
                     const SuiteInfo* suite, trace::FieldTree& tree) {
  if (suite && suite->version == kTls12) {
    switch (type) {
      case HandshakeType::certificate: (void)Certificate12::parse(m, &tree); return;
      case HandshakeType::certificate_request: (void)CertificateRequest12::parse(m, &tree); return;
      case HandshakeType::server_key_exchange: (void)ServerKeyExchange12::parse(m, &tree); return;
      case HandshakeType::server_hello_done: (void)ServerHelloDone::parse(m, &tree); return;
      case HandshakeType::client_key_exchange:
        (void)ClientKeyExchange12::parse(m, suite->key_exchange, &tree);
        return;
      case HandshakeType::finished: (void)Finished::parse(m, kVerifyDataLength12, &tree); return;
      case HandshakeType::new_session_ticket: (void)NewSessionTicket12::parse(m, &tree); return;
      default: break;
    }
  }
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
    case HandshakeType::hello_request: (void)HelloRequest::parse(m, &tree); break;
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
  trace::FieldTree received;
  trace::FieldTree& tree = d == trace::Direction::sent ? sent_tree_ : received;
  if (d == trace::Direction::received) {
    parse_for_trace(type, m, suite_ ? crypto::digest_size(suite_->hash) : 32, suite_, received);
  }
  tree.fill_lengths(m);
  const std::string name = handshake_type_name(code(type));
  trace::MessageEvent e{d, code(type), name, m, &tree.nodes()};
  sink_->on_event(e);
  sent_tree_ = trace::FieldTree();
}

crypto::FieldSink* Engine::sent_fields() {
  if (!sink_) return nullptr;
  sent_tree_ = trace::FieldTree();
  return &sent_tree_;
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
  forget_saved_sessions();
  if (e.origin == ErrorOrigin::local) {
    // RFC 8446 §6.2: "Upon transmission or receipt of a fatal alert message,
    // both parties MUST immediately close the connection." — one alert, then
    // nothing more from us. RFC 8446 §6.2: "Whenever an implementation
    // encounters a fatal error condition, it SHOULD send an appropriate fatal
    // alert and MUST close the connection without sending or receiving any
    // additional data." (error_ set below: receive() and write() refuse.)
    // RFC 5246 §7.2.2: "Whenever an implementation encounters a condition
    // which is defined as a fatal alert, it MUST send the appropriate alert
    // prior to closing the connection." RFC 5246 §7.2.2: "If the
    // implementation chooses to send an alert but intends to close the
    // connection immediately afterwards, it MUST send that alert at the fatal
    // alert level." The alert is the one the failed check named:
    // RFC 8446 §6.2: "The phrases "terminate the connection with an X alert"
    // and "abort the handshake with an X alert" mean that the implementation
    // MUST send alert X if it sends any alert."
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

void Engine::forget_saved_sessions() {
  // RFC 5246 §7.2: "Alert messages with a level of fatal result in the
  // immediate termination of the connection. In this case, other connections
  // corresponding to the session may continue, but the session identifier
  // MUST be invalidated, preventing the failed session from being used to
  // establish new connections."
  // RFC 8446 §6.2: "Servers and clients MUST forget the secret values and
  // keys established in failed connections, with the exception of the PSKs
  // associated with session tickets, which SHOULD be discarded if possible."
  // RFC 5246 §7.2.2: "Servers and clients MUST forget any
  // session-identifiers, keys, and secrets associated with a failed
  // connection. Thus, any connection terminated with a fatal alert MUST NOT
  // be resumed." (The connection's own keys and secrets are not used again
  // after fail().)
  // (A stateless ticket that left the server cannot be recalled; the
  // entries of our own caches can.)
  for (const Bytes& id : saved_sessions_) {
    if (role_ == Role::server && config_.server_session_cache) {
      config_.server_session_cache->forget(id);
    } else if (role_ == Role::client && config_.session_cache) {
      config_.session_cache->forget(negotiated_.server_name, id);
    }
  }
  saved_sessions_.clear();
}

Result<void> Engine::on_alert(std::span<const std::uint8_t> content) {
  // RFC 8446 §5.1: "Alert messages (Section 6) MUST NOT be fragmented across
  // records, and multiple alert messages MUST NOT be coalesced into a single
  // TLSPlaintext record."
  // RFC 8446 §5.1: "In other words, a record with an Alert type MUST contain
  // exactly one message."
  if (content.size() != 2) {
    return make_error(AD::decode_error,
                      "RFC 8446 §5.1: an alert record holds exactly one two-byte alert");
  }
  const std::uint8_t level = content[0], description = content[1];
  if (sink_) {
    sink_->on_event(trace::AlertEvent{trace::Direction::received, level, description, {}});
  }
  // RFC 8446 §6.1: "Any data received after a closure alert has been
  // received MUST be ignored." (process_records() reads no more.)
  if (description == static_cast<std::uint8_t>(AD::close_notify)) {
    peer_closed_ = true;
    // RFC 5246 §7.2.1: "The other party MUST respond with a close_notify
    // alert of its own and close down the connection immediately, discarding
    // any pending writes." — TLS 1.2 answers at once: the flight not yet
    // handed to the record layer is dropped and write() refused from now on.
    // TLS 1.3 does not: RFC 8446 §6.1: "Each party MUST send a "close_notify"
    // alert before closing its write side of the connection, unless it has
    // already sent some error alert. This does not have any effect on its
    // read side of the connection." The application may still write, then
    // calls close() (Connection::peer_closed() tells it when).
    if (negotiated_.version == kTls12) {
      flight_.clear();
      close();
    }
    return success();
  }
  // RFC 8446 §6.1: user_canceled is a warning followed by close_notify.
  if (description == static_cast<std::uint8_t>(AD::user_canceled) && level == kWarning) {
    return success();
  }
  // RFC 5746 §4.2 / RFC 5246 §7.2.2: in TLS 1.2 no_renegotiation is a
  // warning; the connection goes on ("the requester may decide to proceed").
  if (negotiated_.version == kTls12 && level == kWarning &&
      description == static_cast<std::uint8_t>(AD::no_renegotiation)) {
    return success();
  }
  // RFC 8446 §6: "Unknown Alert types MUST be treated as error alerts."
  // RFC 8446 §6.2: "All the alerts listed in Section 6.2 MUST be sent with
  // AlertLevel=fatal and MUST be treated as error alerts when received
  // regardless of the AlertLevel in the message."
  Error e = make_error(static_cast<AD>(description),
                       "RFC 8446 §6.2: the peer ended the connection with this alert");
  e.origin = ErrorOrigin::peer;
  return e;
}

Result<void> Engine::on_change_cipher_spec(const record::InRecord& rec) {
  if (negotiated_.version == kTls12) return on_change_cipher_spec12(rec);
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
  // RFC 8446 §5: "If an implementation detects a change_cipher_spec record
  // received before the first ClientHello message or after the peer's
  // Finished message, it MUST be treated as an unexpected record type
  // (though stateless servers may not be able to distinguish these cases
  // from allowed cases)."
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
      // RFC 8446 §5.4: "Implementations MUST NOT send Handshake and Alert
      // records that have a zero-length TLSInnerPlaintext.content; if such a
      // message is received, the receiving implementation MUST terminate the
      // connection with an "unexpected_message" alert."
      if (rec.content.empty() && rec.was_protected && negotiated_.version != kTls12) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5.4: a protected alert record with no content");
      }
      return on_alert(rec.content);
    case ContentType::handshake:
      if (!rec.was_protected && records_.read_protected()) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5: an unprotected handshake record once keys are in use");
      }
      // RFC 8446 §5.1: "Implementations MUST NOT send zero-length fragments
      // of Handshake types, even if those fragments contain padding."
      // RFC 8446 §5.4: "Implementations MUST NOT send Handshake [...] records
      // that have a zero-length TLSInnerPlaintext.content; if such a message
      // is received, the receiving implementation MUST terminate the
      // connection with an "unexpected_message" alert."
      if (rec.content.empty()) {
        return make_error(AD::unexpected_message,
                          "RFC 8446 §5.1: a zero-length handshake fragment");
      }
      return on_handshake_bytes(rec.content);
    case ContentType::application_data:
      // RFC 8446 §2: application data only under application traffic keys.
      if (!rec.was_protected || state_ != State::connected) {
        return make_error(AD::unexpected_message,
                          negotiated_.version == kTls12
                              ? "RFC 5246 §7.3: application data before the Finished messages"
                              : "RFC 8446 §2: application data before the handshake is complete");
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
  // RFC 5246 §7.4.1.1: "This message will be ignored by the client if the
  // client is currently negotiating a session." RFC 5246 §7.4.1.1: "This
  // message MUST NOT be included in the message hashes that are maintained
  // throughout the handshake and used in the Finished messages and the
  // certificate verify message." (returns before the transcript.)
  if (type == HandshakeType::hello_request && role_ == Role::client &&
      config_.allows(kTls12) && negotiated_.version != kTls13 && state_ != State::connected) {
    if (auto hr = HelloRequest::parse(m); !hr) return hr.error();
    trace_message(trace::Direction::received, type, m);
    trace_decision("HelloRequest", "ignored", "RFC 5246 §7.4.1.1: the handshake is under way");
    return success();
  }
  // RFC 8446 §4: "A peer which receives a handshake message in an unexpected
  // order MUST abort the handshake with an "unexpected_message" alert."
  // RFC 5246 §7.4: "The handshake protocol messages are presented below in
  // the order they MUST be sent; sending handshake messages in an unexpected
  // order results in a fatal error." The table (state_table.cpp) lets no
  // client receive EndOfEarlyData, RFC 8446 §4.5: "Servers MUST NOT send this
  // message, and clients receiving it MUST terminate the connection with an
  // "unexpected_message" alert." Nor a CertificateRequest once connected: we
  // never offer post_handshake_auth, and RFC 8446 §4.6.2: "A client that
  // receives a CertificateRequest message without having sent the
  // "post_handshake_auth" extension MUST send an "unexpected_message" fatal
  // alert." Nor a ClientHello to a TLS 1.3 server once connected:
  // RFC 8446 §4.1.2: "Because TLS 1.3 forbids renegotiation, if a server has
  // negotiated TLS 1.3 and receives a ClientHello at any other time, it MUST
  // terminate the connection with an "unexpected_message" alert."
  if (!message_allowed(role_, negotiated_.version, state_, type)) {
    return make_error(AD::unexpected_message,
                      negotiated_.version == kTls12
                          ? "RFC 5246 §7.3: a handshake message not expected in this state (the "
                            "message flow)"
                          : "RFC 8446 §6.2 (Appendix A): a handshake message not expected in this "
                            "state")
        .with_found(code(type));
  }
  message_from_ = state_;
  trace_message(trace::Direction::received, type, m);
  const bool client = role_ == Role::client;
  if (negotiated_.version == kTls12) {
    switch (type) {
      case HandshakeType::certificate:
        return client ? client12_on_certificate(m) : server12_on_certificate(m);
      case HandshakeType::server_key_exchange: return client12_on_server_key_exchange(m);
      case HandshakeType::certificate_request: return client12_on_certificate_request(m);
      case HandshakeType::server_hello_done: return client12_on_server_hello_done(m);
      case HandshakeType::new_session_ticket: return client12_on_new_session_ticket(m);
      case HandshakeType::client_key_exchange: return server12_on_client_key_exchange(m);
      case HandshakeType::certificate_verify: return server12_on_certificate_verify(m);
      case HandshakeType::finished:
        return client ? client12_on_finished(m) : server12_on_finished(m);
      case HandshakeType::hello_request:
      case HandshakeType::client_hello:
        // No renegotiation at all, so none to TLS 1.3 either.
        // RFC 8446 §4.1.2: "If a server established a TLS connection with a
        // previous version of TLS and receives a TLS 1.3 ClientHello in a
        // renegotiation, it MUST retain the previous protocol version. In
        // particular, it MUST NOT negotiate TLS 1.3."
        move_to(State::connected, type);
        return refuse_renegotiation();
      default: break;
    }
  }
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

Result<void> Engine::send_handshake_message(std::span<const std::uint8_t> message) {
  if (error_) return *error_;
  if (message.empty()) return make_error(AD::internal_error, "an empty handshake message");
  if (sink_) {
    sent_tree_ = trace::FieldTree();
    parse_for_trace(static_cast<HandshakeType>(message[0]), message,
                    suite_ ? crypto::digest_size(suite_->hash) : 32, suite_, sent_tree_);
  }
  trace_message(trace::Direction::sent, static_cast<HandshakeType>(message[0]), message);
  return records_.write(ContentType::handshake, message);
}

void Engine::send_message(HandshakeType type, const Bytes& message) {
  // build_message() hands back no bytes when its Writer refused a field (a
  // vector outside the bounds of its syntax, such as a CertificateRequest
  // whose extension block is empty, <2..2^16-1>): such a message is never
  // sent, nor silently left out — the flight fails (flush_flight()).
  // RFC 8446 §6.2: "internal_error: An internal error unrelated to the peer
  // or the correctness of the protocol (such as a memory allocation failure)
  // makes it impossible to continue."
  if (message.size() < kMessageHeaderSize) {
    if (!unbuilt_message_) {
      unbuilt_message_ =
          make_error(AD::internal_error,
                     "our handshake message could not be built: a field is outside the bounds "
                     "of its syntax")
              .with_found(code(type));
    }
    return;
  }
  transcript_.add(message);
  flight_.insert(flight_.end(), message.begin(), message.end());
  trace_message(trace::Direction::sent, type, message);
}

Result<void> Engine::flush_flight() {
  if (unbuilt_message_) {
    flight_.clear();
    return *unbuilt_message_;
  }
  if (flight_.empty()) return success();
  auto r = records_.write(ContentType::handshake, flight_);
  flight_.clear();
  return r;
}

void Engine::send_change_cipher_spec() {
  // RFC 8446 §D.4: "the client sends a dummy change_cipher_spec record [...]
  // immediately before its second flight"; "The server sends a dummy
  // change_cipher_spec record immediately after its first handshake
  // message." Sent once, never protected.
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
}  // namespace glasstls::handshake
