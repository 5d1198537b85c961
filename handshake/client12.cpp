// The TLS 1.2 client (RFC 5246 §7.3), message by message:
//
//   WAIT_SH --ServerHello--> WAIT_SERVER_CERTIFICATE --Certificate-->
//   WAIT_SERVER_KEY_EXCHANGE --ServerKeyExchange--> WAIT_CERTIFICATE_REQUEST
//   (RSA key transport: no ServerKeyExchange) --[CertificateRequest]-->
//   WAIT_SERVER_HELLO_DONE --ServerHelloDone / send [Certificate],
//   ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished-->
//   WAIT_CHANGE_CIPHER_SPEC --ChangeCipherSpec--> WAIT_FINISHED --Finished--> CONNECTED
#include <algorithm>

#include "crypto/rsa.hpp"
#include "handshake/engine.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Does the certificate's key fit what the suite needs (RFC 5246 §7.4.2: "The
// end entity certificate's public key (and associated restrictions) MUST be
// compatible with the selected key exchange algorithm")?
bool key_fits_suite(const x509::PublicKey& key, const SuiteInfo& suite) {
  const bool ec = key.type == x509::KeyType::ec_p256 || key.type == x509::KeyType::ec_p384 ||
                  key.type == x509::KeyType::ed25519;
  // An id-RSASSA-PSS key signs (ECDHE_RSA with rsa_pss_pss_*) but never
  // decrypts a premaster secret (RFC 5246 §7.4.7.1 needs rsaEncryption).
  if (suite.server_key == ServerKeyKind::ecdsa) return ec;
  return suite.key_exchange == KeyExchangeKind::rsa ? key.type == x509::KeyType::rsa
                                                    : x509::is_rsa_key(key.type);
}

}  // namespace

Result<void> Engine::client12_on_server_hello(const ServerHello& sh,
                                              std::span<const std::uint8_t> m) {
  // RFC 5246 §7.4.1.3: "cipher_suite The single cipher suite selected by the
  // server from the list in ClientHello.cipher_suites."
  const SuiteInfo* suite = find_suite(sh.cipher_suite, kTls12);
  if (!contains(sent_suites_, sh.cipher_suite) || !suite) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.1.3: the server chose a cipher suite that was not offered")
        .with_found(sh.cipher_suite);
  }
  if (sh.legacy_compression_method != 0) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.1.3: the server chose a compression method not offered");
  }
  bool ems = false, secure_renegotiation = false;
  for (const auto& e : sh.extensions.list) {
    // RFC 5246 §7.4.1.4: "An extension type MUST NOT appear in the ServerHello
    // unless the same extension type appeared in the corresponding
    // ClientHello." RFC 5246 §7.4.1.4: "If a client receives an extension type in
    // ServerHello that it did not request in the associated ClientHello, it
    // MUST abort the handshake with an unsupported_extension fatal alert."
    // RFC 5746 §3.4: a client that signalled secure renegotiation with
    // TLS_EMPTY_RENEGOTIATION_INFO_SCSV instead of the extension "MUST check
    // if [the ServerHello] includes the "renegotiation_info" extension".
    const bool answers_scsv =
        e.type == code(ExtensionType::renegotiation_info) &&
        contains(sent_suites_, code(CipherSuite::tls_empty_renegotiation_info_scsv));
    if (!contains(offered_extensions_, e.type) && !answers_scsv) {
      return make_error(AD::unsupported_extension,
                        "RFC 5246 §7.4.1.4: an extension in the ServerHello that the client did "
                        "not request")
          .with_found(e.type);
    }
    switch (static_cast<ExtensionType>(e.type)) {
      case ExtensionType::extended_master_secret:
        // RFC 7627 §5.1: "The "extension_data" field of this extension is empty."
        if (!e.data.empty()) {
          return make_error(AD::decode_error,
                            "RFC 7627 §5.1: extended_master_secret carries no data");
        }
        ems = true;
        break;
      case ExtensionType::renegotiation_info: {
        auto v = decode_renegotiation_info(e.data);
        if (!v) return v.error();
        // RFC 5746 §3.4: "the client MUST then verify that the length of the
        // "renegotiated_connection" field is zero, and if it is not, MUST
        // abort the handshake (by sending a fatal handshake_failure alert)."
        if (!v->empty()) {
          return make_error(AD::handshake_failure,
                            "RFC 5746 §3.4: renegotiated_connection must be empty in an initial "
                            "handshake");
        }
        secure_renegotiation = true;
        break;
      }
      case ExtensionType::ec_point_formats: {
        auto v = decode_ec_point_formats(e.data);
        if (!v) return v.error();
        // RFC 8422 §5.1.2: the uncompressed format (0) "MUST be supported".
        if (std::find(v->begin(), v->end(), 0) == v->end()) {
          return make_error(AD::illegal_parameter,
                            "RFC 8422 §5.1.2: the server's ec_point_formats lacks uncompressed");
        }
        break;
      }
      case ExtensionType::server_name:
        // RFC 6066 §3: the server's "extension_data" field "SHALL be empty".
        if (!e.data.empty()) {
          return make_error(AD::decode_error,
                            "RFC 6066 §3: the server's server_name extension must be empty");
        }
        break;
      case ExtensionType::application_layer_protocol_negotiation: {
        auto names = decode_alpn(e.data);
        if (!names) return names.error();
        // RFC 7301 §3.1: exactly one "ProtocolName", one the client offered.
        if (names->size() != 1 || std::find(config_.alpn.begin(), config_.alpn.end(),
                                            names->front()) == config_.alpn.end()) {
          return make_error(AD::illegal_parameter,
                            "RFC 7301 §3.1: the server must select exactly one protocol the "
                            "client offered");
        }
        negotiated_.alpn = names->front();
        break;
      }
      case ExtensionType::record_size_limit: {
        // RFC 8449 §4: "In TLS 1.2 and earlier, the record_size_limit
        // extension is sent in ServerHello" (negotiated_.version is set below:
        // the limit is read for TLS 1.2 here).
        auto limit = decode_record_size_limit(e.data);
        if (!limit) return limit.error();
        negotiated_.version = kTls12;
        if (auto applied = apply_peer_record_size_limit(*limit); !applied) return applied;
        break;
      }
      default: break;
    }
  }
  // RFC 7627 §5.3: "If the original session did not use the
  // "extended_master_secret" extension but the new ClientHello contains the
  // extension, ..." — and for a full handshake (§5.2), a client that requires
  // the extension "MUST" abort when the server does not echo it.
  if (!ems && config_.require_extended_master_secret) {
    return make_error(AD::handshake_failure,
                      "RFC 7627 §5.2: the server does not support extended_master_secret, which "
                      "this client requires");
  }
  (void)secure_renegotiation;  // no renegotiation is ever done: nothing depends on it
  tls12_.ticket_coming = sh.extensions.has(ExtensionType::session_ticket);
  tls12_.session_id = sh.legacy_session_id_echo;
  suite_ = suite;
  tls12_.server_random = sh.random;
  negotiated_.version = kTls12;
  negotiated_.cipher_suite = sh.cipher_suite;
  negotiated_.extended_master_secret = ems;
  records_.set_padding(0);  // RFC 5246 AEAD records have no padding
  // RFC 5246 §7.4.9: "For the PRF defined in Section 5, the Hash MUST be the
  // Hash used as the basis for the PRF." (the transcript and the PRF below
  // both use the suite's hash)
  transcript_.set_hash(suite_->hash, /*keep_messages=*/true);
  transcript_.add(m);
  tls12_.keys.emplace(suite_->hash, sink_);
  trace_decision("version", "TLS 1.2", "the server's ServerHello has no supported_versions");
  trace_decision("cipher suite", cipher_suite_name(sh.cipher_suite), "chosen by the server");
  // RFC 5246 §7.4.1.3: a ServerHello echoing the session ID we offered
  // resumes that session (RFC 5077 §3.4: so does one echoing the ID we sent
  // beside a ticket). Any other answer is a full handshake, with whatever
  // suite the server chose above: RFC 5246 §7.4.1.3: "Clients MUST be
  // prepared to do a full negotiation -- including negotiating new cipher
  // suites -- during any handshake."
  const bool session12 =
      offered_session_ && find_suite(offered_session_->state.cipher_suite, kTls12);
  if (session12 && !session_id_.empty() && sh.legacy_session_id_echo == session_id_) {
    return client12_resume(sh);
  }
  move_to(State::wait_server_certificate, HandshakeType::server_hello);
  return success();
}

Result<void> Engine::client12_resume(const ServerHello& sh) {
  const SessionState& st = offered_session_->state;
  // RFC 5246 §7.4.1.3: "For resumed sessions, this field is the value from
  // the state of the session being resumed."
  if (sh.cipher_suite != st.cipher_suite) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.1.3: a resumed session must keep its cipher suite")
        .with_found(sh.cipher_suite);
  }
  // RFC 7627 §5.3: "If the original session used the "extended_master_secret"
  // extension but the new ServerHello does not contain the extension, the
  // client MUST abort the handshake" (and the reverse as well).
  if (st.extended_master_secret != negotiated_.extended_master_secret) {
    return make_error(AD::handshake_failure,
                      "RFC 7627 §5.3: a resumed session must keep its extended_master_secret "
                      "setting");
  }
  if (auto r = tls12_.keys->resume_master_secret(st.psk.bytes(), client_random_); !r) return r;
  if (auto r = tls12_prepare_keys(); !r) return r;
  transcript_.drop_messages();  // no CertificateVerify in an abbreviated handshake
  tls12_.resumed = true;
  tls12_.session_id = st.session_id;
  negotiated_.resumed = true;
  negotiated_.peer_subject = st.peer_subject;
  negotiated_.peer_names = st.peer_names;
  trace_decision("resumption", st.session_id.empty() ? "ticket" : "session ID",
                 "the server echoed our session ID: an abbreviated handshake");
  move_to(tls12_.ticket_coming ? State::wait_new_session_ticket : State::wait_change_cipher_spec,
          HandshakeType::server_hello);
  (void)sh;
  return success();
}

Result<void> Engine::client12_on_new_session_ticket(std::span<const std::uint8_t> m) {
  auto nst = NewSessionTicket12::parse(m);
  if (!nst) return nst.error();
  // RFC 5077 §3.3: the ticket is part of the handshake messages Finished covers.
  transcript_.add(m);
  tls12_.new_ticket = std::move(*nst);
  move_to(State::wait_change_cipher_spec, HandshakeType::new_session_ticket);
  return success();
}

void Engine::client12_save_session() {
  if (!config_.session_cache) return;
  ClientSessionCache::Entry entry;
  entry.state = tls12_session_state();
  if (tls12_.new_ticket) {
    entry.ticket = tls12_.new_ticket->ticket;
    // RFC 5077 §3.3: ticket_lifetime_hint 0 "indicates that the lifetime of
    // the ticket is unspecified".
    if (tls12_.new_ticket->ticket_lifetime_hint != 0) {
      entry.state.lifetime = tls12_.new_ticket->ticket_lifetime_hint;
    }
  }
  if (entry.ticket.empty() && entry.state.session_id.empty()) return;  // nothing to resume with
  remember_saved_session(entry.ticket.empty() ? entry.state.session_id : entry.ticket);
  config_.session_cache->put(negotiated_.server_name, std::move(entry));
}

Result<void> Engine::client12_on_certificate(std::span<const std::uint8_t> m) {
  auto msg = Certificate12::parse(m);
  if (!msg) return msg.error();
  // RFC 5246 §7.4.2: the server "MUST send a Certificate message whenever the
  // agreed-upon key exchange method uses certificates for authentication".
  if (msg->certificate_list.empty()) {
    return make_error(AD::decode_error, "RFC 5246 §7.4.2: the server sent no certificate");
  }
  auto chain = validate_chain12(*msg, x509::Purpose::server);
  if (!chain) return chain.error();
  // RFC 5246 §7.4.2: "The certificate MUST be appropriate for the negotiated
  // cipher suite's key exchange algorithm [...]" (the key type; the
  // extensions part is not checked here).
  if (!key_fits_suite(chain->leaf().public_key(), *suite_)) {
    return make_error(AD::unsupported_certificate,
                      "RFC 5246 §7.4.2: the server certificate's key does not fit the cipher "
                      "suite's key exchange");
  }
  // ... and its keyUsage must allow that use of the key (key_exchange12.cpp).
  if (!key_usage_fits_suite(chain->leaf().extensions().key_usage, *suite_)) {
    return make_error(AD::unsupported_certificate,
                      "RFC 5246 §7.4.2: the server certificate's keyUsage does not allow the "
                      "suite's use of its key (digitalSignature for ECDHE, keyEncipherment for "
                      "RSA key transport)");
  }
  // RFC 5246 §7.4.2: "The certificate MUST be appropriate for the negotiated
  // cipher suite's key exchange algorithm and any negotiated extensions." —
  // our supported_groups among them:
  // RFC 8422 §5.3: "If the client has used a Supported Elliptic Curves
  // Extension, the public key in the server's certificate MUST respect the
  // client's choice of elliptic curves."
  const std::uint16_t curve = named_curve_of(chain->leaf().public_key().type);
  if (curve != 0 && !contains(config_.effective_groups(), curve)) {
    return make_error(AD::unsupported_certificate,
                      "RFC 8422 §5.3: the server certificate's ECDSA key is on a curve the "
                      "client did not offer")
        .with_found(curve);
  }
  peer_chain_ = std::move(*chain);
  transcript_.add(m);
  move_to(suite_->key_exchange == KeyExchangeKind::ecdhe ? State::wait_server_key_exchange
                                                         : State::wait_certificate_request,
          HandshakeType::certificate);
  return success();
}

Result<void> Engine::client12_on_server_key_exchange(std::span<const std::uint8_t> m) {
  auto ske = ServerKeyExchange12::parse(m);
  if (!ske) return ske.error();
  // RFC 8422 §5.4: the curve must be one the client listed in supported_groups.
  if (!contains(config_.effective_groups(), ske->named_curve)) {
    return make_error(AD::illegal_parameter,
                      "RFC 8422 §5.4: the server chose a curve the client did not offer")
        .with_found(ske->named_curve);
  }
  // RFC 5246 §7.4.3: "If the client has offered the "signature_algorithms"
  // extension, the signature algorithm and hash algorithm MUST be a pair
  // listed in that extension." (We always offer it.)
  if (!contains(offered_schemes_, ske->algorithm)) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.1.4.1: the ServerKeyExchange is signed with an algorithm "
                      "the client did not offer")
        .with_found(ske->algorithm);
  }
  // RFC 8422 §5.4: "signed_params: ... the hash is computed over
  // ClientHello.random + ServerHello.random + ServerECDHParams".
  const Bytes content = ecdhe_params_to_sign(client_random_, tls12_.server_random, ske->params());
  auto ok = verify_certificate_verify(peer_chain_->leaf().public_key(), ske->algorithm, content,
                                      ske->signature, config_.min_rsa_bits < 2048, kTls12);
  if (sink_) {
    sink_->on_event(
        trace::SignatureEvent{trace::Direction::received, ske->algorithm, content, ok.has_value()});
  }
  if (!ok) return ok.error();
  peer_signature_ = std::move(*ok);
  negotiated_.signature_scheme = ske->algorithm;
  negotiated_.group = ske->named_curve;
  tls12_.peer_point = ske->public_key;
  transcript_.add(m);
  move_to(State::wait_certificate_request, HandshakeType::server_key_exchange);
  return success();
}

Result<void> Engine::client12_on_certificate_request(std::span<const std::uint8_t> m) {
  auto cr = CertificateRequest12::parse(m);
  if (!cr) return cr.error();
  tls12_.certificate_requested = true;
  tls12_.requested_schemes = cr->supported_signature_algorithms;
  // Our answer: the first identity whose key type the server accepts
  // (certificate_types), that can sign with one of its
  // supported_signature_algorithms and whose chain leads to a listed CA
  // (RFC 5246 §7.4.4); none: an empty Certificate (§7.4.6).
  // RFC 5246 §7.4.4: "- The end-entity certificate provided by the client
  // MUST contain a key that is compatible with certificate_types."
  // RFC 5246 §7.4.4: "If the key is a signature key, it MUST be usable with
  // some hash/signature algorithm pair in supported_signature_algorithms."
  for (const auto& held : config_.identities) {
    // RFC 5246 §7.4.6: "rsa_sign RSA public key; the certificate MUST allow
    // the key to be used for signing"; RFC 5246 §7.4.6: "ecdsa_sign
    // ECDSA-capable public key; the certificate MUST allow the key to be used
    // for signing" — not a certificate whose keyUsage leaves out
    // digitalSignature.
    const auto& key_usage = held->leaf().extensions().key_usage;
    if (key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature)) continue;
    const auto type = held->key().type();
    const std::uint8_t wanted = x509::is_rsa_key(type) ? code(ClientCertificateType::rsa_sign)
                                                       : code(ClientCertificateType::ecdsa_sign);
    if (std::find(cr->certificate_types.begin(), cr->certificate_types.end(), wanted) ==
        cr->certificate_types.end()) {
      continue;
    }
    const auto scheme = choose_scheme(held->key(), cr->supported_signature_algorithms,
                                      config_.effective_signature_schemes(), kTls12);
    if (!scheme) continue;
    bool listed = cr->certificate_authorities.empty();
    for (const auto& cert : held->chain()) {
      const auto issuer = cert.issuer().der;
      for (const auto& n : cr->certificate_authorities) {
        listed |= std::equal(n.begin(), n.end(), issuer.begin(), issuer.end());
      }
    }
    if (listed) {
      client_identity_ = held.get();
      client_scheme_ = *scheme;
      break;
    }
  }
  transcript_.add(m);
  move_to(State::wait_server_hello_done, HandshakeType::certificate_request);
  return success();
}

Result<void> Engine::client12_on_server_hello_done(std::span<const std::uint8_t> m) {
  if (auto done = ServerHelloDone::parse(m); !done) return done.error();
  transcript_.add(m);
  const HandshakeType cause = HandshakeType::server_hello_done;

  // RFC 5246 §7.4.6: "This is the first message the client can send after
  // receiving a ServerHelloDone message. This message is only sent if the
  // server requests a certificate." — empty when we have none that fits:
  // RFC 5246 §7.4.6: "If no suitable certificate is available, the client
  // MUST send a certificate message containing no certificates."
  // RFC 5246 §7.3: "If the server has sent a CertificateRequest message, the
  // client MUST send the Certificate message."
  if (tls12_.certificate_requested) {
    send_message(HandshakeType::certificate, build_certificate12(client_identity_));
  }

  // RFC 5246 §7.4.7: ClientKeyExchange — the premaster secret.
  // RFC 5246 §7.4.7: "It MUST immediately follow the client certificate
  // message, if it is sent. Otherwise, it MUST be the first message sent by
  // the client after it receives the ServerHelloDone message."
  ClientKeyExchange12 cke;
  cke.kind = suite_->key_exchange;
  crypto::Secret<48> pre_master;
  if (suite_->key_exchange == KeyExchangeKind::ecdhe) {
    // RFC 8422 §5.7: our ephemeral key on the server's curve; the premaster
    // secret is the ECDH shared secret (§5.10: the x coordinate).
    auto share = KeyShare::generate(negotiated_.group, *config_.rng);
    if (!share) return share.error();
    auto z = share->shared_secret(tls12_.peer_point, kTls12);
    if (!z) return z.error();
    cke.exchange_keys = share->public_bytes();
    pre_master = crypto::Secret<48>::from(z->bytes());
  } else {
    // RFC 5246 §7.4.7.1: "client_version The latest (newest) version
    // supported by the client. [...] random 46 securely-generated random
    // bytes", encrypted to the server's RSA key (the seeds' "the client
    // encrypts a session key with the server's public key").
    // RFC 5246 §7.4.7.1: "Client implementations MUST always send the correct
    // version number in PreMasterSecret." (0x0303, our ClientHello.client_version).
    pre_master = crypto::Secret<48>(48);
    auto bytes = pre_master.mutable_bytes();
    bytes[0] = 0x03;
    bytes[1] = 0x03;
    config_.rng->fill(bytes.subspan(2));
    const auto* rsa = std::get_if<crypto::RsaPublicKey>(&peer_chain_->leaf().public_key().key);
    if (!rsa) return make_error(AD::internal_error, "RSA key transport without an RSA key");
    auto sealed = crypto::rsa_pkcs1_encrypt(*rsa, pre_master.bytes(), *config_.rng);
    if (!sealed) return sealed.error();
    cke.exchange_keys = std::move(*sealed);  // the server proves its key by its Finished
  }
  send_message(HandshakeType::client_key_exchange, cke.serialize(sent_fields()));
  if (auto r = tls12_derive_master_secret(pre_master.bytes()); !r) return r;

  // RFC 5246 §7.4.8: "This message is only sent following a client
  // certificate that has signing capability". RFC 5246 §7.4.8: "When sent, it
  // MUST immediately follow the client key exchange message."
  if (tls12_.certificate_requested && client_identity_) {
    auto cv = build_certificate_verify12(*client_identity_, client_scheme_);
    if (!cv) return cv.error();
    send_message(HandshakeType::certificate_verify, *cv);
  }
  transcript_.drop_messages();
  if (auto r = send_change_cipher_spec12(); !r) return r;
  if (auto r = send_finished12(); !r) return r;
  move_to(tls12_.ticket_coming ? State::wait_new_session_ticket : State::wait_change_cipher_spec,
          cause);
  return success();
}

Result<void> Engine::client12_on_finished(std::span<const std::uint8_t> m) {
  auto verified = verify_finished12(m);
  if (!verified) return verified.error();
  if (tls12_.resumed) {
    // RFC 5246 §7.3: in the abbreviated handshake the client answers the
    // server's Finished with its own ChangeCipherSpec and Finished.
    // RFC 5246 §7.3: "At this point, both client and server MUST send
    // ChangeCipherSpec messages and proceed directly to Finished messages."
    if (auto r = send_change_cipher_spec12(); !r) return r;
    if (auto r = send_finished12(); !r) return r;
  }
  move_to(State::connected, HandshakeType::finished);
  enter_connected(*verified);
  client12_save_session();
  return success();
}

}  // namespace glasstls::handshake
