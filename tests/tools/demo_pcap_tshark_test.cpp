// tshark opens `glasstls demo --seed 1 --pcap FILE` with no option (label
// interop; skipped when tshark is missing): the TLS 1.3 handshake decodes,
// including the messages encrypted under the handshake keys, and so does the
// HTTP request and response inside the application data.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/trace/tshark.hpp"

namespace {

namespace fs = std::filesystem;

TEST(DemoPcap, TsharkDecodesItWithNoOption) {
  if (!glasstls::test::have_tshark()) {
    GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
  }
  const fs::path dir =
      fs::temp_directory_path() / ("glasstls-demo-pcap-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / "demo.pcapng").string();
  ASSERT_EQ(
      std::system((std::string(GLASSTLS_BIN) + " demo --seed 1 --pcap " + file + " >/dev/null 2>&1")
                      .c_str()),
      0);
  const std::string fields = glasstls::test::tshark_tls_fields(file, dir.string());
  std::error_code ec;
  fs::remove_all(dir, ec);
  // EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify,
  // Finished: under the handshake keys, readable only with the key log.
  for (const char* types : {"1", "2,8,13,11,15,20", "11,15,20"}) {
    EXPECT_NE(fields.find(std::string(types).append("\t")), std::string::npos) << types << " in\n"
                                                                               << fields;
  }
  EXPECT_NE(fields.find("GET"), std::string::npos) << fields;
  EXPECT_NE(fields.find("\t200"), std::string::npos) << fields;
}

}  // namespace
