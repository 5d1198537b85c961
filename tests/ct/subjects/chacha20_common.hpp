// Shared by the ChaCha20 / ChaCha20-Poly1305 subjects: the same checks for the
// portable and the AVX2 backend.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/chacha20_poly1305_avx512.hpp"
#include "crypto/cpu.hpp"
#include "tests/ct/ct_harness.hpp"

namespace glasstls::ct_test {

// Lengths around the block (64), AVX2 batch (512) and AVX-512 batch (1024)
// boundaries and the tail paths.
inline constexpr std::size_t kChaChaLengths[] = {0,   1,   63,  64,   65,   255,  256, 511,
                                                 512, 513, 700, 1023, 1024, 1100, 1536, 2100};

inline const char* backend_name(crypto::ChaChaBackend b) {
  return b == crypto::ChaChaBackend::avx512_ifma ? "avx512_ifma"
         : b == crypto::ChaChaBackend::avx512    ? "avx512"
         : b == crypto::ChaChaBackend::avx2      ? "avx2"
                                                 : "portable";
}

// ChaCha20 with a secret key, nonce and plaintext; compared with a public run.
inline void chacha20_secret_inputs(crypto::ChaCha20XorFn fn) {
  const auto key_bytes = pattern<32>(1);
  const auto nonce_bytes = pattern<12>(2);
  const auto data = pattern<2100>(3);
  for (std::size_t len : kChaChaLengths) {
    const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(len));
    std::vector<std::uint8_t> expected(len);
    crypto::chacha20_encrypt(key_bytes, 1, nonce_bytes, pub, expected,
                             &crypto::chacha20_xor_portable);

    auto key = key_bytes;
    auto nonce = nonce_bytes;
    std::vector<std::uint8_t> msg = pub, out(len);
    secret(key);
    secret(nonce);
    secret(msg);
    crypto::chacha20_encrypt(key, 1, nonce, msg, out, fn);
    declassify(out);
    check(out == expected, "secret-input keystream XOR equals the public one");
  }
}

// AEAD seal with a secret key and plaintext (the AAD, nonce and lengths are
// public, as in TLS); compared with a public run, on the given backend.
inline void chacha20_poly1305_seal_secret_inputs(crypto::ChaChaBackend backend) {
  const auto key_bytes = pattern<32>(4);
  const auto nonce = pattern<12>(5);
  const auto aad = pattern<13>(6);
  const auto data = pattern<2100>(7);
  for (std::size_t len : kChaChaLengths) {
    const std::vector<std::uint8_t> pub(data.begin(), data.begin() + static_cast<long>(len));
    std::vector<std::uint8_t> expected(len + 16);
    {
      auto aead = crypto::make_chacha20_poly1305(key_bytes, backend);
      check(aead.ok() && (*aead)->seal(nonce, aad, pub, expected).ok(), "public seal");
    }
    auto key = key_bytes;
    std::vector<std::uint8_t> msg = pub, out(len + 16);
    secret(key);
    secret(msg);
    auto aead = crypto::make_chacha20_poly1305(key, backend);
    check(aead.ok(), "make_chacha20_poly1305");
    if (!aead.ok()) return;
    check((*aead)->backend() == backend_name(backend), "backend");
    const bool sealed = (*aead)->seal(nonce, aad, msg, out).ok();  // sizes only: public
    declassify(out);  // ciphertext and tag are sent: public
    check(sealed && out == expected, "secret-input seal equals the public one");
  }
}

}  // namespace glasstls::ct_test
