#include "handshake/refusals.hpp"

#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

struct Entry {
  Refusal refusal;
  std::uint16_t version;
  AlertDescription alert;
  std::string_view rule;
};

// One row per refusal and version; refusal_of() finds a row by the address
// of its rule, which only refusal_error() hands out.
constexpr Entry kEntries[] = {
    {Refusal::no_common_suite, kTls13, AD::handshake_failure,
     "RFC 8446 §4.1.1: no cipher suite in common with the client"},
    {Refusal::no_common_suite, kTls12, AD::handshake_failure,
     "RFC 5246 §7.4.1.3: no TLS 1.2 cipher suite in common with the client"},
    {Refusal::no_common_group, kTls13, AD::handshake_failure,
     "RFC 8446 §4.1.1: no (EC)DHE group in common with the client"},
    {Refusal::no_common_group, kTls12, AD::handshake_failure,
     "RFC 8422 §5.1, RFC 5246 §7.4.1.3: the cipher suites in common all need ECDHE, and no "
     "group is in common with the client"},
    {Refusal::no_common_signature_scheme, kTls13, AD::handshake_failure,
     "RFC 8446 §4.2.3: no certificate of ours can sign with a scheme the client offers"},
    {Refusal::no_common_signature_scheme, kTls12, AD::handshake_failure,
     "RFC 5246 §7.4.1.3, §7.4.1.4.1, §7.4.2, RFC 8422 §5.3: no certificate of ours fits a cipher "
     "suite in common (its key and keyUsage), signs with an algorithm the client offers and, for "
     "ECDSA, has its key on a curve the client offers"},
    {Refusal::no_client_certificate, kTls12, AD::handshake_failure,
     "RFC 5246 §7.4.6: the client sent no certificate and this server requires one"},
    {Refusal::bad_signature, kTls13, AD::decrypt_error,
     "RFC 8446 §4.4.3: the CertificateVerify signature does not verify"},
    {Refusal::bad_signature, kTls12, AD::decrypt_error,
     "RFC 5246 §7.4.3, §7.4.8: the signature does not verify"},
    {Refusal::bad_finished, kTls13, AD::decrypt_error,
     "RFC 8446 §4.4.4: the peer's Finished verify_data is not the HMAC of the transcript"},
    {Refusal::bad_finished, kTls12, AD::decrypt_error,
     "RFC 5246 §7.4.9: the peer's Finished verify_data is not the PRF of the handshake "
     "messages"},
};

}  // namespace

Error refusal_error(Refusal refusal, std::uint16_t version) {
  if (version != kTls12) version = kTls13;
  const Entry* found = nullptr;
  for (const auto& e : kEntries) {
    if (e.refusal != refusal) continue;
    if (!found || e.version == version) found = &e;
  }
  // Every refusal has a row (no_client_certificate only TLS 1.2's: TLS 1.3
  // has its own alert for it, certificate_required).
  return make_error(found->alert, found->rule);
}

std::optional<Refusal> refusal_of(const Error& error) {
  for (const auto& e : kEntries)
    if (error.rule.data() == e.rule.data() && error.rule.size() == e.rule.size()) return e.refusal;
  return std::nullopt;
}

}  // namespace glasstls::handshake
