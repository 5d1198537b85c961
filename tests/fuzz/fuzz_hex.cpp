// Fuzz target: the hex codec (crypto/hex.hpp).
//
// The input is used twice: as text for from_hex / from_hex_lenient, and as
// bytes to encode with to_hex (plainly, and dressed up as RFC text with
// separators, upper case and a 0x prefix chosen by the bytes themselves).
//   strict:  accepts exactly an even run of hex digits; on success re-encoding
//            gives the lowercased input; on failure the offset is the first
//            bad character (or the length when the digit count is odd).
//   lenient: accepts whatever strict accepts, with the same bytes; anything it
//            accepts equals the strict decode of the text with its separators
//            and prefix removed.
//   to_hex:  lowercase, two digits a byte, and both decoders invert it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hex.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace glasstls;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_sep(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

void check_strict(std::string_view text) {
  const auto r = crypto::from_hex(text);
  std::size_t first_bad = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_hex(text[i])) {
      first_bad = i;
      break;
    }
  }
  const bool valid = text.size() % 2 == 0 && first_bad == text.size();
  GLASSTLS_FUZZ_CHECK(r.ok() == valid);
  if (r.ok()) {
    GLASSTLS_FUZZ_CHECK(r->size() == text.size() / 2);
    std::string lowered(text);
    for (char& ch : lowered) ch = lower(ch);
    GLASSTLS_FUZZ_CHECK(crypto::to_hex(*r) == lowered);
  } else {
    GLASSTLS_FUZZ_CHECK(r.error().alert == AlertDescription::decode_error);
    GLASSTLS_FUZZ_CHECK(r.error().offset == (text.size() % 2 != 0 ? text.size() : first_bad));
  }
}

void check_lenient(std::string_view text) {
  const auto strict = crypto::from_hex(text);
  const auto l = crypto::from_hex_lenient(text);
  if (strict.ok()) GLASSTLS_FUZZ_CHECK(l.ok() && *l == *strict);
  if (!l.ok()) {
    GLASSTLS_FUZZ_CHECK(l.error().alert == AlertDescription::decode_error);
    GLASSTLS_FUZZ_CHECK(l.error().offset <= text.size());
    return;
  }
  // Undo the leniency by hand: leading separators, one 0x, then separators.
  std::size_t i = 0;
  while (i < text.size() && is_sep(text[i])) ++i;
  if (text.substr(i, 2) == "0x" || text.substr(i, 2) == "0X") i += 2;
  std::string digits;
  for (; i < text.size(); ++i) {
    if (!is_sep(text[i])) digits.push_back(text[i]);
  }
  const auto plain = crypto::from_hex(digits);
  GLASSTLS_FUZZ_CHECK(plain.ok() && *plain == *l);
}

void check_encode(std::span<const std::uint8_t> bytes) {
  const std::string h = crypto::to_hex(bytes);
  GLASSTLS_FUZZ_CHECK(h.size() == 2 * bytes.size());
  for (char ch : h) GLASSTLS_FUZZ_CHECK((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
  const auto back = crypto::from_hex(h);
  GLASSTLS_FUZZ_CHECK(back.ok() &&
                      std::equal(back->begin(), back->end(), bytes.begin(), bytes.end()));

  // The same bytes as they appear in an RFC: "0x", "de:ad be\tef", upper case.
  static constexpr char kSeps[] = {' ', ':', '\n', '\t'};
  std::string dressed = !bytes.empty() && (bytes[0] & 0x10) ? "0x" : "";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && (bytes[i] & 0x04)) dressed.push_back(kSeps[bytes[i] & 3]);
    for (char ch : h.substr(2 * i, 2)) {
      dressed.push_back((bytes[i] & 0x08) && ch >= 'a' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
  }
  const auto lenient = crypto::from_hex_lenient(dressed);
  GLASSTLS_FUZZ_CHECK(lenient.ok() &&
                      std::equal(lenient->begin(), lenient->end(), bytes.begin(), bytes.end()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_strict(text);
  check_lenient(text);
  check_encode({data, size});
  return 0;
}
