// The known gaps of the requirement map (docs/conformance-coverage.md): the
// requirements that are not yet both quoted in the code and checked by a
// scenario, each with what is missing and why. They are data, one file per
// RFC area in conformance/known_gaps/*.gaps, in conformance/blocks.hpp's
// format:
//
//   rfc: 8446 4.2.10
//   quote: Clients MUST NOT include a "early_data" extension in a
//   + ClientHello which ...
//   missing: code and scenario
//   why: 0-RTT is not implemented: GlassTLS never sends early data.
//
// `quote` is words of the requirement sentence, exactly as in the RFC, enough
// to name one sentence; `missing` is `code`, `scenario` or `code and
// scenario`. The map checks every entry against what it finds (an entry
// whose requirement is now linked to both, or whose `missing` is wrong, is a
// problem), so the list cannot go stale.
#pragma once

#include <string>
#include <vector>

#include "conformance/scenario.hpp"

namespace glasstls::conformance {

struct KnownGap {
  Citation where;
  std::string missing;  // "code", "scenario" or "code and scenario"
  std::string why;
  std::string file;  // where it was read: "rfc5246.gaps:12"
};

// Parses one file's text; every entry needs its four fields, a known
// `missing` and a quote found in its RFC section. Appends to `out`; false
// with `problem` ("file:line: why") on the first error.
bool parse_known_gaps(const std::string& text, const std::string& file_name, RfcLibrary& rfcs,
                      std::vector<KnownGap>& out, std::string& problem);

// Every *.gaps file of a directory, in name order (none is not an error).
bool load_known_gaps(const std::string& directory, RfcLibrary& rfcs, std::vector<KnownGap>& out,
                     std::string& problem);

// Where the list is in the source tree this library was built from.
std::string default_known_gaps_dir();

}  // namespace glasstls::conformance
