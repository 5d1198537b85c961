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

x509::PrivateKey with_pss_params(const x509::PrivateKey& key, const x509::PssKeyParams& params) {
  // OneAsymmetricKey (RFC 5958 §2): version, privateKeyAlgorithm, privateKey.
  const x509::Bytes der = key.to_pkcs8_der();
  x509::DerReader outer(der);
  auto seq = outer.read_sequence();
  if (!seq || !seq->read_small_unsigned() || !seq->read_sequence()) std::abort();
  auto inner = seq->read_octet_string();
  if (!inner) std::abort();
  x509::DerWriter w;
  w.sequence([&](x509::DerWriter& info) {
    info.integer(0);
    info.sequence([&](x509::DerWriter& alg) {
      alg.oid(x509::oid::rsassa_pss);
      x509::write_rsassa_pss_params(alg, params);
    });
    info.octet_string(*inner);
  });
  auto out = x509::PrivateKey::parse_der(std::move(w).take());
  if (!out) std::abort();
  return std::move(*out);
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
