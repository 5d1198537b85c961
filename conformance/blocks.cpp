// Reading `key: value` blocks (conformance/blocks.hpp).
#include "conformance/blocks.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace glasstls::conformance {

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

bool read_blocks(const std::string& text, const std::string& file_name,
                 const std::string& start_key, std::vector<Block>& out, std::string& problem) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& why) {
    problem = file_name + ":" + std::to_string(number) + ": " + why;
    return false;
  };
  std::vector<Block> read;
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string first = "a block starts with `" + start_key + ":`";
    if (t[0] == '+') {  // a long value goes on over lines starting with `+`
      if (read.empty() || read.back().fields.empty()) return fail(first);
      read.back().fields.back().value.append(" ").append(trim(t.substr(1)));
      continue;
    }
    const auto colon = t.find(':');
    if (colon == std::string::npos) return fail("expected `key: value`");
    Field field{trim(t.substr(0, colon)), trim(t.substr(colon + 1)), number};
    if (field.key == start_key) read.push_back(Block{number, {}});
    if (read.empty()) return fail(first);
    read.back().fields.push_back(std::move(field));
  }
  out.insert(out.end(), read.begin(), read.end());
  return true;
}

bool read_text_files(const std::string& directory, const std::string& extension,
                     std::vector<TextFile>& out, std::string& problem) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  if (ec) {
    problem = "cannot read " + directory + ": " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    out.push_back({f.filename().string(), text.str()});
  }
  return true;
}

}  // namespace glasstls::conformance
