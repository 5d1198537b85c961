// AES with the x86 AES instructions (internal to crypto/).
//
// AESENC performs one full round of FIPS 197 §5.1 (SubBytes, ShiftRows,
// MixColumns, AddRoundKey) on a 128-bit register, AESENCLAST the final round.
// The state and the round keys are in FIPS 197 byte order, so a block loads as
// is. The instructions run in constant time whatever their operands.
//
// The functions are compiled for those instruction sets only (a
// crypto/target_region.hpp region, or per-function target attributes) and
// called only when crypto::aes_backend_usable() says so.
#pragma once

#include <cstddef>
#include <cstdint>

namespace glasstls::crypto {

// crypto/aes_x86.cpp: AES-NI on 128-bit registers, 8 blocks in flight.
void aesni_encrypt_block(const std::uint8_t* round_keys, unsigned rounds, const std::uint8_t in[16],
                         std::uint8_t out[16]);
void aesni_ctr32(const std::uint8_t* round_keys, unsigned rounds, std::uint8_t counter[16],
                 const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks);

// FIPS 197 §5.2 KeyExpansion() with AESENCLAST as SubWord(): the same Nr+1
// round keys, in the same byte order, as crypto::aes_expand_key's portable path.
// 128 and 256: four words per step in a register; 192 (not used by TLS) runs
// the portable word loop with aesni_sub_word. CT: no branch or index on the key.
void aesni_expand_key_128(const std::uint8_t key[16], std::uint8_t* round_keys);
void aesni_expand_key_256(const std::uint8_t key[32], std::uint8_t* round_keys);
void aesni_sub_word(std::uint8_t word[4]);

// crypto/gcm_vaes.cpp: VAES on 256-bit registers, 16 blocks in flight.
void vaes_ctr32(const std::uint8_t* round_keys, unsigned rounds, std::uint8_t counter[16],
                const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks);

}  // namespace glasstls::crypto
