// `glasstls demo --compare` (issue 13, item 3) beyond its golden output
// (tools.demo_golden_compare): the options it honours change both
// handshakes (--no-mtls drops the client authentication row from both,
// --group picks both key exchanges), its output is plain text when piped,
// and the options that belong to one version or one connection are usage
// errors (exit 2).
#include <gtest/gtest.h>

#include <string>

#include "tests/tools/demo_run.hpp"

namespace glasstls::test {
namespace {

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
                           "--json /dev/null", "--pcap /dev/null", "--secrets", "--trace bytes"}) {
    const auto [out, code] = run_demo(std::string("--compare --seed 1 ") + args, true);
    EXPECT_EQ(code, 2) << args;
    EXPECT_NE(out.find("--compare does not take"), std::string::npos) << args << ": " << out;
  }
}

}  // namespace
}  // namespace glasstls::test
