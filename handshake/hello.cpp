#include "handshake/hello.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

Result<void> read_random(Reader& r, Random& out) {
  ByteView bytes;
  if (!r.field(
          "random", [&] { return r.read_bytes(32, bytes); }, [&] { return hex_value(bytes); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.1.2: a truncated Random");
  }
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return success();
}

void write_random(Writer& w, const Random& random) {
  w.field(
      "random", [&] { w.bytes(random); }, [&] { return hex_value(random); });
}

// `name` is legacy_session_id (ClientHello) or legacy_session_id_echo (ServerHello).
constexpr OpaqueVector session_id(std::string_view name) {
  return {name, "id", 1, 0, 32, "RFC 8446 §4.1.2: opaque legacy_session_id<0..32>"};
}

Result<void> read_session_id(Reader& r, std::string_view name, Bytes& out) {
  auto id = read_opaque(r, session_id(name), hex_value);
  if (!id) return id.error();
  out = std::move(*id);
  return success();
}

Result<void> read_version(Reader& r, std::uint16_t& v) {
  if (!r.field(
          "legacy_version", [&] { return r.read_u16(v); }, [&] { return version_name(v); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.1.2: a truncated legacy_version");
  }
  return success();
}

void write_version(Writer& w, std::uint16_t v) {
  w.field(
      "legacy_version", [&] { w.u16(v); }, [&] { return version_name(v); });
}

constexpr OpaqueVector kCompressionMethods = {
    "legacy_compression_methods",
    "methods",
    1,
    1,
    0xff,
    "RFC 8446 §4.1.2: opaque legacy_compression_methods<1..2^8-1>"};

}  // namespace

const Random kHelloRetryRequestRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
const std::array<std::uint8_t, 8> kDowngradeTls12 = {0x44, 0x4f, 0x57, 0x4e,
                                                     0x47, 0x52, 0x44, 0x01};
const std::array<std::uint8_t, 8> kDowngradeTls11 = {0x44, 0x4f, 0x57, 0x4e,
                                                     0x47, 0x52, 0x44, 0x00};

Result<ClientHello> ClientHello::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::client_hello, sink);
  if (!body) return body.error();
  Reader& r = *body;
  ClientHello ch;
  if (auto v = read_version(r, ch.legacy_version); !v) return v.error();
  if (auto v = read_random(r, ch.random); !v) return v.error();
  if (auto v = read_session_id(r, "legacy_session_id", ch.legacy_session_id); !v) {
    return v.error();
  }
  r.open_field("cipher_suites");
  Reader suites;
  constexpr std::string_view suites_rule = "RFC 8446 §4.1.2: CipherSuite cipher_suites<2..2^16-2>";
  if (auto v = r.read_u16_prefixed(suites, 2, 0xfffe, suites_rule); !v) return v.error();
  if (suites.remaining() % 2 != 0) return suites.error_here(AD::decode_error, suites_rule);
  while (!suites.empty()) {
    std::uint16_t s = 0;
    (void)suites.field(
        "cipher_suite", [&] { return suites.read_u16(s); }, [&] { return cipher_suite_name(s); });
    ch.cipher_suites.push_back(s);
  }
  r.close_field([&] { return std::to_string(ch.cipher_suites.size()) + " suites"; });
  auto methods = read_opaque(r, kCompressionMethods, hex_value);
  if (!methods) return methods.error();
  ch.legacy_compression_methods = std::move(*methods);
  // RFC 5246 §7.4.1.2: a TLS 1.2 client may send no extensions at all.
  // RFC 5246 §7.4.1.2: "A server MUST accept ClientHello messages both with
  // and without the extensions field, and (as for all other messages) it MUST
  // check that the amount of data in the message precisely matches one of
  // these formats; if not, then it MUST send a fatal "decode_error" alert."
  // (expect_end: decode_error.) The same for every version:
  // RFC 8446 §4.1.2: "If negotiating a version of TLS prior to 1.3, a server MUST check
  // that the message either contains no data after legacy_compression_methods
  // or that it contains a valid extensions block with no data following. If
  // not, then it MUST abort the handshake with a "decode_error" alert."
  if (!r.empty()) {
    auto ext = parse_extensions(r, ExtensionContext::client_hello);
    if (!ext) return ext.error();
    ch.extensions = std::move(*ext);
  }
  if (auto end = r.expect_end("RFC 8446 §4.1.2: bytes after the ClientHello's extensions"); !end) {
    return end.error();
  }
  return ch;
}

Bytes ClientHello::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::client_hello,
      [&](Writer& w) {
        write_version(w, legacy_version);
        write_random(w, random);
        write_opaque(w, session_id("legacy_session_id"), legacy_session_id, hex_value);
        w.open_field("cipher_suites");
        w.u16_vector(2, 0xfffe, [&](Writer& b) {
          for (auto s : cipher_suites) {
            b.field(
                "cipher_suite", [&] { b.u16(s); }, [&] { return cipher_suite_name(s); });
          }
        });
        w.close_field([&] { return std::to_string(cipher_suites.size()) + " suites"; });
        write_opaque(w, kCompressionMethods, legacy_compression_methods, hex_value);
        if (!extensions.list.empty()) {
          serialize_extensions(w, extensions, ExtensionContext::client_hello);
        }
      },
      sink);
}

Result<ServerHello> ServerHello::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::server_hello, sink);
  if (!body) return body.error();
  Reader& r = *body;
  ServerHello sh;
  if (auto v = read_version(r, sh.legacy_version); !v) return v.error();
  if (auto v = read_random(r, sh.random); !v) return v.error();
  if (auto v = read_session_id(r, "legacy_session_id_echo", sh.legacy_session_id_echo); !v) {
    return v.error();
  }
  if (!r.field(
          "cipher_suite", [&] { return r.read_u16(sh.cipher_suite); },
          [&] { return cipher_suite_name(sh.cipher_suite); }) ||
      !r.field(
          "legacy_compression_method", [&] { return r.read_u8(sh.legacy_compression_method); },
          [&] { return std::to_string(sh.legacy_compression_method); })) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.1.3: a truncated ServerHello");
  }
  // RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may carry no extensions.
  // The random decides how the extensions are read: RFC 8446 §4.1.3: "Upon
  // receiving a message with type server_hello, implementations MUST first
  // examine the Random value and, if it matches this value, process it as
  // described in Section 4.1.4)."
  if (!r.empty()) {
    auto ext = parse_server_hello_extensions(r, sh.is_hello_retry_request());
    if (!ext) return ext.error();
    sh.extensions = std::move(*ext);
  }
  if (auto end = r.expect_end("RFC 8446 §4.1.3: bytes after the ServerHello's extensions"); !end) {
    return end.error();
  }
  return sh;
}

Bytes ServerHello::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::server_hello,
      [&](Writer& w) {
        write_version(w, legacy_version);
        write_random(w, random);
        write_opaque(w, session_id("legacy_session_id_echo"), legacy_session_id_echo, hex_value);
        w.field(
            "cipher_suite", [&] { w.u16(cipher_suite); },
            [&] { return cipher_suite_name(cipher_suite); });
        w.field(
            "legacy_compression_method", [&] { w.u8(legacy_compression_method); },
            [&] { return std::to_string(legacy_compression_method); });
        serialize_extensions(w, extensions,
                             is_hello_retry_request() ? ExtensionContext::hello_retry_request
                                                      : ExtensionContext::server_hello);
      },
      sink);
}

}  // namespace glasstls::handshake
