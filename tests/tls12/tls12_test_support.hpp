// Shared by the TLS 1.2 tests: the three AEADs with their key and fixed IV
// sizes, fixed keys, and a Tls12Protection made from them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "crypto/aead.hpp"
#include "record/tls12_protection.hpp"

namespace glasstls::tls12_test {

using Bytes = std::vector<std::uint8_t>;
using crypto::AeadId;

inline constexpr AeadId kAeads[] = {AeadId::aes128_gcm, AeadId::aes256_gcm,
                                    AeadId::chacha20_poly1305};

// RFC 5288 §3: 4 bytes of salt; RFC 7905 §2: a 12-byte IV.
inline std::size_t fixed_iv_size(AeadId id) { return id == AeadId::chacha20_poly1305 ? 12 : 4; }

inline std::string aead_name(const testing::TestParamInfo<AeadId>& info) {
  switch (info.param) {
    case AeadId::aes128_gcm: return "aes128gcm";
    case AeadId::aes256_gcm: return "aes256gcm";
    case AeadId::chacha20_poly1305: return "chacha20poly1305";
  }
  return "unknown";
}

// n bytes seed, seed+3, seed+6, ...
inline Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + 3 * i);
  return v;
}

// A key and fixed IV for `id`, distinct per `seed` (the two directions).
struct Keys {
  Bytes key, iv;
};
inline Keys keys_for(AeadId id, std::uint8_t seed) {
  return {pattern(crypto::key_size(id), seed),
          pattern(fixed_iv_size(id), static_cast<std::uint8_t>(seed + 100))};
}

inline std::unique_ptr<record::Tls12Protection> protection(
    AeadId id, const Keys& k, crypto::Backend backend = crypto::Backend::accelerated) {
  auto aead = crypto::make_aead(id, k.key, backend);
  EXPECT_TRUE(aead);
  if (!aead) return nullptr;
  auto p = record::Tls12Protection::create(std::move(*aead), k.iv);
  EXPECT_TRUE(p);
  return p ? std::move(*p) : nullptr;
}

// The sequence number as 8 big-endian bytes, written out from the RFC text
// (not with record/sequence_nonce.hpp).
inline Bytes be64(std::uint64_t v) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i, v >>= 8)
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
  return out;
}

}  // namespace glasstls::tls12_test
