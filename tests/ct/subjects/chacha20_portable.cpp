// ct subject: ChaCha20 (RFC 8439 §2.4), portable backend, on secret key,
// nonce and data; and the ChaCha20-Poly1305 seal built on it.
#include "tests/ct/subjects/chacha20_common.hpp"

namespace {

GLASSTLS_CT_CASE("ChaCha20 portable: secret key, nonce and plaintext") {
  glasstls::ct_test::chacha20_secret_inputs(&glasstls::crypto::chacha20_xor_portable);
}

GLASSTLS_CT_CASE("ChaCha20-Poly1305 seal, portable: secret key and plaintext") {
  glasstls::ct_test::chacha20_poly1305_seal_secret_inputs(glasstls::crypto::ChaChaBackend::portable);
}

}  // namespace
