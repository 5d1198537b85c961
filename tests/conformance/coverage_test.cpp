// The requirement map (glasstls conformance --coverage): sentences split from
// an RFC text made here (with a page break inside a sentence), matched to the
// quotes of a small source tree and scenario set made here; then the real
// map over the real tree, and docs/conformance-coverage.md against it.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include "conformance/coverage.hpp"
#include "conformance/known_gaps.hpp"
#include "conformance/scenario.hpp"

namespace glasstls::conformance {
namespace {

namespace fs = std::filesystem;

// A directory of files written by the test, removed at the end.
class Tree {
 public:
  Tree()
      : root_(fs::temp_directory_path() /
              ("glasstls-coverage-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(root_);
  }
  ~Tree() { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  std::string path(const std::string& relative) const { return (root_ / relative).string(); }

 private:
  fs::path root_;
};

// An RFC excerpt laid out as the RFC texts are: page footer, form feed and
// running header in the middle of a sentence and of a list.
const char kRfc[] =
    "RFC 9999                         Test                     December 2026\n"
    "\n"
    "\n"
    "4.  Handshake\n"
    "\n"
    "   The first sentence MUST be found.  A sentence without a keyword.  The\n"
    "   client MUST NOT send this across a page break, e.g. like this, so the\n"
    "   sentence goes on after the footer\n"
    "\n"
    "\n"
    "\n"
    "Tester                       Standards Track                    [Page 1]\n"
    "\f\n"
    "RFC 9999                         Test                     December 2026\n"
    "\n"
    "\n"
    "   and the header of the next page.  Servers SHALL accept it.\n"
    "\n"
    "   -  An item that is REQUIRED to be here\n"
    "   -  An item that only a test quotes MUST be listed too.\n"
    "\n"
    "   Each structure ends a paragraph, even at the end of a page:\n"
    "\n"
    "      struct {\n"
    "          uint8 x;\n"
    "      } Thing;\n"
    "\n"
    "\n"
    "Tester                       Standards Track                    [Page 2]\n"
    "\f\n"
    "RFC 9999                         Test                     December 2026\n"
    "\n"
    "\n"
    "   A paragraph after the structure MUST start a new sentence.\n"
    "\n"
    "4.1.  Sub Section\n"
    "\n"
    "   Implementations SHALL NOT do the wrong thing.  Nobody quotes this\n"
    "   requirement, which MUST appear as neither.  An endpoint MUST send a\n"
    "   \"key_share\" extension.\n"
    "\n"
    "5.  Out of Scope\n"
    "\n"
    "   This MUST not be listed, it is outside the map's sections.\n";

// The source tree: quotes in code (one line, over lines, with inner quote
// marks, with an elision and an insertion, citing the wrong section, a
// paraphrase), and
// quotes in directories that are not scanned.
const char kCode[] =
    "// A file of the fake tree.\n"
    "int x = 0;  // RFC 9999 §4: \"The first sentence MUST be found.\"\n"
    "// RFC 9999 §4: \"the sentence goes on after the footer and the header\n"
    "// of the next page\" -- an explanation with \"quotes\" of its own.\n"
    "int y = 0;\n"
    "// RFC 9999 §4.1: \"Implementations SHALL NOT do the [...] thing.\"\n"
    "// RFC 9999 §5: \"Servers SHALL accept it.\"\n"
    "/* not a comment the map reads */\n"
    "// RFC 9999 §4.1: \"An endpoint MUST send a [well-formed] \"key_share\"\n"
    "//   extension.\"\n"
    "// RFC 9999 §4: \"A paraphrase that the RFC does not contain.\"\n"
    "// RFC 1234 §4: \"Another RFC, not in the map.\"\n";

const char kScenarios[] =
    "id: fake.one\ntitle: one\ntags: tls13 positive\nrfc: 9999 4\n"
    "quote: Servers SHALL accept it.\nrole: client\nbase: tls13\nexpect: handshake\n"
    "\n"
    "id: fake.two\ntitle: two\ntags: tls13 negative\nrfc: 9999 4\n"
    "quote: A sentence without a keyword. The client MUST NOT send this across\n"
    "role: client\nbase: tls13\nexpect: close\n"
    "\n"
    "id: fake.three\ntitle: three\ntags: tls13 negative\nrfc: 9999 4.1\n"
    "quote: Implementations SHALL NOT do the wrong thing.\n"
    "also: 9999 4.1: An endpoint MUST send a \"key_share\"\n"
    "+ extension.\n"
    "role: client\nbase: tls13\nexpect: close\n";

// Known gaps: two that fit, then a stale one (its requirement is linked to
// both), one whose `missing` is wrong, one that names no requirement, and a
// second entry for a requirement.
const char kGaps[] =
    "# the gaps of the fake RFC\n"
    "rfc: 9999 4\nquote: The first sentence MUST be found.\nmissing: scenario\n"
    "why: nothing can send it.\n"
    "\n"
    "rfc: 9999 4.1\nquote: Nobody quotes this requirement\nmissing: code and scenario\n"
    "why: it is only an example\n+ of a gap.\n"
    "\n"
    "rfc: 9999 4\nquote: Servers SHALL accept it.\nmissing: scenario\nwhy: stale.\n"
    "\n"
    "rfc: 9999 4\nquote: A paragraph after the structure MUST\nmissing: code\nwhy: wrong.\n"
    "\n"
    "rfc: 9999 4\nquote: Each structure ends a paragraph\nmissing: code\nwhy: no sentence.\n"
    "\n"
    "rfc: 9999 4.1\nquote: which MUST appear as neither\nmissing: code and scenario\n"
    "why: twice.\n";

struct Row {
  std::string section, sentence, code, scenarios, missing;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& r) {
  return out << "{" << r.section << " | " << r.sentence << " | " << r.code << " | " << r.scenarios
             << " | " << r.missing << "}";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

TEST(ConformanceCoverage, MapsAFixedExcerptExactly) {
  Tree tree;
  tree.write("rfc/rfc9999.txt", kRfc);
  tree.write("src/handshake/a.cpp", kCode);
  tree.write("src/tests/b.cpp",
             "// RFC 9999 §4: \"An item that only a test quotes MUST be listed too.\"\n");
  tree.write("src/build/c.cpp", "// RFC 9999 §4: \"An item that is REQUIRED to be here\"\n");
  tree.write("scn/fake.scn", kScenarios);
  tree.write("gaps/fake.gaps", kGaps);

  RfcLibrary rfcs(tree.path("rfc"));
  std::vector<Scenario> scenarios;
  std::vector<CodeQuote> code;
  std::vector<KnownGap> gaps;
  std::string problem;
  ASSERT_TRUE(load_catalogue(tree.path("scn"), rfcs, scenarios, problem)) << problem;
  ASSERT_TRUE(load_known_gaps(tree.path("gaps"), rfcs, gaps, problem)) << problem;
  ASSERT_EQ(gaps.size(), 6u);
  EXPECT_EQ(gaps[1].why, "it is only an example of a gap.");
  EXPECT_EQ(gaps[1].file, "fake.gaps:7");
  ASSERT_TRUE(scan_source_tree(tree.path("src"), code, problem)) << problem;
  ASSERT_EQ(code.size(), 7u);  // a.cpp only: tests/ and build*/ are not the code
  EXPECT_EQ(code[1].line, 3);
  EXPECT_EQ(code[1].section, "4");

  Coverage c;
  ASSERT_TRUE(build_coverage(rfcs, {{"9999", {"4"}}}, code, scenarios, gaps, c, problem))
      << problem;
  std::vector<Row> rows;
  for (const auto& r : c.requirements) {
    rows.push_back(
        {r.section, r.sentence, joined(r.code), joined(r.scenarios), r.gap ? r.gap->missing : ""});
  }
  const std::string a = "handshake/a.cpp:";
  const std::vector<Row> expected = {
      {"4", "The first sentence MUST be found.", a + "2", "", "scenario"},
      {"4",
       "The client MUST NOT send this across a page break, e.g. like this, so the sentence "
       "goes on after the footer and the header of the next page.",
       a + "3", "fake.two", ""},
      {"4", "Servers SHALL accept it.", a + "7", "fake.one", ""},
      {"4", "- An item that is REQUIRED to be here", "", "", ""},
      {"4", "- An item that only a test quotes MUST be listed too.", "", "", ""},
      {"4", "A paragraph after the structure MUST start a new sentence.", "", "", ""},
      {"4.1", "Implementations SHALL NOT do the wrong thing.", a + "6", "fake.three", ""},
      {"4.1", "Nobody quotes this requirement, which MUST appear as neither.", "", "",
       "code and scenario"},
      {"4.1", "An endpoint MUST send a \"key_share\" extension.", a + "9", "fake.three", ""},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(c.titles.at("9999 4.1"), "Sub Section");
  ASSERT_EQ(c.unmatched_code.size(), 1u);
  EXPECT_EQ(c.unmatched_code[0],
            "handshake/a.cpp:11: RFC 9999 §4: \"A paraphrase that the RFC does not contain.\"");
  const std::vector<std::string> gap_problems = {
      "fake.gaps:13: the requirement is quoted in the code and checked by a scenario now: "
      "the entry is stale",
      "fake.gaps:18: it says missing code, but what is missing is code and scenario",
      "fake.gaps:23: the quote names 0 requirements of the map, not one",
      "fake.gaps:28: a second entry for the requirement of fake.gaps:7",
  };
  EXPECT_EQ(c.gap_problems, gap_problems);
  const std::string summary =
      "9 requirements: 5 quoted in code, 4 checked by a scenario, 4 both, 4 neither; "
      "2 listed as known gaps, 3 unlisted";
  EXPECT_EQ(coverage_summary(c), summary);

  const std::string md = coverage_markdown(c);
  EXPECT_NE(md.find("| RFC 9999 §4.1 | 3 | 2 | 2 | 2 | 1 | 1 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("### RFC 9999 §4.1 Sub Section"), std::string::npos) << md;
  EXPECT_NE(md.find("| Nobody quotes this requirement, which **MUST** appear as neither. | "
                    "**neither** | | missing code and scenario: it is only an example of a gap. |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| Servers **SHALL** accept it. | handshake/a.cpp:7 | fake.one |  |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| A paragraph after the structure **MUST** start a new sentence. | "
                    "**neither** | | **unlisted** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- fake.gaps:23: the quote names 0 requirements"), std::string::npos) << md;
  EXPECT_TRUE(md.ends_with("\n" + summary + "\n")) << md;
}

TEST(ConformanceCoverage, LongSentencesAreShortenedAroundTheirKeyword) {
  Tree tree;
  std::string filler;
  for (int i = 0; i < 30; ++i) filler += " word" + std::to_string(i);
  tree.write("rfc/rfc9999.txt",
             "4.  Long\n\n   Start" + filler + " the peer MUST stop" + filler + " end.\n");
  RfcLibrary rfcs(tree.path("rfc"));
  Coverage c;
  std::string problem;
  ASSERT_TRUE(build_coverage(rfcs, {{"9999", {"4"}}}, {}, {}, {}, c, problem)) << problem;
  ASSERT_EQ(c.requirements.size(), 1u);
  const std::string md = coverage_markdown(c);
  EXPECT_NE(md.find("| … word"), std::string::npos) << md;
  EXPECT_NE(md.find("the peer **MUST** stop word0"), std::string::npos) << md;
  EXPECT_NE(md.find(" … | **neither** | | **unlisted** |"), std::string::npos) << md;
  EXPECT_EQ(md.find("Start word0"), std::string::npos) << md;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The real map; its requirements point into `gaps`.
Coverage real_coverage(std::vector<KnownGap>& gaps) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> scenarios;
  std::vector<CodeQuote> code;
  std::string problem;
  Coverage c;
  EXPECT_TRUE(load_catalogue(default_catalogue_dir(), rfcs, scenarios, problem)) << problem;
  EXPECT_TRUE(scan_source_tree(default_source_dir(), code, problem)) << problem;
  EXPECT_TRUE(load_known_gaps(default_known_gaps_dir(), rfcs, gaps, problem)) << problem;
  EXPECT_TRUE(build_coverage(rfcs, default_coverage_scope(), code, scenarios, gaps, c, problem))
      << problem;
  return c;
}

TEST(ConformanceCoverage, TheRealMapCountsEveryRequirementOnce) {
  std::vector<KnownGap> gaps;
  const Coverage c = real_coverage(gaps);
  ASSERT_GT(c.requirements.size(), 250u);
  std::set<std::pair<std::string, std::size_t>> seen;
  std::size_t code_only = 0, scenario_only = 0;
  for (const auto& r : c.requirements) {
    EXPECT_TRUE(seen.insert({r.rfc, r.begin}).second) << r.sentence;
    const bool in_scope =
        (r.rfc == "8446" && (r.section[0] == '4' || r.section[0] == '5' || r.section[0] == '6')) ||
        (r.rfc == "5246" && r.section[0] == '7');
    EXPECT_TRUE(in_scope && (r.section.size() == 1 || r.section[1] == '.'))
        << r.rfc << " " << r.section;
    code_only += !r.code.empty() && r.scenarios.empty();
    scenario_only += r.code.empty() && !r.scenarios.empty();
  }
  EXPECT_EQ(code_only + scenario_only + c.in_both() + c.in_neither(), c.requirements.size());
  EXPECT_EQ(c.in_code(), code_only + c.in_both());
  EXPECT_EQ(c.in_scenarios(), scenario_only + c.in_both());

  // RFC 8446 §4.1.2, legacy_compression_methods: quoted by the server.
  const auto compression =
      std::find_if(c.requirements.begin(), c.requirements.end(), [](const Requirement& r) {
        return r.sentence.starts_with(
            "For every TLS 1.3 ClientHello, this vector MUST contain "
            "exactly one byte, set to zero");
      });
  ASSERT_NE(compression, c.requirements.end());
  EXPECT_EQ(compression->section, "4.1.2");
  EXPECT_TRUE(
      std::any_of(compression->code.begin(), compression->code.end(),
                  [](const std::string& p) { return p.starts_with("handshake/server13.cpp:"); }))
      << joined(compression->code);
}

TEST(ConformanceCoverage, EveryKnownGapFitsTheMap) {
  std::vector<KnownGap> gaps;
  const Coverage c = real_coverage(gaps);
  for (const auto& p : c.gap_problems) ADD_FAILURE() << p;
}

TEST(ConformanceCoverage, OneKnownGapStandsForASentenceTheRfcRepeats) {
  Tree tree;
  tree.write("rfc/rfc9999.txt",
             "4.  Twice\n\n   Any data received after the end MUST be ignored.\n\n"
             "   Some words.  Any data received after the end MUST be ignored.\n");
  RfcLibrary rfcs(tree.path("rfc"));
  std::vector<KnownGap> gaps;
  std::string problem;
  ASSERT_TRUE(
      parse_known_gaps("rfc: 9999 4\nquote: Any data received after the end MUST be ignored.\n"
                       "missing: code and scenario\nwhy: w.\n",
                       "g.gaps", rfcs, gaps, problem))
      << problem;
  Coverage c;
  ASSERT_TRUE(build_coverage(rfcs, {{"9999", {"4"}}}, {}, {}, gaps, c, problem)) << problem;
  ASSERT_EQ(c.requirements.size(), 2u);
  EXPECT_TRUE(c.gap_problems.empty()) << c.gap_problems.front();
  EXPECT_EQ(c.listed_as_gaps(), 2u);
  EXPECT_EQ(c.unlisted(), 0u);
}

// The "done when": every requirement of the map is linked to both the
// code and a scenario, or listed as a known gap with what is missing and why.
TEST(ConformanceCoverage, EveryRequirementIsLinkedToBothOrListed) {
  std::vector<KnownGap> gaps;
  const Coverage c = real_coverage(gaps);
  for (const auto& r : c.requirements) {
    EXPECT_FALSE(r.unlisted()) << "RFC " << r.rfc << " §" << r.section << ": " << r.sentence
                               << "\n  is neither linked to both code and a scenario nor listed "
                                  "in conformance/known_gaps/";
  }
  EXPECT_EQ(c.in_both() + c.listed_as_gaps(), c.requirements.size());
}

TEST(ConformanceCoverage, KnownGapsAreRefusedWhenIncomplete) {
  Tree tree;
  tree.write("rfc/rfc9999.txt", kRfc);
  RfcLibrary rfcs(tree.path("rfc"));
  const std::string good =
      "rfc: 9999 4\nquote: The first sentence MUST be found.\nmissing: scenario\nwhy: w.\n";
  std::vector<KnownGap> gaps;
  std::string problem;
  EXPECT_TRUE(parse_known_gaps(good, "g.gaps", rfcs, gaps, problem)) << problem;
  const std::pair<std::string, std::string> bad[] = {
      {"rfc: 9999 4\nquote: The first sentence MUST be found.\nmissing: scenario\n",
       "g.gaps:1: a known gap needs rfc, quote, missing and why"},
      {"rfc: 9999 4\nquote: The first sentence MUST be found.\nmissing: tests\nwhy: w.\n",
       "g.gaps:3: missing: code | scenario | code and scenario"},
      {"rfc: 9999 4.1\nquote: The first sentence MUST be found.\nmissing: code\nwhy: w.\n",
       "g.gaps:1: the quote is not in RFC 9999 §4.1 (it is elsewhere in the RFC)"},
      {"quote: The first sentence MUST be found.\n", "g.gaps:1: a block starts with `rfc:`"},
      {"rfc: 9999 4\nseverity: high\n", "g.gaps:2: unknown key `severity`"},
  };
  for (const auto& [text, why] : bad) {
    EXPECT_FALSE(parse_known_gaps(text, "g.gaps", rfcs, gaps, problem)) << text;
    EXPECT_EQ(problem, why);
  }
  std::vector<Scenario> scenarios;
  const std::string scenario =
      "id: x\ntitle: x\ntags: tls13\nrfc: 9999 4\nquote: Servers SHALL accept it.\n";
  EXPECT_FALSE(parse_catalogue(scenario + "also: 9999 4 Servers SHALL accept it.\n", "s.scn", rfcs,
                               scenarios, problem));
  EXPECT_EQ(problem, "s.scn:6: also: NUMBER SECTION: QUOTE, e.g. `also: 8446 4.2.8: ...`");
  EXPECT_FALSE(parse_catalogue(scenario + "also: 9999 4.1: Servers SHALL accept it.\n", "s.scn",
                               rfcs, scenarios, problem));
  EXPECT_EQ(problem,
            "s.scn:6: also: the quote is not in RFC 9999 §4.1 (it is elsewhere in the RFC)");
}

// Line numbers move with every edit of a file; the doc must name the same
// places and scenarios, not the same lines.
std::string without_line_numbers(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] != ':' || i + 1 >= text.size() ||
        !std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      continue;
    }
    const auto dot = out.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : out.substr(dot, out.size() - 1 - dot);
    if (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".cc" && ext != ".c") continue;
    out.push_back('N');
    while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
  }
  return out;
}

TEST(ConformanceCoverage, TheDocIsUpToDate) {
  const std::string doc = read(default_source_dir() + "/docs/conformance-coverage.md");
  std::vector<KnownGap> gaps;
  const std::string now = coverage_markdown(real_coverage(gaps));
  EXPECT_TRUE(without_line_numbers(doc) == without_line_numbers(now))
      << "docs/conformance-coverage.md is not what `glasstls conformance --coverage` prints "
         "now (a scenario or an RFC quote in the code was added or changed). Regenerate it:\n"
         "  build/release/tools/glasstls conformance --coverage > docs/conformance-coverage.md";
}

}  // namespace
}  // namespace glasstls::conformance
