// vectors/ecdsa-rfc6979.kat (RFC 6979 A.2.5 and A.2.6) through the known-answer
// runner: the same checks `glasstls selftest` runs.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"
#include "vectors/kat_runner.hpp"

namespace glasstls::vectors {
namespace {

TEST(EcKat, Rfc6979AppendixA2) {
  const auto text = test::read_file(test::vectors_dir() / "ecdsa-rfc6979.kat");
  KatParseError error;
  const KatFile file = parse_kat("ecdsa-rfc6979.kat", text, &error);
  ASSERT_TRUE(error.message.empty()) << error.line << ": " << error.message;
  std::size_t total = 0;
  for (const auto& o : run_kat(file)) {
    for (const auto& f : o.failures) ADD_FAILURE() << o.algorithm << ": " << f;
    EXPECT_EQ(o.passed, o.total) << o.algorithm;
    std::printf("%s: %zu/%zu\n", o.algorithm.c_str(), o.passed, o.total);
    total += o.passed;
  }
  EXPECT_EQ(total, 12u);  // 2 curves x 3 hashes x 2 messages
}

}  // namespace
}  // namespace glasstls::vectors
