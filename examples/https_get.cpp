// https_get: fetch one page over TLS and show what was negotiated.
//
//   https_get HOST PORT PATH CA.pem [1.2|1.3]
//
// One-way TLS: the client checks the server's certificate chain against the
// CAs in CA.pem (its trust store) and the host name; the server does not
// ask who the client is.
#include <cstdlib>
#include <iostream>
#include <string>

#include <glasstls.hpp>

#include "example_files.hpp"

int main(int argc, char** argv) try {
  if (argc < 5) {
    std::cerr << "usage: https_get HOST PORT PATH CA.pem [1.2|1.3]\n";
    return 2;
  }
  const std::string host = argv[1];
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  const std::string path = argv[3];

  using namespace glasstls;
  const x509::TrustStore roots = examples::load_trust(argv[4]);
  handshake::Config config;
  config.trust = &roots;
  config.versions = {handshake::kTls13, handshake::kTls12};
  if (argc > 5)
    config.versions = {std::string(argv[5]) == "1.2" ? handshake::kTls12 : handshake::kTls13};
  config.alpn = {"http/1.1"};

  auto tls = net::TlsStream::connect(config, host, port);
  if (!tls.ok()) {
    std::cerr << "TLS failed: " << tls.error() << "\n";
    return 1;
  }
  const auto& n = tls.negotiated();
  std::cout << "version:     " << handshake::version_name(n.version) << "\n"
            << "cipher suite: " << handshake::cipher_suite_name(n.cipher_suite) << "\n"
            << "group:       " << (n.group ? handshake::group_name(n.group) : "none") << "\n"
            << "signature:   " << handshake::signature_scheme_name(n.signature_scheme) << "\n"
            << "ALPN:        " << (n.alpn.empty() ? "none" : n.alpn) << "\n"
            << "server:      " << n.peer_subject << "\n"
            << "chain:       " << n.verified_path.size() << " certificates to a trusted root\n\n";

  tls.write("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  std::cout << tls.read_all();  // until the server's close_notify
  tls.close();
  if (!tls.ok()) {
    std::cerr << "TLS failed: " << tls.error() << "\n";
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
