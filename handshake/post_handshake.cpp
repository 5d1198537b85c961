#include "handshake/post_handshake.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

constexpr OpaqueVector kTicketNonce = {
    "ticket_nonce", "nonce", 1, 0, 255, "RFC 8446 §4.6.1: opaque ticket_nonce<0..255>"};
constexpr OpaqueVector kTicket = {"ticket", "value", 2,
                                  1,        0xffff,  "RFC 8446 §4.6.1: opaque ticket<1..2^16-1>"};

std::string request_update_name(std::uint8_t v) {
  return v == 0   ? std::string("update_not_requested")
         : v == 1 ? std::string("update_requested")
                  : std::to_string(v);
}

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
  auto nonce = read_opaque(r, kTicketNonce);
  if (!nonce) return nonce.error();
  t.ticket_nonce = std::move(*nonce);
  auto ticket = read_opaque(r, kTicket);
  if (!ticket) return ticket.error();
  t.ticket = std::move(*ticket);
  // RFC 8446 §4.6.1: "Clients MUST ignore unrecognized extensions." (parsed
  // for their syntax and the §4.2 table, then not acted on.)
  auto ext = parse_extensions(r, ExtensionContext::new_session_ticket);
  if (!ext) return ext.error();
  t.extensions = std::move(*ext);
  if (auto end = r.expect_end("RFC 8446 §4.6.1: bytes after NewSessionTicket"); !end) {
    return end.error();
  }
  return t;
}

Bytes NewSessionTicket::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::new_session_ticket,
      [&](Writer& w) {
        w.field(
            "ticket_lifetime", [&] { w.u32(ticket_lifetime); },
            [&] { return std::to_string(ticket_lifetime) + " s"; });
        w.field(
            "ticket_age_add", [&] { w.u32(ticket_age_add); },
            [&] { return std::to_string(ticket_age_add); });
        write_opaque(w, kTicketNonce, ticket_nonce);
        write_opaque(w, kTicket, ticket);
        serialize_extensions(w, extensions, ExtensionContext::new_session_ticket);
      },
      sink);
}

Result<KeyUpdate> KeyUpdate::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::key_update, sink);
  if (!body) return body.error();
  Reader& r = *body;
  std::uint8_t v = 0;
  if (!r.field(
          "request_update", [&] { return r.read_u8(v); }, [&] { return request_update_name(v); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.6.3: a truncated KeyUpdate");
  }
  if (auto end = r.expect_end("RFC 8446 §4.6.3: bytes after KeyUpdate"); !end) return end.error();
  // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST
  // terminate the connection with an "illegal_parameter" alert." An invalid
  // enum, RFC 8446 §6: "Peers which receive a message which is syntactically
  // correct but semantically invalid (e.g., a DHE share of p - 1, or an
  // invalid enum) MUST terminate the connection with an "illegal_parameter"
  // alert."
  if (v > 1) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.6.3: request_update is update_not_requested(0) or "
                      "update_requested(1)",
                      4)
        .with_found(v);
  }
  return KeyUpdate{v == 1};
}

Bytes KeyUpdate::serialize(crypto::FieldSink* sink) const {
  const std::uint8_t v = update_requested ? 1 : 0;
  return build_message(
      HandshakeType::key_update,
      [&](Writer& w) {
        w.field(
            "request_update", [&] { w.u8(v); }, [&] { return request_update_name(v); });
      },
      sink);
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
