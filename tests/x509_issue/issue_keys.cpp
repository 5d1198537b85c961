#include "issue_keys.hpp"

#include <cstdlib>
#include <map>

namespace glasstls::test {

const x509::PrivateKey& issue_key(const std::string& spec) {
  static std::map<std::string, x509::PrivateKey> keys;
  auto it = keys.find(spec);
  if (it == keys.end()) {
    std::uint64_t seed = 0x6b6579;
    for (const char c : spec) seed = seed * 131 + static_cast<std::uint8_t>(c);
    auto rng = crypto::HmacDrbg::from_seed(seed);
    auto key = x509::PrivateKey::generate(spec, rng);
    if (!key) std::abort();
    it = keys.emplace(spec, std::move(*key)).first;
  }
  return it->second;
}

Result<void> verify_with(const x509::PrivateKey& key, x509::ByteView alg_der,
                         x509::ByteView message, x509::ByteView sig) {
  x509::DerReader r(alg_der);
  auto alg = x509::SignatureAlgorithmId::parse(r);
  if (!alg) return alg.error();
  auto pub = key.public_key();
  if (!pub) return pub.error();
  return x509::verify_signature(*pub, *alg, message, sig);
}

}  // namespace glasstls::test
