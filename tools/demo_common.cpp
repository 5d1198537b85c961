#include "tools/demo_common.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "crypto/ct.hpp"
#include "tools/files.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::tools {

x509::UnixTime demo_now(bool seeded) {
  if (seeded) return kSeededNow;
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void demo_fail(std::string_view what) {
  std::fflush(stdout);
  fmt::print(stderr, "\ndemo failed: {}\n", what);
  std::exit(1);
}

Issued issue_identity(const x509::CertificateAuthority& ca, std::string_view key_spec,
                      std::string_view subject, std::string_view san, x509::Profile profile,
                      x509::UnixTime not_before, x509::UnixTime not_after, crypto::Rng& rng,
                      std::optional<std::uint64_t> path_len) {
  auto key = must(x509::PrivateKey::generate(key_spec, rng), "key generation");
  const auto subject_der = must(x509::build_name(subject), "subject name");
  const x509::Bytes san_der =
      san.empty() ? x509::Bytes{} : must(x509::build_general_names(san), "SAN");
  auto csr = must(x509::make_csr(key, subject_der, san_der, rng), "CSR");
  auto cert = must(ca.issue(csr, profile, not_before, not_after, rng, path_len), "issuing");
  return Issued{std::move(key), std::move(csr), std::move(cert)};
}

x509::PrivateKey copy_key(const x509::PrivateKey& key) {
  x509::Bytes der = key.to_pkcs8_der();
  auto copy = must(x509::PrivateKey::parse_der(der), "copying a key");
  crypto::ct::secure_wipe(der.data(), der.size());
  return copy;
}

bool DemoFiles::prepare(std::string& problem) const {
  if (dir_.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) problem = fmt::format("cannot create {}: {}", dir_, ec.message());
  return !ec;
}

void DemoFiles::write(const std::string& file, std::string_view contents, bool secret) {
  if (dir_.empty()) return;
  std::string problem;
  if (!write_file(dir_ + "/" + file, contents, secret, problem)) demo_fail(problem);
  written_.push_back(file);
}

void DemoFiles::write_certs(const std::string& file, const std::vector<x509::Certificate>& certs) {
  std::string pem;
  for (const auto& c : certs) pem += x509::pem_encode("CERTIFICATE", c.der());
  write(file, pem);
}

void DemoFiles::print_summary(std::optional<x509::UnixTime> now) const {
  if (written_.empty()) return;
  fmt::print("Files written to {}:", dir_);
  for (const auto& f : written_) fmt::print(" {}", f);
  // A seeded run has a fixed clock: the checks must happen at that time too.
  const std::string at = now ? fmt::format(" --time {}", *now) : "";
  const std::string attime = now ? fmt::format(" -attime {}", *now) : "";
  fmt::print(
      "\nTry: glasstls x509 show {0}/server.pem\n"
      "     glasstls x509 verify --roots {0}/root.pem --intermediates {0}/intermediate.pem "
      "--leaf {0}/server.pem --hostname www.example.test --purpose server{1}\n"
      "     openssl verify{2} -CAfile {0}/root.pem -untrusted {0}/intermediate.pem "
      "{0}/server.pem\n",
      dir_, at, attime);
}

DemoStart::DemoStart(const DemoOptions& options)
    : files(options.out_dir), now(demo_now(options.seed.has_value())), options_(options) {
  if (options.seed) seeded_.emplace(crypto::HmacDrbg::from_seed(*options.seed));
}

bool DemoStart::prepare(std::string& problem) {
  return make_plan(options_, plan, problem) && files.prepare(problem);
}

}  // namespace glasstls::tools
