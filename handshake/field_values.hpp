// How field values read in a trace: short hex for byte strings.
#pragma once

#include <span>
#include <string>

#include "crypto/hex.hpp"

namespace glasstls::handshake {

// Up to 32 bytes as hex; longer values as their first 32 bytes, "..." and the size.
inline std::string hex_value(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return "(empty)";
  if (bytes.size() <= 32) return crypto::to_hex(bytes);
  return crypto::to_hex(bytes.first(32)) + "... (" + std::to_string(bytes.size()) + " bytes)";
}

}  // namespace glasstls::handshake
