#include "handshake/cipher_suite.hpp"

#include <array>

namespace glasstls::handshake {

namespace {

using crypto::AeadId;
using crypto::HashId;

constexpr std::array<SuiteInfo, 3> kSuites = {{
    {CipherSuite::tls_aes_128_gcm_sha256, AeadId::aes128_gcm, HashId::sha256, 16},
    {CipherSuite::tls_aes_256_gcm_sha384, AeadId::aes256_gcm, HashId::sha384, 32},
    {CipherSuite::tls_chacha20_poly1305_sha256, AeadId::chacha20_poly1305, HashId::sha256, 32},
}};

constexpr std::array<CipherSuite, 3> kDefaultOrder = {
    CipherSuite::tls_aes_128_gcm_sha256,
    CipherSuite::tls_aes_256_gcm_sha384,
    CipherSuite::tls_chacha20_poly1305_sha256,
};

}  // namespace

const SuiteInfo* find_suite(std::uint16_t suite) {
  for (const SuiteInfo& s : kSuites) {
    if (code(s.suite) == suite) return &s;
  }
  return nullptr;
}

std::span<const CipherSuite> default_suites() { return kDefaultOrder; }

}  // namespace glasstls::handshake
