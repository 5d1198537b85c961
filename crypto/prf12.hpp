// The TLS 1.2 pseudorandom function, RFC 5246 §5.
//
//   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
//                          HMAC_hash(secret, A(2) + seed) + ...
//   A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
//   PRF(secret, label, seed) = P_<hash>(secret, label + seed)
//
// The hash is SHA-256 unless the cipher suite names another (SHA-384 for the
// *_SHA384 suites). It turns the pre-master secret into the master secret and
// the master secret into keys (RFC 5246 §8.1, §6.3) and computes Finished (§7.4.9).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/sha2.hpp"

namespace glasstls::crypto {

// CT: the secret's value does not leak; lengths and the label do.
void tls12_prf(HashId id, std::span<const std::uint8_t> secret, std::string_view label,
               std::span<const std::uint8_t> seed, std::span<std::uint8_t> out);

}  // namespace glasstls::crypto
