// Hex encoding for traces, tests and vector files. Not constant time: never pass
// secrets here (Secret offers reveal_hex_for_teaching() for that).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/result.hpp"

namespace glasstls::crypto {

// "0a1b..." lowercase, no separators.
std::string to_hex(std::span<const std::uint8_t> bytes);

// Strict: an even number of hex digits and nothing else. The error's offset is
// the position of the first bad character.
Result<std::vector<std::uint8_t>> from_hex(std::string_view text);

// For text copied from RFCs: skips spaces, tabs, newlines and ':' between digit
// pairs, and an optional leading "0x". A digit pair must not be split.
Result<std::vector<std::uint8_t>> from_hex_lenient(std::string_view text);

}  // namespace glasstls::crypto
