// The Engine's authentication steps (RFC 8446 §4.4): the peer's chain
// checked by x509/, its CertificateVerify, and our own Certificate and
// CertificateVerify.
#include <algorithm>

#include "handshake/engine.hpp"

namespace glasstls::handshake {

using AD = AlertDescription;

Result<VerifiedChain> Engine::validate_peer_chain(const CertificateMessage& msg,
                                                  x509::Purpose purpose) {
  std::vector<x509::Certificate> chain;
  for (const auto& entry : msg.certificate_list) {
    auto cert = x509::Certificate::parse(entry.cert_data);
    // RFC 8446 §6.2: "bad_certificate: A certificate was corrupt". A
    // certificate signed with MD5 (md5WithRSAEncryption) is one x509/ does not
    // read (x509/signature_algorithm.cpp knows no MD5 algorithm), so it ends
    // here: RFC 8446 §4.4.2.4: "Any endpoint receiving any certificate which
    // it would need to validate using any signature algorithm using an MD5
    // hash MUST abort the handshake with a "bad_certificate" alert."
    if (!cert) {
      return make_error(AD::bad_certificate,
                        "RFC 8446 §4.4.2: a certificate in the chain is not a valid X.509 "
                        "certificate (RFC 5280 §4.1)");
    }
    chain.push_back(std::move(*cert));
  }
  negotiated_.peer_chain = chain;
  // The first entry is the peer's own certificate, the others any
  // intermediates in any order (x509::verify_path builds the path):
  // RFC 8446 §4.4.2: "all implementations SHOULD be prepared to handle
  // potentially extraneous certificates and arbitrary orderings from any TLS
  // version, with the exception of the end-entity certificate which MUST be
  // first."
  if (role_ == Role::client && config_.insecure_skip_verify) {
    trace_decision("certificate", "not checked", "Config::insecure_skip_verify");
    return VerifiedChain::unchecked(chain);
  }
  if (!config_.trust) {
    return make_error(AD::internal_error,
                      "Config: a trust store is needed to check the peer's certificate");
  }
  x509::VerifyOptions options;
  options.time = config_.now();
  options.purpose = purpose;
  // Unless Config::profile says otherwise, a client checks a server as a
  // browser would (the Baseline Requirements on top of RFC 5280); a server
  // checks its mutual-TLS clients, whose certificates usually come from a
  // private CA, by RFC 5280 alone.
  options.profile = config_.profile.value_or(
      role_ == Role::client ? x509::ValidationProfile::webpki : x509::ValidationProfile::rfc5280);
  if (role_ == Role::client && !negotiated_.server_name.empty()) {
    options.hostname = negotiated_.server_name;
  }
  if (role_ == Role::client) options.public_suffixes = config_.public_suffixes.get();
  const std::span<const x509::Certificate> intermediates =
      std::span<const x509::Certificate>(chain).subspan(1);
  options.sink = sink_;  // path building reports its steps as trace::PathEvents
  auto verified = x509::verify_path(chain.front(), intermediates, *config_.trust, options);
  if (!verified) {
    // The alert x509/ chose (certificate_expired, unknown_ca, bad_certificate,
    // unsupported_certificate ...), RFC 8446 §6.2. RFC 8446 §4.4.2.2: "If the
    // client cannot construct an acceptable chain using the provided
    // certificates and decides to abort the handshake, then it MUST abort the
    // handshake with an appropriate certificate-related alert (by default,
    // "unsupported_certificate"; see Section 6.2 for more information)."
    return verified.error();
  }
  negotiated_.verified_path = verified->chain();
  const auto& leaf = chain.front();
  negotiated_.peer_subject = leaf.subject_string();
  if (const auto& sans = leaf.extensions().subject_alt_names) {
    for (const auto& n : *sans) negotiated_.peer_names.push_back(n.to_string());
  }
  return VerifiedChain(*verified);
}

Result<SignatureVerified> Engine::check_certificate_verify(
    const VerifiedChain& chain, std::span<const std::uint8_t> message,
    const std::vector<std::uint16_t>& offered) {
  auto cv = CertificateVerify::parse(message);
  if (!cv) return cv.error();
  // RFC 8446 §4.4.3: "the signature algorithm MUST be one offered in the
  // [peer's] "signature_algorithms" extension".
  if (std::find(offered.begin(), offered.end(), cv->algorithm) == offered.end()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.4.3: the CertificateVerify algorithm was not offered in "
                      "signature_algorithms")
        .with_found(cv->algorithm);
  }
  // RFC 8446 §4.4.2.2 (the server's certificate; §4.4.2.3 says the same of
  // the client's): "The certificate MUST allow the key to be used for signing
  // (i.e., the digitalSignature bit MUST be set if the Key Usage extension is
  // present)". Checked even when the chain is not (insecure_skip_verify): it
  // is about the key's use in this handshake, not about trust.
  const auto& key_usage = chain.leaf().extensions().key_usage;
  if (key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature)) {
    return make_error(AD::unsupported_certificate,
                      "RFC 8446 §4.4.2.2: the peer's certificate does not allow its key to be "
                      "used for signing (keyUsage without digitalSignature)");
  }
  const Role signer = role_ == Role::client ? Role::server : Role::client;
  const Bytes content = certificate_verify_content(signer, transcript_.current());
  auto ok = verify_certificate_verify(chain.leaf().public_key(), cv->algorithm, content,
                                      cv->signature, config_.min_rsa_bits < 2048);
  if (sink_) {
    sink_->on_event(
        trace::SignatureEvent{trace::Direction::received, cv->algorithm, content, ok.has_value()});
  }
  if (!ok) return ok.error();
  transcript_.add(message);
  return ok;
}

Bytes Engine::build_certificate(const x509::KeyStore* identity, const Bytes& context) {
  CertificateMessage msg;
  msg.certificate_request_context = context;
  // A KeyStore holds X.509 certificates and we negotiate no other
  // certificate type (no RFC 7250 raw public keys, no RFC 6091 OpenPGP):
  // RFC 8446 §4.4.2.2: "The certificate type MUST be X.509v3 [RFC5280]"
  // (the server's), RFC 8446 §4.4.2.3: "The certificate type MUST be X.509v3
  // [RFC5280]" (the client's), RFC 8446 §4.4.2: "The OpenPGP certificate
  // type [RFC6091] MUST NOT be used with TLS 1.3."
  // The KeyStore's chain starts with its leaf: RFC 8446 §4.4.2: "The
  // sender's certificate MUST come in the first CertificateEntry in the
  // list." We send no CertificateEntry extensions (we answer no
  // status_request or signed_certificate_timestamp), so none can fail
  // RFC 8446 §4.4.2: "Extensions in the Certificate message from the server
  // MUST correspond to ones from the ClientHello message."
  // RFC 8446 §4.4.2: "Extensions in the Certificate message from the client
  // MUST correspond to extensions in the CertificateRequest message from the
  // server."
  if (identity) {
    for (const auto& cert : identity->chain()) {
      msg.certificate_list.push_back({Bytes(cert.der().begin(), cert.der().end()), {}});
    }
  }
  return msg.serialize(sent_fields());
}

Result<Bytes> Engine::build_certificate_verify(const x509::KeyStore& identity,
                                               std::uint16_t scheme) {
  const Bytes content = certificate_verify_content(role_, transcript_.current());
  if (sink_) {
    sink_->on_event(trace::SignatureEvent{trace::Direction::sent, scheme, content, true});
  }
  auto sig = sign_certificate_verify(identity.key(), scheme, content, *config_.rng);
  if (!sig) return sig.error();
  return CertificateVerify{scheme, std::move(*sig)}.serialize(sent_fields());
}
}  // namespace glasstls::handshake
