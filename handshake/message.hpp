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
// tiles exactly the bytes the transcript hashes) and `Bytes serialize(FieldSink*)
// const`, which reports the same fields.
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
// Builds a whole message: header, then the body written by `body`. With a
// sink, the builder reports the same fields the parser reports (a test checks
// that the two trees are equal for every message of the in-process matrix).
// When the Writer refuses a field (a vector length outside the bounds of its
// syntax), the result is empty — never a truncated or malformed message; the
// Engine refuses to send an empty one (Engine::send_message).
Bytes build_message(HandshakeType type, const std::function<void(crypto::Writer&)>& body,
                    crypto::FieldSink* sink = nullptr);

// The RFC's variable-length opaque vector, such as `opaque ticket<1..2^16-1>`
// (RFC 8446 §3.4): a length of `width` bytes (1, 2 or 3) that must lie in
// [min, max], then the bytes.
struct OpaqueVector {
  std::string_view name;  // the field: the length and the bytes
  std::string_view leaf;  // its child: the bytes alone, shown as hex
  std::size_t width = 2;
  std::size_t min = 0;
  std::size_t max = 0xffff;
  std::string_view rule;  // the RFC's declaration, named by the decode_error
};
// Reads one OpaqueVector and reports it as a field with one leaf; `summary`,
// when given, is the field's value (otherwise it has none: the leaf shows the
// bytes).
Result<Bytes> read_opaque(crypto::Reader& r, const OpaqueVector& vector,
                          std::string (*summary)(ByteView) = nullptr);
// Writes one OpaqueVector, reported as read_opaque reports it.
void write_opaque(crypto::Writer& w, const OpaqueVector& vector, ByteView bytes,
                  std::string (*summary)(ByteView) = nullptr);

}  // namespace glasstls::handshake
