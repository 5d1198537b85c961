// Messages after the handshake (RFC 8446 §4.6) and EndOfEarlyData (§4.5),
// which we only parse in order to refuse it (no 0-RTT).
#pragma once

#include "handshake/message.hpp"

namespace glasstls::handshake {

//   struct {
//       uint32 ticket_lifetime;
//       uint32 ticket_age_add;
//       opaque ticket_nonce<0..255>;
//       opaque ticket<1..2^16-1>;
//       Extension extensions<0..2^16-2>;
//   } NewSessionTicket;
struct NewSessionTicket {
  std::uint32_t ticket_lifetime = 0;
  std::uint32_t ticket_age_add = 0;
  Bytes ticket_nonce;
  Bytes ticket;
  Extensions extensions;

  static Result<NewSessionTicket> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;
//   struct { KeyUpdateRequest request_update; } KeyUpdate;
struct KeyUpdate {
  bool update_requested = false;

  static Result<KeyUpdate> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {} EndOfEarlyData;
struct EndOfEarlyData {
  static Result<EndOfEarlyData> parse(ByteView message, crypto::FieldSink* sink = nullptr);
};

}  // namespace glasstls::handshake
