// FIPS 197 §5.1.1 SubBytes as a boolean circuit, applied to 64 bytes at once.
//
// FIPS 197 §5.1.1: the S-box is "constructed by composing two transformations:
// 1. Take the multiplicative inverse in the finite field GF(2^8) ... 2. Apply
// the following affine transformation (over GF(2))". A table lookup S[x] would
// leak x through the cache; instead we evaluate a circuit of 113 gates
// (32 AND, 81 XOR/XNOR) found by Joan Boyar and René Peralta, "A depth-16
// circuit for the AES S-box" (2011, https://eprint.iacr.org/2011/332). It
// computes the same function in three layers:
//   top    - a linear map (23 XORs) from the input bits U0..U7 to 27 values T1..T27
//            (the change of basis to the tower field GF(((2^2)^2)^2));
//   middle - the non-linear part, the inversion in the tower field (M1..M63);
//   bottom - a linear map back, fused with the affine transformation (L0..L29,
//            outputs S0..S7; the XNORs add the affine constant 0x63).
// The names are the paper's. U0 is the most significant bit of the byte and
// S0 the most significant bit of the result, so U0 = q[7] ... U7 = q[0].
//
// Each variable is a 64-bit word: the circuit runs on the bit planes of four
// blocks (crypto/aes_ct64.hpp) and so computes 64 S-boxes per call. The unit
// test compares it with the field definition for all 256 inputs.
#include "crypto/aes_ct64.hpp"

namespace glasstls::crypto::aes_ct64 {

// CT: a fixed sequence of AND/XOR/NOT; no branch, no memory index.
void sub_bytes(State& q) {
  const std::uint64_t U0 = q[7], U1 = q[6], U2 = q[5], U3 = q[4];
  const std::uint64_t U4 = q[3], U5 = q[2], U6 = q[1], U7 = q[0];

  // Top linear layer.
  const std::uint64_t T1 = U0 ^ U3;
  const std::uint64_t T2 = U0 ^ U5;
  const std::uint64_t T3 = U0 ^ U6;
  const std::uint64_t T4 = U3 ^ U5;
  const std::uint64_t T5 = U4 ^ U6;
  const std::uint64_t T6 = T1 ^ T5;
  const std::uint64_t T7 = U1 ^ U2;
  const std::uint64_t T8 = U7 ^ T6;
  const std::uint64_t T9 = U7 ^ T7;
  const std::uint64_t T10 = T6 ^ T7;
  const std::uint64_t T11 = U1 ^ U5;
  const std::uint64_t T12 = U2 ^ U5;
  const std::uint64_t T13 = T3 ^ T4;
  const std::uint64_t T14 = T6 ^ T11;
  const std::uint64_t T15 = T5 ^ T11;
  const std::uint64_t T16 = T5 ^ T12;
  const std::uint64_t T17 = T9 ^ T16;
  const std::uint64_t T18 = U3 ^ U7;
  const std::uint64_t T19 = T7 ^ T18;
  const std::uint64_t T20 = T1 ^ T19;
  const std::uint64_t T21 = U6 ^ U7;
  const std::uint64_t T22 = T7 ^ T21;
  const std::uint64_t T23 = T2 ^ T22;
  const std::uint64_t T24 = T2 ^ T10;
  const std::uint64_t T25 = T20 ^ T17;
  const std::uint64_t T26 = T3 ^ T16;
  const std::uint64_t T27 = T1 ^ T12;
  const std::uint64_t D = U7;

  // Middle non-linear layer: inversion in the tower field.
  const std::uint64_t M1 = T13 & T6;
  const std::uint64_t M2 = T23 & T8;
  const std::uint64_t M3 = T14 ^ M1;
  const std::uint64_t M4 = T19 & D;
  const std::uint64_t M5 = M4 ^ M1;
  const std::uint64_t M6 = T3 & T16;
  const std::uint64_t M7 = T22 & T9;
  const std::uint64_t M8 = T26 ^ M6;
  const std::uint64_t M9 = T20 & T17;
  const std::uint64_t M10 = M9 ^ M6;
  const std::uint64_t M11 = T1 & T15;
  const std::uint64_t M12 = T4 & T27;
  const std::uint64_t M13 = M12 ^ M11;
  const std::uint64_t M14 = T2 & T10;
  const std::uint64_t M15 = M14 ^ M11;
  const std::uint64_t M16 = M3 ^ M2;
  const std::uint64_t M17 = M5 ^ T24;
  const std::uint64_t M18 = M8 ^ M7;
  const std::uint64_t M19 = M10 ^ M15;
  const std::uint64_t M20 = M16 ^ M13;
  const std::uint64_t M21 = M17 ^ M15;
  const std::uint64_t M22 = M18 ^ M13;
  const std::uint64_t M23 = M19 ^ T25;
  const std::uint64_t M24 = M22 ^ M23;
  const std::uint64_t M25 = M22 & M20;
  const std::uint64_t M26 = M21 ^ M25;
  const std::uint64_t M27 = M20 ^ M21;
  const std::uint64_t M28 = M23 ^ M25;
  const std::uint64_t M29 = M28 & M27;
  const std::uint64_t M30 = M26 & M24;
  const std::uint64_t M31 = M20 & M23;
  const std::uint64_t M32 = M27 & M31;
  const std::uint64_t M33 = M27 ^ M25;
  const std::uint64_t M34 = M21 & M22;
  const std::uint64_t M35 = M24 & M34;
  const std::uint64_t M36 = M24 ^ M25;
  const std::uint64_t M37 = M21 ^ M29;
  const std::uint64_t M38 = M32 ^ M33;
  const std::uint64_t M39 = M23 ^ M30;
  const std::uint64_t M40 = M35 ^ M36;
  const std::uint64_t M41 = M38 ^ M40;
  const std::uint64_t M42 = M37 ^ M39;
  const std::uint64_t M43 = M37 ^ M38;
  const std::uint64_t M44 = M39 ^ M40;
  const std::uint64_t M45 = M42 ^ M41;
  const std::uint64_t M46 = M44 & T6;
  const std::uint64_t M47 = M40 & T8;
  const std::uint64_t M48 = M39 & D;
  const std::uint64_t M49 = M43 & T16;
  const std::uint64_t M50 = M38 & T9;
  const std::uint64_t M51 = M37 & T17;
  const std::uint64_t M52 = M42 & T15;
  const std::uint64_t M53 = M45 & T27;
  const std::uint64_t M54 = M41 & T10;
  const std::uint64_t M55 = M44 & T13;
  const std::uint64_t M56 = M40 & T23;
  const std::uint64_t M57 = M39 & T19;
  const std::uint64_t M58 = M43 & T3;
  const std::uint64_t M59 = M38 & T22;
  const std::uint64_t M60 = M37 & T20;
  const std::uint64_t M61 = M42 & T1;
  const std::uint64_t M62 = M45 & T4;
  const std::uint64_t M63 = M41 & T2;

  // Bottom linear layer, with the affine transformation folded in.
  const std::uint64_t L0 = M61 ^ M62;
  const std::uint64_t L1 = M50 ^ M56;
  const std::uint64_t L2 = M46 ^ M48;
  const std::uint64_t L3 = M47 ^ M55;
  const std::uint64_t L4 = M54 ^ M58;
  const std::uint64_t L5 = M49 ^ M61;
  const std::uint64_t L6 = M62 ^ L5;
  const std::uint64_t L7 = M46 ^ L3;
  const std::uint64_t L8 = M51 ^ M59;
  const std::uint64_t L9 = M52 ^ M53;
  const std::uint64_t L10 = M53 ^ L4;
  const std::uint64_t L11 = M60 ^ L2;
  const std::uint64_t L12 = M48 ^ M51;
  const std::uint64_t L13 = M50 ^ L0;
  const std::uint64_t L14 = M52 ^ M61;
  const std::uint64_t L15 = M55 ^ L1;
  const std::uint64_t L16 = M56 ^ L0;
  const std::uint64_t L17 = M57 ^ L1;
  const std::uint64_t L18 = M58 ^ L8;
  const std::uint64_t L19 = M63 ^ L4;
  const std::uint64_t L20 = L0 ^ L1;
  const std::uint64_t L21 = L1 ^ L7;
  const std::uint64_t L22 = L3 ^ L12;
  const std::uint64_t L23 = L18 ^ L2;
  const std::uint64_t L24 = L15 ^ L9;
  const std::uint64_t L25 = L6 ^ L10;
  const std::uint64_t L26 = L7 ^ L9;
  const std::uint64_t L27 = L8 ^ L10;
  const std::uint64_t L28 = L11 ^ L14;
  const std::uint64_t L29 = L11 ^ L17;

  q[7] = L6 ^ L24;      // S0
  q[6] = ~(L16 ^ L26);  // S1 (XNOR)
  q[5] = ~(L19 ^ L28);  // S2 (XNOR)
  q[4] = L6 ^ L21;      // S3
  q[3] = L20 ^ L22;     // S4
  q[2] = L25 ^ L29;     // S5
  q[1] = ~(L13 ^ L27);  // S6 (XNOR)
  q[0] = ~(L6 ^ L23);   // S7 (XNOR)
}

}  // namespace glasstls::crypto::aes_ct64
