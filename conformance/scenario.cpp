// Reading catalogues and checking their quotes against the RFC texts.
#include "conformance/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "conformance/blocks.hpp"
#include "conformance/runner.hpp"

namespace glasstls::conformance {

namespace {

struct AlertName {
  std::uint8_t code;
  const char* name;
};

// RFC 8446 §6 (and RFC 5246 §7.2, RFC 7507 §2 for inappropriate_fallback).
constexpr AlertName kAlerts[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {22, "record_overflow"},
    {40, "handshake_failure"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
};

// An RFC page break: the footer ("Rescorla  Standards Track  [Page 12]"),
// the form feed and the running header ("RFC 8446  TLS  August 2018").
bool page_break_line(const std::string& line, const std::string& rfc) {
  if (line.find('\f') != std::string::npos) return true;
  const std::string t = trim(line);
  if (t.size() > 7 && t.back() == ']' && t.find("[Page ") != std::string::npos) return true;
  return line.rfind(std::string("RFC ").append(rfc).append(" "), 0) == 0;
}

// "4.1.2.  Client Hello" or "D.4.  Middlebox ..." at column 0 -> "4.1.2".
std::optional<std::string> heading_number(const std::string& line) {
  if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) return std::nullopt;
  const auto space = line.find("  ");
  if (space == std::string::npos || space == 0) return std::nullopt;
  std::string number = line.substr(0, space);
  if (number.back() != '.') return std::nullopt;
  number.pop_back();
  if (number.rfind("Appendix ", 0) == 0) number = number.substr(9);
  bool first = true;
  for (std::size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == '.') {
      first = false;
      continue;
    }
    const bool letter = first && i == 0 && std::isupper(static_cast<unsigned char>(c));
    if (!std::isdigit(static_cast<unsigned char>(c)) && !letter) return std::nullopt;
  }
  return number;
}

// "   -  An item" or "   2.  A step": a list item starts a paragraph of its own
// even without a blank line before it.
bool list_item(const std::string& line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == 0 || i == line.size()) return false;
  std::size_t mark = i;
  if (line[i] == '-' || line[i] == 'o' || line[i] == '*') {
    ++mark;
  } else {
    while (mark < line.size() && std::isdigit(static_cast<unsigned char>(line[mark]))) ++mark;
    if (mark == i || mark == line.size() || line[mark] != '.') return false;
    ++mark;
  }
  return line.compare(mark, 2, "  ") == 0 && mark + 2 < line.size() && line[mark + 2] != ' ';
}

bool within(const std::string& section, const std::string& candidate) {
  return candidate == section || candidate.rfind(section + ".", 0) == 0;
}

}  // namespace

std::string normalise_whitespace(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<std::uint8_t> alert_from_name(const std::string& name) {
  for (const auto& a : kAlerts) {
    if (name == a.name) return a.code;
  }
  return std::nullopt;
}

std::string alert_name(std::uint8_t alert) {
  for (const auto& a : kAlerts) {
    if (alert == a.code) return a.name;
  }
  return std::string("alert(").append(std::to_string(alert)).append(")");
}

std::string default_catalogue_dir() { return GLASSTLS_CONFORMANCE_CATALOGUE; }
std::string default_rfc_dir() { return GLASSTLS_CONFORMANCE_RFC_DIR; }

std::string Expectation::describe() const {
  switch (kind) {
    case Kind::handshake: return "handshake";
    case Kind::close: return "close";
    case Kind::alert: {
      std::string out = "alert ";
      for (std::size_t i = 0; i < alerts.size(); ++i) {
        if (i) out += " | ";
        out += alert_name(alerts[i]);
      }
      return out;
    }
  }
  return "?";
}

std::string Mutation::describe() const {
  std::string out = name;
  for (const auto& a : args) out.append(" ").append(a);
  return out;
}

bool Scenario::has_tag(const std::string& tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

const RfcText* RfcLibrary::text(const std::string& rfc, std::string& problem) {
  if (auto it = texts_.find(rfc); it != texts_.end()) return &it->second;
  const std::string path = directory_ + "/rfc" + rfc + ".txt";
  std::ifstream in(path);
  if (!in) {
    problem = "cannot read " + path;
    return nullptr;
  }
  RfcText text;
  std::string line, open_section;
  std::size_t open_begin = 0;
  auto close_section = [&] {
    if (!open_section.empty() && !text.sections.count(open_section)) {
      text.sections[open_section] = {open_begin, text.normalised.size()};
    }
  };
  std::string raw;
  auto end_paragraph = [&] {
    raw = normalise_whitespace(raw);
    if (!raw.empty()) {
      text.normalised.append(" ");
      text.paragraphs.push_back(text.normalised.size());
      text.normalised.append(raw);
    }
    raw.clear();
  };
  // The blank lines before a page's footer and after the next page's header
  // are layout: the paragraph goes on across a page break unless its last
  // line could end one (a full stop, a colon, a table or a structure).
  bool blank = false, after_page_break = false;
  std::string last_line;
  while (std::getline(in, line)) {
    if (page_break_line(line, rfc)) {
      blank =
          !last_line.empty() && std::string(".:;|+}").find(last_line.back()) != std::string::npos;
      after_page_break = true;
      continue;
    }
    if (trim(line).empty()) {
      blank = blank || !after_page_break;
      continue;
    }
    last_line = trim(line);
    after_page_break = false;
    const auto number = heading_number(line);
    if (blank || number || list_item(line)) end_paragraph();
    blank = false;
    if (number) {
      // A section ends where the next heading starts; a parent section's text
      // runs on through its subsections (closed below).
      close_section();
      open_section = *number;
      open_begin = text.normalised.size();
    }
    raw.append(line).append("\n");
  }
  end_paragraph();
  close_section();
  // Extend each section over its subsections: to the start of the next
  // section that is not inside it.
  std::vector<std::pair<std::size_t, std::string>> starts;
  for (const auto& [name, range] : text.sections) starts.push_back({range.first, name});
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t end = text.normalised.size();
    for (std::size_t j = i + 1; j < starts.size(); ++j) {
      if (!within(starts[i].second, starts[j].second)) {
        end = starts[j].first;
        break;
      }
    }
    text.sections[starts[i].second].second = end;
  }
  return &texts_.emplace(rfc, std::move(text)).first->second;
}

bool RfcLibrary::contains(const std::string& rfc, const std::string& section,
                          const std::string& quote, std::string& problem) {
  const RfcText* text = this->text(rfc, problem);
  if (!text) return false;
  const auto it = text->sections.find(section);
  if (it == text->sections.end()) {
    problem = "RFC " + rfc + " has no section " + section;
    return false;
  }
  const std::string q = normalise_whitespace(quote);
  if (q.size() < 20) {
    problem = "the quote is too short to identify a requirement";
    return false;
  }
  const auto at = text->normalised.find(q, it->second.first);
  if (at == std::string::npos || at + q.size() > it->second.second) {
    problem =
        "the quote is not in RFC " + rfc + " §" + section +
        (text->normalised.find(q) != std::string::npos ? " (it is elsewhere in the RFC)" : "");
    return false;
  }
  return true;
}

namespace {

// "8446 4.2.8: If using ..." -> the citation; false when it is not of that form.
bool read_citation(const std::string& value, Citation& out) {
  const auto colon = value.find(':');
  if (colon == std::string::npos) return false;
  const auto where = words(value.substr(0, colon));
  if (where.size() != 2) return false;
  out = Citation{where[0], where[1], trim(value.substr(colon + 1))};
  return !out.quote.empty();
}

}  // namespace

bool parse_catalogue(const std::string& text, const std::string& file_name, RfcLibrary& rfcs,
                     std::vector<Scenario>& out, std::string& problem) {
  std::vector<Block> blocks;
  if (!read_blocks(text, file_name, "id", blocks, problem)) return false;
  std::vector<Scenario> read;
  auto fail = [&](int at, const std::string& why) {
    problem = file_name + ":" + std::to_string(at) + ": " + why;
    return false;
  };
  for (const auto& block : blocks) {
    Scenario& s = read.emplace_back();
    s.file = file_name;
    s.line = block.line;
    for (const auto& [key, value, number] : block.fields) {
      if (key == "id") {
        s.id = value;
      } else if (key == "title") {
        s.title = value;
      } else if (key == "tags") {
        s.tags = words(value);
      } else if (key == "rfc") {
        const auto w = words(value);
        if (w.size() != 2) return fail(number, "rfc: NUMBER SECTION, e.g. `rfc: 8446 4.1.2`");
        s.rfc = w[0];
        s.section = w[1];
      } else if (key == "quote") {
        s.quote = value;
      } else if (key == "also") {
        Citation c;
        if (!read_citation(value, c)) {
          return fail(number, "also: NUMBER SECTION: QUOTE, e.g. `also: 8446 4.2.8: ...`");
        }
        std::string why;
        if (!rfcs.contains(c.rfc, c.section, c.quote, why)) return fail(number, "also: " + why);
        s.also.push_back(std::move(c));
      } else if (key == "role") {
        if (value == "client") {
          s.role = Role::client;
        } else if (value == "server") {
          s.role = Role::server;
        } else {
          return fail(number, "role is client or server");
        }
      } else if (key == "base") {
        if (value != "tls13" && value != "tls12" && value != "any") {
          return fail(number, "base is tls13, tls12 or any");
        }
        s.base = value;
      } else if (key == "groups" || key == "key_share" || key == "suites" || key == "client_auth" ||
                 key == "resume" || key == "client_cert" || key == "server_cert") {
        s.settings[key] = value;
      } else if (key == "mutation") {
        auto w = words(value);
        if (w.empty()) return fail(number, "an empty mutation");
        Mutation m;
        m.name = w[0];
        m.args.assign(w.begin() + 1, w.end());
        s.mutations.push_back(std::move(m));
      } else if (key == "expect") {
        const auto w = words(value);
        if (w.empty()) return fail(number, "expect: handshake | close | alert NAME [| NAME...]");
        if (w[0] == "handshake" && w.size() == 1) {
          s.expect.kind = Expectation::Kind::handshake;
        } else if (w[0] == "close" && w.size() == 1) {
          s.expect.kind = Expectation::Kind::close;
        } else if (w[0] == "alert" && w.size() >= 2) {
          s.expect.kind = Expectation::Kind::alert;
          for (std::size_t i = 1; i < w.size(); ++i) {
            if (w[i] == "|") continue;
            const auto a = alert_from_name(w[i]);
            if (!a) return fail(number, "unknown alert " + w[i]);
            s.expect.alerts.push_back(*a);
          }
          if (s.expect.alerts.empty()) return fail(number, "expect alert: which one?");
        } else {
          return fail(number, "expect: handshake | close | alert NAME [| NAME...]");
        }
      } else {
        return fail(number, "unknown key `" + key + "`");
      }
    }
  }
  std::set<std::string> ids;
  for (const auto& s : out) ids.insert(s.id);
  for (const auto& s : read) {
    if (s.id.empty()) return fail(s.line, "an empty id");
    if (!ids.insert(s.id).second) return fail(s.line, "the id " + s.id + " is used twice");
    if (s.title.empty()) return fail(s.line, s.id + ": no title");
    if (s.tags.empty()) return fail(s.line, s.id + ": no tags");
    if (s.rfc.empty() || s.quote.empty()) return fail(s.line, s.id + ": no rfc or quote");
    std::string why;
    if (!rfcs.contains(s.rfc, s.section, s.quote, why)) return fail(s.line, s.id + ": " + why);
    if (!check_mutations(s, why)) return fail(s.line, s.id + ": " + why);
  }
  out.insert(out.end(), read.begin(), read.end());
  return true;
}

bool load_catalogue(const std::string& directory, RfcLibrary& rfcs, std::vector<Scenario>& out,
                    std::string& problem) {
  std::vector<TextFile> files;
  if (!read_text_files(directory, ".scn", files, problem)) return false;
  if (files.empty()) {
    problem = "no *.scn catalogue in " + directory;
    return false;
  }
  for (const auto& f : files) {
    if (!parse_catalogue(f.text, f.name, rfcs, out, problem)) return false;
  }
  return true;
}

}  // namespace glasstls::conformance
