// Fuzz target: a TLS 1.2-only server Connection (handshake/connection.hpp,
// server12.cpp) fed arbitrary bytes as if from a client.
//
// Input: [flags][param][body] (tests/fuzz/tls12_fuzz_support.hpp). Mode 0
// feeds the body to a fresh server: the record layer, ClientHello parsing
// and TLS 1.2 negotiation (suites, extended_master_secret,
// renegotiation_info, TLS_FALLBACK_SCSV). Modes 1-3 first let a real
// client's ClientHello through, then feed the body raw (mode 1), as records
// in the clear or sealed under the client's real write keys (mode 2), or —
// after the client's real Certificate, ClientKeyExchange, CertificateVerify
// and ChangeCipherSpec — as a handshake stream sealed under those keys
// (mode 3): the client's Certificate (X.509 path validation),
// ClientKeyExchange (ECDHE points, the RSA premaster countermeasure),
// CertificateVerify, ChangeCipherSpec, Finished, and after the handshake a
// renegotiating ClientHello, alerts and application data. Flags choose
// client authentication, RSA key transport or an RSA server, ChaCha20,
// fragmentation.
//
// Checked on every input: as fuzz_tls13_server (one alert and a sticky
// failure; nothing read before the handshake is done; a required client
// certificate was validated; field trees tile; state transitions are rows
// of the state table), for TLS 1.2.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/tls12_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Per-input work stays bounded: a handshake message is at most 64 KiB.
  if (size > 70000) return 0;
  (void)glasstls::fuzz::tls12::run_endpoint(glasstls::fuzz::Side::server, {data, size});
  return 0;
}
