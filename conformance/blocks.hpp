// The plain-text format shared by the scenario catalogue (conformance/
// scenarios/*.scn) and the list of known gaps in the requirement map
// (conformance/known_gaps/*.gaps): blocks of `key: value` lines.
//
//   # a comment
//   id: tls13.ch.example        <- the block's first key starts a new block
//   quote: the first words of a long value
//   + go on over lines that start with `+`
//
// Blank lines and `#` comments are ignored; what the keys mean is the
// caller's business.
#pragma once

#include <string>
#include <vector>

namespace glasstls::conformance {

struct Field {
  std::string key;
  std::string value;  // trimmed; `+` lines appended with one space
  int line = 0;
};

struct Block {
  int line = 0;  // where its first key is
  std::vector<Field> fields;
};

// Splits `text` into blocks, each starting at a `start_key:` line. False
// with `problem` ("file:line: why") for a line that is not `key: value`, a
// `+` line with nothing to continue, or a key before the first block.
bool read_blocks(const std::string& text, const std::string& file_name,
                 const std::string& start_key, std::vector<Block>& out, std::string& problem);

struct TextFile {
  std::string name;  // the file name, without the directory
  std::string text;
};

// The files of `directory` whose names end in `extension` (".scn"), in name
// order, with their text. False with `problem` when the directory cannot be
// read.
bool read_text_files(const std::string& directory, const std::string& extension,
                     std::vector<TextFile>& out, std::string& problem);

// Leading and trailing whitespace removed.
std::string trim(const std::string& s);

// The whitespace-separated words of `s`.
std::vector<std::string> words(const std::string& s);

}  // namespace glasstls::conformance
