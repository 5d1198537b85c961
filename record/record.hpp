// The record layer's vocabulary: content types, the 5-byte header and the size
// limits of RFC 8446 §5.1-§5.2 (and RFC 5246 §6.2 for TLS 1.2).
//
//   struct {
//       ContentType type;
//       ProtocolVersion legacy_record_version;
//       uint16 length;
//       opaque fragment[TLSPlaintext.length];
//   } TLSPlaintext;
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace glasstls::record {

// The record types RecordLayer::write() can send (invalid is never written):
// RFC 8446 §5: "Implementations MUST NOT send record types not defined in
// this document unless negotiated by some extension."
enum class ContentType : std::uint8_t {
  invalid = 0,
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};
// "handshake", ... or "unknown".
std::string_view content_type_name(std::uint8_t type);
bool is_known_content_type(std::uint8_t type);

inline constexpr std::size_t kHeaderSize = 5;
// RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes."
inline constexpr std::size_t kMaxPlaintext = std::size_t{1} << 14;
// RFC 8446 §5.2: "The length MUST NOT exceed 2^14 + 256 bytes."
inline constexpr std::size_t kMaxCiphertext13 = kMaxPlaintext + 256;
// RFC 5246 §6.2.3: "The length MUST NOT exceed 2^14 + 2048."
inline constexpr std::size_t kMaxCiphertext12 = kMaxPlaintext + 2048;

// TLS 1.2's number, which TLS 1.3 records carry too (RFC 8446 §5.1).
inline constexpr std::uint16_t kTls12 = 0x0303;
// What a first ClientHello's record may carry "for maximum compatibility" (§5.1).
inline constexpr std::uint16_t kTls10 = 0x0301;

struct RecordHeader {
  std::uint8_t type = 0;
  std::uint16_t legacy_version = 0;
  std::uint16_t length = 0;
};

}  // namespace glasstls::record
