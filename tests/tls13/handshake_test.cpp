// In-process TLS 1.3 handshakes: a client and a server Connection talking
// through memory.
#include <gtest/gtest.h>

#include "tests/tls13/tls13_fixture.hpp"

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

}  // namespace
}  // namespace glasstls::test
