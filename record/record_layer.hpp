// RecordLayer: bytes in, records out; content in, records on the wire out.
//
// Reading (RFC 8446 §5.1-§5.2): receive() takes TLS bytes in any split — a
// record may arrive one byte at a time, or several records in one call — and
// next() returns one complete record at a time, opened with the read
// protection when one is installed. Framing rules are checked before any byte
// of a body is used: a length over 2^14 (+256 when protected) is
// record_overflow, an unknown content type unexpected_message; so is a
// protected record whose plaintext exceeds the record_size_limit we
// advertised (RFC 8449), once it is negotiated.
//
// Writing: write() cuts content into records of at most max_fragment() bytes
// (2^14, or the peer's record_size_limit, RFC 8449) and protects them with the
// write protection when one is installed; take_output() hands the bytes over.
//
// It knows nothing of handshakes: which content type is allowed when is the
// handshake's business (handshake/connection.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "crypto/result.hpp"
#include "record/protection.hpp"
#include "record/record.hpp"
#include "trace/events.hpp"

namespace glasstls::record {

// A record as the handshake sees it: its content type and its content (valid
// until the next call to receive() or next()).
struct InRecord {
  ContentType type = ContentType::invalid;
  std::span<const std::uint8_t> content;
  bool was_protected = false;
};

class RecordLayer {
 public:
  explicit RecordLayer(trace::TraceSink* sink = nullptr) : sink_(sink) {}

  // ---- reading
  void receive(std::span<const std::uint8_t> bytes);
  // The next complete record, or nullopt when more bytes are needed.
  Result<std::optional<InRecord>> next();
  void set_read_protection(std::unique_ptr<Protection> p) { read_ = std::move(p); }
  bool read_protected() const { return read_ != nullptr; }
  Protection* read_protection() const { return read_.get(); }
  // Bytes received and not yet returned as records.
  std::size_t buffered() const { return in_.size() - in_pos_; }

  // ---- writing
  Result<void> write(ContentType type, std::span<const std::uint8_t> content);
  std::vector<std::uint8_t> take_output();
  bool has_output() const { return !out_.empty(); }
  void set_write_protection(std::unique_ptr<Protection> p) { write_ = std::move(p); }
  bool write_protected() const { return write_ != nullptr; }
  Protection* write_protection() const { return write_.get(); }
  // The legacy_record_version of unprotected records we send (0x0301 for a
  // first ClientHello, RFC 8446 §5.1; 0x0303 otherwise).
  void set_plaintext_version(std::uint16_t v) { plaintext_version_ = v; }
  // The most content bytes per record (RFC 8449 record_size_limit, less the
  // content type byte in TLS 1.3).
  void set_max_fragment(std::size_t n) { max_fragment_ = n; }
  std::size_t max_fragment() const { return max_fragment_; }
  // RFC 8449: the largest plaintext of a protected record we accept — the
  // record_size_limit we advertised, once the peer's answer has made it
  // binding (TLS 1.3: the whole TLSInnerPlaintext, content type and padding
  // included; TLS 1.2: the plaintext). 0: only the protocol's own limits.
  void set_max_received_plaintext(std::size_t n) { max_received_plaintext_ = n; }
  // Zero bytes added to each protected record (RFC 8446 §5.4), for hiding lengths.
  void set_padding(std::size_t n) { padding_ = n; }

 private:
  void emit(const trace::RecordEvent& e) const;
  void compact();

  trace::TraceSink* sink_;
  std::vector<std::uint8_t> in_;
  std::size_t in_pos_ = 0;
  std::vector<std::uint8_t> out_;
  std::unique_ptr<Protection> read_;
  std::unique_ptr<Protection> write_;
  std::uint16_t plaintext_version_ = kTls12;
  std::size_t max_fragment_ = kMaxPlaintext;
  std::size_t max_received_plaintext_ = 0;
  std::size_t padding_ = 0;
};

}  // namespace glasstls::record
