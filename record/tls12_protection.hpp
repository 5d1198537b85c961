// TLS 1.2 AEAD record protection (RFC 5246 §6.2.3.3, RFC 5288 §3, RFC 7905 §2).
//
//   struct {
//       ContentType type;
//       ProtocolVersion version;
//       uint16 length;
//       select (SecurityParameters.cipher_type) {
//           case aead: GenericAEADCipher;
//       } fragment;
//   } TLSCiphertext;
//
//   struct {
//      opaque nonce_explicit[SecurityParameters.record_iv_length];
//      aead-ciphered struct {
//          opaque content[TLSCompressed.length];
//      };
//   } GenericAEADCipher;
//
//   additional_data = seq_num + TLSCompressed.type +
//                     TLSCompressed.version + TLSCompressed.length;
//
// Unlike TLS 1.3, the real content type stays in the clear in the header,
// there is no padding, and the sequence number and the *plaintext* length are
// authenticated through the additional data instead of the header.
//
// The nonce (12 bytes) depends on the AEAD:
//   AES-GCM (RFC 5288 §3): salt[4] (the fixed write IV from the key block) ||
//     nonce_explicit[8], sent at the start of every record. We send the
//     sequence number as nonce_explicit, so it is never reused under a key;
//     on receipt we use whatever 8 bytes the peer sent.
//   ChaCha20-Poly1305 (RFC 7905 §2): no explicit part; the 12-byte write IV
//     XOR the left-padded sequence number, as in TLS 1.3.
//
// Sequence numbers (RFC 5246 §6.1) "do not wrap": the record numbered
// 2^64 - 1 is the last one these keys protect. RFC 5246 would renegotiate
// then; GlassTLS never renegotiates, so seal() and open() refuse any record
// after it (internal_error) and the connection ends. There is no KeyUpdate in
// TLS 1.2, so should_update() is always false.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "crypto/aead.hpp"
#include "record/protection.hpp"

namespace glasstls::record {

// RFC 5288 §3: "The salt length (SecurityParameters.fixed_iv_length) is 4 octets."
inline constexpr std::size_t kGcmSaltSize = 4;
// RFC 5288 §3: "The nonce_explicit length (SecurityParameters.record_iv_length) is 8 octets."
inline constexpr std::size_t kGcmExplicitNonceSize = 8;

class Tls12Protection final : public Protection {
 public:
  // `aead` already keyed with client_write_key or server_write_key (RFC 5246
  // §6.3); `fixed_iv` is the matching write IV from the key block: 4 bytes for
  // AES-GCM, 12 for ChaCha20-Poly1305 (SuiteInfo::fixed_iv_length). Any other
  // length is internal_error.
  static Result<std::unique_ptr<Tls12Protection>> create(std::unique_ptr<crypto::Aead> aead,
                                                         std::span<const std::uint8_t> fixed_iv);

  ~Tls12Protection() override;
  Tls12Protection(const Tls12Protection&) = delete;
  Tls12Protection& operator=(const Tls12Protection&) = delete;

  // Every record after ChangeCipherSpec is protected, whatever its type
  // (Finished, alerts, application data); only ChangeCipherSpec itself is not.
  bool protects(std::uint8_t outer_type) const override;
  // RFC 5246 §6.2.3: 2^14 + 2048 for framing; a plaintext over 2^14 is
  // rejected after opening (record_overflow).
  std::uint16_t version() const override { return 0x0303; }
  std::size_t max_ciphertext() const override { return kMaxCiphertext12; }
  // 8 + 16 for AES-GCM, 16 for ChaCha20-Poly1305.
  std::size_t overhead() const override { return explicit_nonce_size() + crypto::Aead::kTagSize; }
  // `padding` must be 0: TLS 1.2 AEAD records cannot be padded (internal_error).
  Result<void> seal(ContentType type, std::span<const std::uint8_t> content, std::size_t padding,
                    std::vector<std::uint8_t>& out, trace::RecordEvent* event) override;
  Result<Opened> open(std::span<const std::uint8_t, kHeaderSize> header,
                      std::span<std::uint8_t> body, trace::RecordEvent* event) override;
  std::uint64_t sequence() const override { return sequence_; }
  bool should_update() const override { return false; }

  // 8 (AES-GCM: RFC 5288's record_iv_length) or 0 (ChaCha20-Poly1305).
  std::size_t explicit_nonce_size() const { return explicit_nonce_ ? kGcmExplicitNonceSize : 0; }
  // The nonce seal() uses for the next record (for tests and the trace).
  std::array<std::uint8_t, crypto::Aead::kNonceSize> next_nonce() const;
  // Test hook: continue from sequence number `n`, to reach the end.
  void set_sequence_for_test(std::uint64_t n) {
    sequence_ = n;
    exhausted_ = false;
  }

 private:
  Tls12Protection(std::unique_ptr<crypto::Aead> aead, std::span<const std::uint8_t> fixed_iv);
  std::array<std::uint8_t, crypto::Aead::kNonceSize> nonce_with(
      std::span<const std::uint8_t> explicit_part) const;
  Result<void> check_not_exhausted() const;
  void advance();

  std::unique_ptr<crypto::Aead> aead_;
  bool explicit_nonce_ = false;
  // AES-GCM: the salt in bytes 0..3; ChaCha20-Poly1305: the whole write IV.
  std::array<std::uint8_t, crypto::Aead::kNonceSize> iv_{};
  std::array<std::uint8_t, crypto::Aead::kNonceSize> last_nonce_{};  // for the trace
  std::uint64_t sequence_ = 0;
  bool exhausted_ = false;  // the record numbered 2^64 - 1 went through
};

}  // namespace glasstls::record
