#include "handshake/cipher_suite.hpp"

#include <array>

namespace glasstls::handshake {

namespace {

using crypto::AeadId;
using crypto::HashId;
using C = CipherSuite;
using K = KeyExchangeKind;
using S = ServerKeyKind;

constexpr std::array<SuiteInfo, 11> kSuites = {{
    {C::tls_aes_128_gcm_sha256, AeadId::aes128_gcm, HashId::sha256, 16, kTls13, K::tls13, S::any,
     12},
    {C::tls_aes_256_gcm_sha384, AeadId::aes256_gcm, HashId::sha384, 32, kTls13, K::tls13, S::any,
     12},
    {C::tls_chacha20_poly1305_sha256, AeadId::chacha20_poly1305, HashId::sha256, 32, kTls13,
     K::tls13, S::any, 12},
    {C::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256, AeadId::aes128_gcm, HashId::sha256, 16, kTls12,
     K::ecdhe, S::ecdsa, 4},
    {C::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384, AeadId::aes256_gcm, HashId::sha384, 32, kTls12,
     K::ecdhe, S::ecdsa, 4},
    {C::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256, AeadId::chacha20_poly1305, HashId::sha256,
     32, kTls12, K::ecdhe, S::ecdsa, 12},
    {C::tls_ecdhe_rsa_with_aes_128_gcm_sha256, AeadId::aes128_gcm, HashId::sha256, 16, kTls12,
     K::ecdhe, S::rsa, 4},
    {C::tls_ecdhe_rsa_with_aes_256_gcm_sha384, AeadId::aes256_gcm, HashId::sha384, 32, kTls12,
     K::ecdhe, S::rsa, 4},
    {C::tls_ecdhe_rsa_with_chacha20_poly1305_sha256, AeadId::chacha20_poly1305, HashId::sha256, 32,
     kTls12, K::ecdhe, S::rsa, 12},
    {C::tls_rsa_with_aes_128_gcm_sha256, AeadId::aes128_gcm, HashId::sha256, 16, kTls12, K::rsa,
     S::rsa, 4},
    {C::tls_rsa_with_aes_256_gcm_sha384, AeadId::aes256_gcm, HashId::sha384, 32, kTls12, K::rsa,
     S::rsa, 4},
}};

constexpr std::array<CipherSuite, 3> kDefault13 = {
    C::tls_aes_128_gcm_sha256,
    C::tls_aes_256_gcm_sha384,
    C::tls_chacha20_poly1305_sha256,
};

// Forward secrecy only (ECDHE), ECDSA before RSA, AES-GCM before ChaCha20.
constexpr std::array<CipherSuite, 6> kDefault12 = {
    C::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256,
    C::tls_ecdhe_rsa_with_aes_128_gcm_sha256,
    C::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,
    C::tls_ecdhe_rsa_with_aes_256_gcm_sha384,
    C::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256,
    C::tls_ecdhe_rsa_with_chacha20_poly1305_sha256,
};

}  // namespace

const SuiteInfo* find_suite(std::uint16_t suite, std::uint16_t version) {
  for (const SuiteInfo& s : kSuites) {
    if (code(s.suite) == suite && s.version == version) return &s;
  }
  return nullptr;
}

std::span<const CipherSuite> default_suites(std::uint16_t version) {
  if (version == kTls12) return kDefault12;
  return kDefault13;
}

}  // namespace glasstls::handshake
