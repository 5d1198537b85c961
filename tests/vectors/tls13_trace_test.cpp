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

#include <map>
#include <regex>

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

bool is_page_break(const std::string& line) {
  return line.find('\f') != std::string::npos || line.find("[Page ") != std::string::npos ||
         line.rfind("Internet-Draft", 0) == 0;
}

// Splits the trace into steps; a field's hex may continue over several lines
// (and over page breaks) until its announced octet count is reached.
std::vector<Step> parse_trace(const std::string& text) {
  std::vector<Step> steps;
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  const std::regex header_re(R"(^\s+\{(client|server)\}\s+(.*)$)");
  const std::regex field_re(R"(^\s+([A-Za-z][A-Za-z ]*?) \((\d+) octets\):\s*(.*)$)");
  const std::regex zero_salt_re(R"(^\s+salt:\s+0 \(all zero octets\))");
  const std::regex hex_pair_re(R"([0-9a-f]{2})");
  std::smatch m;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (std::regex_match(line, m, header_re)) {
      steps.push_back(Step{i + 1, m[2].str(), {}});
      continue;
    }
    if (steps.empty()) continue;
    if (std::regex_search(line, zero_salt_re)) {
      steps.back().fields["salt"] = {};  // HKDF: no salt = HashLen zeros
      continue;
    }
    if (!std::regex_match(line, m, field_re)) continue;
    const std::string name = m[1].str();
    const std::size_t count = std::stoul(m[2].str());
    std::vector<std::uint8_t> bytes;
    std::string rest = m[3].str();
    std::size_t j = i;
    while (true) {
      if (!is_page_break(rest)) {
        for (auto it = std::sregex_iterator(rest.begin(), rest.end(), hex_pair_re);
             it != std::sregex_iterator() && bytes.size() < count; ++it) {
          bytes.push_back(static_cast<std::uint8_t>(std::stoul(it->str(), nullptr, 16)));
        }
      }
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
  std::printf("TLS 1.3 traces: %zu HKDF-Extract, %zu HKDF-Expand, %zu HKDF-Expand-Label "
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
