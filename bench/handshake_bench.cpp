// TLS 1.3 over memory, both sides in one thread: GlassTLS's Connection and
// OpenSSL's libssl (memory BIOs), on the same certificates.
//
//   handshake_tls13_x25519_p256        a full handshake: X25519, an ECDSA P-256
//                                      server certificate checked against its root,
//                                      TLS_AES_128_GCM_SHA256, no tickets
//   handshake_tls13_x25519_p256_traced the same with a TraceSink attached (GlassTLS
//                                      only): the cost of building every event
//   tls13_bulk_aes128gcm/16384         16 KiB writes over an established connection,
//                                      sealed by one side and opened by the other
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

struct Pki {
  x509::TrustStore roots;
  std::shared_ptr<const x509::KeyStore> server;
  std::string root_pem, server_pem, server_key_pem;
};

const Pki& pki() {
  static const Pki p = [] {
    auto rng = crypto::HmacDrbg::from_seed(13);
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto ca = x509::CertificateAuthority::create_root(
        std::move(*root_key), *x509::build_name("CN=Bench Root"), kNow - 86400, kNow + 86400, rng);
    auto key = x509::PrivateKey::generate("p256", rng);
    auto csr = x509::make_csr(*key, *x509::build_name("CN=bench.example"),
                              *x509::build_general_names("DNS:bench.example"), rng);
    auto cert = ca->issue(*csr, x509::Profile::server, kNow - 3600, kNow + 3600, rng);
    Pki out;
    out.roots.add(ca->certificate());
    out.root_pem = x509::pem_encode("CERTIFICATE", ca->certificate().der());
    out.server_pem = x509::pem_encode("CERTIFICATE", cert->der());
    out.server_key_pem = std::string(key->to_pkcs8_pem().view());
    auto ks = x509::KeyStore::create({*cert}, std::move(*key));
    out.server = std::make_shared<const x509::KeyStore>(std::move(*ks));
    return out;
  }();
  return p;
}

// ---- GlassTLS

class CountingSink final : public trace::TraceSink {
 public:
  void on_event(const trace::Event&) override { ++events; }
  std::size_t events = 0;
};

struct GlassConfigs {
  handshake::Config client, server;
};

GlassConfigs glass_configs(trace::TraceSink* sink) {
  GlassConfigs c;
  c.client.trust = &pki().roots;
  c.client.clock = [] { return kNow; };
  c.client.groups = {0x001d};
  c.client.cipher_suites = {0x1301};
  c.client.trace = sink;
  c.server.identities.push_back(pki().server);
  c.server.clock = [] { return kNow; };
  c.server.trace = sink;
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

void glass_handshake(benchmark::State& state, bool traced) {
  CountingSink sink;
  auto cfg = glass_configs(traced ? &sink : nullptr);
  for (auto _ : state) {
    auto client = handshake::Connection::client(cfg.client, "bench.example");
    auto server = handshake::Connection::server(cfg.server);
    if (!glass_pump(*client, *server) || !client->handshake_done()) {
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

// ---- OpenSSL libssl over memory BIOs

struct OsslCtx {
  SSL_CTX* client = nullptr;
  SSL_CTX* server = nullptr;
  OsslCtx() {
    client = SSL_CTX_new(TLS_client_method());
    server = SSL_CTX_new(TLS_server_method());
    for (SSL_CTX* c : {client, server}) {
      SSL_CTX_set_min_proto_version(c, TLS1_3_VERSION);
      SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION);
      ossl_ok(SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256"));
      ossl_ok(static_cast<int>(SSL_CTX_set1_groups_list(c, "X25519")));
    }
    SSL_CTX_set_num_tickets(server, 0);
    BIO* cert = BIO_new_mem_buf(pki().server_pem.data(), static_cast<int>(pki().server_pem.size()));
    BIO* key = BIO_new_mem_buf(pki().server_key_pem.data(),
                               static_cast<int>(pki().server_key_pem.size()));
    BIO* root = BIO_new_mem_buf(pki().root_pem.data(), static_cast<int>(pki().root_pem.size()));
    X509* x = PEM_read_bio_X509(cert, nullptr, nullptr, nullptr);
    EVP_PKEY* k = PEM_read_bio_PrivateKey(key, nullptr, nullptr, nullptr);
    X509* r = PEM_read_bio_X509(root, nullptr, nullptr, nullptr);
    ossl_ok(SSL_CTX_use_certificate(server, x));
    ossl_ok(SSL_CTX_use_PrivateKey(server, k));
    ossl_ok(X509_STORE_add_cert(SSL_CTX_get_cert_store(client), r));
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(client), kNow);
    X509_free(x);
    X509_free(r);
    EVP_PKEY_free(k);
    BIO_free(cert);
    BIO_free(key);
    BIO_free(root);
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
    SSL_free(client);
    SSL_free(server);
  }
  bool handshake() {
    for (int i = 0; i < 16; ++i) {
      const int c = SSL_do_handshake(client);
      const int s = SSL_do_handshake(server);
      if (c == 1 && s == 1) return true;
    }
    return false;
  }
};

void ossl_handshake(benchmark::State& state) {
  OsslCtx ctx;
  for (auto _ : state) {
    OsslPair pair(ctx);
    if (!pair.handshake()) {
      state.SkipWithError("openssl handshake failed");
      return;
    }
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
  benchmark::RegisterBenchmark("handshake_tls13_x25519_p256/glasstls",
                               [](benchmark::State& s) { glass_handshake(s, false); });
  benchmark::RegisterBenchmark("handshake_tls13_x25519_p256/openssl", ossl_handshake);
  benchmark::RegisterBenchmark("handshake_tls13_x25519_p256_traced/glasstls",
                               [](benchmark::State& s) { glass_handshake(s, true); });
  benchmark::RegisterBenchmark("tls13_bulk_aes128gcm/glasstls/16384", glass_bulk);
  benchmark::RegisterBenchmark("tls13_bulk_aes128gcm/openssl/16384", ossl_bulk);
}

const Area area(80, add_all);

}  // namespace
}  // namespace glasstls::bench
