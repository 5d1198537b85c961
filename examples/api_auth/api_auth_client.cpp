// api_auth_client: calls POST /transfer on api_auth_server, authenticated by
// one of seed 000's three methods — or attacks it.
//
//   api_auth_client --mode hmac      --port P --ca CA.pem --key-id ID --hmac-keys KEYS.txt
//   api_auth_client --mode signature --port P --ca CA.pem --key-id ID --signing-key KEY.pem
//   api_auth_client --mode mtls      --port P --ca CA.pem [--cert C.pem --key K.pem]
// options:
//   --body JSON              default {"to":"bob","amount":100}
//   --save FILE              write the exact request sent (what a logging
//                            proxy, or anyone who ends the TLS, sees)
//   --replay FILE            send a saved request again, unchanged
//   --tamper-body JSON       with --replay: the same headers and signature,
//                            another body
//   --timestamp-offset S     sign as if the clock said now + S
//   --forge-cert CA.pem CA.key SUBJECT.pem   (mtls) a new key and a certificate
//                            for SUBJECT.pem's subject, issued with a stolen CA key
//
// CA.pem is the trust store for the *server's* certificate. Prints
// "HTTP <status> <body>" and exits 0 on 200, 1 otherwise ("TLS failed: ..."
// when the connection itself was refused).
#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include "../example_files.hpp"
#include "api_auth.hpp"

int main(int argc, char** argv) try {
  using namespace glasstls;
  std::map<std::string, std::vector<std::string>> opt;
  const std::map<std::string, int> arity = {{"--mode", 1},
                                            {"--port", 1},
                                            {"--ca", 1},
                                            {"--key-id", 1},
                                            {"--hmac-keys", 1},
                                            {"--signing-key", 1},
                                            {"--cert", 1},
                                            {"--key", 1},
                                            {"--body", 1},
                                            {"--save", 1},
                                            {"--replay", 1},
                                            {"--tamper-body", 1},
                                            {"--timestamp-offset", 1},
                                            {"--forge-cert", 3}};
  for (int i = 1; i < argc;) {
    const auto it = arity.find(argv[i]);
    if (it == arity.end() || i + it->second >= argc) {
      std::cerr << "api_auth_client: bad argument " << argv[i] << " (see the file's comment)\n";
      return 2;
    }
    opt[argv[i]].assign(argv + i + 1, argv + i + 1 + it->second);
    i += 1 + it->second;
  }
  auto get = [&](const std::string& name) {
    const auto it = opt.find(name);
    return it == opt.end() ? std::string() : it->second.front();
  };
  const auto mode = api_auth::parse_mode(get("--mode"));
  if (!mode || get("--port").empty() || get("--ca").empty()) {
    std::cerr << "usage: api_auth_client --mode hmac|signature|mtls --port P --ca CA.pem ...\n";
    return 2;
  }

  const x509::TrustStore roots = examples::load_trust(get("--ca"));
  handshake::Config config;
  config.versions = {handshake::kTls13, handshake::kTls12};
  config.trust = &roots;
  if (opt.contains("--cert")) {
    config.identities.push_back(examples::load_identity(get("--cert"), get("--key")));
  }
  if (opt.contains("--forge-cert")) {
    const auto& f = opt["--forge-cert"];
    auto victim = x509::Certificate::parse_pem_all(api_auth::read_file(f[2]));
    if (!victim || victim->empty()) throw std::runtime_error("cannot read " + f[2]);
    config.identities.push_back(api_auth::forge_client_identity(
        api_auth::read_file(f[0]), api_auth::read_file(f[1]), victim->front(), crypto::os_rng()));
    std::cout << "forged a certificate for " << victim->front().subject_string()
              << " with the stolen CA key\n";
  }

  std::string raw;
  if (opt.contains("--replay")) {
    raw = api_auth::read_file(get("--replay"));
    if (opt.contains("--tamper-body")) {
      std::string problem;
      auto request = api_auth::parse_request(raw, problem);
      if (!request) throw std::runtime_error("cannot parse the saved request: " + problem);
      request->body = get("--tamper-body");
      raw = request->serialize();
    }
  } else {
    api_auth::HttpRequest request;
    request.set_header("Host", "localhost");
    request.set_header("Content-Type", "application/json");
    request.body = opt.contains("--body") ? get("--body") : R"({"to":"bob","amount":100})";
    const std::int64_t now = api_auth::unix_now() + std::atoll(get("--timestamp-offset").c_str());
    if (*mode == api_auth::Mode::hmac) {
      const auto db = api_auth::KeyDatabase::load(get("--hmac-keys"));
      api_auth::sign_hmac(request, api_auth::hmac_credential_from(db, get("--key-id")), now,
                          crypto::os_rng());
    } else if (*mode == api_auth::Mode::signature) {
      const auto credential = api_auth::signing_credential_from_pem(
          get("--key-id"), api_auth::read_file(get("--signing-key")));
      if (auto r = api_auth::sign_with_key(request, credential, now, crypto::os_rng()); !r) {
        throw std::runtime_error(r.error().describe());
      }
    }
    raw = request.serialize();
    if (opt.contains("--save")) api_auth::write_file(get("--save"), raw);
  }

  std::string tls_error;
  const auto response = api_auth::send_raw(
      config, static_cast<std::uint16_t>(std::atoi(get("--port").c_str())), raw, tls_error);
  if (response.status == 0) {
    std::cout << "TLS failed: " << (tls_error.empty() ? "no HTTP response" : tls_error) << "\n";
    return 1;
  }
  std::cout << "HTTP " << response.status << " " << response.body << "\n";
  return response.status == 200 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
