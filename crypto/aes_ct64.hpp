// The portable, constant-time AES: bitsliced over 64-bit words (internal).
//
// Four 16-byte blocks are held as eight 64-bit words q[0..7]: word q[i] holds
// bit i of every byte of the four blocks (a "bit plane"). Inside a plane, the
// bit for block b, state row r and column c (FIPS 197 §3.4: byte in[r + 4c])
// sits at position 16*r + 4*c + b. One bitwise instruction then acts on the
// same bit of 64 bytes at once, and every AES step becomes a fixed sequence of
// AND/XOR/shift instructions: no table, no branch, nothing indexed by a secret.
// The idea is BearSSL's aes_ct64 (Thomas Pornin); the layout derivation and
// the code are ours (see docs/crypto-aead.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace glasstls::crypto::aes_ct64 {

using State = std::array<std::uint64_t, 8>;

// FIPS 197 §5.1.1 SubBytes on all 64 bytes: the Boyar-Peralta circuit.
// CT: straight-line boolean code.
void sub_bytes(State& q);

// Transpose between "eight bytes per word" and "bit planes" (an involution).
void ortho(State& q);

// Loads 1..4 blocks (missing ones are zero) into bitsliced form; stores back.
void load_blocks(State& q, const std::uint8_t* blocks, std::size_t n);
void store_blocks(State q, std::uint8_t* blocks, std::size_t n);

// Round keys (Nr+1 of 16 bytes) -> 8 words per round key.
void slice_round_keys(const std::uint8_t* schedule, unsigned rounds, std::uint64_t* sliced);

// FIPS 197 §5.1 Cipher() on the four bitsliced blocks in q.
void encrypt(const std::uint64_t* sliced, unsigned rounds, State& q);

// SubWord() of FIPS 197 §5.2 for the key schedule (bytes a0..a3 of the word).
void sub_word(std::uint8_t word[4]);

void ctr32(const std::uint64_t* sliced, unsigned rounds, std::uint8_t counter[16],
           const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks);

}  // namespace glasstls::crypto::aes_ct64
