// TLS 1.2 against mbedTLS 2.28 (issue 12, item 6): an mbedTLS client and
// server in process, over memory buffers (tests/tls12/mbedtls_peer.hpp), as
// the oracle for every TLS 1.2 configuration both implement, in both
// directions — GlassTLS client x mbedTLS server, mbedTLS client x GlassTLS
// server:
//   - every suite: ECDHE-ECDSA (0xc02b, 0xc02c, 0xcca9) with the P-256
//     identity, ECDHE-RSA (0xc02f, 0xc030, 0xcca8) and RSA key transport
//     (0x009c, 0x009d) with the RSA-2048 identity;
//   - every group for ECDHE: x25519, secp256r1, secp384r1;
//   - mutual TLS: required with a client certificate, optional with and
//     without one, with every suite; required without one is refused (our
//     server sends handshake_failure; mbedTLS's server stops without an alert);
//   - ServerKeyExchange signatures with each hash the peer restricts itself
//     to (SHA-256, SHA-384, SHA-512);
//   - extended master secret (RFC 7627) negotiated on both sides, and a peer
//     with EMS disabled refused with handshake_failure in both roles.
// Each successful case then sends data both ways (a 40 KB write each way, so
// several records flow) and closes with close_notify both ways. Each side's
// view is checked: suite, group, EMS and the peer identity it verified; and
// our RFC 5705 exporter against one computed with mbedTLS's PRF from the
// master secret mbedTLS derived.
// Resumption, both directions, by session ID (RFC 5246 §7.3: a server cache
// on each side's server) and by ticket (RFC 5077), with an ECDHE-ECDSA, an
// ECDHE-RSA (ChaCha20) and an RSA key-transport suite: a full handshake, then
// a second connection that both sides agree is abbreviated, with data and
// close_notify over its keys (derived from the first connection's master
// secret: any disagreement would fail at Finished).
//
// Both sides are given the same PKI (tests/tls13/tls13_fixture.hpp); mbedTLS
// checks certificate validity against the real clock, GlassTLS against
// test_now(), and both are inside the certificates' 2023-2033 validity.
//
// Groups: in TLS 1.2 supported_groups also names the curves a peer accepts in
// ECDSA certificates (RFC 8422 §5.1.1), and mbedTLS holds both its own and the
// peer's certificate curve to it. Every case therefore lists the group under
// test first and then secp256r1 (the ECDSA certificates' curve) on both
// sides; both servers pick the first (GlassTLS in its order, mbedTLS in the
// client's).
#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>

#include "crypto/rng.hpp"
#include "handshake/codepoints.hpp"
#include "tests/tls12/mbedtls_peer.hpp"
#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::test {
namespace {

using handshake::ClientAuth;
using handshake::Connection;
using handshake::kTls12;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kX25519 = 0x001d, kP256 = 0x0017, kP384 = 0x0018;
constexpr std::uint16_t kEcdheEcdsa[] = {0xc02b, 0xc02c, 0xcca9};
constexpr std::uint16_t kEcdheRsa[] = {0xc02f, 0xc030, 0xcca8};
constexpr std::uint16_t kRsaTransport[] = {0x009c, 0x009d};

bool rsa_key_transport(std::uint16_t suite) { return suite == 0x009c || suite == 0x009d; }
bool ecdsa_identity(std::uint16_t suite) {
  return suite == 0xc02b || suite == 0xc02c || suite == 0xcca9;
}
bool rsa_identity(std::uint16_t suite) { return !ecdsa_identity(suite); }

enum class Glass { client, server };  // the role GlassTLS plays
enum class Mtls {
  none,
  required,
  optional_with_cert,
  optional_without_cert,
  required_without_cert
};

struct Case {
  Glass glass;
  std::uint16_t suite;
  std::uint16_t group;  // 0 for RSA key transport
  Mtls mtls = Mtls::none;
  bool peer_ems = true;  // mbedTLS's extended_master_secret setting
  // Nonzero: the only hash mbedTLS signs with and offers in
  // signature_algorithms (4 sha256, 5 sha384, 6 sha512).
  std::uint8_t peer_hash = 0;
};

ClientAuth policy(Mtls m) {
  switch (m) {
    case Mtls::none: return ClientAuth::none;
    case Mtls::optional_with_cert:
    case Mtls::optional_without_cert: return ClientAuth::optional;
    case Mtls::required:
    case Mtls::required_without_cert: return ClientAuth::required;
  }
  return ClientAuth::none;
}
bool client_has_cert(Mtls m) { return m == Mtls::required || m == Mtls::optional_with_cert; }

// The readable test name; also what GoogleTest prints for GetParam() (by
// default it would print the struct's bytes, padding included).
std::string label(const Case& c) {
  std::string n = c.glass == Glass::client ? "GlassClient_" : "GlassServer_";
  n += handshake::cipher_suite_name(c.suite);
  if (c.group != 0) {
    n += '_';
    n += handshake::group_name(c.group);
  }
  switch (c.mtls) {
    case Mtls::none: break;
    case Mtls::required: n += "_MtlsRequired"; break;
    case Mtls::optional_with_cert: n += "_MtlsOptionalWithCert"; break;
    case Mtls::optional_without_cert: n += "_MtlsOptionalWithoutCert"; break;
    case Mtls::required_without_cert: n += "_MtlsRequiredWithoutCert"; break;
  }
  if (!c.peer_ems) n += "_PeerWithoutEms";
  if (c.peer_hash == 4) n += "_OnlySha256";
  if (c.peer_hash == 5) n += "_OnlySha384";
  if (c.peer_hash == 6) n += "_OnlySha512";
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

std::string name(const testing::TestParamInfo<Case>& info) { return label(info.param); }
void PrintTo(const Case& c, std::ostream* os) { *os << label(c); }

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const Glass g : {Glass::client, Glass::server}) {
    // Every suite, every group.
    for (const auto* list : {&kEcdheEcdsa, &kEcdheRsa}) {
      for (const std::uint16_t suite : *list) {
        for (const std::uint16_t group : {kX25519, kP256, kP384}) out.push_back({g, suite, group});
      }
    }
    for (const std::uint16_t suite : kRsaTransport) out.push_back({g, suite, 0});
    // Mutual TLS with every suite.
    for (const Mtls m : {Mtls::required, Mtls::optional_with_cert, Mtls::optional_without_cert}) {
      for (const auto* list : {&kEcdheEcdsa, &kEcdheRsa}) {
        for (const std::uint16_t suite : *list) out.push_back({g, suite, kX25519, m});
      }
      for (const std::uint16_t suite : kRsaTransport) out.push_back({g, suite, 0, m});
    }
    // Signatures with each hash (GlassTLS client: on mbedTLS's
    // ServerKeyExchange; GlassTLS server: on its own, from what mbedTLS offers).
    // (Not ECDSA with SHA-512: GlassTLS does not offer or accept 0x0603.)
    for (const std::uint8_t hash : {std::uint8_t{4}, std::uint8_t{5}, std::uint8_t{6}}) {
      if (hash != 6) out.push_back({g, 0xc02b, kX25519, Mtls::none, true, hash});
      out.push_back({g, 0xc02f, kX25519, Mtls::none, true, hash});
    }
    // Refused.
    out.push_back({g, 0xc02b, kX25519, Mtls::required_without_cert});
    out.push_back({g, 0x009d, 0, Mtls::required_without_cert});
    out.push_back({g, 0xc02b, kX25519, Mtls::none, false});
    out.push_back({g, 0x009c, 0, Mtls::none, false});
  }
  return out;
}

std::string why(const Connection& ours, const MbedPeer& peer) {
  std::string s = "GlassTLS: ";
  s += ours.error() ? ours.error()->describe() : "no error";
  s += "; mbedTLS: ";
  s += peer.error() != 0 ? peer.error_text() : "no error";
  return s;
}

// Moves bytes between GlassTLS and mbedTLS, running mbedTLS's handshake,
// until neither has anything to say. False when either side failed (the
// other has then seen the failing side's alert).
bool pump(Connection& ours, MbedPeer& peer) {
  for (int round = 0; round < 32; ++round) {
    const auto status = peer.handshake_done() ? MbedPeer::Status::done : peer.handshake();
    const Bytes to_ours = peer.take_output();
    const bool ours_ok = to_ours.empty() || ours.receive(to_ours).ok();
    const Bytes to_peer = ours.take_output();
    peer.receive(to_peer);
    if (status == MbedPeer::Status::failed) return false;
    if (!ours_ok) {
      if (!peer.handshake_done()) (void)peer.handshake();  // it reads our alert
      return false;
    }
    if (to_ours.empty() && to_peer.empty()) {
      return status == MbedPeer::Status::done && ours.handshake_done();
    }
  }
  return false;
}

Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + 7 * i + (i >> 8));
  return v;
}

// The TLS records in `wire` (RFC 5246 §6.2: 5-byte headers).
std::size_t count_records(const Bytes& wire) {
  std::size_t n = 0, at = 0;
  for (; at + 5 <= wire.size(); ++n) at += 5 + (std::size_t{wire[at + 3]} << 8 | wire[at + 4]);
  return at == wire.size() ? n : 0;
}

// A short message and 40 KB (three records of at most 16 KB) each way.
void exchange_data(Connection& ours, MbedPeer& peer) {
  for (const std::size_t size : {std::size_t{5}, std::size_t{40 * 1024}}) {
    const Bytes from_ours = pattern(size, 1);
    ASSERT_TRUE(ours.write(from_ours));
    const Bytes wire = ours.take_output();
    EXPECT_EQ(count_records(wire), size > 16384 ? 3u : 1u);
    peer.receive(wire);
    Bytes got;
    ASSERT_TRUE(peer.read(got)) << peer.error_text();
    EXPECT_EQ(got, from_ours);

    const Bytes from_peer = pattern(size, 2);
    ASSERT_TRUE(peer.write(from_peer)) << peer.error_text();
    const Bytes peer_wire = peer.take_output();
    EXPECT_EQ(count_records(peer_wire), size > 16384 ? 3u : 1u);
    ASSERT_TRUE(ours.receive(peer_wire)) << ours.error()->describe();
    EXPECT_EQ(ours.read(), from_peer);
  }
}

// close_notify both ways: GlassTLS first, then mbedTLS.
void close_both(Connection& ours, MbedPeer& peer) {
  ours.close();
  peer.receive(ours.take_output());
  Bytes got;
  ASSERT_TRUE(peer.read(got)) << peer.error_text();
  EXPECT_TRUE(got.empty());
  EXPECT_TRUE(peer.peer_closed());
  ASSERT_TRUE(peer.close_notify()) << peer.error_text();
  ASSERT_TRUE(ours.receive(peer.take_output())) << ours.error()->describe();
  EXPECT_TRUE(ours.peer_closed());
  EXPECT_FALSE(ours.error());
}

Bytes der(const x509::KeyStore& ks) {
  const auto d = ks.leaf().der();
  return {d.begin(), d.end()};
}

class MbedTls12 : public ::testing::TestWithParam<Case> {};

TEST_P(MbedTls12, HandshakeDataClose) {
  const Case c = GetParam();
  const bool glass_client = c.glass == Glass::client;
  const auto& server_identity = rsa_identity(c.suite) ? pki().server_rsa : pki().server_p256;
  const bool client_cert = client_has_cert(c.mtls);
  const std::vector<std::uint16_t> groups = c.group == 0 || c.group == kP256
                                                ? std::vector<std::uint16_t>{kP256}
                                                : std::vector<std::uint16_t>{c.group, kP256};

  crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(1212);
  handshake::Config ours = glass_client ? client_config() : server_config();
  ours.rng = &rng;
  ours.versions = {kTls12};
  ours.groups = groups;
  MbedPeerOptions theirs;
  theirs.server = glass_client;
  theirs.suites = {c.suite};
  theirs.groups = groups;
  theirs.trust = &pki().roots;
  theirs.extended_master_secret = c.peer_ems;
  theirs.seed = 1213;
  if (c.peer_hash != 0) theirs.signature_hashes = {c.peer_hash};
  if (glass_client) {
    // The default TLS 1.2 offer (ECDHE only); RSA key transport when listed.
    if (rsa_key_transport(c.suite)) ours.cipher_suites = {c.suite};
    if (client_cert) ours.identities = {pki().client};
    theirs.identity = server_identity.get();
    theirs.client_auth = policy(c.mtls);
  } else {
    // The server's default suites (RSA key transport accepted with an RSA
    // identity); the mbedTLS client offers only the suite under test.
    ours.identities = {server_identity};
    ours.client_auth = policy(c.mtls);
    if (ours.client_auth != ClientAuth::none) ours.trust = &pki().roots;
    if (client_cert) theirs.identity = pki().client.get();
  }
  auto conn = glass_client ? Connection::client(ours, "server.example") : Connection::server(ours);
  MbedPeer peer(theirs);
  const bool ok = pump(*conn, peer);

  const auto handshake_failure = static_cast<std::uint8_t>(AlertDescription::handshake_failure);
  if (!c.peer_ems) {
    // RFC 7627 §5.2 (server), §5.3 (client): GlassTLS requires EMS.
    EXPECT_FALSE(ok);
    ASSERT_TRUE(conn->error());
    EXPECT_EQ(conn->error()->alert, AlertDescription::handshake_failure) << why(*conn, peer);
    EXPECT_EQ(conn->error()->origin, ErrorOrigin::local);
    EXPECT_EQ(peer.received_alert(), handshake_failure) << why(*conn, peer);
    return;
  }
  if (c.mtls == Mtls::required_without_cert) {
    EXPECT_FALSE(ok);
    if (glass_client) {
      // mbedTLS 2.28 refuses the empty Certificate
      // (MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE) without sending an alert:
      // our client is left waiting for the server's Finished, unharmed.
      EXPECT_TRUE(peer.refused_missing_client_certificate()) << why(*conn, peer);
      EXPECT_FALSE(conn->error()) << why(*conn, peer);
      EXPECT_FALSE(conn->handshake_done());
    } else {
      // RFC 5246 §7.4.6: "the server MAY respond with a fatal
      // handshake_failure alert" — ours does.
      ASSERT_TRUE(conn->error()) << why(*conn, peer);
      EXPECT_EQ(conn->error()->origin, ErrorOrigin::local);
      EXPECT_EQ(conn->error()->alert, AlertDescription::handshake_failure) << why(*conn, peer);
      EXPECT_EQ(peer.received_alert(), handshake_failure) << why(*conn, peer);
    }
    return;
  }
  ASSERT_TRUE(ok) << why(*conn, peer);
  ASSERT_TRUE(conn->handshake_done());
  ASSERT_TRUE(peer.handshake_done());

  // The same suite, group and EMS on both sides.
  const auto& n = conn->negotiated();
  EXPECT_EQ(n.version, kTls12);
  EXPECT_EQ(n.cipher_suite, c.suite);
  EXPECT_EQ(peer.cipher_suite(), c.suite);
  EXPECT_EQ(n.group, c.group);
  EXPECT_EQ(peer.group(), c.group);
  EXPECT_TRUE(n.extended_master_secret);
  EXPECT_TRUE(peer.extended_master_secret());

  // The identities each side verified.
  const Bytes server_leaf = der(*server_identity);
  const Bytes client_leaf = der(*pki().client);
  if (glass_client) {
    ASSERT_FALSE(n.peer_chain.empty());
    EXPECT_EQ(Bytes(n.peer_chain.front().der().begin(), n.peer_chain.front().der().end()),
              server_leaf);
    EXPECT_EQ(n.peer_subject, server_identity->leaf().subject_string());
    EXPECT_FALSE(n.verified_path.empty());
    if (c.peer_hash != 0) {  // mbedTLS signed its ServerKeyExchange with that hash
      EXPECT_EQ(n.signature_scheme, (c.peer_hash << 8) | (rsa_identity(c.suite) ? 1 : 3));
    }
    if (client_cert) {
      EXPECT_EQ(peer.peer_certificate(), client_leaf);
      EXPECT_EQ(peer.peer_subject(), "CN=client");
      EXPECT_EQ(peer.verify_result(), 0u);
    } else {
      EXPECT_TRUE(peer.peer_certificate().empty());
    }
  } else {
    EXPECT_EQ(peer.peer_certificate(), server_leaf);
    EXPECT_EQ(peer.peer_subject(), "CN=server.example");
    EXPECT_EQ(peer.verify_result(), 0u);
    if (client_cert) {
      ASSERT_FALSE(n.peer_chain.empty());
      EXPECT_EQ(Bytes(n.peer_chain.front().der().begin(), n.peer_chain.front().der().end()),
                client_leaf);
      EXPECT_EQ(n.peer_subject, pki().client->leaf().subject_string());
      EXPECT_NE(n.signature_scheme, 0);  // the client's CertificateVerify
    } else {
      EXPECT_TRUE(n.peer_chain.empty());
      EXPECT_TRUE(n.peer_subject.empty());
    }
  }

  // RFC 5705: the same exported keys, mbedTLS's from its own master secret.
  const Bytes context = {1, 2, 3};
  const auto ours_exported = conn->export_keying_material("EXPERIMENTAL glasstls", context, 42);
  ASSERT_TRUE(ours_exported) << ours_exported.error().describe();
  EXPECT_EQ(*ours_exported, peer.export_keying_material("EXPERIMENTAL glasstls", context, 42));

  exchange_data(*conn, peer);
  close_both(*conn, peer);
}

// Every case, including a P-256 key signing with SHA-384 (0x0503): in TLS
// 1.2 the ECDSA code points name the hash, not the curve (RFC 8446 §4.2.3).
INSTANTIATE_TEST_SUITE_P(Oracle, MbedTls12, ::testing::ValuesIn(all_cases()), name);

// ---- resumption against mbedTLS

enum class Mechanism { session_id, ticket };

struct ResumeCase {
  Glass glass;
  Mechanism mechanism;
  std::uint16_t suite;
};

std::string resume_label(const ResumeCase& c) {
  std::string n = c.glass == Glass::client ? "GlassClient_" : "GlassServer_";
  n += c.mechanism == Mechanism::ticket ? "Ticket_" : "SessionId_";
  n += handshake::cipher_suite_name(c.suite);
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}
void PrintTo(const ResumeCase& c, std::ostream* os) { *os << resume_label(c); }

std::vector<ResumeCase> resume_cases() {
  std::vector<ResumeCase> out;
  for (const Glass g : {Glass::client, Glass::server}) {
    for (const Mechanism m : {Mechanism::session_id, Mechanism::ticket}) {
      for (const std::uint16_t suite :
           {std::uint16_t{0xc02b}, std::uint16_t{0xcca8}, std::uint16_t{0x009c}}) {
        out.push_back({g, m, suite});
      }
    }
  }
  return out;
}

class MbedTls12Resumption : public ::testing::TestWithParam<ResumeCase> {};

TEST_P(MbedTls12Resumption, SecondConnectionResumes) {
  const ResumeCase c = GetParam();
  const bool glass_client = c.glass == Glass::client;
  const bool ticket = c.mechanism == Mechanism::ticket;
  const auto& server_identity = rsa_identity(c.suite) ? pki().server_rsa : pki().server_p256;

  crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(5077);
  handshake::Config ours = glass_client ? client_config() : server_config();
  ours.rng = &rng;
  ours.versions = {kTls12};
  ours.groups = {kP256};
  MbedResumption resumption;
  MbedPeerOptions theirs;
  theirs.server = glass_client;
  theirs.suites = {c.suite};
  theirs.groups = {kP256};
  theirs.trust = &pki().roots;
  theirs.resumption = &resumption;
  theirs.session_tickets = ticket;
  theirs.session_cache = !ticket;
  if (glass_client) {
    if (rsa_key_transport(c.suite)) ours.cipher_suites = {c.suite};
    ours.session_cache = std::make_shared<handshake::ClientSessionCache>();
    theirs.identity = server_identity.get();
  } else {
    ours.identities = {server_identity};
    if (ticket) {
      ours.ticket_keys = std::make_shared<handshake::TicketKeys>(rng);
    } else {
      ours.server_session_cache = std::make_shared<handshake::ServerSessionCache>();
    }
  }

  for (int connection = 1; connection <= 2; ++connection) {
    SCOPED_TRACE(connection == 1 ? "the full handshake" : "the resumed one");
    theirs.seed = 1300 + static_cast<std::uint64_t>(connection);
    auto conn =
        glass_client ? Connection::client(ours, "server.example") : Connection::server(ours);
    MbedPeer peer(theirs);
    ASSERT_TRUE(pump(*conn, peer)) << why(*conn, peer);
    const bool expect_resumed = connection == 2;
    EXPECT_EQ(conn->negotiated().resumed, expect_resumed);
    EXPECT_EQ(peer.resumed(), expect_resumed);
    EXPECT_EQ(conn->negotiated().cipher_suite, c.suite);
    EXPECT_EQ(peer.cipher_suite(), c.suite);
    EXPECT_TRUE(conn->negotiated().extended_master_secret);
    if (glass_client) {
      // Resumed or not, the client knows whose session it is.
      EXPECT_EQ(conn->negotiated().peer_subject, server_identity->leaf().subject_string());
    }
    exchange_data(*conn, peer);
    if (!glass_client) peer.save_session();
    close_both(*conn, peer);
  }
}

INSTANTIATE_TEST_SUITE_P(Oracle, MbedTls12Resumption, ::testing::ValuesIn(resume_cases()),
                         [](const testing::TestParamInfo<ResumeCase>& param_info) {
                           return resume_label(param_info.param);
                         });

}  // namespace
}  // namespace glasstls::test
