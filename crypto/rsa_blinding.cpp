// Base blinding for the RSA private operation (the defence Kocher proposed in
// 1996 and Brumley-Boneh 2003 showed is needed against remote timing attacks).
//
// For a random u, the private operation computes (c u^e)^d = c^d u and then
// multiplies by u^-1. u^-1 mod n is computed by CRT with Fermat's little
// theorem (u^-1 = u^(p-2) mod p), so it runs in constant time and needs no
// extended Euclid. That costs about one private operation, so a pair is reused
// by squaring (u -> u^2) and refreshed every kBlindingUses uses.
#include "crypto/rsa_internal.hpp"

namespace glasstls::crypto {

using mont::Limb;
using mont::Limbs;

namespace {

// e = m - 2 (m odd and > 2). CT: compiles to flags.
void minus_two(const mont::Modulus& m, Limb* e) {
  Limb borrow = 2;
  for (std::size_t i = 0; i < m.limbs(); ++i) {
    const Limb v = m.m()[i];
    e[i] = v - borrow;
    borrow = v < borrow ? 1 : 0;
  }
}

// up = u^-1 mod p and uq = u^-1 mod q in place (Fermat: u^-1 = u^(p-2) mod p
// for a prime p). Inputs u R mod p and u R mod q; outputs plain.
// CT: the exponents p - 2 and q - 2 are secret; modexp_pair is constant time.
void inverse_mod_primes(const RsaPrivateKey::Impl& k, Limb* up, Limb* uq) {
  Limbs ep{}, eq{};
  minus_two(k.p, ep.data());
  minus_two(k.q, eq.data());
  mont::modexp_pair(k.p, up, up, std::span(ep).first(k.p.limbs()), k.q, uq, uq,
                    std::span(eq).first(k.q.limbs()));
  ct::secure_wipe(ep.data(), sizeof ep);
  ct::secure_wipe(eq.data(), sizeof eq);
}

// CT: fixed-length arithmetic; u comes from the Rng.
void refresh(const RsaPrivateKey::Impl& k, Rng& rng) {
  const mont::Modulus& mn = k.pub.modulus();
  const std::size_t nn = mn.limbs();
  Limbs u{}, up{}, uq{}, inv{};
  std::uint8_t bytes[8 * mont::kMaxLimbs];
  rng.fill(std::span(bytes, 8 * nn));
  mont::limbs_from_bytes(u.data(), nn, std::span(bytes, 8 * nn));
  ct::secure_wipe(bytes, sizeof bytes);
  // u mod n, in Montgomery form (a value below n; 0 has probability ~2^-2048).
  mont::reduce_to_mont(mn, u.data(), std::span(u).first(nn));
  // blind = u^e R.
  mont::modexp_public(mn, k.blind.data(), u.data(), k.pub.exponent());
  mont::to_mont(mn, k.blind.data(), k.blind.data());
  // unblind = u^-1 R: u^-1 mod p and mod q, then CRT.
  mont::from_mont(mn, u.data(), u.data());
  mont::reduce_to_mont(k.p, up.data(), std::span(u).first(nn));
  mont::reduce_to_mont(k.q, uq.data(), std::span(u).first(nn));
  inverse_mod_primes(k, up.data(), uq.data());
  rsa_crt_combine(k, up.data(), uq.data(), inv.data());
  mont::to_mont(mn, k.unblind.data(), inv.data());
  for (Limbs* v : {&u, &up, &uq, &inv}) ct::secure_wipe(v->data(), sizeof *v);
}

}  // namespace

// CT: fixed-length Montgomery squarings or a refresh; the use counter that
// picks between them is public (it counts calls, not data).
void rsa_next_blinding(const RsaPrivateKey::Impl& k, Rng& rng, Limb* blind, Limb* unblind) {
  const mont::Modulus& mn = k.pub.modulus();
  std::lock_guard<std::mutex> lock(k.mu);
  if (k.uses == 0 || k.uses >= RsaPrivateKey::Impl::kBlindingUses) {
    refresh(k, rng);
    k.uses = 0;
  } else {
    // (u^e)^2 = (u^2)^e and (u^-1)^2 = (u^2)^-1: a new pair for two squarings.
    mont::mul(mn, k.blind.data(), k.blind.data(), k.blind.data());
    mont::mul(mn, k.unblind.data(), k.unblind.data(), k.unblind.data());
  }
  ++k.uses;
  for (std::size_t i = 0; i < mn.limbs(); ++i) {
    blind[i] = k.blind[i];
    unblind[i] = k.unblind[i];
  }
}

}  // namespace glasstls::crypto
