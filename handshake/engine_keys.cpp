// The Engine's key schedule stages (RFC 8446 §7.1), record protection from
// traffic secrets (§7.3) and the Finished computation (§4.4.4).
#include <algorithm>

#include "crypto/ct.hpp"
#include "handshake/engine.hpp"
#include "handshake/refusals.hpp"
#include "record/tls13_protection.hpp"

namespace glasstls::handshake {

using AD = AlertDescription;

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
  // The messages before a key change end their records here.
  // RFC 8446 §5.1: "Because the ClientHello, EndOfEarlyData, ServerHello,
  // Finished, and KeyUpdate messages can immediately precede a key change,
  // implementations MUST send these messages in alignment with a record
  // boundary."
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
  return Finished{Bytes(verify_data.bytes().begin(), verify_data.bytes().end())}.serialize(
      sent_fields());
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
    return refusal_error(Refusal::bad_finished, kTls13);
  }
  transcript_.add(message);
  return FinishedVerified{};
}

void Engine::enter_connected(const FinishedVerified&) {
  records_.set_max_fragment(std::min(records_.max_fragment(), record::kMaxPlaintext));
}
// RFC 8449 §4: "For TLS 1.2 and earlier, that limit is 2^14 octets. TLS 1.3
// uses a limit of 2^14+1 octets."
namespace {
std::size_t max_record_size_limit(std::uint16_t version) {
  return version == kTls13 ? record::kMaxPlaintext + 1 : record::kMaxPlaintext;
}
}  // namespace

std::uint16_t Engine::own_record_size_limit(std::uint16_t version) const {
  return static_cast<std::uint16_t>(
      std::min<std::size_t>(config_.record_size_limit, max_record_size_limit(version)));
}

Result<void> Engine::apply_peer_record_size_limit(std::uint16_t limit) {
  // RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value [than
  // 64] as a fatal error and generate an "illegal_parameter" alert."
  if (limit < 64) {
    return make_error(AD::illegal_parameter, "RFC 8449 §4: a record_size_limit below 64")
        .with_found(limit);
  }
  // RFC 8449 §4: "A server MUST NOT enforce this restriction; a client might
  // advertise a higher limit ... A client MAY abort the handshake with an
  // illegal_parameter alert if the record_size_limit extension includes a
  // value greater than the maximum record size permitted by the negotiated
  // protocol version" — ours does.
  const std::size_t max = max_record_size_limit(negotiated_.version);
  if (role_ == Role::client && limit > max) {
    return make_error(AD::illegal_parameter,
                      "RFC 8449 §4: a record_size_limit above the negotiated version's maximum")
        .with_expected(static_cast<std::uint32_t>(max), limit);
  }
  // RFC 8449 §4: "The value includes the content type and padding added in
  // TLS 1.3 (that is, the complete length of TLSInnerPlaintext). In TLS 1.2
  // and earlier, the limit covers all input to compression and encryption".
  const std::size_t content = negotiated_.version == kTls13 ? limit - 1u : limit;
  records_.set_max_fragment(std::min<std::size_t>(content, record::kMaxPlaintext));
  // Both sides sent the extension, so ours binds the peer too: the record
  // layer refuses a protected record over the limit we advertised.
  // RFC 8449 §4: "When the record_size_limit extension is negotiated, an
  // endpoint MUST NOT generate a protected record with plaintext that is
  // larger than the RecordSizeLimit value it receives from its peer."
  records_.set_max_received_plaintext(own_record_size_limit(negotiated_.version));
  return success();
}

}  // namespace glasstls::handshake
