#include "trace/handshake_outline.hpp"

#include <set>

namespace glasstls::trace {

namespace {

// Handshake types (RFC 8446 §4; RFC 5246 §7.4) and content types (RFC 8446 §5.1).
constexpr std::uint8_t kClientHello = 1, kServerHello = 2, kCertificate = 11,
                       kServerKeyExchange = 12, kCertificateRequest = 13, kCertificateVerify = 15,
                       kClientKeyExchange = 16, kFinished = 20;
constexpr std::uint8_t kChangeCipherSpec = 20, kHandshake = 22;

}  // namespace

std::string_view purpose_name(Purpose p) {
  switch (p) {
    case Purpose::key_exchange: return "key exchange";
    case Purpose::server_authentication: return "server authentication";
    case Purpose::client_authentication: return "client authentication";
    case Purpose::finished: return "Finished";
    case Purpose::other: return "other";
  }
  return "?";
}

Purpose message_purpose(std::uint8_t type, bool from_client) {
  switch (type) {
    case kClientHello:
    case kServerHello:
    case kServerKeyExchange:
    case kClientKeyExchange: return Purpose::key_exchange;
    case kCertificate:
    case kCertificateVerify:
      return from_client ? Purpose::client_authentication : Purpose::server_authentication;
    case kCertificateRequest: return Purpose::client_authentication;
    case kFinished: return Purpose::finished;
    default: return Purpose::other;
  }
}

void HandshakeOutline::add(OutlineItem item) {
  const bool new_flight = items_.empty() || items_.back().from_client != item.from_client;
  item.flight = flights() + (new_flight ? 1 : 0);
  items_.push_back(std::move(item));
}

void HandshakeOutline::on_event(const Event& event, bool at_client) {
  bool& protected_record = last_record_protected_[at_client ? 1 : 0];
  if (const auto* r = std::get_if<RecordEvent>(&event)) {
    if (r->direction != Direction::received) return;
    const std::uint8_t type = r->is_protected ? r->inner_type : r->content_type;
    if (type != kHandshake && type != kChangeCipherSpec) return;
    (at_client ? server_bytes_ : client_bytes_) += r->header.size() + r->length;
    protected_record = r->is_protected;
    if (type == kChangeCipherSpec) {
      OutlineItem ccs;
      ccs.from_client = !at_client;
      ccs.change_cipher_spec = true;
      ccs.name = "ChangeCipherSpec";
      ccs.length = r->plaintext.size();
      ccs.encrypted = r->is_protected;
      add(std::move(ccs));
    }
  } else if (const auto* m = std::get_if<MessageEvent>(&event)) {
    if (m->direction != Direction::received) return;
    OutlineItem item;
    item.from_client = !at_client;
    item.type = m->type;
    item.name = std::string(m->name);
    item.length = m->bytes.size();
    item.encrypted = protected_record;
    item.purpose = message_purpose(m->type, item.from_client);
    add(std::move(item));
  } else if (const auto* s = std::get_if<StateEvent>(&event)) {
    if (at_client && s->to == "CONNECTED" && !items_when_connected_)
      items_when_connected_ = items_.size();
  }
}

std::optional<int> HandshakeOutline::round_trips() const {
  if (!items_when_connected_) return std::nullopt;
  std::set<int> server_flights;
  for (std::size_t i = 0; i < *items_when_connected_; ++i) {
    if (!items_[i].from_client) server_flights.insert(items_[i].flight);
  }
  return static_cast<int>(server_flights.size());
}

}  // namespace glasstls::trace
