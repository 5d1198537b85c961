// Poly1305 (RFC 8439 §2.5) with 64-bit limbs. See poly1305.hpp for the layout.
#include "crypto/poly1305.hpp"

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/poly1305_ifma.hpp"

namespace glasstls::crypto {
namespace {

// 64x64 -> 128-bit products (a GCC/Clang extension, hence __extension__).
__extension__ typedef unsigned __int128 u128;

void store64_le(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

std::uint64_t lo(u128 x) { return static_cast<std::uint64_t>(x); }
std::uint64_t hi(u128 x) { return static_cast<std::uint64_t>(x >> 64); }

}  // namespace

Poly1305::Poly1305(std::span<const std::uint8_t, kKeySize> key, Poly1305Backend backend)
    : ifma_(backend == Poly1305Backend::ifma) {
  // RFC 8439 §2.5.1: "clamp(r): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff"
  // (r[3], r[7], r[11], r[15] get their top four bits cleared, r[4], r[8], r[12]
  // their bottom two).
  core_.r0 = poly1305_load64_le(key.data()) & 0x0ffffffc0fffffffULL;
  core_.r1 = poly1305_load64_le(key.data() + 8) & 0x0ffffffc0ffffffcULL;
  // r1 is a multiple of 4, so r1 * 2^128 = (r1/4) * 2^130 = 5 * (r1/4) mod P.
  core_.r1_times_5_4 = core_.r1 + (core_.r1 >> 2);
  // "Also set a variable "accumulator" to zero."
  core_.h0 = core_.h1 = core_.h2 = 0;
  // "s = le_bytes_to_num(key[16..31])"
  s0_ = poly1305_load64_le(key.data() + 16);
  s1_ = poly1305_load64_le(key.data() + 24);
}

Poly1305::~Poly1305() {
  ct::secure_wipe(&core_, sizeof core_);
  ct::secure_wipe(&s0_, sizeof s0_);
  ct::secure_wipe(&s1_, sizeof s1_);
  ct::secure_wipe(buffer_.data(), buffer_.size());
}

bool Poly1305::ifma_usable() {
  const CpuFeatures& f = usable_features();
  return f.avx512f && f.avx512vl && f.avx512ifma;
}

void Poly1305::blocks(const std::uint8_t* m, std::size_t n, std::uint64_t hibit) {
  if (ifma_ && hibit == 1) {  // public: the backend and the length
    const std::size_t done = poly1305_blocks_ifma(core_, m, n);
    m += done * kBlockSize;
    n -= done;
  }
  // A local copy stays in registers (stores through `m`-like byte pointers
  // could otherwise alias the members).
  Poly1305Core core = core_;
  for (; n > 0; --n, m += kBlockSize) core.block(m, hibit);
  core_ = core;
}

void Poly1305::update(std::span<const std::uint8_t> msg) {
  // The split of the message into calls is public; only lengths decide branches.
  const std::uint8_t* p = msg.data();
  std::size_t len = msg.size();
  if (buffered_ > 0) {
    while (len > 0 && buffered_ < kBlockSize) {
      buffer_[buffered_++] = *p++;
      --len;
    }
    if (buffered_ < kBlockSize) return;
    blocks(buffer_.data(), 1, 1);
    buffered_ = 0;
  }
  const std::size_t whole = len / kBlockSize;
  blocks(p, whole, 1);
  p += whole * kBlockSize;
  len -= whole * kBlockSize;
  for (; len > 0; --len) buffer_[buffered_++] = *p++;
}

void Poly1305::pad16() {
  // RFC 8439 §2.8: "padding1 -- the padding is up to 15 zero bytes, and it brings
  // the total length so far to an integral multiple of 16."
  if (buffered_ == 0) return;
  for (std::size_t i = buffered_; i < kBlockSize; ++i) buffer_[i] = 0;
  blocks(buffer_.data(), 1, 1);
  buffered_ = 0;
}

void Poly1305::finish(std::span<std::uint8_t, kTagSize> tag) {
  if (buffered_ > 0) {
    // RFC 8439 §2.5: "Add one bit beyond the number of octets. ... For the shorter
    // block, it can be 2^120, 2^112, or any power of two that is evenly divisible
    // by 8, all the way down to 2^8." The 0x01 byte is that bit; then zero padding.
    buffer_[buffered_] = 1;
    for (std::size_t i = buffered_ + 1; i < kBlockSize; ++i) buffer_[i] = 0;
    blocks(buffer_.data(), 1, 0);
  }
  // Full reduction: h < 2P, so h mod P is h - P when h >= P, else h. Compute
  // g = h + 5 = h - P + 2^130: h >= P exactly when g reaches 2^130 (bit 130 of g).
  // CT: the choice is made with a mask, not a branch.
  const std::uint64_t h0 = core_.h0, h1 = core_.h1, h2 = core_.h2;
  u128 t = static_cast<u128>(h0) + 5;
  const std::uint64_t g0 = lo(t);
  t = static_cast<u128>(h1) + hi(t);
  const std::uint64_t g1 = lo(t);
  const std::uint64_t g2 = h2 + hi(t);
  const ct::Mask use_g = ct::Mask::from_bit(g2 >> 2);
  std::uint64_t a0 = ct::select(use_g, g0, h0);
  std::uint64_t a1 = ct::select(use_g, g1, h1);
  // RFC 8439 §2.5.1: "a += s; return num_to_16_le_bytes(a)": only the low 128
  // bits of a + s are kept, so bits 128 and up (of h and of the sum) drop out.
  t = static_cast<u128>(a0) + s0_;
  a0 = lo(t);
  a1 = a1 + s1_ + hi(t);
  store64_le(tag.data(), a0);
  store64_le(tag.data() + 8, a1);
  // One-time key: nothing of this computation may be reused.
  ct::secure_wipe(&core_, sizeof core_);
  ct::secure_wipe(buffer_.data(), buffer_.size());
  buffered_ = 0;
}

std::array<std::uint8_t, Poly1305::kTagSize> Poly1305::mac(
    std::span<const std::uint8_t, kKeySize> key, std::span<const std::uint8_t> msg) {
  Poly1305 p(key);
  p.update(msg);
  std::array<std::uint8_t, kTagSize> tag;
  p.finish(tag);
  return tag;
}

}  // namespace glasstls::crypto
