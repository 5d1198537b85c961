#include "handshake/messages12.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

// A vector of fixed-size code points, such as
// `ClientCertificateType certificate_types<1..2^8-1>`: each entry is reported
// as a field named `item` whose value is its name.
template <typename T>
struct CodeList {
  std::string_view name;
  std::string_view item;
  std::size_t width;  // of the length
  std::size_t min;
  std::size_t max;
  std::string (*describe)(T);
  std::string_view rule;
};

std::string entries(std::size_t n) { return std::to_string(n) + " entries"; }

template <typename T>
Result<std::vector<T>> read_codes(Reader& r, const CodeList<T>& list) {
  r.open_field(list.name);
  const std::size_t length_at = r.offset();
  Reader items;
  if (auto v = r.read_vector(list.width, list.min, list.max, items, list.rule); !v) {
    return v.error();
  }
  // A length that is not a whole number of entries is wrong at the length.
  if (items.remaining() % sizeof(T) != 0) {
    return make_error(AD::decode_error, list.rule, length_at);
  }
  std::vector<T> out;
  while (!items.empty()) {
    T code = 0;
    (void)items.field(
        list.item,
        [&] {
          if constexpr (sizeof(T) == 1)
            return items.read_u8(code);
          else
            return items.read_u16(code);
        },
        [&] { return list.describe(code); });
    out.push_back(code);
  }
  r.close_field([&] { return entries(out.size()); });
  return out;
}

template <typename T>
void write_codes(Writer& w, const CodeList<T>& list, const std::vector<T>& codes) {
  w.open_field(list.name);
  w.vector(list.width, list.min, list.max, [&](Writer& items) {
    for (const T code : codes) {
      items.field(
          list.item,
          [&] {
            if constexpr (sizeof(T) == 1)
              items.u8(code);
            else
              items.u16(code);
          },
          [&] { return list.describe(code); });
    }
  });
  w.close_field([&] { return entries(codes.size()); });
}

// A vector of opaque vectors, such as `ASN.1Cert certificate_list<0..2^24-1>`.
struct OpaqueList {
  std::string_view name;
  std::size_t width;  // of the list's length
  std::size_t min;
  std::size_t max;
  std::string_view rule;
  OpaqueVector entry;
  std::string_view unit;  // "certificates"
};

std::string der_summary(ByteView der) { return std::to_string(der.size()) + " bytes of DER"; }

Result<std::vector<Bytes>> read_opaque_list(Reader& r, const OpaqueList& list) {
  r.open_field(list.name);
  Reader items;
  if (auto v = r.read_vector(list.width, list.min, list.max, items, list.rule); !v) {
    return v.error();
  }
  std::vector<Bytes> out;
  while (!items.empty()) {
    auto entry = read_opaque(items, list.entry, der_summary);
    if (!entry) return entry.error();
    out.push_back(std::move(*entry));
  }
  r.close_field([&] { return std::to_string(out.size()) + " " + std::string(list.unit); });
  return out;
}

void write_opaque_list(Writer& w, const OpaqueList& list, const std::vector<Bytes>& entries_) {
  w.open_field(list.name);
  w.vector(list.width, list.min, list.max, [&](Writer& items) {
    for (const Bytes& e : entries_) write_opaque(items, list.entry, e, der_summary);
  });
  w.close_field([&] { return std::to_string(entries_.size()) + " " + std::string(list.unit); });
}

// An empty message (`struct { } HelloRequest;`): the header, and nothing after it.
Result<void> read_empty(ByteView message, HandshakeType type, crypto::FieldSink* sink,
                        std::string_view rule) {
  auto body = open_message(message, type, sink);
  if (!body) return body.error();
  return body->expect_end(rule);
}

constexpr OpaqueList kCertificateList = {
    "certificate_list",
    3,
    0,
    0xffffff,
    "RFC 5246 §7.4.2: ASN.1Cert certificate_list<0..2^24-1>",
    {"asn1_cert", "der", 3, 1, 0xffffff, "RFC 5246 §7.4.2: opaque ASN.1Cert<1..2^24-1>"},
    "certificates"};

constexpr CodeList<std::uint8_t> kCertificateTypes = {
    "certificate_types",
    "certificate_type",
    1,
    1,
    0xff,
    client_certificate_type_name,
    "RFC 5246 §7.4.4: ClientCertificateType certificate_types<1..2^8-1>"};
constexpr CodeList<std::uint16_t> kSupportedSignatureAlgorithms = {
    "supported_signature_algorithms",
    "algorithm",
    2,
    2,
    0xfffe,
    signature_scheme_name,
    "RFC 5246 §7.4.1.4.1: SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>"};
constexpr OpaqueList kCertificateAuthorities = {
    "certificate_authorities",
    2,
    0,
    0xffff,
    "RFC 5246 §7.4.4: DistinguishedName certificate_authorities<0..2^16-1>",
    {"distinguished_name", "der", 2, 1, 0xffff,
     "RFC 5246 §7.4.4: opaque DistinguishedName<1..2^16-1>"},
    "names"};

constexpr OpaqueVector kTicket = {"ticket", "value", 2,
                                  0,        0xffff,  "RFC 5077 §3.3: opaque ticket<0..2^16-1>"};

}  // namespace

std::string client_certificate_type_name(std::uint8_t t) {
  switch (t) {
    case 1: return "rsa_sign";
    case 2: return "dss_sign";
    case 3: return "rsa_fixed_dh";
    case 4: return "dss_fixed_dh";
    case 5: return "rsa_ephemeral_dh_RESERVED";
    case 6: return "dss_ephemeral_dh_RESERVED";
    case 20: return "fortezza_dms_RESERVED";
    case 64: return "ecdsa_sign";
    case 65: return "deprecated1(65)";
    case 66: return "deprecated2(66)";
    default: return "unknown(" + std::to_string(t) + ")";
  }
}

Result<HelloRequest> HelloRequest::parse(ByteView message, crypto::FieldSink* sink) {
  if (auto v = read_empty(message, HandshakeType::hello_request, sink,
                          "RFC 5246 §7.4.1.1: struct { } HelloRequest; (it is empty)");
      !v) {
    return v.error();
  }
  return HelloRequest{};
}

Bytes HelloRequest::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::hello_request, [](Writer&) {}, sink);
}

Result<Certificate12> Certificate12::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate, sink);
  if (!body) return body.error();
  Reader& r = *body;
  auto list = read_opaque_list(r, kCertificateList);
  if (!list) return list.error();
  if (auto end = r.expect_end("RFC 5246 §7.4.2: bytes after the certificate_list"); !end) {
    return end.error();
  }
  return Certificate12{std::move(*list)};
}

Bytes Certificate12::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::certificate,
      [&](Writer& w) { write_opaque_list(w, kCertificateList, certificate_list); }, sink);
}

Result<CertificateRequest12> CertificateRequest12::parse(ByteView message,
                                                         crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::certificate_request, sink);
  if (!body) return body.error();
  Reader& r = *body;
  CertificateRequest12 cr;
  auto types = read_codes(r, kCertificateTypes);
  if (!types) return types.error();
  cr.certificate_types = std::move(*types);
  auto algorithms = read_codes(r, kSupportedSignatureAlgorithms);
  if (!algorithms) return algorithms.error();
  cr.supported_signature_algorithms = std::move(*algorithms);
  auto names = read_opaque_list(r, kCertificateAuthorities);
  if (!names) return names.error();
  cr.certificate_authorities = std::move(*names);
  if (auto end = r.expect_end("RFC 5246 §7.4.4: bytes after the certificate_authorities"); !end) {
    return end.error();
  }
  return cr;
}

Bytes CertificateRequest12::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::certificate_request,
      [&](Writer& w) {
        write_codes(w, kCertificateTypes, certificate_types);
        write_codes(w, kSupportedSignatureAlgorithms, supported_signature_algorithms);
        write_opaque_list(w, kCertificateAuthorities, certificate_authorities);
      },
      sink);
}

Result<ServerHelloDone> ServerHelloDone::parse(ByteView message, crypto::FieldSink* sink) {
  if (auto v = read_empty(message, HandshakeType::server_hello_done, sink,
                          "RFC 5246 §7.4.5: struct { } ServerHelloDone; (it is empty)");
      !v) {
    return v.error();
  }
  return ServerHelloDone{};
}

Bytes ServerHelloDone::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::server_hello_done, [](Writer&) {}, sink);
}

Result<NewSessionTicket12> NewSessionTicket12::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::new_session_ticket, sink);
  if (!body) return body.error();
  Reader& r = *body;
  NewSessionTicket12 t;
  if (!r.field(
          "ticket_lifetime_hint", [&] { return r.read_u32(t.ticket_lifetime_hint); },
          [&] { return std::to_string(t.ticket_lifetime_hint) + " s"; })) {
    return r.error_here(AD::decode_error, "RFC 5077 §3.3: a truncated ticket_lifetime_hint");
  }
  auto ticket = read_opaque(r, kTicket);
  if (!ticket) return ticket.error();
  t.ticket = std::move(*ticket);
  if (auto end = r.expect_end("RFC 5077 §3.3: bytes after the ticket"); !end) return end.error();
  return t;
}

Bytes NewSessionTicket12::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::new_session_ticket,
      [&](Writer& w) {
        w.field(
            "ticket_lifetime_hint", [&] { w.u32(ticket_lifetime_hint); },
            [&] { return std::to_string(ticket_lifetime_hint) + " s"; });
        write_opaque(w, kTicket, ticket);
      },
      sink);
}

Result<ChangeCipherSpec> ChangeCipherSpec::parse(ByteView content, crypto::FieldSink* sink) {
  // RFC 5246 §7.1: "The message consists of a single byte of value 1."
  constexpr std::string_view rule =
      "RFC 5246 §7.1: \"The message consists of a single byte of value 1.\"";
  Reader r(content);
  r.set_sink(sink);
  std::uint8_t type = 0;
  if (!r.field(
          "type", [&] { return r.read_u8(type); },
          [&] { return type == 1 ? std::string("change_cipher_spec") : std::to_string(type); })) {
    return r.error_here(AD::decode_error, rule);
  }
  if (type != 1) return make_error(AD::decode_error, rule, 0).with_expected(1, type);
  if (auto end = r.expect_end(rule); !end) return end.error();
  return ChangeCipherSpec{};
}

Bytes ChangeCipherSpec::serialize(crypto::FieldSink* sink) const {
  Writer w;
  w.set_sink(sink);
  w.field(
      "type", [&] { w.u8(1); }, [] { return std::string("change_cipher_spec"); });
  auto out = std::move(w).finish();
  return out ? std::move(*out) : Bytes{};
}

}  // namespace glasstls::handshake
