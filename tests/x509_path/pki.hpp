// A small PKI made by the openssl CLI for path validation tests: keys, a root,
// intermediates and leaves with whatever extensions a test asks for, in a
// fresh temporary directory (OpensslDir) removed when the Pki goes away.
#pragma once

#include <string>
#include <vector>

#include <optional>
#include <span>

#include "openssl_certs.hpp"
#include "trace/events.hpp"
#include "x509/certificate.hpp"
#include "x509/path.hpp"

namespace glasstls::test {

// openssl.cnf extension lines for the usual certificate kinds.
inline constexpr const char* kRootExt =
    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,"
    "cRLSign\nsubjectKeyIdentifier=hash\n";
inline constexpr const char* kCaExt =
    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,"
    "cRLSign\nsubjectKeyIdentifier=hash\n"
    "authorityKeyIdentifier=keyid:always\n";
inline constexpr const char* kLeafExt =
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage="
    "serverAuth\n"
    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n";

struct CertSpec {
  std::string name{};           // file stem: <name>.pem, and the key <key>.key
  std::string subject{};        // "/CN=Root"
  std::string issuer{};         // name of the issuing cert; empty = self-signed
  std::string ext{};            // extension lines (see above)
  std::string key{};            // key file stem; empty = `name`
  std::string key_type = "ec";  // for a new key: ec, ec384, rsa, rsa1024, rsa2052, ed25519
  int days = 3650;
  std::string sign_options = "-sha256";  // e.g. "-sha256 -sigopt rsa_padding_mode:pss"
  std::string serial{};                  // e.g. "0" or "-7"; empty = the next of 1000, 1001, ...
};

class Pki {
 public:
  bool ok() const { return ok_; }
  // Makes the certificate (and its key when missing); false when openssl failed.
  bool make(const CertSpec& spec);
  x509::Certificate cert(const std::string& name) const;
  std::vector<x509::Certificate> certs(const std::vector<std::string>& names) const;
  std::string pem(const std::string& name) const { return dir_.read(name + ".pem"); }
  const OpensslDir& dir() const { return dir_; }
  // `openssl verify` with the same inputs: roots and intermediates by name.
  bool openssl_verify(const std::vector<std::string>& roots,
                      const std::vector<std::string>& intermediates, const std::string& leaf,
                      const std::string& extra_args) const;

 private:
  OpensslDir dir_;
  int serial_ = 1;
  bool ok_ = true;
};

}  // namespace glasstls::test

namespace glasstls::test {

// The certificates every path test uses, made once per test program (see
// pki.cpp for the list: a root, intermediates, leaves for each rule).
const Pki& path_pki();

}  // namespace glasstls::test

namespace glasstls::test {

// x509::verify_path's answer in one value for assertions: the chain, or the
// Rejection (whose error the Result carried: the helper checks they agree),
// and every trace::PathEvent the search sent to its sink.
struct PathOutcome {
  bool valid = false;
  std::vector<x509::Certificate> chain;
  std::optional<x509::Rejection> rejection;
  std::vector<trace::PathEvent> log;
};
PathOutcome verify_logged(const x509::Certificate& leaf,
                          std::span<const x509::Certificate> intermediates,
                          const x509::TrustStore& roots, x509::VerifyOptions options);

}  // namespace glasstls::test
