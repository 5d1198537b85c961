// RFC 6979 §3.2: deterministic generation of the ECDSA nonce k with HMAC_DRBG
// keyed by the private key and the message hash, optionally with "additional
// data" k' (§3.6) -- GlassTLS mixes fresh random bytes in by default ("hedged"
// signatures: deterministic if the RNG fails, unpredictable if the hash or the
// key is attacked by fault), and uses the pure form for the RFC's known answers.
//
// The generator only produces candidates: the caller checks 1 <= k <= n-1
// (§3.2 step h.3) and asks for the next one when a candidate fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "crypto/hmac.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

class Rfc6979 {
 public:
  // x = int2octets(x), h = bits2octets(h1), both qlen/8 bytes; extra = k' (may be empty).
  // CT: the values of x, h and extra do not leak (HMAC is constant time).
  Rfc6979(HashId id, std::span<const std::uint8_t> x, std::span<const std::uint8_t> h,
          std::span<const std::uint8_t> extra);
  // Writes the next candidate k = bits2int(T), k.size() = qlen/8 (<= 64). CT.
  void next(std::span<std::uint8_t> k);

 private:
  void mac_into(std::span<std::uint8_t> out,
                std::initializer_list<std::span<const std::uint8_t>> parts);
  void rekey(std::initializer_list<std::span<const std::uint8_t>> parts);

  HashId id_;
  std::size_t hlen_;
  HashSecret key_;  // K
  HashSecret v_;    // V
  Hmac mac_;        // keyed with K
  bool first_ = true;
};

}  // namespace glasstls::crypto
