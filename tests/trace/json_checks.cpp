#include "tests/trace/json_checks.hpp"

#include <gtest/gtest.h>

namespace glasstls::test {

std::vector<std::uint8_t> unhex(const nlohmann::json& hex) {
  std::vector<std::uint8_t> out;
  if (!hex.is_string()) {
    ADD_FAILURE() << "not a hex string: " << hex.dump();
    return out;
  }
  const std::string s = hex.get<std::string>();
  EXPECT_EQ(s.size() % 2, 0u) << s;
  EXPECT_EQ(s.find_first_not_of("0123456789abcdef"), std::string::npos) << s;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  }
  return out;
}

void expect_tiles(const nlohmann::json& fields, std::size_t begin, std::size_t end,
                  const std::string& where) {
  ASSERT_TRUE(fields.is_array()) << where;
  std::size_t at = begin;
  for (const auto& node : fields) {
    ASSERT_TRUE(node.contains("name") && node.contains("offset") && node.contains("length"))
        << where << ": " << node.dump();
    const std::string name = node["name"].get<std::string>();
    EXPECT_FALSE(name.empty()) << where;
    const auto offset = node["offset"].get<std::size_t>();
    const auto length = node["length"].get<std::size_t>();
    EXPECT_EQ(offset, at) << where << ": field " << name;
    at = offset + length;
    if (node.contains("value")) {
      EXPECT_TRUE(node["value"].is_string()) << where << ": " << name;
    }
    if (node.contains("children")) {
      EXPECT_FALSE(node["children"].empty()) << where << ": " << name;
      expect_tiles(node["children"], offset, at, where + " / " + name);
    }
  }
  EXPECT_EQ(at, end) << where;
}

std::size_t expect_messages_tile(const nlohmann::json& doc, const std::string& where) {
  std::size_t checked = 0;
  for (const auto& e : doc["events"]) {
    if (e["kind"] != "message") continue;
    const std::string what = where + ": " + e["side"].get<std::string>() + " " +
                             e["direction"].get<std::string>() + " " + e["name"].get<std::string>();
    const auto bytes = unhex(e["bytes"]);
    if (bytes.size() < 4) {
      ADD_FAILURE() << what << ": shorter than a handshake header";
      continue;
    }
    EXPECT_EQ(bytes[0], e["type"].get<int>()) << what;
    EXPECT_EQ(bytes.size(), e["length"].get<std::size_t>()) << what;
    // RFC 8446 §4: the 3-byte length counts what follows the 4-byte header.
    EXPECT_EQ(bytes.size() - 4, std::size_t{bytes[1]} << 16 | std::size_t{bytes[2]} << 8 | bytes[3])
        << what;
    EXPECT_FALSE(e["fields"].empty()) << what;
    expect_tiles(e["fields"], 0, bytes.size(), what);
    if (!e["fields"].empty()) {
      EXPECT_EQ(e["fields"][0]["name"], "msg_type") << what;
    }
    ++checked;
  }
  return checked;
}

void expect_field_labels(const nlohmann::json& fields, const std::string& text,
                         const std::string& where) {
  for (const nlohmann::json& f : fields) {
    const std::string label = f["name"].get<std::string>() + " [" +
                              std::to_string(f["offset"].get<std::size_t>()) + "+" +
                              std::to_string(f["length"].get<std::size_t>()) + "]";
    EXPECT_NE(text.find(label), std::string::npos) << where << ": " << label;
    if (f.contains("children")) expect_field_labels(f["children"], text, where);
  }
}

}  // namespace glasstls::test
