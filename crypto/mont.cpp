// Montgomery multiplication, reduction and fixed-window exponentiation.
// Read next to: HAC (Menezes, van Oorschot, Vanstone) Algorithm 14.36
// (Montgomery multiplication) and §14.82-14.83 (fixed-window exponentiation).
#include "crypto/mont.hpp"

#include <bit>

#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/mont_ifma.hpp"

namespace glasstls::crypto::mont {

namespace {
__extension__ typedef unsigned __int128 u128;

// CT: mask is all-ones or zero; out = mask ? a : b over n limbs.
inline void select_limbs(Limb mask, Limb* out, const Limb* a, const Limb* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = b[i] ^ (mask & (a[i] ^ b[i]));
}

// out = a - b over n limbs, returns the borrow (0 or 1). CT.
inline Limb sub_limbs(Limb* out, const Limb* a, const Limb* b, std::size_t n) {
  Limb borrow = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    out[i] = static_cast<Limb>(d);
    borrow = static_cast<Limb>(d >> 64) & 1;
  }
  return borrow;
}

// t[0..n) += a[0..n) * b + c; returns the carry limb. Base x86-64 (or C). CT.
inline Limb mul_add_tail(Limb* t, const Limb* a, Limb b, Limb c, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
#if defined(__x86_64__)
    // (rdx:rax) = a[j] b + c + t[j]; t[j] = rax; c = rdx. Base x86-64 only
    // (mul/add/adc): GCC's code for the u128 form below spills and runs at
    // about two thirds of this speed (callgrind, rsa2048 sign).
    __asm__(
        "movq %[aj], %%rax\n\t"
        "mulq %[b]\n\t"
        "addq %[c], %%rax\n\t"
        "adcq $0, %%rdx\n\t"
        "addq %%rax, %[tj]\n\t"
        "adcq $0, %%rdx\n\t"
        "movq %%rdx, %[c]\n\t"
        : [tj] "+m"(t[j]), [c] "+r"(c)
        : [aj] "m"(a[j]), [b] "r"(b)
        : "rax", "rdx", "cc");
#else
    const u128 p = static_cast<u128>(a[j]) * b + t[j] + c;
    t[j] = static_cast<Limb>(p);
    c = static_cast<Limb>(p >> 64);
#endif
  }
  return c;
}

#if defined(__x86_64__)
// t[0..4) += a[0..4) * b + c with MULX and two independent carry chains: ADCX
// adds the previous high word (carry in CF), ADOX adds t[j] (carry in OF), so
// neither addition waits for the other. Only called when CPUID reports BMI2
// and ADX (the assembler accepts the mnemonics whatever the -m flags). CT.
inline Limb mul_add_4_adx(Limb* t, const Limb* a, Limb b, Limb c) {
  Limb lo, hi;
  __asm__(
      "xorl %%eax, %%eax\n\t"  // CF = OF = 0, rax = 0
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[c], %[lo]\n\t"
      "adoxq 0(%[t]), %[lo]\n\t"
      "movq %[lo], 0(%[t])\n\t"
      "movq %[hi], %[c]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[c], %[lo]\n\t"
      "adoxq 8(%[t]), %[lo]\n\t"
      "movq %[lo], 8(%[t])\n\t"
      "movq %[hi], %[c]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[c], %[lo]\n\t"
      "adoxq 16(%[t]), %[lo]\n\t"
      "movq %[lo], 16(%[t])\n\t"
      "movq %[hi], %[c]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[c], %[lo]\n\t"
      "adoxq 24(%[t]), %[lo]\n\t"
      "movq %[lo], 24(%[t])\n\t"
      "movq %[hi], %[c]\n\t"
      // c = hi + CF + OF: a[j] b + t[j] + c < 2^128, so this cannot overflow.
      "adcxq %%rax, %[c]\n\t"
      "adoxq %%rax, %[c]\n\t"
      : [c] "+&r"(c), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [t] "r"(t), [a] "r"(a), "d"(b)
      : "rax", "cc", "memory");
  return c;
}
#endif

// t[0..n) += a[0..n) * b; returns the carry limb. Adx selects the MULX/ADX
// rows (four limbs per step) for the multiples of four. CT.
template <std::size_t N, bool Adx>
inline Limb mul_add_row(Limb* t, const Limb* a, Limb b, std::size_t n_rt) {
  const std::size_t n = N != 0 ? N : n_rt;
  Limb c = 0;
  std::size_t j = 0;
#if defined(__x86_64__)
  if constexpr (Adx) {
    for (; j + 4 <= n; j += 4) c = mul_add_4_adx(t + j, a + j, b, c);
  }
#endif
  return mul_add_tail(t + j, a + j, b, c, n - j);
}

// Montgomery multiplication, operand scanning with the reduction interleaved
// (HAC 14.36): for each limb b[i], add a b[i], then q m with q chosen so the
// lowest limb becomes zero; instead of shifting t down one limb, the window
// t = T + i moves up one limb. N > 0 fixes the size at compile time.
// CT: straight-line in the values; the final subtraction is a masked select.
template <std::size_t N, bool Adx>
inline void mul_mont(const Modulus& mod, Limb* out, const Limb* a, const Limb* b) {
  const std::size_t n = N != 0 ? N : mod.limbs();
  const Limb* m = mod.m();
  const Limb m0inv = mod.m0inv();
  Limb T[2 * (N != 0 ? N : kMaxLimbs) + 2] = {};
  for (std::size_t i = 0; i < n; ++i) {
    Limb* t = T + i;
    Limb c = mul_add_row<N, Adx>(t, a, b[i], n);
    u128 s = static_cast<u128>(t[n]) + c;
    t[n] = static_cast<Limb>(s);
    t[n + 1] = static_cast<Limb>(s >> 64);
    const Limb q = t[0] * m0inv;  // t[0] + q m[0] == 0 mod 2^64
    c = mul_add_row<N, Adx>(t, m, q, n);
    s = static_cast<u128>(t[n]) + c;
    t[n] = static_cast<Limb>(s);
    t[n + 1] += static_cast<Limb>(s >> 64);
    // Invariant (a*b < R*m): the value in t[1..n+1] is below
    // (a*b[0..i] + m*2^(64(i+1))) / 2^(64(i+1)) < 2m.
  }
  const Limb* r = T + n;  // (a b + Q m) / R < 2m: r[n] is 0 or 1
  Limb d[N != 0 ? N : kMaxLimbs];
  const Limb borrow = sub_limbs(d, r, m, n);
  // r >= m exactly when the top word is set or the subtraction did not borrow.
  const Limb take_d = ct::Mask::from_bit(r[n] | (borrow ^ 1)).bits();
  select_limbs(take_d, out, d, r, n);
}

template <bool Adx>
void mul_sized(const Modulus& mod, Limb* out, const Limb* a, const Limb* b) {
  // The switch is on the public limb count: sizes used by RSA-2048/3072/4096
  // and their CRT halves get an unrolled copy.
  switch (mod.limbs()) {
    case 16: return mul_mont<16, Adx>(mod, out, a, b);
    case 24: return mul_mont<24, Adx>(mod, out, a, b);
    case 32: return mul_mont<32, Adx>(mod, out, a, b);
    case 48: return mul_mont<48, Adx>(mod, out, a, b);
    case 64: return mul_mont<64, Adx>(mod, out, a, b);
    default: return mul_mont<0, Adx>(mod, out, a, b);
  }
}

}  // namespace

bool adx_enabled() {
  const CpuFeatures& f = usable_features();
  return f.bmi2 && f.adx;
}

void mul(const Modulus& mod, Limb* out, const Limb* a, const Limb* b) {
  // The backend is chosen per call from CPUID (and GLASSTLS_PORTABLE): a
  // public decision, the same for every operand.
  if (adx_enabled()) return mul_sized<true>(mod, out, a, b);
  return mul_sized<false>(mod, out, a, b);
}

bool Modulus::init(std::span<const Limb> m) {
  std::size_t n = m.size();
  while (n > 0 && m[n - 1] == 0) --n;  // public: the size of the modulus
  if (n == 0 || n > kMaxLimbs || (m[0] & 1) == 0 || (n == 1 && m[0] == 1)) return false;
  n_ = n;
  m_ = {};
  for (std::size_t i = 0; i < n; ++i) m_[i] = m[i];
  bits_ = 64 * n - static_cast<std::size_t>(std::countl_zero(m[n - 1]));

  // m0inv = -m^-1 mod 2^64 by Newton's iteration x <- x(2 - m x): each step
  // doubles the number of correct low bits (m x == 1 mod 2^3 to start).
  Limb x = m_[0];
  for (int i = 0; i < 5; ++i) x *= 2 - m_[0] * x;
  m0inv_ = 0 - x;

  // one = R mod m: start from 2^(bits-1) < m and double up to 2^(64n).
  // CT: the number of doublings depends on the bit length only.
  Limbs acc{};
  acc[(bits_ - 1) / 64] = Limb{1} << ((bits_ - 1) % 64);
  auto double_mod = [&](Limb* v) {
    Limb carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Limb top = v[i] >> 63;
      v[i] = (v[i] << 1) | carry;
      carry = top;
    }
    Limb d[kMaxLimbs];
    const Limb borrow = sub_limbs(d, v, m_.data(), n);
    select_limbs(ct::Mask::from_bit(carry | (borrow ^ 1)).bits(), v, d, v, n);
  };
  for (std::size_t i = bits_ - 1; i < 64 * n; ++i) double_mod(acc.data());
  one_ = acc;
  // R^2 mod m = Montgomery form of R = 2^(64n). Write 64n = s * 2^k with s odd:
  // double `one` s times (2^s in Montgomery form), then square k times.
  std::size_t s = 64 * n, k = 0;
  while ((s & 1) == 0) {
    s >>= 1;
    ++k;
  }
  for (std::size_t i = 0; i < s; ++i) double_mod(acc.data());
  for (std::size_t i = 0; i < k; ++i) mul(*this, acc.data(), acc.data(), acc.data());
  r2_ = acc;
  return true;
}

void to_mont(const Modulus& mod, Limb* out, const Limb* a) { mul(mod, out, a, mod.r2()); }

void from_mont(const Modulus& mod, Limb* out, const Limb* a) {
  Limb one[kMaxLimbs] = {1};
  mul(mod, out, a, one);
}

void add(const Modulus& mod, Limb* out, const Limb* a, const Limb* b) {
  const std::size_t n = mod.limbs();
  Limb s[kMaxLimbs], d[kMaxLimbs];
  u128 c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    c += static_cast<u128>(a[i]) + b[i];
    s[i] = static_cast<Limb>(c);
    c >>= 64;
  }
  const Limb borrow = sub_limbs(d, s, mod.m(), n);
  select_limbs(ct::Mask::from_bit(static_cast<Limb>(c) | (borrow ^ 1)).bits(), out, d, s, n);
}

void sub(const Modulus& mod, Limb* out, const Limb* a, const Limb* b) {
  const std::size_t n = mod.limbs();
  Limb d[kMaxLimbs];
  const Limb borrow = sub_limbs(d, a, b, n);
  // Add m back when a < b (masked: m & borrow-mask).
  const Limb mask = 0 - borrow;
  u128 c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    c += static_cast<u128>(d[i]) + (mod.m()[i] & mask);
    out[i] = static_cast<Limb>(c);
    c >>= 64;
  }
}

void reduce_to_mont(const Modulus& mod, Limb* out, std::span<const Limb> x) {
  // Horner in base R over n-limb chunks, top chunk first:
  //   acc <- acc * R + chunk, kept in Montgomery form: mul(accR, R^2) = (acc R) R
  //   and mul(chunk, R^2) = chunk R. Each chunk < R and R^2 mod m < m, so mul's
  //   precondition a*b < R*m holds.
  const std::size_t n = mod.limbs();
  const std::size_t chunks = (x.size() + n - 1) / n;
  Limb acc[kMaxLimbs] = {};
  for (std::size_t c = chunks; c-- > 0;) {
    Limb chunk[kMaxLimbs] = {};
    for (std::size_t i = 0; i < n && c * n + i < x.size(); ++i) chunk[i] = x[c * n + i];
    mul(mod, acc, acc, mod.r2());
    mul(mod, chunk, chunk, mod.r2());
    add(mod, acc, acc, chunk);
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = acc[i];
  ct::secure_wipe(acc, sizeof acc);
}

void modexp(const Modulus& mod, Limb* out, const Limb* base_mont, std::span<const Limb> exp) {
  constexpr std::size_t kWindow = 5, kEntries = std::size_t{1} << kWindow;
  const std::size_t n = mod.limbs();
  // table[i] = base^i in Montgomery form, i = 0..31.
  Limb table[kEntries][kMaxLimbs];
  for (std::size_t i = 0; i < n; ++i) {
    table[0][i] = mod.one()[i];
    table[1][i] = base_mont[i];
  }
  for (std::size_t e = 2; e < kEntries; ++e) mul(mod, table[e], table[e - 1], base_mont);

  Limb acc[kMaxLimbs], pick[kMaxLimbs];
  for (std::size_t i = 0; i < n; ++i) acc[i] = mod.one()[i];
  const std::size_t bits = 64 * exp.size();
  const std::size_t windows = (bits + kWindow - 1) / kWindow;
  for (std::size_t w = windows; w-- > 0;) {
    // Invariant: acc = base^(exp >> (5(w+1))) in Montgomery form.
    if (w + 1 != windows) {  // public: the position, not the bits
      for (std::size_t s = 0; s < kWindow; ++s) mul(mod, acc, acc, acc);
    }
    // The window's value is secret: extract it with shifts at public positions...
    Limb win = 0;
    for (std::size_t b = 0; b < kWindow; ++b) {
      const std::size_t bit = kWindow * w + b;
      if (bit < bits) win |= ((exp[bit / 64] >> (bit % 64)) & 1) << b;  // public bound
    }
    // ...and read every table entry, keeping the one whose index matches.
    for (std::size_t i = 0; i < n; ++i) pick[i] = 0;
    for (std::size_t e = 0; e < kEntries; ++e) {
      const Limb mask = ct::eq(e, win).bits();
      for (std::size_t i = 0; i < n; ++i) pick[i] |= table[e][i] & mask;
    }
    mul(mod, acc, acc, pick);  // always multiply (by 1R when the window is 0)
  }
  from_mont(mod, out, acc);
  ct::secure_wipe(table, sizeof table);
  ct::secure_wipe(acc, sizeof acc);
  ct::secure_wipe(pick, sizeof pick);
}

bool ifma_enabled() {
  const CpuFeatures& f = usable_features();
  return f.avx512ifma && f.avx512vl;
}

void modexp_pair(const Modulus& ma, Limb* out_a, const Limb* base_a,
                 std::span<const Limb> exp_a, const Modulus& mb, Limb* out_b,
                 const Limb* base_b, std::span<const Limb> exp_b) {
  // Public: CPUID and the sizes.
  constexpr std::size_t kIfmaLimbs = 16;
  if (ifma_enabled() && ma.limbs() == kIfmaLimbs && mb.limbs() == kIfmaLimbs &&
      exp_a.size() == kIfmaLimbs && exp_b.size() == kIfmaLimbs) {
    return modexp_pair_ifma(ma, out_a, base_a, exp_a, mb, out_b, base_b, exp_b);
  }
  modexp(ma, out_a, base_a, exp_a);
  modexp(mb, out_b, base_b, exp_b);
}

void modexp_public(const Modulus& mod, Limb* out, const Limb* base_mont,
                   std::span<const Limb> exp) {
  const std::size_t n = mod.limbs();
  Limb acc[kMaxLimbs];
  for (std::size_t i = 0; i < n; ++i) acc[i] = mod.one()[i];
  std::size_t top = 64 * exp.size();
  while (top > 0 && ((exp[(top - 1) / 64] >> ((top - 1) % 64)) & 1) == 0) --top;
  for (std::size_t bit = top; bit-- > 0;) {
    mul(mod, acc, acc, acc);
    if (((exp[bit / 64] >> (bit % 64)) & 1) != 0) mul(mod, acc, acc, base_mont);  // public e
  }
  from_mont(mod, out, acc);
}

void mul_plain(Limb* out, const Limb* a, std::size_t na, const Limb* b, std::size_t nb) {
  for (std::size_t i = 0; i < na + nb; ++i) out[i] = 0;
  for (std::size_t i = 0; i < na; ++i) {
    Limb c = 0;
    for (std::size_t j = 0; j < nb; ++j) {
      const u128 s = static_cast<u128>(a[i]) * b[j] + out[i + j] + c;
      out[i + j] = static_cast<Limb>(s);
      c = static_cast<Limb>(s >> 64);
    }
    out[i + nb] = c;
  }
}

Limb add_in_place(Limb* a, std::size_t n, const Limb* b, std::size_t nb) {
  u128 c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    c += static_cast<u128>(a[i]) + (i < nb ? b[i] : 0);  // public bound
    a[i] = static_cast<Limb>(c);
    c >>= 64;
  }
  return static_cast<Limb>(c);
}

Limb lt_mask(const Limb* a, const Limb* b, std::size_t n) {
  Limb d[kMaxLimbs];
  return 0 - sub_limbs(d, a, b, n);
}

void limbs_from_bytes(Limb* out, std::size_t n, std::span<const std::uint8_t> be) {
  for (std::size_t i = 0; i < n; ++i) out[i] = 0;
  for (std::size_t i = 0; i < be.size(); ++i) {
    const std::size_t pos = be.size() - 1 - i;
    if (pos / 8 < n) out[pos / 8] |= static_cast<Limb>(be[i]) << (8 * (pos % 8));
  }
}

void limbs_to_bytes(std::span<std::uint8_t> be, const Limb* in, std::size_t n) {
  for (std::size_t i = 0; i < be.size(); ++i) {
    const std::size_t pos = be.size() - 1 - i;
    const Limb v = pos / 8 < n ? in[pos / 8] >> (8 * (pos % 8)) : 0;
    be[i] = static_cast<std::uint8_t>(v);
  }
}

}  // namespace glasstls::crypto::mont
