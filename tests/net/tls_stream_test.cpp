// net::TlsStream and net::Listener over 127.0.0.1: a whole connection, the
// peer's alert surfacing after our handshake, timeouts, refused ports and a
// truncated connection (TCP closed without close_notify).
#include "net/tls_stream.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::net {
namespace {

using namespace std::chrono_literals;

std::string text(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

TEST(TlsStream, EchoesOverLoopbackAndClosesCleanly) {
  for (const std::uint16_t version : {handshake::kTls13, handshake::kTls12}) {
    auto server_config = test::server_config();
    server_config.versions = {version};
    Listener listener("127.0.0.1", 0);
    ASSERT_TRUE(listener.ok()) << listener.error();
    ASSERT_NE(listener.port(), 0);
    std::string server_saw;
    std::thread server([&] {
      auto tls = TlsStream::accept(listener, server_config, 5s);
      if (!tls.ok()) return;
      server_saw = text(tls.read());
      tls.write(std::string_view("echo: " + server_saw));
      tls.close();
    });
    auto client_config = test::client_config();
    client_config.versions = {handshake::kTls13, handshake::kTls12};
    auto tls = TlsStream::connect(client_config, "127.0.0.1", listener.port(), "localhost", 5s);
    ASSERT_TRUE(tls.ok()) << tls.error();
    EXPECT_EQ(tls.negotiated().version, version);
    ASSERT_TRUE(tls.write(std::string_view("hello")));
    EXPECT_EQ(tls.read_all(), "echo: hello");
    EXPECT_TRUE(tls.peer_closed());
    EXPECT_TRUE(tls.ok()) << tls.error();
    tls.close();
    server.join();
    EXPECT_EQ(server_saw, "hello");
  }
}

// RFC 8446 §4.4.2.4: a TLS 1.3 server that requires a certificate refuses an
// empty one with certificate_required — after the client has finished its
// handshake. The client learns why at its next write or read.
TEST(TlsStream, ThePeersAlertAfterOurHandshakeIsReported) {
  auto server_config = test::server_config();
  server_config.client_auth = handshake::ClientAuth::required;
  server_config.trust = &test::pki().roots;
  Listener listener("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  std::string server_error;
  std::thread server([&] {
    auto tls = TlsStream::accept(listener, server_config, 5s);
    server_error = tls.error();
  });
  auto tls =
      TlsStream::connect(test::client_config(), "127.0.0.1", listener.port(), "localhost", 5s);
  server.join();  // the server has refused us and closed
  ASSERT_TRUE(tls.ok()) << "the client's side of the handshake completes";
  tls.write(std::string_view("anyone there?"));
  (void)tls.read();
  EXPECT_FALSE(tls.ok());
  EXPECT_NE(tls.error().find("certificate_required"), std::string::npos) << tls.error();
  EXPECT_NE(server_error.find("certificate_required"), std::string::npos) << server_error;
}

TEST(TlsStream, ASilentServerTimesOut) {
  Listener listener("127.0.0.1", 0);  // the kernel completes the TCP handshake; nobody answers
  ASSERT_TRUE(listener.ok());
  auto tls =
      TlsStream::connect(test::client_config(), "127.0.0.1", listener.port(), "localhost", 200ms);
  EXPECT_FALSE(tls.ok());
  EXPECT_NE(tls.error().find("timed out"), std::string::npos) << tls.error();
}

TEST(TlsStream, AClosedPortIsRefused) {
  std::uint16_t port = 0;
  {
    Listener listener("127.0.0.1", 0);
    port = listener.port();
  }  // closed again: nothing listens there now
  auto tls = TlsStream::connect(test::client_config(), "127.0.0.1", port, "localhost", 1s);
  EXPECT_FALSE(tls.ok());
  EXPECT_NE(tls.error().find("cannot connect"), std::string::npos) << tls.error();
}

TEST(Listener, AcceptTimesOutWithoutAClient) {
  Listener listener("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  const Socket socket = listener.accept(50ms);
  EXPECT_FALSE(socket.valid());
  EXPECT_EQ(listener.error(), "no client connected in time");
  auto tls = TlsStream::accept(listener, test::server_config(), 50ms);
  EXPECT_FALSE(tls.ok());
}

// RFC 8446 §6.1: a connection that ends without close_notify may have been
// truncated by an attacker; the stream reports it instead of a clean end.
TEST(TlsStream, TcpCloseWithoutCloseNotifyIsATruncation) {
  const auto server_config = test::server_config();
  Listener listener("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  std::thread server([&] {
    auto tls = TlsStream::accept(listener, server_config, 5s);
    tls.write(std::string_view("partial"));
    // leaves without close(): the destructor closes the socket
  });
  auto tls =
      TlsStream::connect(test::client_config(), "127.0.0.1", listener.port(), "localhost", 5s);
  ASSERT_TRUE(tls.ok()) << tls.error();
  server.join();
  EXPECT_EQ(tls.read_all(), "partial");
  EXPECT_FALSE(tls.peer_closed());
  EXPECT_FALSE(tls.ok());
  EXPECT_NE(tls.error().find("closed the TCP connection"), std::string::npos) << tls.error();
}

}  // namespace
}  // namespace glasstls::net
