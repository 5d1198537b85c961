// SHA-256, FIPS 180-4 §6.2: the portable compression function and the streaming
// wrapper shared by both backends.
#include <cstring>

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {
namespace {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes.
constexpr std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// FIPS 180-4 §5.3.3: the initial hash value H(0).
constexpr std::uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// FIPS 180-4 §4.1.2, functions (4.2)-(4.7). Ch and Maj are written with one
// operation fewer than in the standard; they are the same boolean functions:
//   Ch(x,y,z)  = (x AND y) XOR (NOT x AND z)             = ((y XOR z) AND x) XOR z
//   Maj(x,y,z) = (x AND y) XOR (x AND z) XOR (y AND z)   = ((x XOR y) AND (y XOR z)) XOR y
constexpr std::uint32_t Ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  return ((y ^ z) & x) ^ z;
}
constexpr std::uint32_t Maj(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  return ((x ^ y) & (y ^ z)) ^ y;
}
constexpr std::uint32_t Sigma0(std::uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
constexpr std::uint32_t Sigma1(std::uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
constexpr std::uint32_t sigma0(std::uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
constexpr std::uint32_t sigma1(std::uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }

// One round of FIPS 180-4 §6.2.2 step 3. The standard shifts the eight
// working variables down by one place each round (h = g, g = f, ...); instead
// the caller passes them rotated by one place per round, so only the two that
// really change are written: d becomes the new e, and h the new a.
inline void round(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t& d,
                  std::uint32_t e, std::uint32_t f, std::uint32_t g, std::uint32_t& h,
                  std::uint32_t k_plus_w) {
  const std::uint32_t T1 = h + Sigma1(e) + Ch(e, f, g) + k_plus_w;
  const std::uint32_t T2 = Sigma0(a) + Maj(a, b, c);
  d += T1;
  h = T1 + T2;
}

std::uint32_t load_be32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);  // x86 is little-endian
}
void store_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace

// CT: no branch or index depends on the data; only the block count is used.
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n) {
  for (; n > 0; --n, blocks += 64) {
    // Step 1: the message schedule, all 64 words up front.
    std::uint32_t W[64];
    for (int t = 0; t < 16; ++t) W[t] = load_be32(blocks + 4 * t);
    for (int t = 16; t < 64; ++t) {
      W[t] = sigma1(W[t - 2]) + W[t - 7] + sigma0(W[t - 15]) + W[t - 16];
    }

    // Step 2: the working variables.
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

    // Step 3: 64 rounds, eight at a time so the renaming comes full circle.
    for (int t = 0; t < 64; t += 8) {
      round(a, b, c, d, e, f, g, h, K[t + 0] + W[t + 0]);
      round(h, a, b, c, d, e, f, g, K[t + 1] + W[t + 1]);
      round(g, h, a, b, c, d, e, f, K[t + 2] + W[t + 2]);
      round(f, g, h, a, b, c, d, e, K[t + 3] + W[t + 3]);
      round(e, f, g, h, a, b, c, d, K[t + 4] + W[t + 4]);
      round(d, e, f, g, h, a, b, c, K[t + 5] + W[t + 5]);
      round(c, d, e, f, g, h, a, b, K[t + 6] + W[t + 6]);
      round(b, c, d, e, f, g, h, a, K[t + 7] + W[t + 7]);
    }

    // Step 4: the intermediate hash value H(i).
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

Sha256CompressFn sha256_default_compress() {
  const CpuFeatures& f = usable_features();
  return f.sha_ni && f.sse41 && f.ssse3 ? &sha256_compress_shani : &sha256_compress_portable;
}

Sha256::~Sha256() { ct::secure_wipe(this, sizeof *this); }

void Sha256::reset() {
  std::memcpy(h_, H0, sizeof h_);
  buf_len_ = 0;
  total_len_ = 0;
}

void Sha256::update(std::span<const std::uint8_t> data) {
  if (data.empty()) return;  // also keeps a null data() away from memcpy
  const std::uint8_t* p = data.data();
  std::size_t len = data.size();
  total_len_ += len;
  if (buf_len_ > 0) {
    const std::size_t take = std::min(len, block_size - buf_len_);
    std::memcpy(buf_ + buf_len_, p, take);
    buf_len_ += take;
    p += take;
    len -= take;
    if (buf_len_ < block_size) return;
    compress_(h_, buf_, 1);
    buf_len_ = 0;
  }
  // Whole blocks straight from the input, without copying.
  if (len >= block_size) {
    compress_(h_, p, len / block_size);
    p += len - len % block_size;
    len %= block_size;
  }
  if (len > 0) std::memcpy(buf_, p, len);
  buf_len_ = len;
}

void Sha256::finish(std::span<std::uint8_t, digest_size> out) {
  // FIPS 180-4 §5.1.1: append bit '1', zeros, and the 64-bit message length in
  // bits, so that the padded message is a multiple of 512 bits.
  const std::uint64_t bit_len = total_len_ * 8;
  buf_[buf_len_++] = 0x80;
  if (buf_len_ > block_size - 8) {
    std::memset(buf_ + buf_len_, 0, block_size - buf_len_);
    compress_(h_, buf_, 1);
    buf_len_ = 0;
  }
  std::memset(buf_ + buf_len_, 0, block_size - 8 - buf_len_);
  store_be32(buf_ + 56, static_cast<std::uint32_t>(bit_len >> 32));
  store_be32(buf_ + 60, static_cast<std::uint32_t>(bit_len));
  compress_(h_, buf_, 1);
  for (int i = 0; i < 8; ++i) store_be32(out.data() + 4 * i, h_[i]);
  ct::secure_wipe(buf_, sizeof buf_);
  reset();
}

std::array<std::uint8_t, Sha256::digest_size> Sha256::finish() {
  std::array<std::uint8_t, digest_size> out;
  finish(std::span<std::uint8_t, digest_size>(out));
  return out;
}

std::array<std::uint8_t, Sha256::digest_size> Sha256::hash(std::span<const std::uint8_t> data) {
  Sha256 h;
  h.update(data);
  return h.finish();
}

}  // namespace glasstls::crypto
