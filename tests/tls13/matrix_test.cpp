// The in-process TLS 1.3 matrix (issue 10, item 9): cipher suites x groups x
// server identities / signature schemes x mutual TLS x HelloRetryRequest x
// resumption x record fragmentation. Not the full cartesian product (that is
// 3*3*6*4*2*2*2 = 1728 handshakes): 24 cases that cover every value of every
// axis and every PAIR of values of two axes (an all-pairs design), so each
// interaction of two features is seen at least once. Each case handshakes,
// checks negotiated() on both sides, exchanges data both ways and closes with
// close_notify.
//
// Then ALPN, SNI-driven choice among several server identities (by name and
// by the client's signature_algorithms), and endpoints with several identities.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>

#include "crypto/rng.hpp"
#include "handshake/session.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "x509/ca.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {
namespace {

using handshake::ClientAuth;
using handshake::Config;
using handshake::Connection;
using handshake::Role;

constexpr std::uint16_t kAes128 = 0x1301, kAes256 = 0x1302, kChacha = 0x1303;
constexpr std::uint16_t kX25519 = 0x001d, kP256 = 0x0017, kP384 = 0x0018;
constexpr std::uint16_t kEcdsaP256 = 0x0403, kEcdsaP384 = 0x0503, kEd25519 = 0x0807;
constexpr std::uint16_t kPss256 = 0x0804, kPss384 = 0x0805, kPss512 = 0x0806;

std::string errors(const Connection& c, const Connection& s) {
  std::string out;
  if (c.error()) out += "client: " + c.error()->describe() + "\n";
  if (s.error()) out += "server: " + s.error()->describe() + "\n";
  return out;
}

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 7);
  return v;
}

bool has_name(const std::vector<std::string>& names, std::string_view part) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

// Application data both ways (one small message, one spanning several
// records), then close_notify from each side.
void talk_and_close(Connection& client, Connection& server, std::size_t chunk) {
  const auto request = pattern(1000, 1);
  ASSERT_TRUE(client.write(request));
  ASSERT_TRUE(pump(client, server, chunk)) << errors(client, server);
  EXPECT_EQ(server.read(), request);
  const auto reply = pattern(40000, 2);  // three records of at most 2^14 bytes
  ASSERT_TRUE(server.write(reply));
  ASSERT_TRUE(pump(client, server, chunk)) << errors(client, server);
  EXPECT_EQ(client.read(), reply);
  // An empty write is allowed (a zero-length application_data record, §5.1).
  ASSERT_TRUE(client.write({}));
  ASSERT_TRUE(pump(client, server, chunk)) << errors(client, server);
  EXPECT_TRUE(server.read().empty());

  client.close();
  ASSERT_TRUE(pump(client, server, chunk)) << errors(client, server);
  EXPECT_TRUE(server.peer_closed());
  EXPECT_FALSE(client.write(request).ok()) << "write after close() must fail";
  server.close();
  ASSERT_TRUE(pump(client, server, chunk)) << errors(client, server);
  EXPECT_TRUE(client.peer_closed());
  EXPECT_FALSE(client.error());
  EXPECT_FALSE(server.error());
}

// ---- the all-pairs matrix

enum class Id { p256, p384, ed25519, rsa_pss256, rsa_pss384, rsa_pss512 };
enum class Mtls { none, optional_without_cert, optional_with_cert, required };

struct Case {
  std::uint16_t suite;
  std::uint16_t group;
  Id id;
  Mtls mtls;
  bool hrr;
  bool resume;
  std::size_t chunk;  // 0: whole flights; 1: one byte per receive()
};

std::string id_name(Id id) {
  switch (id) {
    case Id::p256: return "P256";
    case Id::p384: return "P384";
    case Id::ed25519: return "Ed25519";
    case Id::rsa_pss256: return "RsaPss256";
    case Id::rsa_pss384: return "RsaPss384";
    case Id::rsa_pss512: return "RsaPss512";
  }
  return "?";
}

std::string mtls_name(Mtls m) {
  switch (m) {
    case Mtls::none: return "NoClientAuth";
    case Mtls::optional_without_cert: return "OptionalNoCert";
    case Mtls::optional_with_cert: return "OptionalWithCert";
    case Mtls::required: return "Required";
  }
  return "?";
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  const std::string suite = c.suite == kAes128   ? "Aes128"
                            : c.suite == kAes256 ? "Aes256"
                                                 : "Chacha";
  const std::string group = c.group == kX25519 ? "X25519"
                            : c.group == kP256 ? "Secp256r1"
                                               : "Secp384r1";
  return std::to_string(info.index) + "_" + suite + "_" + group + "_" + id_name(c.id) + "_" +
         mtls_name(c.mtls) + (c.hrr ? "_Hrr" : "") + (c.resume ? "_Resume" : "") +
         (c.chunk ? "_Bytewise" : "");
}

const std::shared_ptr<const x509::KeyStore>& identity_for(Id id) {
  switch (id) {
    case Id::p256: return pki().server_p256;
    case Id::p384: return pki().server_p384;
    case Id::ed25519: return pki().server_ed25519;
    default: return pki().server_rsa;
  }
}

// The client's signature_algorithms, in an order that makes the server's
// choice for its key the scheme the case wants (the server takes the first
// of the client's list its key can make, RFC 8446 §4.2.3).
std::vector<std::uint16_t> client_schemes(Id id) {
  switch (id) {
    case Id::rsa_pss384: return {kPss384, kPss256, kPss512, kEcdsaP256, kEcdsaP384, kEd25519};
    case Id::rsa_pss512: return {kPss512, kPss384, kPss256, kEcdsaP256, kEcdsaP384, kEd25519};
    default: return {};  // the defaults: ecdsa, ed25519, then rsa_pss_rsae_sha256 first
  }
}

std::uint16_t expected_scheme(Id id) {
  switch (id) {
    case Id::p256: return kEcdsaP256;
    case Id::p384: return kEcdsaP384;
    case Id::ed25519: return kEd25519;
    case Id::rsa_pss256: return kPss256;
    case Id::rsa_pss384: return kPss384;
    case Id::rsa_pss512: return kPss512;
  }
  return 0;
}

std::uint16_t other_group(std::uint16_t g) { return g == kX25519 ? kP256 : kX25519; }

class Tls13Matrix : public testing::TestWithParam<Case> {};

TEST_P(Tls13Matrix, HandshakeDataAndClose) {
  const Case& k = GetParam();
  const bool alpn = (k.suite + k.group + static_cast<unsigned>(k.id)) % 2 == 0;
  Config cc = client_config();
  cc.cipher_suites = {k.suite};
  cc.signature_schemes = client_schemes(k.id);
  // The first ClientHello carries a share for the case's group, or (HRR) for
  // another group the server does not accept, so the server must ask again.
  cc.key_share_groups = {k.hrr ? other_group(k.group) : k.group};
  if (alpn) cc.alpn = {"h2", "http/1.1"};
  if (k.mtls == Mtls::optional_with_cert || k.mtls == Mtls::required) {
    cc.identities = {pki().client};
  }
  if (k.resume) cc.session_cache = std::make_shared<handshake::ClientSessionCache>();

  Config sc = server_config();
  sc.identities = {identity_for(k.id)};
  if (k.hrr) sc.groups = {k.group};
  if (alpn) sc.alpn = {"http/1.1", "spdy/3"};
  if (k.mtls != Mtls::none) {
    sc.client_auth = k.mtls == Mtls::required ? ClientAuth::required : ClientAuth::optional;
    sc.trust = &pki().roots;
  }
  if (k.resume) sc.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());

  const bool client_cert = !cc.identities.empty();
  for (int round = 0; round < (k.resume ? 2 : 1); ++round) {
    SCOPED_TRACE(round == 0 ? "full handshake" : "resumed handshake");
    const bool resumed = round == 1;
    auto client = Connection::client(cc, "server.example");
    auto server = Connection::server(sc);
    ASSERT_TRUE(pump(*client, *server, k.chunk)) << errors(*client, *server);
    ASSERT_TRUE(client->handshake_done());
    ASSERT_TRUE(server->handshake_done());

    for (const Connection* c : {client.get(), server.get()}) {
      const auto& n = c->negotiated();
      EXPECT_EQ(n.version, 0x0304);
      EXPECT_EQ(n.cipher_suite, k.suite);
      EXPECT_EQ(n.group, k.group);
      EXPECT_EQ(n.resumed, resumed);
      EXPECT_EQ(n.hello_retry, k.hrr);
      EXPECT_EQ(n.alpn, alpn ? "http/1.1" : "");
      EXPECT_EQ(n.server_name, "server.example");
    }
    const auto& cn = client->negotiated();
    const auto& sn = server->negotiated();
    // Connection::Negotiated::signature_scheme: "the peer's CertificateVerify
    // (0 when resumed)".
    EXPECT_EQ(cn.signature_scheme, resumed ? 0 : expected_scheme(k.id));
    // A CertificateVerify from the client in this handshake (none when
    // resumed: RFC 8446 §4.3.2, no CertificateRequest with a resumption PSK).
    const bool client_signed = client_cert && !resumed;
    EXPECT_EQ(sn.signature_scheme, client_signed ? kEcdsaP256 : 0);
    if (!resumed) {
      ASSERT_EQ(cn.peer_chain.size(), 1u);
      EXPECT_EQ(cn.peer_subject, "CN=server.example");
      EXPECT_TRUE(has_name(cn.peer_names, "server.example"));
      EXPECT_FALSE(cn.verified_path.empty());
    }
    if (client_cert) {
      // The client identity, verified now or in the handshake the ticket came from.
      EXPECT_EQ(sn.peer_subject, "CN=client");
      EXPECT_TRUE(has_name(sn.peer_names, "client@example.com"));
      if (!resumed) {
        EXPECT_EQ(sn.peer_chain.size(), 1u);
        EXPECT_FALSE(sn.verified_path.empty());
      }
    } else {
      EXPECT_TRUE(sn.peer_chain.empty());
      EXPECT_TRUE(sn.peer_subject.empty());
      EXPECT_TRUE(sn.peer_names.empty());
    }
    // Both sides derived the same secrets (RFC 8446 §7.5 exporter).
    auto ce = client->export_keying_material("EXPORTER-matrix", {}, 32);
    auto se = server->export_keying_material("EXPORTER-matrix", {}, 32);
    ASSERT_TRUE(ce && se);
    EXPECT_EQ(*ce, *se);

    talk_and_close(*client, *server, k.chunk);
    if (k.resume && round == 0) {
      ASSERT_GT(cc.session_cache->size("server.example"), 0u) << "no ticket arrived";
    }
  }
}

// An all-pairs design over (suite 3, group 3, identity 6, mTLS 4, HRR 2,
// resumption 2, bytewise 2): every pair of values of any two axes occurs in
// at least one row (checked by a script when the table was made; 24 rows is
// the minimum, 6 identities x 4 mTLS modes).
const Case kCases[] = {
    {kAes128, kP256, Id::p256, Mtls::required, false, false, 0},
    {kAes128, kX25519, Id::p256, Mtls::optional_with_cert, false, false, 0},
    {kAes256, kP384, Id::p256, Mtls::optional_without_cert, true, true, 1},
    {kChacha, kX25519, Id::p256, Mtls::none, false, false, 0},
    {kAes128, kX25519, Id::p384, Mtls::optional_with_cert, true, true, 0},
    {kAes128, kX25519, Id::p384, Mtls::required, false, false, 0},
    {kAes256, kP384, Id::p384, Mtls::none, false, false, 1},
    {kChacha, kP256, Id::p384, Mtls::optional_without_cert, false, false, 0},
    {kAes128, kP256, Id::ed25519, Mtls::none, false, false, 0},
    {kAes128, kX25519, Id::ed25519, Mtls::optional_without_cert, false, false, 0},
    {kAes256, kX25519, Id::ed25519, Mtls::required, false, true, 1},
    {kChacha, kP384, Id::ed25519, Mtls::optional_with_cert, true, true, 0},
    {kAes128, kP384, Id::rsa_pss256, Mtls::optional_without_cert, false, false, 0},
    {kAes128, kX25519, Id::rsa_pss256, Mtls::optional_with_cert, false, false, 0},
    {kAes256, kP256, Id::rsa_pss256, Mtls::none, true, true, 0},
    {kChacha, kX25519, Id::rsa_pss256, Mtls::required, false, false, 1},
    {kAes128, kX25519, Id::rsa_pss384, Mtls::optional_without_cert, true, true, 1},
    {kAes128, kX25519, Id::rsa_pss384, Mtls::none, false, false, 0},
    {kAes256, kP384, Id::rsa_pss384, Mtls::required, false, false, 0},
    {kChacha, kP256, Id::rsa_pss384, Mtls::optional_with_cert, false, false, 1},
    {kAes128, kP384, Id::rsa_pss512, Mtls::required, true, false, 1},
    {kAes128, kX25519, Id::rsa_pss512, Mtls::none, false, false, 0},
    {kAes256, kP256, Id::rsa_pss512, Mtls::optional_with_cert, false, true, 0},
    {kChacha, kX25519, Id::rsa_pss512, Mtls::optional_without_cert, false, false, 0},
};

INSTANTIATE_TEST_SUITE_P(AllPairs, Tls13Matrix, testing::ValuesIn(kCases), case_name);

// The table really is all-pairs: every pair of values of two axes occurs.
TEST(Tls13MatrixDesign, EveryPairOfAxisValuesIsCovered) {
  auto axes = [](const Case& c) {
    return std::array<int, 7>{
        c.suite - kAes128,      c.group == kX25519 ? 0 : c.group == kP256 ? 1 : 2,
        static_cast<int>(c.id), static_cast<int>(c.mtls),
        c.hrr ? 1 : 0,          c.resume ? 1 : 0,
        c.chunk ? 1 : 0};
  };
  const std::array<int, 7> sizes = {3, 3, 6, 4, 2, 2, 2};
  for (std::size_t a = 0; a < sizes.size(); ++a) {
    for (std::size_t b = a + 1; b < sizes.size(); ++b) {
      for (int x = 0; x < sizes[a]; ++x) {
        for (int y = 0; y < sizes[b]; ++y) {
          const bool seen = std::any_of(std::begin(kCases), std::end(kCases), [&](const Case& c) {
            const auto v = axes(c);
            return v[a] == x && v[b] == y;
          });
          EXPECT_TRUE(seen) << "axes " << a << "," << b << " values " << x << "," << y;
        }
      }
    }
  }
}

// ---- ALPN (RFC 7301)

struct Pair {
  std::unique_ptr<Connection> client, server;
};

Pair connect(const Config& cc, const Config& sc, std::string name = "server.example") {
  Pair p{Connection::client(cc, std::move(name)), Connection::server(sc)};
  (void)pump(*p.client, *p.server);
  return p;
}

// The handshake ended in a fatal alert: `decider` found the problem and sent
// `alert` (its error is local), and the other side received it (from the peer).
void expect_fatal_alert(const Pair& p, Role decider, AlertDescription alert) {
  const Connection& mine = decider == Role::client ? *p.client : *p.server;
  const Connection& theirs = decider == Role::client ? *p.server : *p.client;
  ASSERT_TRUE(mine.error()) << "the deciding side has no error";
  EXPECT_EQ(mine.error()->alert, alert) << mine.error()->describe();
  EXPECT_EQ(mine.error()->origin, ErrorOrigin::local);
  ASSERT_TRUE(theirs.error()) << "the other side has no error";
  EXPECT_EQ(theirs.error()->alert, alert) << theirs.error()->describe();
  EXPECT_EQ(theirs.error()->origin, ErrorOrigin::peer);
}

// Resumption: a client that keeps the tickets it is given, and a server that
// issues them.
Config ticket_keeping_client() {
  Config c = client_config();
  c.session_cache = std::make_shared<handshake::ClientSessionCache>();
  return c;
}
Config ticket_issuing_server() {
  Config s = server_config();
  s.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  return s;
}

TEST(Tls13Alpn, ServerOrderWinsByDefault) {
  Config cc = client_config();
  cc.alpn = {"h2", "http/1.1"};
  Config sc = server_config();
  sc.alpn = {"http/1.1", "h2"};
  auto p = connect(cc, sc);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.client->negotiated().alpn, "http/1.1");
  EXPECT_EQ(p.server->negotiated().alpn, "http/1.1");
}

TEST(Tls13Alpn, ClientOrderWhenConfigured) {
  Config cc = client_config();
  cc.alpn = {"h2", "http/1.1"};
  Config sc = server_config();
  sc.alpn = {"http/1.1", "h2"};
  sc.preference = handshake::ServerPreference::client_order;
  auto p = connect(cc, sc);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.client->negotiated().alpn, "h2");
  EXPECT_EQ(p.server->negotiated().alpn, "h2");
}

TEST(Tls13Alpn, NoOverlapIsNoApplicationProtocol) {
  Config cc = client_config();
  cc.alpn = {"h2"};
  Config sc = server_config();
  sc.alpn = {"imap"};
  expect_fatal_alert(connect(cc, sc), Role::server, AlertDescription::no_application_protocol);
}

TEST(Tls13Alpn, ServerWithoutAlpnIgnoresTheOffer) {
  Config cc = client_config();
  cc.alpn = {"h2"};
  auto sc = server_config();
  auto p = connect(cc, sc);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.client->negotiated().alpn, "");
  EXPECT_EQ(p.server->negotiated().alpn, "");
}

TEST(Tls13Alpn, ResumedConnectionNegotiatesAgain) {
  Config cc = ticket_keeping_client();
  cc.alpn = {"h2", "http/1.1"};
  Config sc = ticket_issuing_server();
  sc.alpn = {"h2"};
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.client->handshake_done()) << errors(*first.client, *first.server);
  auto second = connect(cc, sc);
  ASSERT_TRUE(second.client->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_TRUE(second.client->negotiated().resumed);
  EXPECT_EQ(second.client->negotiated().alpn, "h2");
  EXPECT_EQ(second.server->negotiated().alpn, "h2");
}

// ---- SNI and several server identities

// A second small PKI with names of its own: a.example (P-256) and
// b.example (Ed25519), under their own root.
struct NamedPki {
  x509::TrustStore both_roots;  // pki().roots and this root
  std::shared_ptr<const x509::KeyStore> a_p256, b_ed25519;
};

const NamedPki& named_pki() {
  static const NamedPki p = [] {
    crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(8446);
    constexpr std::int64_t nb = 1700000000, na = 2000000000;
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto root_name = x509::build_name("CN=Named Test Root");
    auto root =
        x509::CertificateAuthority::create_root(std::move(*root_key), *root_name, nb, na, rng);
    if (!root) std::abort();
    auto make = [&](std::string_view spec, std::string_view cn, std::string_view san) {
      auto key = x509::PrivateKey::generate(spec, rng);
      auto csr = x509::make_csr(*key, *x509::build_name(cn), *x509::build_general_names(san), rng);
      auto cert = root->issue(*csr, x509::Profile::server, nb, na, rng);
      if (!cert) std::abort();
      auto ks = x509::KeyStore::create({*cert}, std::move(*key));
      if (!ks) std::abort();
      return std::make_shared<const x509::KeyStore>(std::move(*ks));
    };
    NamedPki out;
    out.a_p256 = make("p256", "CN=a.example", "DNS:a.example");
    out.b_ed25519 = make("ed25519", "CN=b.example", "DNS:b.example");
    out.both_roots = pki().roots;
    out.both_roots.add(root->certificate());
    return out;
  }();
  return p;
}

struct SniCase {
  std::string name;                    // the SNI the client sends
  std::vector<std::uint16_t> schemes;  // the client's signature_algorithms (empty: default)
  std::string expected_subject;        // the server certificate the client must see
  std::uint16_t expected_scheme;
};

class Tls13Sni : public testing::TestWithParam<SniCase> {};

TEST_P(Tls13Sni, ServerPicksIdentityByNameAndSignatureAlgorithms) {
  const SniCase& k = GetParam();
  Config cc = client_config();
  cc.trust = &named_pki().both_roots;
  cc.signature_schemes = k.schemes;
  Config sc = server_config();
  // Several identities: RSA and ECDSA for server.example, and two others.
  sc.identities = {named_pki().a_p256, pki().server_rsa, named_pki().b_ed25519, pki().server_p384};
  auto p = connect(cc, sc, k.name);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.client->negotiated().peer_subject, k.expected_subject);
  EXPECT_EQ(p.client->negotiated().signature_scheme, k.expected_scheme);
  EXPECT_EQ(p.server->negotiated().server_name, k.name);
  talk_and_close(*p.client, *p.server, 0);
}

INSTANTIATE_TEST_SUITE_P(
    SeveralIdentities, Tls13Sni,
    testing::Values(
        // by name
        SniCase{"a.example", {}, "CN=a.example", kEcdsaP256},
        SniCase{"b.example", {}, "CN=b.example", kEd25519},
        // by name, then by the client's signature_algorithms: the first
        // identity for server.example whose key fits a scheme the client offers
        SniCase{"server.example", {}, "CN=server.example", kPss256},
        SniCase{"server.example", {kEcdsaP384, kPss256}, "CN=server.example", kPss256},
        SniCase{"server.example", {kEcdsaP384}, "CN=server.example", kEcdsaP384},
        SniCase{"server.example", {kPss512, kEcdsaP384}, "CN=server.example", kPss512},
        // b.example's Ed25519 key fits but the name does not: skipped for
        // the P-384 identity that has both
        SniCase{"localhost", {kEcdsaP384, kEd25519}, "CN=server.example", kEcdsaP384},
        SniCase{"b.example", {kEd25519, kEcdsaP256}, "CN=b.example", kEd25519}),
    [](const testing::TestParamInfo<SniCase>& p) { return "case" + std::to_string(p.index); });

TEST(Tls13Sni, NoIdentityForTheNameFallsBackAndTheClientRejectsIt) {
  Config cc = client_config();
  cc.trust = &named_pki().both_roots;
  Config sc = server_config();
  sc.identities = {named_pki().a_p256, named_pki().b_ed25519};
  auto p = connect(cc, sc, "server.example");
  EXPECT_FALSE(p.client->handshake_done());
  // The x509 layer reports a name mismatch as bad_certificate.
  expect_fatal_alert(p, Role::client, AlertDescription::bad_certificate);
}

TEST(Tls13Sni, NoKeyForAnyOfferedSchemeIsHandshakeFailure) {
  Config cc = client_config();
  cc.signature_schemes = {kEd25519};
  Config sc = server_config();
  sc.identities = {pki().server_rsa, pki().server_p256};
  expect_fatal_alert(connect(cc, sc), Role::server, AlertDescription::handshake_failure);
}

TEST(Tls13Sni, IpLiteralIsNotSentAsServerName) {
  Config cc = client_config();
  cc.insecure_skip_verify = true;
  cc.trust = nullptr;
  auto sc = server_config();
  auto p = connect(cc, sc, "127.0.0.1");
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.server->negotiated().server_name, "");
}

// ---- several identities on both sides, with mutual TLS

TEST(Tls13SeveralIdentities, ServerAndClientWithSeveralIdentities) {
  Config cc = client_config();
  cc.trust = &named_pki().both_roots;
  // The client's first identity is the one it uses (Config::identities).
  cc.identities = {pki().client, named_pki().a_p256};
  Config sc = server_config();
  sc.identities = {pki().server_ed25519, pki().server_rsa, named_pki().a_p256};
  sc.client_auth = ClientAuth::required;
  sc.trust = &pki().roots;
  auto p = connect(cc, sc);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  EXPECT_EQ(p.client->negotiated().signature_scheme, kEd25519);
  EXPECT_EQ(p.server->negotiated().peer_subject, "CN=client");
  talk_and_close(*p.client, *p.server, 0);
}

TEST(Tls13SeveralIdentities, ClientSendsAnIdentityIssuedByACaTheServerNames) {
  // RFC 8446 §4.2.4: certificate_authorities lists "the names of acceptable
  // certificate authorities"; §4.4.2.3: the client's certificate "MUST be
  // signed using an acceptable signature algorithm" and is chosen with the
  // request's extensions. A client holding an identity the server cannot
  // accept first, and one it can second, sends the second.
  Config cc = client_config();
  cc.identities = {pki().client_other_ca, pki().client};
  Config sc = server_config();
  sc.client_auth = ClientAuth::required;
  sc.trust = &pki().roots;
  auto p = connect(cc, sc);
  ASSERT_TRUE(p.client->handshake_done()) << errors(*p.client, *p.server);
  ASSERT_TRUE(p.server->handshake_done());
  EXPECT_EQ(p.server->negotiated().peer_subject, "CN=client");
}

TEST(Tls13SeveralIdentities, ResumedConnectionKeepsTheClientIdentity) {
  // A server requiring client certificates must still know who the client is
  // when it resumes: RFC 8446 §4.3.2 forbids a CertificateRequest in a
  // resumed handshake ("Servers which are authenticating with a resumption
  // PSK MUST NOT send the CertificateRequest in the main handshake"), so the
  // identity comes from the original connection, through the ticket.
  Config cc = ticket_keeping_client();
  cc.identities = {pki().client};
  Config sc = ticket_issuing_server();
  sc.client_auth = ClientAuth::required;
  sc.trust = &pki().roots;
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.server->handshake_done()) << errors(*first.client, *first.server);
  EXPECT_EQ(first.server->negotiated().peer_subject, "CN=client");
  auto second = connect(cc, sc);
  ASSERT_TRUE(second.server->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_TRUE(second.server->negotiated().resumed);
  EXPECT_EQ(second.server->negotiated().peer_subject, "CN=client");
  EXPECT_TRUE(has_name(second.server->negotiated().peer_names, "client@example.com"));
}

TEST(Tls13SeveralIdentities, ServerRequiringCertificatesDoesNotResumeAnAnonymousSession) {
  // A ticket from a handshake in which the client sent no certificate cannot
  // stand in for one when the server now requires it: full handshake.
  Config cc = ticket_keeping_client();
  Config sc = ticket_issuing_server();
  sc.client_auth = ClientAuth::optional;
  sc.trust = &pki().roots;
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.server->handshake_done()) << errors(*first.client, *first.server);
  EXPECT_EQ(first.server->negotiated().peer_subject, "");
  sc.client_auth = ClientAuth::required;
  cc.identities = {pki().client};
  auto second = connect(cc, sc);
  ASSERT_TRUE(second.server->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_FALSE(second.server->negotiated().resumed);
  EXPECT_EQ(second.server->negotiated().peer_subject, "CN=client");
}

TEST(Tls13Resumption, TicketForAnotherServerNameIsNotOffered) {
  Config cc = ticket_keeping_client();
  Config sc = ticket_issuing_server();
  auto first = connect(cc, sc, "server.example");
  ASSERT_TRUE(first.client->handshake_done()) << errors(*first.client, *first.server);
  EXPECT_EQ(cc.session_cache->size("server.example"), 2u);  // tickets_per_handshake
  auto second = connect(cc, sc, "localhost");
  ASSERT_TRUE(second.client->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_FALSE(second.client->negotiated().resumed);
}

TEST(Tls13Resumption, AFatalAlertDiscardsTheConnectionsTickets) {
  // RFC 8446 §6.2: "Servers and clients MUST forget the secret values and
  // keys established in failed connections, with the exception of the PSKs
  // associated with session tickets, which SHOULD be discarded if possible."
  // A record of the server's that does not open: the client fails with
  // bad_record_mac, and the two tickets it kept from this connection go.
  Config cc = ticket_keeping_client();
  Config sc = ticket_issuing_server();
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.client->handshake_done()) << errors(*first.client, *first.server);
  ASSERT_EQ(cc.session_cache->size("server.example"), 2u);
  const std::uint8_t data[] = {'h', 'i'};
  ASSERT_TRUE(first.server->write(data));
  auto wire = first.server->take_output();
  wire.back() ^= 0x01;
  EXPECT_FALSE(first.client->receive(wire).ok());
  ASSERT_TRUE(first.client->error());
  EXPECT_EQ(first.client->error()->alert, AlertDescription::bad_record_mac);
  EXPECT_EQ(cc.session_cache->size("server.example"), 0u);
  auto second = connect(cc, sc);
  ASSERT_TRUE(second.client->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_FALSE(second.client->negotiated().resumed);
}

TEST(Tls13Resumption, TicketFromAnotherServerIsIgnoredAndTheHandshakeIsFull) {
  Config cc = ticket_keeping_client();
  Config sc = ticket_issuing_server();
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.client->handshake_done()) << errors(*first.client, *first.server);
  Config other = ticket_issuing_server();
  auto second = connect(cc, other);
  ASSERT_TRUE(second.client->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_FALSE(second.client->negotiated().resumed);
  EXPECT_FALSE(second.server->negotiated().resumed);
  EXPECT_EQ(second.client->negotiated().signature_scheme, kEcdsaP256);
}

TEST(Tls13Resumption, SuiteWithAnotherHashIsAFullHandshake) {
  // RFC 8446 §4.2.11: a PSK is used only with a suite of the same hash.
  Config cc = ticket_keeping_client();
  cc.cipher_suites = {kAes128, kAes256};
  Config sc = ticket_issuing_server();
  sc.cipher_suites = {kAes128};
  auto first = connect(cc, sc);
  ASSERT_TRUE(first.client->handshake_done()) << errors(*first.client, *first.server);
  sc.cipher_suites = {kAes256};
  auto second = connect(cc, sc);
  ASSERT_TRUE(second.client->handshake_done()) << errors(*second.client, *second.server);
  EXPECT_EQ(second.client->negotiated().cipher_suite, kAes256);
  EXPECT_FALSE(second.client->negotiated().resumed);
}

}  // namespace
}  // namespace glasstls::test
