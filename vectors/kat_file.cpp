#include "vectors/kat_file.hpp"

#include <charconv>

#include "crypto/hex.hpp"

namespace glasstls::vectors {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// `"text"`, `"text" * N`, or hex (possibly empty).
bool decode_value(std::string_view v, std::vector<std::uint8_t>& out, std::string& why) {
  v = trim(v);
  if (!v.empty() && v.front() == '"') {
    const std::size_t close = v.find('"', 1);
    if (close == std::string_view::npos) {
      why = "unterminated string";
      return false;
    }
    const std::string_view text = v.substr(1, close - 1);
    std::string_view rest = trim(v.substr(close + 1));
    std::size_t repeat = 1;
    if (!rest.empty()) {
      if (rest.front() != '*') {
        why = "expected '* N' after a string";
        return false;
      }
      rest = trim(rest.substr(1));
      auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), repeat);
      if (ec != std::errc() || p != rest.data() + rest.size()) {
        why = "bad repeat count";
        return false;
      }
    }
    out.clear();
    out.reserve(text.size() * repeat);
    for (std::size_t i = 0; i < repeat; ++i) out.insert(out.end(), text.begin(), text.end());
    return true;
  }
  auto bytes = crypto::from_hex_lenient(v);
  if (!bytes) {
    why = bytes.error().describe();
    return false;
  }
  out = std::move(bytes).value();
  return true;
}

}  // namespace

const std::vector<std::uint8_t>& KatRecord::bytes(std::string_view field) const {
  static const std::vector<std::uint8_t> empty;
  auto it = fields.find(field);
  return it == fields.end() ? empty : it->second;
}

std::string KatRecord::text(std::string_view field) const {
  const auto& b = bytes(field);
  return {b.begin(), b.end()};
}

KatFile parse_kat(std::string_view file_name, std::string_view text, KatParseError* error) {
  KatFile file;
  file.file_name = std::string(file_name);
  std::string section;
  KatRecord current;
  bool in_record = false;
  bool header_done = false;
  // A field's value may continue on following lines that start with whitespace.
  std::string pending_key, pending_value;
  std::size_t pending_line = 0;

  auto fail = [&](std::size_t line, std::string message) {
    if (error != nullptr && error->message.empty()) *error = {line, std::move(message)};
  };
  auto flush_field = [&]() {
    if (pending_key.empty()) return;
    std::vector<std::uint8_t> value;
    std::string why;
    if (pending_key == "name") {
      current.name = std::string(trim(pending_value));  // free text
    } else if (!decode_value(pending_value, value, why)) {
      fail(pending_line, "field '" + pending_key + "': " + why);
    } else if (!current.fields.emplace(pending_key, std::move(value)).second) {
      fail(pending_line, "field '" + pending_key + "' given twice in one record");
    }
    pending_key.clear();
    pending_value.clear();
  };
  auto end_record = [&]() {
    flush_field();
    if (in_record) {
      if (current.name.empty()) current.name = "line " + std::to_string(current.line);
      file.records.push_back(std::move(current));
      current = KatRecord{};
    }
    in_record = false;
  };

  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    const std::string_view line = trim(raw);

    if (!line.empty() && line.front() == '#') {
      if (!header_done) file.source += std::string(trim(line.substr(1))) + "\n";
      continue;
    }
    if (line.empty()) {
      end_record();
      continue;
    }
    header_done = true;
    if (line.front() == '[') {
      end_record();
      if (line.back() != ']') fail(line_no, "section header without ']'");
      section = std::string(trim(line.substr(1, line.size() - 2)));
      continue;
    }
    if ((raw.front() == ' ' || raw.front() == '\t') && !pending_key.empty()) {
      pending_value += ' ';
      pending_value += line;  // continuation of the previous field
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      fail(line_no, "expected 'field = value'");
      continue;
    }
    if (section.empty()) fail(line_no, "record before any [section]");
    flush_field();
    if (!in_record) {
      in_record = true;
      current.section = section;
      current.line = line_no;
    }
    pending_key = std::string(trim(line.substr(0, eq)));
    pending_value = std::string(line.substr(eq + 1));
    pending_line = line_no;
  }
  end_record();
  return file;
}

}  // namespace glasstls::vectors
