// Fuzz target: a TLS 1.3 client Connection (handshake/connection.hpp), after
// it has sent its ClientHello, fed arbitrary bytes as if from the server.
//
// Input: [flags][param][body] (tests/fuzz/tls13_fuzz_support.hpp). Mode 0
// feeds the body right after the ClientHello: ServerHello and
// HelloRetryRequest parsing, downgrade and version checks, the record layer.
// Modes 1-3 first let a real server's ServerHello through (after a real
// HelloRetryRequest round when flag 4 asks for one), then feed the body raw
// (mode 1) or sealed under the server's real handshake (then application)
// traffic keys (modes 2, 3): EncryptedExtensions, CertificateRequest, the
// server's Certificate (X.509 parsing and path validation), CertificateVerify,
// Finished, NewSessionTicket, KeyUpdate, alerts and application data.
//
// Checked on every input: as fuzz_tls13_server, and a done handshake that
// was not resumed validated the server's chain.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/tls13_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Per-input work stays bounded: a handshake message is at most 64 KiB.
  if (size > 70000) return 0;
  (void)glasstls::fuzz::run_endpoint(glasstls::fuzz::Side::client, {data, size});
  return 0;
}
