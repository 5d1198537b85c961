// EncryptedExtensions and CertificateRequest (RFC 8446 §4.3): what the server
// says under the handshake keys before it proves who it is.
#pragma once

#include "handshake/message.hpp"

namespace glasstls::handshake {

//   struct {
//       Extension extensions<0..2^16-1>;
//   } EncryptedExtensions;
struct EncryptedExtensions {
  Extensions extensions;

  static Result<EncryptedExtensions> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

//   struct {
//       opaque certificate_request_context<0..2^8-1>;
//       Extension extensions<2..2^16-1>;
//   } CertificateRequest;
struct CertificateRequest {
  Bytes certificate_request_context;
  Extensions extensions;

  static Result<CertificateRequest> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

}  // namespace glasstls::handshake
