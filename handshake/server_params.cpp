#include "handshake/server_params.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

constexpr OpaqueVector kCertificateRequestContext = {
    "certificate_request_context",
    "context",
    1,
    0,
    0xff,
    "RFC 8446 §4.3.2: opaque certificate_request_context<0..2^8-1>"};

}  // namespace

Result<EncryptedExtensions> EncryptedExtensions::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::encrypted_extensions, sink);
  if (!body) return body.error();
  auto ext = parse_extensions(*body, ExtensionContext::encrypted_extensions);
  if (!ext) return ext.error();
  if (auto end = body->expect_end("RFC 8446 §4.3.1: bytes after EncryptedExtensions"); !end) {
    return end.error();
  }
  return EncryptedExtensions{std::move(*ext)};
}

Bytes EncryptedExtensions::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::encrypted_extensions,
      [&](Writer& w) {
        serialize_extensions(w, extensions, ExtensionContext::encrypted_extensions);
      },
      sink);
}

Result<CertificateRequest> CertificateRequest::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate_request, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateRequest cr;
  auto ctx = read_opaque(r, kCertificateRequestContext);
  if (!ctx) return ctx.error();
  cr.certificate_request_context = std::move(*ctx);
  auto ext = parse_extensions(r, ExtensionContext::certificate_request, 2);
  if (!ext) return ext.error();
  cr.extensions = std::move(*ext);
  if (auto end = r.expect_end("RFC 8446 §4.3.2: bytes after CertificateRequest"); !end) {
    return end.error();
  }
  return cr;
}

Bytes CertificateRequest::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::certificate_request,
      [&](Writer& w) {
        write_opaque(w, kCertificateRequestContext, certificate_request_context);
        serialize_extensions(w, extensions, ExtensionContext::certificate_request, 2);
      },
      sink);
}

}  // namespace glasstls::handshake
