// The requirement map: RFC requirement sentences, the code that quotes them,
// the scenarios that check them.
#include "conformance/coverage.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "trace/json_writer.hpp"

namespace glasstls::conformance {

namespace {

// Quotes shorter than this do not identify a sentence (as for scenarios).
constexpr std::size_t kMinPiece = 20;

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `word` stands at `at` in `s` as a whole word.
bool word_at(const std::string& s, std::size_t at, const std::string& word) {
  if (s.compare(at, word.size(), word) != 0) return false;
  if (at > 0 && word_char(s[at - 1])) return false;
  const std::size_t after = at + word.size();
  return after >= s.size() || !word_char(s[after]);
}

constexpr const char* kKeywords[] = {"MUST", "SHALL", "REQUIRED"};

// Where the first requirement keyword of `s` is; npos for none.
std::size_t first_keyword(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (const char* k : kKeywords) {
      if (word_at(s, i, k)) return i;
    }
  }
  return std::string::npos;
}

// "e.g." and its kind end a word with a full stop but not a sentence.
bool abbreviation(const std::string& text, std::size_t paragraph, std::size_t dot) {
  std::size_t start = dot;
  while (start > paragraph && text[start - 1] != ' ' && text[start - 1] != '(') --start;
  const std::string word = text.substr(start, dot + 1 - start);
  return word == "e.g." || word == "i.e." || word == "cf." || word == "vs." || word == "al.";
}

// The sentences of the paragraph text[begin, end): [start, stop) pairs. A
// sentence ends at `.`, `?` or `!` (closing quotes and brackets included)
// followed by a space and a word that does not start in lower case.
std::vector<std::pair<std::size_t, std::size_t>> sentences(const std::string& text,
                                                           std::size_t begin, std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = begin;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!') continue;
    std::size_t j = i + 1;
    while (j < end && (text[j] == '"' || text[j] == ')' || text[j] == ']')) ++j;
    if (j + 1 >= end || text[j] != ' ') continue;
    if (std::islower(static_cast<unsigned char>(text[j + 1]))) continue;
    if (c == '.' && abbreviation(text, begin, i)) continue;
    out.push_back({start, j});
    start = j + 1;
    i = j;
  }
  if (start < end) out.push_back({start, end});
  return out;
}

bool within(const std::string& section, const std::string& candidate) {
  return candidate == section || candidate.rfind(section + ".", 0) == 0;
}

// Each section's own text (without its subsections): [begin, end).
std::map<std::string, std::pair<std::size_t, std::size_t>> own_ranges(const RfcText& text) {
  std::vector<std::pair<std::size_t, std::string>> starts;
  for (const auto& [name, range] : text.sections) starts.push_back({range.first, name});
  std::sort(starts.begin(), starts.end());
  std::map<std::string, std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1].first : text.normalised.size();
    out[starts[i].second] = {starts[i].first, end};
  }
  return out;
}

// The heading's title: " 4.1.2. Client Hello" -> "Client Hello".
std::string section_title(const RfcText& text, std::size_t begin) {
  const auto p = std::lower_bound(text.paragraphs.begin(), text.paragraphs.end(), begin);
  if (p == text.paragraphs.end()) return "";
  const std::size_t end = p + 1 == text.paragraphs.end() ? text.normalised.size() : *(p + 1) - 1;
  const std::string heading = text.normalised.substr(*p, end - *p);
  const auto space = heading.find(' ');
  return space == std::string::npos ? "" : heading.substr(space + 1);
}

// A quote cut into its pieces at elisions and insertions: "...", "…" and
// any bracketed text ("[...]", "[peer's]").
std::vector<std::string> pieces(const std::string& quote) {
  std::vector<std::string> out;
  std::string rest = quote;
  for (;;) {
    std::size_t at = rest.find('['), length = 0;
    if (at != std::string::npos) {
      const auto close = rest.find(']', at);
      length = close == std::string::npos ? rest.size() - at : close + 1 - at;
    }
    for (const std::string mark : {"...", "\u2026"}) {
      const auto found = rest.find(mark);
      if (found < at) {
        at = found;
        length = mark.size();
      }
    }
    const std::string piece = normalise_whitespace(rest.substr(0, at));
    if (!piece.empty()) out.push_back(piece);
    if (at == std::string::npos) return out;
    rest = rest.substr(at + length);
  }
}

// Where a piece of a quote citing `section` is: its occurrences in the
// section's own text, else in the section with its subsections, else in the
// whole RFC.
std::vector<std::pair<std::size_t, std::size_t>> locate(
    const RfcText& text, const std::map<std::string, std::pair<std::size_t, std::size_t>>& own,
    const std::string& section, const std::string& piece) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  if (const auto it = own.find(section); it != own.end()) ranges.push_back(it->second);
  if (const auto it = text.sections.find(section); it != text.sections.end()) {
    ranges.push_back(it->second);
  }
  ranges.push_back({0, text.normalised.size()});
  for (const auto& [begin, end] : ranges) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (auto at = text.normalised.find(piece, begin);
         at != std::string::npos && at + piece.size() <= end;
         at = text.normalised.find(piece, at + 1)) {
      out.push_back({at, at + piece.size()});
    }
    if (!out.empty()) return out;
  }
  return {};
}

// The pieces of `quote` as found in the RFC text, or nothing when one of them
// is not in it.
std::vector<std::string> found_pieces(const RfcText& text, const std::string& quote) {
  auto out = pieces(quote);
  for (const auto& p : out) {
    if (text.normalised.find(p) == std::string::npos) return {};
  }
  return out;
}

// Every requirement of RFC `rfc` that the quote's pieces overlap.
std::vector<Requirement*> covered(
    std::vector<Requirement>& requirements, const RfcText& text,
    const std::map<std::string, std::pair<std::size_t, std::size_t>>& own, const std::string& rfc,
    const std::string& section, const std::vector<std::string>& quote_pieces) {
  std::vector<Requirement*> out;
  for (const auto& piece : quote_pieces) {
    if (piece.size() < kMinPiece) continue;
    for (const auto& [begin, end] : locate(text, own, section, piece)) {
      for (auto& r : requirements) {
        if (r.rfc != rfc) continue;
        const std::size_t from = std::max(begin, r.begin), to = std::min(end, r.end);
        if (from >= to || to - from < std::min(kMinPiece, r.end - r.begin)) continue;
        if (std::find(out.begin(), out.end(), &r) == out.end()) out.push_back(&r);
      }
    }
  }
  return out;
}

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// "RFC 8446 §4.1.2: \"" at `at` in `s`: the RFC number, the section, and
// where the quote's text starts.
bool tag_at(const std::string& s, std::size_t at, std::string& rfc, std::string& section,
            std::size_t& text) {
  if (s.compare(at, 4, "RFC ") != 0 || (at > 0 && word_char(s[at - 1]))) return false;
  std::size_t i = at + 4;
  const std::size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == digits) return false;
  rfc = s.substr(digits, i - digits);
  const std::string sign = " \u00a7";
  if (s.compare(i, sign.size(), sign) != 0) return false;
  i += sign.size();
  const std::size_t from = i;
  if (i == s.size() || !(std::isdigit(static_cast<unsigned char>(s[i])) ||
                         std::isupper(static_cast<unsigned char>(s[i])))) {
    return false;
  }
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (s.compare(i, 3, ": \"") != 0) return false;
  section = s.substr(from, i - from);
  text = i + 3;
  return true;
}

// The comment of a source line: the text after `//` and any more slashes;
// nullopt-like empty flag when the line has none.
bool comment_of(const std::string& line, std::string& comment) {
  const auto at = line.find("//");
  if (at == std::string::npos) return false;
  std::size_t from = at;
  while (from < line.size() && line[from] == '/') ++from;
  comment = line.substr(from);
  return true;
}

bool starts_with_comment(const std::string& line) {
  const auto first = line.find_first_not_of(" \t");
  return first != std::string::npos && line.compare(first, 2, "//") == 0;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '<' || c == '>' || c == '*' || c == '`' || c == '\\' || c == '_' ||
        c == '[' || c == ']') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

// A cut at a word boundary at or before `at` (from the left) or after it.
std::size_t word_boundary(const std::string& s, std::size_t at, bool backwards) {
  if (at >= s.size()) return s.size();
  if (backwards) {
    while (at > 0 && s[at - 1] != ' ') --at;
  } else {
    while (at < s.size() && s[at] != ' ') ++at;
  }
  return at;
}

// A long sentence shortened to the part around its first keyword.
std::string shortened(const std::string& sentence) {
  constexpr std::size_t kLength = 200, kBefore = 80;
  if (sentence.size() <= kLength) return sentence;
  const std::size_t keyword = first_keyword(sentence);
  std::size_t from = 0;
  if (keyword != std::string::npos && keyword > kLength - 60) {
    from = word_boundary(sentence, keyword - kBefore, true);
  }
  const std::size_t to = word_boundary(sentence, from + kLength, true);
  std::string out = from > 0 ? "\u2026 " : "";
  out += sentence.substr(from, to - from);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (to < sentence.size()) out += " \u2026";
  return out;
}

// The sentence for the table: shortened, escaped, keywords in bold.
std::string table_sentence(const std::string& sentence) {
  const std::string text = markdown_cell(shortened(sentence));
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool keyword = false;
    for (const std::string k : {"MUST NOT", "SHALL NOT", "MUST", "SHALL", "REQUIRED"}) {
      if (word_at(text, i, k)) {
        out.append("**").append(k).append("**");
        i += k.size();
        keyword = true;
        break;
      }
    }
    if (!keyword) out.push_back(text[i++]);
  }
  return out;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

// The overview groups sections by their first two levels: "4.1.2" -> "4.1".
std::string overview_group(const std::string& section) {
  const auto first = section.find('.');
  if (first == std::string::npos) return section;
  const auto second = section.find('.', first + 1);
  return second == std::string::npos ? section : section.substr(0, second);
}

struct Counts {
  std::size_t all = 0, code = 0, scenarios = 0, both = 0, neither = 0, gaps = 0, unlisted = 0;
  void add(const Requirement& r) {
    ++all;
    code += !r.code.empty();
    scenarios += !r.scenarios.empty();
    both += r.both();
    neither += r.code.empty() && r.scenarios.empty();
    gaps += r.gap != nullptr;
    unlisted += r.unlisted();
  }
};

std::string counts_row(const std::string& name, const Counts& c) {
  std::string row = "| " + name;
  for (const auto n : {c.all, c.code, c.scenarios, c.both, c.neither, c.gaps, c.unlisted}) {
    row += " | " + std::to_string(n);
  }
  return row + " |\n";
}

// The known-gap cell of a requirement's row.
std::string gap_cell(const Requirement& r) {
  if (r.gap) return markdown_cell("missing " + r.gap->missing + ": " + r.gap->why);
  return r.both() ? "" : "**unlisted**";
}

}  // namespace

std::vector<CoverageScope> default_coverage_scope() {
  return {{"8446", {"4", "5", "6"}}, {"5246", {"7"}}};
}

std::string default_source_dir() { return GLASSTLS_CONFORMANCE_SOURCE_DIR; }

std::vector<CodeQuote> scan_code_quotes(const std::string& source, const std::string& file) {
  std::vector<std::string> lines;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<CodeQuote> out;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string comment;
    if (!comment_of(lines[n], comment)) continue;
    // The comment block from this line on: this comment, then the comment
    // lines that follow.
    std::string block = comment;
    for (std::size_t m = n + 1; m < lines.size() && starts_with_comment(lines[m]); ++m) {
      std::string more;
      comment_of(lines[m], more);
      block.append("\n").append(more);
    }
    for (std::size_t at = 0; at < comment.size(); ++at) {
      CodeQuote q;
      std::size_t text = 0;
      if (!tag_at(block, at, q.rfc, q.section, text)) continue;
      std::size_t stop = block.size();
      for (std::size_t next = text; next < block.size(); ++next) {
        std::string rfc, section;
        std::size_t ignored = 0;
        if (tag_at(block, next, rfc, section, ignored)) {
          stop = next;
          break;
        }
      }
      q.text = block.substr(text, stop - text);
      q.file = file;
      q.line = static_cast<int>(n + 1);
      out.push_back(std::move(q));
    }
  }
  return out;
}

bool scan_source_tree(const std::string& root, std::vector<CodeQuote>& out, std::string& problem) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(root, ec), end;
  if (ec) {
    problem = "cannot read " + root + ": " + ec.message();
    return false;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problem = "cannot read " + root + ": " + ec.message();
      return false;
    }
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name.rfind('.', 0) == 0 || name.rfind("build", 0) == 0 || name == "tests" ||
          name == "bench" || name == "examples") {
        it.disable_recursion_pending();
      }
      continue;
    }
    const std::string ext = it->path().extension().string();
    if (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".cc" || ext == ".c") {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    const auto quotes = scan_code_quotes(text.str(), fs::relative(f, root, ec).generic_string());
    out.insert(out.end(), quotes.begin(), quotes.end());
  }
  return true;
}

std::vector<Requirement> requirement_sentences(const RfcText& text, const std::string& rfc,
                                               const std::vector<std::string>& sections) {
  const auto own = own_ranges(text);
  std::vector<Requirement> out;
  for (const auto& [section, range] : own) {
    // (A named capture: clang 14 cannot capture a structured binding.)
    const bool in_scope =
        std::any_of(sections.begin(), sections.end(),
                    [&in = section](const std::string& s) { return within(s, in); });
    if (!in_scope) continue;
    auto p = std::lower_bound(text.paragraphs.begin(), text.paragraphs.end(), range.first);
    for (; p != text.paragraphs.end() && *p < range.second; ++p) {
      const std::size_t end =
          p + 1 == text.paragraphs.end() ? text.normalised.size() : *(p + 1) - 1;
      for (const auto& [from, to] : sentences(text.normalised, *p, end)) {
        Requirement r;
        r.sentence = text.normalised.substr(from, to - from);
        if (first_keyword(r.sentence) == std::string::npos) continue;
        r.rfc = rfc;
        r.section = section;
        r.begin = from;
        r.end = to;
        out.push_back(std::move(r));
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Requirement& a, const Requirement& b) { return a.begin < b.begin; });
  return out;
}

bool build_coverage(RfcLibrary& rfcs, const std::vector<CoverageScope>& scope,
                    const std::vector<CodeQuote>& code, const std::vector<Scenario>& scenarios,
                    const std::vector<KnownGap>& gaps, Coverage& out, std::string& problem) {
  out = Coverage{};
  struct Loaded {
    const RfcText* text;
    std::map<std::string, std::pair<std::size_t, std::size_t>> own;
  };
  std::map<std::string, Loaded> texts;
  for (const auto& s : scope) {
    const RfcText* text = rfcs.text(s.rfc, problem);
    if (!text) return false;
    texts[s.rfc] = {text, own_ranges(*text)};
    auto found = requirement_sentences(*text, s.rfc, s.sections);
    for (const auto& r : found) {
      out.titles[r.rfc + " " + r.section] =
          section_title(*text, text->sections.at(r.section).first);
    }
    out.requirements.insert(out.requirements.end(), found.begin(), found.end());
  }
  for (const auto& q : code) {
    const auto loaded = texts.find(q.rfc);
    if (loaded == texts.end()) continue;
    const auto& [text, own] = loaded->second;
    // The quote ends at one of the quote marks that follow: the furthest
    // that leaves a text found in the RFC.
    std::vector<std::string> quote_pieces;
    for (auto mark = q.text.rfind('"'); mark != std::string::npos && quote_pieces.empty();
         mark = mark == 0 ? std::string::npos : q.text.rfind('"', mark - 1)) {
      quote_pieces = found_pieces(*text, q.text.substr(0, mark));
    }
    if (quote_pieces.empty()) {
      if (pieces(q.text.substr(0, q.text.rfind('"'))).empty()) continue;  // "...": no text
      std::string shown = normalise_whitespace(q.text.substr(0, q.text.rfind('"')));
      if (shown.size() > 100) shown = shown.substr(0, 100) + "\u2026";
      out.unmatched_code.push_back(q.file + ":" + std::to_string(q.line) + ": RFC " + q.rfc +
                                   " \u00a7" + q.section + ": \"" + shown + "\"");
      continue;
    }
    const std::string place = q.file + ":" + std::to_string(q.line);
    for (auto* r : covered(out.requirements, *text, own, q.rfc, q.section, quote_pieces)) {
      add_once(r->code, place);
    }
  }
  // The requirements a citation's quote overlaps (none outside the scope).
  auto cited = [&](const Citation& c) {
    const auto loaded = texts.find(c.rfc);
    if (loaded == texts.end()) return std::vector<Requirement*>{};
    const auto& [text, own] = loaded->second;
    return covered(out.requirements, *text, own, c.rfc, c.section, pieces(c.quote));
  };
  for (const auto& s : scenarios) {
    for (auto* r : cited({s.rfc, s.section, s.quote})) add_once(r->scenarios, s.id);
    for (const auto& c : s.also) {
      for (auto* r : cited(c)) add_once(r->scenarios, s.id);
    }
  }
  for (const auto& g : gaps) {
    const auto found = cited(g.where);
    // An RFC may say the same sentence twice (RFC 8446 §6.1: "Any data
    // received after a closure alert has been received MUST be ignored."):
    // one entry stands for every copy.
    const bool one_sentence =
        !found.empty() && std::all_of(found.begin(), found.end(), [&](const Requirement* r) {
          return r->sentence == found.front()->sentence;
        });
    if (!one_sentence) {
      out.gap_problems.push_back(g.file + ": the quote names " + std::to_string(found.size()) +
                                 " requirements of the map, not one");
      continue;
    }
    for (Requirement* r : found) {
      const std::string lacking = r->both()               ? ""
                                  : !r->code.empty()      ? "scenario"
                                  : !r->scenarios.empty() ? "code"
                                                          : "code and scenario";
      if (r->gap) {
        out.gap_problems.push_back(g.file + ": a second entry for the requirement of " +
                                   r->gap->file);
      } else if (lacking.empty()) {
        out.gap_problems.push_back(g.file +
                                   ": the requirement is quoted in the code and checked by a "
                                   "scenario now: the entry is stale");
      } else if (lacking != g.missing) {
        out.gap_problems.push_back(g.file + ": it says missing " + g.missing +
                                   ", but what is missing is " + lacking);
      } else {
        r->gap = &g;
      }
    }
  }
  return true;
}

std::size_t Coverage::in_code() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return !r.code.empty(); });
}
std::size_t Coverage::in_scenarios() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return !r.scenarios.empty(); });
}
std::size_t Coverage::in_both() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return r.both(); });
}
std::size_t Coverage::in_neither() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return r.code.empty() && r.scenarios.empty(); });
}

std::size_t Coverage::listed_as_gaps() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return r.gap != nullptr; });
}
std::size_t Coverage::unlisted() const {
  return std::count_if(requirements.begin(), requirements.end(),
                       [](const Requirement& r) { return r.unlisted(); });
}

std::string coverage_summary(const Coverage& c) {
  return std::to_string(c.requirements.size()) + " requirements: " + std::to_string(c.in_code()) +
         " quoted in code, " + std::to_string(c.in_scenarios()) + " checked by a scenario, " +
         std::to_string(c.in_both()) + " both, " + std::to_string(c.in_neither()) + " neither; " +
         std::to_string(c.listed_as_gaps()) + " listed as known gaps, " +
         std::to_string(c.unlisted()) + " unlisted";
}

std::string coverage_markdown(const Coverage& c) {
  std::string out =
      "# The requirement map: RFC requirements, the code that quotes them, the scenarios "
      "that check them\n\n"
      "Generated by `glasstls conformance --coverage > docs/conformance-coverage.md` (see "
      "[conformance.md](conformance.md#the-requirement-map)); do not edit it by hand.\n\n"
      "Each row is one sentence with MUST, MUST NOT, SHALL, SHALL NOT or REQUIRED, read from "
      "the RFC text. **code**: the places (file:line) whose comment quotes it "
      "(`// RFC 8446 §4.1.2: \"...\"`); **scenarios**: the conformance scenarios whose quote "
      "is (part of) it (their `quote:` or an `also:` line); **neither**: nothing quotes it yet. "
      "**known gap**: for a requirement not yet both quoted in the code and checked by a "
      "scenario, what is missing and why (conformance/known_gaps/*.gaps); **unlisted**: "
      "neither linked to both nor listed. Long sentences are shortened around their keyword "
      "(…); `--json FILE` has them whole.\n\n"
      "## Overview\n\n"
      "| section | requirements | quoted in code | checked by a scenario | both | neither | "
      "known gap | unlisted |\n"
      "|---|---|---|---|---|---|---|---|\n";
  std::vector<std::pair<std::string, Counts>> groups;
  Counts total;
  for (const auto& r : c.requirements) {
    const std::string name = "RFC " + r.rfc + " \u00a7" + overview_group(r.section);
    if (groups.empty() || groups.back().first != name) groups.push_back({name, Counts{}});
    groups.back().second.add(r);
    total.add(r);
  }
  for (const auto& [name, counts] : groups) out += counts_row(name, counts);
  out += counts_row("**total**", total);
  std::string rfc, section;
  for (const auto& r : c.requirements) {
    if (r.rfc != rfc) {
      rfc = r.rfc;
      out += "\n## RFC " + rfc + "\n";
    }
    if (r.section != section) {
      section = r.section;
      const auto title = c.titles.find(r.rfc + " " + r.section);
      out += "\n### RFC " + r.rfc + " \u00a7" + r.section + " " +
             (title == c.titles.end() ? "" : markdown_cell(title->second)) + "\n\n" +
             "| requirement | code | scenarios | known gap |\n|---|---|---|---|\n";
    }
    out += "| " + table_sentence(r.sentence) + " | ";
    if (r.code.empty() && r.scenarios.empty()) {
      out += "**neither** | | " + gap_cell(r) + " |\n";
      continue;
    }
    out += (r.code.empty() ? "—" : markdown_cell(joined(r.code, ", "))) + " | " +
           (r.scenarios.empty() ? "—" : markdown_cell(joined(r.scenarios, ", "))) + " | " +
           gap_cell(r) + " |\n";
  }
  if (!c.gap_problems.empty()) {
    out +=
        "\n## Known gaps that do not fit the map\n\n"
        "These entries of conformance/known_gaps/ are out of date or do not name one "
        "requirement:\n\n";
    for (const auto& p : c.gap_problems) out += "- " + markdown_cell(p) + "\n";
  }
  if (!c.unmatched_code.empty()) {
    out +=
        "\n## Quotes in the code that are not in the RFC text\n\n"
        "These comments cite the RFCs above, but their text is not the RFC's word for word "
        "(a paraphrase or a typo), so they cannot be placed in the map:\n\n";
    for (const auto& u : c.unmatched_code) out += "- " + markdown_cell(u) + "\n";
  }
  out += "\n" + coverage_summary(c) + "\n";
  return out;
}

std::string coverage_json(const Coverage& c) {
  trace::JsonWriter w;
  w.begin_object();
  w.key("requirements");
  w.number(c.requirements.size());
  w.key("quoted_in_code");
  w.number(c.in_code());
  w.key("checked_by_scenario");
  w.number(c.in_scenarios());
  w.key("both");
  w.number(c.in_both());
  w.key("neither");
  w.number(c.in_neither());
  w.key("known_gaps");
  w.number(c.listed_as_gaps());
  w.key("unlisted");
  w.number(c.unlisted());
  w.key("sentences");
  w.begin_array();
  for (const auto& r : c.requirements) {
    w.newline();
    w.begin_object();
    w.key("rfc");
    w.string(r.rfc);
    w.key("section");
    w.string(r.section);
    const auto title = c.titles.find(r.rfc + " " + r.section);
    w.key("title");
    w.string(title == c.titles.end() ? "" : title->second);
    w.key("sentence");
    w.string(r.sentence);
    w.key("code");
    w.begin_array();
    for (const auto& place : r.code) w.string(place);
    w.end_array();
    w.key("scenarios");
    w.begin_array();
    for (const auto& id : r.scenarios) w.string(id);
    w.end_array();
    w.key("known_gap");
    if (r.gap) {
      w.begin_object();
      w.key("missing");
      w.string(r.gap->missing);
      w.key("why");
      w.string(r.gap->why);
      w.key("entry");
      w.string(r.gap->file);
      w.end_object();
    } else {
      w.raw("null");
    }
    w.end_object();
  }
  w.end_array();
  for (const auto& [key, lines] : {std::pair{"unmatched_code_quotes", &c.unmatched_code},
                                   std::pair{"known_gap_problems", &c.gap_problems}}) {
    w.key(key);
    w.begin_array();
    for (const auto& line : *lines) {
      w.newline();
      w.string(line);
    }
    w.end_array();
  }
  w.end_object();
  return w.text() + "\n";
}

}  // namespace glasstls::conformance
