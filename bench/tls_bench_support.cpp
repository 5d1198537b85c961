#include "bench/tls_bench_support.hpp"

#include <malloc.h>
#include <openssl/pem.h>

#include <ctime>

#include "bench/bench.hpp"
#include "x509/ca.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"
#include "x509/pem.hpp"

namespace glasstls::bench {
namespace {

constexpr std::int64_t kDay = 86400;

Identity issue(x509::CertificateAuthority& ca, const char* key_spec, const char* name,
               const char* san, x509::Profile profile, crypto::Rng& rng) {
  auto key = x509::PrivateKey::generate(key_spec, rng);
  auto csr = x509::make_csr(*key, *x509::build_name(name), *x509::build_general_names(san), rng);
  auto cert = ca.issue(*csr, profile, bench_now() - kDay, bench_now() + kDay, rng);
  Identity out;
  out.cert_pem = x509::pem_encode("CERTIFICATE", cert->der());
  out.key_pem = std::string(key->to_pkcs8_pem().view());
  auto ks = x509::KeyStore::create({*cert}, std::move(*key));
  out.store = std::make_shared<const x509::KeyStore>(std::move(*ks));
  return out;
}

}  // namespace

std::int64_t bench_now() {
  static const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  return now;
}

const Pki& pki() {
  static const Pki p = [] {
    auto rng = crypto::HmacDrbg::from_seed(13);
    auto root_key = x509::PrivateKey::generate("p256", rng);
    auto ca = x509::CertificateAuthority::create_root(std::move(*root_key),
                                                      *x509::build_name("CN=Bench Root"),
                                                      bench_now() - kDay, bench_now() + kDay, rng);
    Pki out;
    out.roots.add(ca->certificate());
    out.root_pem = x509::pem_encode("CERTIFICATE", ca->certificate().der());
    out.server =
        issue(*ca, "p256", "CN=bench.example", "DNS:bench.example", x509::Profile::server, rng);
    out.client = issue(*ca, "p256", "CN=bench client", "DNS:client.bench.example",
                       x509::Profile::client, rng);
    out.server_rsa =
        issue(*ca, "rsa2048", "CN=bench.example", "DNS:bench.example", x509::Profile::server, rng);
    return out;
  }();
  return p;
}

std::size_t heap_in_use() { return mallinfo2().uordblks; }

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

GlassPair::GlassPair(const handshake::Config& client_config, const handshake::Config& server_config)
    : client(handshake::Connection::client(client_config, "bench.example")),
      server(handshake::Connection::server(server_config)) {}

void glass_bulk_loop(benchmark::State& state, GlassPair& pair) {
  const auto data = pattern(16384);
  for (auto _ : state) {
    if (!pair.client->write(data) || !pair.server->receive(pair.client->take_output())) {
      state.SkipWithError("glasstls bulk transfer failed");
      return;
    }
    if (pair.server->read().size() != data.size()) {
      state.SkipWithError("glasstls: the server read another number of bytes");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 16384);
}

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
  X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), static_cast<time_t>(bench_now()));
}

OsslPair::OsslPair(SSL_CTX* client_ctx, SSL_CTX* server_ctx) {
  client = SSL_new(client_ctx);
  server = SSL_new(server_ctx);
  BIO *c_side = nullptr, *s_side = nullptr;
  ossl_ok(BIO_new_bio_pair(&c_side, 1 << 17, &s_side, 1 << 17));
  SSL_set_bio(client, c_side, c_side);
  SSL_set_bio(server, s_side, s_side);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);
  SSL_set_tlsext_host_name(client, "bench.example");
  SSL_set1_host(client, "bench.example");
}

OsslPair::~OsslPair() {
  free_client();
  SSL_set_shutdown(server, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  SSL_free(server);
}

void OsslPair::drop_wire() {
  SSL_set_bio(client, nullptr, nullptr);
  SSL_set_bio(server, nullptr, nullptr);
}

void OsslPair::free_client() {
  if (!client) return;
  SSL_set_shutdown(client, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  SSL_free(client);
  client = nullptr;
}

void ossl_bulk_loop(benchmark::State& state, OsslPair& pair) {
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

bool OsslPair::handshake() {
  for (int i = 0; i < 16; ++i) {
    const int c = SSL_do_handshake(client);
    const int s = SSL_do_handshake(server);
    if (c == 1 && s == 1) return true;
  }
  return false;
}

SSL_SESSION* OsslPair::take_ticket() {
  std::uint8_t byte = 0;
  (void)SSL_read(client, &byte, 1);
  return SSL_get1_session(client);
}

}  // namespace glasstls::bench
