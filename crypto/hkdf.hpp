// HKDF (RFC 5869) and the TLS 1.3 labels built on it (RFC 8446 §7.1).
//
//   HKDF-Extract(salt, IKM) -> PRK        = HMAC-Hash(salt, IKM)
//   HKDF-Expand(PRK, info, L) -> OKM      = T(1) | T(2) | ... first L bytes,
//                                           T(i) = HMAC-Hash(PRK, T(i-1) | info | i)
//   HKDF-Expand-Label(Secret, Label, Context, Length)
//       = HKDF-Expand(Secret, HkdfLabel, Length), HkdfLabel = {Length, "tls13 " + Label, Context}
//   Derive-Secret(Secret, Label, Messages)
//       = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/result.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

// CT (all functions here): the values of secrets, salts and IKM do not leak;
// their lengths and the labels do.

// RFC 5869 §2.2. An empty salt means HashLen zero bytes.
HashSecret hkdf_extract(HashId id, std::span<const std::uint8_t> salt,
                        std::span<const std::uint8_t> ikm);

// RFC 5869 §2.3: fails if out.size() > 255 * HashLen.
Result<void> hkdf_expand(HashId id, std::span<const std::uint8_t> prk,
                         std::span<const std::uint8_t> info, std::span<std::uint8_t> out);

// The HkdfLabel structure of RFC 8446 §7.1 (exposed so the trace can show it).
Result<std::vector<std::uint8_t>> hkdf_label(std::uint16_t length, std::string_view label,
                                             std::span<const std::uint8_t> context);

// RFC 8446 §7.1. `label` is given without the "tls13 " prefix, e.g. "c hs traffic".
Result<void> hkdf_expand_label(HashId id, std::span<const std::uint8_t> secret,
                               std::string_view label, std::span<const std::uint8_t> context,
                               std::span<std::uint8_t> out);

// RFC 8446 §7.1, taking the transcript hash rather than the messages (the
// caller's transcript object already holds the running hash).
Result<HashSecret> derive_secret(HashId id, std::span<const std::uint8_t> secret,
                                 std::string_view label,
                                 std::span<const std::uint8_t> transcript_hash);

}  // namespace glasstls::crypto
