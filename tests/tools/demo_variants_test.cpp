// `glasstls demo` in each of its variants (issue 13, items 3 and 8): both
// versions, HelloRetryRequest, resumption, RSA key transport and every
// --fail scenario write a JSON trace in which every message's fields tile its
// bytes (and every node's children tile the node); each --fail names the side
// that noticed, the alert it sent and the problem tools/lessons.hpp names,
// the JSON holds that alert, and inconsistent options are usage errors (exit 2).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "tests/tools/demo_run.hpp"
#include "tests/trace/json_checks.hpp"
#include "tools/demo_options.hpp"

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::pair<std::string, int> demo(const std::string& args) { return run_demo(args, true); }

json read_json(const fs::path& file) { return json::parse(slurp(file), nullptr, false); }

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() /
         ("glasstls-demo-variant-" + std::to_string(::getpid()) + "-" + name + ".json");
}

struct Variant {
  const char* name;
  const char* args;
  const char* version;
  bool resumed;  // a second file, NAME-resumed.json
};

class DemoVariant : public ::testing::TestWithParam<Variant> {};

TEST_P(DemoVariant, EveryMessageTiled) {
  const Variant& v = GetParam();
  const fs::path file = temp(v.name);
  const auto [out, code] =
      demo(std::string("--seed 1 --trace summary ") + v.args + " --json " + file.string());
  ASSERT_EQ(code, 0) << out;
  const json doc = read_json(file);
  fs::remove(file);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["connection"]["version"], v.version);
  EXPECT_GE(expect_messages_tile(doc, v.name), 10u);
  if (std::string(v.args).find("--hrr") != std::string::npos) {
    EXPECT_EQ(doc["connection"]["hello_retry_request"], true);
  }
  if (v.resumed) {
    fs::path second = file;
    second.replace_filename(file.stem().string() + "-resumed.json");
    const json again = read_json(second);
    fs::remove(second);
    ASSERT_FALSE(again.is_discarded());
    EXPECT_EQ(again["connection"]["resumed"], true);
    EXPECT_EQ(doc["connection"]["resumed"], false);
    EXPECT_GE(expect_messages_tile(again, std::string(v.name) + " resumed"), 4u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Variants, DemoVariant,
    ::testing::Values(Variant{"tls13", "", "TLS 1.3", false},
                      Variant{"tls12", "--tls 1.2", "TLS 1.2", false},
                      Variant{"tls13_no_mtls", "--no-mtls", "TLS 1.3", false},
                      Variant{"hrr", "--hrr --group secp256r1", "TLS 1.3", false},
                      Variant{"resume13", "--resume", "TLS 1.3", true},
                      Variant{"resume12", "--tls 1.2 --resume", "TLS 1.2", true},
                      Variant{"rsa_kx", "--rsa-kx", "TLS 1.2", false},
                      Variant{"chacha", "--suite TLS_CHACHA20_POLY1305_SHA256 --group secp384r1",
                              "TLS 1.3", false},
                      Variant{"ed25519_12", "--tls 1.2 --sig ed25519", "TLS 1.2", false}),
    [](const ::testing::TestParamInfo<Variant>& param_info) {
      return std::string(param_info.param.name);
    });

// Each scenario runs in both versions.
struct Failure {
  const char* scenario;
  const char* noticed_by;  // "client" or "server"
  const char* alert;
  const char* alert12;  // TLS 1.2's alert, when it differs
  const char* problem;  // tools/lessons.hpp's name for it
};
constexpr Failure kFailures[] = {
    {"unknown-ca", "client", "unknown_ca", nullptr, "unknown CA"},
    {"expired", "client", "certificate_expired", nullptr, "expired certificate"},
    {"not-yet-valid", "client", "certificate_expired", nullptr, "certificate not yet valid"},
    {"hostname", "client", "bad_certificate", nullptr, "hostname mismatch"},
    {"no-client-cert", "server", "certificate_required", "handshake_failure",
     "no client certificate"},
    {"client-cert-unknown-ca", "server", "unknown_ca", nullptr,
     "client certificate rejected: unknown CA"},
    {"no-common-version", "server", "protocol_version", nullptr, "no shared protocol version"},
    {"no-common-group", "server", "handshake_failure", nullptr, "no shared group"},
    {"no-common-suite", "server", "handshake_failure", nullptr, "no shared cipher suite"},
    {"no-common-sig", "server", "handshake_failure", nullptr, "no shared signature scheme"},
    {"wrong-key", "client", "decrypt_error", nullptr, "wrong key for the certificate"},
    {"bad-finished", "server", "decrypt_error", nullptr, "bad Finished"},
};

TEST(DemoFailureList, CoversEveryScenario) {
  for (const char* name : tools::kFailureNames) {
    EXPECT_TRUE(std::any_of(std::begin(kFailures), std::end(kFailures),
                            [name](const Failure& f) { return std::string(f.scenario) == name; }))
        << name << " is not tested";
  }
}

class DemoFailure : public ::testing::TestWithParam<std::tuple<Failure, const char*>> {};

TEST_P(DemoFailure, NamesTheSideAndTheAlert) {
  Failure f = std::get<0>(GetParam());
  const std::string version = std::get<1>(GetParam());
  if (version == "1.2" && f.alert12) f.alert = f.alert12;
  const std::string name = std::string(f.scenario) + "-" + version;
  const fs::path file = temp(name);
  const auto [out, code] = demo("--seed 1 --trace summary --tls " + version + " --fail " +
                                f.scenario + " --json " + file.string());
  ASSERT_EQ(code, 0) << out;
  const std::string other = std::string(f.noticed_by) == "client" ? "server" : "client";
  EXPECT_NE(out.find(std::string("who noticed:    the ") + f.noticed_by), std::string::npos) << out;
  EXPECT_NE(out.find(std::string("what it sent:   a fatal alert, ") + f.alert + " ("),
            std::string::npos)
      << out;
  const auto saw = out.find("the " + other + " saw:");
  ASSERT_NE(saw, std::string::npos) << out;
  EXPECT_NE(out.find(f.alert, saw), std::string::npos) << "the other side saw the alert";
  EXPECT_NE(
      out.find(std::string("the problem:    ") + f.problem + ", found by the " + f.noticed_by),
      std::string::npos)
      << out;
  for (const char* part : {"the rule:", "where:", "the fix:"}) {
    EXPECT_NE(out.find(part), std::string::npos) << part;
  }
  const json doc = read_json(file);
  fs::remove(file);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["connection"]["fail"], f.scenario);
  expect_messages_tile(doc, name);
  bool sent = false, received = false;
  for (const json& e : doc["events"]) {
    if (e["kind"] != "alert" || e["description_name"] != f.alert) continue;
    sent |= e["side"] == f.noticed_by && e["direction"] == "sent";
    received |= e["side"] == other && e["direction"] == "received";
  }
  EXPECT_TRUE(sent) << f.noticed_by << " sent " << f.alert;
  EXPECT_TRUE(received) << other << " received " << f.alert;
}

INSTANTIATE_TEST_SUITE_P(
    Failures, DemoFailure,
    ::testing::Combine(::testing::ValuesIn(kFailures), ::testing::Values("1.3", "1.2")),
    [](const ::testing::TestParamInfo<std::tuple<Failure, const char*>>& param_info) {
      std::string n =
          std::string(std::get<0>(param_info.param).scenario) + "_" + std::get<1>(param_info.param);
      for (char& c : n) {
        if (c == '-' || c == '.') c = '_';
      }
      return n;
    });

TEST(DemoUsage, InconsistentOptionsAreUsageErrors) {
  for (const char* args :
       {"--tls 1.2 --hrr", "--tls 1.3 --rsa-kx", "--rsa-kx --group x25519", "--fail nothing",
        "--no-mtls --fail no-client-cert", "--resume --fail expired", "--sig rsa_pkcs1_sha256",
        "--rsa-kx --fail no-common-sig", "--hrr --fail no-common-version",
        "--suite TLS_AES_128_GCM_SHA256 --tls 1.2", "--trace everything"}) {
    EXPECT_EQ(demo(std::string("--seed 1 ") + args).second, 2) << args;
  }
}

TEST(DemoUsage, PkiIsTheWholePkiStory) {
  const auto [out, code] = demo("pki --seed 1");
  ASSERT_EQ(code, 0);
  EXPECT_NE(out.find("the public-key infrastructure behind TLS, step by step"), std::string::npos);
  EXPECT_EQ(out.find("ClientHello"), std::string::npos) << "no handshake in the PKI story";
}

}  // namespace
}  // namespace glasstls::test
