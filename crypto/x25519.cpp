// X25519, RFC 7748 §5, read next to the RFC: the ladder below uses the RFC's
// names (x_1, x_2, z_2, x_3, z_3, A, AA, B, BB, E, C, D, DA, CB, swap, cswap).
#include "crypto/x25519.hpp"

#include <algorithm>

#include "crypto/ct.hpp"
#include "crypto/ed25519_point.hpp"
#include "crypto/field25519.hpp"
#include "crypto/x25519_x64.hpp"

namespace glasstls::crypto::x25519 {
namespace {

using f25519::Fe;

// RFC 7748 §5: "a24 = 121665 for curve25519" ((486662 - 2) / 4).
constexpr std::uint32_t a24 = 121665;

// RFC 7748 §5 decodeScalar25519:
//   k_list[0] &= 248; k_list[31] &= 127; k_list[31] |= 64
// CT: plain byte operations on k.
std::array<std::uint8_t, 32> decode_scalar(std::span<const std::uint8_t, 32> k) {
  std::array<std::uint8_t, 32> k_list;
  std::copy(k.begin(), k.end(), k_list.begin());
  k_list[0] &= 248;
  k_list[31] &= 127;
  k_list[31] |= 64;
  return k_list;
}

// RFC 7748 §5: "cswap(swap, x_2, x_3): dummy = mask(swap) AND (x_2 XOR x_3) ..."
// CT: a masked XOR swap, no branch on swap.
void cswap(std::uint64_t swap, Fe& a, Fe& b) { f25519::cswap(ct::Mask::from_bit(swap), a, b); }

}  // namespace

void scalar_mult(std::span<std::uint8_t, 32> out, std::span<const std::uint8_t, 32> k_bytes,
                 std::span<const std::uint8_t, 32> u) {
  std::array<std::uint8_t, 32> k = decode_scalar(k_bytes);
#if defined(__x86_64__)
  // The same function on the MULX/ADX field (x25519_x64.hpp), when the CPU has
  // it and GLASSTLS_PORTABLE does not forbid it.
  if (x64_selected()) {
    scalar_mult_x64(out, k, u);
    ct::secure_wipe(k.data(), k.size());
    return;
  }
#endif
  // RFC 7748 §5: decodeUCoordinate masks the top bit (f25519::from_bytes does).
  const Fe x_1 = f25519::from_bytes(u);
  Fe x_2 = f25519::kOne;
  Fe z_2 = f25519::kZero;
  Fe x_3 = x_1;
  Fe z_3 = f25519::kOne;
  std::uint64_t swap = 0;

  // RFC 7748 §5: "for t = bits-1 down to 0", bits = 255. The loop count is
  // fixed; each step does the same field operations whatever k_t is.
  // Bounds: x_2, z_2, x_3, z_3, AA, BB, DA, CB are products (carried), so
  // every sub_lazy has a carried right operand and feeds only mul/sqr/mul_small.
  for (int t = 254; t >= 0; --t) {
    const std::uint64_t k_t = (k[static_cast<std::size_t>(t >> 3)] >> (t & 7)) & 1u;
    swap ^= k_t;
    cswap(swap, x_2, x_3);
    cswap(swap, z_2, z_3);
    swap = k_t;

    const Fe A = f25519::add(x_2, z_2);
    const Fe AA = f25519::sqr(A);
    const Fe B = f25519::sub_lazy(x_2, z_2);
    const Fe BB = f25519::sqr(B);
    const Fe E = f25519::sub_lazy(AA, BB);
    const Fe C = f25519::add(x_3, z_3);
    const Fe D = f25519::sub_lazy(x_3, z_3);
    const Fe DA = f25519::mul(D, A);
    const Fe CB = f25519::mul(C, B);
    x_3 = f25519::sqr(f25519::add(DA, CB));
    z_3 = f25519::mul(x_1, f25519::sqr(f25519::sub_lazy(DA, CB)));
    x_2 = f25519::mul(AA, BB);
    z_2 = f25519::mul(E, f25519::add(AA, f25519::mul_small(E, a24)));
  }
  cswap(swap, x_2, x_3);
  cswap(swap, z_2, z_3);

  // RFC 7748 §5: "Return x_2 * (z_2^(p - 2))" (Fermat inversion; 0 maps to 0).
  f25519::to_bytes(out, f25519::mul(x_2, f25519::invert(z_2)));
  ct::secure_wipe(k.data(), k.size());
}

PublicKey public_from_private(std::span<const std::uint8_t, 32> private_key) {
  // RFC 7748 §6.1: "Alice ... computes K_A = X25519(a, 9)": the base point u = 9.
  // The ladder would do; the fixed base lets us do better. Curve25519 and
  // edwards25519 are birationally equivalent (RFC 7748 §4.1:
  // "(u, v) = ((1+y)/(1-y), sqrt(-486664)*u/x)"), and u = 9 is the image of the
  // Ed25519 base point B (y = 4/5: (1 + 4/5) / (1 - 4/5) = 9). So
  // X25519(k, 9) = u([k]B), and [k]B comes from Ed25519's precomputed table,
  // about four times faster than 255 ladder steps. tests/curve25519 checks it
  // against scalar_mult(k, 9) and mbedTLS.
  // CT: base_mult scans its table with masks; the map is a fixed sequence of
  // field operations. (k = 0 mod L would give the identity, Z - Y = 0, and
  // u = 0: the ladder's answer too.)
  std::array<std::uint8_t, 32> k = decode_scalar(private_key);
  const ed25519::Point P = ed25519::base_mult(k);  // k < 2^255 after clamping
  const Fe u = f25519::mul(f25519::add(P.Z, P.Y), f25519::invert(f25519::sub(P.Z, P.Y)));
  PublicKey pub;
  f25519::to_bytes(pub, u);
  ct::secure_wipe(k.data(), k.size());
  return pub;
}

KeyPair generate(Rng& rng) {
  KeyPair kp{PrivateKey(kKeySize), {}};
  rng.fill(kp.private_key.mutable_bytes());
  kp.public_key = public_from_private(
      std::span<const std::uint8_t, 32>(kp.private_key.bytes().data(), kKeySize));
  return kp;
}

Result<Secret<32>> shared_secret(std::span<const std::uint8_t, 32> private_key,
                                 std::span<const std::uint8_t, 32> peer_public) {
  Secret<32> k(32);
  scalar_mult(std::span<std::uint8_t, 32>(k.mutable_bytes().data(), 32), private_key, peer_public);
  std::uint64_t acc = 0;
  for (std::uint8_t b : k.bytes()) acc |= b;
  // RFC 8446 §7.4.2: "Implementations MUST check whether the computed
  // Diffie-Hellman shared secret is the all-zero value and abort if so" (RFC
  // 7748 §6.1: "Both MAY check, without leaking extra information about the
  // value of K, whether K is the all-zero value and abort if so"). Whether it
  // is zero is public: it decides the alert.
  if (ct::is_zero(acc).declassify()) {
    return make_error(AlertDescription::illegal_parameter,
                      "RFC 8446 §7.4.2 / RFC 7748 §6.1: the X25519 shared secret is all "
                      "zeros (the peer's public value has small order)");
  }
  return k;
}

}  // namespace glasstls::crypto::x25519
