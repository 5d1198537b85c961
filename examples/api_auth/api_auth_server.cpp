// api_auth_server: a tiny HTTPS API with one endpoint, POST /transfer,
// protected by one of seed 000's three methods.
//
//   api_auth_server --mode hmac|signature --port P --cert SERVER.pem --key SERVER.key
//                   --keys KEYS.txt [--window SECONDS] [--count N]
//   api_auth_server --mode mtls --port P --cert SERVER.pem --key SERVER.key
//                   --client-ca CA.pem [--count N]
//
// The service owner's key management:
//   api_auth_server issue-hmac-key KEY-ID KEYS.txt
//       makes a random 32-byte secret, appends `KEY-ID HEX` to the database
//       and prints that line: the client's credential (both sides hold it).
//   api_auth_server register-public-key KEY-ID CLIENT.pem KEYS.txt
//       appends `KEY-ID SPKI-HEX` (the client's public key, from its
//       certificate, public key or private key file) to the database.
//
// Prints "listening on PORT" once ready, then one line per connection.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "../example_files.hpp"
#include "api_auth.hpp"

namespace {

// The database as it is, or empty when the file does not exist yet.
api_auth::KeyDatabase open_database(const std::string& path) {
  return std::filesystem::exists(path) ? api_auth::KeyDatabase::load(path)
                                       : api_auth::KeyDatabase{};
}

int issue_hmac_key(const std::string& id, const std::string& db_path) {
  api_auth::KeyDatabase db = open_database(db_path);
  api_auth::Bytes secret(32);
  glasstls::crypto::os_rng().fill(secret);
  db.entries[id] = secret;
  api_auth::write_file(db_path, db.to_text());
  // It holds every client's secret: readable by the service's owner only.
  std::filesystem::permissions(
      db_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::cout << id << " " << glasstls::crypto::to_hex(secret) << "\n";
  return 0;
}

int register_public_key(const std::string& id, const std::string& pem_path,
                        const std::string& db_path) {
  api_auth::KeyDatabase db = open_database(db_path);
  db.entries[id] = api_auth::spki_from_pem(api_auth::read_file(pem_path));
  api_auth::write_file(db_path, db.to_text());
  std::cout << id << " " << glasstls::crypto::to_hex(db.entries[id]) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  using namespace glasstls;
  const std::string usage =
      "usage: api_auth_server --mode hmac|signature|mtls --port P --cert C --key K\n"
      "         [--keys KEYS.txt] [--client-ca CA.pem] [--window S] [--count N]\n"
      "       api_auth_server issue-hmac-key KEY-ID KEYS.txt\n"
      "       api_auth_server register-public-key KEY-ID CLIENT.pem KEYS.txt\n";
  if (argc == 4 && std::string(argv[1]) == "issue-hmac-key")
    return issue_hmac_key(argv[2], argv[3]);
  if (argc == 5 && std::string(argv[1]) == "register-public-key") {
    return register_public_key(argv[2], argv[3], argv[4]);
  }
  std::optional<api_auth::Mode> mode;
  std::string cert, key, keys, client_ca;
  int port = -1, count = -1;
  std::int64_t window = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--mode") {
      mode = api_auth::parse_mode(value);
    } else if (arg == "--port") {
      port = std::atoi(value.c_str());
    } else if (arg == "--cert") {
      cert = value;
    } else if (arg == "--key") {
      key = value;
    } else if (arg == "--keys") {
      keys = value;
    } else if (arg == "--client-ca") {
      client_ca = value;
    } else if (arg == "--window") {
      window = std::atoll(value.c_str());
    } else if (arg == "--count") {
      count = std::atoi(value.c_str());
    } else {
      throw std::runtime_error("unknown argument " + arg + "\n" + usage);
    }
  }
  if (argc % 2 != 1 || !mode || port < 0 || cert.empty() || key.empty() ||
      (*mode == api_auth::Mode::mtls ? client_ca.empty() : keys.empty())) {
    std::cerr << usage;
    return 2;
  }

  api_auth::Service service(*mode, window);
  handshake::Config config;
  config.versions = {handshake::kTls13, handshake::kTls12};
  config.identities.push_back(examples::load_identity(cert, key));
  x509::TrustStore client_cas;
  if (*mode == api_auth::Mode::mtls) {
    // Our own CA, and only it, vouches for clients; no certificate, no connection.
    client_cas = examples::load_trust(client_ca);
    config.trust = &client_cas;
    config.client_auth = handshake::ClientAuth::required;
  } else {
    service.keys = api_auth::KeyDatabase::load(keys);
  }

  net::Listener listener("127.0.0.1", static_cast<std::uint16_t>(port));
  if (!listener.ok()) throw std::runtime_error(listener.error());
  std::cout << "listening on " << listener.port() << " (" << api_auth::mode_name(*mode) << ")"
            << std::endl;
  for (int served = 0; count < 0 || served < count;) {
    auto line = api_auth::serve_one(listener, config, service, std::chrono::seconds(10));
    if (!line) continue;  // nobody came within the timeout
    ++served;
    std::cout << *line << std::endl;
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
