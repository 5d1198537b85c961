#include "handshake/config.hpp"

#include <algorithm>
#include <chrono>

#include "handshake/cipher_suite.hpp"
#include "handshake/signatures.hpp"

namespace glasstls::handshake {

std::int64_t Config::now() const {
  if (clock) return clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<std::uint16_t> Config::effective_suites() const {
  if (!cipher_suites.empty()) return cipher_suites;
  std::vector<std::uint16_t> out;
  for (std::uint16_t v : {kTls13, kTls12}) {
    if (std::find(versions.begin(), versions.end(), v) == versions.end()) continue;
    for (CipherSuite s : default_suites(v)) out.push_back(code(s));
  }
  return out;
}

bool Config::allows(std::uint16_t version) const {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

std::vector<std::uint16_t> Config::effective_groups() const {
  if (!groups.empty()) return groups;
  return {code(NamedGroup::x25519), code(NamedGroup::secp256r1), code(NamedGroup::secp384r1)};
}

std::vector<std::uint16_t> Config::effective_signature_schemes() const {
  return signature_schemes.empty() ? default_signature_schemes() : signature_schemes;
}

}  // namespace glasstls::handshake
