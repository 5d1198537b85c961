// Fuzz target: ECDSA signature parsing (strict DER and fixed-size r || s) and
// verification (crypto/ecdsa.hpp) on P-256 and P-384 with a fixed key.
// The first byte picks the curve and the format; the rest is the signature.
//   - a DER signature that parses re-encodes to exactly the input (DER is
//     canonical: one encoding per value);
//   - verification of random bytes never succeeds for a fixed digest (a forgery),
//     and never crashes, whatever r and s are (0, n, >= n, ...).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ec.hpp"
#include "crypto/ecdsa.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasstls::crypto;
  if (size == 0) return 0;
  const EcCurve curve = (data[0] & 1) ? EcCurve::p384 : EcCurve::p256;
  const bool der = (data[0] & 2) == 0;
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  auto sig = der ? EcdsaSignature::parse_der(curve, in) : EcdsaSignature::parse_p1363(curve, in);
  if (!sig) return 0;
  if (der) {
    GLASSTLS_FUZZ_CHECK(sig->to_der() == std::vector<std::uint8_t>(in.begin(), in.end()));
  } else {
    GLASSTLS_FUZZ_CHECK(sig->to_p1363() == std::vector<std::uint8_t>(in.begin(), in.end()));
  }
  static const std::uint8_t d[48] = {0x11, 0x22, 0x33, 0x44};
  auto key = EcPrivateKey::from_bytes(curve, std::span(d, ec_bytes(curve)));
  GLASSTLS_FUZZ_CHECK(key.ok());
  const std::vector<std::uint8_t> digest(48, 0xd1);
  GLASSTLS_FUZZ_CHECK(!ecdsa_verify(key->public_key(), digest, *sig).ok());
  return 0;
}
