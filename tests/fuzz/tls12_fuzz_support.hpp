// Support for the TLS 1.2 endpoint fuzz targets (fuzz_tls12_server,
// fuzz_tls12_client) and their seed generator (make_tls12_corpus), on top of
// tls13_fuzz_support.hpp (the P-256 PKI, the checking trace sink, the
// invariants every run ends with, add_record):
//
//   - a TLS 1.2-only endpoint under test and, when the input asks for it, a
//     real TLS 1.2-only peer that first plays a valid opening, then the
//     input's bytes go to the endpoint raw, as records in the clear, or
//     sealed under the peer's real TLS 1.2 write keys (RFC 5246 §6.3),
//     rebuilt from the endpoint's own key log line (CLIENT_RANDOM, the
//     master secret) and the two randoms, so the fuzzer reaches Finished and
//     what follows it (renegotiation attempts, alerts, application data);
//   - the same invariants as the TLS 1.3 targets (check_endpoint), for
//     version 0x0303.
//
// Input layout (both targets):
//
//   [flags][param][body...]
//   flags bits 0-1  mode: 0 body raw to a fresh endpoint (a client: after its
//                         ClientHello);
//                         1 the real peer's opening first (a server under
//                           test: the ClientHello; a client under test: the
//                           ServerHello alone, in its own record), then body raw;
//                         2 the opening, then body as records
//                           [type][u16 length][content]: a type with bit 7
//                           set is sealed (as type & 0x7f) under the peer's
//                           write keys (dropped while the endpoint has no
//                           master secret), any other goes in the clear;
//                         3 the opening and the rest of the peer's real
//                           exchange up to and including its ChangeCipherSpec,
//                           then body as the handshake stream in sealed
//                           handshake records of param+1 bytes.
//   bit 2 client authentication (required)
//   bit 3 RSA key transport (an RSA-2048 server; TLS_RSA_WITH_AES_128_GCM_SHA256,
//         with bit 4 TLS_RSA_WITH_AES_256_GCM_SHA384)
//   bit 4 an RSA-2048 server: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (without bit 3)
//   bit 5 deliver the bytes in receive() calls of (param % 5) + 1 bytes
//   bit 6 ChaCha20-Poly1305 for the ECDHE suites (ignored with bit 3)
//   bit 7 with bit 2: optional client authentication and a client without a
//         certificate
// Without bits 3, 4 and 6: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (P-256).
// param bit 7: resumption — the client offers a ticket from an earlier full
// handshake of the same kind, which the server (every server holds the same
// ticket keys) accepts: an abbreviated handshake (RFC 5246 §7.3, RFC 5077).
// param bits 0-6 are the `param` of modes 3 and bit 5. Every client keeps a
// session cache, so it offers session_ticket and a full handshake carries a
// NewSessionTicket.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tests/fuzz/tls13_fuzz_support.hpp"

namespace glasstls::fuzz::tls12 {

struct Options {
  std::uint8_t mode = 0;  // 0..3 (see above)
  bool client_auth = false;
  bool rsa_key_transport = false;
  bool rsa_server = false;
  bool chunked = false;
  bool chacha = false;
  bool optional_auth = false;
  bool resume = false;
  std::uint8_t param = 0;  // 0..127

  static Options from(std::uint8_t flags, std::uint8_t param);
  std::uint8_t flags() const;
  std::uint8_t param_byte() const;  // param and resume, the input's second byte
  // The one suite both sides are configured with.
  std::uint16_t suite() const;
};

// The RSA-2048 server identity (CN=server.example, issued by the fuzz
// root), made on first use, deterministic.
std::shared_ptr<const x509::KeyStore> fuzz_rsa_server();

// One run of an endpoint target on `input` ([flags][param][body]). Inputs
// shorter than two bytes are ignored.
Outcome run_endpoint(Side side, std::span<const std::uint8_t> input);

// For the seed generator: a whole handshake for these options with both
// sides real (the same steps, so the same bytes, as run_endpoint).
struct PeerScript {
  Bytes opening_raw;        // the peer's first bytes (mode 0 input)
  Bytes raw_after_opening;  // what the peer sent after the opening, as sent (mode 1)
  // The peer's handshake messages (whole) after the opening and before its
  // ChangeCipherSpec: a client's [Certificate], ClientKeyExchange,
  // [CertificateVerify]; a server's Certificate .. ServerHelloDone.
  std::vector<Bytes> plain_messages;
  Bytes finished;  // the peer's Finished message (sealed on the wire)
};
PeerScript script_peer(Side side, const Options& options);

}  // namespace glasstls::fuzz::tls12
