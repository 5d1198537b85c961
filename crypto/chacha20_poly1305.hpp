// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8), as used by TLS 1.3 (RFC 8446 §5.2)
// and TLS 1.2 (RFC 7905).
//
// Per record, with the 256-bit key and the 96-bit nonce:
//   1. the one-time Poly1305 key is the first 32 bytes of ChaCha20 block 0 (§2.6);
//   2. the plaintext is encrypted with ChaCha20 from block 1 (§2.4);
//   3. the tag is Poly1305 over  AAD | pad16 | ciphertext | pad16 |
//      len(AAD) as 8 bytes LE | len(ciphertext) as 8 bytes LE.
// open() computes the tag over the received ciphertext first and decrypts only
// when it matches, so no unauthenticated plaintext is ever written.
//
// The key lives in a Secret (wiped on destruction); each record uses only stack
// storage, wiped before returning. The ChaCha20 backend (portable or AVX2) is
// chosen when the object is made, from crypto::usable_features().
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "crypto/aead.hpp"
#include "crypto/result.hpp"

namespace glasstls::crypto {

// The implementations, each of which uses the ones before it for what is left
// over: portable (chacha20.cpp, poly1305.cpp); avx2, eight ChaCha20 blocks per
// pass fused with Poly1305 (chacha20_poly1305_avx2.cpp); avx512, sixteen
// (chacha20_avx512.cpp); avx512_ifma, the AVX-512 ChaCha20 over the whole
// message and then Poly1305 with AVX-512 IFMA over it (poly1305_ifma.hpp),
// eight blocks per pass. backend() names them "portable", "avx2", "avx512",
// "avx512_ifma".
enum class ChaChaBackend : std::uint8_t { portable, avx2, avx512, avx512_ifma };

// The fastest the CPU allows (crypto/cpu.hpp): portable when that is forced.
ChaChaBackend best_chacha_backend();

// key must be 32 bytes (anything else is internal_error: the caller's bug).
// `portable` forces the portable code whatever the CPU allows.
Result<std::unique_ptr<Aead>> make_chacha20_poly1305(std::span<const std::uint8_t> key,
                                                     bool portable = false);
// With the given backend, for tests and benchmarks: the CPU must have it.
Result<std::unique_ptr<Aead>> make_chacha20_poly1305(std::span<const std::uint8_t> key,
                                                     ChaChaBackend backend);

}  // namespace glasstls::crypto
