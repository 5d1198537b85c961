#include "pki.hpp"

#include <gtest/gtest.h>

#include "trace/path_log.hpp"

namespace glasstls::test {
namespace {

std::string keygen_args(const std::string& type) {
  if (type == "rsa") return "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048";
  if (type == "rsa1024") return "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024";
  if (type == "rsa2052") return "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2052";
  if (type == "ed25519") return "genpkey -algorithm ED25519";
  if (type == "ec384") return "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384";
  return "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256";
}

}  // namespace

bool Pki::make(const CertSpec& spec) {
  const std::string key = spec.key.empty() ? spec.name : spec.key;
  if (dir_.read(key + ".key").empty() &&
      !dir_.openssl(keygen_args(spec.key_type) + " -out " + key + ".key"))
    return ok_ = false;
  dir_.write(spec.name + ".cnf", "[req]\ndistinguished_name=dn\n[dn]\n[ext]\n" + spec.ext);
  const std::string serial = spec.serial.empty() ? std::to_string(1000 + serial_++) : spec.serial;
  const std::string days = std::to_string(spec.days);
  bool made;
  if (spec.issuer.empty()) {
    made =
        dir_.openssl("req -x509 -new -key " + key + ".key -subj '" + spec.subject + "' -config " +
                     spec.name + ".cnf -extensions ext -days " + days + " -set_serial " + serial +
                     " " + spec.sign_options + " -out " + spec.name + ".pem");
  } else {
    const std::string issuer_key = dir_.read(spec.issuer + ".keyname");
    made = dir_.openssl("req -new -key " + key + ".key -subj '" + spec.subject + "' -config " +
                        spec.name + ".cnf -out " + spec.name + ".csr") &&
           dir_.openssl("x509 -req -in " + spec.name + ".csr -CA " + spec.issuer + ".pem -CAkey " +
                        issuer_key + ".key -extfile " + spec.name + ".cnf -extensions ext -days " +
                        days + " -set_serial " + serial + " " + spec.sign_options + " -out " +
                        spec.name + ".pem");
  }
  dir_.write(spec.name + ".keyname", key);
  if (!made) ADD_FAILURE() << "openssl failed for " << spec.name << ": " << dir_.read("stderr.log");
  return ok_ = ok_ && made;
}

x509::Certificate Pki::cert(const std::string& name) const {
  auto certs = x509::Certificate::parse_pem_all(pem(name));
  if (!certs || certs->size() != 1) {
    ADD_FAILURE() << "cannot parse " << name << ": "
                  << (certs ? "count" : certs.error().describe());
    return {};
  }
  return certs->front();
}

std::vector<x509::Certificate> Pki::certs(const std::vector<std::string>& names) const {
  std::vector<x509::Certificate> out;
  for (const auto& n : names) out.push_back(cert(n));
  return out;
}

bool Pki::openssl_verify(const std::vector<std::string>& roots,
                         const std::vector<std::string>& intermediates, const std::string& leaf,
                         const std::string& extra_args) const {
  std::string roots_pem, inter_pem;
  for (const auto& r : roots) roots_pem += pem(r);
  for (const auto& i : intermediates) inter_pem += pem(i);
  dir_.write("verify-roots.pem", roots_pem);
  dir_.write("verify-inter.pem", inter_pem);
  std::string args = "verify -x509_strict -CAfile verify-roots.pem " + extra_args;
  if (!intermediates.empty()) args += " -untrusted verify-inter.pem";
  return dir_.openssl(args + " " + leaf + ".pem");
}

}  // namespace glasstls::test

namespace glasstls::test {
namespace {

std::string leaf_ext(const std::string& san, const std::string& eku = "serverAuth") {
  return "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,"
         "digitalSignature\nextendedKeyUsage=" +
         eku +
         "\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=" + san +
         "\n";
}

void make_all(Pki& p) {
  const std::string pss = "-sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32";
  const std::string nc =
      std::string(kCaExt) +
      "nameConstraints=critical,permitted;DNS:example.test,permitted;IP:192.0.2.0/255.255.255.0,"
      "permitted;email:example.test,permitted;dirName:nc_dir,excluded;DNS:bad.example.test\n[nc_"
      "dir]\nO=Good\n";
  // Leaves name themselves in an OU: a Common Name that is not one of the SAN
  // values breaks CA/B Forum BR §7.1.4.3 (the webpki profile's rule), which
  // only the tests of that rule want to meet.
  const std::vector<CertSpec> specs = {
      {"root", "/CN=Test Root", "", kRootExt},
      {"int", "/CN=Test Intermediate", "root", kCaExt},
      {"leaf", "/CN=www.example.test", "int", leaf_ext("DNS:www.example.test,IP:192.0.2.7")},
      {"leaf_client", "/CN=alice", "int", leaf_ext("email:alice@example.test", "clientAuth")},
      {"leaf_wild", "/OU=wildcard", "int", leaf_ext("DNS:*.example.test")},
      {"leaf_short", "/OU=short", "int", leaf_ext("DNS:www.example.test"), "", "ec", 1},
      {"leaf_crit", "/OU=crit", "int",
       leaf_ext("DNS:www.example.test") + "1.2.3.4.5=critical,ASN1:NULL\n"},
      {"leaf_rsa1024", "/OU=small", "int", leaf_ext("DNS:www.example.test"), "", "rsa1024"},
      {"leaf_cn_only", "/CN=www.example.test", "int",
       "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier="
       "hash\n"
       "authorityKeyIdentifier=keyid:always\n"},
      // pathLen: root -> pl0 (pathlen:0) -> below -> leaf_pl is too long.
      {"pl0", "/CN=PathLen Zero", "root",
       std::string(kCaExt) + "basicConstraints=critical,CA:TRUE,pathlen:0\n"},
      {"below", "/CN=Below PathLen Zero", "pl0", kCaExt},
      {"leaf_pl", "/OU=pl leaf", "below", leaf_ext("DNS:www.example.test")},
      {"leaf_pl_ok", "/OU=pl ok leaf", "pl0", leaf_ext("DNS:www.example.test")},
      // Name constraints under nc_ca.
      {"nc_ca", "/CN=NC CA", "root", nc},
      {"nc_ok", "/O=Good/OU=ok", "nc_ca", leaf_ext("DNS:www.example.test,IP:192.0.2.7")},
      {"nc_dns_out", "/O=Good/OU=out", "nc_ca", leaf_ext("DNS:www.other.test")},
      {"nc_dns_excluded", "/O=Good/OU=excl", "nc_ca", leaf_ext("DNS:x.bad.example.test")},
      {"nc_ip_out", "/O=Good/OU=ip", "nc_ca", leaf_ext("IP:198.51.100.1")},
      {"nc_email_out", "/O=Good/OU=mail", "nc_ca",
       leaf_ext("email:alice@other.test", "clientAuth")},
      {"nc_dir_out", "/O=Evil/OU=dir", "nc_ca", leaf_ext("DNS:www.example.test")},
      // "*.example.test" would match the excluded bad.example.test (cve-2025-61727).
      {"nc_wild_excluded", "/O=Good/OU=wild", "nc_ca", leaf_ext("DNS:*.example.test")},
      // Cross-signing: two "Cross Int" certificates with one key; one leads nowhere.
      {"oldroot", "/CN=Old Root", "", kRootExt},
      {"xint_dead", "/CN=Cross Int", "oldroot", kCaExt, "xint"},
      {"xint_expired", "/CN=Cross Int", "root", kCaExt, "xint", "ec", 1},
      {"xint_good", "/CN=Cross Int", "root", kCaExt, "xint"},
      {"leaf_x", "/OU=x leaf", "xint_good", leaf_ext("DNS:www.example.test")},
      // A loop: Loop A -> Loop B -> Loop A (same key) with no way out.
      {"loop_a", "/CN=Loop A", "", kRootExt, "loopa"},
      {"loop_b", "/CN=Loop B", "loop_a", kCaExt, "loopb"},
      {"loop_a2", "/CN=Loop A", "loop_b", kCaExt, "loopa"},
      {"leaf_loop", "/OU=loop leaf", "loop_a2", leaf_ext("DNS:www.example.test")},
      // Profile rules the x509-limbo suite checks (RFC 5280 and CA/B Forum BR).
      {"nc_noncrit_ca", "/CN=NC Noncritical CA", "root",
       std::string(kCaExt) + "nameConstraints=permitted;DNS:example.test\n"},
      {"nc_noncrit_leaf", "/OU=ncn leaf", "nc_noncrit_ca", leaf_ext("DNS:www.example.test")},
      {"pc_ca", "/CN=Policy Constraints CA", "root",
       std::string(kCaExt) + "policyConstraints=requireExplicitPolicy:3\n"},
      {"pc_leaf", "/OU=pc leaf", "pc_ca", leaf_ext("DNS:www.example.test")},
      {"badku_root", "/CN=Bad KU Root", "",
       "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,"
       "digitalSignature\nsubjectKeyIdentifier=hash\n"},
      {"badku_leaf", "/OU=badku leaf", "badku_root", leaf_ext("DNS:www.example.test")},
      {"aki_root", "/CN=AKI Issuer Root", "",
       std::string(kRootExt) + "authorityKeyIdentifier=keyid:always,issuer:always\n"},
      {"aki_root_leaf", "/OU=aki leaf", "aki_root", leaf_ext("DNS:www.example.test")},
      {"leaf_no_aki", "/OU=no aki", "int",
       "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage="
       "serverAuth\n"
       "subjectAltName=DNS:www.example.test\nauthorityKeyIdentifier=none\n"},
      {"leaf_is_ca", "/OU=ca leaf", "int",
       "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage="
       "serverAuth\n"
       "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=DNS:www."
       "example.test\n"},
      {"leaf_crit_san", "/OU=critical san", "int",
       "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
       "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nsubjectAltName=critical,"
       "DNS:www.example.test\n"},
      // Other signature algorithms.
      {"pss_root", "/CN=PSS Root", "", kRootExt, "", "rsa", 3650, pss},
      {"pss_leaf", "/OU=pss leaf", "pss_root", leaf_ext("DNS:www.example.test"), "", "rsa", 3650,
       pss},
      {"ed_root", "/CN=Ed25519 Root", "", kRootExt, "", "ed25519", 3650, ""},
      {"ed_leaf", "/OU=ed leaf", "ed_root", leaf_ext("DNS:www.example.test"), "", "ed25519", 3650,
       ""},
  };
  for (const auto& s : specs)
    if (!p.make(s)) return;
}

}  // namespace

const Pki& path_pki() {
  // A static object, so its temporary directory is removed at exit.
  static Pki pki;
  static const bool made = (make_all(pki), true);
  (void)made;
  return pki;
}

}  // namespace glasstls::test

namespace glasstls::test {

PathOutcome verify_logged(const x509::Certificate& leaf,
                          std::span<const x509::Certificate> intermediates,
                          const x509::TrustStore& roots, x509::VerifyOptions options) {
  trace::PathLog log;
  options.sink = &log;
  x509::Rejection why;
  auto result = x509::verify_path(leaf, intermediates, roots, options, &why);
  PathOutcome out;
  out.log = log.steps();
  if (result) {
    out.valid = true;
    out.chain = result->chain();
  } else {
    EXPECT_EQ(result.error().alert, why.error.alert);
    EXPECT_EQ(result.error().rule, why.error.rule);
    out.rejection = why;
  }
  // The same answer without a sink: the trace only reports, it never decides.
  options.sink = nullptr;
  EXPECT_EQ(x509::verify_path(leaf, intermediates, roots, options).ok(), out.valid);
  return out;
}

}  // namespace glasstls::test
