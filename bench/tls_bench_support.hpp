// What the connection benchmarks (handshake_bench.cpp: TLS 1.3,
// handshake12_bench.cpp: TLS 1.2) share: one PKI whose certificates every
// library is given (as GlassTLS key stores and as PEM), the heap probe of the
// idle-connection benchmarks, GlassTLS's in-memory pump and OpenSSL's
// memory-BIO pair.
#pragma once

#include <benchmark/benchmark.h>
#include <openssl/ssl.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "handshake/connection.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::bench {

// Seconds since the epoch, read once at start-up: the bench certificates are
// valid from a day before to a day after it, and GlassTLS and OpenSSL check
// them at this time. mbedTLS checks validity against the real clock (it has
// no way to be given a time), so the certificates must be current: a fixed
// date would make its handshakes fail.
std::int64_t bench_now();

// One identity issued by the bench root, as a key store and as PEM.
struct Identity {
  std::shared_ptr<const x509::KeyStore> store;
  std::string cert_pem, key_pem;
};

// The bench PKI, made once from a seeded DRBG: an ECDSA P-256 root, and under
// it an ECDSA P-256 server ("bench.example"), an ECDSA P-256 client and an
// RSA-2048 server ("bench.example" too).
struct Pki {
  x509::TrustStore roots;
  std::string root_pem;
  Identity server, client, server_rsa;
};
const Pki& pki();

// Heap bytes in use (glibc's mallinfo2): measured before and after
// kIdleConnections established connections, divided by their number.
std::size_t heap_in_use();
inline constexpr int kIdleConnections = 64;

// The idle-connection heap benchmarks' loop: `open(i)` returns established
// connection pair i (null when it failed, after SkipWithError), holding no
// buffer of the benchmark's wire; `free_client(pair)` frees its client half.
// Counters client_bytes and server_bytes: the heap each half held, on average.
template <class Pair, class Open, class FreeClient>
void idle_heap_loop(benchmark::State& state, Open open, FreeClient free_client) {
  for (auto _ : state) {
    std::vector<std::unique_ptr<Pair>> pairs;
    pairs.reserve(kIdleConnections);
    const std::size_t before = heap_in_use();
    for (int i = 0; i < kIdleConnections; ++i) {
      pairs.push_back(open(i));
      if (!pairs.back()) return;
    }
    const std::size_t both = heap_in_use();
    for (auto& p : pairs) free_client(*p);
    const std::size_t server_only = heap_in_use();
    state.counters["client_bytes"] = static_cast<double>(both - server_only) / kIdleConnections;
    state.counters["server_bytes"] = static_cast<double>(server_only - before) / kIdleConnections;
  }
}

// ---- GlassTLS

// Moves bytes between two GlassTLS connections until neither has any to send;
// false if either failed or they never went quiet.
bool glass_pump(handshake::Connection& a, handshake::Connection& b);

// A client (asking for "bench.example") and a server Connection.
struct GlassPair {
  std::unique_ptr<handshake::Connection> client, server;
  GlassPair(const handshake::Config& client_config, const handshake::Config& server_config);
  bool handshake() { return glass_pump(*client, *server); }
};

// The bulk benchmarks' loop over an established pair: 16 KiB written by the
// client, read by the server, each iteration; bytes processed set.
void glass_bulk_loop(benchmark::State& state, GlassPair& pair);

// ---- OpenSSL libssl

X509* ossl_cert(const std::string& pem);  // null if the PEM does not parse
void ossl_use_identity(SSL_CTX* ctx, const Identity& id);
// Trusts the bench root, checked at bench_now().
void ossl_trust_root(SSL_CTX* ctx);

// A client and a server SSL joined by a memory BIO pair, the client asking
// for "bench.example" (SNI and host name check).
struct OsslPair {
  SSL* client;
  SSL* server;
  OsslPair(SSL_CTX* client_ctx, SSL_CTX* server_ctx);
  // Marked as cleanly shut down (nothing is sent) before SSL_free: OpenSSL
  // makes the session of a connection freed without it not resumable.
  ~OsslPair();
  OsslPair(const OsslPair&) = delete;
  OsslPair& operator=(const OsslPair&) = delete;
  bool handshake();
  // A TLS 1.3 ticket arrives after the handshake: the client reads it.
  SSL_SESSION* take_ticket();
  // Detaches the memory BIO pair (the benchmark's wire, not the connection's).
  void drop_wire();
  void free_client();
};

void ossl_bulk_loop(benchmark::State& state, OsslPair& pair);

}  // namespace glasstls::bench
