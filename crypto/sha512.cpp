// SHA-512 and SHA-384, FIPS 180-4 §6.4 and §6.5: the same engine on 64-bit
// words with 80 rounds; SHA-384 starts from other initial values (§5.3.4) and
// keeps the leftmost 384 bits.
#include <algorithm>
#include <cstring>

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/sha2.hpp"
#include "crypto/sha512_round.hpp"

namespace glasstls::crypto {
namespace {

using namespace sha512;

// FIPS 180-4 §5.3.5 (SHA-512) and §5.3.4 (SHA-384).
constexpr std::uint64_t kSha512Iv[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                        0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                        0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
constexpr std::uint64_t kSha384Iv[8] = {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17,
                                        0x152fecd8f70e5939, 0x67332667ffc00b31, 0x8eb44a8768581511,
                                        0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};

std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);  // x86 is little-endian
}
void store_be64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

}  // namespace

// CT: no branch or index depends on the data; only the block count is used.
void sha512_compress_portable(std::uint64_t state[8], const std::uint8_t* blocks, std::size_t n) {
  for (; n > 0; --n, blocks += 128) {
    // Step 1: the message schedule, all 80 words up front.
    std::uint64_t W[80];
    for (int t = 0; t < 16; ++t) W[t] = load_be64(blocks + 8 * t);
    for (int t = 16; t < 80; ++t) {
      W[t] = sigma1(W[t - 2]) + W[t - 7] + sigma0(W[t - 15]) + W[t - 16];
    }
    // Step 2: the working variables.
    std::uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
    // Step 3: 80 rounds, eight at a time so the renaming comes full circle.
    for (int t = 0; t < 80; t += 8) {
      round(a, b, c, d, e, f, g, h, K[t + 0] + W[t + 0]);
      round(h, a, b, c, d, e, f, g, K[t + 1] + W[t + 1]);
      round(g, h, a, b, c, d, e, f, K[t + 2] + W[t + 2]);
      round(f, g, h, a, b, c, d, e, K[t + 3] + W[t + 3]);
      round(e, f, g, h, a, b, c, d, K[t + 4] + W[t + 4]);
      round(d, e, f, g, h, a, b, c, K[t + 5] + W[t + 5]);
      round(c, d, e, f, g, h, a, b, K[t + 6] + W[t + 6]);
      round(b, c, d, e, f, g, h, a, K[t + 7] + W[t + 7]);
    }
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

Sha512CompressFn sha512_default_compress() {
  const CpuFeatures& f = usable_features();
  if (!f.avx2 || !f.bmi2) return &sha512_compress_portable;
  return f.avx512f && f.avx512vl ? &sha512_compress_avx512 : &sha512_compress_avx2;
}

Sha512Engine::~Sha512Engine() { ct::secure_wipe(this, sizeof *this); }

void Sha512Engine::reset() {
  std::memcpy(h_, *iv_, sizeof h_);
  buf_len_ = 0;
  total_len_ = 0;
}

void Sha512Engine::update(std::span<const std::uint8_t> data) {
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
  if (len >= block_size) {
    compress_(h_, p, len / block_size);
    p += len - len % block_size;
    len %= block_size;
  }
  if (len > 0) std::memcpy(buf_, p, len);
  buf_len_ = len;
}

void Sha512Engine::finish(std::span<std::uint8_t> out) {
  // FIPS 180-4 §5.1.2: '1', zeros, then the length in bits as a 128-bit number.
  buf_[buf_len_++] = 0x80;
  if (buf_len_ > block_size - 16) {
    std::memset(buf_ + buf_len_, 0, block_size - buf_len_);
    compress_(h_, buf_, 1);
    buf_len_ = 0;
  }
  std::memset(buf_ + buf_len_, 0, block_size - 16 - buf_len_);
  store_be64(buf_ + 112, total_len_ >> 61);
  store_be64(buf_ + 120, total_len_ << 3);
  compress_(h_, buf_, 1);
  std::uint8_t full[64];
  for (int i = 0; i < 8; ++i) store_be64(full + 8 * i, h_[i]);
  std::memcpy(out.data(), full, std::min(out.size(), sizeof full));
  ct::secure_wipe(full, sizeof full);
  ct::secure_wipe(buf_, sizeof buf_);
  reset();
}

const Sha512Iv& sha512_family_iv(std::size_t digest_size) {
  return digest_size == 48 ? kSha384Iv : kSha512Iv;
}

}  // namespace glasstls::crypto
