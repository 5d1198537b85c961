// TLS 1.3 record protection (RFC 8446 §5.2-§5.5).
//
//   struct {
//       opaque content[TLSPlaintext.length];
//       ContentType type;
//       uint8 zeros[length_of_padding];
//   } TLSInnerPlaintext;
//
//   struct {
//       ContentType opaque_type = application_data; /* 23 */
//       ProtocolVersion legacy_record_version = 0x0303; /* TLS v1.2 */
//       uint16 length;
//       opaque encrypted_record[TLSCiphertext.length];
//   } TLSCiphertext;
//
// The nonce of each record is the write IV XOR the 64-bit sequence number
// (left-padded with zeros), §5.3; the additional data is the record header, §5.2.
#pragma once

#include <array>
#include <memory>
#include <utility>

#include "crypto/ct.hpp"

#include "crypto/aead.hpp"
#include "record/protection.hpp"

namespace glasstls::record {

// RFC 8446 §5.5: AES-GCM keys protect at most 2^24.5 full-size records; we
// update at 2^24 (the ChaCha20-Poly1305 limit is beyond 2^64, so only the
// sequence number bounds it).
inline constexpr std::uint64_t kAesGcmRecordLimit = std::uint64_t{1} << 24;

// The index of the last non-zero byte of `bytes` and whether there is one,
// in constant time (RFC 8446 §5.4: the content type follows the content, then
// only zeros).
std::pair<crypto::ct::Mask, std::size_t> last_nonzero_byte(std::span<const std::uint8_t> bytes);

class Tls13Protection final : public Protection {
 public:
  // `aead` already keyed with the traffic key; `iv` is the 12-byte write IV.
  static Result<std::unique_ptr<Tls13Protection>> create(std::unique_ptr<crypto::Aead> aead,
                                                         std::span<const std::uint8_t> iv);

  ~Tls13Protection() override;
  Tls13Protection(const Tls13Protection&) = delete;
  Tls13Protection& operator=(const Tls13Protection&) = delete;

  bool protects(std::uint8_t outer_type) const override;
  std::uint16_t version() const override { return 0x0304; }
  std::size_t max_ciphertext() const override { return kMaxCiphertext13; }
  std::size_t overhead() const override { return 1 + crypto::Aead::kTagSize; }
  Result<void> seal(ContentType type, std::span<const std::uint8_t> content, std::size_t padding,
                    std::vector<std::uint8_t>& out, trace::RecordEvent* event) override;
  Result<Opened> open(std::span<const std::uint8_t, kHeaderSize> header,
                      std::span<std::uint8_t> body, trace::RecordEvent* event) override;
  std::uint64_t sequence() const override { return sequence_; }
  bool should_update() const override;

  // The nonce for the next record (for tests and the trace).
  std::array<std::uint8_t, crypto::Aead::kNonceSize> next_nonce() const;
  // Test hook: continue from sequence number `n`, to reach the limits.
  void set_sequence_for_test(std::uint64_t n) { sequence_ = n; }

 private:
  Tls13Protection(std::unique_ptr<crypto::Aead> aead, std::span<const std::uint8_t> iv);
  Result<void> advance();

  std::unique_ptr<crypto::Aead> aead_;
  std::array<std::uint8_t, crypto::Aead::kNonceSize> iv_{};
  std::array<std::uint8_t, crypto::Aead::kNonceSize> last_nonce_{};  // for the trace
  // RFC 8446 §5.3: "the first record transmitted under a particular traffic
  // key MUST use sequence number 0." (one Tls13Protection per traffic key)
  std::uint64_t sequence_ = 0;
};

}  // namespace glasstls::record
