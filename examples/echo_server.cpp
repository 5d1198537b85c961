// echo_server: a TLS server that answers each line with the same line, and
// tells each client who it is — mutual TLS when asked.
//
//   echo_server PORT SERVER-CERT.pem SERVER-KEY.pem [none|optional|required CLIENT-CA.pem]
//              [--count N]
//
// Two-way TLS: the server sends a CertificateRequest; the client answers with
// its own chain and a CertificateVerify signature; the server checks the
// chain against CLIENT-CA.pem — its trust store for clients, often a CA the
// organisation runs itself — and knows who is on the other end.
// It prints "listening on PORT" once ready, and serves N clients (default: for ever).
#include <cstdlib>
#include <iostream>
#include <string>

#include <glasstls.hpp>

#include "example_files.hpp"

int main(int argc, char** argv) try {
  using namespace glasstls;
  if (argc < 4) {
    std::cerr << "usage: echo_server PORT CERT.pem KEY.pem [none|optional|required CLIENT-CA.pem]"
                 " [--count N]\n";
    return 2;
  }
  handshake::Config config;
  config.versions = {handshake::kTls13, handshake::kTls12};
  config.identities.push_back(examples::load_identity(argv[2], argv[3]));  // our key store
  x509::TrustStore client_cas;
  int count = -1;
  for (int i = 4; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) {
      count = std::atoi(argv[++i]);
    } else if (arg == "optional" || arg == "required") {
      config.client_auth =
          arg == "optional" ? handshake::ClientAuth::optional : handshake::ClientAuth::required;
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs CLIENT-CA.pem");
      client_cas = examples::load_trust(argv[++i]);  // our trust store, for clients
      config.trust = &client_cas;
    } else if (arg != "none") {
      throw std::runtime_error("unknown argument " + arg);
    }
  }

  net::Listener listener("127.0.0.1", static_cast<std::uint16_t>(std::atoi(argv[1])));
  if (!listener.ok()) throw std::runtime_error(listener.error());
  std::cout << "listening on " << listener.port() << std::endl;

  for (int served = 0; count < 0 || served < count; ++served) {
    auto tls = net::TlsStream::accept(listener, config, std::chrono::seconds(30));
    if (!tls.ok()) {
      std::cout << "client refused: " << tls.error() << std::endl;
      continue;
    }
    const auto& n = tls.negotiated();
    const std::string who =
        n.peer_subject.empty() ? "anonymous (no client certificate)" : n.peer_subject;
    std::cout << "client: " << who << " over " << handshake::version_name(n.version) << std::endl;
    tls.write("hello " + who + "\n");
    for (auto data = tls.read(); !data.empty(); data = tls.read()) {
      tls.write(data);  // echo
    }
    tls.close();
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
