// In-process TLS 1.3 handshakes: a client and a server Connection talking
// through memory.
#include <gtest/gtest.h>

#include "crypto/cpu.hpp"
#include "crypto/rng.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {
namespace {

using handshake::Connection;

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Tls13Handshake, FullHandshakeThenDataBothWays) {
  auto cc = client_config();
  auto sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server)) << (client->error() ? client->error()->describe() : "")
                                      << (server->error() ? server->error()->describe() : "");
  ASSERT_TRUE(client->handshake_done());
  ASSERT_TRUE(server->handshake_done());
  EXPECT_EQ(client->negotiated().cipher_suite, 0x1301);
  EXPECT_EQ(client->negotiated().group, 0x001d);
  EXPECT_EQ(client->negotiated().signature_scheme, 0x0403);
  EXPECT_EQ(server->negotiated().server_name, "server.example");

  ASSERT_TRUE(client->write(bytes_of("GET / HTTP/1.1\r\n\r\n")));
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_EQ(server->read(), bytes_of("GET / HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(server->write(bytes_of("HTTP/1.1 200 OK\r\n\r\n")));
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_EQ(client->read(), bytes_of("HTTP/1.1 200 OK\r\n\r\n"));

  client->close();
  ASSERT_TRUE(pump(*client, *server));
  EXPECT_TRUE(server->peer_closed());
}

// RFC 8446 §6.1: "Each party MUST send a "close_notify" alert before closing
// its write side of the connection, unless it has already sent some error
// alert. This does not have any effect on its read side of the connection."
// — unlike TLS 1.2, a close_notify is not answered at once: the other side's
// write side stays open (half-close) until its application closes it.
TEST(Tls13Handshake, ACloseNotifyLeavesThePeersWriteSideOpen) {
  auto cc = client_config();
  auto sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server));
  client->close();
  ASSERT_TRUE(server->receive(client->take_output()));
  EXPECT_TRUE(server->peer_closed());
  EXPECT_TRUE(server->take_output().empty()) << "no automatic close_notify in TLS 1.3";
  ASSERT_TRUE(server->write(bytes_of("the rest of the answer")));
  ASSERT_TRUE(client->receive(server->take_output()));
  EXPECT_EQ(client->read(), bytes_of("the rest of the answer"));
  EXPECT_FALSE(client->peer_closed());
  server->close();
  ASSERT_TRUE(client->receive(server->take_output()));
  EXPECT_TRUE(client->peer_closed());
  EXPECT_FALSE(client->error());
  EXPECT_FALSE(server->error());
}

// ARCHITECTURE.md: the crypto backend is a value in the Config, so a client on
// the portable code and a server on the accelerated code talk in one process.
TEST(Tls13Handshake, PortableClientAndAcceleratedServerInOneProcess) {
  for (std::uint16_t suite : std::vector<std::uint16_t>{0x1301, 0x1302, 0x1303}) {
    for (bool client_portable : {true, false}) {
      auto cc = client_config();
      auto sc = server_config();
      cc.cipher_suites = {suite};
      (client_portable ? cc : sc).crypto = crypto::CryptoProvider::portable();
      auto client = Connection::client(cc, "server.example");
      auto server = Connection::server(sc);
      ASSERT_TRUE(pump(*client, *server));
      const auto& portable_side = client_portable ? *client : *server;
      const auto& accelerated_side = client_portable ? *server : *client;
      EXPECT_EQ(portable_side.negotiated().aead_backend, "portable");
      if (suite != 0x1303 && crypto::usable_features().aesni) {
        EXPECT_NE(accelerated_side.negotiated().aead_backend, "portable");
      }
      std::vector<std::uint8_t> big(40000, 0x5a);
      ASSERT_TRUE(client->write(big));
      ASSERT_TRUE(server->write(big));
      ASSERT_TRUE(pump(*client, *server));
      EXPECT_EQ(server->read(), big);
      EXPECT_EQ(client->read(), big);
    }
  }
}

// RFC 8446 §4.4.2.2: "The certificate MUST allow the key to be used for
// signing (i.e., the digitalSignature bit MUST be set if the Key Usage
// extension is present)". The server's only certificate is a CA's (keyUsage
// keyCertSign and cRLSign): it refuses to sign with it. The client does not
// check the chain, so the refusal can only be the server's own.
TEST(Tls13Handshake, AServerDoesNotSignWithACertificateWhoseKeyUsageForbidsIt) {
  crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(4422);
  auto key = x509::PrivateKey::generate("p256", rng);
  ASSERT_TRUE(key);
  auto ca = x509::CertificateAuthority::create_root(
      std::move(*key), *x509::build_name("CN=server.example"), test_now() - 86400,
      test_now() + 86400, rng);
  ASSERT_TRUE(ca);
  const auto& key_usage = ca->certificate().extensions().key_usage;
  ASSERT_TRUE(key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature));
  auto own_key = x509::PrivateKey::parse_der(ca->key().to_pkcs8_der());
  ASSERT_TRUE(own_key);
  auto store = x509::KeyStore::create({ca->certificate()}, std::move(*own_key));
  ASSERT_TRUE(store);

  auto cc = client_config();
  cc.insecure_skip_verify = true;
  auto sc = server_config();
  sc.identities = {std::make_shared<const x509::KeyStore>(std::move(*store))};
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  ASSERT_TRUE(server->error());
  EXPECT_EQ(server->error()->alert, AlertDescription::handshake_failure);
  EXPECT_EQ(server->error()->origin, ErrorOrigin::local);
  EXPECT_FALSE(server->handshake_done());

  // With the fixture's server certificate (digitalSignature) the same
  // client completes.
  const auto usual = server_config();
  auto fine = Connection::server(usual);
  auto again = Connection::client(cc, "server.example");
  EXPECT_TRUE(pump(*again, *fine));
}

}  // namespace
}  // namespace glasstls::test
