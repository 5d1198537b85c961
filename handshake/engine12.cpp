// What both TLS 1.2 roles share (RFC 5246): the master secret and key block,
// ChangeCipherSpec, Finished, the Certificate and CertificateVerify of TLS
// 1.2, and the refusal of renegotiation. client12.cpp and server12.cpp hold
// each role's messages.
#include <algorithm>

#include "crypto/ct.hpp"
#include "handshake/engine.hpp"
#include "handshake/refusals.hpp"
#include "record/tls12_protection.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using record::ContentType;

}  // namespace

Result<void> Engine::tls12_derive_master_secret(std::span<const std::uint8_t> pre_master_secret) {
  auto& keys = *tls12_.keys;
  // RFC 7627 §4: "When the extended master secret extension is negotiated in
  // a full handshake, the "master_secret" is computed as
  //   master_secret = PRF(pre_master_secret, "extended master secret",
  //                       session_hash)[0..47];"
  // where session_hash covers the messages up to and including ClientKeyExchange.
  if (negotiated_.extended_master_secret) {
    const Digest session_hash = transcript_.current();
    trace_transcript("ClientHello..ClientKeyExchange (session_hash)", session_hash);
    keys.derive_extended_master_secret(pre_master_secret, session_hash, client_random_);
  } else {
    keys.derive_master_secret(pre_master_secret, client_random_, tls12_.server_random);
  }
  return tls12_prepare_keys();
}

Result<void> Engine::tls12_prepare_keys() {
  auto& keys = *tls12_.keys;
  // RFC 5246 §6.3: the key block, split into the write keys and IVs.
  KeyBlock12 block = keys.key_block(client_random_, tls12_.server_random, suite_->key_length,
                                    suite_->fixed_iv_length);
  const bool client = role_ == Role::client;
  auto write = protection12(client ? block.client : block.server);
  if (!write) return write.error();
  auto read = protection12(client ? block.server : block.client);
  if (!read) return read.error();
  tls12_.write_after_ccs = std::move(*write);
  tls12_.read_after_ccs = std::move(*read);
  return success();
}

SessionState Engine::tls12_session_state() const {
  SessionState st;
  st.cipher_suite = code(suite_->suite);
  st.psk = tls12_.keys->master_secret().clone();
  st.issued_at = config_.now();
  st.lifetime = config_.ticket_lifetime;
  st.alpn = negotiated_.alpn;
  st.server_name = negotiated_.server_name;
  st.peer_subject = negotiated_.peer_subject;
  st.peer_names = negotiated_.peer_names;
  st.extended_master_secret = negotiated_.extended_master_secret;
  st.session_id = tls12_.session_id;
  return st;
}

Result<std::unique_ptr<record::Protection>> Engine::protection12(const WriteKeys12& keys) {
  auto aead = config_.crypto.make_aead(suite_->aead, keys.key.bytes().first(suite_->key_length));
  if (!aead) return aead.error();
  negotiated_.aead_backend = (*aead)->backend();
  auto p = record::Tls12Protection::create(std::move(*aead),
                                           keys.iv.bytes().first(suite_->fixed_iv_length));
  if (!p) return p.error();
  return std::unique_ptr<record::Protection>(std::move(*p));
}

Result<void> Engine::send_change_cipher_spec12() {
  // RFC 5246 §7.1: "The ChangeCipherSpec message is sent by both the client
  // and the server to notify the receiving party that subsequent records will
  // be protected under the newly negotiated CipherSpec and keys."
  if (auto f = flush_flight(); !f) return f;
  const Bytes ccs = ChangeCipherSpec{}.serialize();
  if (auto r = records_.write(ContentType::change_cipher_spec, ccs); !r) return r;
  // RFC 5246 §7.1: "Immediately after sending this message, the sender MUST
  // instruct the record layer to make the write pending state the write
  // active state." RFC 5246 §7.1: "However, once the ChangeCipherSpec has
  // been sent, the new CipherSpec MUST be used."
  records_.set_write_protection(std::move(tls12_.write_after_ccs));
  return success();
}

Result<void> Engine::on_change_cipher_spec12(const record::InRecord& rec) {
  auto ccs = ChangeCipherSpec::parse(rec.content);
  if (!ccs) return ccs.error();
  // RFC 5246 §7.4.9: "It is a fatal error if a Finished message is not
  // preceded by a ChangeCipherSpec message at the appropriate point in the
  // handshake" — and a ChangeCipherSpec anywhere else is unexpected too.
  if (state_ != State::wait_change_cipher_spec || rec.was_protected || !tls12_.read_after_ccs) {
    return make_error(AD::unexpected_message,
                      "RFC 5246 §7.1: a ChangeCipherSpec before the keys are agreed, or twice");
  }
  records_.set_read_protection(std::move(tls12_.read_after_ccs));
  move_internal(State::wait_finished, "ChangeCipherSpec");
  return success();
}

Result<void> Engine::send_finished12() {
  // RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label,
  // Hash(handshake_messages))[0..verify_data_length-1].
  const Digest t = transcript_.current();
  const auto sender = role_ == Role::client ? FinishedSender::client : FinishedSender::server;
  HashSecret verify_data = tls12_.keys->finished_verify_data(sender, t);
  if (sink_) {
    sink_->on_event(
        trace::FinishedEvent{trace::Direction::sent, t.view(), verify_data.bytes(), true});
  }
  send_message(HandshakeType::finished,
               Finished{Bytes(verify_data.bytes().begin(), verify_data.bytes().end())}.serialize(
                   sent_fields()));
  return flush_flight();
}

Result<FinishedVerified> Engine::verify_finished12(std::span<const std::uint8_t> message) {
  // RFC 5246 §7.4.9: "opaque verify_data[verify_data_length]", 12 bytes for
  // every suite we have.
  if (message.size() != kMessageHeaderSize + kVerifyDataLength12) {
    return make_error(AD::decode_error, "RFC 5246 §7.4.9: verify_data is 12 bytes",
                      kMessageHeaderSize)
        .with_expected(static_cast<std::uint32_t>(kVerifyDataLength12),
                       static_cast<std::uint32_t>(message.size() - kMessageHeaderSize));
  }
  auto fin = Finished::parse(message, kVerifyDataLength12);
  if (!fin) return fin.error();
  const Digest t = transcript_.current();
  const auto sender = role_ == Role::client ? FinishedSender::server : FinishedSender::client;
  HashSecret expected = tls12_.keys->finished_verify_data(sender, t);
  const bool ok = crypto::ct::memeq(expected.bytes(), fin->verify_data).declassify();
  if (sink_) {
    sink_->on_event(
        trace::FinishedEvent{trace::Direction::received, t.view(), fin->verify_data, ok});
  }
  // RFC 5246 §7.4.9: "Recipients of Finished messages MUST verify that the
  // contents are correct." — a wrong one is decrypt_error (§7.2.2: "a
  // handshake cryptographic operation failed, including being unable to
  // ... validate a finished message").
  if (!ok) {
    return refusal_error(Refusal::bad_finished, kTls12);
  }
  transcript_.add(message);
  return FinishedVerified{};
}

Result<VerifiedChain> Engine::validate_chain12(const Certificate12& msg, x509::Purpose purpose) {
  // The chain is checked exactly as in TLS 1.3: one x509/ path validation.
  CertificateMessage same;
  for (const auto& der : msg.certificate_list) same.certificate_list.push_back({der, {}});
  return validate_peer_chain(same, purpose);
}

Bytes Engine::build_certificate12(const x509::KeyStore* identity) {
  // RFC 5246 §7.4.2: "The sender's certificate MUST come first in the list."
  // (KeyStore::chain() starts with the leaf.)
  Certificate12 msg;
  if (identity) {
    for (const auto& cert : identity->chain()) {
      msg.certificate_list.emplace_back(cert.der().begin(), cert.der().end());
    }
  }
  return msg.serialize(sent_fields());
}

Result<Bytes> Engine::build_certificate_verify12(const x509::KeyStore& identity,
                                                 std::uint16_t scheme) {
  // RFC 5246 §7.4.8: "digitally-signed struct { opaque handshake_messages[
  // handshake_messages_length]; }" — all messages so far, not their hash.
  const auto content = transcript_.messages();
  if (sink_) {
    sink_->on_event(trace::SignatureEvent{trace::Direction::sent, scheme, content, true});
  }
  auto sig = sign_certificate_verify(identity.key(), scheme, content, *config_.rng, kTls12);
  if (!sig) return sig.error();
  return CertificateVerify12{scheme, std::move(*sig)}.serialize(sent_fields());
}

Result<SignatureVerified> Engine::check_certificate_verify12(
    const VerifiedChain& chain, std::span<const std::uint8_t> message,
    const std::vector<std::uint16_t>& offered) {
  auto cv = CertificateVerify12::parse(message);
  if (!cv) return cv.error();
  // RFC 5246 §7.4.8: "The hash and signature algorithms used in the
  // signature MUST be one of those present in the
  // supported_signature_algorithms field of the CertificateRequest message."
  if (std::find(offered.begin(), offered.end(), cv->algorithm) == offered.end()) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.8: the CertificateVerify algorithm was not in the "
                      "CertificateRequest")
        .with_found(cv->algorithm);
  }
  const auto content = transcript_.messages();
  auto ok = verify_certificate_verify(chain.leaf().public_key(), cv->algorithm, content,
                                      cv->signature, config_.min_rsa_bits < 2048, kTls12);
  if (sink_) {
    sink_->on_event(
        trace::SignatureEvent{trace::Direction::received, cv->algorithm, content, ok.has_value()});
  }
  if (!ok) return ok.error();
  transcript_.add(message);
  return ok;
}

Result<void> Engine::refuse_renegotiation() {
  // RFC 5746 §4.2 / §4.4 and RFC 5246 §7.2.2: renegotiation is not done here;
  // "no_renegotiation" is a warning, and the connection goes on unchanged.
  const std::uint8_t alert[2] = {kWarning, static_cast<std::uint8_t>(AD::no_renegotiation)};
  if (auto r = records_.write(ContentType::alert, alert); !r) return r;
  if (sink_) {
    sink_->on_event(trace::AlertEvent{trace::Direction::sent, kWarning,
                                      static_cast<std::uint8_t>(AD::no_renegotiation),
                                      "RFC 5746 §4: renegotiation is refused"});
  }
  trace_decision("renegotiation", "refused", "this implementation never renegotiates");
  return success();
}

}  // namespace glasstls::handshake
