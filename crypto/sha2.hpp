// SHA-256, SHA-384 and SHA-512 (FIPS 180-4), streaming, with copyable state.
//
// A TLS transcript hash is updated message by message and "forked" whenever a
// hash of the transcript so far is needed (RFC 8446 §4.4.1): copy the object and
// finish the copy. finish() leaves the object reset, ready for a new message.
//
// SHA-256 has two backends: the portable one in sha256.cpp (read it next to
// FIPS 180-4 §6.2) and one using the x86 SHA extensions in sha256_shani.cpp,
// picked when an object is constructed (see crypto/cpu.hpp).
// SHA-384 is SHA-512 with other initial values, truncated (FIPS 180-4 §6.5);
// their engine has a portable backend (sha512.cpp) and two with the message
// schedule on vectors and the rounds on BMI2 (sha512_avx2.cpp, sha512_avx512.cpp),
// picked the same way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

namespace glasstls::crypto {

enum class HashId : std::uint8_t { sha256, sha384, sha512 };

constexpr std::size_t kMaxDigestSize = 64;
constexpr std::size_t kMaxBlockSize = 128;

constexpr std::size_t digest_size(HashId id) {
  return id == HashId::sha256 ? 32 : id == HashId::sha384 ? 48 : 64;
}
constexpr std::size_t block_size(HashId id) { return id == HashId::sha256 ? 64 : 128; }
std::string_view name(HashId id);  // "SHA-256", ...

// Compresses n 64-byte blocks into the eight-word state (FIPS 180-4 §6.2.2).
using Sha256CompressFn = void (*)(std::uint32_t state[8], const std::uint8_t* blocks,
                                  std::size_t n);
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n);
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n);
// The SHA-NI backend if the CPU has it and portable is not forced.
Sha256CompressFn sha256_default_compress();

class Sha256 {
 public:
  static constexpr std::size_t digest_size = 32;
  static constexpr std::size_t block_size = 64;

  Sha256() : Sha256(sha256_default_compress()) {}
  explicit Sha256(Sha256CompressFn compress) : compress_(compress) { reset(); }
  Sha256(const Sha256&) = default;
  Sha256& operator=(const Sha256&) = default;
  ~Sha256();  // wipes: the state may hold HMAC key material

  void reset();
  void update(std::span<const std::uint8_t> data);
  void finish(std::span<std::uint8_t, digest_size> out);
  std::array<std::uint8_t, digest_size> finish();
  static std::array<std::uint8_t, digest_size> hash(std::span<const std::uint8_t> data);

  bool accelerated() const { return compress_ != &sha256_compress_portable; }

 private:
  std::uint32_t h_[8];
  std::uint8_t buf_[block_size];
  std::size_t buf_len_;
  std::uint64_t total_len_;
  Sha256CompressFn compress_;
};

// Compresses n 128-byte blocks into the eight-word state (FIPS 180-4 §6.4.2).
using Sha512CompressFn = void (*)(std::uint64_t state[8], const std::uint8_t* blocks,
                                  std::size_t n);
void sha512_compress_portable(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n);
void sha512_compress_avx2(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n);
void sha512_compress_avx512(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n);
// Unless portable is forced: the AVX-512 backend if the CPU has AVX2, BMI2 and
// AVX-512F/VL, else the AVX2 one if it has AVX2 and BMI2, else the portable one.
Sha512CompressFn sha512_default_compress();

// The SHA-512 engine behind Sha384 and Sha512 (they differ only in the initial
// hash value and how much of the result is output).
class Sha512Engine {
 public:
  static constexpr std::size_t block_size = 128;

  explicit Sha512Engine(const std::uint64_t (&iv)[8],
                        Sha512CompressFn compress = sha512_default_compress())
      : iv_(&iv), compress_(compress) {
    reset();
  }
  Sha512Engine(const Sha512Engine&) = default;
  Sha512Engine& operator=(const Sha512Engine&) = default;
  ~Sha512Engine();

  void reset();
  void update(std::span<const std::uint8_t> data);
  // Writes the first out.size() (<= 64) bytes of the final state.
  void finish(std::span<std::uint8_t> out);

  bool accelerated() const { return compress_ != &sha512_compress_portable; }

 private:
  std::uint64_t h_[8];
  std::uint8_t buf_[block_size];
  std::size_t buf_len_;
  std::uint64_t total_len_;  // bytes; 2^64 bytes is beyond any TLS input
  const std::uint64_t (*iv_)[8];
  Sha512CompressFn compress_;
};

// The initial hash value: SHA-384's for 48, SHA-512's for 64.
using Sha512Iv = std::uint64_t[8];
const Sha512Iv& sha512_family_iv(std::size_t digest_size);

template <std::size_t DigestSize>
class Sha512Family {
 public:
  static constexpr std::size_t digest_size = DigestSize;
  static constexpr std::size_t block_size = 128;

  Sha512Family() : engine_(sha512_family_iv(DigestSize)) {}
  explicit Sha512Family(Sha512CompressFn compress)
      : engine_(sha512_family_iv(DigestSize), compress) {}
  void reset() { engine_.reset(); }
  void update(std::span<const std::uint8_t> data) { engine_.update(data); }
  void finish(std::span<std::uint8_t, digest_size> out) { engine_.finish(out); }
  std::array<std::uint8_t, digest_size> finish() {
    std::array<std::uint8_t, digest_size> out;
    engine_.finish(out);
    return out;
  }
  bool accelerated() const { return engine_.accelerated(); }
  static std::array<std::uint8_t, digest_size> hash(std::span<const std::uint8_t> data) {
    Sha512Family h;
    h.update(data);
    return h.finish();
  }

 private:
  Sha512Engine engine_;
};

using Sha384 = Sha512Family<48>;
using Sha512 = Sha512Family<64>;

// A hash chosen at run time (the cipher suite picks SHA-256 or SHA-384).
class Hash {
 public:
  explicit Hash(HashId id);
  HashId id() const { return id_; }
  std::size_t size() const { return digest_size(id_); }
  void update(std::span<const std::uint8_t> data);
  // out.size() must be size().
  void finish(std::span<std::uint8_t> out);
  void reset();

 private:
  HashId id_;
  std::variant<Sha256, Sha384, Sha512> impl_;
};

// One-shot: out.size() must be digest_size(id).
void hash(HashId id, std::span<const std::uint8_t> data, std::span<std::uint8_t> out);

}  // namespace glasstls::crypto
