// AES-GCM, the Galois/Counter Mode of NIST SP 800-38D, over crypto/aes.hpp and
// crypto/ghash.hpp.
//
// SP 800-38D §7.1 GCM-AE (seal) in five lines:
//   H  = CIPH_K(0^128)
//   J0 = IV || 0^31 || 1                      if len(IV) = 96 bits,
//        GHASH_H(IV || 0^(s+64) || [len(IV)]_64) otherwise
//   C  = GCTR_K(inc32(J0), P)                 (counter mode)
//   S  = GHASH_H(A || 0^v || C || 0^u || [len(A)]_64 || [len(C)]_64)
//   T  = MSB_t(GCTR_K(J0, S))                 (here t = 128 always)
// GCM-AD (open, §7.2) recomputes T from C and compares it with the received
// tag in constant time; on mismatch nothing but FAIL comes out (the one-shot
// open() wipes its output).
//
// Two APIs: one-shot AesGcm::seal/open, and GcmStream for data that arrives
// in pieces (any split; AAD first). Both accept any IV length of at least one
// byte (the Aead wrapper in crypto/aead.cpp uses the 12 bytes TLS needs), and
// in-place operation (output == input, exactly; partial overlap is not allowed).
// No allocation: everything lives in the objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/aes.hpp"
#include "crypto/ct.hpp"
#include "crypto/ghash.hpp"
#include "crypto/result.hpp"

namespace glasstls::crypto {

class AesGcm {
 public:
  static constexpr std::size_t kTagSize = 16;
  // SP 800-38D §5.2.1.1: "len(P) <= 2^39 - 256" (bits).
  static constexpr std::uint64_t kMaxTextBytes = (std::uint64_t{1} << 36) - 32;

  // key: 16, 24 or 32 bytes; the backend pairs AES with its GHASH
  // (portable: bitsliced AES + ctmul64; aesni: AES-NI + PCLMULQDQ;
  // vaes-avx2: VAES + VPCLMULQDQ).
  static Result<AesGcm> create(std::span<const std::uint8_t> key,
                               AesBackend backend = best_aes_backend());

  AesBackend backend() const { return aes_.backend(); }

  // ciphertext.size() == plaintext.size(); ciphertext may be plaintext.
  Result<void> seal(std::span<const std::uint8_t> iv, std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> plaintext, std::span<std::uint8_t> ciphertext,
                    std::span<std::uint8_t, kTagSize> tag) const;

  // plaintext.size() == ciphertext.size(); plaintext may be ciphertext. On a
  // wrong tag: bad_record_mac, and plaintext is all zeros.
  Result<void> open(std::span<const std::uint8_t> iv, std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> ciphertext,
                    std::span<const std::uint8_t, kTagSize> tag,
                    std::span<std::uint8_t> plaintext) const;

  const Aes& aes() const { return aes_; }
  const GhashKey& ghash_key() const { return ghash_; }

 private:
  AesGcm(Aes aes) : aes_(std::move(aes)) {}
  Aes aes_;
  GhashKey ghash_;
};

// Streaming GCM: start(iv) -> aad()* -> update()* -> finish() (seal) or
// verify() (open). The AesGcm must outlive the stream.
//
// Caution for open: update() returns plaintext before the tag is checked
// (streaming cannot do otherwise). Keep it until verify() says yes, or use
// the one-shot AesGcm::open.
class GcmStream {
 public:
  enum class Direction : std::uint8_t { seal, open };

  static Result<GcmStream> start(const AesGcm& gcm, std::span<const std::uint8_t> iv,
                                 Direction direction);
  GcmStream(GcmStream&& o) noexcept;
  GcmStream(const GcmStream&) = delete;
  GcmStream& operator=(const GcmStream&) = delete;
  GcmStream& operator=(GcmStream&&) = delete;
  ~GcmStream();  // wipes the state

  // Additional authenticated data, any number of calls, before update().
  Result<void> aad(std::span<const std::uint8_t> data);
  // Encrypts (seal) or decrypts (open) in into out (same size; may be equal).
  Result<void> update(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);
  // seal: the tag. Ends the stream.
  Result<void> finish(std::span<std::uint8_t, AesGcm::kTagSize> tag);
  // open: all ones when the tag matches. Ends the stream.
  // CT: compares every byte whatever the contents.
  Result<ct::Mask> verify(std::span<const std::uint8_t, AesGcm::kTagSize> tag);

 private:
  explicit GcmStream(const AesGcm& gcm, Direction d) : gcm_(&gcm), direction_(d) {}
  void close_aad();
  void compute_tag(std::uint8_t tag[16]);
  void wipe();

  enum class Phase : std::uint8_t { aad, text, done };
  const AesGcm* gcm_;
  Direction direction_;
  Phase phase_ = Phase::aad;
  std::uint8_t j0_[16] = {};
  std::uint8_t counter_[16] = {};
  std::uint8_t y_[16] = {};
  std::uint8_t partial_[16] = {};    // AAD or ciphertext bytes of an unfinished block
  std::uint8_t keystream_[16] = {};  // keystream of the unfinished text block
  std::size_t partial_len_ = 0;
  std::uint64_t aad_bytes_ = 0;
  std::uint64_t text_bytes_ = 0;
};

}  // namespace glasstls::crypto
