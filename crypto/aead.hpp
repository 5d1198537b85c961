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

// Which implementation a primitive runs: the fastest the CPU allows (still
// portable when GLASSTLS_PORTABLE is set, crypto/cpu.hpp), or the portable,
// readable one whatever the CPU.
enum class Backend : std::uint8_t { accelerated, portable };

// A new Aead for `key` (a wrong key size is an internal_error: the caller's
// bug) on the chosen backend.
Result<std::unique_ptr<Aead>> make_aead(AeadId id, std::span<const std::uint8_t> key,
                                        Backend backend = Backend::accelerated);

// The crypto a connection uses, as a value held in its Config rather than
// process-wide state: a client on the portable backend and a server on the
// accelerated one can talk in one process. (Record protection; hashes and
// public-key operations still pick their backend from the CPU.)
struct CryptoProvider {
  Backend aead_backend = Backend::accelerated;

  Result<std::unique_ptr<Aead>> make_aead(AeadId id, std::span<const std::uint8_t> key) const {
    return crypto::make_aead(id, key, aead_backend);
  }
  static CryptoProvider portable() { return CryptoProvider{Backend::portable}; }
};

}  // namespace glasstls::crypto
