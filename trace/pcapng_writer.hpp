// TcpCapture: a TLS connection's bytes as a pcapng capture file that
// Wireshark and tshark open already decrypted.
//
// The connection's two byte streams become TCP segments between two made-up
// hosts (client 10.0.0.1:49152, server 10.0.0.2:443 by default): the
// three-way handshake (SYN, SYN-ACK, ACK), each flight in segments of at most
// `mss` bytes with correct sequence and acknowledgment numbers (RFC 9293
// §3.4), then FIN from each side, acknowledged. The key log (NSS format,
// trace/key_log.hpp) goes into a Decryption Secrets Block, so no
// -o tls.keylog_file option is needed.
//
// The file (pcapng, draft-ietf-opsawg-pcapng):
//   Section Header Block          byte-order magic 0x1A2B3C4D, version 1.0
//   Interface Description Block   LINKTYPE_ETHERNET (1)
//   Decryption Secrets Block      type 0x0000000A, secrets type 0x544C534B "TLSK"
//   Enhanced Packet Block ...     Ethernet + IPv4 (RFC 791) + TCP (RFC 9293)
//
// Timestamps start at `start_us` (microseconds since the epoch) and advance
// by `step_us` per packet, so a capture is byte-for-byte reproducible.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::trace {

struct TcpEndpoint {
  std::array<std::uint8_t, 4> address;
  std::uint16_t port;
};

struct CaptureOptions {
  TcpEndpoint client{{10, 0, 0, 1}, 49152};
  TcpEndpoint server{{10, 0, 0, 2}, 443};
  std::uint64_t start_us = 1767225600000000;  // 2026-01-01 00:00:00 UTC
  std::uint64_t step_us = 1000;
  std::size_t mss = 1460;
  std::uint32_t client_isn = 0x10000000;  // initial sequence numbers
  std::uint32_t server_isn = 0x20000000;
};

class TcpCapture {
 public:
  explicit TcpCapture(CaptureOptions options = {}) : options_(options) {}

  // Bytes one side sent, in the order they were sent.
  void client_to_server(std::span<const std::uint8_t> bytes) { add(true, bytes); }
  void server_to_client(std::span<const std::uint8_t> bytes) { add(false, bytes); }
  // NSS key log lines for the Decryption Secrets Block (appended).
  void add_key_log(std::string_view lines) { key_log_ += lines; }

  // The whole capture: the TCP handshake, every flight, the FINs.
  std::vector<std::uint8_t> pcapng() const;

 private:
  struct Flight {
    bool from_client;
    std::vector<std::uint8_t> bytes;
  };
  void add(bool from_client, std::span<const std::uint8_t> bytes);

  CaptureOptions options_;
  std::vector<Flight> flights_;
  std::string key_log_;
};

// The pieces, for tests and for other capture shapes.
// An IPv4 packet carrying one TCP segment (checksums computed), in an
// Ethernet II frame.
struct TcpSegment {
  TcpEndpoint from, to;
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = 0;  // kFin, kSyn, kPsh, kAck
  std::uint16_t ip_id = 0;
  std::span<const std::uint8_t> payload;
};
inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;
std::vector<std::uint8_t> ethernet_frame(const TcpSegment& segment);

// RFC 1071: the Internet checksum of `data` (added to `sum`, before folding).
std::uint16_t internet_checksum(std::span<const std::uint8_t> data, std::uint32_t sum = 0);

}  // namespace glasstls::trace
