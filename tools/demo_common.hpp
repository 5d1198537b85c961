// What every part of `glasstls demo` shares: stopping on a step that failed
// (a bug in GlassTLS), the fixed clock of a seeded run, the --out files, the
// making of an identity (key, request, certificate) by a CA, and what a run
// of the demo or of --compare starts from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "tools/demo_options.hpp"
#include "x509/ca.hpp"
#include "x509/csr.hpp"
#include "x509/private_key.hpp"

namespace glasstls::tools {

inline constexpr x509::UnixTime kDay = 86400;
// With --seed the clock is fixed too, so that every byte is reproducible.
inline constexpr x509::UnixTime kSeededNow = 1767225600;  // 2026-01-01 00:00:00 UTC

// The demo's clock: kSeededNow when seeded, else the system clock.
x509::UnixTime demo_now(bool seeded);

// Every step of the demo must work; when one does not, that is a bug in
// GlassTLS, and the demo stops saying which step failed and why (exit 1).
[[noreturn]] void demo_fail(std::string_view what);

template <typename T>
T must(Result<T> r, std::string_view what) {
  if (!r) demo_fail(std::string(what).append(": ").append(r.error().describe()));
  return std::move(*r);
}

// A party's key, its signed request (PKCS #10) and the certificate a CA made
// from it.
struct Issued {
  x509::PrivateKey key;
  x509::CertificationRequest csr;
  x509::Certificate cert;
};

// Makes a `key_spec` key ("p256", "ed25519", "rsa2048" ...), a request for
// `subject` (and `san`, "DNS:a,email:b", may be empty) and has `ca` issue it
// with `profile`, valid from not_before to not_after.
Issued issue_identity(const x509::CertificateAuthority& ca, std::string_view key_spec,
                      std::string_view subject, std::string_view san, x509::Profile profile,
                      x509::UnixTime not_before, x509::UnixTime not_after, crypto::Rng& rng,
                      std::optional<std::uint64_t> path_len = std::nullopt);

// A copy of `key` (keys are move-only: a second key store for the same key).
x509::PrivateKey copy_key(const x509::PrivateKey& key);

// --out DIR: the files the demo writes (nothing when `dir` is empty).
class DemoFiles {
 public:
  explicit DemoFiles(std::string dir) : dir_(std::move(dir)) {}
  // Creates the directory; false with `problem` when it cannot.
  bool prepare(std::string& problem) const;
  void write(const std::string& file, std::string_view contents, bool secret = false);
  void write_certs(const std::string& file, const std::vector<x509::Certificate>& certs);
  bool wrote_any() const { return !written_.empty(); }
  // "Files written to DIR: ..." and what to try on them (`now`: the time a
  // seeded run's files are valid at, else nullopt); nothing when none was.
  void print_summary(std::optional<x509::UnixTime> now) const;

 private:
  std::string dir_;
  std::vector<std::string> written_;
};

// What `glasstls demo` and `demo --compare` start from: the plan their
// options make, the --out directory, the random generator (seeded by --seed,
// else the operating system's) and the clock (fixed by --seed).
class DemoStart {
 public:
  explicit DemoStart(const DemoOptions& options);
  // Makes the plan and creates the --out directory; false with `problem`.
  bool prepare(std::string& problem);
  crypto::Rng& rng() { return seeded_ ? static_cast<crypto::Rng&>(*seeded_) : crypto::os_rng(); }

  DemoPlan plan;
  DemoFiles files;
  const x509::UnixTime now;

 private:
  const DemoOptions& options_;
  std::optional<crypto::HmacDrbg> seeded_;
};

}  // namespace glasstls::tools
