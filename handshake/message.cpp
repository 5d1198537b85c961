#include "handshake/message.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

using AD = AlertDescription;

Result<crypto::Reader> open_message(ByteView message, HandshakeType expected,
                                    crypto::FieldSink* sink) {
  crypto::Reader r(message);
  r.set_sink(sink);
  std::uint8_t type = 0;
  if (!r.field(
          "msg_type", [&] { return r.read_u8(type); }, [&] { return handshake_type_name(type); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4: a truncated handshake header");
  }
  if (type != code(expected)) {
    return make_error(AD::internal_error, "handshake: a message parsed as another type", 0)
        .with_expected(code(expected), type);
  }
  crypto::Reader body;
  // Every message body is read with crypto::Reader, whose length, prefix and
  // end checks fail with decode_error: RFC 8446 §6: "Peers which receive a
  // message which cannot be parsed according to the syntax (e.g., have a
  // length extending beyond the message boundary or contain an out-of-range
  // length) MUST terminate the connection with a "decode_error" alert."
  // RFC 8446 §4: "uint24 length; /* remaining bytes in message */".
  if (auto v = r.read_u24_prefixed(body, 0, 0xffffff,
                                   "RFC 8446 §4: the handshake length does not match the bytes "
                                   "of the message");
      !v) {
    return v.error();
  }
  if (auto end = r.expect_end("RFC 8446 §4: bytes after the handshake message"); !end) {
    return end.error();
  }
  return body;
}

Bytes build_message(HandshakeType type, const std::function<void(crypto::Writer&)>& body,
                    crypto::FieldSink* sink) {
  crypto::Writer w;
  w.set_sink(sink);
  w.field(
      "msg_type", [&] { w.u8(code(type)); }, [&] { return handshake_type_name(code(type)); });
  w.u24_prefixed([&](crypto::Writer& b) { body(b); });
  auto out = std::move(w).finish();
  return out ? std::move(*out) : Bytes{};
}

Result<Bytes> read_opaque(crypto::Reader& r, const OpaqueVector& vector,
                          std::string (*summary)(ByteView)) {
  r.open_field(vector.name);
  crypto::Reader bytes;
  if (auto v = r.read_vector(vector.width, vector.min, vector.max, bytes, vector.rule); !v) {
    return v.error();
  }
  const ByteView all = bytes.all();
  (void)bytes.field(
      vector.leaf, [&] { return bytes.skip(bytes.remaining()); }, [&] { return hex_value(all); });
  r.close_field([&] { return summary ? summary(all) : std::string(); });
  return Bytes(all.begin(), all.end());
}

void write_opaque(crypto::Writer& w, const OpaqueVector& vector, ByteView bytes,
                  std::string (*summary)(ByteView)) {
  w.open_field(vector.name);
  w.vector(vector.width, vector.min, vector.max, [&](crypto::Writer& b) {
    b.field(
        vector.leaf, [&] { b.bytes(bytes); }, [&] { return hex_value(bytes); });
  });
  w.close_field([&] { return summary ? summary(bytes) : std::string(); });
}

}  // namespace glasstls::handshake
