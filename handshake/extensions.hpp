// Extensions (RFC 8446 §4.2): the ONE table of which extension may appear in
// which message, and the extension block every message shares:
//
//   struct {
//       ExtensionType extension_type;
//       opaque extension_data<0..2^16-1>;
//   } Extension;
//
// parse_extensions() checks the block's framing and the §4.2 rules that do not
// depend on the handshake's state: a recognised extension in a message the
// table does not list -> illegal_parameter; the same type twice ->
// illegal_parameter; pre_shared_key not last in a ClientHello ->
// illegal_parameter. Unknown types (GREASE among them, RFC 8701) are kept and
// ignored in a ClientHello, CertificateRequest and NewSessionTicket; in the
// server's messages an extension the client did not offer is checked by the
// client (unsupported_extension, §4.2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crypto/reader.hpp"
#include "crypto/result.hpp"
#include "crypto/writer.hpp"
#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// The messages of the §4.2 table (a bit each).
enum class ExtensionContext : std::uint8_t {
  client_hello = 1 << 0,          // CH
  server_hello = 1 << 1,          // SH
  encrypted_extensions = 1 << 2,  // EE
  certificate = 1 << 3,           // CT
  certificate_request = 1 << 4,   // CR
  new_session_ticket = 1 << 5,    // NST
  hello_retry_request = 1 << 6,   // HRR
  tls12_server_hello = 1 << 7,    // a TLS 1.2 ServerHello (RFC 5246 §7.4.1.4)
};

// The §4.2 table row of a recognised extension; nullopt for one we do not know.
// Bits are ExtensionContext values.
std::optional<std::uint8_t> allowed_contexts(std::uint16_t type);
std::string_view context_name(ExtensionContext c);  // "ClientHello", ...

struct Extension {
  std::uint16_t type = 0;
  Bytes data;
};

// An extension block in wire order.
struct Extensions {
  std::vector<Extension> list;

  const Extension* find(ExtensionType t) const;
  bool has(ExtensionType t) const { return find(t) != nullptr; }
  void add(ExtensionType t, Bytes data) { list.push_back({code(t), std::move(data)}); }
};

// `extensions<min..2^16-1>` (min is 8 for a ClientHello's, 6 for a
// HelloRetryRequest's, else 0), checked against the table for `context`.
Result<Extensions> parse_extensions(crypto::Reader& r, ExtensionContext context,
                                    std::size_t min_length = 0);
// A ServerHello's block, whose column of the table depends on what it holds:
// a HelloRetryRequest's, a TLS 1.3 ServerHello's (it selects a version in
// supported_versions) or a TLS 1.2 ServerHello's (it does not).
Result<Extensions> parse_server_hello_extensions(crypto::Reader& r, bool hello_retry_request);
// With a sink on the Writer, reports the fields parse_extensions reports.
void serialize_extensions(crypto::Writer& w, const Extensions& e, ExtensionContext context,
                          std::size_t min_length = 0);

}  // namespace glasstls::handshake
