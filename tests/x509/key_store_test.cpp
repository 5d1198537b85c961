// KeyStore: your own chain and its private key, loaded from PEM/DER sources,
// with every problem naming the source and the entry.
#include <gtest/gtest.h>

#include "crypto/rng.hpp"
#include "x509/ca.hpp"
#include "x509/key_store.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

constexpr UnixTime kNow = 1767225600;  // 2026-01-01

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A root, and a server certificate it issued for a fresh key.
struct Pki {
  std::string root_pem, server_pem, server_key_pem, other_key_pem;
};

Pki make_pki() {
  auto rng = crypto::HmacDrbg::from_seed(42);
  auto root_key = PrivateKey::generate("p256", rng);
  auto root = CertificateAuthority::create_root(
      std::move(*root_key), *build_name("CN=Store Test Root"), kNow, kNow + 86400 * 365, rng);
  EXPECT_TRUE(root.ok());
  auto key = PrivateKey::generate("p256", rng);
  auto csr = make_csr(*key, *build_name("CN=store.example.test"),
                      *build_general_names("DNS:store.example.test"), rng);
  auto cert = root->issue(*csr, Profile::server, kNow, kNow + 86400, rng);
  EXPECT_TRUE(cert.ok());
  auto other = PrivateKey::generate("ed25519", rng);
  return Pki{pem_encode("CERTIFICATE", root->certificate().der()),
             pem_encode("CERTIFICATE", cert->der()), std::string(key->to_pkcs8_pem().view()),
             std::string(other->to_pkcs8_pem().view())};
}

const Pki& pki() {
  static const Pki p = make_pki();
  return p;
}

TEST(KeyStore, LoadsChainAndKeyFromSeparateFiles) {
  std::string problem;
  auto store = KeyStore::load({{"server.pem", bytes_of(pki().server_pem + pki().root_pem)},
                               {"server.key", bytes_of(pki().server_key_pem)}},
                              problem);
  ASSERT_TRUE(store.ok()) << problem;
  EXPECT_EQ(store->chain().size(), 2u);
  EXPECT_EQ(store->leaf().subject().to_string(), "CN=store.example.test");
}

TEST(KeyStore, LoadsEverythingFromOneFile) {
  std::string problem;
  auto store =
      KeyStore::load({{"bundle.pem", bytes_of(pki().server_key_pem + pki().server_pem)}}, problem);
  ASSERT_TRUE(store.ok()) << problem;
  EXPECT_EQ(store->chain().size(), 1u);
}

TEST(KeyStore, RefusesAKeyThatIsNotTheLeafs) {
  std::string problem;
  auto store = KeyStore::load(
      {{"server.pem", bytes_of(pki().server_pem)}, {"other.key", bytes_of(pki().other_key_pem)}},
      problem);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(std::string(store.error().rule).find("RFC 5280 §4.1.2.7"), std::string::npos);
}

TEST(KeyStore, NamesTheFileAndEntryOfABadCertificate) {
  std::string broken = pki().root_pem;
  broken[broken.size() / 2] =
      broken[broken.size() / 2] == 'A' ? 'B' : 'A';  // corrupt the base64 body
  std::string problem;
  auto store = KeyStore::load({{"chain.pem", bytes_of(pki().server_pem + broken)},
                               {"server.key", bytes_of(pki().server_key_pem)}},
                              problem);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(problem.find("chain.pem, certificate #2"), std::string::npos) << problem;
}

TEST(KeyStore, NeedsExactlyOneKey) {
  std::string problem;
  EXPECT_FALSE(KeyStore::load({{"server.pem", bytes_of(pki().server_pem)}}, problem).ok());
  EXPECT_NE(problem.find("no private key"), std::string::npos);
  EXPECT_FALSE(KeyStore::load({{"a.key", bytes_of(pki().server_key_pem)},
                               {"b.key", bytes_of(pki().other_key_pem)},
                               {"server.pem", bytes_of(pki().server_pem)}},
                              problem)
                   .ok());
  EXPECT_NE(problem.find("b.key: a second private key"), std::string::npos) << problem;
}

TEST(KeyStore, RefusesUnexpectedPemBlocks) {
  std::string problem;
  EXPECT_FALSE(
      KeyStore::load({{"req.pem", bytes_of(pem_encode("CERTIFICATE REQUEST", Bytes{0x30, 0x00}))}},
                     problem)
          .ok());
  EXPECT_NE(problem.find("CERTIFICATE REQUEST"), std::string::npos) << problem;
}

}  // namespace
}  // namespace glasstls::x509
