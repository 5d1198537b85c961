// The Engine after the handshake: KeyUpdate (RFC 8446 §4.6.3), application
// data, close_notify (§6.1), the exporter (§7.5) — and the Connection, the
// public face over the Engine.
#include "crypto/prf12.hpp"
#include "handshake/engine.hpp"

namespace glasstls::handshake {

using AD = AlertDescription;
using record::ContentType;

Result<void> Engine::on_key_update(std::span<const std::uint8_t> message) {
  auto ku = KeyUpdate::parse(message);
  if (!ku) return ku.error();
  // The receiver updates its read keys only now. RFC 8446 §4.6.3: "both sides
  // MUST enforce that a KeyUpdate with the old key is received before
  // accepting any messages encrypted with the new key."
  // RFC 8446 §4.6.3: "Upon receiving a KeyUpdate, the receiver MUST update
  // its receiving keys."
  HashSecret& peer = role_ == Role::client ? server_ap_ : client_ap_;
  peer = keys_->next_traffic_secret(peer);
  if (auto r = install_read_keys(peer); !r) return r;
  move_to(State::connected, HandshakeType::key_update);
  // RFC 8446 §4.6.3: "If the request_update field is set to
  // "update_requested", then the receiver MUST send a KeyUpdate of its own
  // with request_update set to "update_not_requested" prior to sending its
  // next Application Data record." One answer per batch of output, however
  // many arrive.
  if (ku->update_requested && !key_update_queued_) return update_keys(false);
  return success();
}

Result<void> Engine::update_keys(bool request_peer) {
  if (negotiated_.version == kTls12) {
    return make_error(AD::internal_error, "RFC 5246: TLS 1.2 has no KeyUpdate");
  }
  if (state_ != State::connected) {
    return make_error(AD::internal_error, "RFC 8446 §4.6.3: KeyUpdate before the handshake ends");
  }
  const Bytes msg = KeyUpdate{request_peer}.serialize(sent_fields());
  trace_message(trace::Direction::sent, HandshakeType::key_update, msg);
  // RFC 8446 §4.6.3: "Both sender and receiver MUST encrypt their KeyUpdate
  // messages with the old keys." RFC 8446 §4.6.3: "After sending a KeyUpdate
  // message, the sender SHALL send all its traffic using the next generation
  // of keys".
  if (auto r = records_.write(ContentType::handshake, msg); !r) return r;
  HashSecret& mine = role_ == Role::client ? client_ap_ : server_ap_;
  mine = keys_->next_traffic_secret(mine);
  key_update_queued_ = true;
  return install_write_keys(mine);
}

Result<void> Engine::write(std::span<const std::uint8_t> data) {
  if (error_) return *error_;
  // RFC 5246 §7.3: "Application data MUST NOT be sent prior to the completion
  // of the first handshake (before a cipher suite other than
  // TLS_NULL_WITH_NULL_NULL is established)."
  // RFC 8446 §5.1: "Note that Application Data records MUST NOT be written
  // to the wire unprotected" — connected means application traffic keys.
  // After an error alert (error_ above), RFC 8446 §6: "[...] MUST NOT allow
  // any further data to be sent or received on the connection."
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
  if (negotiated_.version == kTls12) {
    // RFC 5705 §4: "PRF(SecurityParameters.master_secret, label,
    // SecurityParameters.client_random + SecurityParameters.server_random +
    // context_value_length + context_value)[length]".
    if (context.size() > 0xffff) {
      return make_error(AD::internal_error, "RFC 5705 §4: the context is at most 2^16-1 bytes");
    }
    Bytes seed(client_random_.begin(), client_random_.end());
    seed.insert(seed.end(), tls12_.server_random.begin(), tls12_.server_random.end());
    seed.push_back(static_cast<std::uint8_t>(context.size() >> 8));
    seed.push_back(static_cast<std::uint8_t>(context.size()));
    seed.insert(seed.end(), context.begin(), context.end());
    std::vector<std::uint8_t> out(length);
    crypto::tls12_prf(suite_->hash, tls12_.keys->master_secret().bytes(), label, seed, out);
    return out;
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
Result<void> Connection::send_handshake_message(std::span<const std::uint8_t> message) {
  return engine_->send_handshake_message(message);
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
