// Records and handshake messages as bytes, for the scenario engine: a flight
// taken apart into records (RFC 8446 §5.1 TLSPlaintext / TLSCiphertext
// headers), changed, and put together again — lying headers included.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace glasstls::conformance {

using Bytes = std::vector<std::uint8_t>;

struct Rec {
  std::uint8_t type = 22;
  std::uint16_t version = 0x0303;
  Bytes body;
  std::optional<std::uint16_t> length_field;  // a lying header
};

// The records of `bytes` (a last, incomplete record keeps what there is).
std::vector<Rec> split_records(const Bytes& bytes);
// The records with their headers (the length field's value, if set).
Bytes join_records(const std::vector<Rec>& records);
// A handshake message: type, 24-bit length, body.
Bytes handshake_message(std::uint8_t type, const Bytes& body);
// The handshake messages of a run of handshake bytes (a last, incomplete
// message keeps what there is).
std::vector<Bytes> split_messages(const Bytes& handshake);

}  // namespace glasstls::conformance
