// Protection: one direction's record protection, an interface with two
// implementations: TLS 1.3's (tls13_protection.hpp: nonce = iv XOR sequence
// number, TLSInnerPlaintext with the real content type and zero padding,
// RFC 8446 §5.2-§5.3) and TLS 1.2's AEAD records (tls12_protection.hpp:
// explicit nonce, sequence number in the additional data, RFC 5246 §6.2.3.3).
//
// The RecordLayer decides *which* records go through protection (protects());
// the Protection does the cryptography and counts sequence numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/result.hpp"
#include "record/record.hpp"
#include "trace/events.hpp"

namespace glasstls::record {

// A record opened in place: its real content type and its content (a span
// into the record's own buffer).
struct Opened {
  ContentType type = ContentType::invalid;
  std::span<std::uint8_t> content;
  std::size_t padding = 0;
};

class Protection {
 public:
  virtual ~Protection() = default;

  // Does a received record with this outer content type go through open()?
  // (TLS 1.3: only application_data; ChangeCipherSpec and, during the
  // handshake, plaintext alerts are passed on for the handshake to judge.)
  virtual bool protects(std::uint8_t outer_type) const = 0;
  // The protocol version whose records these are (0x0304, 0x0303): the
  // limits and the rules quoted on failure follow it.
  virtual std::uint16_t version() const = 0;
  // The largest ciphertext body this protection accepts (RFC 8446 §5.2:
  // 2^14 + 256; RFC 5246 §6.2.3: 2^14 + 2048).
  virtual std::size_t max_ciphertext() const = 0;
  // Bytes a sealed record adds to its content (plus the padding asked for).
  virtual std::size_t overhead() const = 0;

  // Appends one protected record (header included) to `out`. When `event`
  // is given, fills in its sequence, nonce and inner fields.
  virtual Result<void> seal(ContentType type, std::span<const std::uint8_t> content,
                            std::size_t padding, std::vector<std::uint8_t>& out,
                            trace::RecordEvent* event) = 0;
  // Opens the record whose header is `header` and body `body`, in place.
  // Nothing of `body` is usable on failure (bad_record_mac).
  virtual Result<Opened> open(std::span<const std::uint8_t, kHeaderSize> header,
                              std::span<std::uint8_t> body, trace::RecordEvent* event) = 0;

  // Records protected so far with these keys.
  virtual std::uint64_t sequence() const = 0;
  // True when these keys are close to their usage limit (RFC 8446 §5.5):
  // the sender should update them now.
  virtual bool should_update() const = 0;
};

}  // namespace glasstls::record
