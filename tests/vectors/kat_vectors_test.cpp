// Every vectors/*.kat file on disk, every record, every backend: one test per
// file, and each failing record is reported by name. Each test prints and
// records (gtest XML properties "records" and "checks") how many vectors it
// ran, so the output says how much was checked, not only that it passed.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "tests/support/test_support.hpp"
#include "vectors/kat_runner.hpp"

namespace glasstls::vectors {
namespace {

std::vector<std::string> kat_files() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(test::vectors_dir())) {
    if (e.path().extension() == ".kat") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class KatFileTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KatFileTest, EveryRecordPassesOnEveryBackend) {
  const auto text = test::read_file(test::vectors_dir() / GetParam());
  KatParseError error;
  const KatFile file = parse_kat(GetParam(), text, &error);
  ASSERT_TRUE(error.message.empty()) << GetParam() << ":" << error.line << ": " << error.message;
  ASSERT_FALSE(file.records.empty()) << "no records in " << GetParam();
  ASSERT_NE(file.source.find("Source"), std::string::npos)
      << GetParam() << " must name its source in a '# Source: ...' header line";
  std::size_t checks = 0;
  std::string runs;
  for (const auto& o : run_kat(file)) {
    EXPECT_GT(o.total, 0u);
    EXPECT_EQ(o.passed, o.total) << o.algorithm << " on " << o.backend;
    for (const auto& f : o.failures) ADD_FAILURE() << o.algorithm << " [" << o.backend << "] " << f;
    checks += o.total;
    runs += (runs.empty() ? "" : ", ") + o.algorithm + " [" + o.backend + "] " +
            std::to_string(o.passed) + "/" + std::to_string(o.total);
  }
  // Every record ran, once per backend of its algorithm.
  EXPECT_GE(checks, file.records.size()) << GetParam();
  RecordProperty("records", static_cast<int>(file.records.size()));
  RecordProperty("checks", static_cast<int>(checks));
  std::cout << "[ vectors  ] " << GetParam() << ": " << file.records.size() << " records, "
            << checks << " checks: " << runs << "\n";
}

INSTANTIATE_TEST_SUITE_P(Vectors, KatFileTest, ::testing::ValuesIn(kat_files()),
                         [](const auto& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.size() - 4);
                           for (auto& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

TEST(KatEmbedded, SelftestCarriesExactlyTheFilesOnDisk) {
  std::map<std::string, std::string> embedded;
  for (const auto& k : embedded_kats()) embedded[std::string(k.name)] = std::string(k.text);
  const auto on_disk = kat_files();
  EXPECT_EQ(embedded.size(), on_disk.size());
  for (const auto& name : on_disk) {
    ASSERT_TRUE(embedded.count(name)) << name << " is not compiled into the self-test";
    EXPECT_EQ(embedded[name], test::read_file(test::vectors_dir() / name)) << name;
  }
}

TEST(KatEmbedded, SelftestPassesAndCoversTheFoundation) {
  const auto outcomes = run_selftest();
  std::map<std::string, std::size_t> passed_by_algorithm;
  for (const auto& o : outcomes) {
    EXPECT_EQ(o.passed, o.total) << o.algorithm << " " << o.backend << " " << o.file;
    passed_by_algorithm[o.algorithm] += o.passed;
  }
  // The foundation's algorithms must all have known answers.
  for (const char* alg :
       {"SHA-256", "SHA-384", "SHA-512", "HMAC-SHA-256", "HMAC-SHA-384", "HMAC-SHA-512",
        "HKDF-SHA-256", "TLS 1.2 PRF SHA-256", "HMAC_DRBG SHA-256"}) {
    EXPECT_GT(passed_by_algorithm[alg], 0u) << "no known-answer vectors for " << alg;
  }
}

}  // namespace
}  // namespace glasstls::vectors
