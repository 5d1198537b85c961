// The terminal's illustrated view (trace/illustrated_renderer.hpp), over
// in-process handshakes of both versions with mutual TLS: every message at
// every level; from `fields` on, every field of every message with its exact
// byte range; from `bytes` on, the fields' hex; the keys and secrets only at
// `secrets`, after the warning — even when another sink on the connection
// (here a teaching-mode JSON export) made the events carry them; colour only
// when asked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/trace/json_checks.hpp"
#include "tests/trace/traced_handshakes.hpp"
#include "trace/illustrated_renderer.hpp"
#include "trace/json_export.hpp"

namespace glasstls::test {
namespace {

using nlohmann::json;
using trace::TraceLevel;

const Scenario& scenario(const std::string& name) {
  for (const Scenario& s : trace_export_scenarios())
    if (s.name == name) return s;
  throw std::runtime_error("no scenario " + name);
}

struct Rendered {
  std::string text;
  json doc;  // the same connection's events, with secrets
};

Rendered render(const std::string& name, TraceLevel level, bool colour = false) {
  std::ostringstream out;
  trace::IllustratedRenderer client(out, level, colour, "client");
  trace::IllustratedRenderer server(out, level, colour, "server");
  trace::JsonTrace recorded(true);
  Tee c(recorded.client(), client), s(recorded.server(), server);
  auto run = run_traced(scenario(name), &c, &s);
  EXPECT_TRUE(run->ok) << name;
  return {out.str(), json::parse(recorded.json())};
}

class Illustrated : public ::testing::TestWithParam<std::string> {};

TEST_P(Illustrated, EachLevelShowsWhatItShould) {
  for (const TraceLevel level :
       {TraceLevel::summary, TraceLevel::fields, TraceLevel::bytes, TraceLevel::secrets}) {
    const auto [text, doc] = render(GetParam(), level);
    const std::string where = GetParam() + " level " + std::to_string(static_cast<int>(level));
    std::size_t messages = 0, secrets = 0;
    for (const json& e : doc["events"]) {
      if (e["kind"] == "message") {
        ++messages;
        const std::string head =
            e["side"].get<std::string>() + (e["direction"] == "sent" ? " -> " : " <- ") +
            e["name"].get<std::string>() + "  " + std::to_string(e["length"].get<int>()) + " bytes";
        EXPECT_NE(text.find(head), std::string::npos) << where << ": " << head;
        if (level >= TraceLevel::fields) expect_field_labels(e["fields"], text, where);
      }
      if (e["kind"] == "key" && e.contains("value") && e["value"].get<std::string>().size() >= 32) {
        ++secrets;
        const bool shown = text.find(e["value"].get<std::string>()) != std::string::npos;
        EXPECT_EQ(shown, level == TraceLevel::secrets)
            << where << ": " << e["output"] << " " << e["value"];
      }
    }
    EXPECT_GE(messages, 20u) << where;
    EXPECT_GT(secrets, 3u) << where << ": the JSON export asked for the secrets";
    EXPECT_EQ(text.find(trace::IllustratedRenderer::kSecretsWarning) != std::string::npos,
              level == TraceLevel::secrets)
        << where;
    if (level == TraceLevel::secrets) {
      EXPECT_LT(text.find(trace::IllustratedRenderer::kSecretsWarning), text.find(" -> "));
    }
    // Only from `fields` on: the key schedule, the transcript hash, the
    // signed content, Finished, states and path decisions.
    for (const char* piece : {"Transcript-Hash(", "signed content: ", "verify_data = ", " state  ",
                              " path  ", " key  ", "master_secret = "}) {
      EXPECT_EQ(text.find(piece) != std::string::npos, level >= TraceLevel::fields)
          << where << ": " << piece;
    }
    // The hex of the fields only from `bytes` on: msg_type 01 at offset 0.
    EXPECT_EQ(text.find("  0000  01  ") != std::string::npos, level >= TraceLevel::bytes) << where;
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << where << ": no colour unless asked";
  }
}

INSTANTIATE_TEST_SUITE_P(Mtls, Illustrated, ::testing::Values("tls13_mtls", "tls12_mtls"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

TEST(IllustratedRendering, TheKeyScheduleIsATree) {
  const auto [text, doc] = render("tls13_mtls", TraceLevel::fields);
  // RFC 8446 §7.1's labels, with each input's source.
  for (const char* piece :
       {"client_handshake_traffic_secret = Derive-Secret(Handshake Secret, \"tls13 c hs traffic\", "
        "Transcript-Hash)",
        "| Handshake Secret <- handshake_secret", "| salt <- derived",
        "| Master Secret <- master_secret",
        "signed content: 64 x 0x20, \"TLS 1.3, server CertificateVerify\", 0x00"}) {
    EXPECT_NE(text.find(piece), std::string::npos) << piece;
  }
  const auto [text12, doc12] = render("tls12_mtls", TraceLevel::fields);
  EXPECT_NE(text12.find("master_secret = PRF(pre_master_secret, \"extended master secret\""),
            std::string::npos);
  EXPECT_NE(text12.find("| master_secret <- master_secret"), std::string::npos);
}

TEST(IllustratedRendering, ColourOnlyWhenAsked) {
  const auto [text, doc] = render("tls13_mtls", TraceLevel::summary, true);
  EXPECT_NE(text.find("\x1b[1mClientHello\x1b[0m"), std::string::npos);
}

TEST(IllustratedRendering, Levels) {
  EXPECT_EQ(trace::parse_trace_level("summary"), TraceLevel::summary);
  EXPECT_EQ(trace::parse_trace_level("secrets"), TraceLevel::secrets);
  EXPECT_EQ(trace::parse_trace_level("all"), std::nullopt);
}

}  // namespace
}  // namespace glasstls::test
