// The requirement map (`glasstls conformance --coverage`, docs/conformance-
// coverage.md): every MUST / MUST NOT / SHALL / SHALL NOT / REQUIRED sentence
// of chosen RFC sections, and for each the places in the source code that
// quote it and the scenarios that check it.
//
// A quote in the code is a comment of the form `// RFC 8446 §x.y: "..."`,
// going on over the comment lines that follow. A quote, whitespace
// normalised, is looked up in the RFC text: in the section it cites (its own
// text first, then its subsections), else anywhere in that RFC. It covers
// every requirement sentence it overlaps there: the quote is inside the
// sentence, the sentence inside the quote, or the quote runs across the
// sentence's start or end. An elision or insertion ("...", "[...]",
// "[peer's]") splits a quote into pieces, each looked up on its own. A scenario's quote is looked up the same
// way.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "conformance/known_gaps.hpp"
#include "conformance/scenario.hpp"

namespace glasstls::conformance {

// Which sections the map covers: RFC `rfc`, sections `sections` and their
// subsections.
struct CoverageScope {
  std::string rfc;
  std::vector<std::string> sections;
};
// RFC 8446 §4–§6 and RFC 5246 §7.
std::vector<CoverageScope> default_coverage_scope();

// One `RFC NNNN §X: "` tag in a comment, with the comment text after its
// opening quote mark (to the end of the comment block, or to the next tag);
// where the quote ends is decided against the RFC text.
struct CodeQuote {
  std::string rfc;
  std::string section;
  std::string text;
  std::string file;  // relative to the source tree
  int line = 0;
};

// The quotes in one source file's text.
std::vector<CodeQuote> scan_code_quotes(const std::string& source, const std::string& file);

// The quotes in every C++ file (.cpp .hpp .h .cc .c) of a source tree, in
// path order. Skipped: hidden directories, build*, tests, bench and examples
// (the map is about the code that enforces the RFC, not the code that tests
// or uses it). False with `problem` when `root` cannot be read.
bool scan_source_tree(const std::string& root, std::vector<CodeQuote>& out, std::string& problem);

struct Requirement {
  std::string rfc;
  std::string section;    // the innermost section holding it: "4.1.2"
  std::string sentence;   // whitespace normalised
  std::size_t begin = 0;  // [begin, end) in RfcText::normalised
  std::size_t end = 0;
  std::vector<std::string> code;       // "handshake/server13.cpp:195"
  std::vector<std::string> scenarios;  // scenario ids
  const KnownGap* gap = nullptr;       // its entry in the known gaps, if any

  bool both() const { return !code.empty() && !scenarios.empty(); }
  // Neither linked to both code and a scenario nor listed as a known gap.
  bool unlisted() const { return !both() && gap == nullptr; }
};

// The requirement sentences of RFC `rfc` in `sections` (and subsections), in
// text order: the sentences with MUST, SHALL or REQUIRED as a word.
std::vector<Requirement> requirement_sentences(const RfcText& text, const std::string& rfc,
                                               const std::vector<std::string>& sections);

struct Coverage {
  std::vector<Requirement> requirements;
  std::map<std::string, std::string> titles;  // "8446 4.1.2" -> "Client Hello"
  // Code quotes of the RFCs in scope that are not in the RFC text, word for
  // word (a paraphrase, or a typo): "file:line: the quote".
  std::vector<std::string> unmatched_code;
  // Known gaps that do not fit the map: a quote that names no requirement
  // or several, two entries for one requirement, a requirement now linked
  // to both, or a `missing` that is not what is missing: "file:line: why".
  std::vector<std::string> gap_problems;

  std::size_t in_code() const;
  std::size_t in_scenarios() const;
  std::size_t in_both() const;
  std::size_t in_neither() const;
  std::size_t listed_as_gaps() const;
  std::size_t unlisted() const;
};

// Builds the map; false with `problem` when an RFC text cannot be read.
// `gaps` must outlive `out` (its requirements point into it).
bool build_coverage(RfcLibrary& rfcs, const std::vector<CoverageScope>& scope,
                    const std::vector<CodeQuote>& code, const std::vector<Scenario>& scenarios,
                    const std::vector<KnownGap>& gaps, Coverage& out, std::string& problem);

// "412 requirements: 120 quoted in code, 98 checked by a scenario, 80 both,
// 274 neither; 330 listed as known gaps, 2 unlisted"
std::string coverage_summary(const Coverage& coverage);
// The whole of docs/conformance-coverage.md: a header, an overview table,
// one table per section, the unmatched quotes, the summary line.
std::string coverage_markdown(const Coverage& coverage);
std::string coverage_json(const Coverage& coverage);

// The source tree this library was built from (the default of --source-dir).
std::string default_source_dir();

}  // namespace glasstls::conformance
