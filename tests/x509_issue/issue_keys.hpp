// Keys shared by the x509_issue tests: generated once per program from a fixed
// seed (RSA generation is slow), and a signature check through x509's verifier.
#pragma once

#include <string>

#include "x509/private_key.hpp"

namespace glasstls::test {

// "rsa2048", "p256", "p384" or "ed25519", generated from a seed fixed per spec.
const x509::PrivateKey& issue_key(const std::string& spec);

// The id-RSASSA-PSS key `key` with RSASSA-PSS-params in its PKCS#8
// AlgorithmIdentifier, as `openssl genpkey -algorithm RSA-PSS -pkeyopt
// rsa_pss_keygen_md:sha384 ...` writes it (RFC 4055 §3.1).
x509::PrivateKey with_pss_params(const x509::PrivateKey& key, const x509::PssKeyParams& params);

// Verifies `sig` over `message` with `key`'s public half under the
// AlgorithmIdentifier `alg_der` (as written by PrivateKey::algorithm_identifier).
Result<void> verify_with(const x509::PrivateKey& key, x509::ByteView alg_der,
                         x509::ByteView message, x509::ByteView sig);

}  // namespace glasstls::test
