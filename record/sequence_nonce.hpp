// The per-record nonce built from a 12-byte write IV and the 64-bit sequence
// number, the same way in three places:
//
//   - TLS 1.3 (RFC 8446 §5.3), every AEAD;
//   - TLS 1.2 ChaCha20-Poly1305 (RFC 7905 §2), which copied TLS 1.3's rule;
//   - (TLS 1.2 AES-GCM differs: a 4-byte salt and an 8-byte explicit part sent
//     in the record, RFC 5288 §3 — see tls12_protection.cpp.)
//
//   nonce = write_iv XOR (0x00000000 || uint64 sequence number, big-endian)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "crypto/aead.hpp"

namespace glasstls::record {

using Nonce = std::array<std::uint8_t, crypto::Aead::kNonceSize>;

// RFC 8446 §5.3: "1. The 64-bit record sequence number is encoded in network
// byte order and padded to the left with zeros to iv_length. 2. The padded
// sequence number is XORed with either the static client_write_iv or
// server_write_iv".
inline Nonce xor_sequence_nonce(const Nonce& iv, std::uint64_t sequence) {
  Nonce nonce = iv;
  for (std::size_t i = 0; i < 8; ++i) {
    nonce[nonce.size() - 1 - i] ^= static_cast<std::uint8_t>(sequence >> (8 * i));
  }
  return nonce;
}

// The sequence number as 8 big-endian bytes (RFC 5246 §6.2.3.3's seq_num,
// RFC 5288 §3's nonce_explicit when it is the sequence number).
inline void put_sequence(std::uint8_t* out, std::uint64_t sequence) {
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(sequence >> (56 - 8 * i));
}

}  // namespace glasstls::record
