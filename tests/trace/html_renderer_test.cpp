// The HTML page (trace/html_renderer.hpp): for every handshake variant
// (traced_handshakes.hpp) the page is one self-contained document — no
// external asset, no network (a Content-Security-Policy of default-src
// 'none'), the trace embedded intact, the field glossary covering every field
// of every message — and nothing a peer sends can close its script elements.
// The page's behaviour in a browser is tested in tests/tools (headless
// Chromium).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/trace/traced_handshakes.hpp"
#include "trace/field_glossary.hpp"
#include "trace/html_renderer.hpp"
#include "trace/json_export.hpp"

namespace glasstls::test {
namespace {

using nlohmann::json;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text of <script type="application/json" id="ID">, or "" when missing.
std::string script_data(const std::string& page, const std::string& id) {
  const std::string open =
      std::string("<script type=\"application/json\" id=\"").append(id).append("\">");
  const auto begin = page.find(open);
  if (begin == std::string::npos) return "";
  const auto end = page.find("</script>", begin);
  if (end == std::string::npos) return "";
  return page.substr(begin + open.size(), end - begin - open.size());
}

// What a page must be, whatever it shows.
void expect_self_contained(const std::string& page, const std::string& where) {
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n")) << where;
  EXPECT_TRUE(page.ends_with("</html>\n")) << where;
  EXPECT_NE(page.find("content=\"default-src 'none'; style-src 'unsafe-inline'; "
                      "script-src 'unsafe-inline'\""),
            std::string::npos)
      << where << ": the policy that forbids every network load";
  // Nothing is loaded from elsewhere: no src/href attributes, no style
  // imports or urls, no frames, no requests from the script.
  for (const char* outside : {"src=", "href=", "<link", "url(", "@import", "<iframe", "<img",
                              "fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon"}) {
    EXPECT_EQ(page.find(outside), std::string::npos) << where << ": " << outside;
  }
  // Three script elements: the trace, the glossary, the code.
  EXPECT_EQ(count(page, "<script"), 3u) << where;
  EXPECT_EQ(count(page, "</script>"), 3u) << where;
  for (const char* id : {"id=\"timeline\"", "id=\"rows\"", "id=\"keys\"", "id=\"keygraph\"",
                         "id=\"chains\"", "id=\"chainlist\"", "id=\"summary\""}) {
    EXPECT_NE(page.find(id), std::string::npos) << where << ": " << id;
  }
}

void collect_fields(const json& fields, const std::string& message,
                    std::set<std::pair<std::string, std::string>>& out) {
  for (const json& f : fields) {
    std::string name = f["name"].get<std::string>();
    if (name == "extension" && f.contains("value"))
      name = "extension:" + f["value"].get<std::string>();
    out.emplace(message, name);
    if (f.contains("children")) collect_fields(f["children"], message, out);
  }
}

class HtmlPage : public ::testing::TestWithParam<Scenario> {};

TEST_P(HtmlPage, SelfContainedWithTheTraceInside) {
  const Scenario& scenario = GetParam();
  for (const bool secrets : {false, true}) {
    trace::JsonTrace trace(secrets);
    auto run = run_traced(scenario, &trace.client(), &trace.server());
    ASSERT_TRUE(run->ok) << scenario.name;
    trace.connection_string("server_name", "www.example.test");
    const std::string where = scenario.name + (secrets ? " (secrets)" : "");
    const std::string page = trace::render_html(trace.json(), scenario.name);
    expect_self_contained(page, where);
    EXPECT_NE(page.find("<title>GlassTLS trace: " + scenario.name + "</title>"), std::string::npos);

    // The embedded trace is the JsonTrace document, unchanged.
    const json embedded = json::parse(script_data(page, "trace-data"), nullptr, false);
    ASSERT_FALSE(embedded.is_discarded()) << where;
    EXPECT_EQ(embedded, json::parse(trace.json())) << where;

    // Every field of every message has a meaning and an RFC section.
    std::set<std::pair<std::string, std::string>> fields;
    for (const json& e : embedded["events"]) {
      if (e["kind"] == "message") collect_fields(e["fields"], e["name"].get<std::string>(), fields);
    }
    EXPECT_GT(fields.size(), 20u) << where;
    std::string missing;
    for (const auto& [message, name] : fields) {
      const trace::FieldNote* note = trace::field_note(message, name);
      if (!note) {
        missing.append(" ").append(message).append("/").append(name);
        continue;
      }
      EXPECT_FALSE(note->meaning.empty());
      EXPECT_TRUE(note->section.starts_with("RFC ")) << message << " " << name;
    }
    EXPECT_EQ(missing, "") << where << ": fields without a glossary entry";
  }
}

INSTANTIATE_TEST_SUITE_P(Handshakes, HtmlPage, ::testing::ValuesIn(trace_export_scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& param_info) {
                           return param_info.param.name;
                         });

TEST(HtmlPageEscaping, APeerCannotCloseTheScript) {
  trace::JsonTrace trace;
  const std::string hostile = "</script><script>alert(1)</script><!--";
  trace.connection_string("server_name", hostile);
  trace.connection_strings("server_chain", {"CN=</SCRIPT><b>x</b>"});
  const std::string page = trace::render_html(trace.json(), hostile);
  expect_self_contained(page, "hostile names");
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;/script&gt;&lt;script&gt;alert(1)"), std::string::npos) << "the title";
  const json embedded = json::parse(script_data(page, "trace-data"));
  EXPECT_EQ(embedded["connection"]["server_name"], hostile) << "the data survives, escaped";
  EXPECT_EQ(embedded["connection"]["server_chain"][0], "CN=</SCRIPT><b>x</b>");
}

TEST(HtmlPageEscaping, JsonForScriptEscapesOnlyWhatCloses) {
  EXPECT_EQ(trace::json_for_script(R"({"a":"</b> & <!-- x"})"),
            R"({"a":"\u003c/b\u003e \u0026 \u003c!-- x"})");
  EXPECT_EQ(trace::html_escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST(FieldGlossary, MessageSpecificNotesComeFirst) {
  const trace::FieldNote* client = trace::field_note("ClientHello", "random");
  const trace::FieldNote* server = trace::field_note("ServerHello", "random");
  ASSERT_NE(client, nullptr);
  ASSERT_NE(server, nullptr);
  EXPECT_NE(client->meaning, server->meaning);
  EXPECT_EQ(trace::field_note("Finished", "verify_data")->section,
            "RFC 8446 §4.4.4; RFC 5246 §7.4.9");
  EXPECT_EQ(trace::field_note("ClientHello", "no_such_field"), nullptr);
  const json glossary = json::parse(trace::field_glossary_json());
  EXPECT_EQ(glossary["ClientHello/random"][1], "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2");
  EXPECT_EQ(glossary["extension:key_share"][1], "RFC 8446 §4.2.8");
}

}  // namespace
}  // namespace glasstls::test
