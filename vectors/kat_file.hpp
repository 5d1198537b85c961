// Reader for the known-answer files in vectors/ (format: vectors/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/result.hpp"

namespace glasstls::vectors {

struct KatRecord {
  std::string section;   // e.g. "hmac-sha256"
  std::string name;      // the record's `name = ...`, or "line N"
  std::size_t line = 0;  // where the record starts (1-based)
  std::map<std::string, std::vector<std::uint8_t>, std::less<>> fields;

  bool has(std::string_view field) const { return fields.find(field) != fields.end(); }
  // The field's bytes; an empty vector if absent (check has() when it matters).
  const std::vector<std::uint8_t>& bytes(std::string_view field) const;
  std::string text(std::string_view field) const;  // the bytes as a string
};

struct KatFile {
  std::string file_name;
  std::string source;  // the header comment lines, without '#'
  std::vector<KatRecord> records;
};

struct KatParseError {
  std::size_t line = 0;
  std::string message;
};

// Parses one file. On error, `error` is set and the records may be partial.
KatFile parse_kat(std::string_view file_name, std::string_view text, KatParseError* error);

}  // namespace glasstls::vectors
