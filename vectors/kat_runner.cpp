#include "vectors/kat_runner.hpp"

#include <algorithm>
#include <functional>
#include <optional>

#include "crypto/cpu.hpp"
#include "crypto/hex.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// Every area's lookup (see kat_checks.hpp).
constexpr KatLookup kLookups[] = {hash_kat_checker,       aes_kat_checker,  chacha_kat_checker,
                                  curve25519_kat_checker, ec_kat_checker,   rsa_kat_checker,
                                  tls13_kat_checker,      tls12_kat_checker};

std::optional<KatChecker> checker_for(std::string_view section) {
  for (KatLookup lookup : kLookups) {
    if (auto c = lookup(section)) return c;
  }
  return std::nullopt;
}

}  // namespace

std::string kat_compare(std::string_view what, std::span<const std::uint8_t> got,
                        std::span<const std::uint8_t> want) {
  if (std::equal(got.begin(), got.end(), want.begin(), want.end())) return {};
  return std::string(what) + ": got " + crypto::to_hex(got) + ", want " + crypto::to_hex(want);
}

std::string kat_missing(const KatRecord& r, std::initializer_list<std::string_view> fields) {
  for (auto f : fields) {
    if (!r.has(f)) return "missing field '" + std::string(f) + "'";
  }
  return {};
}

std::vector<KatOutcome> run_kat(const KatFile& file) {
  std::vector<KatOutcome> outcomes;
  // Records grouped by section, in file order.
  std::vector<std::string> sections;
  for (const auto& r : file.records) {
    if (std::find(sections.begin(), sections.end(), r.section) == sections.end()) {
      sections.push_back(r.section);
    }
  }
  for (const auto& section : sections) {
    const auto checker = checker_for(section);
    const auto backends = checker ? checker->backends : std::vector<KatBackend>{{"(none)", false}};
    for (const auto& backend : backends) {
      crypto::ScopedPortable scope(backend.force_portable || crypto::portable_forced());
      KatOutcome o{checker ? checker->algorithm : "[" + section + "]",
                   backend.label,
                   file.file_name,
                   first_line(file.source),
                   0,
                   0,
                   {}};
      for (const auto& r : file.records) {
        if (r.section != section) continue;
        ++o.total;
        const std::string why =
            checker ? checker->check(r, backend) : "no checker for this section";
        if (why.empty()) {
          ++o.passed;
        } else {
          o.failures.push_back(r.name + " (line " + std::to_string(r.line) + "): " + why);
        }
      }
      outcomes.push_back(std::move(o));
    }
  }
  return outcomes;
}

std::vector<KatOutcome> run_selftest() {
  std::vector<KatOutcome> all;
  for (const auto& kat : embedded_kats()) {
    KatParseError error;
    const KatFile file = parse_kat(kat.name, kat.text, &error);
    if (!error.message.empty()) {
      all.push_back({"(parse)",
                     "-",
                     std::string(kat.name),
                     "",
                     0,
                     1,
                     {"line " + std::to_string(error.line) + ": " + error.message}});
      continue;
    }
    auto outcomes = run_kat(file);
    all.insert(all.end(), outcomes.begin(), outcomes.end());
  }
  return all;
}

}  // namespace glasstls::vectors
