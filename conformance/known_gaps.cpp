// Reading the known gaps of the requirement map (conformance/known_gaps.hpp).
#include "conformance/known_gaps.hpp"

#include <filesystem>

#include "conformance/blocks.hpp"

namespace glasstls::conformance {

bool parse_known_gaps(const std::string& text, const std::string& file_name, RfcLibrary& rfcs,
                      std::vector<KnownGap>& out, std::string& problem) {
  std::vector<Block> blocks;
  if (!read_blocks(text, file_name, "rfc", blocks, problem)) return false;
  std::vector<KnownGap> read;
  for (const auto& block : blocks) {
    auto fail = [&](int line, const std::string& why) {
      problem = file_name + ":" + std::to_string(line) + ": " + why;
      return false;
    };
    KnownGap gap;
    gap.file = file_name + ":" + std::to_string(block.line);
    for (const auto& [key, value, line] : block.fields) {
      if (key == "rfc") {
        const auto w = words(value);
        if (w.size() != 2) return fail(line, "rfc: NUMBER SECTION, e.g. `rfc: 8446 4.1.2`");
        gap.where.rfc = w[0];
        gap.where.section = w[1];
      } else if (key == "quote") {
        gap.where.quote = value;
      } else if (key == "missing") {
        if (value != "code" && value != "scenario" && value != "code and scenario") {
          return fail(line, "missing: code | scenario | code and scenario");
        }
        gap.missing = value;
      } else if (key == "why") {
        gap.why = value;
      } else {
        return fail(line, "unknown key `" + key + "`");
      }
    }
    if (gap.where.quote.empty() || gap.missing.empty() || gap.why.empty()) {
      return fail(block.line, "a known gap needs rfc, quote, missing and why");
    }
    std::string why;
    if (!rfcs.contains(gap.where.rfc, gap.where.section, gap.where.quote, why)) {
      return fail(block.line, why);
    }
    read.push_back(std::move(gap));
  }
  out.insert(out.end(), read.begin(), read.end());
  return true;
}

bool load_known_gaps(const std::string& directory, RfcLibrary& rfcs, std::vector<KnownGap>& out,
                     std::string& problem) {
  if (!std::filesystem::exists(directory)) return true;
  std::vector<TextFile> files;
  if (!read_text_files(directory, ".gaps", files, problem)) return false;
  for (const auto& f : files) {
    if (!parse_known_gaps(f.text, f.name, rfcs, out, problem)) return false;
  }
  return true;
}

std::string default_known_gaps_dir() { return GLASSTLS_CONFORMANCE_KNOWN_GAPS; }

}  // namespace glasstls::conformance
