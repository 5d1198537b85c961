// Fuzz target: private key parsing (x509/private_key.hpp): PKCS#8 v1/v2
// (RFC 5958), PKCS#1 (RFC 8017 A.1.2) and SEC1 (RFC 5915) DER, or PEM.
//   - parsing never crashes, and an error's offset lies inside the input;
//   - a parsed key's public half parses as a SubjectPublicKeyInfo of its type;
//   - writing the key as PKCS#8 and parsing that gives the same key again, and
//     PKCS#8 is a fixed point (parse(write(k)) writes the same bytes);
//   - an EC or Ed25519 key signs, and its signature verifies (RSA keys are
//     left out: a 4096-bit private operation per input would slow the fuzzer).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/rng.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "x509/pem.hpp"
#include "x509/private_key.hpp"

namespace {

using namespace glasstls::x509;

void check(const PrivateKey& key) {
  auto pub = key.public_key();
  GLASSTLS_FUZZ_CHECK(pub.ok() && pub->type == key.type());
  const Bytes pkcs8 = key.to_pkcs8_der();
  auto again = PrivateKey::parse_der(pkcs8);
  GLASSTLS_FUZZ_CHECK(again.ok());
  GLASSTLS_FUZZ_CHECK(again->spki_der() == key.spki_der());
  GLASSTLS_FUZZ_CHECK(again->to_pkcs8_der() == pkcs8);
  if (key.type() == KeyType::rsa) return;
  auto rng = glasstls::crypto::HmacDrbg::from_seed(1);
  const SignatureAlgorithm scheme = key.default_signature_algorithm();
  const Bytes message = {'f', 'u', 'z', 'z'};
  auto sig = key.sign(scheme, message, rng);
  auto alg_der = key.algorithm_identifier(scheme);
  GLASSTLS_FUZZ_CHECK(sig.ok() && alg_der.ok());
  DerReader r(*alg_der);
  auto alg = SignatureAlgorithmId::parse(r);
  GLASSTLS_FUZZ_CHECK(alg.ok());
  GLASSTLS_FUZZ_CHECK(verify_signature(*pub, *alg, message, *sig).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto der = PrivateKey::parse_der(input);
  if (der.ok())
    check(*der);
  else
    GLASSTLS_FUZZ_CHECK(der.error().offset == glasstls::Error::no_offset ||
                        der.error().offset <= size);
  if (looks_like_pem(input)) {
    auto pem = PrivateKey::parse_pem(std::string_view(reinterpret_cast<const char*>(data), size));
    if (pem.ok()) check(*pem);
  }
  return 0;
}
