// Handshake message framing (RFC 8446 §4):
//
//   struct {
//       HandshakeType msg_type;    /* handshake type */
//       uint24 length;             /* remaining bytes in message */
//       select (Handshake.msg_type) { ... };
//   } Handshake;
//
// Each message type has a struct with `static Result<T> parse(ByteView message,
// FieldSink*)` over the whole message (header included, so the field tree
// tiles exactly the bytes the transcript hashes) and `Bytes serialize() const`.
// The raw bytes of a received message are kept by the caller for the transcript.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "crypto/field_sink.hpp"
#include "crypto/reader.hpp"
#include "crypto/writer.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/extensions.hpp"

namespace glasstls::handshake {

inline constexpr std::size_t kMessageHeaderSize = 4;

// Reads the header of `message` (type and a length that matches the bytes
// that follow, else decode_error) and returns a Reader over the body with
// offsets continuing from 4. `expected` is the type the caller dispatched on.
Result<crypto::Reader> open_message(ByteView message, HandshakeType expected,
                                    crypto::FieldSink* sink);
// Builds a whole message: header, then the body written by `body`.
Bytes build_message(HandshakeType type, const std::function<void(crypto::Writer&)>& body);

// A reader of opaque bytes as one leaf field named `name` (hex value).
void opaque_field(crypto::Reader& r, std::string_view name);

}  // namespace glasstls::handshake
