#include "handshake/server_params.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

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

Bytes EncryptedExtensions::serialize() const {
  return build_message(HandshakeType::encrypted_extensions,
                       [&](Writer& w) { serialize_extensions(w, extensions); });
}

Result<CertificateRequest> CertificateRequest::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate_request, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateRequest cr;
  r.open_field("certificate_request_context");
  Reader ctx;
  if (auto v = r.read_u8_prefixed(ctx, 0, 0xff,
                                  "RFC 8446 §4.3.2: opaque certificate_request_context<0..2^8-1>");
      !v) {
    return v.error();
  }
  opaque_field(ctx, "context");
  cr.certificate_request_context.assign(ctx.all().begin(), ctx.all().end());
  r.close_field([] { return std::string(); });
  auto ext = parse_extensions(r, ExtensionContext::certificate_request, 2);
  if (!ext) return ext.error();
  cr.extensions = std::move(*ext);
  if (auto end = r.expect_end("RFC 8446 §4.3.2: bytes after CertificateRequest"); !end) {
    return end.error();
  }
  return cr;
}

Bytes CertificateRequest::serialize() const {
  return build_message(HandshakeType::certificate_request, [&](Writer& w) {
    w.u8_prefixed([&](Writer& c) { c.bytes(certificate_request_context); });
    serialize_extensions(w, extensions, 2);
  });
}

}  // namespace glasstls::handshake
