// Mixed versions in process (issue 12, item 6): every pairing of a client
// limited to TLS 1.3, to TLS 1.2 or offering both, with a server limited the
// same ways, for an ECDSA and an RSA identity, with and without mutual TLS.
// Where the two share a version, the highest is chosen (RFC 8446 §4.2.1,
// RFC 5246 Appendix E.1) and data flows both ways; where they share none, the
// server ends it with protocol_version. Then sessions that cross versions: a
// ticket from one version is never resumed in the other.
#include <gtest/gtest.h>

#include <string>

#include "handshake/hello.hpp"
#include "handshake/session.hpp"
#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::test {
namespace {

using handshake::ClientAuth;
using handshake::Config;
using handshake::Connection;
using handshake::kTls12;
using handshake::kTls13;

enum class Offer { tls13, tls12, both };
using Versions = std::vector<std::uint16_t>;

Versions versions(Offer o) {
  switch (o) {
    case Offer::tls13: return {kTls13};
    case Offer::tls12: return {kTls12};
    case Offer::both: return {kTls13, kTls12};
  }
  return {};
}
std::string offer_name(Offer o) {
  switch (o) {
    case Offer::tls13: return "13";
    case Offer::tls12: return "12";
    case Offer::both: return "13and12";
  }
  return "?";
}

// The version both pick: the highest they share (0: none).
std::uint16_t expected_version(Offer client, Offer server) {
  for (const std::uint16_t v : {kTls13, kTls12}) {
    const auto c = versions(client), s = versions(server);
    if (std::find(c.begin(), c.end(), v) != c.end() &&
        std::find(s.begin(), s.end(), v) != s.end()) {
      return v;
    }
  }
  return 0;
}

struct Case {
  Offer client, server;
  bool rsa;
  bool mtls;
};

std::string case_name(const testing::TestParamInfo<Case>& param_info) {
  const Case& c = param_info.param;
  return "Client" + offer_name(c.client) + "_Server" + offer_name(c.server) +
         (c.rsa ? "_Rsa" : "_Ecdsa") + (c.mtls ? "_Mtls" : "");
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const Offer c : {Offer::tls13, Offer::tls12, Offer::both}) {
    for (const Offer s : {Offer::tls13, Offer::tls12, Offer::both}) {
      for (const bool rsa : {false, true}) {
        for (const bool mtls : {false, true}) out.push_back({c, s, rsa, mtls});
      }
    }
  }
  return out;
}

std::string errors(const Connection& c, const Connection& s) {
  std::string out;
  if (c.error()) out += "client: " + c.error()->describe() + "\n";
  if (s.error()) out += "server: " + s.error()->describe() + "\n";
  return out;
}

class VersionMatrix : public ::testing::TestWithParam<Case> {};

TEST_P(VersionMatrix, HighestCommonVersionOrProtocolVersion) {
  const Case c = GetParam();
  Config client_cfg = client_config();
  client_cfg.versions = versions(c.client);
  Config server_cfg = server_config();
  server_cfg.versions = versions(c.server);
  server_cfg.identities = {c.rsa ? pki().server_rsa : pki().server_p256};
  if (c.mtls) {
    client_cfg.identities = {pki().client};
    server_cfg.client_auth = ClientAuth::required;
    server_cfg.trust = &pki().roots;
  }
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  const bool ok = pump(*client, *server);
  const std::uint16_t version = expected_version(c.client, c.server);
  if (version == 0) {
    // RFC 8446 §4.2.1: "If the "supported_versions" extension in the
    // ClientHello contains no versions supported by the server, the server
    // MUST abort the handshake with a "protocol_version" alert." (A client
    // without the extension offers legacy_version 0x0303: TLS 1.2.)
    EXPECT_FALSE(ok);
    ASSERT_TRUE(server->error()) << errors(*client, *server);
    EXPECT_EQ(server->error()->alert, AlertDescription::protocol_version);
    ASSERT_TRUE(client->error());
    EXPECT_EQ(client->error()->alert, AlertDescription::protocol_version);
    EXPECT_EQ(client->error()->origin, ErrorOrigin::peer);
    return;
  }
  ASSERT_TRUE(ok) << errors(*client, *server);
  EXPECT_EQ(client->negotiated().version, version);
  EXPECT_EQ(server->negotiated().version, version);
  EXPECT_EQ(client->negotiated().peer_subject, server_cfg.identities[0]->leaf().subject_string());
  EXPECT_EQ(server->negotiated().peer_subject,
            c.mtls ? pki().client->leaf().subject_string() : std::string());
  const std::vector<std::uint8_t> request(3000, 0x11), reply(20000, 0x22);
  ASSERT_TRUE(client->write(request));
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_EQ(server->read(), request);
  ASSERT_TRUE(server->write(reply));
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_EQ(client->read(), reply);
  client->close();
  server->close();
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_TRUE(client->peer_closed());
  EXPECT_TRUE(server->peer_closed());
}

INSTANTIATE_TEST_SUITE_P(EveryPairing, VersionMatrix, ::testing::ValuesIn(all_cases()), case_name);

// ---- sessions across versions

// One client cache, one server ticket key; the server speaks `first`, then
// `second`. The second connection resumes only when the version is the same.
struct Crossing {
  Versions first, second;
};

class SessionAcrossVersions : public ::testing::TestWithParam<Crossing> {};

TEST_P(SessionAcrossVersions, ResumedOnlyInTheSameVersion) {
  const Crossing x = GetParam();
  Config client_cfg = client_config();
  client_cfg.versions = {kTls13, kTls12};
  client_cfg.session_cache = std::make_shared<handshake::ClientSessionCache>();
  Config server_cfg = server_config();
  server_cfg.ticket_keys = std::make_shared<handshake::TicketKeys>(*server_cfg.rng);
  std::uint16_t first_version = 0;
  for (const Versions* server_versions : {&x.first, &x.second}) {
    server_cfg.versions = *server_versions;
    auto client = Connection::client(client_cfg, "server.example");
    auto server = Connection::server(server_cfg);
    ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
    const std::uint16_t version = server_versions->front();
    EXPECT_EQ(client->negotiated().version, version);
    if (first_version == 0) {
      EXPECT_FALSE(client->negotiated().resumed);
      first_version = version;
    } else {
      // RFC 8446 §4.6.1: a TLS 1.3 ticket resumes with "the same TLS
      // version"; RFC 5246 §7.4.1.3: a resumed TLS 1.2 session keeps its
      // version. Across versions the handshake is a full one.
      EXPECT_EQ(client->negotiated().resumed, version == first_version);
      EXPECT_EQ(server->negotiated().resumed, version == first_version);
    }
    // Both sides still agree on keys: data flows.
    const std::vector<std::uint8_t> hello = {'h', 'i'};
    ASSERT_TRUE(client->write(hello));
    ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
    EXPECT_EQ(server->read(), hello);
  }
}

INSTANTIATE_TEST_SUITE_P(Crossings, SessionAcrossVersions,
                         ::testing::Values(Crossing{{kTls13}, {kTls12}},
                                           Crossing{{kTls12}, {kTls13}},
                                           Crossing{{kTls13}, {kTls13}},
                                           Crossing{{kTls12}, {kTls12}},
                                           Crossing{{kTls12}, {kTls13, kTls12}}),
                         [](const testing::TestParamInfo<Crossing>& param_info) {
                           const auto& x = param_info.param;
                           auto name = [](const Versions& v) {
                             return v.size() == 2 ? "Both" : v[0] == kTls13 ? "13" : "12";
                           };
                           return std::string("From") + name(x.first) + "To" + name(x.second);
                         });

// RFC 8446 §D.5: "Any endpoint receiving a Hello message with
// ClientHello.legacy_version or ServerHello.legacy_version set to 0x0300 MUST
// abort the handshake with a "protocol_version" alert." — whatever the
// ClientHello offers besides.
TEST(LegacyVersion, AClientHelloSayingSsl3IsRefused) {
  for (const Offer offer : {Offer::tls13, Offer::tls12, Offer::both}) {
    Config client_cfg = client_config();
    client_cfg.versions = versions(offer);
    client_cfg.edit_client_hello = [](handshake::ClientHello& ch) { ch.legacy_version = 0x0300; };
    Config server_cfg = server_config();
    server_cfg.versions = {kTls13, kTls12};
    auto client = Connection::client(client_cfg, "server.example");
    auto server = Connection::server(server_cfg);
    EXPECT_FALSE(pump(*client, *server));
    ASSERT_TRUE(server->error()) << offer_name(offer);
    EXPECT_EQ(server->error()->alert, AlertDescription::protocol_version);
    EXPECT_NE(server->error()->rule.find("§D.5"), std::string_view::npos);
  }
}

}  // namespace
}  // namespace glasstls::test
