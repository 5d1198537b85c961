// Randomness, always injected: every key, nonce and random in GlassTLS comes
// from an Rng the caller passes in.
//
// - OsRng: the kernel's generator (getrandom(2)), for real use.
// - HmacDrbg: NIST SP 800-90A HMAC_DRBG, deterministic from its seed, for
//   reproducible traces (`glasstls demo --seed N`) and tests.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/hmac.hpp"
#include "crypto/result.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills `out` with random bytes. Never fails: a generator that cannot
  // produce randomness aborts rather than return predictable bytes.
  virtual void fill(std::span<std::uint8_t> out) = 0;
};

class OsRng final : public Rng {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

// The process-wide OS generator.
Rng& os_rng();

// NIST SP 800-90A Rev. 1 §10.1.2, HMAC_DRBG without prediction resistance.
class HmacDrbg final : public Rng {
 public:
  // SP 800-90A Table 2: at most 2^19 bits per generate request.
  static constexpr std::size_t kMaxRequestBytes = 1 << 16;
  // SP 800-90A Table 2: reseed_interval <= 2^48.
  static constexpr std::uint64_t kReseedInterval = std::uint64_t{1} << 48;

  // §10.1.2.3 HMAC_DRBG_Instantiate_algorithm.
  HmacDrbg(HashId id, std::span<const std::uint8_t> entropy, std::span<const std::uint8_t> nonce,
           std::span<const std::uint8_t> personalization);

  // A generator seeded from a number, for `--seed N`: SHA-256, entropy =
  // the 8 bytes of `seed` (big-endian), nonce = "GlassTLS seed".
  static HmacDrbg from_seed(std::uint64_t seed);

  // §10.1.2.4 HMAC_DRBG_Reseed_algorithm.
  void reseed(std::span<const std::uint8_t> entropy, std::span<const std::uint8_t> additional);

  // §10.1.2.5 HMAC_DRBG_Generate_algorithm. Fails when out is larger than
  // kMaxRequestBytes or a reseed is required.
  Result<void> generate(std::span<std::uint8_t> out, std::span<const std::uint8_t> additional);

  // Rng: generate() in allowed chunks; aborts if a reseed is due (2^48 calls).
  void fill(std::span<std::uint8_t> out) override;

 private:
  // §10.1.2.2 HMAC_DRBG_Update_algorithm, provided_data = a || b || c.
  void update(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
              std::span<const std::uint8_t> c);

  HashId id_;
  HashSecret key_;  // K
  HashSecret v_;    // V
  std::uint64_t reseed_counter_ = 0;
};

}  // namespace glasstls::crypto
