// The FlightEditor without a network: our server's flights, opened with the
// secrets of its own key log, changed and sealed again, reach a GlassTLS
// client in process. Unchanged, the handshake completes (the resealing is
// exact); a bit flipped in a protected message is what the client detects,
// with the RFC's alert.
#include <gtest/gtest.h>

#include <algorithm>

#include "conformance/our_flight.hpp"
#include "handshake/codepoints.hpp"
#include "tests/tls13/tls13_fixture.hpp"

namespace glasstls::conformance {
namespace {

using AD = AlertDescription;
using handshake::HandshakeType;

// Our server's trace, as the runner's: the key log goes to the editor.
class KeyLogToEditor final : public trace::TraceSink {
 public:
  explicit KeyLogToEditor(FlightEditor& editor) : editor_(editor) {}
  bool wants_secrets() const override { return true; }
  void on_event(const trace::Event& e) override {
    if (const auto* k = std::get_if<trace::KeyLogEvent>(&e)) editor_.on_key_log(*k);
  }

 private:
  FlightEditor& editor_;
};

struct Handshake {
  FlightEditor editor;
  KeyLogToEditor sink{editor};
  handshake::Config client_config, server_config;  // outlive the connections
  std::unique_ptr<handshake::Connection> client, server;
  std::vector<std::uint8_t> seen;  // the types of the messages the editor saw

  explicit Handshake(std::vector<std::uint16_t> versions)
      : client_config(test::client_config()), server_config(test::server_config()) {
    client_config.versions = versions;
    server_config.versions = versions;
    server_config.trace = &sink;
    client = handshake::Connection::client(client_config, "server.example");
    server = handshake::Connection::server(server_config);
  }

  // Runs the handshake; every flight of the server goes through the editor,
  // `edit` applied to it. False when the client refused something.
  bool handshake(const FlightEditor::Edit& edit) {
    Bytes to_server = client->take_output();
    for (int round = 0; round < 8 && !to_server.empty(); ++round) {
      if (!server->receive(to_server)) return false;
      Bytes flight = server->take_output();
      if (flight.empty()) break;
      std::string problem;
      const auto& n = server->negotiated();
      auto edited = editor.rewrite(
          flight, n.version, n.cipher_suite,
          [&](std::vector<OurMessage>& messages) {
            for (const auto& m : messages) seen.push_back(m.type());
            edit(messages);
          },
          problem);
      EXPECT_TRUE(edited) << problem;
      if (!edited) return false;
      if (!client->receive(*edited)) return false;
      to_server = client->take_output();
    }
    return client->handshake_done();
  }
};

void flip(std::vector<OurMessage>& messages, HandshakeType type) {
  for (auto& m : messages) {
    if (m.type() == static_cast<std::uint8_t>(type)) m.bytes.back() ^= 0x01;
  }
}

TEST(FlightEditor, Tls13FlightResealedUnchangedCompletes) {
  Handshake run({handshake::kTls13});
  ASSERT_TRUE(run.handshake([](std::vector<OurMessage>&) {}))
      << (run.client->error() ? run.client->error()->describe() : "");
  // ServerHello in plaintext, then EncryptedExtensions .. Finished opened.
  const std::vector<std::uint8_t> expected = {2, 8, 11, 15, 20};
  EXPECT_EQ(run.seen, expected);
}

// The client of a `version` handshake whose server flight had a bit of
// message `type` flipped refuses it with decrypt_error (RFC 8446 §4.4.3,
// §4.4.4; RFC 5246 §7.4.9).
void expect_flip_refused(std::uint16_t version, HandshakeType type) {
  Handshake run({version});
  EXPECT_FALSE(run.handshake([type](auto& m) { flip(m, type); }));
  ASSERT_TRUE(run.client->error());
  EXPECT_EQ(run.client->error()->alert, AD::decrypt_error);
}

TEST(FlightEditor, Tls13FlippedFinishedIsDecryptError) {
  expect_flip_refused(handshake::kTls13, HandshakeType::finished);
}

TEST(FlightEditor, Tls13FlippedCertificateVerifyIsDecryptError) {
  expect_flip_refused(handshake::kTls13, HandshakeType::certificate_verify);
}

TEST(FlightEditor, Tls12FinishedResealedUnchangedCompletes) {
  Handshake run({handshake::kTls12});
  ASSERT_TRUE(run.handshake([](std::vector<OurMessage>&) {}))
      << (run.client->error() ? run.client->error()->describe() : "");
  EXPECT_NE(std::find(run.seen.begin(), run.seen.end(), 20), run.seen.end());
}

TEST(FlightEditor, Tls12FlippedFinishedIsDecryptError) {
  expect_flip_refused(handshake::kTls12, HandshakeType::finished);
}

TEST(FlightEditor, WithoutTheKeyLogAProtectedRecordIsAProblem) {
  FlightEditor editor;  // no secrets
  auto cc = test::client_config();
  auto sc = test::server_config();
  auto client = handshake::Connection::client(cc, "server.example");
  auto server = handshake::Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  std::string problem;
  const auto& n = server->negotiated();
  EXPECT_FALSE(editor.rewrite(server->take_output(), n.version, n.cipher_suite,
                              [](std::vector<OurMessage>&) {}, problem));
  EXPECT_NE(problem.find("no traffic secret"), std::string::npos) << problem;
}

}  // namespace
}  // namespace glasstls::conformance
