// The authentication messages (RFC 8446 §4.4): Certificate, CertificateVerify
// and Finished — the same three for the server and, in mutual TLS, the client.
#pragma once

#include "handshake/message.hpp"

namespace glasstls::handshake {

//   struct {
//       select (certificate_type) {
//           case X509: opaque cert_data<1..2^24-1>;
//       };
//       Extension extensions<0..2^16-1>;
//   } CertificateEntry;
//
//   struct {
//       opaque certificate_request_context<0..2^8-1>;
//       CertificateEntry certificate_list<0..2^24-1>;
//   } Certificate;
struct CertificateEntry {
  Bytes cert_data;  // DER
  Extensions extensions;
};

struct CertificateMessage {
  Bytes certificate_request_context;
  std::vector<CertificateEntry> certificate_list;

  static Result<CertificateMessage> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       SignatureScheme algorithm;
//       opaque signature<0..2^16-1>;
//   } CertificateVerify;
struct CertificateVerify {
  std::uint16_t algorithm = 0;
  Bytes signature;

  static Result<CertificateVerify> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       opaque verify_data[Hash.length];
//   } Finished;
struct Finished {
  Bytes verify_data;

  // `hash_length` comes from the negotiated cipher suite.
  static Result<Finished> parse(ByteView message, std::size_t hash_length,
                                crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

}  // namespace glasstls::handshake
