#include "handshake/authentication.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

}  // namespace

Result<CertificateMessage> CertificateMessage::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateMessage out;
  r.open_field("certificate_request_context");
  Reader ctx;
  if (auto v = r.read_u8_prefixed(ctx, 0, 0xff,
                                  "RFC 8446 §4.4.2: opaque certificate_request_context<0..2^8-1>");
      !v) {
    return v.error();
  }
  opaque_field(ctx, "context");
  out.certificate_request_context.assign(ctx.all().begin(), ctx.all().end());
  r.close_field([] { return std::string(); });
  r.open_field("certificate_list");
  Reader list;
  if (auto v = r.read_u24_prefixed(list, 0, 0xffffff,
                                   "RFC 8446 §4.4.2: CertificateEntry certificate_list<0..2^24-1>");
      !v) {
    return v.error();
  }
  while (!list.empty()) {
    list.open_field("certificate_entry");
    CertificateEntry entry;
    list.open_field("cert_data");
    Reader der;
    if (auto v = list.read_u24_prefixed(der, 1, 0xffffff,
                                        "RFC 8446 §4.4.2: opaque cert_data<1..2^24-1>");
        !v) {
      return v.error();
    }
    opaque_field(der, "der");
    entry.cert_data.assign(der.all().begin(), der.all().end());
    list.close_field([&] { return std::to_string(entry.cert_data.size()) + " bytes of DER"; });
    auto ext = parse_extensions(list, ExtensionContext::certificate);
    if (!ext) return ext.error();
    entry.extensions = std::move(*ext);
    list.close_field([&] { return std::to_string(out.certificate_list.size()); });
    out.certificate_list.push_back(std::move(entry));
  }
  r.close_field([&] { return std::to_string(out.certificate_list.size()) + " certificates"; });
  if (auto end = r.expect_end("RFC 8446 §4.4.2: bytes after the certificate_list"); !end) {
    return end.error();
  }
  return out;
}

Bytes CertificateMessage::serialize() const {
  return build_message(HandshakeType::certificate, [&](Writer& w) {
    w.u8_prefixed([&](Writer& c) { c.bytes(certificate_request_context); });
    w.u24_prefixed([&](Writer& list) {
      for (const auto& e : certificate_list) {
        list.u24_vector(1, 0xffffff, [&](Writer& d) { d.bytes(e.cert_data); });
        serialize_extensions(list, e.extensions);
      }
    });
  });
}

Result<CertificateVerify> CertificateVerify::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate_verify, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateVerify cv;
  if (!r.field(
          "algorithm", [&] { return r.read_u16(cv.algorithm); },
          [&] { return signature_scheme_name(cv.algorithm); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.4.3: a truncated SignatureScheme");
  }
  r.open_field("signature");
  Reader sig;
  if (auto v = r.read_u16_prefixed(sig, 0, 0xffff, "RFC 8446 §4.4.3: opaque signature<0..2^16-1>");
      !v) {
    return v.error();
  }
  opaque_field(sig, "value");
  cv.signature.assign(sig.all().begin(), sig.all().end());
  r.close_field([] { return std::string(); });
  if (auto end = r.expect_end("RFC 8446 §4.4.3: bytes after the signature"); !end) {
    return end.error();
  }
  return cv;
}

Bytes CertificateVerify::serialize() const {
  return build_message(HandshakeType::certificate_verify, [&](Writer& w) {
    w.u16(algorithm);
    w.u16_prefixed([&](Writer& s) { s.bytes(signature); });
  });
}

Result<Finished> Finished::parse(ByteView message, std::size_t hash_length,
                                 crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::finished, sink);
  if (!body) return body.error();
  Reader& r = *body;
  // RFC 8446 §4.4.4: "opaque verify_data[Hash.length];" — any other length
  // cannot be a Finished of this suite.
  if (r.remaining() != hash_length) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.4.4: verify_data is Hash.length bytes")
        .with_expected(static_cast<std::uint32_t>(hash_length),
                       static_cast<std::uint32_t>(r.remaining()));
  }
  Finished f;
  opaque_field(r, "verify_data");
  f.verify_data.assign(r.all().begin(), r.all().end());
  return f;
}

Bytes Finished::serialize() const {
  return build_message(HandshakeType::finished, [&](Writer& w) { w.bytes(verify_data); });
}

}  // namespace glasstls::handshake
