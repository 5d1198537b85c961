// Poly1305 (RFC 8439 §2.5): the one-time authenticator of ChaCha20-Poly1305.
//
// The 32-byte one-time key is split into r (clamped) and s. The message is cut
// into 16-byte blocks; each block, read little-endian with one more 1 bit above
// its last byte, is added to an accumulator which is then multiplied by r modulo
// the prime P = 2^130 - 5 (§2.5.1: "a += n; a = (r * a) % p"). The tag is
// (a + s) mod 2^128.
//
// Arithmetic: the accumulator is three 64-bit limbs h0 + h1*2^64 + h2*2^128 (h2 a
// few bits), r is two limbs r0 + r1*2^64, and 64x64->128-bit products use
// unsigned __int128. Clamping makes r0, r1 < 2^60 and r1 divisible by 4, which is
// what lets every partial product fit and the reduction be a shift and a "*5"
// (2^130 = 5 mod P). The accumulator stays "partially reduced" (below 2^131)
// between blocks; it is reduced fully, with a mask, only when the tag is made.
//
// Streaming: update() any number of times with any split; pad16() zero-pads to
// a block boundary (RFC 8439 §2.8's padding1 and padding2); finish() emits the tag.
//
// CT: no branch and no memory index depends on the key, the accumulator or the
// message; only the (public) message length decides how many blocks run. 64-bit
// multiplications are constant time on the x86-64 CPUs we target (MUL/MULX).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace glasstls::crypto {

// The arithmetic of Poly1305 (RFC 8439 §2.5.1): the clamped key r and the
// accumulator h, and block(), which is "a += n; a = (r * a) % p" for one
// 16-byte block. It is inline so that the fused ChaCha20-Poly1305 loop
// (chacha20_avx2.cpp) can interleave it with the cipher's vector code.
struct Poly1305Core {
  std::uint64_t r0, r1;        // clamped r = r0 + r1 * 2^64
  std::uint64_t r1_times_5_4;  // 5 * (r1 / 4): folds the r1 * 2^128 products
  std::uint64_t h0, h1, h2;    // the accumulator h0 + h1 * 2^64 + h2 * 2^128

  // hibit is 2^128's bit: 1 for a whole message block, 0 for the final short
  // block that carries its own 0x01 byte.
  inline void block(const std::uint8_t* m, std::uint64_t hibit);
};

// scalar: Poly1305Core only. ifma: whole runs of 8 blocks with AVX-512 IFMA
// (poly1305_ifma.hpp), the rest with Poly1305Core; only where the CPU has
// AVX-512F, VL and IFMA (ifma_usable()).
enum class Poly1305Backend : std::uint8_t { scalar, ifma };

class Poly1305 {
 public:
  static constexpr std::size_t kKeySize = 32;
  static constexpr std::size_t kTagSize = 16;
  static constexpr std::size_t kBlockSize = 16;

  // CT: the key's value does not leak.
  explicit Poly1305(std::span<const std::uint8_t, kKeySize> key,
                    Poly1305Backend backend = Poly1305Backend::scalar);
  // Whether the CPU allows Poly1305Backend::ifma (crypto/cpu.hpp: false when
  // GLASSTLS_PORTABLE forces the portable code).
  static bool ifma_usable();
  ~Poly1305();  // wipes r, s, the accumulator and any buffered bytes
  Poly1305(const Poly1305&) = delete;
  Poly1305& operator=(const Poly1305&) = delete;

  void update(std::span<const std::uint8_t> msg);
  // Zero bytes up to the next multiple of 16 bytes of input so far (none when
  // already aligned): RFC 8439 §2.8's pad16().
  void pad16();
  // The tag. The object is wiped afterwards and must not be used again (the key
  // is one-time).
  void finish(std::span<std::uint8_t, kTagSize> tag);

  // One shot: poly1305_mac(msg, key) of RFC 8439 §2.5.1.
  static std::array<std::uint8_t, kTagSize> mac(std::span<const std::uint8_t, kKeySize> key,
                                                std::span<const std::uint8_t> msg);

  // For the fused AEAD loop: the core, valid to feed whole blocks to only while
  // no partial block is buffered (block_aligned()).
  bool block_aligned() const { return buffered_ == 0; }
  Poly1305Core& core() { return core_; }

 private:
  void blocks(const std::uint8_t* m, std::size_t n, std::uint64_t hibit);

  Poly1305Core core_;
  std::uint64_t s0_, s1_;  // s
  std::array<std::uint8_t, kBlockSize> buffer_{};
  std::size_t buffered_ = 0;
  bool ifma_;
};

// A little-endian 64-bit word: one load (memcpy) where the CPU is little
// endian, as every target of the accelerated backends is; bytes otherwise.
inline std::uint64_t poly1305_load64_le(const std::uint8_t* p) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, sizeof v);
  } else {
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  }
  return v;
}

inline void Poly1305Core::block(const std::uint8_t* m, std::uint64_t hibit) {
  // 64x64 -> 128-bit products (a GCC/Clang extension, hence __extension__).
  __extension__ typedef unsigned __int128 u128;
  auto mul = [](std::uint64_t a, std::uint64_t b) { return static_cast<u128>(a) * b; };
  auto lo = [](u128 x) { return static_cast<std::uint64_t>(x); };
  auto hi = [](u128 x) { return static_cast<std::uint64_t>(x >> 64); };

  // RFC 8439 §2.5.1: "n = le_bytes_to_num(msg[...] | [0x01]); a += n". The carries
  // are computed as (sum < addend): a compare the compiler turns into a carry
  // flag (setc/adc), not a branch.
  const std::uint64_t m0 = poly1305_load64_le(m), m1 = poly1305_load64_le(m + 8);
  h0 += m0;
  std::uint64_t carry = h0 < m0;
  h1 += carry;
  carry = h1 < carry;
  h1 += m1;
  carry += h1 < m1;
  h2 += carry + hibit;  // h2 < 8 here

  // "a = (r * a) % p", first the product, folding the limbs at 2^128 and above
  // with 2^130 = 5 mod p:
  //   h0*r0          + h1*5(r1/4)                at 2^0
  //   h0*r1 + h1*r0  + h2*5(r1/4)                at 2^64
  //   h2*r0                                      at 2^128
  // Each product is below 2^64 * 2^61, so each sum fits in 128 bits; the h2
  // products fit in 64.
  const u128 d0 = mul(h0, r0) + mul(h1, r1_times_5_4);
  const u128 d1 = mul(h0, r1) + mul(h1, r0) + (h2 * r1_times_5_4);
  const std::uint64_t d2 = h2 * r0 + hi(d1 + hi(d0));
  // Carry into 64-bit limbs...
  h0 = lo(d0);
  h1 = lo(d1 + hi(d0));
  // ...then the partial reduction: keep the two bits below 2^130 in h2 and add
  // back 5 * (everything from 2^130 up), computed as d2/4 + (d2 & ~3).
  h2 = d2 & 3;
  const std::uint64_t c = (d2 >> 2) + (d2 & ~std::uint64_t{3});
  h0 += c;
  carry = h0 < c;
  h1 += carry;
  h2 += h1 < carry;  // now h < 2^130 + 2^64: "partially reduced", below 2p
}

}  // namespace glasstls::crypto
