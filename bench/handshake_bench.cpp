// TLS 1.3 over memory, both sides in one thread: GlassTLS's Connection and
// OpenSSL's libssl (memory BIOs), on the same certificates.
//
//   handshake_tls13_x25519_p256        a full handshake: X25519, an ECDSA P-256
//                                      server certificate checked against its root,
//                                      TLS_AES_128_GCM_SHA256, no tickets
//   handshake_tls13_x25519_p256_mtls   the same with mutual TLS: the server requires
//                                      a client certificate (ECDSA P-256) and checks it
//   handshake_tls13_resume             a resumed handshake: a ticket from the last
//                                      connection, psk_dhe_ke over X25519, no
//                                      certificates; the new ticket is kept for the next
//   handshake_tls13_x25519_p256_traced the same as the first with a TraceSink attached
//                                      (GlassTLS only): the cost of building every event
//   tls13_bulk_aes128gcm/16384         16 KiB writes over an established connection,
//                                      sealed by one side and opened by the other
//   idle_connection_heap               heap bytes held by an established, idle client
//                                      and server connection (glibc's mallinfo2 before
//                                      and after 64 of them), as counters
#include <malloc.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "bench/bench.hpp"
#include "handshake/connection.hpp"
#include "x509/ca.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::bench {
namespace {

constexpr std::int64_t kNow = 1800000000;

// One ECDSA P-256 identity issued by the bench root, as a key store and as PEM.
struct Identity {
  std::shared_ptr<const x509::KeyStore> store;
  std::string cert_pem, key_pem;
};

struct Pki {
  x509::TrustStore roots;
  std::string root_pem;
  Identity server, client;
};

Identity issue(x509::CertificateAuthority& ca, const char* name, const char* san,
               x509::Profile profile, crypto::Rng& rng) {
  auto key = x509::PrivateKey::generate("p256", rng);
  auto csr = x509::make_csr(*key, *x509::build_name(name), *x509::build_general_names(san), rng);
  auto cert = ca.issue(*csr, profile, kNow - 3600, kNow + 3600, rng);
  Identity out;
  out.cert_pem = x509::pem_encode("CERTIFICATE", cert->der());
  out.key_pem = std::string(key->to_pkcs8_pem().view());
  auto ks = x509::KeyStore::create({*cert}, std::move(*key));
  out.store = std::make_shared<const x509::KeyStore>(std::move(*ks));
  return out;
}

const Pki& pki() {
  static const Pki p = [] {
    auto rng = crypto::HmacDrbg::from_seed(13);
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto ca = x509::CertificateAuthority::create_root(
        std::move(*root_key), *x509::build_name("CN=Bench Root"), kNow - 86400, kNow + 86400, rng);
    Pki out;
    out.roots.add(ca->certificate());
    out.root_pem = x509::pem_encode("CERTIFICATE", ca->certificate().der());
    out.server = issue(*ca, "CN=bench.example", "DNS:bench.example", x509::Profile::server, rng);
    out.client = issue(*ca, "CN=bench client", "DNS:client.bench.example", x509::Profile::client,
                       rng);
    return out;
  }();
  return p;
}

// What a benchmark measures: a full handshake, the same with mutual TLS, or
// a resumed one.
enum class Kind { full, mtls, resume };

// Heap bytes in use (glibc): what the connections made in between hold.
std::size_t heap_in_use() { return mallinfo2().uordblks; }
constexpr int kIdleConnections = 64;

// ---- GlassTLS

class CountingSink final : public trace::TraceSink {
 public:
  void on_event(const trace::Event&) override { ++events; }
  std::size_t events = 0;
};

struct GlassConfigs {
  handshake::Config client, server;
};

GlassConfigs glass_configs(trace::TraceSink* sink, Kind kind = Kind::full) {
  GlassConfigs c;
  c.client.trust = &pki().roots;
  c.client.clock = [] { return kNow; };
  c.client.groups = {0x001d};
  c.client.cipher_suites = {0x1301};
  c.client.trace = sink;
  c.server.identities.push_back(pki().server.store);
  c.server.clock = [] { return kNow; };
  c.server.trace = sink;
  c.server.tickets_per_handshake = 0;
  if (kind == Kind::mtls) {
    c.client.identities.push_back(pki().client.store);
    c.server.trust = &pki().roots;
    c.server.client_auth = handshake::ClientAuth::required;
  }
  if (kind == Kind::resume) {
    c.server.ticket_keys = std::make_shared<handshake::TicketKeys>(crypto::os_rng());
    c.server.tickets_per_handshake = 1;
    c.client.session_cache = std::make_shared<handshake::ClientSessionCache>();
  }
  return c;
}

bool glass_pump(handshake::Connection& a, handshake::Connection& b) {
  for (int i = 0; i < 8; ++i) {
    auto x = a.take_output();
    auto y = b.take_output();
    if (x.empty() && y.empty()) return !a.error() && !b.error();
    if (!x.empty() && !b.receive(x)) return false;
    if (!y.empty() && !a.receive(y)) return false;
  }
  return false;
}

// One connection; false unless it completed as `kind` asks (the new ticket,
// if any, is in the client's cache afterwards).
bool glass_connect(const GlassConfigs& cfg, Kind kind) {
  auto client = handshake::Connection::client(cfg.client, "bench.example");
  auto server = handshake::Connection::server(cfg.server);
  return glass_pump(*client, *server) && client->handshake_done() &&
         client->negotiated().resumed == (kind == Kind::resume) &&
         server->negotiated().peer_chain.empty() == (kind != Kind::mtls);
}

void glass_handshake(benchmark::State& state, Kind kind, bool traced) {
  CountingSink sink;
  auto cfg = glass_configs(traced ? &sink : nullptr, kind);
  if (kind == Kind::resume && !glass_connect(cfg, Kind::full)) {
    state.SkipWithError("glasstls: the first (full) handshake failed");
    return;
  }
  for (auto _ : state) {
    if (!glass_connect(cfg, kind)) {
      state.SkipWithError("glasstls handshake failed");
      return;
    }
  }
  if (traced) state.counters["events_per_handshake"] =
      static_cast<double>(sink.events) / static_cast<double>(state.iterations());
}

void glass_bulk(benchmark::State& state) {
  auto cfg = glass_configs(nullptr);
  auto client = handshake::Connection::client(cfg.client, "bench.example");
  auto server = handshake::Connection::server(cfg.server);
  if (!glass_pump(*client, *server)) {
    state.SkipWithError("glasstls handshake failed");
    return;
  }
  const auto data = pattern(16384);
  for (auto _ : state) {
    (void)client->write(data);
    (void)server->receive(client->take_output());
    benchmark::DoNotOptimize(server->read());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 16384);
}

void glass_idle_heap(benchmark::State& state) {
  auto cfg = glass_configs(nullptr);
  for (auto _ : state) {
    std::vector<std::unique_ptr<handshake::Connection>> clients, servers;
    const std::size_t before = heap_in_use();
    for (int i = 0; i < kIdleConnections; ++i) {
      clients.push_back(handshake::Connection::client(cfg.client, "bench.example"));
      servers.push_back(handshake::Connection::server(cfg.server));
      if (!glass_pump(*clients.back(), *servers.back())) {
        state.SkipWithError("glasstls handshake failed");
        return;
      }
    }
    const std::size_t both = heap_in_use();
    clients.clear();
    const std::size_t server_only = heap_in_use();
    state.counters["client_bytes"] = static_cast<double>(both - server_only) / kIdleConnections;
    state.counters["server_bytes"] =
        static_cast<double>(server_only - before) / kIdleConnections;
  }
}

// ---- OpenSSL libssl over memory BIOs

X509* ossl_cert(const std::string& pem) {
  BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
  BIO_free(b);
  return x;
}

void ossl_use_identity(SSL_CTX* ctx, const Identity& id) {
  X509* x = ossl_cert(id.cert_pem);
  BIO* b = BIO_new_mem_buf(id.key_pem.data(), static_cast<int>(id.key_pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr);
  ossl_ok(SSL_CTX_use_certificate(ctx, x));
  ossl_ok(SSL_CTX_use_PrivateKey(ctx, k));
  X509_free(x);
  EVP_PKEY_free(k);
  BIO_free(b);
}

void ossl_trust_root(SSL_CTX* ctx) {
  X509* r = ossl_cert(pki().root_pem);
  ossl_ok(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), r));
  X509_free(r);
  X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), kNow);
}

struct OsslCtx {
  SSL_CTX* client = nullptr;
  SSL_CTX* server = nullptr;
  explicit OsslCtx(Kind kind = Kind::full) {
    client = SSL_CTX_new(TLS_client_method());
    server = SSL_CTX_new(TLS_server_method());
    for (SSL_CTX* c : {client, server}) {
      SSL_CTX_set_min_proto_version(c, TLS1_3_VERSION);
      SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION);
      ossl_ok(SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256"));
      ossl_ok(static_cast<int>(SSL_CTX_set1_groups_list(c, "X25519")));
    }
    SSL_CTX_set_num_tickets(server, kind == Kind::resume ? 1 : 0);
    if (kind == Kind::resume) {
      SSL_CTX_set_session_cache_mode(client, SSL_SESS_CACHE_CLIENT);
    }
    ossl_use_identity(server, pki().server);
    ossl_trust_root(client);
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);
    if (kind == Kind::mtls) {
      ossl_use_identity(client, pki().client);
      ossl_trust_root(server);
      SSL_CTX_set_verify(server, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
  }
  ~OsslCtx() {
    SSL_CTX_free(client);
    SSL_CTX_free(server);
  }
};

struct OsslPair {
  SSL* client;
  SSL* server;
  explicit OsslPair(const OsslCtx& ctx) {
    client = SSL_new(ctx.client);
    server = SSL_new(ctx.server);
    BIO *c_side = nullptr, *s_side = nullptr;
    ossl_ok(BIO_new_bio_pair(&c_side, 1 << 17, &s_side, 1 << 17));
    SSL_set_bio(client, c_side, c_side);
    SSL_set_bio(server, s_side, s_side);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    SSL_set_tlsext_host_name(client, "bench.example");
    SSL_set1_host(client, "bench.example");
  }
  ~OsslPair() {
    // Marked as cleanly shut down (nothing is sent): OpenSSL makes the session
    // of a connection freed without it not resumable.
    for (SSL* s : {client, server}) {
      if (s) SSL_set_shutdown(s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
      SSL_free(s);
    }
  }
  bool handshake() {
    for (int i = 0; i < 16; ++i) {
      const int c = SSL_do_handshake(client);
      const int s = SSL_do_handshake(server);
      if (c == 1 && s == 1) return true;
    }
    return false;
  }
  // A TLS 1.3 ticket arrives after the handshake: the client reads it.
  SSL_SESSION* take_ticket() {
    std::uint8_t byte = 0;
    (void)SSL_read(client, &byte, 1);
    return SSL_get1_session(client);
  }
};

void ossl_handshake(benchmark::State& state, Kind kind) {
  OsslCtx ctx(kind);
  SSL_SESSION* session = nullptr;
  if (kind == Kind::resume) {
    OsslPair first(ctx);
    if (!first.handshake()) {
      state.SkipWithError("openssl: the first (full) handshake failed");
      return;
    }
    session = first.take_ticket();
  }
  for (auto _ : state) {
    OsslPair pair(ctx);
    if (session) ossl_ok(SSL_set_session(pair.client, session));
    if (!pair.handshake()) {
      state.SkipWithError("openssl handshake failed");
      break;
    }
    if (SSL_session_reused(pair.client) != (kind == Kind::resume ? 1 : 0)) {
      state.SkipWithError("openssl: the session was not resumed as expected");
      break;
    }
    if (kind == Kind::resume) {
      SSL_SESSION_free(session);
      session = pair.take_ticket();
    }
  }
  SSL_SESSION_free(session);
}

void ossl_idle_heap(benchmark::State& state) {
  OsslCtx ctx;
  for (auto _ : state) {
    std::vector<std::unique_ptr<OsslPair>> pairs;
    const std::size_t before = heap_in_use();
    for (int i = 0; i < kIdleConnections; ++i) {
      pairs.push_back(std::make_unique<OsslPair>(ctx));
      if (!pairs.back()->handshake()) {
        state.SkipWithError("openssl handshake failed");
        return;
      }
      // The memory BIO pair is the benchmark's wire, not the connection's.
      SSL_set_bio(pairs.back()->client, nullptr, nullptr);
      SSL_set_bio(pairs.back()->server, nullptr, nullptr);
    }
    const std::size_t both = heap_in_use();
    for (auto& p : pairs) {
      SSL_free(p->client);
      p->client = nullptr;
    }
    const std::size_t server_only = heap_in_use();
    state.counters["client_bytes"] = static_cast<double>(both - server_only) / kIdleConnections;
    state.counters["server_bytes"] =
        static_cast<double>(server_only - before) / kIdleConnections;
  }
}

void ossl_bulk(benchmark::State& state) {
  OsslCtx ctx;
  OsslPair pair(ctx);
  if (!pair.handshake()) {
    state.SkipWithError("openssl handshake failed");
    return;
  }
  const auto data = pattern(16384);
  std::vector<std::uint8_t> in(16384);
  for (auto _ : state) {
    if (SSL_write(pair.client, data.data(), static_cast<int>(data.size())) != 16384 ||
        SSL_read(pair.server, in.data(), static_cast<int>(in.size())) != 16384) {
      state.SkipWithError("openssl bulk transfer failed");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 16384);
}

void add_all() {
  const std::pair<const char*, Kind> kinds[] = {{"handshake_tls13_x25519_p256", Kind::full},
                                                {"handshake_tls13_x25519_p256_mtls", Kind::mtls},
                                                {"handshake_tls13_resume", Kind::resume}};
  for (const auto& [name, kind] : kinds) {
    benchmark::RegisterBenchmark((std::string(name) + "/glasstls").c_str(),
                                 [kind](benchmark::State& s) { glass_handshake(s, kind, false); });
    benchmark::RegisterBenchmark((std::string(name) + "/openssl").c_str(),
                                 [kind](benchmark::State& s) { ossl_handshake(s, kind); });
  }
  benchmark::RegisterBenchmark("handshake_tls13_x25519_p256_traced/glasstls",
                               [](benchmark::State& s) { glass_handshake(s, Kind::full, true); });
  benchmark::RegisterBenchmark("tls13_bulk_aes128gcm/glasstls/16384", glass_bulk);
  benchmark::RegisterBenchmark("tls13_bulk_aes128gcm/openssl/16384", ossl_bulk);
  benchmark::RegisterBenchmark("idle_connection_heap/glasstls", glass_idle_heap)->Iterations(1);
  benchmark::RegisterBenchmark("idle_connection_heap/openssl", ossl_idle_heap)->Iterations(1);
}

const Area area(80, add_all);

}  // namespace
}  // namespace glasstls::bench
