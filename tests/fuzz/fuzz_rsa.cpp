// Fuzz target: RSA public-key decoding/validation and signature verification
// (crypto/rsa_key.cpp, rsa_pkcs1.cpp, rsa_pss.cpp) on untrusted bytes.
//
// Input layout: [mode] [rest]
//   mode bit 7 = 0: key decoding. rest = [nlen: u16] [n] [elen: u8] [e] [sig...]
//     The key from (n, e) is either refused or valid (odd n of 1024..4096 bits,
//     3 <= e < n, odd e) and gives back the same n and e; then both verifiers
//     run on `sig` (allow_small_key from mode bit 3) over a fixed message.
//   mode bit 7 = 1: a fixed 2048-bit key (from HmacDrbg seed 1); rest = the
//     signature (first 256 bytes, or all of it if shorter) and the message.
//     A signature of the wrong length must be refused.
// mode bits 1-2 pick the hash (SHA-256/384/512), bit 0 PKCS#1 v1.5 or PSS.
// Seeds: tests/fuzz/corpus/fuzz_rsa, hand-made: keys of 1024/2048 bits, an even n,
// e >= n, leading zeros, and fixed-key signatures of good, short and >= n sizes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/bignum.hpp"
#include "crypto/rsa.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace glasstls::crypto;

const RsaPublicKey& fixed_key() {
  static const RsaPublicKey key = [] {
    auto rng = HmacDrbg::from_seed(1);
    return RsaPrivateKey::generate(rng, 2048).value().public_key();
  }();
  return key;
}

HashId hash_of(std::uint8_t mode) {
  switch ((mode >> 1) & 3) {
    case 0: return HashId::sha256;
    case 1: return HashId::sha384;
    default: return HashId::sha512;
  }
}

bool verify(const RsaPublicKey& key, std::uint8_t mode, std::span<const std::uint8_t> msg,
            std::span<const std::uint8_t> sig) {
  const RsaVerifyOptions opts{.allow_small_key = (mode & 8) != 0};
  const bool ok = (mode & 1) != 0
                      ? rsa_pss_verify(key, hash_of(mode), msg, sig, kPssSaltHashLen, opts).ok()
                      : rsa_pkcs1_verify(key, hash_of(mode), msg, sig, opts).ok();
  if (ok) {
    GLASSTLS_FUZZ_CHECK(sig.size() == key.size_bytes());
    GLASSTLS_FUZZ_CHECK(key.bits() >= kRsaMinBits || (mode & 8) != 0);
  }
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  if ((mode & 0x80) != 0) {
    const RsaPublicKey& key = fixed_key();
    const std::size_t n = std::min<std::size_t>(rest.size(), key.size_bytes());
    const auto sig = rest.first(n), msg = rest.subspan(n);
    const bool ok = verify(key, mode, msg, sig);
    if (sig.size() != key.size_bytes()) GLASSTLS_FUZZ_CHECK(!ok);
    return 0;
  }
  if (rest.size() < 2) return 0;
  const std::size_t nlen = (std::size_t{rest[0]} << 8) | rest[1];
  rest = rest.subspan(2);
  if (rest.size() < nlen + 1) return 0;
  const auto n = rest.first(nlen);
  const std::size_t elen = rest[nlen];
  rest = rest.subspan(nlen + 1);
  if (rest.size() < elen) return 0;
  const auto e = rest.first(elen);
  const auto sig = rest.subspan(elen);
  auto key = RsaPublicKey::from_components(n, e);
  const BigInt bn = BigInt::from_bytes(n), be = BigInt::from_bytes(e);
  const bool acceptable = bn.is_odd() && bn.bit_length() >= kRsaMinLegacyBits &&
                          bn.bit_length() <= kRsaMaxBits && be.is_odd() && be >= BigInt(3) &&
                          be < bn;
  GLASSTLS_FUZZ_CHECK(key.ok() == acceptable);
  if (!key) return 0;
  GLASSTLS_FUZZ_CHECK(BigInt::from_bytes(key->n()) == bn);
  GLASSTLS_FUZZ_CHECK(BigInt::from_bytes(key->e()) == be);
  GLASSTLS_FUZZ_CHECK(key->bits() == bn.bit_length());
  static constexpr std::uint8_t kMsg[] = {'f', 'u', 'z', 'z'};
  (void)verify(*key, mode, kMsg, sig);
  return 0;
}
