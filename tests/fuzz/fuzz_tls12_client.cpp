// Fuzz target: a TLS 1.2-only client Connection (handshake/connection.hpp,
// client12.cpp), after it has sent its ClientHello, fed arbitrary bytes as
// if from the server.
//
// Input: [flags][param][body] (tests/fuzz/tls12_fuzz_support.hpp). Mode 0
// feeds the body right after the ClientHello: ServerHello parsing, the
// extensions the client checks (extended_master_secret, renegotiation_info,
// unsolicited ones), the record layer. Modes 1-3 first let a real server's
// ServerHello through (alone), then feed the body raw (mode 1: the server's
// Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone), as
// records in the clear or sealed under the server's real write keys (mode
// 2), or — after the server's real flight and ChangeCipherSpec — as a
// handshake stream sealed under those keys (mode 3): the server's Finished,
// then HelloRequests, alerts and application data.
//
// Checked on every input: as fuzz_tls12_server, and a done handshake
// validated the server's chain.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/tls12_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Per-input work stays bounded: a handshake message is at most 64 KiB.
  if (size > 70000) return 0;
  (void)glasstls::fuzz::tls12::run_endpoint(glasstls::fuzz::Side::client, {data, size});
  return 0;
}
