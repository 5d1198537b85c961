// Refusals: the errors a handshake ends with when the two sides have nothing
// in common to agree on, or when a proof (a signature, a Finished) does not
// verify. They are made here, one Error per kind and version, so that a tool
// explaining a failed connection (tools/lessons.cpp) can tell them apart by
// the identity of their rule, not by reading its words: several of them share
// an alert (handshake_failure, decrypt_error).
//
// The RFC text each one enforces is quoted at the place that decides
// (server13.cpp, server12.cpp, signatures.cpp ...); the rule strings are here.
#pragma once

#include <cstdint>
#include <optional>

#include "crypto/result.hpp"

namespace glasstls::handshake {

enum class Refusal : std::uint8_t {
  no_common_suite,             // no cipher suite both accept
  no_common_group,             // no (EC)DHE group both speak
  no_common_signature_scheme,  // no certificate of the server signs with a scheme the client offers
  no_client_certificate,       // TLS 1.2: the server requires one and got none (1.3 has its own
                               // alert, certificate_required)
  bad_signature,               // CertificateVerify or ServerKeyExchange signature does not verify
  bad_finished,                // the peer's Finished is not the MAC of the transcript
};

// The Error for `refusal` in TLS `version` (kTls13 or kTls12): its alert and rule.
Error refusal_error(Refusal refusal, std::uint16_t version);

// Which refusal `error` is, if refusal_error() made it (the rule's identity).
std::optional<Refusal> refusal_of(const Error& error);

}  // namespace glasstls::handshake
