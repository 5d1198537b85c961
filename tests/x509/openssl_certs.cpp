#include "openssl_certs.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace glasstls::test {

OpensslDir::OpensslDir() {
  char tmpl[] = "/tmp/glasstls-x509-XXXXXX";
  const char* d = mkdtemp(tmpl);
  dir_ = d ? d : "";
}

OpensslDir::~OpensslDir() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool OpensslDir::openssl(const std::string& args, std::string* out) const {
  if (dir_.empty()) return false;
  const std::string cmd =
      "cd '" + dir_ + "' && timeout 60 openssl " + args + " 2>>'" + dir_ + "/stderr.log'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = pclose(p);
  if (out) *out = text;
  return status == 0;
}

std::string OpensslDir::read(const std::string& name) const {
  std::ifstream f(path(name), std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::uint8_t> OpensslDir::read_bytes(const std::string& name) const {
  const std::string s = read(name);
  return {s.begin(), s.end()};
}

void OpensslDir::write(const std::string& name, const std::string& content) const {
  std::ofstream f(path(name), std::ios::binary);
  f << content;
}

namespace {

// Extensions for the CA and the leaves (openssl x509 -extfile sections).
constexpr const char* kExtensions = R"(
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE, pathlen:2
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
nameConstraints = critical, permitted;DNS:example.com, permitted;IP:10.0.0.0/255.0.0.0, excluded;DNS:bad.example.com, excluded;IP:2001:db8::/ffff:ffff::
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:www.example.com, DNS:*.api.example.com, IP:192.0.2.7, IP:2001:db8::42, email:admin@example.com, URI:https://example.com/path
[plain]
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

bool make_all(const OpensslDir& d, std::map<std::string, MadeCert>& out) {
  d.write("ext.cnf", kExtensions);
  const std::string days = " -days 30";
  // The CA: RSA 2048, self-signed.
  if (!d.openssl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj "
                 "'/C=US/O=GlassTLS Test/CN=Test Root CA'"
                 " -set_serial 0x01 -sha256 -config ext.cnf -extensions ca" +
                 days))
    return false;
  // Leaves signed by the CA.
  struct Leaf {
    const char* name;
    const char* newkey;
    const char* subject;
    const char* serial;
    const char* sigopts;
    const char* section;
  };
  const Leaf leaves[] = {
      {"rsa_leaf", "rsa:2048", "/C=US/O=Example, Inc./CN=www.example.com", "0x0123456789ABCDEF0102",
       " -sha256", "leaf"},
      {"pss_leaf", "rsa:2048", "/CN=pss.example.com", "0x7F",
       " -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt "
       "rsa_mgf1_md:sha384",
       "plain"},
      {"p256_leaf", "ec -pkeyopt ec_paramgen_curve:P-256", "/CN=p256.example.com", "0x1000",
       " -sha512", "plain"},
  };
  for (const auto& l : leaves) {
    const std::string n = l.name;
    if (!d.openssl(std::string("req -new -newkey ") + l.newkey + " -nodes -keyout " + n +
                   ".key -out " + n + ".csr -subj '" + l.subject + "' -config ext.cnf"))
      return false;
    if (!d.openssl("x509 -req -in " + n + ".csr -CA ca.pem -CAkey ca.key -set_serial " + l.serial +
                   l.sigopts + days + " -extfile ext.cnf -extensions " + l.section + " -out " + n +
                   ".pem"))
      return false;
  }
  // Self-signed certificates of the other key types.
  struct Self {
    const char* name;
    const char* newkey;
    const char* digest;
  };
  const Self selfs[] = {
      {"p256_self", "ec -pkeyopt ec_paramgen_curve:P-256", " -sha256"},
      {"p384_self", "ec -pkeyopt ec_paramgen_curve:P-384", " -sha384"},
      {"ed25519_self", "ed25519", ""},
  };
  for (const auto& s : selfs) {
    const std::string n = s.name;
    if (!d.openssl(std::string("req -x509 -newkey ") + s.newkey + " -nodes -keyout " + n +
                   ".key -out " + n + ".pem -subj '/CN=" + n +
                   "' -config ext.cnf -extensions plain" + s.digest + days))
      return false;
  }
  const std::pair<const char*, const char*> all[] = {{"ca", "ca"},
                                                     {"rsa_leaf", "ca"},
                                                     {"pss_leaf", "ca"},
                                                     {"p256_leaf", "ca"},
                                                     {"p256_self", "p256_self"},
                                                     {"p384_self", "p384_self"},
                                                     {"ed25519_self", "ed25519_self"}};
  for (const auto& [name, issuer] : all) {
    MadeCert c;
    c.name = name;
    c.issuer = issuer;
    c.pem = d.read(c.name + ".pem");
    if (!d.openssl("x509 -in " + c.name + ".pem -outform DER -out " + c.name + ".der"))
      return false;
    c.der = d.read_bytes(c.name + ".der");
    std::string serial;
    if (!d.openssl("x509 -in " + c.name + ".pem -noout -serial", &serial)) return false;
    c.serial_hex = serial.substr(serial.find('=') + 1);
    while (!c.serial_hex.empty() && (c.serial_hex.back() == '\n' || c.serial_hex.back() == '\r'))
      c.serial_hex.pop_back();
    out[c.name] = std::move(c);
  }
  return true;
}

}  // namespace

const OpensslDir& made_certs_dir() {
  static const OpensslDir dir;
  return dir;
}

const std::map<std::string, MadeCert>& made_certs() {
  static const std::map<std::string, MadeCert> certs = [] {
    std::map<std::string, MadeCert> m;
    if (!make_all(made_certs_dir(), m)) m.clear();
    return m;
  }();
  return certs;
}

}  // namespace glasstls::test
