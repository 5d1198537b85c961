// ClientHello and ServerHello / HelloRetryRequest (RFC 8446 §4.1.2-§4.1.4).
#pragma once

#include <array>

#include "handshake/extension_codecs.hpp"
#include "handshake/message.hpp"

namespace glasstls::handshake {

using Random = std::array<std::uint8_t, 32>;

// RFC 8446 §4.1.3: HelloRetryRequest's Random, SHA-256("HelloRetryRequest").
extern const Random kHelloRetryRequestRandom;
// RFC 8446 §4.1.3: the last 8 bytes of a TLS 1.3 server's random when it
// negotiates TLS 1.2 ("DOWNGRD" 01) or below ("DOWNGRD" 00).
extern const std::array<std::uint8_t, 8> kDowngradeTls12;
extern const std::array<std::uint8_t, 8> kDowngradeTls11;

//   struct {
//       ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
//       Random random;
//       opaque legacy_session_id<0..32>;
//       CipherSuite cipher_suites<2..2^16-2>;
//       opaque legacy_compression_methods<1..2^8-1>;
//       Extension extensions<8..2^16-1>;
//   } ClientHello;
struct ClientHello {
  // RFC 8446 §4.1.2: "In TLS 1.3, the client indicates its version
  // preferences in the "supported_versions" extension (Section 4.2.1) and the
  // legacy_version field MUST be set to 0x0303, which is the version number
  // for TLS 1.2." (our client never changes it)
  std::uint16_t legacy_version = kTls12;
  Random random{};
  Bytes legacy_session_id;
  std::vector<std::uint16_t> cipher_suites;
  Bytes legacy_compression_methods{0};
  Extensions extensions;

  // A TLS 1.2 ClientHello may end after the compression methods (RFC 5246 §7.4.1.2).
  static Result<ClientHello> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
//       Random random;
//       opaque legacy_session_id_echo<0..32>;
//       CipherSuite cipher_suite;
//       uint8 legacy_compression_method = 0;
//       Extension extensions<6..2^16-1>;
//   } ServerHello;
//
// A HelloRetryRequest is a ServerHello whose random is kHelloRetryRequestRandom.
struct ServerHello {
  // RFC 8446 §4.1.3: "In TLS 1.3, the TLS server indicates its version using
  // the "supported_versions" extension (Section 4.2.1), and the legacy_version
  // field MUST be set to 0x0303, which is the version number for TLS 1.2."
  // (our server never changes it: a TLS 1.2 ServerHello says 0x0303 too)
  std::uint16_t legacy_version = kTls12;
  Random random{};
  Bytes legacy_session_id_echo;
  std::uint16_t cipher_suite = 0;
  std::uint8_t legacy_compression_method = 0;
  Extensions extensions;

  bool is_hello_retry_request() const { return random == kHelloRetryRequestRandom; }
  static Result<ServerHello> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

}  // namespace glasstls::handshake
