// tshark as a second opinion on the pcapng writer (label interop): a TLS 1.3
// and a TLS 1.2 handshake with one HTTP request and response each, written by
// trace::TcpCapture with the client's key log in a Decryption Secrets Block,
// open in tshark with no option at all — the handshake messages decode,
// including those TLS 1.3 encrypts (EncryptedExtensions, Certificate,
// CertificateVerify, Finished), and so does the application data (as HTTP).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/trace/traced_handshakes.hpp"
#include "tests/trace/tshark.hpp"
#include "trace/key_log.hpp"

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;

// The TLS fields tshark decoded from `scenario`'s capture: one line per
// packet, tab-separated: handshake types, HTTP method, HTTP status.
std::string tshark_fields(const std::string& scenario_name, const fs::path& dir,
                          bool with_keys = true) {
  const auto& all = trace_export_scenarios();
  const auto scenario = std::find_if(all.begin(), all.end(),
                                     [&](const Scenario& s) { return s.name == scenario_name; });
  if (scenario == all.end()) return "no such scenario";
  trace::KeyLogText keys;
  const auto traced = run_traced(*scenario, &keys, nullptr);
  if (!traced->ok) return "the handshake failed";
  const auto bytes = capture(*traced, with_keys ? keys.text() : std::string());
  const fs::path file = dir / (scenario_name + ".pcapng");
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return tshark_tls_fields(file.string(), dir.string());
}

std::set<std::string> handshake_types(const std::string& fields) {
  std::set<std::string> out;
  std::istringstream lines(fields);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cols(line.substr(0, line.find('\t')));
    for (std::string t; std::getline(cols, t, ',');) {
      if (!t.empty()) out.insert(t);
    }
  }
  return out;
}

class TsharkDecodes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
    dir_ = fs::temp_directory_path() /
           ("glasstls-pcapng-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(TsharkDecodes, Tls13EncryptedHandshakeAndApplicationData) {
  const std::string fields = tshark_fields("tls13_mtls", dir_);
  // ClientHello, ServerHello, then under the handshake keys EncryptedExtensions
  // (8), CertificateRequest (13), Certificate (11), CertificateVerify (15) and
  // Finished (20) — visible only if the key log was found and used.
  const std::set<std::string> want = {"1", "2", "8", "11", "13", "15", "20"};
  const auto types = handshake_types(fields);
  for (const auto& t : want) EXPECT_TRUE(types.count(t)) << "type " << t << " in\n" << fields;
  // The application data, decrypted and dissected as HTTP (port 443).
  EXPECT_NE(fields.find("GET"), std::string::npos) << fields;
  EXPECT_NE(fields.find("200"), std::string::npos) << fields;

  // The control: without the Decryption Secrets Block only the hellos show.
  const std::string sealed = tshark_fields("tls13_mtls", dir_, false);
  EXPECT_EQ(handshake_types(sealed), (std::set<std::string>{"1", "2"})) << sealed;
  EXPECT_EQ(sealed.find("GET"), std::string::npos) << sealed;
}

TEST_F(TsharkDecodes, Tls12FinishedAndApplicationData) {
  const std::string fields = tshark_fields("tls12", dir_);
  const auto types = handshake_types(fields);
  // ClientHello, ServerHello, Certificate, ServerKeyExchange, ServerHelloDone,
  // ClientKeyExchange, and the Finished messages (encrypted in TLS 1.2 too).
  for (const auto& t : {"1", "2", "11", "12", "14", "16", "20"}) {
    EXPECT_TRUE(types.count(t)) << "type " << t << " in\n" << fields;
  }
  EXPECT_NE(fields.find("GET"), std::string::npos) << fields;
  EXPECT_NE(fields.find("200"), std::string::npos) << fields;
}

}  // namespace
}  // namespace glasstls::test
