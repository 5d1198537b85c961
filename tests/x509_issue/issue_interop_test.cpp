// Interop with the openssl CLI (OpenSSL 3): keys openssl makes parse to the
// same public key; keys, requests and certificates GlassTLS makes are accepted
// by openssl (pkey, req -verify, verify -purpose -verify_hostname). Every file
// lives in a fresh mkdtemp directory that is removed afterwards; every command
// is bounded by `timeout`.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "issue_keys.hpp"
#include "x509/ca.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

using test::issue_key;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/glasstls-issue-XXXXXX";
    const char* d = mkdtemp(tmpl);
    dir_ = d ? d : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // `openssl <args>` in the directory, 60 s at most; true when it exits 0.
  bool openssl(const std::string& args) const {
    if (dir_.empty()) return false;
    const std::string cmd = "cd '" + dir_ + "' && timeout 60 openssl " + args + " >>out.log 2>&1";
    return std::system(cmd.c_str()) == 0;
  }
  // What `openssl <args>` prints on stdout and stderr ("" when it fails).
  std::string output(const std::string& args) const {
    if (dir_.empty()) return "";
    const std::string cmd = "cd '" + dir_ + "' && timeout 60 openssl " + args + " >stdout.txt 2>&1";
    return std::system(cmd.c_str()) == 0 ? read("stdout.txt") : "";
  }
  std::string log() const { return read("out.log"); }
  std::string read(const std::string& name) const {
    std::ifstream f(dir_ + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  Bytes read_bytes(const std::string& name) const {
    const std::string s = read(name);
    return {s.begin(), s.end()};
  }
  void write(const std::string& name, std::string_view content) const {
    std::ofstream f(dir_ + "/" + name, std::ios::binary);
    f << content;
  }

 private:
  std::string dir_;
};

UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Bytes spki_of(const TempDir& d, const std::string& key_file) {
  EXPECT_TRUE(
      d.openssl("pkey -in " + key_file + " -pubout -outform DER -out " + key_file + ".pub.der"))
      << d.log();
  return d.read_bytes(key_file + ".pub.der");
}

void expect_same_public_key(const TempDir& d, const std::string& file, const Bytes& spki) {
  auto key = PrivateKey::parse_pem(d.read(file));
  ASSERT_TRUE(key.ok()) << file << ": " << key.error().describe();
  EXPECT_EQ(key->spki_der(), spki) << file;
}

TEST(OpensslKeys, EveryFormatParsesToOpensslsPublicKey) {
  TempDir d;
  ASSERT_TRUE(d.openssl("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem"))
      << d.log();
  ASSERT_TRUE(d.openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem"))
      << d.log();
  ASSERT_TRUE(d.openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem"))
      << d.log();
  ASSERT_TRUE(d.openssl("genpkey -algorithm ED25519 -out ed25519.pem")) << d.log();
  for (const std::string k : {"rsa.pem", "p256.pem", "p384.pem", "ed25519.pem"}) {
    SCOPED_TRACE(k);
    const Bytes spki = spki_of(d, k);
    expect_same_public_key(d, k, spki);  // PKCS#8
    ASSERT_TRUE(d.openssl("pkey -in " + k + " -outform DER -out " + k + ".der")) << d.log();
    auto der = PrivateKey::parse_der(d.read_bytes(k + ".der"));
    ASSERT_TRUE(der.ok()) << der.error().describe();
    EXPECT_EQ(der->spki_der(), spki);
  }
  // PKCS#1 (RFC 8017 A.1.2) and SEC1 (RFC 5915), as `openssl rsa` / `openssl ec` write them.
  ASSERT_TRUE(d.openssl("rsa -in rsa.pem -traditional -out rsa1.pem")) << d.log();
  ASSERT_NE(d.read("rsa1.pem").find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  expect_same_public_key(d, "rsa1.pem", spki_of(d, "rsa.pem"));
  for (const std::string k : {"p256", "p384"}) {
    ASSERT_TRUE(d.openssl("ec -in " + k + ".pem -out " + k + "-sec1.pem")) << d.log();
    ASSERT_NE(d.read(k + "-sec1.pem").find("BEGIN EC PRIVATE KEY"), std::string::npos);
    expect_same_public_key(d, k + "-sec1.pem", spki_of(d, k + ".pem"));
    ASSERT_TRUE(d.openssl("ec -in " + k + ".pem -no_public -out " + k + "-nopub.pem")) << d.log();
    expect_same_public_key(d, k + "-nopub.pem", spki_of(d, k + ".pem"));
  }
  // `openssl ecparam -genkey` puts an EC PARAMETERS block first.
  ASSERT_TRUE(d.openssl("ecparam -name prime256v1 -genkey -out ecparam.pem")) << d.log();
  expect_same_public_key(d, "ecparam.pem", spki_of(d, "ecparam.pem"));
}

TEST(OpensslKeys, OpensslReadsOurPkcs8) {
  TempDir d;
  for (const std::string spec : {"rsa2048", "p256", "p384", "ed25519"}) {
    SCOPED_TRACE(spec);
    d.write(spec + ".pem", issue_key(spec).to_pkcs8_pem());
    ASSERT_TRUE(d.openssl("pkey -in " + spec + ".pem -check -noout")) << d.log();
    EXPECT_EQ(spki_of(d, spec + ".pem"), issue_key(spec).spki_der());
  }
}

TEST(OpensslCsr, OpensslVerifiesOurRequests) {
  TempDir d;
  auto rng = crypto::HmacDrbg::from_seed(21);
  auto subject = build_name("CN=www.example.com,O=Example,C=US");
  auto san = build_general_names(
      "DNS:www.example.com,IP:192.0.2.1,email:a@example.com,URI:https://example.com/");
  ASSERT_TRUE(subject.ok() && san.ok());
  struct Case {
    const char* spec;
    SignatureAlgorithm scheme;
  };
  for (const Case c : {Case{"rsa2048", SignatureAlgorithm::rsa_pkcs1_sha256},
                       Case{"rsa2048", SignatureAlgorithm::rsa_pss_sha256},
                       Case{"p256", SignatureAlgorithm::ecdsa_sha256},
                       Case{"p384", SignatureAlgorithm::ecdsa_sha384},
                       Case{"ed25519", SignatureAlgorithm::ed25519}}) {
    SCOPED_TRACE(std::string(c.spec) + " " + std::string(signature_algorithm_name(c.scheme)));
    auto csr = make_csr(issue_key(c.spec), *subject, *san, rng, c.scheme);
    ASSERT_TRUE(csr.ok()) << csr.error().describe();
    d.write("req.pem", csr->to_pem());
    // OpenSSL 3.0's `req -verify` exits 0 either way: its verdict is in the text.
    const std::string verdict = d.output("req -in req.pem -verify -noout");
    EXPECT_NE(verdict.find("self-signature verify OK"), std::string::npos) << verdict;
    // openssl reads the same subject and SAN.
    const std::string text = d.output("req -in req.pem -noout -text -nameopt RFC2253");
    EXPECT_NE(text.find("CN=www.example.com,O=Example,C=US"), std::string::npos) << text;
    EXPECT_NE(text.find("IP Address:192.0.2.1"), std::string::npos) << text;
    // A tampered request is refused by openssl too.
    Bytes der(csr->der().begin(), csr->der().end());
    der[der.size() - 4] ^= 0x10;
    d.write("bad.pem", pem_encode("CERTIFICATE REQUEST", der));
    const std::string bad = d.output("req -in bad.pem -verify -noout");
    EXPECT_EQ(bad.find("verify OK"), std::string::npos) << bad;
    EXPECT_NE(bad.find("verify failure"), std::string::npos) << bad;
  }
}

// root (RSA) -> intermediate (P-256, pathLen 0) -> server (P-384) and client (Ed25519).
TEST(OpensslVerify, AcceptsOurChains) {
  TempDir d;
  const UnixTime t = now() - 3600;
  auto rng = crypto::HmacDrbg::from_seed(2026);
  auto root_key = PrivateKey::parse_der(issue_key("rsa2048").to_pkcs8_der());
  auto root_name = build_name("CN=GlassTLS Interop Root,O=GlassTLS");
  ASSERT_TRUE(root_key.ok() && root_name.ok());
  auto root =
      CertificateAuthority::create_root(std::move(*root_key), *root_name, t, t + 86400 * 30, rng);
  ASSERT_TRUE(root.ok()) << root.error().describe();

  auto inter_key = PrivateKey::parse_der(issue_key("p256").to_pkcs8_der());
  ASSERT_TRUE(inter_key.ok());
  auto inter_csr = make_csr(*inter_key, *build_name("CN=GlassTLS Interop Intermediate"), {}, rng);
  ASSERT_TRUE(inter_csr.ok());
  auto inter_cert = root->issue(*inter_csr, Profile::intermediate, t, t + 86400 * 20, rng, 0);
  ASSERT_TRUE(inter_cert.ok()) << inter_cert.error().describe();
  auto inter = CertificateAuthority::from(*inter_cert, std::move(*inter_key));
  ASSERT_TRUE(inter.ok()) << inter.error().describe();

  auto server_csr =
      make_csr(issue_key("p384"), *build_name("CN=www.example.com"),
               *build_general_names("DNS:www.example.com,DNS:*.api.example.com,IP:192.0.2.7"), rng);
  ASSERT_TRUE(server_csr.ok());
  auto server = inter->issue(*server_csr, Profile::server, t, t + 86400 * 10, rng);
  ASSERT_TRUE(server.ok()) << server.error().describe();
  auto client_csr = make_csr(issue_key("ed25519"), *build_name("CN=alice,O=Example"), {}, rng);
  ASSERT_TRUE(client_csr.ok());
  auto client = inter->issue(*client_csr, Profile::client, t, t + 86400 * 10, rng);
  ASSERT_TRUE(client.ok()) << client.error().describe();

  d.write("root.pem", pem_encode("CERTIFICATE", root->certificate().der()));
  d.write("inter.pem", pem_encode("CERTIFICATE", inter->certificate().der()));
  d.write("server.pem", pem_encode("CERTIFICATE", server->der()));
  d.write("client.pem", pem_encode("CERTIFICATE", client->der()));
  const std::string chain = "verify -x509_strict -CAfile root.pem -untrusted inter.pem ";
  EXPECT_TRUE(d.openssl(chain + "-purpose sslserver -verify_hostname www.example.com server.pem"))
      << d.log();
  EXPECT_TRUE(d.openssl(chain + "-purpose sslserver -verify_hostname x.api.example.com server.pem"))
      << d.log();
  EXPECT_TRUE(d.openssl(chain + "-purpose sslserver -verify_ip 192.0.2.7 server.pem")) << d.log();
  EXPECT_TRUE(d.openssl(chain + "-purpose sslclient client.pem")) << d.log();
  // And openssl refuses what it should: wrong name, wrong purpose, no intermediate.
  EXPECT_FALSE(
      d.openssl(chain + "-purpose sslserver -verify_hostname other.example.com server.pem"));
  EXPECT_FALSE(d.openssl(chain + "-purpose sslserver client.pem"));
  EXPECT_FALSE(d.openssl(chain + "-purpose sslclient server.pem"));
  EXPECT_FALSE(d.openssl("verify -CAfile root.pem -purpose sslserver server.pem"));
}

TEST(OpensslVerify, OurCaSignsAnOpensslRequest) {
  TempDir d;
  const UnixTime t = now() - 3600;
  auto rng = crypto::HmacDrbg::from_seed(7);
  auto root_key = PrivateKey::parse_der(issue_key("p384").to_pkcs8_der());
  ASSERT_TRUE(root_key.ok());
  auto root = CertificateAuthority::create_root(
      std::move(*root_key), *build_name("CN=GlassTLS Root"), t, t + 2 * 86400, rng);
  ASSERT_TRUE(root.ok());
  for (const std::string newkey :
       {"rsa:2048", "rsa:2048 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32",
        "ec -pkeyopt ec_paramgen_curve:P-256", "ed25519"}) {
    SCOPED_TRACE(newkey);
    ASSERT_TRUE(d.openssl(
        "req -new -newkey " + newkey +
        " -nodes -keyout k.pem -subj '/CN=svc.example' -addext subjectAltName=DNS:svc.example "
        "-out r.pem"))
        << d.log();
    auto csr = CertificationRequest::parse_pem(d.read("r.pem"));
    ASSERT_TRUE(csr.ok()) << csr.error().describe();
    auto cert = root->issue(*csr, Profile::server, t, t + 86400, rng);
    ASSERT_TRUE(cert.ok()) << cert.error().describe();
    d.write("root.pem", pem_encode("CERTIFICATE", root->certificate().der()));
    d.write("leaf.pem", pem_encode("CERTIFICATE", cert->der()));
    EXPECT_TRUE(
        d.openssl("verify -x509_strict -CAfile root.pem -purpose sslserver -verify_hostname "
                  "svc.example leaf.pem"))
        << d.log();
    // openssl agrees that the certified key is the one in k.pem.
    ASSERT_TRUE(d.openssl("x509 -in leaf.pem -noout -pubkey -out leaf.pub"));
    ASSERT_TRUE(d.openssl("pkey -in k.pem -pubout -out k.pub"));
    EXPECT_EQ(d.read("leaf.pub"), d.read("k.pub"));
  }
}

TEST(OpensslVerify, OurCaRefusesA1024BitRsaRequest) {
  TempDir d;
  ASSERT_TRUE(
      d.openssl("req -new -newkey rsa:1024 -nodes -keyout k.pem -subj '/CN=small' "
                "-addext subjectAltName=DNS:small.example -out r.pem"))
      << d.log();
  auto csr = CertificationRequest::parse_pem(d.read("r.pem"));
  ASSERT_TRUE(csr.ok()) << csr.error().describe();
  auto rng = crypto::HmacDrbg::from_seed(7);
  auto root_key = PrivateKey::parse_der(issue_key("ed25519").to_pkcs8_der());
  ASSERT_TRUE(root_key.ok());
  auto root =
      CertificateAuthority::create_root(std::move(*root_key), *build_name("CN=Root"), 0, 1, rng);
  ASSERT_TRUE(root.ok());
  auto cert = root->issue(*csr, Profile::server, 0, 1, rng);
  ASSERT_FALSE(cert.ok());
  EXPECT_EQ(cert.error().alert, AlertDescription::insufficient_security);
}

}  // namespace
}  // namespace glasstls::x509
