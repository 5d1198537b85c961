// RSA key generation (FIPS 186-5 Appendix A.1.3, "Generation of Random Primes
// that are Probably Prime", with the Miller-Rabin test of Appendix B.3.1) and
// recovery of p and q from (n, e, d) (NIST SP 800-56B Rev. 2, Appendix C.2).
//
// Key generation is a one-off public-key-sized computation. The candidate
// search below (a sieve over small primes, then Miller-Rabin) has a running
// time that depends on where the primes are: that is inherent to every
// incremental search and reveals nothing about the prime found beyond its
// distance from a random starting point. The Miller-Rabin exponentiations
// themselves use the constant-time modexp.
#include <algorithm>
#include <array>

#include "crypto/bignum.hpp"
#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"

namespace glasstls::crypto {

using mont::Limb;
using mont::Limbs;

namespace {

// The odd primes below 2048 (sieve of Eratosthenes at first use).
const std::vector<std::uint32_t>& small_primes() {
  static const std::vector<std::uint32_t> primes = [] {
    std::vector<std::uint32_t> out;
    std::array<bool, 2048> composite{};
    for (std::uint32_t i = 3; i < composite.size(); i += 2) {
      if (composite[i]) continue;
      out.push_back(i);
      for (std::uint32_t j = i * i; j < composite.size(); j += 2 * i) composite[j] = true;
    }
    return out;
  }();
  return primes;
}

// FIPS 186-5 Table B.1 (error probability 2^-112 / 2^-128 / 2^-144):
// p and q of 1024 bits: 5 rounds; 1536 bits: 4; 2048 bits: 4.
int miller_rabin_rounds(std::size_t prime_bits) { return prime_bits <= 1024 ? 5 : 4; }

// FIPS 186-5 B.3.1 Miller-Rabin probabilistic primality test on an odd w > 3.
// CT: the modexp is constant time; the verdict and the loop exits are public
// (a candidate that fails is thrown away).
bool miller_rabin(const BigInt& w, int rounds, Rng& rng) {
  mont::Modulus mod;
  if (!mod.init(w.limbs())) return false;
  const std::size_t n = mod.limbs();
  // B.3.1 step 1-2: "Let a be the largest integer such that 2^a divides w-1",
  // "m = (w-1) / 2^a".
  const BigInt w1 = w - BigInt(1);
  std::size_t a = 0;
  while (!w1.bit(a)) ++a;
  const BigInt m = w1.shr(a);
  Limbs minus_one{};  // w - 1 in Montgomery form: m - R mod m
  {
    Limbs zero{};
    mont::sub(mod, minus_one.data(), zero.data(), mod.one());
  }
  const std::size_t wlen = w.bit_length();
  std::vector<std::uint8_t> buf((wlen + 7) / 8);
  for (int round = 0; round < rounds; ++round) {
    // B.3.1 step 4.1-4.2: "Obtain a string b of wlen bits from a RBG",
    // "If ((b <= 1) or (b >= w-1)), then go to step 4.1."
    BigInt b;
    do {
      rng.fill(buf);
      if (wlen % 8 != 0) buf[0] &= static_cast<std::uint8_t>((1u << (wlen % 8)) - 1);
      b = BigInt::from_bytes(buf);
    } while (b <= BigInt(1) || b >= w1);
    Limbs z{};
    std::copy(b.limbs().begin(), b.limbs().end(), z.begin());
    mont::to_mont(mod, z.data(), z.data());
    // B.3.1 step 4.3: "z = b^m mod w".
    mont::modexp(mod, z.data(), z.data(), m.limbs());
    mont::to_mont(mod, z.data(), z.data());
    auto equals = [&](const Limb* v) {
      return std::equal(z.begin(), z.begin() + static_cast<std::ptrdiff_t>(n), v);
    };
    // B.3.1 step 4.4: "If ((z = 1) or (z = w - 1)), then go to step 4.7."
    if (equals(mod.one()) || equals(minus_one.data())) continue;
    bool passed = false;
    // B.3.1 step 4.5: "For j = 1 to a - 1 do: z = z^2 mod w; if (z = w-1) go to 4.7;
    // if (z = 1) go to step 4.6."
    for (std::size_t j = 1; j < a; ++j) {
      mont::mul(mod, z.data(), z.data(), z.data());
      if (equals(minus_one.data())) {
        passed = true;
        break;
      }
      if (equals(mod.one())) break;
    }
    // B.3.1 step 4.6: "Return COMPOSITE."
    if (!passed) return false;
  }
  return true;  // B.3.1 step 5: "Return PROBABLY PRIME."
}

// FIPS 186-5 A.1.3: a random prime of `bits` bits (a multiple of 64) with the
// two top bits set (so p >= sqrt(2) 2^(bits-1), A.1.3 step 4.4) and
// GCD(p-1, e) = 1 (step 4.5).
// CT: not constant time (see the file comment): the sieve and the search
// length depend on the candidate; rejected candidates are discarded.
BigInt generate_prime(Rng& rng, std::size_t bits, std::uint32_t e) {
  const auto& primes = small_primes();
  std::vector<std::uint8_t> buf(bits / 8);
  std::vector<std::uint32_t> residues(primes.size());
  constexpr std::uint32_t kSieveSteps = 4096;
  for (;;) {
    rng.fill(buf);
    buf[0] |= 0xc0;
    buf.back() |= 1;
    const BigInt start = BigInt::from_bytes(buf);
    for (std::size_t i = 0; i < primes.size(); ++i) {
      residues[i] = static_cast<std::uint32_t>(start.mod_u64(primes[i]));
    }
    const auto start_mod_e = static_cast<std::uint32_t>(start.mod_u64(e));
    for (std::uint32_t step = 0; step < kSieveSteps; step += 2) {
      bool divisible = false;
      for (std::size_t i = 0; i < primes.size() && !divisible; ++i) {
        divisible = (residues[i] + step) % primes[i] == 0;
      }
      // GCD(p - 1, e) = 1 for a prime e: p != 1 (mod e).
      if (divisible || (start_mod_e + step) % e == 1) continue;
      const BigInt cand = start + BigInt(step);
      if (cand.bit_length() != bits) break;  // ran past 2^bits: new start
      if (miller_rabin(cand, miller_rabin_rounds(bits), rng)) return cand;
    }
  }
}

// CT: variable-time BigInt arithmetic, once per key (see rsa.hpp).
Result<RsaPrivateKey> from_primes(const BigInt& p, const BigInt& q, const BigInt& e,
                                  const BigInt& d_in) {
  const BigInt one(1);
  const BigInt n = p * q;
  BigInt d = d_in;
  if (d.is_zero()) {
    // FIPS 186-5 A.1.1 step 3: "d = e^-1 mod LCM(p-1, q-1)".
    const BigInt p1 = p - one, q1 = q - one;
    const BigInt lcm = (p1 * q1) / gcd(p1, q1);
    if (!mod_inverse(e, lcm, d)) {
      return make_error(AlertDescription::internal_error, "RSA: e is not invertible");
    }
  }
  BigInt qinv;
  if (!mod_inverse(q, p, qinv)) {
    return make_error(AlertDescription::illegal_parameter, "RSA: q is not invertible mod p");
  }
  const BigInt dp = d % (p - one), dq = d % (q - one);
  return RsaPrivateKey::from_components(n.to_bytes(), e.to_bytes(), d.to_bytes(), p.to_bytes(),
                                        q.to_bytes(), dp.to_bytes(), dq.to_bytes(),
                                        qinv.to_bytes());
}

}  // namespace

Result<RsaPrivateKey> RsaPrivateKey::generate(Rng& rng, std::size_t bits, std::uint32_t e) {
  // FIPS 186-5 A.1.1: "nlen ... shall be ... >= 2048"; our sizes: 2048..4096,
  // multiples of 128 so each prime is a whole number of limbs.
  if (bits < kRsaMinBits || bits > kRsaMaxBits || bits % 128 != 0) {
    return make_error(AlertDescription::illegal_parameter,
                      "RSA key generation: size must be 2048..4096 bits, a multiple of 128");
  }
  // FIPS 186-5 A.1.1 step 2: "2^16 < e < 2^256", odd. We need e prime for the
  // sieve's GCD shortcut: 65537 (the default) is.
  if (e != 65537) {
    return make_error(AlertDescription::illegal_parameter, "RSA key generation: e must be 65537");
  }
  const BigInt be(e);
  for (;;) {
    const BigInt p = generate_prime(rng, bits / 2, e);
    const BigInt q = generate_prime(rng, bits / 2, e);
    // FIPS 186-5 A.1.3 step 5.4: "If (|p - q| <= 2^(nlen/2 - 100)), then go to step 5.1."
    const BigInt diff = p > q ? p - q : q - p;
    if (diff.bit_length() <= bits / 2 - 100) continue;
    auto key = from_primes(p > q ? p : q, p > q ? q : p, be, BigInt());
    if (!key) continue;
    // FIPS 186-5 A.1.1 step 3: "d > 2^(nlen/2)" (otherwise regenerate).
    if (BigInt::from_bytes(key->d()).bit_length() <= bits / 2) continue;
    return key;
  }
}

Result<RsaPrivateKey> RsaPrivateKey::from_n_e_d(std::span<const std::uint8_t> n_bytes,
                                                std::span<const std::uint8_t> e_bytes,
                                                std::span<const std::uint8_t> d_bytes, Rng& rng) {
  const BigInt n = BigInt::from_bytes(n_bytes), e = BigInt::from_bytes(e_bytes);
  const BigInt d = BigInt::from_bytes(d_bytes), one(1);
  if (!n.is_odd() || n.bit_length() < kRsaMinBits || n.bit_length() > kRsaMaxBits || d.is_zero() ||
      d >= n || e < BigInt(3)) {
    return make_error(AlertDescription::illegal_parameter, "RSA: invalid (n, e, d)");
  }
  // SP 800-56B Rev. 2 C.2: k = de - 1 = 2^t r with r odd; for random g,
  // a square root of 1 other than +-1 among g^r, g^2r, ... gives a factor.
  const BigInt k = d * e - one;
  std::size_t t = 0;
  while (!k.bit(t)) ++t;
  const BigInt r = k.shr(t);
  const BigInt n1 = n - one;
  std::vector<std::uint8_t> buf(n_bytes.size());
  for (int attempt = 0; attempt < 100; ++attempt) {
    rng.fill(buf);
    const BigInt g = BigInt::from_bytes(buf) % n;
    if (g <= one) continue;
    BigInt y = mod_pow(g, r, n);
    if (y == one || y == n1) continue;
    for (std::size_t i = 1; i <= t; ++i) {
      const BigInt x = (y * y) % n;
      if (x == one) {
        const BigInt p = gcd(y - one, n);
        const BigInt q = n / p;
        return from_primes(p > q ? p : q, p > q ? q : p, e, d);
      }
      if (x == n1) break;
      y = x;
    }
  }
  return make_error(AlertDescription::illegal_parameter, "RSA: (n, e, d) does not factor n");
}

}  // namespace glasstls::crypto
