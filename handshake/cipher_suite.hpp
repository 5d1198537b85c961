// The cipher suites (RFC 8446 §B.4 for TLS 1.3; RFC 5288, RFC 5289 and
// RFC 7905 for TLS 1.2's AEAD suites): each names an AEAD for the records and
// a hash for the key schedule (HKDF, or the TLS 1.2 PRF) and the transcript —
// and in TLS 1.2 also the key exchange and the server's kind of key.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/aead.hpp"
#include "crypto/sha2.hpp"
#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

// How a TLS 1.2 suite agrees on the premaster secret (TLS 1.3 suites leave
// it to the key_share and pre_shared_key extensions).
enum class KeyExchangeKind : std::uint8_t {
  tls13,  // not part of the suite
  ecdhe,  // ephemeral ECDH, parameters signed by the server (RFC 8422 §2)
  rsa,    // the client encrypts the premaster to the server's RSA key (RFC 5246 §7.4.7.1)
};

// The server key a TLS 1.2 suite needs (TLS 1.3: any).
enum class ServerKeyKind : std::uint8_t { any, ecdsa, rsa };

struct SuiteInfo {
  CipherSuite suite;
  crypto::AeadId aead;
  crypto::HashId hash;
  std::size_t key_length;  // bytes of the traffic key
  std::uint16_t version;   // kTls13 or kTls12
  KeyExchangeKind key_exchange;
  ServerKeyKind server_key;
  // TLS 1.2: the implicit part of the nonce from the key block — 4 bytes
  // for AES-GCM (RFC 5288 §3), 12 for ChaCha20-Poly1305 (RFC 7905 §2).
  std::size_t fixed_iv_length;
};

// The suite's parameters when it is one we implement for `version`, else nullptr.
const SuiteInfo* find_suite(std::uint16_t suite, std::uint16_t version = kTls13);
// Our suites for `version` in our default order of preference (TLS 1.2: the
// RSA key-transport suites are not among them; a client offers them only
// when configured to).
std::span<const CipherSuite> default_suites(std::uint16_t version = kTls13);

}  // namespace glasstls::handshake
