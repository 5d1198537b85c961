// The JSON export (trace/json_export.hpp, docs/trace-format.md), read back
// with nlohmann-json: for every message of every handshake variant
// (traced_handshakes.hpp), on both sides, the field tree tiles the message
// (the top-level fields cover it exactly, each node's children cover that
// node exactly), the message bytes are the bytes that went over the wire, and
// secrets appear only in teaching mode.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "handshake/codepoints.hpp"
#include "tests/trace/json_checks.hpp"
#include "tests/trace/traced_handshakes.hpp"
#include "trace/json_export.hpp"
#include "trace/json_writer.hpp"
#include "trace/key_log.hpp"

namespace glasstls::test {
namespace {

using nlohmann::json;
using Bytes = std::vector<std::uint8_t>;

// The negotiated parameters, as the demo writes them.
void describe_connection(trace::JsonTrace& t, const handshake::Connection& c) {
  const auto& n = c.negotiated();
  t.connection_string("version", handshake::version_name(n.version));
  t.connection_string("cipher_suite", handshake::cipher_suite_name(n.cipher_suite));
  t.connection_number("cipher_suite_code", n.cipher_suite);
  t.connection_string("group", n.group ? handshake::group_name(n.group) : "");
  t.connection_bool("resumed", n.resumed);
  t.connection_bool("hello_retry_request", n.hello_retry);
  t.connection_string("alpn", n.alpn);
  t.connection_string("server_name", n.server_name);
}

// Walks `stream` (one side's bytes on the wire) record by record along that
// side's sent record events: each header as traced, each unprotected body as
// traced. Returns the handshake bytes the records carried, decrypted.
Bytes check_records(const std::vector<json>& records, const Bytes& stream,
                    const std::string& where) {
  Bytes handshake;
  std::size_t at = 0;
  for (const json& r : records) {
    const Bytes header = unhex(r["header"]);
    EXPECT_EQ(header.size(), 5u) << where;
    if (at + 5 > stream.size()) {
      ADD_FAILURE() << where << ": a record past the end of the wire bytes";
      return handshake;
    }
    EXPECT_EQ(Bytes(stream.begin() + static_cast<std::ptrdiff_t>(at),
                    stream.begin() + static_cast<std::ptrdiff_t>(at + 5)),
              header)
        << where << ": record header at " << at;
    const std::size_t length = r["length"].get<std::size_t>();
    EXPECT_EQ(length, std::size_t{header[3]} << 8 | header[4]) << where;
    const bool is_protected = r["protected"].get<bool>();
    const Bytes body(
        stream.begin() + static_cast<std::ptrdiff_t>(at + 5),
        stream.begin() + static_cast<std::ptrdiff_t>(std::min(at + 5 + length, stream.size())));
    const auto type = (is_protected ? r["inner_type"] : r["content_type"]).get<int>();
    if (!is_protected) {
      EXPECT_EQ(unhex(r["plaintext"]), body) << where << ": record at " << at;
    }
    if (type == 22) {
      const Bytes plain = unhex(r["plaintext"]);
      handshake.insert(handshake.end(), plain.begin(), plain.end());
    }
    at += 5 + length;
  }
  EXPECT_EQ(at, stream.size()) << where << ": wire bytes left after the last traced record";
  return handshake;
}

// Each side's handshake messages are exactly what its records carried, the
// records are exactly its bytes on the wire, and the peer parsed the same
// messages in the same order (`complete`) or a prefix of them (a handshake
// that failed stops at the failure).
void expect_wire_matches(const json& doc, const TracedRun& run, const std::string& name,
                         bool complete) {
  std::map<std::string, std::vector<json>> sent_records;
  std::map<std::string, Bytes> sent_messages, received_messages;
  for (const json& e : doc["events"]) {
    const std::string side = e["side"].get<std::string>();
    if (e["kind"] == "record" && e["direction"] == "sent") sent_records[side].push_back(e);
    if (e["kind"] != "message") continue;
    const Bytes bytes = unhex(e["bytes"]);
    auto& into = e["direction"] == "sent" ? sent_messages[side] : received_messages[side];
    into.insert(into.end(), bytes.begin(), bytes.end());
  }
  for (const bool client_side : {true, false}) {
    const std::string side = client_side ? "client" : "server";
    const std::string peer = client_side ? "server" : "client";
    const Bytes carried =
        check_records(sent_records[side], run.sent_by(client_side), name + ": " + side);
    EXPECT_EQ(carried, sent_messages[side]) << name << ": " << side;
    const Bytes& sent = sent_messages[side];
    const Bytes& got = received_messages[peer];
    if (complete) {
      EXPECT_EQ(got, sent) << name << ": " << side;
    } else {
      ASSERT_LE(got.size(), sent.size()) << name << ": " << side;
      EXPECT_TRUE(std::equal(got.begin(), got.end(), sent.begin())) << name << ": " << side;
    }
  }
}

struct Param {
  const Scenario* scenario;
  bool secrets;
};

void PrintTo(const Param& p, std::ostream* os) {
  *os << p.scenario->name << (p.secrets ? " with secrets" : "");
}

class JsonExport : public ::testing::TestWithParam<Param> {};

TEST_P(JsonExport, EveryMessageTilesAndIsWhatWentOverTheWire) {
  const Scenario& scenario = *GetParam().scenario;
  const bool secrets = GetParam().secrets;
  trace::JsonTrace trace(secrets);
  const auto run = run_traced(scenario, &trace.client(), &trace.server());
  ASSERT_TRUE(run->ok) << scenario.name << " did not complete";
  describe_connection(trace, *run->client);

  const json doc = json::parse(trace.json());
  EXPECT_EQ(doc["version"], 1);
  const auto& n = run->client->negotiated();
  EXPECT_EQ(doc["connection"]["version"], handshake::version_name(n.version));
  EXPECT_EQ(doc["connection"]["cipher_suite_code"], n.cipher_suite);
  EXPECT_EQ(doc["connection"]["resumed"], scenario.resume);
  ASSERT_TRUE(doc["events"].is_array());
  EXPECT_EQ(doc["events"].size(), trace.event_count());

  const std::set<std::string> kinds = {"record",   "message",  "key",   "transcript",
                                       "state",    "x509",     "alert", "signature",
                                       "finished", "decision", "keylog"};
  std::set<std::string> seen_kinds;
  std::set<std::pair<std::string, int>> seen_messages;  // side, type
  for (const json& e : doc["events"]) {
    ASSERT_TRUE(e.contains("kind") && e.contains("side")) << e.dump();
    const std::string kind = e["kind"].get<std::string>();
    const std::string side = e["side"].get<std::string>();
    EXPECT_TRUE(kinds.count(kind)) << kind;
    EXPECT_TRUE(side == "client" || side == "server") << side;
    seen_kinds.insert(kind);
    if (kind == "key") {
      // RFC 8446 §7.1 / RFC 5246 §8.1 outputs are secrets: teaching mode only.
      EXPECT_EQ(e.contains("value"), secrets) << e.dump();
      for (const json& in : e["inputs"]) {
        if (in["secret"].get<bool>()) {
          EXPECT_EQ(in.contains("value"), secrets) << e.dump();
        }
      }
    }
    if (kind == "record" && !secrets) {
      const bool app_data =
          (e["protected"].get<bool>() ? e["inner_type"] : e["content_type"]) == 23;
      EXPECT_EQ(e.contains("plaintext"), !app_data) << e.dump();
    }
    if (kind != "message") continue;
    const Bytes bytes = unhex(e["bytes"]);
    ASSERT_GE(bytes.size(), 4u) << e.dump();
    EXPECT_EQ(e["name"], handshake::handshake_type_name(bytes[0])) << scenario.name;
    seen_messages.insert({side, bytes[0]});
  }
  // Every message's bytes and field tree (json_checks.hpp).
  EXPECT_GT(expect_messages_tile(doc, scenario.name), 0u);
  for (const char* k : {"record", "message", "key", "state", "finished"}) {
    EXPECT_TRUE(seen_kinds.count(k)) << scenario.name << ": no " << k << " event";
  }
  // A TLS 1.2 abbreviated handshake hashes its transcript for Finished only
  // (in the finished events); the others report it where it is used.
  if (!(scenario.resume && n.version == handshake::kTls12)) {
    EXPECT_TRUE(seen_kinds.count("transcript")) << scenario.name;
  }
  EXPECT_EQ(seen_kinds.count("keylog"), secrets ? 1u : 0u);
  if (!scenario.resume) {
    EXPECT_TRUE(seen_kinds.count("x509")) << scenario.name;
  }

  expect_wire_matches(doc, *run, scenario.name, true);
  // Both hellos and both Finished messages, from both sides.
  for (const std::string side : {"client", "server"}) {
    for (const int type : {1, 2, 20}) {
      EXPECT_TRUE(seen_messages.count({side, type}))
          << scenario.name << ": " << side << " " << type;
    }
  }
}

std::vector<Param> params() {
  std::vector<Param> out;
  for (const Scenario& s : trace_export_scenarios()) {
    out.push_back({&s, false});
    out.push_back({&s, true});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Variants, JsonExport, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<Param>& param_info) {
                           return param_info.param.scenario->name +
                                  (param_info.param.secrets ? "_secrets" : "");
                         });

// A handshake that fails: the JSON still tiles every message either side
// built or parsed, its records are still the bytes on the wire, and it tells
// which side detected the problem and which alert it sent (the demo's
// --fail scenarios, issue 13 item 3).
class JsonExportFailure : public ::testing::TestWithParam<const FailureScenario*> {};

TEST_P(JsonExportFailure, TheAlertAndEveryMessageUpToIt) {
  const FailureScenario& scenario = *GetParam();
  trace::JsonTrace trace(false);
  const auto run = run_failing(scenario, &trace.client(), &trace.server());
  EXPECT_FALSE(run->ok) << scenario.name << " completed";
  const json doc = json::parse(trace.json());
  EXPECT_GT(expect_messages_tile(doc, scenario.name), 0u);

  const std::string detector = scenario.client_detects ? "client" : "server";
  const std::string peer = scenario.client_detects ? "server" : "client";
  std::vector<json> alerts;
  for (const json& e : doc["events"]) {
    if (e["kind"] == "alert") alerts.push_back(e);
  }
  // One fatal alert, sent by the side that detected the problem, with the
  // rule it applied, and received by the other.
  ASSERT_EQ(alerts.size(), 2u) << scenario.name << ": " << json(alerts).dump();
  EXPECT_EQ(alerts[0]["side"], detector) << alerts[0].dump();
  EXPECT_EQ(alerts[0]["direction"], "sent");
  EXPECT_EQ(alerts[0]["level"], 2);
  EXPECT_EQ(alerts[0]["description"], scenario.alert) << alerts[0].dump();
  EXPECT_NE(alerts[0]["description_name"], "unknown");
  EXPECT_NE(alerts[0]["rule"].get<std::string>().find("RFC"), std::string::npos)
      << alerts[0].dump();
  EXPECT_EQ(alerts[1]["side"], peer);
  EXPECT_EQ(alerts[1]["direction"], "received");
  EXPECT_EQ(alerts[1]["description"], scenario.alert);

  expect_wire_matches(doc, *run, scenario.name, false);
}

std::vector<const FailureScenario*> failure_params() {
  std::vector<const FailureScenario*> out;
  for (const auto& f : trace_failure_scenarios()) out.push_back(&f);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Failures, JsonExportFailure, ::testing::ValuesIn(failure_params()),
                         [](const ::testing::TestParamInfo<const FailureScenario*>& param_info) {
                           return param_info.param->name;
                         });

// Another sink on the same connection asks for secrets (the key log, as in
// `glasstls demo --json --pcap`): the connection then puts them into its
// events, and the JSON must still leave them out (Tee: traced_handshakes.hpp).

TEST(JsonTrace, NoSecretsEvenWhenAnotherSinkWantsThem) {
  for (const Scenario& scenario : trace_export_scenarios()) {
    trace::JsonTrace trace(false);
    trace::KeyLogText keys;
    Tee client(trace.client(), keys);
    const auto run = run_traced(scenario, &client, &trace.server());
    ASSERT_TRUE(run->ok) << scenario.name;
    EXPECT_FALSE(keys.text().empty()) << scenario.name << ": the key log got its secrets";
    const json doc = json::parse(trace.json());
    for (const json& e : doc["events"]) {
      EXPECT_NE(e["kind"], "keylog") << scenario.name;
      if (e["kind"] == "key") {
        EXPECT_FALSE(e.contains("value")) << scenario.name << ": " << e.dump();
        for (const json& in : e["inputs"]) {
          if (in["secret"].get<bool>()) {
            EXPECT_FALSE(in.contains("value")) << scenario.name << ": " << e.dump();
          }
        }
      }
    }
    // The secret itself appears nowhere in the document.
    const std::string first_secret = keys.text().substr(0, keys.text().find('\n'));
    const std::string secret_hex = first_secret.substr(first_secret.rfind(' ') + 1);
    EXPECT_EQ(trace.json().find(secret_hex), std::string::npos) << scenario.name;
  }
}

// The flat FieldNode list (each node naming its parent) becomes the nested
// "fields" tree, with values only where there are some.
TEST(JsonTrace, AMessageAndItsTree) {
  const std::uint8_t bytes[] = {20, 0, 0, 2, 0xab, 0xcd};
  const std::vector<trace::FieldNode> nodes = {
      {"msg_type", "Finished", 0, 1, -1}, {"length", "2", 1, 3, -1}, {"body", "", 4, 2, -1},
      {"first", "ab", 4, 1, 2},           {"second", "", 5, 1, 2},   {"bit", "1", 5, 1, 4},
  };
  trace::MessageEvent m{trace::Direction::received, 20, "Finished", bytes, &nodes};
  const json e = json::parse(trace::JsonTrace::event_json(m, trace::Side::server, false));
  EXPECT_EQ(e["kind"], "message");
  EXPECT_EQ(e["side"], "server");
  EXPECT_EQ(e["direction"], "received");
  EXPECT_EQ(e["bytes"], "14000002abcd");
  EXPECT_EQ(e["fields"].dump(),
            R"([{"length":1,"name":"msg_type","offset":0,"value":"Finished"},)"
            R"({"length":3,"name":"length","offset":1,"value":"2"},)"
            R"({"children":[{"length":1,"name":"first","offset":4,"value":"ab"},)"
            R"({"children":[{"length":1,"name":"bit","offset":5,"value":"1"}],)"
            R"("length":1,"name":"second","offset":5}],"length":2,"name":"body","offset":4}])");
  expect_tiles(e["fields"], 0, sizeof bytes, "synthetic");
}

// The tiling check itself fails on gaps, overlaps, short ends and children
// that do not cover their parent.
TEST(JsonChecks, ExpectTilesCatchesEveryFlaw) {
  const auto tree = [](const char* text) { return json::parse(text); };
  EXPECT_NONFATAL_FAILURE(
      expect_tiles(
          tree(R"([{"name":"a","offset":0,"length":1},{"name":"b","offset":2,"length":1}])"), 0, 3,
          "gap"),
      "field b");
  EXPECT_NONFATAL_FAILURE(
      expect_tiles(
          tree(R"([{"name":"a","offset":0,"length":2},{"name":"b","offset":1,"length":2}])"), 0, 3,
          "overlap"),
      "field b");
  EXPECT_NONFATAL_FAILURE(
      expect_tiles(tree(R"([{"name":"a","offset":0,"length":2}])"), 0, 3, "short"), "short");
  EXPECT_NONFATAL_FAILURE(expect_tiles(tree(R"([{"name":"a","offset":0,"length":3,"children":[)"
                                            R"({"name":"x","offset":0,"length":1}]}])"),
                                       0, 3, "child"),
                          "child / a");
  expect_tiles(tree(R"([{"name":"a","offset":0,"length":3,"children":[)"
                    R"({"name":"x","offset":0,"length":1},{"name":"y","offset":1,"length":2}]}])"),
               0, 3, "good");
}

TEST(JsonWriter, EscapesAndKeepsUtf8Valid) {
  EXPECT_EQ(trace::json_quote("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
  EXPECT_EQ(trace::json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  // A lone continuation byte, an overlong '/', a surrogate, a cut sequence.
  EXPECT_EQ(trace::json_quote("\x80"), R"("\ufffd")");
  EXPECT_EQ(trace::json_quote("\xc0\xaf"), R"("\ufffd\ufffd")");
  EXPECT_EQ(trace::json_quote("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(trace::json_quote("\xe2\x82"), R"("\ufffd\ufffd")");
  EXPECT_EQ(trace::json_quote("\xe2\x80\xa8"), R"("\u2028")");
  // Whatever the bytes, the result parses, and valid text round-trips.
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_TRUE(json::accept(trace::json_quote(all)));
  EXPECT_EQ(json::parse(trace::json_quote("x\ty\xc3\xa9")).get<std::string>(), "x\ty\xc3\xa9");

  trace::JsonWriter w;
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.number(1);
  w.boolean(false);
  const std::uint8_t raw[] = {0x00, 0xab};
  w.hex(raw);
  w.end_array();
  w.key("b");
  w.string("");
  w.end_object();
  EXPECT_EQ(w.text(), R"({"a":[1,false,"00ab"],"b":""})");
}

TEST(JsonTrace, ConnectionKeysKeepTheirOrderAndEscapes) {
  trace::JsonTrace t;
  t.connection_string("server_name", "a\"b");
  t.connection_number("cipher_suite_code", 4865);
  t.connection_bool("resumed", false);
  t.connection_strings("peer_names", {"DNS:x", "DNS:y"});
  t.connection_number("cipher_suite_code", 4866);  // replaced in place
  const auto doc = nlohmann::ordered_json::parse(t.json());
  EXPECT_EQ(doc["connection"].dump(),
            R"({"server_name":"a\"b","cipher_suite_code":4866,"resumed":false,)"
            R"("peer_names":["DNS:x","DNS:y"]})");
  EXPECT_TRUE(doc["events"].empty());
}

}  // namespace
}  // namespace glasstls::test
