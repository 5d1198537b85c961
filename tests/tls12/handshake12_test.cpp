// TLS 1.2 in process (RFC 5246 §7.3): a GlassTLS client and server negotiate
// every TLS 1.2 suite with ECDSA and RSA identities, with and without mutual
// TLS, and exchange data; a client and a server that both speak 1.3 pick 1.3;
// a 1.3-capable server negotiating 1.2 sets the downgrade sentinel, which a
// 1.3-capable client refuses.
#include <gtest/gtest.h>

#include "handshake/cipher_suite.hpp"
#include "handshake/extension_codecs.hpp"
#include "handshake/hello.hpp"
#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::test {
namespace {

using handshake::ClientAuth;
using handshake::Connection;
using handshake::kTls12;
using handshake::kTls13;

struct Case {
  std::uint16_t suite;
  bool rsa_server;
};

void exchange_data(Connection& client, Connection& server) {
  const std::vector<std::uint8_t> request = {'p', 'i', 'n', 'g'};
  ASSERT_TRUE(client.write(request));
  ASSERT_TRUE(pump(client, server));
  EXPECT_EQ(server.read(), request);
  const std::vector<std::uint8_t> reply(40000, 0x5a);  // several records
  ASSERT_TRUE(server.write(reply));
  ASSERT_TRUE(pump(client, server));
  EXPECT_EQ(client.read(), reply);
}

class Tls12Suites : public ::testing::TestWithParam<Case> {};

TEST_P(Tls12Suites, HandshakeAndData) {
  const Case c = GetParam();
  auto client_cfg = client_config();
  client_cfg.versions = {kTls12};
  client_cfg.cipher_suites = {c.suite};
  auto server_cfg = server_config();
  server_cfg.versions = {kTls13, kTls12};
  server_cfg.identities = {c.rsa_server ? pki().server_rsa : pki().server_p256};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(pump(*client, *server))
      << (client->error() ? client->error()->describe() : server->error()->describe());
  ASSERT_TRUE(client->handshake_done() && server->handshake_done());
  EXPECT_EQ(client->negotiated().version, kTls12);
  EXPECT_EQ(server->negotiated().cipher_suite, c.suite);
  EXPECT_TRUE(client->negotiated().extended_master_secret);
  exchange_data(*client, *server);
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (int s : {0xc02b, 0xc02c, 0xcca9}) out.push_back({static_cast<std::uint16_t>(s), false});
  for (int s : {0xc02f, 0xc030, 0xcca8, 0x009c, 0x009d}) {
    out.push_back({static_cast<std::uint16_t>(s), true});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EverySuite, Tls12Suites, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) {
                           return handshake::cipher_suite_name(param_info.param.suite);
                         });

TEST(Tls12, MutualTlsRequiredOptionalAndAbsent) {
  for (const auto policy : {ClientAuth::optional, ClientAuth::required}) {
    for (const bool with_cert : {true, false}) {
      auto client_cfg = client_config();
      client_cfg.versions = {kTls12};
      if (with_cert) client_cfg.identities = {pki().client};
      auto server_cfg = server_config();
      server_cfg.versions = {kTls12};
      server_cfg.client_auth = policy;
      server_cfg.trust = &pki().roots;
      auto client = Connection::client(client_cfg, "server.example");
      auto server = Connection::server(server_cfg);
      const bool ok = pump(*client, *server);
      if (!with_cert && policy == ClientAuth::required) {
        EXPECT_FALSE(ok);
        ASSERT_TRUE(server->error());
        EXPECT_EQ(server->error()->alert, AlertDescription::handshake_failure);
        continue;
      }
      ASSERT_TRUE(ok) << (client->error() ? client->error()->describe()
                                          : server->error()->describe());
      EXPECT_EQ(server->negotiated().peer_subject.empty(), !with_cert);
      if (with_cert) {
        EXPECT_NE(server->negotiated().signature_scheme, 0);
      }
      exchange_data(*client, *server);
    }
  }
}

TEST(Tls12, BothSpeakTls13SoTls13IsChosen) {
  auto client_cfg = client_config();
  client_cfg.versions = {kTls13, kTls12};
  auto server_cfg = server_config();
  server_cfg.versions = {kTls13, kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_EQ(client->negotiated().version, kTls13);
}

TEST(Tls12, ClientOfferingBothGetsTls12FromA12OnlyServer) {
  auto client_cfg = client_config();
  client_cfg.versions = {kTls13, kTls12};
  auto server_cfg = server_config();
  server_cfg.versions = {kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(pump(*client, *server))
      << (client->error() ? client->error()->describe() : server->error()->describe());
  EXPECT_EQ(client->negotiated().version, kTls12);
  exchange_data(*client, *server);
}

TEST(Tls12, DowngradeSentinelIsRefusedByATls13Client) {
  // A 1.3-capable server limited to 1.2 by an attacker who strips
  // supported_versions: the server marks its random, the client notices.
  auto client_cfg = client_config();
  client_cfg.versions = {kTls13, kTls12};
  client_cfg.edit_client_hello = [](handshake::ClientHello& ch) {
    std::erase_if(ch.extensions.list, [](const handshake::Extension& e) {
      return e.type == handshake::code(handshake::ExtensionType::supported_versions);
    });
  };
  auto server_cfg = server_config();
  server_cfg.versions = {kTls13, kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  EXPECT_FALSE(pump(*client, *server));
  ASSERT_TRUE(client->error());
  EXPECT_EQ(client->error()->alert, AlertDescription::illegal_parameter);
}

TEST(Tls12, MissingExtendedMasterSecretIsRefused) {
  auto client_cfg = client_config();
  client_cfg.versions = {kTls12};
  client_cfg.edit_client_hello = [](handshake::ClientHello& ch) {
    std::erase_if(ch.extensions.list, [](const handshake::Extension& e) {
      return e.type == handshake::code(handshake::ExtensionType::extended_master_secret);
    });
  };
  auto server_cfg = server_config();
  server_cfg.versions = {kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  EXPECT_FALSE(pump(*client, *server));
  ASSERT_TRUE(server->error());
  EXPECT_EQ(server->error()->alert, AlertDescription::handshake_failure);
}

}  // namespace
}  // namespace glasstls::test

namespace glasstls::test {
namespace {

// RFC 5246 §7.3: the abbreviated handshake, resuming by ticket (RFC 5077) or
// by session ID; the identity of a mutual-TLS session comes back with it.
struct Resumable {
  handshake::Config client = client_config();
  handshake::Config server = server_config();
  Resumable() {
    client.versions = {kTls12};
    server.versions = {kTls12};
    client.session_cache = std::make_shared<handshake::ClientSessionCache>();
  }
  std::unique_ptr<Connection> connect(bool expect_resumed) {
    auto c = Connection::client(client, "server.example");
    auto s = Connection::server(server);
    EXPECT_TRUE(pump(*c, *s)) << (c->error() ? c->error()->describe() : "")
                              << (s->error() ? s->error()->describe() : "");
    EXPECT_EQ(c->negotiated().resumed, expect_resumed);
    EXPECT_EQ(s->negotiated().resumed, expect_resumed);
    exchange_data(*c, *s);
    last_server = std::move(s);
    return c;
  }
  std::unique_ptr<Connection> last_server;
};

TEST(Tls12Resumption, ByTicket) {
  Resumable r;
  r.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  r.connect(false);
  EXPECT_EQ(r.client.session_cache->size("server.example"), 1u);
  r.connect(true);
  // The server renewed the ticket: a third connection resumes again.
  r.connect(true);
}

TEST(Tls12Resumption, BySessionId) {
  Resumable r;
  r.server.server_session_cache = std::make_shared<handshake::ServerSessionCache>(4);
  r.connect(false);
  r.connect(true);
  // Each session ID is used once (a resumed session is not re-cached here).
  r.connect(false);
}

TEST(Tls12, AnAnonymousSignaturePairIsNeverOffered) {
  // RFC 5246 §7.4.1.4.1: the "anonymous" signature value (0) "MUST NOT appear
  // in this extension" — even when the configuration lists {sha256,
  // anonymous} (0x0400), the ClientHello's signature_algorithms leaves it out.
  Resumable pair;  // a TLS 1.2 client and server
  pair.client.signature_schemes = {0x0400, 0x0403};
  std::vector<std::uint16_t> sent;
  pair.client.edit_client_hello = [&sent](handshake::ClientHello& ch) {
    if (const auto* e = ch.extensions.find(handshake::ExtensionType::signature_algorithms)) {
      sent = handshake::decode_signature_scheme_list(e->data).value();
    }
  };
  pair.connect(false);
  EXPECT_EQ(sent, std::vector<std::uint16_t>{0x0403});
}

TEST(Tls12Resumption, ASessionWhoseSuiteIsNoLongerOfferedIsNotOffered) {
  // RFC 5246 §7.4.1.2: "If the session_id field is not empty (implying a
  // session resumption request), this vector MUST include at least the
  // cipher_suite from that session." A session made with
  // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, then a client that offers only
  // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: its ClientHello asks for a new
  // ticket instead of sending the old one.
  Resumable r;
  r.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  r.client.cipher_suites = {0xc02b};
  r.connect(false);
  ASSERT_EQ(r.client.session_cache->size("server.example"), 1u);
  r.client.cipher_suites = {0xc02c};
  std::optional<std::vector<std::uint8_t>> ticket;
  r.client.edit_client_hello = [&ticket](handshake::ClientHello& ch) {
    if (const auto* e = ch.extensions.find(handshake::ExtensionType::session_ticket)) {
      ticket = e->data;
    }
  };
  r.connect(false);
  ASSERT_TRUE(ticket.has_value());
  EXPECT_TRUE(ticket->empty()) << "the ClientHello offered the session of another suite";
  EXPECT_EQ(r.last_server->negotiated().cipher_suite, 0xc02c);
}

TEST(Tls12Resumption, AFatalAlertInvalidatesTheSessionOnBothSides) {
  // RFC 5246 §7.2: "Alert messages with a level of fatal result in the
  // immediate termination of the connection. In this case, other connections
  // corresponding to the session may continue, but the session identifier
  // MUST be invalidated, preventing the failed session from being used to
  // establish new connections." A record of the client's that does not open:
  // the server sends bad_record_mac and forgets the session ID, the client
  // reads the alert and forgets it too.
  Resumable r;
  r.server.server_session_cache = std::make_shared<handshake::ServerSessionCache>(4);
  auto client = r.connect(false);
  ASSERT_EQ(r.server.server_session_cache->size(), 1u);
  ASSERT_EQ(r.client.session_cache->size("server.example"), 1u);
  const std::uint8_t data[] = {'h', 'i'};
  ASSERT_TRUE(client->write(data));
  auto wire = client->take_output();
  wire.back() ^= 0x01;
  EXPECT_FALSE(r.last_server->receive(wire).ok());
  ASSERT_TRUE(r.last_server->error());
  EXPECT_EQ(r.last_server->error()->alert, AlertDescription::bad_record_mac);
  EXPECT_EQ(r.server.server_session_cache->size(), 0u);
  EXPECT_FALSE(client->receive(r.last_server->take_output()).ok());
  EXPECT_EQ(r.client.session_cache->size("server.example"), 0u);
  r.connect(false);
}

TEST(Tls12Resumption, MutualTlsIdentityComesBack) {
  Resumable r;
  r.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  r.server.client_auth = ClientAuth::required;
  r.server.trust = &pki().roots;
  r.client.identities = {pki().client};
  r.connect(false);
  const std::string subject = r.last_server->negotiated().peer_subject;
  ASSERT_FALSE(subject.empty());
  r.connect(true);
  EXPECT_EQ(r.last_server->negotiated().peer_subject, subject);
}

TEST(Tls12Resumption, ATicketFromAnotherServerMeansAFullHandshake) {
  Resumable r;
  r.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  r.connect(false);
  r.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
  r.connect(false);
}

// ---- closure (RFC 5246 §7.2.1)

// RFC 5246 §7.2.1: "The other party MUST respond with a close_notify alert of
// its own and close down the connection immediately, discarding any pending
// writes." Either side may start the close; the other answers at once,
// without the application asking, and writes nothing more.
TEST(Tls12Close, AReceivedCloseNotifyIsAnsweredWithOurOwn) {
  for (const bool client_closes : {true, false}) {
    SCOPED_TRACE(client_closes ? "the client closes" : "the server closes");
    auto client_cfg = client_config();
    client_cfg.versions = {kTls12};
    auto server_cfg = server_config();
    server_cfg.versions = {kTls12};
    auto client = Connection::client(client_cfg, "server.example");
    auto server = Connection::server(server_cfg);
    ASSERT_TRUE(pump(*client, *server));
    Connection& closer = client_closes ? *client : *server;
    Connection& other = client_closes ? *server : *client;
    closer.close();
    ASSERT_TRUE(other.receive(closer.take_output()));
    EXPECT_TRUE(other.peer_closed());
    const auto answer = other.take_output();
    ASSERT_FALSE(answer.empty()) << "no close_notify in answer";
    const std::vector<std::uint8_t> data = {1, 2, 3};
    EXPECT_FALSE(other.write(data).ok()) << "nothing may be written after our close_notify";
    EXPECT_TRUE(other.take_output().empty());
    ASSERT_TRUE(closer.receive(answer));
    EXPECT_TRUE(closer.peer_closed());
    EXPECT_FALSE(closer.error());
    EXPECT_FALSE(other.error());
    EXPECT_TRUE(closer.take_output().empty()) << "the closer answers nothing";
  }
}

// ---- RFC 8449 record_size_limit in TLS 1.2

using handshake::ExtensionType;

// The record_size_limit values in a set of extensions (none: 0).
std::uint16_t limit_in(const handshake::Extensions& ext) {
  const auto* e = ext.find(ExtensionType::record_size_limit);
  if (e == nullptr) return 0;
  auto v = handshake::decode_record_size_limit(e->data);
  return v ? *v : 0;
}

// The lengths of the records in `wire` (RFC 5246 §6.2: 5-byte headers).
std::vector<std::size_t> record_lengths(const std::vector<std::uint8_t>& wire) {
  std::vector<std::size_t> out;
  for (std::size_t at = 0; at + 5 <= wire.size();) {
    out.push_back(std::size_t{wire[at + 3]} << 8 | wire[at + 4]);
    at += 5 + out.back();
  }
  return out;
}

// RFC 8449 §4: "In TLS 1.2 and earlier, the record_size_limit extension is
// sent in ServerHello", and "An endpoint that supports all record sizes can
// include any limit up to the protocol-defined limit for maximum record size.
// For TLS 1.2 and earlier, that limit is 2^14 octets."
TEST(Tls12RecordSizeLimit, TheServerAnswersInItsServerHelloAndEachSideObeysThePeer) {
  std::uint16_t offered = 0, answered = 0;
  auto client_cfg = client_config();
  client_cfg.versions = {kTls12};
  client_cfg.record_size_limit = 512;
  client_cfg.edit_client_hello = [&](handshake::ClientHello& ch) {
    offered = limit_in(ch.extensions);
  };
  auto server_cfg = server_config();
  server_cfg.versions = {kTls13, kTls12};
  server_cfg.record_size_limit = 1000;
  server_cfg.edit_extensions = [&](handshake::HandshakeType type, handshake::Extensions& ext) {
    if (type == handshake::HandshakeType::server_hello) answered = limit_in(ext);
  };
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_EQ(offered, 512);
  EXPECT_EQ(answered, 1000);

  // "the limit covers all input to compression and encryption": 512 bytes
  // of plaintext per record from the server (+ 8 explicit nonce + 16 tag for
  // AES-GCM), 1000 from the client.
  const std::vector<std::uint8_t> data(3000, 0x42);
  for (const bool from_server : {true, false}) {
    Connection& sender = from_server ? *server : *client;
    Connection& receiver = from_server ? *client : *server;
    const std::size_t limit = from_server ? 512 : 1000;
    ASSERT_TRUE(sender.write(data));
    const auto wire = sender.take_output();
    const auto lengths = record_lengths(wire);
    EXPECT_EQ(lengths.size(), (data.size() + limit - 1) / limit);
    for (const std::size_t length : lengths) EXPECT_LE(length, limit + 8 + 16);
    ASSERT_TRUE(receiver.receive(wire));
    EXPECT_EQ(receiver.read(), data);
  }
}

TEST(Tls12RecordSizeLimit, AClientOfferingOnlyTls12AdvertisesAtMost2To14) {
  for (const bool with_tls13 : {false, true}) {
    std::uint16_t offered = 0;
    auto client_cfg = client_config();
    client_cfg.versions = with_tls13 ? std::vector{kTls13, kTls12} : std::vector{kTls12};
    client_cfg.edit_client_hello = [&](handshake::ClientHello& ch) {
      offered = limit_in(ch.extensions);
    };
    auto client = Connection::client(client_cfg, "server.example");
    (void)client->take_output();
    EXPECT_EQ(offered, with_tls13 ? 16385 : 16384);  // the default Config asks for the maximum
  }
}

// RFC 8449 §4: below 64 is illegal_parameter; "A client MAY abort the
// handshake with an illegal_parameter alert if the record_size_limit
// extension includes a value greater than the maximum record size permitted
// by the negotiated protocol version" — ours does (16385 is TLS 1.3's).
TEST(Tls12RecordSizeLimit, AServerLimitBelow64OrAbove2To14IsRefused) {
  for (const std::uint16_t bad : {std::uint16_t{63}, std::uint16_t{16385}}) {
    auto client_cfg = client_config();
    client_cfg.versions = {kTls12};
    auto server_cfg = server_config();
    server_cfg.versions = {kTls12};
    server_cfg.edit_extensions = [&](handshake::HandshakeType type, handshake::Extensions& ext) {
      if (type != handshake::HandshakeType::server_hello) return;
      std::erase_if(ext.list, [](const handshake::Extension& e) {
        return e.type == handshake::code(ExtensionType::record_size_limit);
      });
      ext.add(ExtensionType::record_size_limit, handshake::encode_record_size_limit(bad));
    };
    auto client = Connection::client(client_cfg, "server.example");
    auto server = Connection::server(server_cfg);
    EXPECT_FALSE(pump(*client, *server));
    ASSERT_TRUE(client->error()) << bad;
    EXPECT_EQ(client->error()->alert, AlertDescription::illegal_parameter) << bad;
    EXPECT_NE(client->error()->rule.find("RFC 8449"), std::string_view::npos);
  }
}

// RFC 8449 §4: "A TLS endpoint that receives a record larger than its
// advertised limit MUST generate a fatal "record_overflow" alert". A peer
// that does not honour our limit is made with the hooks: they show it the
// protocol's maximum where our Connection advertised 1000 (so it sends full
// records), in both versions and both roles. Once the extension is not
// negotiated (the peer never saw ours), full records are accepted.
TEST(Tls12RecordSizeLimit, ARecordOverTheLimitWeAdvertisedIsRecordOverflow) {
  const auto set_limit = [](handshake::Extensions& ext, std::uint16_t value) {
    for (auto& e : ext.list) {
      if (e.type == handshake::code(ExtensionType::record_size_limit)) {
        e.data = handshake::encode_record_size_limit(value);
      }
    }
  };
  const auto drop_limit = [](handshake::Extensions& ext) {
    std::erase_if(ext.list, [](const handshake::Extension& e) {
      return e.type == handshake::code(ExtensionType::record_size_limit);
    });
  };
  for (const std::uint16_t version : {kTls13, kTls12}) {
    const std::uint16_t maximum = version == kTls13 ? 16385 : 16384;
    for (const bool server_enforces : {true, false}) {
      for (const bool negotiated : {true, false}) {
        SCOPED_TRACE(testing::Message() << std::hex << version << (server_enforces ? " server" : " client")
                                        << (negotiated ? " negotiated" : " not negotiated"));
        auto client_cfg = client_config();
        auto server_cfg = server_config();
        client_cfg.versions = {version};
        server_cfg.versions = {version};
        (server_enforces ? server_cfg : client_cfg).record_size_limit = 1000;
        if (server_enforces) {
          // Our server's answer, as the client sees it.
          server_cfg.edit_extensions = [&](handshake::HandshakeType type,
                                           handshake::Extensions& ext) {
            if (type == handshake::HandshakeType::encrypted_extensions ||
                type == handshake::HandshakeType::server_hello) {
              set_limit(ext, maximum);
            }
          };
          if (!negotiated) {
            client_cfg.edit_client_hello = [&](handshake::ClientHello& ch) {
              drop_limit(ch.extensions);
            };
          }
        } else {
          client_cfg.edit_client_hello = [&](handshake::ClientHello& ch) {
            if (negotiated) {
              set_limit(ch.extensions, maximum);
            } else {
              drop_limit(ch.extensions);
            }
          };
        }
        auto client = Connection::client(client_cfg, "server.example");
        auto server = Connection::server(server_cfg);
        ASSERT_TRUE(pump(*client, *server));
        Connection& sender = server_enforces ? *client : *server;
        Connection& receiver = server_enforces ? *server : *client;
        const std::vector<std::uint8_t> data(3000, 0x42);
        ASSERT_TRUE(sender.write(data));
        const auto wire = sender.take_output();
        EXPECT_EQ(record_lengths(wire).size(), 1u) << "the peer sends one full record";
        auto got = receiver.receive(wire);
        if (negotiated) {
          ASSERT_FALSE(got.ok());
          EXPECT_EQ(got.error().alert, AlertDescription::record_overflow);
          EXPECT_NE(got.error().rule.find("RFC 8449 §4"), std::string_view::npos)
              << got.error().describe();
        } else {
          ASSERT_TRUE(got.ok()) << got.error().describe();
          EXPECT_EQ(receiver.read(), data);
        }
      }
    }
  }
}

TEST(Tls12RecordSizeLimit, AClientLimitBelow64IsRefusedByTheServer) {
  auto client_cfg = client_config();
  client_cfg.versions = {kTls12};
  client_cfg.record_size_limit = 63;
  auto server_cfg = server_config();
  server_cfg.versions = {kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  EXPECT_FALSE(pump(*client, *server));
  ASSERT_TRUE(server->error());
  EXPECT_EQ(server->error()->alert, AlertDescription::illegal_parameter);
}

// What the server answers is the ClientHello it received: after
// Config::edit_client_hello the client checks the ServerHello against the
// edited one (the conformance runner edits ClientHellos).
TEST(Tls12EditedClientHello, TheScsvInsteadOfRenegotiationInfoIsAnswered) {
  // RFC 5746 §3.4: "The client MUST include either an empty
  // "renegotiation_info" extension, or the TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  // signaling cipher suite value"; the server answers either with the extension.
  auto client_cfg = client_config();
  client_cfg.versions = {kTls12};
  client_cfg.edit_client_hello = [](handshake::ClientHello& ch) {
    std::erase_if(ch.extensions.list, [](const handshake::Extension& e) {
      return e.type == handshake::code(ExtensionType::renegotiation_info);
    });
    ch.cipher_suites.push_back(0x00ff);
  };
  auto server_cfg = server_config();
  server_cfg.versions = {kTls12};
  auto client = Connection::client(client_cfg, "server.example");
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(pump(*client, *server))
      << (client->error() ? client->error()->describe() : server->error()->describe());
  exchange_data(*client, *server);
}

TEST(Tls12EditedClientHello, AnEmptiedSessionIdIsWhatTheServerEchoes) {
  for (const std::uint16_t version : {kTls13, kTls12}) {
    auto client_cfg = client_config();
    client_cfg.versions = {version};
    client_cfg.edit_client_hello = [](handshake::ClientHello& ch) { ch.legacy_session_id.clear(); };
    auto server_cfg = server_config();
    server_cfg.versions = {version};
    auto client = Connection::client(client_cfg, "server.example");
    auto server = Connection::server(server_cfg);
    ASSERT_TRUE(pump(*client, *server))
        << (client->error() ? client->error()->describe() : server->error()->describe());
    exchange_data(*client, *server);
  }
}

}  // namespace
}  // namespace glasstls::test
