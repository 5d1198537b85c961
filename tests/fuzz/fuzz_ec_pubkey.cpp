// Fuzz target: EC public-key decoding and validation (SEC 1 §2.3.4, §3.2.2.1)
// on P-256 and P-384 (crypto/ec.hpp). The first byte picks the curve; the rest
// is the encoded point.
//   - a key that parses re-encodes, uncompressed and compressed, to forms that
//     parse to the same point, and the uncompressed form of an uncompressed
//     input is the input itself;
//   - an accepted key works as an ECDH peer (the result is never the identity).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ec.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasstls::crypto;
  if (size == 0) return 0;
  const EcCurve curve = (data[0] & 1) ? EcCurve::p384 : EcCurve::p256;
  const std::span<const std::uint8_t> enc(data + 1, size - 1);
  auto key = EcPublicKey::parse(curve, enc);
  if (!key) return 0;
  const auto un = key->encode_uncompressed();
  const auto co = key->encode_compressed();
  if (enc[0] == 0x04) GLASSTLS_FUZZ_CHECK(std::vector<std::uint8_t>(enc.begin(), enc.end()) == un);
  if (enc[0] != 0x04) GLASSTLS_FUZZ_CHECK(std::vector<std::uint8_t>(enc.begin(), enc.end()) == co);
  auto again = EcPublicKey::parse(curve, co);
  GLASSTLS_FUZZ_CHECK(again.ok() && again->encode_uncompressed() == un);
  static const std::uint8_t d[48] = {0x2a, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto mine = EcPrivateKey::from_bytes(curve, std::span(d, ec_bytes(curve)));
  GLASSTLS_FUZZ_CHECK(mine.ok());
  GLASSTLS_FUZZ_CHECK(ecdh(*mine, *key).ok());
  return 0;
}
