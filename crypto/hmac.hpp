// HMAC (RFC 2104) over SHA-256/384/512.
//
//   HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m))
//
// where K' is the key padded with zeros to the hash's block size (or hashed
// first when longer than a block). The two keyed states are computed once, so
// one Hmac object can MAC many messages under the same key (the TLS 1.2 PRF
// and HKDF-Expand do exactly that).
#pragma once

#include <cstdint>
#include <span>

#include "crypto/ct.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

class Hmac {
 public:
  // CT: the key's value does not leak (its length does).
  Hmac(HashId id, std::span<const std::uint8_t> key);

  HashId id() const { return keyed_inner_.id(); }
  std::size_t size() const { return keyed_inner_.size(); }

  void update(std::span<const std::uint8_t> data);
  // out.size() must be size(). Afterwards the object is ready for a new
  // message under the same key.
  void finish(std::span<std::uint8_t> out);
  HashSecret finish();
  // Finishes and compares with `expected` in constant time.
  ct::Mask verify(std::span<const std::uint8_t> expected);

  static HashSecret mac(HashId id, std::span<const std::uint8_t> key,
                        std::span<const std::uint8_t> data);

 private:
  Hash keyed_inner_;  // after absorbing K' ^ ipad
  Hash keyed_outer_;  // after absorbing K' ^ opad
  Hash inner_;        // keyed_inner_ plus the message so far
};

}  // namespace glasstls::crypto
