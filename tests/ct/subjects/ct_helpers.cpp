// ct subject: the constant-time helpers of crypto/ct.hpp on secret operands.
#include <array>
#include <cstdint>

#include "crypto/ct.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::ct::Mask;
namespace ct = crypto::ct;

// Operand pairs: equal, off by one, extremes, top bit differing.
constexpr std::array<std::uint64_t, 8> kA = {
    0, 1, 5, 0xffffffffffffffff, 0x8000000000000000, 42, 0x7fffffffffffffff, 123456789};
constexpr std::array<std::uint64_t, 8> kB = {
    0, 0, 6, 0xffffffffffffffff, 0x7fffffffffffffff, 42, 0x8000000000000000, 987654321};

GLASSTLS_CT_CASE("ct::eq, ne, lt, gt, le, ge, is_zero on secret words") {
  for (std::size_t i = 0; i < kA.size(); ++i) {
    std::uint64_t a = kA[i], b = kB[i];
    ct_test::secret_value(a);
    ct_test::secret_value(b);
    const bool eq = ct_test::declassify(ct::eq(a, b));
    const bool ne = ct_test::declassify(ct::ne(a, b));
    const bool lt = ct_test::declassify(ct::lt(a, b));
    const bool gt = ct_test::declassify(ct::gt(a, b));
    const bool le = ct_test::declassify(ct::le(a, b));
    const bool ge = ct_test::declassify(ct::ge(a, b));
    const bool z = ct_test::declassify(ct::is_zero(a));
    const bool nz = ct_test::declassify(ct::is_nonzero(b));
    ct_test::check(eq == (kA[i] == kB[i]), "eq");
    ct_test::check(ne == (kA[i] != kB[i]), "ne");
    ct_test::check(lt == (kA[i] < kB[i]), "lt");
    ct_test::check(gt == (kA[i] > kB[i]), "gt");
    ct_test::check(le == (kA[i] <= kB[i]), "le");
    ct_test::check(ge == (kA[i] >= kB[i]), "ge");
    ct_test::check(z == (kA[i] == 0), "is_zero");
    ct_test::check(nz == (kB[i] != 0), "is_nonzero");
  }
}

GLASSTLS_CT_CASE("Mask::from_bit, operators and select with a secret bit") {
  for (std::uint64_t bit = 0; bit < 2; ++bit) {
    std::uint64_t b = bit;
    ct_test::secret_value(b);
    const Mask m = Mask::from_bit(b);
    const Mask combined = (m & Mask::all_ones()) | (~m & Mask::zero());
    std::uint8_t s8 = ct::select<std::uint8_t>(m, 0xaa, 0x55);
    std::uint32_t s32 = ct::select<std::uint32_t>(m, 0xdeadbeef, 0x01020304);
    std::uint64_t s64 = ct::select<std::uint64_t>(m ^ Mask::all_ones(), 7, 9);
    ct_test::check(ct_test::declassify_value(m.bits()) == (bit ? ~std::uint64_t{0} : 0),
                   "from_bit");
    ct_test::check(ct_test::declassify(combined) == (bit == 1), "mask operators");
    ct_test::check(ct_test::declassify_value(s8) == (bit ? 0xaa : 0x55), "select u8");
    ct_test::check(ct_test::declassify_value(s32) == (bit ? 0xdeadbeef : 0x01020304), "select u32");
    ct_test::check(ct_test::declassify_value(s64) == (bit ? 9u : 7u), "select u64");
  }
}

GLASSTLS_CT_CASE("ct::cmov and ct::cswap with a secret mask on secret buffers") {
  for (std::uint64_t bit = 0; bit < 2; ++bit) {
    auto dst = ct_test::pattern<37>(1);
    auto src = ct_test::pattern<37>(2);
    auto a = ct_test::pattern<32>(3);
    auto b = ct_test::pattern<32>(4);
    const auto dst0 = dst, src0 = src;
    const auto a0 = a, b0 = b;
    std::uint64_t sb = bit;
    ct_test::secret_value(sb);
    ct_test::secret(dst);
    ct_test::secret(src);
    ct_test::secret(a);
    ct_test::secret(b);
    const Mask m = Mask::from_bit(sb);
    ct::cmov(m, dst, src);
    ct::cswap(m, a, b);
    ct_test::declassify(dst);
    ct_test::declassify(a);
    ct_test::declassify(b);
    ct_test::check(dst == (bit ? src0 : dst0), "cmov");
    ct_test::check(a == (bit ? b0 : a0) && b == (bit ? a0 : b0), "cswap");
  }
}

GLASSTLS_CT_CASE("ct::memeq on secret buffers (equal, first, middle, last byte differ)") {
  const auto base = ct_test::pattern<48>(5);
  const std::size_t where[] = {48, 0, 23, 47};  // 48: no difference
  for (std::size_t w : where) {
    auto a = base;
    auto b = base;
    if (w < b.size()) b[w] ^= 0x01;
    ct_test::secret(a);
    ct_test::secret(b);
    const bool equal = ct_test::declassify(ct::memeq(a, b));
    ct_test::check(equal == (w == 48), "memeq verdict");
  }
  // Different (public) lengths may be rejected early.
  auto a = base;
  ct_test::secret(a);
  ct_test::check(!ct_test::declassify(ct::memeq(std::span(a).first(10), std::span(a).first(11))),
                 "memeq length mismatch");
}

}  // namespace
