// verify_path next to `openssl verify -x509_strict` on the same inputs: where
// the two should agree, they must. Known, intended differences are listed
// with the reason in kScenarios.
#include <ctime>

#include <gtest/gtest.h>

#include "pki.hpp"
#include "x509/path.hpp"

namespace glasstls::x509 {
namespace {

struct Scenario {
  const char* name;
  const char* leaf;
  std::vector<std::string> intermediates;
  std::vector<std::string> roots;
  const char* hostname;   // nullptr: no host name check
  bool client = false;    // purpose client instead of server
  long shift_days = 0;    // verification time relative to now
  bool expected = false;  // what verify_path must say
  // Set when `openssl verify` intentionally says the opposite, with the reason.
  const char* openssl_differs = nullptr;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = {
      {"valid", "leaf", {"int"}, {"root"}, "www.example.test", false, 0, true},
      {"missing-intermediate", "leaf", {}, {"root"}, "www.example.test", false, 0, false},
      {"wrong-host", "leaf", {"int"}, {"root"}, "other.example.test", false, 0, false},
      {"cn-is-not-checked",
       "leaf_cn_only",
       {"int"},
       {"root"},
       "www.example.test",
       false,
       0,
       false,
       "OpenSSL falls back to the subject CN when the SAN has no dNSName; RFC 9525 §6.3 and every "
       "browser do not"},
      {"wildcard", "leaf_wild", {"int"}, {"root"}, "foo.example.test", false, 0, true},
      {"wildcard-two-labels",
       "leaf_wild",
       {"int"},
       {"root"},
       "a.foo.example.test",
       false,
       0,
       false},
      {"expired", "leaf_short", {"int"}, {"root"}, "www.example.test", false, 3, false},
      {"not-yet-valid", "leaf", {"int"}, {"root"}, "www.example.test", false, -3, false},
      {"client-cert-as-server", "leaf_client", {"int"}, {"root"}, nullptr, false, 0, false},
      {"client-cert-as-client", "leaf_client", {"int"}, {"root"}, nullptr, true, 0, true},
      {"pathlen-ok", "leaf_pl_ok", {"pl0"}, {"root"}, "www.example.test", false, 0, true},
      {"pathlen-exceeded",
       "leaf_pl",
       {"below", "pl0"},
       {"root"},
       "www.example.test",
       false,
       0,
       false},
      {"nc-permitted", "nc_ok", {"nc_ca"}, {"root"}, "www.example.test", false, 0, true},
      {"nc-dns-outside", "nc_dns_out", {"nc_ca"}, {"root"}, nullptr, false, 0, false},
      {"nc-dns-excluded", "nc_dns_excluded", {"nc_ca"}, {"root"}, nullptr, false, 0, false},
      {"nc-ip-outside", "nc_ip_out", {"nc_ca"}, {"root"}, nullptr, false, 0, false},
      {"nc-dirname-outside", "nc_dir_out", {"nc_ca"}, {"root"}, nullptr, false, 0, false},
      {"unknown-critical-extension", "leaf_crit", {"int"}, {"root"}, nullptr, false, 0, false},
      {"cross-signed-dead-end",
       "leaf_x",
       {"xint_dead", "xint_good"},
       {"root"},
       nullptr,
       false,
       0,
       true,
       "OpenSSL 3.0 takes the first matching untrusted issuer and does not backtrack when it leads "
       "to an "
       "untrusted root; verify_path tries the other candidate (as Go, rustls-webpki and browsers "
       "do)"},
      {"cross-signed-expired-alternative",
       "leaf_x",
       {"xint_expired", "xint_good"},
       {"root"},
       nullptr,
       false,
       3,
       true},
      {"loop", "leaf_loop", {"loop_a2", "loop_b"}, {"root"}, nullptr, false, 0, false},
      {"rsa-pss", "pss_leaf", {}, {"pss_root"}, "www.example.test", false, 0, true},
      {"ed25519", "ed_leaf", {}, {"ed_root"}, "www.example.test", false, 0, true},
  };
  return all;
}

class PathInteropTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(PathInteropTest, AgreesWithOpensslVerify) {
  const auto& pki = test::path_pki();
  if (!pki.ok())
    FAIL() << "openssl could not make the test certificates (the openssl CLI is a test dependency)";
  const Scenario& s = GetParam();
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  VerifyOptions options;
  options.time = now + s.shift_days * 86400;
  options.purpose = s.client ? Purpose::client : Purpose::server;
  if (s.hostname) options.hostname = s.hostname;
  TrustStore store;
  for (const auto& r : s.roots) store.add(pki.cert(r));
  const auto inter = pki.certs(s.intermediates);
  const auto ours = test::verify_logged(pki.cert(s.leaf), inter, store, options);
  std::string args = "-attime " + std::to_string(options.time) + " -purpose " +
                     (s.client ? "sslclient" : "sslserver");
  if (s.hostname) args += std::string(" -verify_hostname ") + s.hostname;
  const bool theirs = pki.openssl_verify(s.roots, s.intermediates, s.leaf, args);
  EXPECT_EQ(ours.valid, s.expected) << (ours.rejection ? ours.rejection->explain() : "accepted");
  if (s.openssl_differs)
    EXPECT_NE(theirs, s.expected) << "documented difference no longer holds: " << s.openssl_differs;
  else
    EXPECT_EQ(theirs, s.expected) << "openssl verify " << args;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, PathInteropTest, ::testing::ValuesIn(scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& param_info) {
                           std::string n = param_info.param.name;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace glasstls::x509
