// api_auth_demo: seed 000's three ways for a client to prove who it is to an
// API, and the attacks on each, run for real in one process.
//
//   api_auth_demo            the story: each method working, then each attack
//   api_auth_demo --bench [N]  the cost per request of each method (N rounds)
//
// It makes its own PKI in memory (the service's root CA, the server's
// certificate, alice's client certificate; mallory's from another CA), starts
// a server on a thread (127.0.0.1, a free port) for each mode, and runs the
// clients against it. Every attack prints what happened; when something does
// not happen as docs/api-auth.md says, the line says UNEXPECTED and the demo
// exits 1.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <poll.h>
#include <sys/socket.h>

#include "api_auth.hpp"

using namespace glasstls;
using api_auth::Mode;

namespace {

int unexpected = 0;

// ---- a PKI in memory (the glasstls tool does the same from the command line)

x509::Bytes name_der(const std::vector<std::pair<x509::Oid, std::string>>& rdns) {
  x509::DerWriter w;
  w.sequence([&](x509::DerWriter& name) {
    for (const auto& [type, value] : rdns) {
      name.set([&](x509::DerWriter& rdn) {
        rdn.sequence([&](x509::DerWriter& atv) {
          atv.oid(type);
          atv.utf8_string(value);
        });
      });
    }
  });
  return std::move(w).take();
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().describe());
  return std::move(*r);
}

x509::PrivateKey copy_key(const x509::PrivateKey& key) {
  return must(x509::PrivateKey::parse_der(key.to_pkcs8_der()), "key copy");
}

struct Pki {
  std::string ca_pem, ca_key_pem;  // the service's own root CA (for mTLS clients)
  x509::TrustStore ca;
  std::shared_ptr<const x509::KeyStore> server;   // CN=localhost
  std::shared_ptr<const x509::KeyStore> alice;    // CN=alice,O=Examples, Ed25519
  std::shared_ptr<const x509::KeyStore> carol;    // CN=carol,O=Examples, P-256
  std::shared_ptr<const x509::KeyStore> mallory;  // from another CA
};

std::shared_ptr<const x509::KeyStore> issue(const x509::CertificateAuthority& ca, const char* type,
                                            const x509::Bytes& subject, const x509::Bytes& san,
                                            x509::Profile profile) {
  auto& rng = crypto::os_rng();
  auto key = must(x509::PrivateKey::generate(type, rng), "key");
  auto csr = must(x509::make_csr(key, subject, san, rng), "CSR");
  const auto now = api_auth::unix_now();
  auto cert = must(ca.issue(csr, profile, now - 60, now + 86400, rng), "issue");
  return std::make_shared<const x509::KeyStore>(
      must(x509::KeyStore::create({cert}, std::move(key)), "key store"));
}

Pki make_pki() {
  using namespace x509;
  auto& rng = crypto::os_rng();
  const auto now = api_auth::unix_now();
  Pki pki;
  auto root_key = must(PrivateKey::generate("p256", rng), "CA key");
  pki.ca_key_pem = std::string(root_key.to_pkcs8_pem().view());
  auto ca = must(CertificateAuthority::create_root(std::move(root_key),
                                                   name_der({{oid::common_name, "API Root CA"}}),
                                                   now - 60, now + 86400, rng),
                 "root");
  pki.ca_pem = pem_encode("CERTIFICATE", ca.certificate().der());
  pki.ca.add(ca.certificate());
  DerWriter san;
  san.sequence([](DerWriter& names) {
    const std::string host = "localhost";
    names.element(tag::context(2), {reinterpret_cast<const std::uint8_t*>(host.data()), 9});
    const std::uint8_t ip[] = {127, 0, 0, 1};
    names.element(tag::context(7), ip);
  });
  pki.server = issue(ca, "p256", name_der({{oid::common_name, "localhost"}}), std::move(san).take(),
                     Profile::server);
  const auto examples_o = std::pair{oid::organization_name, std::string("Examples")};
  pki.alice = issue(ca, "ed25519", name_der({examples_o, {oid::common_name, "alice"}}), {},
                    Profile::client);
  pki.carol =
      issue(ca, "p256", name_der({examples_o, {oid::common_name, "carol"}}), {}, Profile::client);
  auto other =
      must(CertificateAuthority::create_root(must(PrivateKey::generate("p256", rng), "key"),
                                             name_der({{oid::common_name, "Some Other CA"}}),
                                             now - 60, now + 86400, rng),
           "other root");
  pki.mallory =
      issue(other, "p256", name_der({{oid::common_name, "mallory"}}), {}, Profile::client);
  return pki;
}

// ---- a server on a thread

class DemoServer {
 public:
  DemoServer(Mode mode, const Pki& pki) : service(mode), listener_("127.0.0.1", 0) {
    if (!listener_.ok()) throw std::runtime_error(listener_.error());
    config.versions = {handshake::kTls13, handshake::kTls12};
    config.identities.push_back(pki.server);
    if (mode == Mode::mtls) {
      config.trust = &pki.ca;
      config.client_auth = handshake::ClientAuth::required;
    }
    thread_ = std::thread([this] {
      while (!stop_) {
        auto line = api_auth::serve_one(listener_, config, service, std::chrono::milliseconds(200));
        if (!line) continue;
        std::lock_guard lock(mutex_);
        log_.push_back(*line);
        cv_.notify_all();
      }
    });
  }
  ~DemoServer() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return listener_.port(); }
  // The server's line for the next connection.
  std::string next_log() {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::seconds(15), [this] { return !log_.empty(); })) {
      return "(no line from the server)";
    }
    std::string line = log_.front();
    log_.pop_front();
    return line;
  }

  handshake::Config config;
  api_auth::Service service;

 private:
  net::Listener listener_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> log_;
};

// ---- clients and what they see

struct Client {
  handshake::Config config;
  explicit Client(const Pki& pki, std::shared_ptr<const x509::KeyStore> identity = nullptr) {
    config.versions = {handshake::kTls13, handshake::kTls12};
    config.trust = &pki.ca;  // the server's certificate is from the same CA here
    if (identity) config.identities.push_back(std::move(identity));
  }
};

api_auth::HttpRequest transfer(const std::string& to, int amount) {
  api_auth::HttpRequest request;
  request.set_header("Host", "localhost");
  request.set_header("Content-Type", "application/json");
  request.body = "{\"to\":\"" + to + "\",\"amount\":" + std::to_string(amount) + "}";
  return request;
}

// Sends, prints what the client and the server saw, and checks it against
// what should happen.
void attempt(DemoServer& server, const Client& client, const std::string& who_what,
             const std::string& raw, bool should_succeed, const std::string& why) {
  std::string tls_error;
  const auto response = api_auth::send_raw(client.config, server.port(), raw, tls_error);
  const std::string server_line = server.next_log();
  const bool accepted = response.status == 200;
  std::cout << "  * " << who_what << "\n";
  std::cout << "      client: "
            << (response.status == 0
                    ? "TLS failed: " + tls_error
                    : "HTTP " + std::to_string(response.status) + " " + response.body)
            << "\n";
  std::cout << "      server: " << server_line << "\n";
  std::cout << "      => " << (accepted ? "ACCEPTED" : "REFUSED") << " — " << why;
  if (accepted != should_succeed) {
    ++unexpected;
    std::cout << "  [UNEXPECTED: docs/api-auth.md says "
              << (should_succeed ? "accepted" : "refused") << "]";
  }
  std::cout << "\n";
}

std::string sign_hmac(api_auth::HttpRequest request, const std::string& id,
                      std::span<const std::uint8_t> secret, std::int64_t offset = 0) {
  api_auth::HmacCredential credential{id, crypto::Secret<64>::from(secret)};
  api_auth::sign_hmac(request, credential, api_auth::unix_now() + offset, crypto::os_rng());
  return request.serialize();
}

std::string sign_key(api_auth::HttpRequest request, const std::string& id,
                     const x509::PrivateKey& key) {
  api_auth::SigningCredential credential{id, copy_key(key)};
  if (auto r = api_auth::sign_with_key(request, credential, api_auth::unix_now(), crypto::os_rng());
      !r) {
    throw std::runtime_error(r.error().describe());
  }
  return request.serialize();
}

std::string with_body(const std::string& raw, const std::string& body) {
  std::string problem;
  auto request = api_auth::parse_request(raw, problem);
  if (!request) throw std::runtime_error("cannot parse: " + problem);
  request->body = body;
  return request->serialize();
}

void heading(const std::string& title) { std::cout << "\n==== " << title << "\n"; }

// ---- (a) API key + HMAC

void story_hmac(const Pki& pki) {
  heading("(a) API key + HMAC-SHA256 over the canonical request, over server-authenticated TLS");
  DemoServer server(Mode::hmac, pki);
  api_auth::Bytes secret(32);
  crypto::os_rng().fill(secret);
  server.service.keys.entries["alice"] = secret;  // issued by the service, given to alice
  std::cout << "  The service issued alice a 32-byte secret; its database holds it by key id:\n"
            << "    alice " << crypto::to_hex(secret).substr(0, 16) << "... (the secret itself)\n";
  const Client tls_only(pki);

  const std::string good = sign_hmac(transfer("bob", 100), "alice", secret);
  std::cout << "  The request alice sends (TLS hides it from the path; the server, its logs and\n"
               "  anything that ends the TLS see it):\n";
  std::istringstream lines(good);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::cout << "    | " << line << "\n";
  }
  attempt(server, tls_only, "alice sends 100 to bob", good, true, "right key, fresh nonce");
  attempt(server, tls_only, "replay: the same request again, byte for byte", good, false,
          "the nonce cache remembers the nonce for the window");
  server.service.clock_offset = 301;
  attempt(server, tls_only, "replay 301 s later (the nonce cache has forgotten it)", good, false,
          "the timestamp is outside the 300 s window");
  server.service.clock_offset = 0;
  attempt(server, tls_only, "tamper: alice's headers and signature, body changed to mallory",
          with_body(sign_hmac(transfer("bob", 100), "alice", secret),
                    R"({"to":"mallory","amount":1000000})"),
          false, "the body's SHA-256 is in the signed string");
  api_auth::Bytes guess(32);
  crypto::os_rng().fill(guess);
  attempt(server, tls_only, "wrong key: mallory signs as alice with a secret of her own",
          sign_hmac(transfer("mallory", 1000), "alice", guess), false,
          "the MAC does not match (compared in constant time)");
  attempt(server, tls_only, "unknown key id", sign_hmac(transfer("bob", 1), "eve", guess), false,
          "no such key in the database");
  // The stolen database: it holds the very secrets the clients sign with.
  const auto stolen = server.service.keys.entries.at("alice");
  attempt(server, tls_only,
          "STOLEN DATABASE: the thief signs a new transfer with alice's secret from it",
          sign_hmac(transfer("mallory", 1000000), "alice", stolen), true,
          "the database IS the credentials: a thief is alice until the key is rotated");
}

// ---- (b) digital signatures

void story_signature(const Pki& pki) {
  heading("(b) a digital signature over the same canonical string (Ed25519, ECDSA P-256)");
  DemoServer server(Mode::signature, pki);
  // The clients' own keys (here those of their certificates; any key pair will do).
  const auto& alice_key = pki.alice->key();
  const auto& carol_key = pki.carol->key();
  server.service.keys.entries["alice"] = alice_key.spki_der();
  server.service.keys.entries["carol"] = carol_key.spki_der();
  std::cout << "  The service's database holds only public keys (SubjectPublicKeyInfo):\n"
            << "    alice " << crypto::to_hex(alice_key.spki_der()).substr(0, 32)
            << "... (Ed25519)\n"
            << "    carol " << crypto::to_hex(carol_key.spki_der()).substr(0, 32)
            << "... (ECDSA P-256)\n";
  const Client tls_only(pki);
  const std::string good = sign_key(transfer("bob", 100), "alice", alice_key);
  attempt(server, tls_only, "alice (Ed25519) sends 100 to bob", good, true,
          "the signature verifies with alice's public key");
  attempt(server, tls_only, "carol (ECDSA P-256) sends 5 to bob",
          sign_key(transfer("bob", 5), "carol", carol_key), true,
          "the signature verifies with carol's public key");
  attempt(server, tls_only, "replay: alice's request again", good, false,
          "the nonce cache (a signature is as replayable as a MAC)");
  attempt(server, tls_only, "tamper: alice's signature, body changed",
          with_body(sign_key(transfer("bob", 100), "alice", alice_key),
                    R"({"to":"mallory","amount":1000000})"),
          false, "the body's SHA-256 is in the signed string");
  auto mallory_key = must(x509::PrivateKey::generate("ed25519", crypto::os_rng()), "key");
  attempt(server, tls_only, "wrong key: mallory signs as alice with her own Ed25519 key",
          sign_key(transfer("mallory", 1000), "alice", mallory_key), false,
          "the signature does not verify with alice's public key");
  // The stolen database gives public keys: enough to verify, not to sign.
  const auto stolen = server.service.keys.entries.at("alice");
  attempt(server, tls_only,
          "STOLEN DATABASE: the thief uses alice's public key as an HMAC secret "
          "(algorithm confusion)",
          sign_hmac(transfer("mallory", 1000000), "alice", stolen), false,
          "the server takes the algorithm from the registered key, not the request");
  attempt(server, tls_only,
          "STOLEN DATABASE: the thief signs with a new key of its own under alice's key id",
          sign_key(transfer("mallory", 1000000), "alice", mallory_key), false,
          "a public key does not sign: the thief needs alice's private key, which only she has");
}

// ---- (c) mutual TLS

void story_mtls(const Pki& pki) {
  heading("(c) mutual TLS: the client's certificate, verified against the service's own CA");
  DemoServer server(Mode::mtls, pki);
  std::cout
      << "  The server holds its trust store for clients: the root CA's certificate (public).\n";
  const auto request = transfer("bob", 100).serialize();  // no signature headers at all
  attempt(server, Client(pki, pki.alice), "alice connects with her certificate and key", request,
          true, "chain verified against our CA, CertificateVerify proves her key");
  attempt(server, Client(pki), "no client certificate", request, false,
          "certificate_required at the handshake; no HTTP is read");
  attempt(server, Client(pki, pki.mallory), "mallory's certificate from another CA", request, false,
          "her CA is not in the server's certificate_authorities, so her client sends no "
          "certificate: certificate_required");
  attempt(server, Client(pki, pki.alice),
          "alice's client sends the same request bytes again, on a new connection", request, true,
          "mTLS authenticates connections, not requests: no per-request replay protection "
          "(an outsider cannot replay: see 'on the path')");
  // The server's database is its trust store: the CA certificate, public. A
  // thief can copy its name into a CA of its own and issue "alice" from it.
  const auto& real_ca = pki.ca.certificates().front();
  const auto now = api_auth::unix_now();
  const auto fake_ca =
      must(x509::CertificateAuthority::create_root(
               must(x509::PrivateKey::generate("p256", crypto::os_rng()), "key"),
               x509::Bytes(real_ca.subject().der.begin(), real_ca.subject().der.end()), now - 60,
               now + 3600, crypto::os_rng()),
           "fake root");
  const auto fake_alice = issue(
      fake_ca, "p256",
      x509::Bytes(pki.alice->leaf().subject().der.begin(), pki.alice->leaf().subject().der.end()),
      {}, x509::Profile::client);
  attempt(server, Client(pki, fake_alice),
          "STOLEN DATABASE (the CA certificate): a CA of the thief's own with the same name issues "
          "'alice'",
          request, false,
          "the chain's signature does not verify with our CA's public key: a name is not a key");
  const auto forged = api_auth::forge_client_identity(pki.ca_pem, pki.ca_key_pem, pki.alice->leaf(),
                                                      crypto::os_rng());
  attempt(server, Client(pki, forged),
          "STOLEN CA KEY (if the service keeps it next to the server): a new certificate for "
          "alice's name",
          request, true, "whoever holds the CA key can make any client: keep it offline");
}

// ---- on the path: a relay between the client and the server

// Copies bytes both ways; records what the client sent; when `tamper`, flips
// the last bit of each chunk the client sends after the first (its ClientHello).
struct Relay {
  std::vector<std::uint8_t> from_client;
  void run(net::Listener& front, std::uint16_t server_port, bool tamper) {
    net::Socket client = front.accept(std::chrono::seconds(10));
    std::string problem;
    net::Socket server =
        net::Socket::connect("127.0.0.1", server_port, std::chrono::seconds(10), problem);
    if (!client || !server) return;
    pollfd fds[2] = {{client.fd(), POLLIN, 0}, {server.fd(), POLLIN, 0}};
    int chunks = 0;
    std::uint8_t buf[16384];
    while (poll(fds, 2, 5000) > 0) {
      const bool from_c = fds[0].revents != 0;
      const int in = from_c ? client.fd() : server.fd(), out = from_c ? server.fd() : client.fd();
      const ssize_t n = recv(in, buf, sizeof buf, 0);
      if (n <= 0) break;
      std::span<std::uint8_t> data(buf, static_cast<std::size_t>(n));
      if (from_c) {
        from_client.insert(from_client.end(), data.begin(), data.end());
        if (tamper && chunks++ > 0) data.back() ^= 0x01;
      }
      if (!net::send_all(out, data, std::chrono::seconds(5))) break;
    }
  }
};

void story_path(const Pki& pki) {
  heading("on the path: an attacker who relays the bytes (without the server's private key)");
  DemoServer server(Mode::hmac, pki);
  api_auth::Bytes secret(32);
  crypto::os_rng().fill(secret);
  server.service.keys.entries["alice"] = secret;
  const Client tls_only(pki);
  for (const bool tamper : {false, true}) {
    net::Listener front("127.0.0.1", 0);
    Relay relay;
    std::thread t([&] { relay.run(front, server.port(), tamper); });
    std::string tls_error;
    const auto request = sign_hmac(transfer("bob", 100), "alice", secret);
    const auto response = api_auth::send_raw(tls_only.config, front.port(), request, tls_error);
    t.join();
    const std::string line = server.next_log();
    const std::string seen(relay.from_client.begin(), relay.from_client.end());
    if (!tamper) {
      const bool readable =
          seen.find("amount") != std::string::npos || seen.find("X-Signature") != std::string::npos;
      std::cout << "  * the relay records " << relay.from_client.size()
                << " bytes from the client; the body or headers in clear: "
                << (readable ? "yes" : "no") << "\n"
                << "      server: " << line << "\n"
                << "      => " << (readable ? "READABLE" : "CIPHERTEXT ONLY")
                << " — TLS encrypts the request";
      if (readable || response.status != 200) {
        ++unexpected;
        std::cout << "  [UNEXPECTED]";
      }
      std::cout << "\n";
      // Replaying the recorded TLS bytes: a new handshake, new keys.
      std::string problem;
      net::Socket replay =
          net::Socket::connect("127.0.0.1", server.port(), std::chrono::seconds(10), problem);
      const bool sent =
          replay && net::send_all(replay.fd(), relay.from_client, std::chrono::seconds(5));
      const std::string replay_line = server.next_log();
      const bool refused = replay_line.find("refused") != std::string::npos;
      std::cout << "  * the relay replays the recorded client bytes on a new connection"
                << (sent ? "" : " (could not send)") << "\n"
                << "      server: " << replay_line << "\n"
                << "      => " << (refused ? "REFUSED" : "ACCEPTED")
                << " — the server's fresh random and key share make new keys; old records do "
                   "not decrypt";
      if (!refused) {
        ++unexpected;
        std::cout << "  [UNEXPECTED]";
      }
      std::cout << "\n";
    } else {
      const bool refused = response.status != 200;
      std::cout
          << "  * the relay flips one bit in everything the client sends after its ClientHello\n"
          << "      client: "
          << (response.status == 0 ? "TLS failed: " + tls_error
                                   : "HTTP " + std::to_string(response.status))
          << "\n      server: " << line << "\n"
          << "      => " << (refused ? "REFUSED" : "ACCEPTED")
          << " — every record is authenticated (AEAD): bad_record_mac";
      if (!refused) {
        ++unexpected;
        std::cout << "  [UNEXPECTED]";
      }
      std::cout << "\n";
    }
  }
  std::cout << "  The same holds in all three modes: on the path, an attacker without the\n"
               "  server's key sees ciphertext, cannot replay or change it. Request signatures\n"
               "  (a), (b) add protection where TLS ends: proxies, logs, queues, the server.\n";
}

// ---- the cost per request

using Clock = std::chrono::steady_clock;
double micros_since(Clock::time_point start, int n) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / n;
}

void handshake_in_memory(const handshake::Config& client, const handshake::Config& server) {
  auto c = handshake::Connection::client(client, "localhost");
  auto s = handshake::Connection::server(server);
  for (int round = 0; round < 10 && !(c->handshake_done() && s->handshake_done()); ++round) {
    if (auto out = c->take_output(); !out.empty() && !s->receive(out)) break;
    if (auto out = s->take_output(); !out.empty() && !c->receive(out)) break;
  }
  if (!c->handshake_done() || !s->handshake_done()) throw std::runtime_error("handshake failed");
}

void bench(const Pki& pki, int n) {
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "cost per request, mean of " << n << " (microseconds, this machine, one core):\n";
  // (a) and (b): client signs, server authenticates (window, key lookup,
  // verification, nonce cache).
  api_auth::Service hmac(Mode::hmac), sig(Mode::signature);
  api_auth::Bytes secret(32, 7);
  hmac.keys.entries["alice"] = secret;
  sig.keys.entries["alice"] = pki.alice->key().spki_der();
  sig.keys.entries["carol"] = pki.carol->key().spki_der();
  api_auth::HmacCredential hc{"alice", crypto::Secret<64>::from(secret)};
  api_auth::SigningCredential alice{"alice", copy_key(pki.alice->key())};
  api_auth::SigningCredential carol{"carol", copy_key(pki.carol->key())};
  auto row = [&](const char* name, auto sign, api_auth::Service& service) {
    std::vector<api_auth::HttpRequest> requests(n, transfer("bob", 100));
    auto t0 = Clock::now();
    for (auto& r : requests) sign(r);
    const double sign_us = micros_since(t0, n);
    t0 = Clock::now();
    int ok = 0;
    for (const auto& r : requests) ok += service.authenticate(r, "").ok ? 1 : 0;
    const double verify_us = micros_since(t0, n);
    if (ok != n) throw std::runtime_error("bench: a request was refused");
    std::cout << "  " << std::left << std::setw(28) << name << std::right << "sign " << std::setw(8)
              << sign_us << "   verify " << std::setw(8) << verify_us << "\n";
  };
  const auto now = api_auth::unix_now();
  row(
      "(a) HMAC-SHA256", [&](auto& r) { api_auth::sign_hmac(r, hc, now, crypto::os_rng()); }, hmac);
  row(
      "(b) Ed25519",
      [&](auto& r) { (void)api_auth::sign_with_key(r, alice, now, crypto::os_rng()); }, sig);
  row(
      "(b) ECDSA P-256",
      [&](auto& r) { (void)api_auth::sign_with_key(r, carol, now, crypto::os_rng()); }, sig);

  // (c): a whole handshake, both sides in memory (no sockets), with and
  // without client authentication.
  handshake::Config server, mtls_server, client, alice_client, carol_client;
  for (auto* c : {&server, &mtls_server, &client, &alice_client, &carol_client}) {
    c->versions = {handshake::kTls13};
  }
  server.identities.push_back(pki.server);
  mtls_server.identities.push_back(pki.server);
  mtls_server.trust = &pki.ca;
  mtls_server.client_auth = handshake::ClientAuth::required;
  for (auto* c : {&client, &alice_client, &carol_client}) c->trust = &pki.ca;
  alice_client.identities.push_back(pki.alice);
  carol_client.identities.push_back(pki.carol);
  const int hn = std::max(1, n / 20);
  auto hs = [&](const char* name, const handshake::Config& c, const handshake::Config& s) {
    handshake_in_memory(c, s);  // warm up
    const auto t0 = Clock::now();
    for (int i = 0; i < hn; ++i) handshake_in_memory(c, s);
    const double us = micros_since(t0, hn);
    std::cout << "  " << std::left << std::setw(44) << name << std::right << std::setw(9) << us
              << "  (both sides, mean of " << hn << ")\n";
    return us;
  };
  std::cout << "TLS 1.3 handshakes (server P-256 certificate), per connection:\n";
  const double plain = hs("server-authenticated TLS (a), (b)", client, server);
  const double ed = hs("mutual TLS, alice's Ed25519 certificate (c)", alice_client, mtls_server);
  const double p256 = hs("mutual TLS, carol's P-256 certificate (c)", carol_client, mtls_server);
  std::cout << "  mTLS extra per handshake: Ed25519 client " << ed - plain << ", P-256 client "
            << p256 - plain << "\n";
}

}  // namespace

int main(int argc, char** argv) try {
  const Pki pki = make_pki();
  if (argc >= 2 && std::string(argv[1]) == "--bench") {
    bench(pki, argc >= 3 ? std::max(20, std::atoi(argv[2])) : 2000);
    return 0;
  }
  std::cout
      << "POST /transfer, three ways to know who is asking (seed 000).\n"
         "A PKI made in memory: the service's root CA, the server's certificate\n"
         "(CN=localhost), alice's and carol's client certificates; mallory's from another CA.\n";
  story_hmac(pki);
  story_signature(pki);
  story_mtls(pki);
  story_path(pki);
  std::cout << "\n"
            << (unexpected == 0 ? "every outcome as docs/api-auth.md says"
                                : "UNEXPECTED outcomes: ")
            << (unexpected == 0 ? "" : std::to_string(unexpected)) << "\n";
  return unexpected == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
