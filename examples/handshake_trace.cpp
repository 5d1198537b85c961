// handshake_trace: the smallest example of the teaching API. A client and a
// server Connection in one process — no sockets: a Connection is sans-IO,
// bytes in and bytes out — with a TraceSink on the client that prints every
// record, message (field by field), key-schedule step and state change.
//
//   handshake_trace SERVER-CERT.pem SERVER-KEY.pem CA.pem [1.2|1.3]
#include <iostream>
#include <string>

#include <glasstls.hpp>

#include "example_files.hpp"

// A sink of our own: count what the connection reports, by kind, while the
// library's TextRenderer prints it.
class CountingSink final : public glasstls::trace::TraceSink {
 public:
  explicit CountingSink(glasstls::trace::TraceSink& next) : next_(next) {}
  void on_event(const glasstls::trace::Event& event) override {
    if (std::holds_alternative<glasstls::trace::MessageEvent>(event)) ++messages;
    if (std::holds_alternative<glasstls::trace::KeyEvent>(event)) ++key_steps;
    next_.on_event(event);
  }
  int messages = 0;
  int key_steps = 0;

 private:
  glasstls::trace::TraceSink& next_;
};

int main(int argc, char** argv) try {
  using namespace glasstls;
  if (argc < 4) {
    std::cerr << "usage: handshake_trace SERVER-CERT.pem SERVER-KEY.pem CA.pem [1.2|1.3]\n";
    return 2;
  }
  const auto version =
      argc > 4 && std::string(argv[4]) == "1.2" ? handshake::kTls12 : handshake::kTls13;
  handshake::Config server_config;
  server_config.versions = {version};
  server_config.identities.push_back(examples::load_identity(argv[1], argv[2]));

  const x509::TrustStore roots = examples::load_trust(argv[3]);
  trace::TextRenderer printer(std::cout, /*fields=*/true);
  CountingSink sink(printer);
  handshake::Config client_config;
  client_config.versions = {version};
  client_config.trust = &roots;
  client_config.trace = &sink;

  auto client = handshake::Connection::client(client_config, "localhost");
  auto server = handshake::Connection::server(server_config);
  // Move bytes until neither side has anything more to say.
  for (int flight = 0; flight < 10; ++flight) {
    const auto to_server = client->take_output();
    if (!to_server.empty() && !server->receive(to_server)) break;
    const auto to_client = server->take_output();
    if (!to_client.empty() && !client->receive(to_client)) break;
    if (to_server.empty() && to_client.empty()) break;
  }
  if (!client->handshake_done() || !server->handshake_done()) {
    const auto& error = client->error() ? client->error() : server->error();
    std::cerr << "handshake failed: " << (error ? error->describe() : "incomplete") << "\n";
    return 1;
  }
  std::cout << "\nhandshake done: " << handshake::version_name(client->negotiated().version) << ", "
            << handshake::cipher_suite_name(client->negotiated().cipher_suite)
            << "; the client saw " << sink.messages << " handshake messages and " << sink.key_steps
            << " key-schedule steps\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
