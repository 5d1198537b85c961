#include "handshake/post_handshake.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

}  // namespace

Result<NewSessionTicket> NewSessionTicket::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::new_session_ticket, sink);
  if (!body) return body.error();
  Reader& r = *body;
  NewSessionTicket t;
  if (!r.field(
          "ticket_lifetime", [&] { return r.read_u32(t.ticket_lifetime); },
          [&] { return std::to_string(t.ticket_lifetime) + " s"; }) ||
      !r.field(
          "ticket_age_add", [&] { return r.read_u32(t.ticket_age_add); },
          [&] { return std::to_string(t.ticket_age_add); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.6.1: a truncated NewSessionTicket");
  }
  r.open_field("ticket_nonce");
  Reader nonce;
  if (auto v = r.read_u8_prefixed(nonce, 0, 255, "RFC 8446 §4.6.1: opaque ticket_nonce<0..255>");
      !v) {
    return v.error();
  }
  opaque_field(nonce, "nonce");
  t.ticket_nonce.assign(nonce.all().begin(), nonce.all().end());
  r.close_field([] { return std::string(); });
  r.open_field("ticket");
  Reader ticket;
  if (auto v = r.read_u16_prefixed(ticket, 1, 0xffff, "RFC 8446 §4.6.1: opaque ticket<1..2^16-1>");
      !v) {
    return v.error();
  }
  opaque_field(ticket, "value");
  t.ticket.assign(ticket.all().begin(), ticket.all().end());
  r.close_field([] { return std::string(); });
  auto ext = parse_extensions(r, ExtensionContext::new_session_ticket);
  if (!ext) return ext.error();
  t.extensions = std::move(*ext);
  if (auto end = r.expect_end("RFC 8446 §4.6.1: bytes after NewSessionTicket"); !end) {
    return end.error();
  }
  return t;
}

Bytes NewSessionTicket::serialize() const {
  return build_message(HandshakeType::new_session_ticket, [&](Writer& w) {
    w.u32(ticket_lifetime);
    w.u32(ticket_age_add);
    w.u8_prefixed([&](Writer& n) { n.bytes(ticket_nonce); });
    w.u16_vector(1, 0xffff, [&](Writer& t) { t.bytes(ticket); });
    serialize_extensions(w, extensions);
  });
}

Result<KeyUpdate> KeyUpdate::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::key_update, sink);
  if (!body) return body.error();
  Reader& r = *body;
  std::uint8_t v = 0;
  if (!r.field(
          "request_update", [&] { return r.read_u8(v); },
          [&] {
            return v == 0   ? std::string("update_not_requested")
                   : v == 1 ? std::string("update_requested")
                            : std::to_string(v);
          })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.6.3: a truncated KeyUpdate");
  }
  if (auto end = r.expect_end("RFC 8446 §4.6.3: bytes after KeyUpdate"); !end) return end.error();
  // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST
  // terminate the connection with an "illegal_parameter" alert."
  if (v > 1) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.6.3: request_update is update_not_requested(0) or "
                      "update_requested(1)",
                      4)
        .with_found(v);
  }
  return KeyUpdate{v == 1};
}

Bytes KeyUpdate::serialize() const {
  return build_message(HandshakeType::key_update,
                       [&](Writer& w) { w.u8(update_requested ? 1 : 0); });
}

Result<EndOfEarlyData> EndOfEarlyData::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::end_of_early_data, sink);
  if (!body) return body.error();
  if (auto end = body->expect_end("RFC 8446 §4.5: EndOfEarlyData is empty"); !end) {
    return end.error();
  }
  return EndOfEarlyData{};
}

}  // namespace glasstls::handshake
