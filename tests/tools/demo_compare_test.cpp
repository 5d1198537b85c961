// `glasstls demo --compare` (issue 13, item 3) beyond its golden output
// (tools.demo_golden_compare): the options it honours change both
// handshakes (--no-mtls drops the client authentication row from both,
// --group picks both key exchanges), its output is plain text when piped,
// --json FILE holds the same comparison (docs/trace-format.md), and the
// options that belong to one version or one connection are usage errors
// (exit 2).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/tools/demo_run.hpp"

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(DemoCompare, TheJsonHoldsBothOutlines) {
  const fs::path file =
      fs::temp_directory_path() / ("glasstls-demo-compare-" + std::to_string(::getpid()) + ".json");
  const auto [out, code] = run_demo("--compare --seed 1 --json " + file.string());
  ASSERT_EQ(code, 0);
  const std::string text = slurp(file);
  fs::remove(file);
  const json doc = json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << text;
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["mutual_tls"], true);
  ASSERT_EQ(doc["handshakes"].size(), 2u);
  const json& tls12 = doc["handshakes"][0];
  const json& tls13 = doc["handshakes"][1];
  EXPECT_EQ(tls12["version"], "TLS 1.2");
  EXPECT_EQ(tls13["version"], "TLS 1.3");
  EXPECT_EQ(tls12["round_trips"], 2);
  EXPECT_EQ(tls13["round_trips"], 1);
  EXPECT_EQ(tls12["flights"], 4);
  EXPECT_EQ(tls13["flights"], 3);
  // The same messages the terminal lists (13 and 12 items), each with its
  // purpose; the certificates encrypted in TLS 1.3 only.
  EXPECT_EQ(tls12["messages"].size(), 13u);
  EXPECT_EQ(tls13["messages"].size(), 12u);
  for (const json* h : {&tls12, &tls13}) {
    int certificates = 0;
    for (const json& m : (*h)["messages"]) {
      EXPECT_NE(out.find(m["name"].get<std::string>()), std::string::npos) << m;
      if (m["name"] != "Certificate") continue;
      ++certificates;
      EXPECT_EQ(m["encrypted"], *h == tls13) << m;
      EXPECT_EQ(m["purpose"], m["from"] == "client" ? "client authentication"
                                                    : "server authentication");
    }
    EXPECT_EQ(certificates, 2);
  }
}

TEST(DemoCompare, WithoutMutualTlsNoClientAuthenticationRow) {
  const auto [with, code] = run_demo("--compare --seed 1");
  ASSERT_EQ(code, 0);
  EXPECT_NE(with.find("\n client authentication\n"), std::string::npos);
  EXPECT_NE(with.find("Certificate (client)"), std::string::npos);
  const auto [without, code2] = run_demo("--compare --seed 1 --no-mtls");
  ASSERT_EQ(code2, 0);
  EXPECT_EQ(without.find("\n client authentication\n"), std::string::npos);
  EXPECT_EQ(without.find("CertificateRequest"), std::string::npos);
  EXPECT_NE(without.find("application data: 2 in TLS 1.2, 1 in"), std::string::npos) << without;
  EXPECT_EQ(with.find('\x1b'), std::string::npos) << "no colour in a pipe";
}

TEST(DemoCompare, TheGroupIsBothKeyExchanges) {
  const auto [out, code] = run_demo("--compare --seed 1 --group secp256r1");
  ASSERT_EQ(code, 0);
  EXPECT_NE(out.find("TLS 1.2: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, key exchange secp256r1"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("TLS 1.3: TLS_AES_128_GCM_SHA256, key exchange secp256r1"),
            std::string::npos);
}

TEST(DemoCompare, OptionsOfOneVersionOrOneConnectionAreUsageErrors) {
  for (const char* args : {"--tls 1.2", "--tls 1.3", "--fail expired", "--hrr", "--rsa-kx",
                           "--suite TLS_AES_128_GCM_SHA256", "--resume", "--step",
                           "--pcap /dev/null", "--secrets", "--trace bytes"}) {
    const auto [out, code] = run_demo(std::string("--compare --seed 1 ") + args, true);
    EXPECT_EQ(code, 2) << args;
    EXPECT_NE(out.find("--compare does not take"), std::string::npos) << args << ": " << out;
  }
}

}  // namespace
}  // namespace glasstls::test
