#include "crypto/ct.hpp"

#include <cstdlib>
#include <cstring>

namespace glasstls::crypto::ct {

void cmov(Mask m, std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) {
  if (dst.size() != src.size()) std::abort();  // sizes are public
  const std::uint8_t mb = m.byte();
  for (std::size_t i = 0; i < dst.size(); ++i) {
    dst[i] = static_cast<std::uint8_t>(dst[i] ^ (mb & (dst[i] ^ src[i])));
  }
}

void cswap(Mask m, std::span<std::uint8_t> a, std::span<std::uint8_t> b) {
  if (a.size() != b.size()) std::abort();  // sizes are public
  const std::uint8_t mb = m.byte();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto t = static_cast<std::uint8_t>(mb & (a[i] ^ b[i]));
    a[i] = static_cast<std::uint8_t>(a[i] ^ t);
    b[i] = static_cast<std::uint8_t>(b[i] ^ t);
  }
}

Mask memeq(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  // The lengths are public: comparing them may branch.
  if (a.size() != b.size()) return Mask::zero();
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < a.size(); ++i) acc |= static_cast<std::uint64_t>(a[i] ^ b[i]);
  return is_zero(acc);
}

void secure_wipe(void* p, std::size_t n) {
  if (n == 0) return;
  std::memset(p, 0, n);
  // The barrier tells the compiler the zeroed memory may be read, so the
  // memset above is not a dead store it can remove.
  __asm__ volatile("" : : "r"(p) : "memory");
}

}  // namespace glasstls::crypto::ct
