// `glasstls x509 verify --roots ROOTS.pem [--intermediates INTER.pem] --leaf LEAF.pem
//     [--time UNIX_SECONDS] [--hostname NAME | --ip ADDR | --email ADDR]
//     [--purpose server|client|any] [--profile webpki|rfc5280]
//     [--public-suffix-list FILE] [--max-depth N] [-v|--verbose]`
//
// Exit codes: 0 the leaf is valid, 1 it is rejected (the reason is printed),
// 2 bad usage or a file that is not certificates at all.
//
// What counts as bad input: a file that cannot be read or is not a regular
// file (a directory only for --roots), broken PEM framing, or a --roots/--leaf
// file with no certificate. A certificate that is framed
// correctly but does not parse is treated the way a TLS peer treats it: an
// unreadable leaf is a rejected leaf (exit 1, RFC 5280 §4.1 named); an
// unreadable root or intermediate is left out of path building with a warning,
// as rustls-webpki and Go ignore candidates they cannot parse.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>

#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "trace/path_log.hpp"
#include "x509/general_name.hpp"
#include "x509/identity.hpp"
#include "x509/path.hpp"

namespace glasstls::tools {
namespace {

struct VerifyArgs {
  std::string roots, intermediates, leaf;
  std::optional<std::int64_t> time;
  std::optional<std::string> hostname, ip, email;
  std::string purpose = "any";
  std::string profile = "webpki";
  std::optional<std::string> public_suffix_list;
  std::optional<std::size_t> max_depth;
  bool verbose = false;
};

// Path building against a hostile pool of CAs can log a hundred thousand
// steps before the work budget stops it: by default only this many steps are
// shown at each end of a long log, with a line counting the ones in between.
constexpr std::size_t kLogStepsAtEachEnd = 20;

// Where Debian's package publicsuffix puts the Public Suffix List: read by
// default for the webpki profile when it exists (the x509 library reads no
// file; the list it needs comes from here).
// Reads the certificate file given to `option`, or for --roots every file of
// a directory (a trust store kept as one file per CA, like /etc/ssl/certs).
// Entries that do not parse are reported in `bad`. Returns false (with
// `problem`) only when a file itself is unusable: unreadable, not a file, or
// PEM framing that does not decode.
bool read_certs(std::string_view option, const std::string& path,
                std::vector<x509::Certificate>& out, std::vector<x509::LoadProblem>& bad,
                std::string& problem) {
  std::vector<x509::StoreSource> sources;
  // Only the trust store may be a directory: --leaf names the one certificate
  // to verify, never whichever file of a directory sorts first.
  const auto directories = option == "--roots" ? Directories::allowed : Directories::refused;
  if (!read_sources(path, directories, sources, problem)) {
    problem = std::string(option) + ": " + problem;
    std::error_code ec;
    if (directories == Directories::refused && std::filesystem::is_directory(path, ec))
      problem += " (only --roots takes a directory)";
    return false;
  }
  for (const auto& src : sources) {
    for (auto& b : x509::load_certificates(src.name, src.data, out)) {
      // index 0: the text itself (broken PEM framing, or DER that is no certificate).
      if (b.index == 0) {
        problem = b.describe();
        return false;
      }
      bad.push_back(std::move(b));
    }
  }
  return true;
}

void print_log_steps(std::span<const trace::PathEvent> steps) {
  for (const auto& e : steps) fmt::print("  {}\n", trace::path_log_line(e));
}

// Every step with --verbose; otherwise the first and the last decisions of a
// long search, and how many were left out.
void print_path_log(std::span<const trace::PathEvent> log, bool verbose) {
  fmt::print("Path building:\n");
  if (verbose || log.size() <= 2 * kLogStepsAtEachEnd + 1) {
    print_log_steps(log);
    return;
  }
  const auto middle = log.subspan(kLogStepsAtEachEnd, log.size() - 2 * kLogStepsAtEachEnd);
  const auto failed =
      std::count_if(middle.begin(), middle.end(), [](const auto& e) { return !e.ok; });
  print_log_steps(log.first(kLogStepsAtEachEnd));
  fmt::print("  ... {} more steps, {} of them failed checks (--verbose shows every step) ...\n",
             middle.size(), failed);
  print_log_steps(log.last(kLogStepsAtEachEnd));
}

std::string short_name(const x509::Certificate& c) {
  const std::string s = c.subject().to_string();
  return s.empty() ? "(empty subject)" : s;
}

int verify(const VerifyArgs& a) {
  std::string problem;
  std::vector<x509::Certificate> roots, inters, leaves;
  std::vector<x509::LoadProblem> bad_roots, bad_inters, bad_leaves;
  if (!read_certs("--roots", a.roots, roots, bad_roots, problem) ||
      !read_certs("--leaf", a.leaf, leaves, bad_leaves, problem) ||
      (!a.intermediates.empty() &&
       !read_certs("--intermediates", a.intermediates, inters, bad_inters, problem))) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  for (const auto* list : {&bad_roots, &bad_inters})
    for (const auto& b : *list) fmt::print(stderr, "warning: ignoring {}\n", b.describe());

  if (!bad_leaves.empty() && (leaves.empty() || bad_leaves.front().index == 1)) {
    fmt::print("REJECTED: the leaf certificate cannot be parsed: {}\n",
               bad_leaves.front().describe());
    fmt::print(
        "  A certificate must be DER exactly as RFC 5280 §4.1 defines it; a verifier cannot check\n"
        "  what it cannot read. Re-issue the certificate, or inspect it with `glasstls x509 "
        "show`.\n");
    return 1;
  }
  if (leaves.empty()) {
    fmt::print(stderr, "error: {}: no certificate found\n", a.leaf);
    return 2;
  }
  if (roots.empty() && bad_roots.empty()) {
    fmt::print(stderr, "error: {}: no certificate found (the trust store would be empty)\n",
               a.roots);
    return 2;
  }
  if (roots.empty()) {
    fmt::print(
        "REJECTED: no trusted root could be read, so no chain can end at a trust anchor\n"
        "  (RFC 5280 §6.1.1 (d)). Fix or replace the root certificate file.\n");
    return 1;
  }
  // Extra certificates after the leaf (a server's whole chain in one file) are
  // candidates too, like the intermediates a TLS server sends after its own.
  for (std::size_t i = 1; i < leaves.size(); ++i) inters.push_back(leaves[i]);

  x509::TrustStore store;
  for (auto& r : roots) store.add(std::move(r));

  x509::VerifyOptions opt;
  opt.time = a.time ? *a.time
                    : std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  opt.purpose = a.purpose == "server"   ? x509::Purpose::server
                : a.purpose == "client" ? x509::Purpose::client
                                        : x509::Purpose::any;
  opt.profile =
      a.profile == "rfc5280" ? x509::ValidationProfile::rfc5280 : x509::ValidationProfile::webpki;
  std::shared_ptr<const x509::PublicSuffixList> suffixes;
  std::string suffixes_described;
  if (opt.profile == x509::ValidationProfile::webpki) {
    if (!load_public_suffixes(a.public_suffix_list, suffixes, suffixes_described, problem)) {
      fmt::print(stderr, "error: {}\n", problem);
      return 2;
    }
    opt.public_suffixes = suffixes.get();
  }
  if (a.max_depth) opt.max_depth = *a.max_depth;
  if (a.hostname) opt.hostname = *a.hostname;
  if (a.email) opt.email = *a.email;
  if (a.ip) {
    x509::Bytes ip;
    if (!x509::parse_ip(*a.ip, ip)) {
      fmt::print(stderr, "error: --ip {}: not an IPv4 or IPv6 address\n", *a.ip);
      return 2;
    }
    opt.ip = ip;
  }

  const auto& leaf = leaves.front();
  fmt::print("Verifying {}\n", short_name(leaf));
  fmt::print("  issued by {}\n", leaf.issuer().to_string());
  std::string identity = a.hostname ? "host name " + *a.hostname
                         : a.ip     ? "IP address " + *a.ip
                         : a.email  ? "e-mail " + *a.email
                                    : "no identity check";
  fmt::print("  purpose {}, {}, at {}\n", a.purpose, identity, x509::format_time(opt.time));
  if (opt.profile == x509::ValidationProfile::webpki)
    fmt::print(
        "  profile webpki (RFC 5280 and the CA/B Forum Baseline Requirements), public suffixes: "
        "{}\n",
        suffixes_described);
  else
    fmt::print("  profile rfc5280 (RFC 5280 alone)\n");
  fmt::print(
      "  {} trusted root(s), {} untrusted intermediate(s), at most {} intermediate(s) in a "
      "path\n\n",
      store.size(), inters.size(), opt.max_depth);

  trace::PathLog log;
  opt.sink = &log;
  x509::Rejection why;
  const auto result = x509::verify_path(leaf, inters, store, opt, &why);
  print_path_log(log.steps(), a.verbose);
  fmt::print("\n");
  if (result) {
    const auto& chain = result->chain();
    fmt::print("VALID: a chain of {} certificate(s) from the leaf to a trusted root:\n",
               chain.size());
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const char* role = i == 0                  ? "leaf"
                         : i + 1 == chain.size() ? "trust anchor"
                                                 : "intermediate CA";
      fmt::print("  [{}] {} ({})\n", i, short_name(chain[i]), role);
    }
    return 0;
  }
  fmt::print("REJECTED: {}\n", why.explain());
  fmt::print("  (profile {}: {})\n", x509::profile_name(opt.profile),
             why.error.rule.starts_with("CA/B Forum")
                 ? "a Baseline Requirements rule; --profile rfc5280 does not apply it"
                 : "applied in both profiles");
  return 1;
}

}  // namespace

void add_x509_verify_command(CLI::App& x509, int& exit_code) {
  auto* cmd =
      x509.add_subcommand("verify", "Build and check a certificate chain up to a trusted root");
  auto a = std::make_shared<VerifyArgs>();
  cmd->add_option("--roots", a->roots,
                  "Trusted root certificates: a PEM bundle, or a directory of PEM/DER files")
      ->required();
  cmd->add_option("--intermediates", a->intermediates,
                  "Untrusted intermediate certificates (PEM; may be empty)");
  cmd->add_option("--leaf", a->leaf, "The certificate to verify (PEM or DER)")->required();
  cmd->add_option("--time", a->time, "Verify at this time (seconds since 1970, UTC); default: now");
  auto* host =
      cmd->add_option("--hostname", a->hostname, "The DNS name the certificate must be for");
  auto* ip = cmd->add_option("--ip", a->ip, "The IP address the certificate must be for");
  auto* email =
      cmd->add_option("--email", a->email, "The e-mail address the certificate must be for");
  host->excludes(ip)->excludes(email);
  ip->excludes(email);
  cmd->add_option("--purpose", a->purpose,
                  "server (serverAuth), client (clientAuth) or any (default)")
      ->check(CLI::IsMember({"server", "client", "any"}));
  cmd->add_option("--profile", a->profile,
                  "Which rulebook: webpki (RFC 5280 and the CA/Browser Forum Baseline "
                  "Requirements browsers enforce; default) or rfc5280 (RFC 5280 alone)")
      ->check(CLI::IsMember({"rfc5280", "webpki"}));
  cmd->add_option("--public-suffix-list", a->public_suffix_list,
                  fmt::format("The Public Suffix List for webpki's wildcard rule (CA/B Forum BR "
                              "§3.2.2.6: no *.co.uk); default: {} when it exists",
                              kDefaultPublicSuffixList));
  cmd->add_option("--max-depth", a->max_depth,
                  "Most intermediate CAs allowed between leaf and root");
  cmd->add_flag(
      "-v,--verbose", a->verbose,
      fmt::format(
          "Print every path-building step (by default a long search shows its first and last {})",
          kLogStepsAtEachEnd));
  cmd->callback([&exit_code, a] { exit_code = verify(*a); });
}

}  // namespace glasstls::tools
