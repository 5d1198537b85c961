// The TLS 1.3 cipher suites (RFC 8446 §B.4): each names an AEAD for the
// records and a hash for HKDF and the transcript.
#pragma once

#include <cstdint>
#include <span>

#include "crypto/aead.hpp"
#include "crypto/sha2.hpp"
#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

struct SuiteInfo {
  CipherSuite suite;
  crypto::AeadId aead;
  crypto::HashId hash;
  std::size_t key_length;  // bytes of the traffic key
};

// The suite's parameters, or nullptr for one we do not implement.
const SuiteInfo* find_suite(std::uint16_t suite);
// Our suites in our default order of preference.
std::span<const CipherSuite> default_suites();

}  // namespace glasstls::handshake
