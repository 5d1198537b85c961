// ct subject: the AES-NI backend (crypto/aes_x86.cpp): its key expansion on a
// secret key for AES-128/192/256, then Cipher() and counter mode with that key
// on secret blocks and counters. Each result is compared with the portable
// backend's on public inputs.
//
// valgrind decides which CPU the program sees (its CPUID reports only what it
// can translate); valgrind 3.19 runs AESENC/AESENCLAST and PCLMULQDQ, so this
// subject runs there. Without AES-NI it reports itself skipped.
#include <array>
#include <vector>

#include "crypto/aes.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

bool skipped_without_aesni() {
  if (crypto::aes_backend_usable(crypto::AesBackend::aesni)) return false;
  ct_test::skip(ct_test::running_on_valgrind()
                    ? "CPUID under valgrind reports no AES-NI, PCLMULQDQ or SSE4.1"
                    : "this CPU (or GLASSTLS_PORTABLE) allows no AES-NI");
  return true;
}

template <std::size_t KeyLen>
void key_case(std::uint32_t seed) {
  if (skipped_without_aesni()) return;
  const auto key_bytes = ct_test::pattern<KeyLen>(seed);
  const auto data = ct_test::pattern<16 * 9>(seed + 1);  // 9 blocks: a batch of 8 and a tail
  const auto counter_bytes = ct_test::pattern<16>(seed + 2);
  std::array<std::uint8_t, 16 * (crypto::Aes::kMaxRounds + 1)> expected_schedule{};
  crypto::aes_expand_key(key_bytes, expected_schedule, crypto::AesBackend::portable);
  std::vector<std::uint8_t> expected(data.begin(), data.end());
  std::array<std::uint8_t, 16> expected_block{};
  {
    auto aes = crypto::Aes::create(key_bytes, crypto::AesBackend::portable);
    ct_test::check(aes.ok(), "public key schedule");
    aes->encrypt_block(data.data(), expected_block.data());
    auto c = counter_bytes;
    aes->ctr32(c.data(), expected.data(), expected.data(), 9);
  }

  auto key = key_bytes;
  ct_test::secret(key);
  std::array<std::uint8_t, 16 * (crypto::Aes::kMaxRounds + 1)> schedule{};
  crypto::aes_expand_key(key, schedule, crypto::AesBackend::aesni);
  ct_test::declassify(schedule);
  ct_test::check(schedule == expected_schedule, "AES-NI schedule of a secret key");

  auto aes = crypto::Aes::create(key, crypto::AesBackend::aesni);  // key size: public
  ct_test::check(aes.ok(), "secret key schedule");
  auto in = data;
  ct_test::secret(in);
  std::array<std::uint8_t, 16> block{};
  aes->encrypt_block(in.data(), block.data());
  ct_test::declassify(block);
  ct_test::check(block == expected_block, "secret-input block equals the public one");
  auto counter = counter_bytes;
  std::vector<std::uint8_t> buf(data.begin(), data.end());
  ct_test::secret(counter);
  ct_test::secret(buf);
  aes->ctr32(counter.data(), buf.data(), buf.data(), 9);
  ct_test::declassify(buf);
  ct_test::check(buf == expected, "secret-input keystream equals the public one");
}

GLASSTLS_CT_CASE("AES-128 AES-NI: key expansion, Cipher() and counter mode on secrets") {
  key_case<16>(11);
}
GLASSTLS_CT_CASE("AES-192 AES-NI: key expansion, Cipher() and counter mode on secrets") {
  key_case<24>(12);
}
GLASSTLS_CT_CASE("AES-256 AES-NI: key expansion, Cipher() and counter mode on secrets") {
  key_case<32>(13);
}

}  // namespace
