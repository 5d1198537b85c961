// BigInt: schoolbook arithmetic on public values (Knuth, TAOCP vol. 2, §4.3.1).
// Variable time by design; see bignum.hpp for where it may and may not be used.
#include "crypto/bignum.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>

#include "crypto/mont.hpp"

namespace glasstls::crypto {

namespace {
__extension__ typedef unsigned __int128 u128;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

BigInt::BigInt(std::uint64_t v) {
  if (v != 0) limbs_.push_back(v);
}

void BigInt::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

BigInt BigInt::from_limbs(std::span<const Limb> limbs) {
  BigInt r;
  r.limbs_.assign(limbs.begin(), limbs.end());
  r.trim();
  return r;
}

BigInt BigInt::from_bytes(std::span<const std::uint8_t> be) {
  BigInt r;
  r.limbs_.assign((be.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < be.size(); ++i) {
    const std::size_t pos = be.size() - 1 - i;  // byte weight 256^pos
    r.limbs_[pos / 8] |= static_cast<Limb>(be[i]) << (8 * (pos % 8));
  }
  r.trim();
  return r;
}

bool BigInt::parse_hex(std::string_view hex, BigInt& out) {
  out = BigInt();
  out.limbs_.assign((hex.size() + 15) / 16, 0);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const int v = hex_value(hex[i]);
    if (v < 0) return false;
    const std::size_t pos = hex.size() - 1 - i;  // nibble weight 16^pos
    out.limbs_[pos / 16] |= static_cast<Limb>(v) << (4 * (pos % 16));
  }
  out.trim();
  return true;
}

BigInt BigInt::from_hex(std::string_view hex) {
  BigInt r;
  if (!parse_hex(hex, r)) std::abort();
  return r;
}

bool BigInt::to_bytes(std::span<std::uint8_t> out) const {
  if ((bit_length() + 7) / 8 > out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t pos = out.size() - 1 - i;
    const std::size_t limb = pos / 8;
    const Limb v = limb < limbs_.size() ? limbs_[limb] >> (8 * (pos % 8)) : 0;
    out[i] = static_cast<std::uint8_t>(v);
  }
  return true;
}

std::vector<std::uint8_t> BigInt::to_bytes() const {
  std::vector<std::uint8_t> out((bit_length() + 7) / 8);
  (void)to_bytes(out);
  return out;
}

std::string BigInt::to_hex() const {
  if (is_zero()) return "0";
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = (bit_length() + 3) / 4; i-- > 0;) {
    s.push_back(kDigits[(limbs_[i / 16] >> (4 * (i % 16))) & 0xf]);
  }
  return s;
}

std::size_t BigInt::bit_length() const {
  if (limbs_.empty()) return 0;
  return 64 * limbs_.size() - static_cast<std::size_t>(std::countl_zero(limbs_.back()));
}

bool BigInt::bit(std::size_t i) const {
  return i / 64 < limbs_.size() && ((limbs_[i / 64] >> (i % 64)) & 1) != 0;
}

std::strong_ordering operator<=>(const BigInt& a, const BigInt& b) {
  if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() <=> b.limbs_.size();
  for (std::size_t i = a.limbs_.size(); i-- > 0;) {
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] <=> b.limbs_[i];
  }
  return std::strong_ordering::equal;
}

BigInt operator+(const BigInt& a, const BigInt& b) {
  const BigInt& big = a.limbs_.size() >= b.limbs_.size() ? a : b;
  const BigInt& small = a.limbs_.size() >= b.limbs_.size() ? b : a;
  BigInt r;
  r.limbs_.resize(big.limbs_.size() + 1);
  u128 carry = 0;
  for (std::size_t i = 0; i < big.limbs_.size(); ++i) {
    carry += big.limbs_[i];
    if (i < small.limbs_.size()) carry += small.limbs_[i];
    r.limbs_[i] = static_cast<BigInt::Limb>(carry);
    carry >>= 64;
  }
  r.limbs_.back() = static_cast<BigInt::Limb>(carry);
  r.trim();
  return r;
}

BigInt operator-(const BigInt& a, const BigInt& b) {
  if (a < b) std::abort();
  BigInt r = a;
  BigInt::Limb borrow = 0;
  for (std::size_t i = 0; i < r.limbs_.size(); ++i) {
    const BigInt::Limb bi = i < b.limbs_.size() ? b.limbs_[i] : 0;
    const BigInt::Limb t = r.limbs_[i] - bi - borrow;
    borrow = (r.limbs_[i] < bi || (r.limbs_[i] == bi && borrow)) ? 1 : 0;
    r.limbs_[i] = t;
  }
  r.trim();
  return r;
}

BigInt operator*(const BigInt& a, const BigInt& b) {
  if (a.is_zero() || b.is_zero()) return BigInt();
  BigInt r;
  r.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
  for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
    u128 carry = 0;
    for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
      carry += static_cast<u128>(a.limbs_[i]) * b.limbs_[j] + r.limbs_[i + j];
      r.limbs_[i + j] = static_cast<BigInt::Limb>(carry);
      carry >>= 64;
    }
    r.limbs_[i + b.limbs_.size()] = static_cast<BigInt::Limb>(carry);
  }
  r.trim();
  return r;
}

BigInt BigInt::shl(std::size_t bits) const {
  if (is_zero()) return {};
  BigInt r;
  const std::size_t w = bits / 64, s = bits % 64;
  r.limbs_.assign(limbs_.size() + w + 1, 0);
  for (std::size_t i = 0; i < limbs_.size(); ++i) {
    r.limbs_[i + w] |= limbs_[i] << s;
    if (s != 0) r.limbs_[i + w + 1] |= limbs_[i] >> (64 - s);
  }
  r.trim();
  return r;
}

BigInt BigInt::shr(std::size_t bits) const {
  const std::size_t w = bits / 64, s = bits % 64;
  if (w >= limbs_.size()) return {};
  BigInt r;
  r.limbs_.assign(limbs_.size() - w, 0);
  for (std::size_t i = 0; i < r.limbs_.size(); ++i) {
    r.limbs_[i] = limbs_[i + w] >> s;
    if (s != 0 && i + w + 1 < limbs_.size()) r.limbs_[i] |= limbs_[i + w + 1] << (64 - s);
  }
  r.trim();
  return r;
}

std::uint64_t BigInt::mod_u64(std::uint64_t small) const {
  if (small == 0) std::abort();
  u128 rem = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) rem = ((rem << 64) | limbs_[i]) % small;
  return static_cast<std::uint64_t>(rem);
}

// Knuth's Algorithm D (TAOCP §4.3.1) with 64-bit digits.
void BigInt::divmod(const BigInt& a, const BigInt& b, BigInt& q, BigInt& r) {
  if (b.is_zero()) std::abort();
  if (a < b) {
    r = a;
    q = BigInt();
    return;
  }
  if (b.limbs_.size() == 1) {
    const Limb d = b.limbs_[0];
    BigInt qq;
    qq.limbs_.assign(a.limbs_.size(), 0);
    u128 rem = 0;
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
      const u128 cur = (rem << 64) | a.limbs_[i];
      qq.limbs_[i] = static_cast<Limb>(cur / d);
      rem = cur % d;
    }
    qq.trim();
    q = std::move(qq);
    r = BigInt(static_cast<Limb>(rem));
    return;
  }
  // D1: normalise so the divisor's top digit has its top bit set.
  const auto s = static_cast<std::size_t>(std::countl_zero(b.limbs_.back()));
  std::vector<Limb> bn = b.shl(s).limbs_;
  std::vector<Limb> an = a.shl(s).limbs_;
  an.resize(a.limbs_.size() + 1, 0);
  const std::size_t n = bn.size(), m = an.size() - n;
  BigInt qq;
  qq.limbs_.assign(m, 0);
  for (std::size_t j = m; j-- > 0;) {
    // D3: estimate qhat from the top two digits; it is at most 2 too large.
    const u128 num = (static_cast<u128>(an[j + n]) << 64) | an[j + n - 1];
    u128 qhat = num / bn[n - 1];
    u128 rhat = num % bn[n - 1];
    while ((qhat >> 64) != 0 || qhat * bn[n - 2] > ((rhat << 64) | an[j + n - 2])) {
      --qhat;
      rhat += bn[n - 1];
      if ((rhat >> 64) != 0) break;
    }
    // D4: an[j..j+n] -= qhat * bn.
    Limb borrow = 0, carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const u128 p = qhat * bn[i] + carry;
      carry = static_cast<Limb>(p >> 64);
      const auto plo = static_cast<Limb>(p);
      const Limb t = an[i + j] - plo - borrow;
      borrow = (an[i + j] < plo || (an[i + j] == plo && borrow)) ? 1 : 0;
      an[i + j] = t;
    }
    const Limb top = an[j + n] - carry - borrow;
    const bool negative = an[j + n] < carry || (an[j + n] == carry && borrow);
    an[j + n] = top;
    // D6: qhat was one too large (rare): add the divisor back.
    if (negative) {
      --qhat;
      u128 c = 0;
      for (std::size_t i = 0; i < n; ++i) {
        c += static_cast<u128>(an[i + j]) + bn[i];
        an[i + j] = static_cast<Limb>(c);
        c >>= 64;
      }
      an[j + n] += static_cast<Limb>(c);
    }
    qq.limbs_[j] = static_cast<Limb>(qhat);
  }
  qq.trim();
  q = std::move(qq);
  BigInt rr;
  rr.limbs_.assign(an.begin(), an.begin() + static_cast<std::ptrdiff_t>(n));
  rr.trim();
  r = rr.shr(s);  // D8: unnormalise the remainder
}

BigInt operator/(const BigInt& a, const BigInt& b) {
  BigInt q, r;
  BigInt::divmod(a, b, q, r);
  return q;
}

BigInt operator%(const BigInt& a, const BigInt& b) {
  BigInt q, r;
  BigInt::divmod(a, b, q, r);
  return r;
}

BigInt gcd(BigInt a, BigInt b) {
  while (!b.is_zero()) {
    BigInt t = a % b;
    a = std::move(b);
    b = std::move(t);
  }
  return a;
}

// Extended Euclid, keeping the Bezout coefficient of a reduced mod m so that
// it never goes negative: invariant t_i * a == r_i (mod m).
bool mod_inverse(const BigInt& a, const BigInt& m, BigInt& out) {
  if (m.is_zero()) return false;
  BigInt r0 = m, r1 = a % m;
  BigInt t0, t1(1);
  while (!r1.is_zero()) {
    BigInt q, rem;
    BigInt::divmod(r0, r1, q, rem);
    BigInt qt = (q * t1) % m;
    BigInt t2 = t0 >= qt ? t0 - qt : t0 + m - qt;
    r0 = std::move(r1);
    r1 = std::move(rem);
    t0 = std::move(t1);
    t1 = std::move(t2);
  }
  if (r0 != BigInt(1)) return false;
  out = t0 % m;
  return true;
}

BigInt mod_pow(const BigInt& base, const BigInt& exp, const BigInt& m) {
  if (!m.is_odd()) std::abort();
  mont::Modulus mod;
  if (!mod.init(m.limbs())) std::abort();
  const std::size_t n = mod.limbs();
  mont::Limbs b{}, r{};
  const BigInt reduced = base % m;
  std::copy(reduced.limbs().begin(), reduced.limbs().end(), b.begin());
  mont::to_mont(mod, b.data(), b.data());
  mont::modexp_public(mod, r.data(), b.data(), exp.limbs());
  return BigInt::from_limbs(std::span(r).first(n));
}

}  // namespace glasstls::crypto
