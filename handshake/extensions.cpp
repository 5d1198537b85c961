#include "handshake/extensions.hpp"

#include <bitset>

#include "handshake/extension_codecs.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using C = ExtensionContext;

constexpr std::uint8_t bits(std::initializer_list<C> cs) {
  std::uint8_t b = 0;
  for (C c : cs) b = static_cast<std::uint8_t>(b | static_cast<std::uint8_t>(c));
  return b;
}

}  // namespace

std::optional<std::uint8_t> allowed_contexts(std::uint16_t type) {
  // RFC 8446 §4.2, the table of "the messages in which [each extension] can
  // appear", with RFC 8449 record_size_limit (CH, EE).
  switch (static_cast<ExtensionType>(type)) {
    // In TLS 1.2 the server answers in its ServerHello what TLS 1.3 answers
    // in EncryptedExtensions (RFC 6066 §3, RFC 7301 §3.1, RFC 8449 §4 ...).
    case ExtensionType::server_name:
    case ExtensionType::max_fragment_length:
    case ExtensionType::use_srtp:
    case ExtensionType::heartbeat:
    case ExtensionType::application_layer_protocol_negotiation:
    case ExtensionType::client_certificate_type:
    case ExtensionType::server_certificate_type:
    case ExtensionType::record_size_limit:
      return bits({C::client_hello, C::encrypted_extensions, C::tls12_server_hello});
    case ExtensionType::supported_groups: return bits({C::client_hello, C::encrypted_extensions});
    case ExtensionType::status_request:
    case ExtensionType::signed_certificate_timestamp:
      return bits({C::client_hello, C::certificate_request, C::certificate, C::tls12_server_hello});
    // signature_algorithms in no ServerHello: RFC 5246 §7.4.1.4.1: "Servers
    // MUST NOT send this extension."
    case ExtensionType::signature_algorithms:
    case ExtensionType::certificate_authorities:
    case ExtensionType::signature_algorithms_cert:
      return bits({C::client_hello, C::certificate_request});
    // RFC 8446 §4.2.9: "The server MUST NOT send a "psk_key_exchange_modes"
    // extension." RFC 8446 §4.2.6: "Servers MUST NOT send this extension."
    // (post_handshake_auth) — in a server's message each is illegal_parameter.
    case ExtensionType::padding:
    case ExtensionType::psk_key_exchange_modes:
    case ExtensionType::post_handshake_auth: return bits({C::client_hello});
    case ExtensionType::key_share:
    case ExtensionType::supported_versions:
      return bits({C::client_hello, C::server_hello, C::hello_retry_request});
    case ExtensionType::pre_shared_key: return bits({C::client_hello, C::server_hello});
    case ExtensionType::early_data:
      return bits({C::client_hello, C::encrypted_extensions, C::new_session_ticket});
    case ExtensionType::cookie: return bits({C::client_hello, C::hello_retry_request});
    // RFC 8446 §4.2.5: "This extension, if provided by the server, MUST only
    // be sent in the CertificateRequest message."
    case ExtensionType::oid_filters: return bits({C::certificate_request});
    // TLS 1.2 extensions (RFC 8422 §5.1, RFC 7627 §5.1, RFC 5077 §3.2,
    // RFC 5746 §3.2): in a ClientHello (a client may offer both versions) and
    // a TLS 1.2 ServerHello, in no TLS 1.3 server message.
    case ExtensionType::ec_point_formats:
    case ExtensionType::extended_master_secret:
    case ExtensionType::session_ticket:
    case ExtensionType::renegotiation_info: return bits({C::client_hello, C::tls12_server_hello});
  }
  return std::nullopt;
}

std::string_view context_name(ExtensionContext c) {
  switch (c) {
    case C::client_hello: return "ClientHello";
    case C::server_hello: return "ServerHello";
    case C::encrypted_extensions: return "EncryptedExtensions";
    case C::certificate: return "Certificate";
    case C::certificate_request: return "CertificateRequest";
    case C::new_session_ticket: return "NewSessionTicket";
    case C::hello_retry_request: return "HelloRetryRequest";
    case C::tls12_server_hello: return "ServerHello (TLS 1.2)";
  }
  return "?";
}

const Extension* Extensions::find(ExtensionType t) const {
  for (const Extension& e : list) {
    if (e.type == code(t)) return &e;
  }
  return nullptr;
}

namespace {

// An extension block as read, with where each extension starts (for errors).
struct Block {
  Extensions extensions;
  std::vector<std::size_t> offsets;
};

// The framing of the block, each extension's contents decoded for the trace
// (as `context` formats them) — no rule of the table yet.
Result<Block> read_block(crypto::Reader& r, ExtensionContext context, std::size_t min_length) {
  Block out;
  r.open_field("extensions");
  crypto::Reader block;
  if (auto v = r.read_u16_prefixed(block, min_length, 0xffff,
                                   "RFC 8446 §4.2: Extension extensions<..2^16-1> does not fit "
                                   "the message");
      !v) {
    return v.error();
  }
  while (!block.empty()) {
    block.open_field("extension");
    const std::size_t at = block.offset();
    Extension e;
    if (!block.field(
            "extension_type", [&] { return block.read_u16(e.type); },
            [&] { return extension_name(e.type); })) {
      return block.error_here(AD::decode_error, "RFC 8446 §4.2: a truncated extension type");
    }
    block.open_field("extension_data");
    crypto::Reader data;
    if (auto v = block.read_u16_prefixed(data, 0, 0xffff,
                                         "RFC 8446 §4.2: extension_data<0..2^16-1> does not fit "
                                         "the extension block");
        !v) {
      return v.error();
    }
    // The decoded contents, for the trace (and an early decode_error).
    if (auto decoded = trace_extension_data(e.type, context, data); !decoded) {
      return decoded.error();
    }
    block.close_field([] { return std::string(); });
    block.close_field([&] { return extension_name(e.type); });
    e.data.assign(data.all().begin(), data.all().end());
    out.extensions.list.push_back(std::move(e));
    out.offsets.push_back(at);
  }
  r.close_field([&] { return std::to_string(out.extensions.list.size()) + " extensions"; });
  return out;
}

// The rules of §4.2 that hold for any block, in wire order.
Result<void> check_block(const Block& b, ExtensionContext context) {
  const auto& list = b.extensions.list;
  std::bitset<0x10000> seen;  // a block may hold 16,000 extensions: no quadratic search
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Extension& e = list[i];
    const std::size_t at = b.offsets[i];
    // RFC 8446 §4.3.1: "The client MUST check EncryptedExtensions for the
    // presence of any forbidden extensions and if any are found MUST abort the
    // handshake with an "illegal_parameter" alert." (The same table check.)
    // RFC 8446 §4.2: "If an implementation receives an extension which it
    // recognizes and which is not specified for the message in which it
    // appears, it MUST abort the handshake with an "illegal_parameter" alert."
    if (auto allowed = allowed_contexts(e.type);
        allowed && (*allowed & static_cast<std::uint8_t>(context)) == 0) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2: a recognised extension in a message the table of §4.2 "
                        "does not list it for",
                        at)
          .with_found(e.type);
    }
    // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same
    // type in a given extension block."
    // RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the
    // same type." (the same check for a TLS 1.2 ClientHello and ServerHello)
    if (seen.test(e.type)) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2: more than one extension of the same type in a block", at)
          .with_found(e.type);
    }
    seen.set(e.type);
    // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last
    // extension in the ClientHello (this facilitates implementation as
    // described below)." RFC 8446 §4.2: "with the exception of
    // "pre_shared_key" (Section 4.2.11) which MUST be the last extension in
    // the ClientHello". RFC 8446 §4.2.11: "Servers MUST check that it is the
    // last extension and otherwise fail the handshake with an
    // "illegal_parameter" alert."
    if (context == C::client_hello && i > 0 &&
        list[i - 1].type == code(ExtensionType::pre_shared_key)) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.11: pre_shared_key must be the last extension in the "
                        "ClientHello",
                        at);
    }
  }
  return success();
}

}  // namespace

Result<Extensions> parse_extensions(crypto::Reader& r, ExtensionContext context,
                                    std::size_t min_length) {
  auto block = read_block(r, context, min_length);
  if (!block) return block.error();
  if (auto c = check_block(*block, context); !c) return c.error();
  return std::move(block->extensions);
}

Result<Extensions> parse_server_hello_extensions(crypto::Reader& r, bool hello_retry_request) {
  auto block = read_block(r, hello_retry_request ? C::hello_retry_request : C::server_hello, 0);
  if (!block) return block.error();
  const ExtensionContext context = hello_retry_request ? C::hello_retry_request
                                   : block->extensions.has(ExtensionType::supported_versions)
                                       ? C::server_hello
                                       : C::tls12_server_hello;
  if (auto c = check_block(*block, context); !c) return c.error();
  return std::move(block->extensions);
}

void serialize_extensions(crypto::Writer& w, const Extensions& e, ExtensionContext context,
                          std::size_t min_length) {
  w.open_field("extensions");
  w.u16_vector(min_length, 0xffff, [&](crypto::Writer& block) {
    for (const Extension& x : e.list) {
      block.open_field("extension");
      block.field(
          "extension_type", [&] { block.u16(x.type); }, [&] { return extension_name(x.type); });
      block.open_field("extension_data");
      block.u16_prefixed([&](crypto::Writer& d) {
        const std::size_t at = d.size();
        d.bytes(x.data);
        if (d.sink()) {
          // The same decoding the parser reports, over the bytes just written.
          crypto::Reader written(x.data, at);
          written.set_sink(d.sink());
          (void)trace_extension_data(x.type, context, written);
        }
      });
      block.close_field([] { return std::string(); });
      block.close_field([&] { return extension_name(x.type); });
    }
  });
  w.close_field([&] { return std::to_string(e.list.size()) + " extensions"; });
}

}  // namespace glasstls::handshake
