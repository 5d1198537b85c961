// TLS 1.2 over memory, both sides in one thread: GlassTLS's Connection,
// mbedTLS 2.28 (two mbedtls_ssl_contexts joined by in-memory send/receive
// callbacks) and OpenSSL 3.0's libssl (a memory BIO pair), on the same
// certificates (tls_bench_support.hpp), every side limited to TLS 1.2.
//
// Every handshake: extended_master_secret on (RFC 7627), no session
// resumption (no tickets, no session cache), the server's certificate checked
// against the bench root and "bench.example" by the client, ECDHE over P-256
// (secp256r1) only, signature_algorithms limited to ecdsa_secp256r1_sha256
// and rsa_pkcs1_sha256 (mbedTLS 2.28 has no RSA-PSS in TLS 1.2; OpenSSL would
// pick it), so each library's server makes the same ServerKeyExchange
// signature: ECDSA P-256 or RSA-2048 PKCS#1 v1.5, over SHA-256.
//
//   handshake_tls12_ecdhe_p256_ecdsa  ECDSA P-256 server certificate,
//                                     TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
//   handshake_tls12_ecdhe_rsa2048     RSA-2048 server certificate,
//                                     TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
//   handshake_tls12_rsa2048           RSA key transport to the RSA-2048 server
//                                     certificate, TLS_RSA_WITH_AES_128_GCM_SHA256
//                                     (GlassTLS's client offers it only when listed)
//   tls12_bulk_aes128gcm/16384        16 KiB records over an established
//                                     ECDHE-ECDSA connection, sealed by the
//                                     client and opened by the server
//   idle_connection_heap_tls12        heap bytes held by an established, idle
//                                     ECDHE-ECDSA client and server connection
//                                     (mallinfo2 before and after 64), as counters
//
// Each benchmark first makes one connection and checks everything it claims
// (version, suite, group, the ServerKeyExchange signature scheme, EMS, not
// resumed), and then checks version and suite after every timed handshake;
// a mismatch ends it with SkipWithError. mbedTLS exposes neither EMS nor the
// group nor the signature scheme after the handshake, so for it those are read
// from the server's first flight on the wire (parse_server_flight).
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "bench/tls_bench_support.hpp"
#include "handshake/connection.hpp"

namespace glasstls::bench {
namespace {

constexpr std::uint16_t kTls12 = 0x0303;
constexpr std::uint16_t kSecp256r1 = 0x0017;
constexpr std::uint16_t kEcdsaSha256 = 0x0403;
constexpr std::uint16_t kRsaPkcs1Sha256 = 0x0401;
constexpr std::uint16_t kExtendedMasterSecret = 0x0017;  // extension type

struct Case {
  const char* name;
  std::uint16_t suite;
  const char* openssl_suite;
  bool rsa_server;
  bool ecdhe;  // false: RSA key transport
};

constexpr Case kEcdheEcdsa{"handshake_tls12_ecdhe_p256_ecdsa", 0xc02b,
                           "ECDHE-ECDSA-AES128-GCM-SHA256", false, true};
constexpr Case kEcdheRsa{"handshake_tls12_ecdhe_rsa2048", 0xc02f, "ECDHE-RSA-AES128-GCM-SHA256",
                         true, true};
constexpr Case kRsa{"handshake_tls12_rsa2048", 0x009c, "AES128-GCM-SHA256", true, false};
constexpr Case kCases[] = {kEcdheEcdsa, kEcdheRsa, kRsa};

// What a connection negotiated, as far as a library tells.
struct Observed {
  std::uint16_t version = 0;
  std::uint16_t suite = 0;
  std::uint16_t group = 0;      // 0: no ECDHE
  std::uint16_t signature = 0;  // the ServerKeyExchange's; 0: none
  bool ems = false;
  bool resumed = false;
};

// Empty when `o` is what `c` claims; else what differs. `full`: everything,
// else version and suite (and resumption).
std::string mismatch(const Observed& o, const Case& c, bool full) {
  if (o.version != kTls12) return "version is not TLS 1.2";
  if (o.suite != c.suite) return "another cipher suite";
  if (o.resumed) return "resumed";
  if (!full) return {};
  if (!o.ems) return "no extended_master_secret";
  if (o.group != (c.ecdhe ? kSecp256r1 : 0)) return "another group";
  const std::uint16_t sig = !c.ecdhe ? 0 : c.rsa_server ? kRsaPkcs1Sha256 : kEcdsaSha256;
  if (o.signature != sig) return "another ServerKeyExchange signature scheme";
  return {};
}

bool check(benchmark::State& state, const char* lib, const Observed& o, const Case& c, bool full) {
  const std::string what = mismatch(o, c, full);
  if (what.empty()) return true;
  std::string msg = lib;
  msg += ": ";
  msg += what;
  state.SkipWithError(msg.c_str());
  return false;
}

// ---- GlassTLS

struct GlassConfigs {
  handshake::Config client, server;
};

void glass_configure(GlassConfigs& g, const Case& c) {
  for (handshake::Config* cfg : {&g.client, &g.server}) {
    cfg->versions = {handshake::kTls12};
    cfg->cipher_suites = {c.suite};
    cfg->groups = {kSecp256r1};
    cfg->signature_schemes = {kEcdsaSha256, kRsaPkcs1Sha256};
    cfg->clock = [] { return bench_now(); };
  }
  g.client.trust = &pki().roots;
  g.server.identities.push_back(c.rsa_server ? pki().server_rsa.store : pki().server.store);
  g.server.tickets_per_handshake = 0;
}

Observed glass_observed(const handshake::Connection& client, const handshake::Connection& server) {
  const auto& n = client.negotiated();
  Observed o{n.version,          n.cipher_suite,           n.group,
             n.signature_scheme, n.extended_master_secret, n.resumed};
  // The server must agree.
  const auto& s = server.negotiated();
  if (s.version != n.version || s.cipher_suite != n.cipher_suite || !s.extended_master_secret ||
      s.resumed || !server.handshake_done() || !client.handshake_done()) {
    o.version = 0;
  }
  return o;
}

Observed glass_observed(const GlassPair& p) { return glass_observed(*p.client, *p.server); }

void glass_handshake(benchmark::State& state, const Case& c) {
  GlassConfigs g;
  glass_configure(g, c);
  {
    GlassPair probe(g.client, g.server);
    if (!probe.handshake()) {
      state.SkipWithError("glasstls handshake failed");
      return;
    }
    if (!check(state, "glasstls", glass_observed(probe), c, true)) return;
  }
  for (auto _ : state) {
    GlassPair pair(g.client, g.server);
    if (!pair.handshake()) {
      state.SkipWithError("glasstls handshake failed");
      return;
    }
    if (!check(state, "glasstls", glass_observed(pair), c, false)) return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void glass_bulk(benchmark::State& state) {
  GlassConfigs g;
  glass_configure(g, kEcdheEcdsa);
  GlassPair pair(g.client, g.server);
  if (!pair.handshake()) {
    state.SkipWithError("glasstls handshake failed");
    return;
  }
  if (!check(state, "glasstls", glass_observed(pair), kEcdheEcdsa, true)) return;
  glass_bulk_loop(state, pair);
}

void glass_idle_heap(benchmark::State& state) {
  GlassConfigs g;
  glass_configure(g, kEcdheEcdsa);
  idle_heap_loop<GlassPair>(
      state,
      [&](int) {
        auto pair = std::make_unique<GlassPair>(g.client, g.server);
        if (!pair->handshake()) {
          state.SkipWithError("glasstls handshake failed");
          pair.reset();
        } else if (!check(state, "glasstls", glass_observed(*pair), kEcdheEcdsa, true)) {
          pair.reset();
        }
        return pair;
      },
      [](GlassPair& p) { p.client.reset(); });
}

// ---- what the server's first flight says on the wire (for mbedTLS)

std::uint32_t be(std::span<const std::uint8_t> b, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v << 8 | b[at + i];
  return v;
}

// Reads the plaintext handshake records at the start of what a server sent
// (up to its ChangeCipherSpec): the ServerHello's version, cipher suite and
// extended_master_secret extension, and the ECDHE ServerKeyExchange's named
// curve and signature scheme (RFC 5246 §7.4.1.3, RFC 8422 §5.4). Anything
// malformed or missing leaves zeros, which fail the check.
Observed parse_server_flight(std::span<const std::uint8_t> wire) {
  std::vector<std::uint8_t> hs;  // the handshake messages, records joined
  for (std::size_t at = 0; at + 5 <= wire.size();) {
    const std::uint8_t type = wire[at];
    const std::size_t len = be(wire, at + 3, 2);
    if (type != 22 || at + 5 + len > wire.size()) break;
    hs.insert(hs.end(), wire.begin() + static_cast<std::ptrdiff_t>(at + 5),
              wire.begin() + static_cast<std::ptrdiff_t>(at + 5 + len));
    at += 5 + len;
  }
  Observed o;
  const std::span<const std::uint8_t> h(hs);
  for (std::size_t at = 0; at + 4 <= h.size();) {
    const std::uint8_t type = h[at];
    const std::size_t len = be(h, at + 1, 3);
    if (at + 4 + len > h.size()) break;
    const auto body = h.subspan(at + 4, len);
    at += 4 + len;
    if (type == 2 && body.size() >= 38) {              // ServerHello
      std::size_t p = 34 + std::size_t{body[34]} + 1;  // version, random, session_id
      if (p + 3 > body.size()) break;
      o.version = static_cast<std::uint16_t>(be(body, 0, 2));
      o.suite = static_cast<std::uint16_t>(be(body, p, 2));
      p += 3;  // cipher_suite, compression_method
      if (p + 2 > body.size()) continue;
      const std::size_t end = std::min(body.size(), p + 2 + be(body, p, 2));
      for (p += 2; p + 4 <= end;) {
        if (be(body, p, 2) == kExtendedMasterSecret) o.ems = true;
        p += 4 + be(body, p + 2, 2);
      }
    } else if (type == 12 && body.size() >= 4 && body[0] == 3) {  // ECDHE ServerKeyExchange
      o.group = static_cast<std::uint16_t>(be(body, 1, 2));
      const std::size_t p = 4 + std::size_t{body[3]};  // named_curve, public point
      if (p + 2 <= body.size()) o.signature = static_cast<std::uint16_t>(be(body, p, 2));
    }
  }
  return o;
}

// ---- mbedTLS 2.28

// Bytes one side wrote that the other has not read yet.
struct MbedPipe {
  std::vector<unsigned char> bytes;
  std::size_t read = 0;
  std::vector<unsigned char>* tap = nullptr;  // also gets every byte written, when set
};

struct MbedEnd {
  MbedPipe* out;
  MbedPipe* in;
};

int mbed_send(void* ctx, const unsigned char* buf, std::size_t len) {
  MbedPipe& p = *static_cast<MbedEnd*>(ctx)->out;
  p.bytes.insert(p.bytes.end(), buf, buf + len);
  if (p.tap) p.tap->insert(p.tap->end(), buf, buf + len);
  return static_cast<int>(len);
}

int mbed_recv(void* ctx, unsigned char* buf, std::size_t len) {
  MbedPipe& p = *static_cast<MbedEnd*>(ctx)->in;
  const std::size_t n = std::min(len, p.bytes.size() - p.read);
  if (n == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  std::memcpy(buf, p.bytes.data() + p.read, n);
  p.read += n;
  if (p.read == p.bytes.size()) {
    p.bytes.clear();
    p.read = 0;
  }
  return static_cast<int>(n);
}

// What every connection of one Case shares: randomness, certificates, the
// client's and the server's configuration. Not movable: the configurations
// point into it.
struct MbedCtx {
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_x509_crt root, cert;
  mbedtls_pk_context key;
  mbedtls_ssl_config client, server;
  int suites[2] = {0, 0};
  mbedtls_ecp_group_id curves[2] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};
  int hashes[2] = {MBEDTLS_MD_SHA256, MBEDTLS_MD_NONE};

  explicit MbedCtx(const Case& c) {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&root);
    mbedtls_x509_crt_init(&cert);
    mbedtls_pk_init(&key);
    mbedtls_ssl_config_init(&client);
    mbedtls_ssl_config_init(&server);
    mbed_ok(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0));
    const Identity& id = c.rsa_server ? pki().server_rsa : pki().server;
    // PEM is parsed with its terminating NUL counted.
    mbed_ok(mbedtls_x509_crt_parse(&root, pem_bytes(pki().root_pem), pki().root_pem.size() + 1));
    mbed_ok(mbedtls_x509_crt_parse(&cert, pem_bytes(id.cert_pem), id.cert_pem.size() + 1));
    mbed_ok(mbedtls_pk_parse_key(&key, pem_bytes(id.key_pem), id.key_pem.size() + 1, nullptr, 0));
    suites[0] = c.suite;
    mbed_ok(mbedtls_ssl_config_defaults(&client, MBEDTLS_SSL_IS_CLIENT,
                                        MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT));
    mbed_ok(mbedtls_ssl_config_defaults(&server, MBEDTLS_SSL_IS_SERVER,
                                        MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT));
    for (mbedtls_ssl_config* conf : {&client, &server}) {
      mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, &drbg);
      mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
      mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
      mbedtls_ssl_conf_ciphersuites(conf, suites);
      mbedtls_ssl_conf_curves(conf, curves);
      mbedtls_ssl_conf_sig_hashes(conf, hashes);
      mbedtls_ssl_conf_extended_master_secret(conf, MBEDTLS_SSL_EXTENDED_MS_ENABLED);
      mbedtls_ssl_conf_session_tickets(conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    }
    // The server has no session cache and no ticket callbacks: no resumption.
    mbed_ok(mbedtls_ssl_conf_own_cert(&server, &cert, &key));
    mbedtls_ssl_conf_authmode(&client, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&client, &root, nullptr);
  }
  ~MbedCtx() {
    mbedtls_ssl_config_free(&client);
    mbedtls_ssl_config_free(&server);
    mbedtls_pk_free(&key);
    mbedtls_x509_crt_free(&cert);
    mbedtls_x509_crt_free(&root);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  MbedCtx(const MbedCtx&) = delete;
  MbedCtx& operator=(const MbedCtx&) = delete;

  static const unsigned char* pem_bytes(const std::string& pem) {
    return reinterpret_cast<const unsigned char*>(pem.c_str());
  }
};

// A client and a server context joined by two pipes. Not movable: the
// contexts point at its ends. The contexts are allocated apart so that the
// idle-heap benchmark can free the client alone.
struct MbedPair {
  MbedPipe c2s, s2c;
  MbedEnd client_end{&c2s, &s2c}, server_end{&s2c, &c2s};
  std::unique_ptr<mbedtls_ssl_context> client, server;
  std::vector<unsigned char> server_flight;  // filled when tapped

  MbedPair(const MbedCtx& ctx, bool tap)
      : client(std::make_unique<mbedtls_ssl_context>()),
        server(std::make_unique<mbedtls_ssl_context>()) {
    mbedtls_ssl_init(client.get());
    mbedtls_ssl_init(server.get());
    mbed_ok(mbedtls_ssl_setup(client.get(), &ctx.client));
    mbed_ok(mbedtls_ssl_setup(server.get(), &ctx.server));
    mbed_ok(mbedtls_ssl_set_hostname(client.get(), "bench.example"));
    mbedtls_ssl_set_bio(client.get(), &client_end, mbed_send, mbed_recv, nullptr);
    mbedtls_ssl_set_bio(server.get(), &server_end, mbed_send, mbed_recv, nullptr);
    if (tap) s2c.tap = &server_flight;
  }
  ~MbedPair() {
    free_client();
    mbedtls_ssl_free(server.get());
  }
  MbedPair(const MbedPair&) = delete;
  MbedPair& operator=(const MbedPair&) = delete;

  // Frees the pipes' and the tap's buffers (the benchmark's wire, not the connection's).
  void drop_wire() {
    for (MbedPipe* pipe : {&c2s, &s2c}) std::vector<unsigned char>().swap(pipe->bytes);
    s2c.tap = nullptr;
    std::vector<unsigned char>().swap(server_flight);
  }
  void free_client() {
    if (!client) return;
    mbedtls_ssl_free(client.get());
    client.reset();
  }
  // Both handshakes done; mbedTLS's error code in `error` otherwise.
  bool handshake(int& error) {
    for (int i = 0; i < 16; ++i) {
      const int c = mbedtls_ssl_handshake(client.get());
      const int s = mbedtls_ssl_handshake(server.get());
      if (c == 0 && s == 0) return true;
      for (int r : {c, s}) {
        if (r != 0 && r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE) {
          error = r;
          return false;
        }
      }
    }
    error = 0;
    return false;
  }
  // Version and suite from the client's API; with the tap, the rest from the wire.
  Observed observed() const {
    Observed o;
    const bool tapped = !server_flight.empty();
    if (tapped) o = parse_server_flight(server_flight);
    const bool tls12 = std::strcmp(mbedtls_ssl_get_version(client.get()), "TLSv1.2") == 0;
    o.version = tls12 && (!tapped || o.version == kTls12) ? kTls12 : 0;
    o.suite = static_cast<std::uint16_t>(
        mbedtls_ssl_get_ciphersuite_id(mbedtls_ssl_get_ciphersuite(client.get())));
    const int server_suite =
        mbedtls_ssl_get_ciphersuite_id(mbedtls_ssl_get_ciphersuite(server.get()));
    if (server_suite != o.suite) o.suite = 0;
    return o;
  }
};

bool mbed_handshake_failed(benchmark::State& state, int error) {
  char text[160];
  mbedtls_strerror(error, text, sizeof text);
  std::string msg = "mbedtls handshake failed: ";
  msg += text;
  state.SkipWithError(msg.c_str());
  return false;
}

void mbed_handshake(benchmark::State& state, const Case& c) {
  MbedCtx ctx(c);
  int error = 0;
  {
    MbedPair probe(ctx, true);
    if (!probe.handshake(error)) {
      mbed_handshake_failed(state, error);
      return;
    }
    if (!check(state, "mbedtls", probe.observed(), c, true)) return;
  }
  for (auto _ : state) {
    MbedPair pair(ctx, false);
    if (!pair.handshake(error)) {
      mbed_handshake_failed(state, error);
      return;
    }
    if (!check(state, "mbedtls", pair.observed(), c, false)) return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void mbed_bulk(benchmark::State& state) {
  MbedCtx ctx(kEcdheEcdsa);
  MbedPair pair(ctx, true);
  int error = 0;
  if (!pair.handshake(error)) {
    mbed_handshake_failed(state, error);
    return;
  }
  if (!check(state, "mbedtls", pair.observed(), kEcdheEcdsa, true)) return;
  const auto data = pattern(16384);
  std::vector<std::uint8_t> in(16384);
  for (auto _ : state) {
    if (mbedtls_ssl_write(pair.client.get(), data.data(), data.size()) != 16384 ||
        mbedtls_ssl_read(pair.server.get(), in.data(), in.size()) != 16384) {
      state.SkipWithError("mbedtls bulk transfer failed");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 16384);
}

void mbed_idle_heap(benchmark::State& state) {
  MbedCtx ctx(kEcdheEcdsa);
  idle_heap_loop<MbedPair>(
      state,
      [&](int i) {
        // The first is tapped and checked in full, the others by version and suite.
        auto pair = std::make_unique<MbedPair>(ctx, i == 0);
        int error = 0;
        if (!pair->handshake(error)) {
          mbed_handshake_failed(state, error);
          pair.reset();
        } else if (!check(state, "mbedtls", pair->observed(), kEcdheEcdsa, i == 0)) {
          pair.reset();
        } else {
          pair->drop_wire();
        }
        return pair;
      },
      [](MbedPair& p) { p.free_client(); });
}

// ---- OpenSSL libssl

struct Ossl12Ctx {
  SSL_CTX* client = nullptr;
  SSL_CTX* server = nullptr;
  explicit Ossl12Ctx(const Case& c) {
    client = SSL_CTX_new(TLS_client_method());
    server = SSL_CTX_new(TLS_server_method());
    for (SSL_CTX* x : {client, server}) {
      ossl_ok(static_cast<int>(SSL_CTX_set_min_proto_version(x, TLS1_2_VERSION)));
      ossl_ok(static_cast<int>(SSL_CTX_set_max_proto_version(x, TLS1_2_VERSION)));
      ossl_ok(SSL_CTX_set_cipher_list(x, c.openssl_suite));
      ossl_ok(static_cast<int>(SSL_CTX_set1_groups_list(x, "P-256")));
      ossl_ok(static_cast<int>(SSL_CTX_set1_sigalgs_list(x, "ECDSA+SHA256:RSA+SHA256")));
      SSL_CTX_set_options(x, SSL_OP_NO_TICKET);
      SSL_CTX_set_session_cache_mode(x, SSL_SESS_CACHE_OFF);
    }
    ossl_use_identity(server, c.rsa_server ? pki().server_rsa : pki().server);
    ossl_trust_root(client);
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);
  }
  ~Ossl12Ctx() {
    SSL_CTX_free(client);
    SSL_CTX_free(server);
  }
  Ossl12Ctx(const Ossl12Ctx&) = delete;
  Ossl12Ctx& operator=(const Ossl12Ctx&) = delete;
};

Observed ossl_observed(SSL* client, SSL* server) {
  Observed o;
  o.version = static_cast<std::uint16_t>(SSL_version(client));
  const SSL_CIPHER* cipher = SSL_get_current_cipher(client);
  const SSL_CIPHER* server_cipher = SSL_get_current_cipher(server);
  if (cipher && server_cipher &&
      SSL_CIPHER_get_protocol_id(cipher) == SSL_CIPHER_get_protocol_id(server_cipher)) {
    o.suite = SSL_CIPHER_get_protocol_id(cipher);
  }
  o.ems = SSL_get_extms_support(client) == 1 && SSL_get_extms_support(server) == 1;
  o.resumed = SSL_session_reused(client) != 0;
  int nid = 0;
  const bool ecdhe = (SSL_CIPHER_get_kx_nid(cipher) == NID_kx_ecdhe);
  if (ecdhe && SSL_get_negotiated_group(client) == NID_X9_62_prime256v1) o.group = kSecp256r1;
  int hash = 0;
  if (ecdhe && SSL_get_peer_signature_type_nid(client, &nid) == 1 &&
      SSL_get_peer_signature_nid(client, &hash) == 1 && hash == NID_sha256) {
    if (nid == EVP_PKEY_EC) o.signature = kEcdsaSha256;
    if (nid == EVP_PKEY_RSA) o.signature = kRsaPkcs1Sha256;
  }
  return o;
}

void ossl_handshake(benchmark::State& state, const Case& c) {
  Ossl12Ctx ctx(c);
  {
    OsslPair probe(ctx.client, ctx.server);
    if (!probe.handshake()) {
      state.SkipWithError("openssl handshake failed");
      return;
    }
    if (!check(state, "openssl", ossl_observed(probe.client, probe.server), c, true)) return;
  }
  for (auto _ : state) {
    OsslPair pair(ctx.client, ctx.server);
    if (!pair.handshake()) {
      state.SkipWithError("openssl handshake failed");
      return;
    }
    if (!check(state, "openssl", ossl_observed(pair.client, pair.server), c, false)) return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void ossl_bulk(benchmark::State& state) {
  Ossl12Ctx ctx(kEcdheEcdsa);
  OsslPair pair(ctx.client, ctx.server);
  if (!pair.handshake()) {
    state.SkipWithError("openssl handshake failed");
    return;
  }
  if (!check(state, "openssl", ossl_observed(pair.client, pair.server), kEcdheEcdsa, true)) return;
  ossl_bulk_loop(state, pair);
}

void ossl_idle_heap(benchmark::State& state) {
  Ossl12Ctx ctx(kEcdheEcdsa);
  idle_heap_loop<OsslPair>(
      state,
      [&](int) {
        auto pair = std::make_unique<OsslPair>(ctx.client, ctx.server);
        if (!pair->handshake()) {
          state.SkipWithError("openssl handshake failed");
          pair.reset();
        } else if (!check(state, "openssl", ossl_observed(pair->client, pair->server), kEcdheEcdsa,
                          true)) {
          pair.reset();
        } else {
          pair->drop_wire();
        }
        return pair;
      },
      [](OsslPair& p) { p.free_client(); });
}

void add_all() {
  for (const Case& c : kCases) {
    const std::string name = c.name;
    benchmark::RegisterBenchmark((name + "/glasstls").c_str(),
                                 [&c](benchmark::State& s) { glass_handshake(s, c); });
    benchmark::RegisterBenchmark((name + "/mbedtls").c_str(),
                                 [&c](benchmark::State& s) { mbed_handshake(s, c); });
    benchmark::RegisterBenchmark((name + "/openssl").c_str(),
                                 [&c](benchmark::State& s) { ossl_handshake(s, c); });
  }
  benchmark::RegisterBenchmark("tls12_bulk_aes128gcm/glasstls/16384", glass_bulk);
  benchmark::RegisterBenchmark("tls12_bulk_aes128gcm/mbedtls/16384", mbed_bulk);
  benchmark::RegisterBenchmark("tls12_bulk_aes128gcm/openssl/16384", ossl_bulk);
  benchmark::RegisterBenchmark("idle_connection_heap_tls12/glasstls", glass_idle_heap)
      ->Iterations(1);
  benchmark::RegisterBenchmark("idle_connection_heap_tls12/mbedtls", mbed_idle_heap)->Iterations(1);
  benchmark::RegisterBenchmark("idle_connection_heap_tls12/openssl", ossl_idle_heap)->Iterations(1);
}

const Area area(81, add_all);

}  // namespace
}  // namespace glasstls::bench
