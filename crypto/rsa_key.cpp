// RSA keys (RFC 8017 §3) and the RSA primitives (RFC 8017 §5).
//
// The private operation is RSADP/RSASP1 computed by the Chinese Remainder
// Theorem (RFC 8017 §5.1.2 step 2.b), hardened three ways:
//   1. constant time: all arithmetic on p, q, dP, dQ, qInv goes through
//      crypto/mont.hpp, whose loops are bounded by the limb counts only;
//   2. blinding: the input is multiplied by u^e for a random u and the result
//      by u^-1, so the exponentiations never see an attacker-chosen value;
//   3. a check: the result is raised to e and compared with the input before
//      it is released (a fault in one CRT half would otherwise give away a
//      factor of n: Boneh, DeMillo, Lipton 1997).
#include <algorithm>
#include <mutex>

#include "crypto/bignum.hpp"
#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"

namespace glasstls::crypto {

using mont::Limb;
using mont::Limbs;

namespace {

Error key_error(std::string_view rule) {
  return make_error(AlertDescription::illegal_parameter, rule);
}

void put_limbs(Limbs& out, const BigInt& v) {
  out = {};
  std::copy(v.limbs().begin(), v.limbs().end(), out.begin());
}

}  // namespace

// ---- public key ------------------------------------------------------------

Result<RsaPublicKey> RsaPublicKey::from_components(std::span<const std::uint8_t> n,
                                                   std::span<const std::uint8_t> e) {
  const BigInt bn = BigInt::from_bytes(n), be = BigInt::from_bytes(e);
  // RFC 8017 §3.1: "n = r_1 * r_2 * ... * r_u, u >= 2": an RSA modulus is odd.
  if (!bn.is_odd()) return key_error("RFC 8017 §3.1: the RSA modulus n must be odd");
  if (bn.bit_length() < kRsaMinLegacyBits || bn.bit_length() > kRsaMaxBits) {
    return make_error(AlertDescription::insufficient_security,
                      "RSA modulus size outside 1024..4096 bits");
  }
  // RFC 8017 §3.1: "The RSA public exponent e is an integer between 3 and n - 1
  // satisfying GCD(e,\lambda(n)) = 1": so e is odd (lambda(n) is even).
  if (!be.is_odd() || be < BigInt(3) || be >= bn) {
    return key_error("RFC 8017 §3.1: e must be odd and between 3 and n - 1");
  }
  RsaPublicKey k;
  auto mod = std::make_shared<mont::Modulus>();
  if (!mod->init(bn.limbs())) return key_error("RFC 8017 §3.1: invalid modulus");
  k.mod_ = std::move(mod);
  k.e_.assign(be.limbs().begin(), be.limbs().end());
  return k;
}

std::vector<std::uint8_t> RsaPublicKey::n() const {
  return BigInt::from_limbs(std::span(mod_->m(), mod_->limbs())).to_bytes();
}
std::vector<std::uint8_t> RsaPublicKey::e() const { return BigInt::from_limbs(e_).to_bytes(); }

Result<void> RsaPublicKey::public_op(std::span<const std::uint8_t> in,
                                     std::span<std::uint8_t> out) const {
  const std::size_t n = mod_->limbs();
  if (in.size() != size_bytes() || out.size() != size_bytes()) {
    return make_error(AlertDescription::decode_error, "RFC 8017 §8.2.2: length(S) must be k");
  }
  Limbs x{};
  mont::limbs_from_bytes(x.data(), n, in);
  // RFC 8017 §5.1.1 / §5.2.2: "If the representative is not between 0 and n - 1,
  // output 'representative out of range'".
  if (mont::lt_mask(x.data(), mod_->m(), n) == 0) {
    return make_error(AlertDescription::decrypt_error,
                      "RFC 8017 §5.2.2: representative out of range (not < n)");
  }
  mont::to_mont(*mod_, x.data(), x.data());
  mont::modexp_public(*mod_, x.data(), x.data(), e_);
  mont::limbs_to_bytes(out, x.data(), n);
  return success();
}

// ---- private key -----------------------------------------------------------

const RsaPublicKey& RsaPrivateKey::public_key() const { return impl_->pub; }

// CT: the consistency checks use variable-time BigInt arithmetic once per key;
// the secrets are then stored in fixed-size limb arrays.
Result<RsaPrivateKey> RsaPrivateKey::from_components(
    std::span<const std::uint8_t> n, std::span<const std::uint8_t> e,
    std::span<const std::uint8_t> d, std::span<const std::uint8_t> p,
    std::span<const std::uint8_t> q, std::span<const std::uint8_t> dp,
    std::span<const std::uint8_t> dq, std::span<const std::uint8_t> qinv, bool allow_small_key) {
  auto pub = RsaPublicKey::from_components(n, e);
  if (!pub) return pub.error();
  if (pub->bits() < kRsaMinBits && !allow_small_key) {
    return make_error(AlertDescription::insufficient_security,
                      "RSA private keys must have at least 2048 bits");
  }
  // These checks run once per key with variable-time arithmetic (see rsa.hpp).
  const BigInt bn = BigInt::from_bytes(n), be = BigInt::from_bytes(e);
  const BigInt bp = BigInt::from_bytes(p), bq = BigInt::from_bytes(q);
  const BigInt bdp = BigInt::from_bytes(dp), bdq = BigInt::from_bytes(dq);
  const BigInt bqinv = BigInt::from_bytes(qinv);
  const BigInt one(1);
  // RFC 8017 §3.2: "n = r_1 * r_2", "e * dP == 1 (mod (p-1))",
  // "e * dQ == 1 (mod (q-1))", "q * qInv == 1 (mod p)".
  if (!bp.is_odd() || !bq.is_odd() || bp * bq != bn) {
    return key_error("RFC 8017 §3.2: n must be the product of the odd primes p and q");
  }
  // Unbalanced primes are accepted (Wycheproof has such keys): the CRT code
  // handles any split, and the prime sizes are fixed per key, so they reveal
  // nothing per operation.
  if (bdp >= bp || bdq >= bq || bqinv >= bp || (be * bdp) % (bp - one) != one ||
      (be * bdq) % (bq - one) != one || (bqinv * bq) % bp != one) {
    return key_error("RFC 8017 §3.2: dP, dQ or qInv is inconsistent with p, q and e");
  }
  auto impl = std::make_shared<Impl>();
  impl->pub = std::move(pub.value());
  if (!impl->p.init(bp.limbs()) || !impl->q.init(bq.limbs())) {
    return key_error("RFC 8017 §3.2: invalid prime factor");
  }
  put_limbs(impl->dp, bdp);
  put_limbs(impl->dq, bdq);
  put_limbs(impl->qinv_mont, bqinv);
  mont::to_mont(impl->p, impl->qinv_mont.data(), impl->qinv_mont.data());
  const BigInt bd = BigInt::from_bytes(d);
  put_limbs(impl->d, bd);
  impl->has_d = !bd.is_zero();
  RsaPrivateKey k;
  k.impl_ = std::move(impl);
  return k;
}

namespace {
std::vector<std::uint8_t> limbs_bytes(const Limbs& v, std::size_t n) {
  return BigInt::from_limbs(std::span(v).first(n)).to_bytes();
}
}  // namespace

std::vector<std::uint8_t> RsaPrivateKey::d() const {
  return impl_->has_d ? limbs_bytes(impl_->d, mont::kMaxLimbs) : std::vector<std::uint8_t>{};
}
std::vector<std::uint8_t> RsaPrivateKey::p() const {
  return BigInt::from_limbs(std::span(impl_->p.m(), impl_->p.limbs())).to_bytes();
}
std::vector<std::uint8_t> RsaPrivateKey::q() const {
  return BigInt::from_limbs(std::span(impl_->q.m(), impl_->q.limbs())).to_bytes();
}
std::vector<std::uint8_t> RsaPrivateKey::dp() const {
  return limbs_bytes(impl_->dp, impl_->p.limbs());
}
std::vector<std::uint8_t> RsaPrivateKey::dq() const {
  return limbs_bytes(impl_->dq, impl_->q.limbs());
}
std::vector<std::uint8_t> RsaPrivateKey::qinv() const {
  Limbs v{};
  mont::from_mont(impl_->p, v.data(), impl_->qinv_mont.data());
  auto out = limbs_bytes(v, impl_->p.limbs());
  ct::secure_wipe(v.data(), sizeof v);
  return out;
}

// CRT recombination (RFC 8017 §5.1.2 step 2.b.iii-iv, Garner's formula):
//   h = (m_1 - m_2) * qInv mod p,   m = m_2 + q * h.
// m1: p-limbs, m2: q-limbs, out: n-limbs.
// CT: fixed-length arithmetic only.
void rsa_crt_combine(const RsaPrivateKey::Impl& k, const Limb* m1, const Limb* m2, Limb* out) {
  const std::size_t np = k.p.limbs(), nq = k.q.limbs(), nn = k.pub.modulus().limbs();
  Limbs m2p{}, h{};
  mont::reduce_to_mont(k.p, m2p.data(), std::span(m2, nq));
  mont::from_mont(k.p, m2p.data(), m2p.data());  // m2 mod p (q may exceed p)
  mont::sub(k.p, h.data(), m1, m2p.data());
  mont::mul(k.p, h.data(), h.data(), k.qinv_mont.data());  // (m1 - m2) qInv R / R
  Limb prod[2 * mont::kMaxLimbs + 2];
  mont::mul_plain(prod, k.q.m(), nq, h.data(), np);
  (void)mont::add_in_place(prod, nq + np, m2, nq);  // < n: no carry out
  // m < n: its limbs beyond nn (if np + nq > nn) are zero.
  for (std::size_t i = 0; i < nn; ++i) out[i] = prod[i];
  ct::secure_wipe(prod, sizeof prod);
  ct::secure_wipe(m2p.data(), sizeof m2p);
  ct::secure_wipe(h.data(), sizeof h);
}

// c^d mod n by CRT on an n-limb input c < n (plain). CT.
void rsa_crt_exp(const RsaPrivateKey::Impl& k, const Limb* c, Limb* out) {
  const std::size_t nn = k.pub.modulus().limbs();
  Limbs cp{}, cq{};
  // RFC 8017 §5.1.2 step 2.b.i: "m_1 = c^dP mod p", "m_2 = c^dQ mod q".
  mont::reduce_to_mont(k.p, cp.data(), std::span(c, nn));
  mont::reduce_to_mont(k.q, cq.data(), std::span(c, nn));
  mont::modexp_pair(k.p, cp.data(), cp.data(), std::span(k.dp).first(k.p.limbs()), k.q,
                    cq.data(), cq.data(), std::span(k.dq).first(k.q.limbs()));
  rsa_crt_combine(k, cp.data(), cq.data(), out);
  ct::secure_wipe(cp.data(), sizeof cp);
  ct::secure_wipe(cq.data(), sizeof cq);
}

// Blinded CRT exponentiation: out = c^d mod n for an n-limb c < n.
// CT: time and memory accesses depend on the key size only.
void rsa_private_core(const RsaPrivateKey::Impl& k, const Limb* c, Limb* out, Rng& rng) {
  const mont::Modulus& mn = k.pub.modulus();
  Limbs blind{}, unblind{}, x{};
  rsa_next_blinding(k, rng, blind.data(), unblind.data());
  mont::mul(mn, x.data(), c, blind.data());      // c u^e mod n
  rsa_crt_exp(k, x.data(), x.data());            // c^d u mod n
  mont::mul(mn, out, x.data(), unblind.data());  // c^d mod n
  ct::secure_wipe(x.data(), sizeof x);
  ct::secure_wipe(blind.data(), sizeof blind);
  ct::secure_wipe(unblind.data(), sizeof unblind);
}

Result<void> RsaPrivateKey::private_op(std::span<const std::uint8_t> in,
                                       std::span<std::uint8_t> out, Rng& rng) const {
  const Impl& k = *impl_;
  const mont::Modulus& mn = k.pub.modulus();
  const std::size_t nn = mn.limbs();
  if (in.size() != size_bytes() || out.size() != size_bytes()) {
    return make_error(AlertDescription::decode_error,
                      "RFC 8017 §7.2.2: the ciphertext must be k octets long");
  }
  Limbs c{}, x{};
  mont::limbs_from_bytes(c.data(), nn, in);
  // RFC 8017 §5.1.2 step 1: "If the ciphertext representative c is not between
  // 0 and n - 1, output 'ciphertext representative out of range'". The input
  // is public (a ciphertext or an encoded message), so the verdict may branch.
  if (mont::lt_mask(c.data(), mn.m(), nn) == 0) {
    return make_error(AlertDescription::decrypt_error,
                      "RFC 8017 §5.1.2: representative out of range (not < n)");
  }
  rsa_private_core(k, c.data(), x.data(), rng);
  // The check: x^e == c. A mismatch means a fault, never a property of the data.
  Limbs chk{};
  mont::to_mont(mn, chk.data(), x.data());
  mont::modexp_public(mn, chk.data(), chk.data(), k.pub.exponent());
  Limb diff = 0;
  for (std::size_t i = 0; i < nn; ++i) diff |= chk[i] ^ c[i];
  const bool ok = ct::is_zero(diff).declassify();
  if (ok) mont::limbs_to_bytes(out, x.data(), nn);
  ct::secure_wipe(x.data(), sizeof x);
  if (!ok) {
    return make_error(AlertDescription::internal_error,
                      "RSA private operation failed its re-encryption check (fault)");
  }
  return success();
}

RsaPrivateKey::Impl::~Impl() {
  ct::secure_wipe(dp.data(), sizeof dp);
  ct::secure_wipe(dq.data(), sizeof dq);
  ct::secure_wipe(d.data(), sizeof d);
  ct::secure_wipe(qinv_mont.data(), sizeof qinv_mont);
  ct::secure_wipe(blind.data(), sizeof blind);
  ct::secure_wipe(unblind.data(), sizeof unblind);
  ct::secure_wipe(&p, sizeof p);
  ct::secure_wipe(&q, sizeof q);
}

}  // namespace glasstls::crypto
