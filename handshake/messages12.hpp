// The TLS 1.2 handshake messages that differ from TLS 1.3's (RFC 5246 §7.4,
// RFC 8422 §5.5, RFC 5077 §3.3), and the ChangeCipherSpec record content
// (RFC 5246 §7.1). The key exchange messages are in key_exchange12.hpp.
//
// The messages TLS 1.2 shares with TLS 1.3 are not repeated here:
//   - ClientHello and ServerHello: hello.hpp (the same wire format; both
//     parsers accept a TLS 1.2 hello without extensions);
//   - CertificateVerify: authentication.hpp's CertificateVerify. RFC 5246
//     §7.4.8 makes it a digitally-signed element, encoded (§4.7) as
//     `SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>;`
//     — TLS 1.3's `SignatureScheme algorithm; opaque signature<0..2^16-1>;`
//     byte for byte, with the same code points (RFC 8446 §4.2.3 kept
//     TLS 1.2's). Its parse rules (a truncated algorithm, the signature's
//     bounds, nothing after it) are TLS 1.2's too; only the rule strings
//     name RFC 8446 §4.4.3;
//   - Finished: authentication.hpp's Finished, parsed with
//     kVerifyDataLength12 (RFC 5246 §7.4.9).
#pragma once

#include "handshake/authentication.hpp"
#include "handshake/message.hpp"

namespace glasstls::handshake {

// RFC 5246 §7.4.8 (see above): the same message as TLS 1.3's.
using CertificateVerify12 = CertificateVerify;

// RFC 5246 §7.4.9: "Any cipher suite which does not explicitly specify
// verify_data_length has a verify_data_length equal to 12. This includes all
// existing cipher suites." Parse with Finished::parse(message, kVerifyDataLength12).
inline constexpr std::size_t kVerifyDataLength12 = 12;

//   struct { } HelloRequest;
//
// Parsed only to be refused: we do not renegotiate (RFC 5246 §7.4.1.1, RFC 5746 §4.2).
struct HelloRequest {
  static Result<HelloRequest> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   opaque ASN.1Cert<1..2^24-1>;
//
//   struct {
//       ASN.1Cert certificate_list<0..2^24-1>;
//   } Certificate;
//
// RFC 5246 §7.4.2 (the server's), §7.4.6 (the client's: may be empty).
struct Certificate12 {
  std::vector<Bytes> certificate_list;  // DER, the sender's certificate first

  static Result<Certificate12> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

// RFC 5246 §7.4.4 and RFC 8422 §5.5 (the values we may send or meet).
enum class ClientCertificateType : std::uint8_t {
  rsa_sign = 1,
  dss_sign = 2,
  rsa_fixed_dh = 3,
  dss_fixed_dh = 4,
  ecdsa_sign = 64,
};
std::string client_certificate_type_name(std::uint8_t t);

//   opaque DistinguishedName<1..2^16-1>;
//
//   struct {
//       ClientCertificateType certificate_types<1..2^8-1>;
//       SignatureAndHashAlgorithm
//         supported_signature_algorithms<2^16-1>;
//       DistinguishedName certificate_authorities<0..2^16-1>;
//   } CertificateRequest;
//
// (§7.4.4 prints the signature list's bounds as <2^16-1>; they are those of
// §7.4.1.4.1, <2..2^16-2>: pairs of bytes, at least one pair.)
struct CertificateRequest12 {
  std::vector<std::uint8_t> certificate_types;                // ClientCertificateType values
  std::vector<std::uint16_t> supported_signature_algorithms;  // SignatureScheme code points
  std::vector<Bytes> certificate_authorities;                 // DER Names

  static Result<CertificateRequest12> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct { } ServerHelloDone;
struct ServerHelloDone {
  static Result<ServerHelloDone> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       uint32 ticket_lifetime_hint;
//       opaque ticket<0..2^16-1>;
//   } NewSessionTicket;
//
// RFC 5077 §3.3. An empty ticket means the server chose not to issue one.
struct NewSessionTicket12 {
  std::uint32_t ticket_lifetime_hint = 0;  // seconds; 0: unspecified
  Bytes ticket;

  static Result<NewSessionTicket12> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       enum { change_cipher_spec(1), (255) } type;
//   } ChangeCipherSpec;
//
// RFC 5246 §7.1: the whole content of a change_cipher_spec record (not a
// handshake message: no header). Anything but the single byte 1 is
// decode_error (§7.2.2: "some field was out of the specified range or the
// length of the message was incorrect").
struct ChangeCipherSpec {
  static Result<ChangeCipherSpec> parse(ByteView content, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;  // {0x01}
};

}  // namespace glasstls::handshake
