// TLS 1.3 over memory, both sides in one thread: GlassTLS's Connection and
// OpenSSL's libssl (memory BIOs), on the same certificates (the PKI and the
// pumps are in tls_bench_support.hpp, shared with handshake12_bench.cpp).
// Each handshake is checked to be TLS 1.3 with TLS_AES_128_GCM_SHA256.
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
#include <openssl/ssl.h>

#include "bench/bench.hpp"
#include "bench/tls_bench_support.hpp"
#include "handshake/connection.hpp"

namespace glasstls::bench {
namespace {

// What a benchmark measures: a full handshake, the same with mutual TLS, or
// a resumed one.
enum class Kind { full, mtls, resume };

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
  c.client.clock = [] { return bench_now(); };
  c.client.groups = {0x001d};
  c.client.cipher_suites = {0x1301};
  c.client.trace = sink;
  c.server.identities.push_back(pki().server.store);
  c.server.clock = [] { return bench_now(); };
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

// One connection; false unless it completed as `kind` asks (the new ticket,
// if any, is in the client's cache afterwards).
bool glass_connect(const GlassConfigs& cfg, Kind kind) {
  auto client = handshake::Connection::client(cfg.client, "bench.example");
  auto server = handshake::Connection::server(cfg.server);
  return glass_pump(*client, *server) && client->handshake_done() &&
         client->negotiated().version == handshake::kTls13 &&
         client->negotiated().cipher_suite == 0x1301 &&
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
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  if (traced)
    state.counters["events_per_handshake"] =
        static_cast<double>(sink.events) / static_cast<double>(state.iterations());
}

void glass_bulk(benchmark::State& state) {
  auto cfg = glass_configs(nullptr);
  GlassPair pair(cfg.client, cfg.server);
  if (!pair.handshake()) {
    state.SkipWithError("glasstls handshake failed");
    return;
  }
  glass_bulk_loop(state, pair);
}

void glass_idle_heap(benchmark::State& state) {
  auto cfg = glass_configs(nullptr);
  idle_heap_loop<GlassPair>(
      state,
      [&](int) {
        auto pair = std::make_unique<GlassPair>(cfg.client, cfg.server);
        if (!pair->handshake()) {
          state.SkipWithError("glasstls handshake failed");
          pair.reset();
        }
        return pair;
      },
      [](GlassPair& p) { p.client.reset(); });
}

// ---- OpenSSL libssl over memory BIOs

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

void ossl_handshake(benchmark::State& state, Kind kind) {
  OsslCtx ctx(kind);
  SSL_SESSION* session = nullptr;
  if (kind == Kind::resume) {
    OsslPair first(ctx.client, ctx.server);
    if (!first.handshake()) {
      state.SkipWithError("openssl: the first (full) handshake failed");
      return;
    }
    session = first.take_ticket();
  }
  for (auto _ : state) {
    OsslPair pair(ctx.client, ctx.server);
    if (session) ossl_ok(SSL_set_session(pair.client, session));
    if (!pair.handshake()) {
      state.SkipWithError("openssl handshake failed");
      break;
    }
    if (SSL_session_reused(pair.client) != (kind == Kind::resume ? 1 : 0)) {
      state.SkipWithError("openssl: the session was not resumed as expected");
      break;
    }
    const SSL_CIPHER* cipher = SSL_get_current_cipher(pair.client);
    if (SSL_version(pair.client) != TLS1_3_VERSION || !cipher ||
        SSL_CIPHER_get_protocol_id(cipher) != 0x1301) {
      state.SkipWithError("openssl: not TLS 1.3 with TLS_AES_128_GCM_SHA256");
      break;
    }
    if (kind == Kind::resume) {
      SSL_SESSION_free(session);
      session = pair.take_ticket();
    }
  }
  SSL_SESSION_free(session);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void ossl_idle_heap(benchmark::State& state) {
  OsslCtx ctx;
  idle_heap_loop<OsslPair>(
      state,
      [&](int) {
        auto pair = std::make_unique<OsslPair>(ctx.client, ctx.server);
        if (!pair->handshake()) {
          state.SkipWithError("openssl handshake failed");
          pair.reset();
        } else {
          pair->drop_wire();
        }
        return pair;
      },
      [](OsslPair& p) { p.free_client(); });
}

void ossl_bulk(benchmark::State& state) {
  OsslCtx ctx;
  OsslPair pair(ctx.client, ctx.server);
  if (!pair.handshake()) {
    state.SkipWithError("openssl handshake failed");
    return;
  }
  ossl_bulk_loop(state, pair);
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
