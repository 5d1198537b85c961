// The contents of each extension we speak (RFC 8446 §4.2.x, RFC 6066 §3,
// RFC 7301 §3.1, RFC 8449 §4; for TLS 1.2 RFC 5746 §3.2, RFC 8422 §5.1.2,
// RFC 7627 §5.1): one reader per format, which reports its fields
// to the Reader's sink, so the same code decodes for the handshake and draws
// the trace; and one encoder per format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "handshake/extensions.hpp"

namespace glasstls::handshake {

// RFC 8446 §4.2.8: struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
struct KeyShareEntry {
  std::uint16_t group = 0;
  Bytes key_exchange;
};

// RFC 8446 §4.2.11.
struct PskIdentity {
  Bytes identity;
  std::uint32_t obfuscated_ticket_age = 0;
};
struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<Bytes> binders;
  // Bytes of the `binders` vector on the wire (its 2 length bytes included):
  // the partial ClientHello of §4.2.11.2 stops this many bytes before the end.
  std::size_t binders_wire_length = 0;
};

// Decoders: the whole extension_data must be consumed (decode_error otherwise).
Result<std::vector<std::uint16_t>> decode_supported_versions_client(ByteView data);
Result<std::uint16_t> decode_supported_versions_server(ByteView data);
Result<std::vector<std::uint16_t>> decode_named_group_list(ByteView data);
Result<std::vector<std::uint16_t>> decode_signature_scheme_list(ByteView data);
Result<std::vector<KeyShareEntry>> decode_key_share_client(ByteView data);
Result<KeyShareEntry> decode_key_share_server(ByteView data);
Result<std::uint16_t> decode_key_share_hrr(ByteView data);
Result<std::string> decode_server_name(ByteView data);  // the host_name
Result<std::vector<std::string>> decode_alpn(ByteView data);
Result<std::vector<std::uint8_t>> decode_psk_key_exchange_modes(ByteView data);
Result<OfferedPsks> decode_offered_psks(ByteView data);
Result<std::uint16_t> decode_selected_identity(ByteView data);
Result<Bytes> decode_cookie(ByteView data);
Result<std::uint16_t> decode_record_size_limit(ByteView data);
Result<std::vector<Bytes>> decode_certificate_authorities(ByteView data);
Result<std::uint32_t> decode_max_early_data_size(ByteView data);
// TLS 1.2: RFC 5746 §3.2 renegotiated_connection, RFC 8422 §5.1.2 point formats.
Result<Bytes> decode_renegotiation_info(ByteView data);
Result<std::vector<std::uint8_t>> decode_ec_point_formats(ByteView data);

// Encoders.
Bytes encode_supported_versions_client(const std::vector<std::uint16_t>& versions);
Bytes encode_supported_versions_server(std::uint16_t version);
Bytes encode_u16_list(const std::vector<std::uint16_t>& list);  // groups, signature schemes
Bytes encode_key_share_client(const std::vector<KeyShareEntry>& shares);
Bytes encode_key_share_server(const KeyShareEntry& share);
Bytes encode_key_share_hrr(std::uint16_t group);
Bytes encode_server_name(std::string_view host_name);
Bytes encode_alpn(const std::vector<std::string>& protocols);
Bytes encode_psk_key_exchange_modes(const std::vector<std::uint8_t>& modes);
// The pre_shared_key extension with binders of the given sizes, zero-filled:
// the binders are computed over the ClientHello up to them, then patched in.
Bytes encode_offered_psks(const std::vector<PskIdentity>& ids,
                          const std::vector<std::size_t>& binder_sizes);
Bytes encode_selected_identity(std::uint16_t index);
Bytes encode_cookie(ByteView cookie);
Bytes encode_record_size_limit(std::uint16_t limit);
Bytes encode_certificate_authorities(const std::vector<Bytes>& names);
Bytes encode_renegotiation_info(ByteView renegotiated_connection);
Bytes encode_ec_point_formats(const std::vector<std::uint8_t>& formats);

// For parse_extensions(): reads `data` with the decoder the extension's
// format (in this message) calls for, reporting its fields; an opaque "data"
// field for the others.
Result<void> trace_extension_data(std::uint16_t type, ExtensionContext context,
                                  crypto::Reader& data);

}  // namespace glasstls::handshake
