// Aead: the interface the record layer protects records with (RFC 5116).
//
// TLS 1.3 (RFC 8446 §5.2) and TLS 1.2's AEAD suites (RFC 5246 §6.2.3.3) need
// exactly this: a key, a 12-byte nonce built per record, additional data, and
// a 16-byte tag appended to the ciphertext. Implementations keep their key
// schedule in wiped storage and never allocate per record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "crypto/result.hpp"

namespace glasstls::crypto {

enum class AeadId : std::uint8_t { aes128_gcm, aes256_gcm, chacha20_poly1305 };

std::string_view name(AeadId id);  // "AES-128-GCM", ...
std::size_t key_size(AeadId id);

class Aead {
 public:
  static constexpr std::size_t kNonceSize = 12;
  static constexpr std::size_t kTagSize = 16;

  virtual ~Aead() = default;
  virtual AeadId id() const = 0;
  // Which implementation runs: "portable", "aesni", "vaes-avx2", ...
  virtual std::string_view backend() const = 0;

  // out.size() must be plaintext.size() + kTagSize; out may start at
  // plaintext.data() (in place).
  virtual Result<void> seal(std::span<const std::uint8_t, kNonceSize> nonce,
                            std::span<const std::uint8_t> aad,
                            std::span<const std::uint8_t> plaintext,
                            std::span<std::uint8_t> out) const = 0;

  // out.size() must be ciphertext_and_tag.size() - kTagSize; in place allowed.
  // The tag is checked in constant time; on failure the result is
  // bad_record_mac and out is wiped: no unauthenticated plaintext is released.
  virtual Result<void> open(std::span<const std::uint8_t, kNonceSize> nonce,
                            std::span<const std::uint8_t> aad,
                            std::span<const std::uint8_t> ciphertext_and_tag,
                            std::span<std::uint8_t> out) const = 0;
};

// A new Aead for `key` (a wrong key size is an internal_error: the caller's
// bug). Picks the accelerated backend unless
// GLASSTLS_PORTABLE is set (crypto/cpu.hpp).
Result<std::unique_ptr<Aead>> make_aead(AeadId id, std::span<const std::uint8_t> key);

}  // namespace glasstls::crypto
