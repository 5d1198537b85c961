#include "crypto/hex.hpp"

#include "crypto/secret.hpp"

namespace glasstls::crypto {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':'; }

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

SecretString hex_for_teaching(std::span<const std::uint8_t> bytes, TeachingConsent) {
  return SecretString(to_hex(bytes));
}

Result<std::vector<std::uint8_t>> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) {
    return make_error(AlertDescription::decode_error, "hex: odd number of digits", text.size());
  }
  std::vector<std::uint8_t> out(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = digit_value(text[i]);
    const int lo = digit_value(text[i + 1]);
    if (hi < 0) return make_error(AlertDescription::decode_error, "hex: not a hex digit", i);
    if (lo < 0) return make_error(AlertDescription::decode_error, "hex: not a hex digit", i + 1);
    out[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<std::vector<std::uint8_t>> from_hex_lenient(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_separator(text[i])) ++i;
  if (text.substr(i, 2) == "0x" || text.substr(i, 2) == "0X") i += 2;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  while (i < text.size()) {
    if (is_separator(text[i])) {
      ++i;
      continue;
    }
    const int hi = digit_value(text[i]);
    if (hi < 0) return make_error(AlertDescription::decode_error, "hex: not a hex digit", i);
    if (i + 1 >= text.size()) {
      return make_error(AlertDescription::decode_error, "hex: odd number of digits", i);
    }
    const int lo = digit_value(text[i + 1]);
    if (lo < 0) {
      return make_error(AlertDescription::decode_error, "hex: digit pair split or bad digit",
                        i + 1);
    }
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

}  // namespace glasstls::crypto
