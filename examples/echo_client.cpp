// echo_client: connect to echo_server, send one line, print what comes back.
//
//   echo_client PORT CA.pem [CLIENT-CERT.pem CLIENT-KEY.pem] [--message TEXT]
//
// With a client certificate and key (our key store) the client can answer
// the server's CertificateRequest: mutual TLS. CA.pem is our trust store —
// the CA that issued the server's certificate.
#include <cstdlib>
#include <iostream>
#include <string>

#include <glasstls.hpp>

#include "example_files.hpp"

int main(int argc, char** argv) try {
  using namespace glasstls;
  if (argc < 3) {
    std::cerr << "usage: echo_client PORT CA.pem [CERT.pem KEY.pem] [--message TEXT]\n";
    return 2;
  }
  std::string message = "ping";
  std::vector<std::string> files;
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "--message" && i + 1 < argc) {
      message = argv[++i];
    } else {
      files.push_back(argv[i]);
    }
  }
  const x509::TrustStore roots = examples::load_trust(argv[2]);
  handshake::Config config;
  config.versions = {handshake::kTls13, handshake::kTls12};
  config.trust = &roots;
  if (files.size() == 2) config.identities.push_back(examples::load_identity(files[0], files[1]));

  auto tls = net::TlsStream::connect(config, "127.0.0.1",
                                     static_cast<std::uint16_t>(std::atoi(argv[1])), "localhost");
  if (!tls.ok()) {
    std::cerr << "TLS failed: " << tls.error() << "\n";
    return 1;
  }
  tls.write(message + "\n");
  tls.close();
  const std::string reply = tls.read_all();
  std::cout << reply;
  if (!tls.ok()) {
    std::cerr << "TLS failed: " << tls.error() << "\n";
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
