// RFC 8446 §7.1 checked against the TLS 1.3 example traces that became RFC 8448:
// ../shared/vectors/rfc/draft-ietf-tls-tls13-vectors-latest.txt, read in place.
//
// Each trace step that uses HKDF prints its inputs and output, e.g.
//
//   {server}  derive secret "tls13 c hs traffic":
//      PRK (32 octets):  ...      hash (32 octets):  ...
//      info (54 octets): ...      expanded (32 octets): ...
//
// For every such step we recompute: HKDF-Extract (salt, IKM -> secret),
// HkdfLabel (label, hash -> info), HKDF-Expand-Label / Derive-Secret
// (PRK, label, hash -> expanded), and the traffic key and IV derivations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

struct Step {
  std::size_t line = 0;
  std::string header;  // "derive secret \"tls13 c hs traffic\":"
  std::map<std::string, std::vector<std::uint8_t>> fields;
  bool has(const std::string& f) const { return fields.count(f) != 0; }
};

bool is_page_break(std::string_view line) {
  return line.find('\f') != std::string_view::npos ||
         line.find("[Page ") != std::string_view::npos || line.rfind("Internet-Draft", 0) == 0;
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// "   {server}  derive secret ..." -> "derive secret ..."
std::optional<std::string> step_header(std::string_view line) {
  line = trim_left(line);
  for (std::string_view who : {"{client}", "{server}"}) {
    if (line.rfind(who, 0) == 0) return std::string(trim_left(line.substr(who.size())));
  }
  return std::nullopt;
}

// "      PRK (32 octets):  30 31 ..." -> name "PRK", count 32, rest "30 31 ..."
bool field_line(std::string_view line, std::string& name, std::size_t& count,
                std::string_view& rest) {
  if (line.empty() || (line.front() != ' ' && line.front() != '\t')) return false;
  line = trim_left(line);
  const std::size_t open = line.find(" (");
  const std::size_t close = line.find(" octets):");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return false;
  }
  name = std::string(line.substr(0, open));
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != ' ') return false;
  }
  const std::string digits(line.substr(open + 2, close - open - 2));
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  count = std::stoul(digits);
  rest = line.substr(close + 9);
  return true;
}

// Appends the space-separated two-digit hex tokens of `text` to `out`, up to
// `count` bytes; other tokens ("(empty)") are not hex and are skipped.
void take_hex_pairs(std::string_view text, std::size_t count, std::vector<std::uint8_t>& out) {
  while (!text.empty() && out.size() < count) {
    text = trim_left(text);
    const std::size_t end = std::min(text.find(' '), text.size());
    const std::string_view token = text.substr(0, end);
    if (token.size() == 2 && is_hex_digit(token[0]) && is_hex_digit(token[1])) {
      out.push_back(static_cast<std::uint8_t>(std::stoul(std::string(token), nullptr, 16)));
    }
    text.remove_prefix(end);
  }
}

// Splits the trace into steps; a field's hex may continue over several lines
// (and over page breaks) until its announced octet count is reached.
std::vector<Step> parse_trace(const std::string& text) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    lines.emplace_back(text.data() + pos, end - pos);
    pos = end + 1;
  }
  std::vector<Step> steps;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (auto header = step_header(line)) {
      steps.push_back(Step{i + 1, *header, {}});
      continue;
    }
    if (steps.empty()) continue;
    if (trim_left(line).rfind("salt:  0 (all zero octets)", 0) == 0) {
      steps.back().fields["salt"] = {};  // HKDF: no salt = HashLen zeros
      continue;
    }
    std::string name;
    std::size_t count = 0;
    std::string_view rest;
    if (!field_line(line, name, count, rest)) continue;
    std::vector<std::uint8_t> bytes;
    std::size_t j = i;
    while (true) {
      if (!is_page_break(rest)) take_hex_pairs(rest, count, bytes);
      if (bytes.size() >= count || j + 1 >= lines.size()) break;
      rest = lines[++j];
    }
    i = j;
    steps.back().fields[name] = std::move(bytes);
  }
  return steps;
}

// The label in quotes without the "tls13 " prefix that HkdfLabel adds.
std::optional<std::string> quoted_label(const std::string& header) {
  const std::size_t a = header.find('"');
  const std::size_t b = header.find('"', a + 1);
  if (a == std::string::npos || b == std::string::npos) return std::nullopt;
  std::string label = header.substr(a + 1, b - a - 1);
  if (label.rfind("tls13 ", 0) != 0) return std::nullopt;
  return label.substr(6);
}

TEST(Tls13KeySchedule, EveryHkdfStepOfTheExampleTracesRecomputes) {
  const auto path = test::shared_file("vectors/rfc/draft-ietf-tls-tls13-vectors-latest.txt");
  if (!path) return;
  const auto steps = parse_trace(test::read_file(*path));
  constexpr HashId H = HashId::sha256;  // all example traces use TLS_AES_128_GCM_SHA256

  std::size_t extracts = 0, labels = 0, expands = 0, derive_secrets = 0, traffic_keys = 0;
  for (const Step& s : steps) {
    const std::string where = "trace line " + std::to_string(s.line) + ": " + s.header;
    // "(same as server ...)" steps print no values: the other side's step has them.
    if (s.fields.empty()) continue;
    if (s.header.rfind("extract secret", 0) == 0) {
      ASSERT_TRUE(s.has("salt") && s.has("IKM") && s.has("secret")) << where;
      const auto secret = hkdf_extract(H, s.fields.at("salt"), s.fields.at("IKM"));
      EXPECT_EQ(test::hex(secret.bytes()), test::hex(s.fields.at("secret"))) << where;
      ++extracts;
      continue;
    }
    if (s.has("PRK") && s.has("info") && s.has("expanded")) {
      const auto& prk = s.fields.at("PRK");
      const auto& want = s.fields.at("expanded");
      std::vector<std::uint8_t> out(want.size());
      ASSERT_TRUE(hkdf_expand(H, prk, s.fields.at("info"), out).ok()) << where;
      EXPECT_EQ(test::hex(out), test::hex(want)) << where;
      ++expands;
      const auto label = quoted_label(s.header);
      if (label && s.has("hash")) {
        const auto& context = s.fields.at("hash");
        auto info = hkdf_label(static_cast<std::uint16_t>(want.size()), *label, context);
        ASSERT_TRUE(info.ok()) << where;
        EXPECT_EQ(test::hex(*info), test::hex(s.fields.at("info"))) << where;
        std::vector<std::uint8_t> via_label(want.size());
        ASSERT_TRUE(hkdf_expand_label(H, prk, *label, context, via_label).ok()) << where;
        EXPECT_EQ(test::hex(via_label), test::hex(want)) << where;
        ++labels;
        if (s.header.rfind("derive secret", 0) == 0 && want.size() == digest_size(H)) {
          auto derived = derive_secret(H, prk, *label, context);
          ASSERT_TRUE(derived.ok()) << where;
          EXPECT_EQ(test::hex(derived->bytes()), test::hex(want)) << where;
          ++derive_secrets;
        }
      }
    }
    if (s.has("PRK") && s.has("key info") && s.has("iv info")) {
      // RFC 8446 §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
      //                [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
      for (const std::string which : {"key", "iv"}) {
        const auto& want = s.fields.at(which + " expanded");
        auto info = hkdf_label(static_cast<std::uint16_t>(want.size()), which, {});
        ASSERT_TRUE(info.ok());
        EXPECT_EQ(test::hex(*info), test::hex(s.fields.at(which + " info"))) << where;
        std::vector<std::uint8_t> out(want.size());
        ASSERT_TRUE(hkdf_expand_label(H, s.fields.at("PRK"), which, {}, out).ok());
        EXPECT_EQ(test::hex(out), test::hex(want)) << where << " (" << which << ")";
      }
      ++traffic_keys;
    }
  }
  std::printf(
      "TLS 1.3 traces: %zu HKDF-Extract, %zu HKDF-Expand, %zu HKDF-Expand-Label "
      "(%zu Derive-Secret), %zu traffic key/IV derivations recomputed\n",
      extracts, expands, labels, derive_secrets, traffic_keys);
  // The file has exactly these many steps with values (the PSK binder's
  // expansion has no "tls13 " label in its header); fewer means the parser lost some.
  EXPECT_EQ(extracts, 15u);
  EXPECT_EQ(expands, 59u);
  EXPECT_EQ(labels, 58u);
  EXPECT_EQ(derive_secrets, 47u);
  EXPECT_EQ(traffic_keys, 21u);
}

}  // namespace
}  // namespace glasstls::crypto
