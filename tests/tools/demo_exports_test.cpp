// `glasstls demo --json FILE --pcap FILE --seed N` (issue 13): after the PKI
// story the demo's client and server talk TLS 1.3 with mutual TLS in memory
// and export that connection. Both files are written; the same seed gives
// the same bytes; the JSON is version 1 with every message tiled by its field
// tree (tests/trace/json_checks.hpp) and keys only with --secrets; the
// pcapng carries the key log in its Decryption Secrets Block.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/trace/json_checks.hpp"

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The exit code of `glasstls demo <args>` (its output discarded).
int demo(const std::string& args) {
  const std::string command =
      std::string(GLASSTLS_BIN).append(" demo ").append(args).append(" >/dev/null 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DemoExports : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("glasstls-demo-exports-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(DemoExports, WrittenReproducibleAndTiled) {
  ASSERT_EQ(demo("--seed 1 --json " + path("a.json") + " --pcap " + path("a.pcapng")), 0);
  ASSERT_EQ(demo("--seed 1 --json " + path("b.json") + " --pcap " + path("b.pcapng")), 0);
  const std::string text = slurp(path("a.json"));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text, slurp(path("b.json"))) << "--seed 1 twice: the same JSON";
  EXPECT_EQ(slurp(path("a.pcapng")), slurp(path("b.pcapng"))) << "--seed 1 twice: the same pcap";
  ASSERT_EQ(demo("--seed 2 --json " + path("c.json")), 0);
  EXPECT_NE(text, slurp(path("c.json"))) << "another seed, other randoms and keys";

  const json doc = json::parse(text);
  EXPECT_EQ(doc["version"], 1);
  const json& c = doc["connection"];
  EXPECT_EQ(c["version"], "TLS 1.3");
  EXPECT_EQ(c["server_name"], "www.example.test");
  EXPECT_EQ(c["mutual_tls"], true);
  EXPECT_EQ(c["server_chain"][0], "CN=www.example.test,O=Example Shop");
  EXPECT_EQ(c["client_chain"][0], "CN=alice,O=Example Shop");

  // A full TLS 1.3 handshake with mutual TLS: 10 messages sent, 10 received.
  EXPECT_EQ(expect_messages_tile(doc, "demo --seed 1"), 20u);
  std::set<std::string> sent;
  std::set<std::string> kinds;
  for (const json& e : doc["events"]) {
    kinds.insert(e["kind"].get<std::string>());
    if (e["kind"] == "message" && e["direction"] == "sent") {
      sent.insert(e["side"].get<std::string>() + " " + e["name"].get<std::string>());
    }
    if (e["kind"] == "key") {
      EXPECT_FALSE(e.contains("value")) << "a key without --secrets";
    }
  }
  for (const char* m :
       {"client ClientHello", "server ServerHello", "server EncryptedExtensions",
        "server CertificateRequest", "server Certificate", "server CertificateVerify",
        "server Finished", "client Certificate", "client CertificateVerify", "client Finished"}) {
    EXPECT_TRUE(sent.count(m)) << m;
  }
  for (const char* k : {"record", "message", "key", "transcript", "state", "x509", "signature",
                        "finished", "decision", "alert"}) {
    EXPECT_TRUE(kinds.count(k)) << k;
  }
  EXPECT_FALSE(kinds.count("keylog"));
}

TEST_F(DemoExports, Tls12WrittenReproducibleAndTiled) {
  const std::string args = "--seed 1 --tls 1.2 --json ";
  ASSERT_EQ(demo(args + path("a.json") + " --pcap " + path("a.pcapng")), 0);
  ASSERT_EQ(demo(args + path("b.json") + " --pcap " + path("b.pcapng")), 0);
  const std::string text = slurp(path("a.json"));
  EXPECT_EQ(text, slurp(path("b.json")));
  EXPECT_EQ(slurp(path("a.pcapng")), slurp(path("b.pcapng")));
  const json doc = json::parse(text);
  EXPECT_EQ(doc["connection"]["version"], "TLS 1.2");
  EXPECT_EQ(doc["connection"]["extended_master_secret"], true);
  EXPECT_EQ(doc["connection"]["mutual_tls"], true);
  // RFC 5246 §7.3 with a client certificate: 11 messages sent, 11 received.
  EXPECT_EQ(expect_messages_tile(doc, "demo --seed 1 --tls 1.2"), 22u);
  std::set<std::string> sent;
  for (const json& e : doc["events"]) {
    if (e["kind"] == "message" && e["direction"] == "sent") {
      sent.insert(e["side"].get<std::string>() + " " + e["name"].get<std::string>());
    }
  }
  for (const char* m :
       {"server ServerKeyExchange", "server ServerHelloDone", "client ClientKeyExchange",
        "client CertificateVerify", "server Finished"}) {
    EXPECT_TRUE(sent.count(m)) << m;
  }
  EXPECT_EQ(demo("--seed 1 --tls 1.1 --json " + path("c.json")), 2) << "a usage error";
}

TEST_F(DemoExports, SecretsOnlyWithSecrets) {
  ASSERT_EQ(demo("--seed 1 --secrets --json " + path("s.json")), 0);
  const json doc = json::parse(slurp(path("s.json")));
  std::size_t keys = 0, keylog = 0;
  for (const json& e : doc["events"]) {
    if (e["kind"] == "key" && e.contains("value")) ++keys;
    if (e["kind"] == "keylog") ++keylog;
  }
  EXPECT_GT(keys, 0u);
  // RFC 8446 §7.1's secrets as the key log names them: handshake and
  // application traffic secrets both ways, and the exporter secret, from
  // each side.
  EXPECT_GE(keylog, 5u);
}

TEST_F(DemoExports, PcapngHoldsTheKeyLog) {
  ASSERT_EQ(demo("--seed 1 --pcap " + path("a.pcapng")), 0);
  const std::string file = slurp(path("a.pcapng"));
  ASSERT_GT(file.size(), 28u);
  EXPECT_EQ(file.substr(0, 4), std::string("\x0a\x0d\x0d\x0a", 4));  // Section Header Block
  EXPECT_EQ(file.substr(8, 4), std::string("\x4d\x3c\x2b\x1a", 4));  // little-endian magic
  // A Decryption Secrets Block ("TLSK") holding the TLS 1.3 secrets.
  EXPECT_NE(file.find(std::string("\x0a\x00\x00\x00", 4)), std::string::npos);
  EXPECT_NE(file.find("KSLT"), std::string::npos);
  for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                            "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"}) {
    EXPECT_NE(file.find(label), std::string::npos) << label;
  }
}

TEST_F(DemoExports, AFileThatCannotBeWrittenFails) {
  EXPECT_EQ(demo("--seed 1 --json " + path("missing/dir/a.json")), 1);
  EXPECT_FALSE(fs::exists(path("missing/dir/a.json")));
}

}  // namespace
}  // namespace glasstls::test
