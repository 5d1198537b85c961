// The .kat format and its runner on small texts made here: parsing (records,
// sections, value forms, errors with line numbers) and a wrong answer or an
// unknown section failing. The vectors/*.kat files themselves run in
// tests/vectors/kat_vectors_test.cpp, one test per file, each printing how
// many records and checks it ran.
#include "vectors/kat_file.hpp"

#include <gtest/gtest.h>

#include "crypto/hex.hpp"
#include "vectors/kat_runner.hpp"

namespace glasstls::vectors {
namespace {

TEST(KatFile, ParsesRecordsSectionsAndValueForms) {
  const char* text =
      "# Source: a test\n"
      "# second header line\n"
      "\n"
      "[sha256]\n"
      "name = first\n"
      "msg = \"abc\"\n"
      "md  = 0011\n"
      "      2233\n"
      "\n"
      "msg = \"ab\" * 3\n"
      "md =\n"
      "\n"
      "[hmac-sha256]\n"
      "key = 0b0b\n";
  KatParseError err;
  const KatFile f = parse_kat("t.kat", text, &err);
  EXPECT_TRUE(err.message.empty()) << err.message;
  EXPECT_EQ(f.source, "Source: a test\nsecond header line\n");
  ASSERT_EQ(f.records.size(), 3u);
  EXPECT_EQ(f.records[0].section, "sha256");
  EXPECT_EQ(f.records[0].name, "first");
  EXPECT_EQ(f.records[0].text("msg"), "abc");
  EXPECT_EQ(crypto::to_hex(f.records[0].bytes("md")), "00112233");
  EXPECT_EQ(f.records[1].text("msg"), "ababab");
  EXPECT_TRUE(f.records[1].has("md"));
  EXPECT_TRUE(f.records[1].bytes("md").empty());
  EXPECT_EQ(f.records[1].name, "line 10");
  EXPECT_EQ(f.records[2].section, "hmac-sha256");
}

TEST(KatFile, ReportsErrorsWithLineNumbers) {
  KatParseError e1;
  parse_kat("t.kat", "[sha256]\nmsg = zz\n", &e1);
  EXPECT_EQ(e1.line, 2u);
  KatParseError e2;
  parse_kat("t.kat", "msg = 00\n", &e2);
  EXPECT_EQ(e2.line, 1u);
  KatParseError e3;
  parse_kat("t.kat", "[sha256]\nmsg = 00\nmsg = 01\n", &e3);
  EXPECT_EQ(e3.line, 3u);
  KatParseError e4;
  parse_kat("t.kat", "[sha256]\nmsg = \"abc\n", &e4);
  EXPECT_FALSE(e4.message.empty());
}

TEST(KatRunner, WrongAnswerAndUnknownSectionFail) {
  const char* text =
      "[sha256]\nname = right\nmsg = \"abc\"\n"
      "md = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n\n"
      "name = wrong\nmsg = \"abd\"\n"
      "md = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n\n"
      "[no-such-algorithm]\nx = 00\n";
  KatParseError err;
  const auto outcomes = run_kat(parse_kat("t.kat", text, &err));
  ASSERT_GE(outcomes.size(), 2u);
  for (const auto& o : outcomes) {
    if (o.algorithm == "SHA-256") {
      EXPECT_EQ(o.total, 2u);
      EXPECT_EQ(o.passed, 1u);
      ASSERT_EQ(o.failures.size(), 1u);
      EXPECT_NE(o.failures[0].find("wrong"), std::string::npos);
    } else {
      EXPECT_EQ(o.passed, 0u);
      EXPECT_EQ(o.total, 1u);
    }
  }
}

}  // namespace
}  // namespace glasstls::vectors
