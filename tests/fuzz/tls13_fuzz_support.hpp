// Support for the TLS 1.3 fuzz targets (fuzz_tls13_server, fuzz_tls13_client)
// and their seed generator (make_tls13_corpus); the PKI, CheckingSink,
// EndpointPair and check_endpoint() serve the TLS 1.2 targets too
// (tls12_fuzz_support.hpp):
//
//   - a P-256-only PKI made once per process, deterministic (HMAC_DRBG with a
//     fixed seed), so every run of every target sees the same certificates;
//   - run_endpoint(): one Connection under test (a server or a client) and,
//     when the input asks for it, a real peer that first plays a valid
//     opening (ClientHello, or ServerHello and the server's flight), then the
//     input's bytes, raw or sealed under the peer's real traffic keys (taken
//     from the key log), so the fuzzer reaches the parsers behind the AEAD;
//   - the invariants checked on every run (GLASSTLS_FUZZ_CHECK): a failure
//     sends at most one alert and is sticky; nothing reaches read() before
//     the handshake is done; a finished handshake authenticated the peer as
//     configured; every message the endpoint traced with a parse that
//     succeeds has a field tree that tiles it; every state transition caused
//     by a received message is a row of handshake::transition_table().
//
// Input layout (both endpoint targets):
//
//   [flags][param][body...]
//   flags bits 0-1  mode: 0 body raw to a fresh endpoint (a client: after its
//                         ClientHello);
//                         1 the real peer's opening first, then body raw;
//                         2 the opening, then body as records
//                           [inner type][u16 length][content] sealed under
//                           the peer's handshake keys (its application keys
//                           once the endpoint is connected; a KeyUpdate in a
//                           record moves them on);
//                         3 the opening, then body as the handshake stream in
//                           sealed handshake records of param+1 bytes.
//   bit 2 client authentication (the server asks for a certificate)
//   bit 3 resumption (the client offers a ticket the server can open)
//   bit 4 HelloRetryRequest (the server only accepts secp256r1; the client
//         sends an x25519 share first)
//   bit 5 deliver the bytes in receive() calls of (param % 5) + 1 bytes
//   bit 6 TLS_CHACHA20_POLY1305_SHA256 instead of TLS_AES_128_GCM_SHA256
//   bit 7 with bit 2: optional client authentication and a client without a
//         certificate
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "crypto/rng.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/connection.hpp"
#include "handshake/hello.hpp"
#include "trace/events.hpp"
#include "x509/ca.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::fuzz {

using Bytes = std::vector<std::uint8_t>;

struct FuzzPki {
  x509::TrustStore roots;                                // CN=GlassTLS Fuzz Root (P-256)
  std::shared_ptr<const x509::KeyStore> server;          // CN=server.example, P-256
  std::shared_ptr<const x509::KeyStore> client;          // CN=fuzz client, clientAuth, P-256
  std::shared_ptr<const x509::CertificateAuthority> ca;  // the root, to issue more (TLS 1.2: RSA)
};

// fuzz_tls13_record's traffic key (AES-128-GCM uses the first 16 bytes) and
// IV; the seed generator seals its records with them.
inline constexpr std::array<std::uint8_t, 32> kRecordFuzzKey = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
inline constexpr std::array<std::uint8_t, 12> kRecordFuzzIv = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                                                               0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

// Made once per process, deterministic.
const FuzzPki& fuzz_pki();
// A fixed clock inside every certificate's validity.
std::int64_t fuzz_now();
// Moves bytes between two connections until both are quiet; false when one failed.
bool pump(handshake::Connection& a, handshake::Connection& b);

enum class Side : std::uint8_t { client, server };

struct Options {
  std::uint8_t mode = 0;  // 0..3 (see above)
  bool client_auth = false;
  bool resume = false;
  bool hello_retry = false;
  bool chunked = false;
  bool chacha = false;
  bool optional_auth = false;
  std::uint8_t param = 0;

  static Options from(std::uint8_t flags, std::uint8_t param);
  std::uint8_t flags() const;
};

// What a run ended with (for the seed generator's own checks).
struct Outcome {
  handshake::State state = handshake::State::start;
  bool handshake_done = false;
  bool failed = false;
  bool read_data = false;  // the endpoint released application data
  std::string error;       // the Error's description, when failed
};

// One run of an endpoint target on `input` ([flags][param][body]). Inputs
// shorter than two bytes are ignored (an Outcome with nothing done).
Outcome run_endpoint(Side side, std::span<const std::uint8_t> input);

// For the seed generator: a whole handshake for these options with both
// sides real (the same steps, and so the same bytes, as run_endpoint), and
// what the real peer sent, plaintext and on the wire.
struct PeerScript {
  Bytes opening_raw;        // the peer's first bytes (mode 0 input)
  Bytes hello_retry_reply;  // after a HelloRetryRequest: the second ClientHello
                            // (client peer) or the endpoint's (server peer)
  // Handshake messages (whole, in order) the peer protects after the
  // opening: a client's Certificate, CertificateVerify, Finished; a server's
  // EncryptedExtensions .. Finished.
  std::vector<Bytes> handshake_messages;
  std::vector<Bytes> post_handshake;  // a server peer's NewSessionTickets
  Bytes raw_after_opening;            // the peer's protected records, as sent
};
PeerScript script_peer(Side side, const Options& options);

// The field tree of a message tiles its `size` bytes (top-level fields cover
// it exactly, children cover their parent) and every node has a name; a
// linear-time check, compared with trace::tiles() on small trees. Aborts
// (GLASSTLS_FUZZ_CHECK) otherwise.
void check_field_tree(const std::vector<trace::FieldNode>& nodes, std::size_t size);
bool tiles_linear(const std::vector<trace::FieldNode>& nodes, std::size_t size);

// The trace sink of every endpoint run: keeps the key log (and, for TLS 1.2,
// the client and server randoms), counts the fatal alerts sent, and checks
// each traced message (one we sent parses with our own parser; one that
// parses has a field tree that tiles it) and each state transition caused by
// a received message (a row of handshake::transition_table()). `tls12`: the
// endpoint speaks TLS 1.2 only, so its messages are TLS 1.2's.
class CheckingSink final : public trace::TraceSink {
 public:
  explicit CheckingSink(bool speaks_tls12 = false) : tls12(speaks_tls12) {}
  bool wants_secrets() const override;
  void on_event(const trace::Event& event) override;

  bool tls12;
  std::map<std::string, Bytes> secrets;  // by key log label (TLS 1.2: "CLIENT_RANDOM")
  handshake::Random client_random{};     // from the key log
  handshake::Random server_random{};     // TLS 1.2: from the ServerHello
  int fatal_alerts_sent = 0;
  bool record_sent = false;  // keep a copy of every message sent (seed generator)
  std::vector<Bytes> sent;

 private:
  void on_message(const trace::MessageEvent& m) const;
  static void on_state(const trace::StateEvent& s);
  std::size_t hash_length_ = 32;
  handshake::KeyExchangeKind kind_ = handshake::KeyExchangeKind::ecdhe;
};

// The endpoint under test and its real peer, each with its own generator
// (fixed seeds) and checking sink: what the TLS 1.3 and TLS 1.2 runs share.
// The runs fill in e_config and p_config, then start() and make_peer().
struct EndpointPair {
  EndpointPair(Side s, bool tls12) : side(s), e_sink(tls12), p_sink(tls12) {}
  EndpointPair(const EndpointPair&) = delete;
  EndpointPair& operator=(const EndpointPair&) = delete;

  void start();      // the endpoint (a client sends its ClientHello)
  void make_peer();  // its peer
  // Bytes to the endpoint, in receive() calls of `chunk` bytes (0: at once);
  // false when it failed.
  bool deliver(std::span<const std::uint8_t> bytes, std::size_t chunk);

  Side side;
  crypto::HmacDrbg e_rng = crypto::HmacDrbg::from_seed(1);
  crypto::HmacDrbg p_rng = crypto::HmacDrbg::from_seed(2);
  CheckingSink e_sink, p_sink;
  handshake::Config e_config, p_config;
  std::unique_ptr<handshake::Connection> e, p;
};

// What a finished handshake must show.
struct Expectations {
  std::uint16_t version = 0x0304;
  bool server_path = false;   // a client: the server's chain was validated (unless resumed)
  bool client_chain = false;  // a server that required a client certificate got one
};

// The invariants every endpoint run ends with (see the top of this file),
// and what it ended with.
Outcome check_endpoint(handshake::Connection& endpoint, const CheckingSink& sink,
                       const Expectations& x);

// Body encoder for mode 2.
void add_record(Bytes& body, std::uint8_t inner_type, std::span<const std::uint8_t> content);

}  // namespace glasstls::fuzz
