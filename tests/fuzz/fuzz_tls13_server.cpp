// Fuzz target: a TLS 1.3 server Connection (handshake/connection.hpp) fed
// arbitrary bytes as if from a client.
//
// Input: [flags][param][body] (tests/fuzz/tls13_fuzz_support.hpp). Mode 0
// feeds the body to a fresh server: the record layer, ClientHello parsing
// and negotiation. Modes 1-3 first let a real client's valid ClientHello
// through (and its second ClientHello after a HelloRetryRequest, except in
// mode 1, where the body is the second ClientHello), then feed the body raw
// (mode 1) or sealed under the client's real handshake (then application)
// traffic keys (modes 2, 3), so the server's handling of the client's
// Certificate, CertificateVerify, Finished, KeyUpdate, alerts and application
// data is reached. Flags choose client authentication, resumption,
// HelloRetryRequest, fragmentation and the cipher suite.
//
// Checked on every input: a failure sends exactly one alert and every later
// call fails the same way; nothing reaches read() before the handshake is
// done; a done handshake authenticated the client when it was required;
// every traced message that parses has a field tree tiling its bytes; every
// state transition on a received message is a row of the state table.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/tls13_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Per-input work stays bounded: a handshake message is at most 64 KiB.
  if (size > 70000) return 0;
  (void)glasstls::fuzz::run_endpoint(glasstls::fuzz::Side::server, {data, size});
  return 0;
}
