// ct subject: the portable bitsliced AES (crypto/aes_ct64.cpp) and its key
// expansion (crypto/aes.cpp), with secret keys, blocks and counters, for
// AES-128/192/256; each result is compared with a run on public inputs.
#include <array>
#include <vector>

#include "crypto/aes.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

template <std::size_t KeyLen>
void block_case(std::uint32_t seed) {
  const auto key_bytes = ct_test::pattern<KeyLen>(seed);
  const auto block = ct_test::pattern<16>(seed + 1);
  std::array<std::uint8_t, 16> expected{};
  {
    auto aes = crypto::Aes::create(key_bytes, crypto::AesBackend::portable);
    ct_test::check(aes.ok(), "public key schedule");
    aes->encrypt_block(block.data(), expected.data());
  }
  auto key = key_bytes;
  auto in = block;
  ct_test::secret(key);
  ct_test::secret(in);
  auto aes = crypto::Aes::create(key, crypto::AesBackend::portable);  // key size: public
  ct_test::check(aes.ok(), "secret key schedule");
  std::array<std::uint8_t, 16> out{};
  aes->encrypt_block(in.data(), out.data());
  ct_test::declassify(out);
  ct_test::check(out == expected, "secret-input block equals the public one");
}

GLASSTLS_CT_CASE("AES-128 portable: key expansion and Cipher() on a secret key and block") {
  block_case<16>(1);
}
GLASSTLS_CT_CASE("AES-192 portable: key expansion and Cipher() on a secret key and block") {
  block_case<24>(2);
}
GLASSTLS_CT_CASE("AES-256 portable: key expansion and Cipher() on a secret key and block") {
  block_case<32>(3);
}

GLASSTLS_CT_CASE("AES-128 portable counter mode: secret key, counter block and data") {
  const auto key_bytes = ct_test::pattern<16>(4);
  const auto counter_bytes = ct_test::pattern<16>(5);
  const auto data = ct_test::pattern<16 * 9>(6);  // 9 blocks: two batches of 4 and a tail
  std::vector<std::uint8_t> expected(data.begin(), data.end());
  {
    auto aes = crypto::Aes::create(key_bytes, crypto::AesBackend::portable);
    auto c = counter_bytes;
    aes->ctr32(c.data(), expected.data(), expected.data(), 9);
  }
  auto key = key_bytes;
  auto counter = counter_bytes;
  std::vector<std::uint8_t> buf(data.begin(), data.end());
  ct_test::secret(key);
  ct_test::secret(counter);
  ct_test::secret(buf);
  auto aes = crypto::Aes::create(key, crypto::AesBackend::portable);
  aes->ctr32(counter.data(), buf.data(), buf.data(), 9);
  ct_test::declassify(buf);
  ct_test::check(buf == expected, "secret-input keystream equals the public one");
}

}  // namespace
