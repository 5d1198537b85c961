// Certificates made by the openssl CLI inside a test, in a fresh temporary
// directory that is removed afterwards. Each command is bounded by `timeout`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace glasstls::test {

class OpensslDir {
 public:
  OpensslDir();  // mkdtemp under /tmp
  ~OpensslDir();
  OpensslDir(const OpensslDir&) = delete;
  OpensslDir& operator=(const OpensslDir&) = delete;

  // Runs `openssl <args>` in the directory (60 s at most); stdout into `out`.
  bool openssl(const std::string& args, std::string* out = nullptr) const;
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string read(const std::string& name) const;
  std::vector<std::uint8_t> read_bytes(const std::string& name) const;
  void write(const std::string& name, const std::string& content) const;

 private:
  std::string dir_;
};

// One certificate made for the tests, with what was asked of openssl.
struct MadeCert {
  std::string name;  // "rsa_leaf", ...
  std::string pem;   // as openssl wrote it
  std::vector<std::uint8_t> der;
  std::string issuer;      // name of the issuing MadeCert (itself when self-signed)
  std::string serial_hex;  // as openssl prints it (-serial), upper case
};

// The fixture set: an RSA CA (pathlen, name constraints), leaves it signs
// (RSA PKCS#1 with SAN/EKU, RSA-PSS, P-256) and self-signed P-256, P-384 and
// Ed25519 certificates. Made once per test program; empty when openssl failed.
const std::map<std::string, MadeCert>& made_certs();
// The OpensslDir the set lives in (for asking openssl about it).
const OpensslDir& made_certs_dir();

}  // namespace glasstls::test
