// tshark opens `glasstls demo --seed 1 --pcap FILE` with no option (label
// interop; skipped when tshark is missing): the handshake decodes, including
// the messages encrypted under the handshake keys, and so do the HTTP request
// and response inside the application data. TLS 1.3 and TLS 1.2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/trace/tshark.hpp"

namespace {

namespace fs = std::filesystem;

// What tshark decodes of the capture `glasstls demo --seed 1 <args> --pcap`
// writes ("" when the demo failed).
std::string demo_capture_fields(const std::string& args) {
  const fs::path dir =
      fs::temp_directory_path() / ("glasstls-demo-pcap-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / "demo.pcapng").string();
  std::string fields;
  const std::string command =
      std::string(GLASSTLS_BIN) + " demo --seed 1 " + args + " --pcap " + file + " >/dev/null 2>&1";
  if (std::system(command.c_str()) == 0) {
    fields = glasstls::test::tshark_tls_fields(file, dir.string());
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return fields;
}

TEST(DemoPcap, Tls13TsharkDecodesItWithNoOption) {
  if (!glasstls::test::have_tshark()) GTEST_SKIP() << "tshark is not installed";
  const std::string fields = demo_capture_fields("");
  // EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify,
  // Finished: under the handshake keys, readable only with the key log.
  for (const char* types : {"1\t", "2,8,13,11,15,20\t", "11,15,20\t"}) {
    EXPECT_NE(fields.find(types), std::string::npos) << types << " in\n" << fields;
  }
  EXPECT_NE(fields.find("GET"), std::string::npos) << fields;
  EXPECT_NE(fields.find("\t200"), std::string::npos) << fields;
}

TEST(DemoPcap, Tls12TsharkDecodesItWithNoOption) {
  if (!glasstls::test::have_tshark()) GTEST_SKIP() << "tshark is not installed";
  const std::string fields = demo_capture_fields("--tls 1.2");
  // The client's and the server's Finished are encrypted (RFC 5246 §7.4.9):
  // their type shows only with the master secret from the key log.
  for (const char* types : {"1\t", "2,11,12,13,14\t", "11,16,15,20\t", "\n20\t"}) {
    EXPECT_NE(fields.find(types), std::string::npos) << types << " in\n" << fields;
  }
  EXPECT_NE(fields.find("GET"), std::string::npos) << fields;
  EXPECT_NE(fields.find("\t200"), std::string::npos) << fields;
}

}  // namespace
