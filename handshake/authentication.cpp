#include "handshake/authentication.hpp"

#include "handshake/field_values.hpp"

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
    "RFC 8446 §4.4.2: opaque certificate_request_context<0..2^8-1>"};
constexpr OpaqueVector kCertData = {
    "cert_data", "der", 3, 1, 0xffffff, "RFC 8446 §4.4.2: opaque cert_data<1..2^24-1>"};
std::string der_summary(ByteView der) { return std::to_string(der.size()) + " bytes of DER"; }
constexpr OpaqueVector kSignature = {
    "signature", "value", 2, 0, 0xffff, "RFC 8446 §4.4.3: opaque signature<0..2^16-1>"};

}  // namespace

Result<CertificateMessage> CertificateMessage::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateMessage out;
  auto ctx = read_opaque(r, kCertificateRequestContext);
  if (!ctx) return ctx.error();
  out.certificate_request_context = std::move(*ctx);
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
    auto der = read_opaque(list, kCertData, der_summary);
    if (!der) return der.error();
    entry.cert_data = std::move(*der);
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

Bytes CertificateMessage::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::certificate,
      [&](Writer& w) {
        write_opaque(w, kCertificateRequestContext, certificate_request_context);
        w.open_field("certificate_list");
        w.u24_prefixed([&](Writer& list) {
          for (std::size_t i = 0; i < certificate_list.size(); ++i) {
            const CertificateEntry& e = certificate_list[i];
            list.open_field("certificate_entry");
            write_opaque(list, kCertData, e.cert_data, der_summary);
            serialize_extensions(list, e.extensions, ExtensionContext::certificate);
            list.close_field([&] { return std::to_string(i); });
          }
        });
        w.close_field([&] { return std::to_string(certificate_list.size()) + " certificates"; });
      },
      sink);
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
  auto sig = read_opaque(r, kSignature);
  if (!sig) return sig.error();
  cv.signature = std::move(*sig);
  if (auto end = r.expect_end("RFC 8446 §4.4.3: bytes after the signature"); !end) {
    return end.error();
  }
  return cv;
}

Bytes CertificateVerify::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::certificate_verify,
      [&](Writer& w) {
        w.field(
            "algorithm", [&] { w.u16(algorithm); },
            [&] { return signature_scheme_name(algorithm); });
        write_opaque(w, kSignature, signature);
      },
      sink);
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
  const ByteView all = r.all();
  (void)r.field(
      "verify_data", [&] { return r.skip(r.remaining()); }, [&] { return hex_value(all); });
  f.verify_data.assign(all.begin(), all.end());
  return f;
}

Bytes Finished::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::finished,
      [&](Writer& w) {
        w.field(
            "verify_data", [&] { w.bytes(verify_data); }, [&] { return hex_value(verify_data); });
      },
      sink);
}

}  // namespace glasstls::handshake
