// `glasstls demo --seed 1 --trace LEVEL` (issue 13, item 1): the seeded demo
// handshake in the terminal. At `fields` the output names every message and
// every field (with its byte range) of the JSON export of the same seed; the
// keys appear only at `secrets`, after the warning; piped output has no
// colour; an unknown level is a usage error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/tools/demo_run.hpp"
#include "tests/trace/json_checks.hpp"

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::pair<std::string, int> demo(const std::string& args) { return run_demo(args); }

class DemoTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoTrace, FieldsNamesEveryMessageAndField) {
  const fs::path file =
      fs::temp_directory_path() / ("glasstls-demo-trace-" + std::to_string(::getpid()) + ".json");
  const std::string tls = "--seed 1 --tls " + GetParam();
  ASSERT_EQ(demo(tls + " --secrets --json " + file.string()).second, 0);
  const json doc = json::parse(slurp(file));
  fs::remove(file);

  const auto [fields, code] = demo(tls + " --trace fields");
  ASSERT_EQ(code, 0);
  EXPECT_EQ(fields.find('\x1b'), std::string::npos) << "piped: no colour";
  std::size_t messages = 0;
  for (const json& e : doc["events"]) {
    if (e["kind"] != "message") continue;
    ++messages;
    const std::string head = e["side"].get<std::string>() +
                             (e["direction"] == "sent" ? " -> " : " <- ") +
                             e["name"].get<std::string>() + "  ";
    EXPECT_NE(fields.find(head), std::string::npos) << head;
    expect_field_labels(e["fields"], fields, head);
  }
  EXPECT_GE(messages, 20u);

  const auto [secrets, code2] = demo(tls + " --trace secrets");
  ASSERT_EQ(code2, 0);
  const auto [bytes, code3] = demo(tls + " --trace bytes");
  ASSERT_EQ(code3, 0);
  std::size_t keys = 0;
  for (const json& e : doc["events"]) {
    if (e["kind"] != "key" || !e.contains("value")) continue;
    const std::string value = e["value"];
    if (value.size() < 32) continue;
    ++keys;
    EXPECT_NE(secrets.find(value), std::string::npos) << e["output"];
    EXPECT_EQ(bytes.find(value), std::string::npos) << e["output"];
    EXPECT_EQ(fields.find(value), std::string::npos) << e["output"];
  }
  EXPECT_GT(keys, 3u);
  const std::string warning = "WARNING: secrets level";
  EXPECT_NE(secrets.find(warning), std::string::npos);
  EXPECT_EQ(bytes.find(warning), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Versions, DemoTrace, ::testing::Values("1.3", "1.2"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param == "1.3" ? std::string("tls13")
                                                            : std::string("tls12");
                         });

TEST(DemoTraceUsage, SummaryIsALinePerMessageAndUnknownLevelsFail) {
  const auto [summary, code] = demo("--seed 1 --trace summary");
  ASSERT_EQ(code, 0);
  EXPECT_NE(summary.find("client -> ClientHello  205 bytes"), std::string::npos);
  EXPECT_EQ(summary.find("msg_type [0+1]"), std::string::npos);
  EXPECT_EQ(demo("--seed 1 --trace everything").second, 2);
}

}  // namespace
}  // namespace glasstls::test
