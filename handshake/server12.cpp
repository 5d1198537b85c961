// The TLS 1.2 server (RFC 5246 §7.3), message by message:
//
//   START --ClientHello / send ServerHello, Certificate, ServerKeyExchange,
//   [CertificateRequest], ServerHelloDone--> WAIT_CLIENT_CERTIFICATE
//   --Certificate--> WAIT_CLIENT_KEY_EXCHANGE --ClientKeyExchange-->
//   [WAIT_CLIENT_CERTIFICATE_VERIFY --CertificateVerify-->]
//   WAIT_CHANGE_CIPHER_SPEC --ChangeCipherSpec--> WAIT_FINISHED
//   --Finished / send ChangeCipherSpec, Finished--> CONNECTED
#include <algorithm>

#include "crypto/rsa.hpp"
#include "handshake/engine.hpp"
#include "handshake/refusals.hpp"
#include "x509/identity.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool is_ec(x509::KeyType t) {
  return t == x509::KeyType::ec_p256 || t == x509::KeyType::ec_p384 || t == x509::KeyType::ed25519;
}

// What a TLS 1.2 ClientHello offers besides its suites.
struct Offer12 {
  std::vector<std::uint16_t> groups;
  std::vector<std::uint16_t> schemes;
  std::vector<std::string> alpn;
  std::string server_name;
  bool has_server_name = false, has_groups = false, point_formats = false;
  bool extended_master_secret = false, renegotiation_info = false;
  std::optional<std::uint16_t> record_size_limit;
};

Result<Offer12> read_offer12(const ClientHello& ch) {
  Offer12 o;
  for (const auto& e : ch.extensions.list) {
    switch (static_cast<ExtensionType>(e.type)) {
      case ExtensionType::supported_groups: {
        auto v = decode_named_group_list(e.data);
        if (!v) return v.error();
        o.groups = std::move(*v);
        o.has_groups = true;
        break;
      }
      case ExtensionType::signature_algorithms: {
        auto v = decode_signature_scheme_list(e.data);
        if (!v) return v.error();
        o.schemes = std::move(*v);
        break;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        auto v = decode_alpn(e.data);
        if (!v) return v.error();
        o.alpn = std::move(*v);
        break;
      }
      case ExtensionType::server_name: {
        auto v = decode_server_name(e.data);
        if (!v) return v.error();
        o.server_name = std::move(*v);
        o.has_server_name = true;
        break;
      }
      case ExtensionType::ec_point_formats: {
        auto v = decode_ec_point_formats(e.data);
        if (!v) return v.error();
        // RFC 8422 §5.1.2: uncompressed "MUST be supported" by both sides.
        if (std::find(v->begin(), v->end(), 0) == v->end()) {
          return make_error(AD::illegal_parameter,
                            "RFC 8422 §5.1.2: ec_point_formats without uncompressed");
        }
        o.point_formats = true;
        break;
      }
      case ExtensionType::extended_master_secret:
        if (!e.data.empty()) {
          return make_error(AD::decode_error,
                            "RFC 7627 §5.1: extended_master_secret carries no data");
        }
        o.extended_master_secret = true;
        break;
      case ExtensionType::renegotiation_info: {
        auto v = decode_renegotiation_info(e.data);
        if (!v) return v.error();
        // RFC 5746 §3.6: "The server MUST then verify that the length of the
        // "renegotiated_connection" field is zero, and if it is not, MUST
        // abort the handshake."
        if (!v->empty()) {
          return make_error(AD::handshake_failure,
                            "RFC 5746 §3.6: renegotiated_connection must be empty in an initial "
                            "handshake");
        }
        o.renegotiation_info = true;
        break;
      }
      case ExtensionType::record_size_limit: {
        auto v = decode_record_size_limit(e.data);
        if (!v) return v.error();
        o.record_size_limit = *v;
        break;
      }
      default: break;
    }
  }
  return o;
}

}  // namespace

Result<void> Engine::server12_on_client_hello(const ClientHello& ch,
                                              std::span<const std::uint8_t> m) {
  // RFC 5246 §7.4.1.2: "This vector MUST contain, and all implementations
  // MUST support, CompressionMethod.null." Other methods beside it are
  // passed over (null is the one we choose), RFC 8446 §4.1.2: "Note that TLS
  // 1.3 servers might receive TLS 1.2 or prior ClientHellos which contain
  // other compression methods and (if negotiating such a prior version) MUST
  // follow the procedures for the appropriate prior version of TLS."
  if (std::find(ch.legacy_compression_methods.begin(), ch.legacy_compression_methods.end(), 0) ==
      ch.legacy_compression_methods.end()) {
    return make_error(AD::illegal_parameter,
                      "RFC 5246 §7.4.1.2: the compression methods must include null (0)");
  }
  // RFC 7507 §3: "If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites
  // and the highest protocol version supported by the server is higher than
  // the version indicated in ClientHello.client_version, the server MUST
  // respond with a fatal inappropriate_fallback alert".
  if (contains(ch.cipher_suites, code(CipherSuite::tls_fallback_scsv)) && config_.allows(kTls13)) {
    return make_error(AD::inappropriate_fallback,
                      "RFC 7507 §3: TLS_FALLBACK_SCSV from a client that could have offered the "
                      "higher version this server speaks");
  }
  auto offer = read_offer12(ch);
  if (!offer) return offer.error();
  // RFC 7627 §5.3: a server that requires the extension aborts a full
  // handshake without it ("MUST abort the handshake with a fatal
  // handshake_failure alert" when it does not fall back).
  if (!offer->extended_master_secret && config_.require_extended_master_secret) {
    return make_error(AD::handshake_failure,
                      "RFC 7627 §5.3: the client does not offer extended_master_secret, which "
                      "this server requires");
  }
  if (offer->has_server_name) negotiated_.server_name = offer->server_name;

  // Resumption (RFC 5246 §7.3, RFC 5077 §3.1): a ticket that opens, or a
  // session ID in our cache — for a suite the client still offers, with the
  // same extended_master_secret setting (RFC 7627 §5.3: "the server MUST NOT
  // perform the abbreviated handshake" otherwise), and, when this server
  // requires client certificates, a session whose client was authenticated.
  const Extension* ticket_ext = ch.extensions.find(ExtensionType::session_ticket);
  tls12_.send_ticket = ticket_ext && config_.ticket_keys;
  std::optional<SessionState> session;
  if (ticket_ext && !ticket_ext->data.empty() && config_.ticket_keys) {
    session = config_.ticket_keys->open(ticket_ext->data, config_.now());
  } else if (!ch.legacy_session_id.empty() && config_.server_session_cache) {
    session = config_.server_session_cache->take(ch.legacy_session_id, config_.now());
  }
  if (session) {
    const SuiteInfo* info = find_suite(session->cipher_suite, kTls12);
    const bool fits =
        info && contains(ch.cipher_suites, session->cipher_suite) &&
        session->extended_master_secret == offer->extended_master_secret &&
        (config_.client_auth != ClientAuth::required || !session->peer_subject.empty());
    if (fits) {
      suite_ = info;
    } else {
      session.reset();
    }
  }

  // The suite, with an identity that fits it: in our order (or the
  // client's), the first TLS 1.2 suite for which we hold a key of its kind
  // that can sign with a scheme the client offers (RFC 5246 §7.4.1.4.1; no
  // signature_algorithms means SHA-1, which we do not sign with), and for
  // ECDHE a curve both support. By name first (SNI), then any.
  // RFC 5246 §7.4.1.4.1: "If the client does not send the
  // signature_algorithms extension, the server MUST do the following:" —
  // behave as if it had sent {sha1,rsa} or {sha1,ecdsa}: offer->schemes is
  // then empty, and as no SHA-1 scheme is among ours, choose_scheme() finds
  // none and no ECDHE suite is chosen (RSA key transport signs nothing).
  std::vector<std::uint16_t> ours;
  if (session) ours.push_back(code(suite_->suite));  // the resumed session's suite
  for (auto s : config_.effective_suites()) {
    if (find_suite(s, kTls12)) ours.push_back(s);
  }
  // A server with the default list also accepts RSA key transport, last
  // (issue 12: "accepted by the server when an RSA identity is configured");
  // clients offer it only when told to.
  if (config_.cipher_suites.empty()) {
    for (auto s : {CipherSuite::tls_rsa_with_aes_128_gcm_sha256,
                   CipherSuite::tls_rsa_with_aes_256_gcm_sha384}) {
      ours.push_back(code(s));
    }
  }
  const auto& first =
      config_.preference == ServerPreference::server_order ? ours : ch.cipher_suites;
  const auto& second =
      config_.preference == ServerPreference::server_order ? ch.cipher_suites : ours;
  std::uint16_t group = 0;
  for (auto g : config_.effective_groups()) {
    // RFC 8422 §4: without supported_groups the client is assumed to accept any.
    if (is_supported_group(g) && (!offer->has_groups || contains(offer->groups, g))) {
      group = g;
      break;
    }
  }
  const auto schemes = config_.effective_signature_schemes();
  // Only a suite in both lists is a candidate: RFC 5246 §7.4.1.2: "If the
  // list contains cipher suites the server does not recognize, support, or
  // wish to use, the server MUST ignore those cipher suites, and process the
  // remaining ones as usual."
  for (auto s : first) {
    if (!contains(second, s) || identity_ || session) continue;
    const SuiteInfo* info = find_suite(s, kTls12);
    if (info->key_exchange == KeyExchangeKind::ecdhe && group == 0) continue;
    const x509::KeyStore* fallback = nullptr;
    std::uint16_t fallback_scheme = 0;
    for (const auto& held : config_.identities) {
      const auto type = held->key().type();
      // An id-RSASSA-PSS key signs (ECDHE_RSA) but does not decrypt (RSA key transport).
      const bool rsa_fits = info->key_exchange == KeyExchangeKind::rsa ? type == x509::KeyType::rsa
                                                                       : x509::is_rsa_key(type);
      if (info->server_key == ServerKeyKind::ecdsa ? !is_ec(type) : !rsa_fits) continue;
      // RFC 8422 §5.3: "If the client has used a Supported Elliptic Curves
      // Extension, the public key in the server's certificate MUST respect
      // the client's choice of elliptic curves. A server that cannot satisfy
      // this requirement MUST NOT choose an ECC cipher suite in its
      // ServerHello message." — this certificate is skipped for this suite
      // (another certificate, or another suite, may fit).
      // RFC 5246 §7.4.2: "The public key MUST use a curve and point format
      // supported by the client, as described in [TLSECC]." (the format is
      // uncompressed, the only one RFC 8422 §5.1.2 keeps)
      const std::uint16_t curve = named_curve_of(type);
      if (curve != 0 && offer->has_groups && !contains(offer->groups, curve)) continue;
      // Nor a certificate whose keyUsage forbids the suite's use of its key
      // (RFC 5246 §7.4.2, key_usage_fits_suite()).
      if (!key_usage_fits_suite(held->leaf().extensions().key_usage, *info)) continue;
      std::uint16_t scheme = 0;
      if (info->key_exchange == KeyExchangeKind::ecdhe) {
        // offer->schemes: the client's signature_algorithms.
        // RFC 5246 §7.4.1.4.1: "TLS servers MUST support receiving this
        // extension."
        // RFC 5246 §7.4.3: "In order to negotiate correctly, the server MUST
        // check any candidate cipher suites against the "signature_algorithms"
        // extension before selecting them."
        const auto chosen = choose_scheme(held->key(), offer->schemes, schemes, kTls12);
        if (!chosen) continue;
        scheme = *chosen;
      }
      const bool name_ok = negotiated_.server_name.empty() ||
                           x509::verify_hostname(held->leaf(), negotiated_.server_name).ok();
      if (name_ok) {
        identity_ = held.get();
        our_scheme_ = scheme;
        break;
      }
      if (!fallback) {
        fallback = held.get();
        fallback_scheme = scheme;
      }
    }
    if (!identity_ && fallback) {
      identity_ = fallback;
      our_scheme_ = fallback_scheme;
    }
    if (identity_) suite_ = info;
  }
  // RFC 5246 §7.4.1.3: no acceptable choices -> handshake_failure. Which
  // list had nothing in common: the suites, the groups their ECDHE needs, or
  // the certificates and signature algorithms.
  if (!suite_) {
    bool common_suite = false, key_exchange_possible = false;
    for (auto s : first) {
      if (!contains(second, s)) continue;
      common_suite = true;
      if (find_suite(s, kTls12)->key_exchange != KeyExchangeKind::ecdhe || group != 0)
        key_exchange_possible = true;
    }
    if (!common_suite) return refusal_error(Refusal::no_common_suite, kTls12);
    if (!key_exchange_possible) return refusal_error(Refusal::no_common_group, kTls12);
    return refusal_error(Refusal::no_common_signature_scheme, kTls12);
  }
  trace_decision("version", "TLS 1.2", "the highest version both sides speak");
  trace_decision(
      "cipher suite", cipher_suite_name(code(suite_->suite)),
      config_.preference == ServerPreference::server_order ? "server's order" : "client's order");
  if (session) {
    trace_decision("resumption", ticket_ext && !ticket_ext->data.empty() ? "ticket" : "session ID",
                   "an abbreviated handshake (RFC 5246 §7.3)");
  } else {
    trace_decision("certificate", identity_->leaf().subject_string(),
                   "fits the suite, the server_name and a signature scheme the client offers");
  }

  // ALPN: RFC 7301 §3.2 as in TLS 1.3.
  if (!offer->alpn.empty() && !config_.alpn.empty()) {
    for (const auto& p : config_.alpn) {
      if (negotiated_.alpn.empty() &&
          std::find(offer->alpn.begin(), offer->alpn.end(), p) != offer->alpn.end()) {
        negotiated_.alpn = p;
      }
    }
    if (negotiated_.alpn.empty()) {
      return make_error(AD::no_application_protocol,
                        "RFC 7301 §3.2: no application protocol in common with the client");
    }
  }
  move_internal(State::negotiated, "parameters selected");

  negotiated_.version = kTls12;
  if (offer->record_size_limit) {
    if (auto applied = apply_peer_record_size_limit(*offer->record_size_limit); !applied) {
      return applied;
    }
  }
  negotiated_.cipher_suite = code(suite_->suite);
  negotiated_.extended_master_secret = offer->extended_master_secret;
  records_.set_padding(0);  // RFC 5246 AEAD records have no padding
  client_random_ = ch.random;
  client_hello_version_ = ch.legacy_version;
  client_schemes_ = offer->schemes;
  // RFC 5246 §7.4.9: "For the PRF defined in Section 5, the Hash MUST be the
  // Hash used as the basis for the PRF." (the transcript and the PRF below
  // both use the suite's hash)
  transcript_.set_hash(suite_->hash, /*keep_messages=*/true);
  transcript_.add(m);
  tls12_.keys.emplace(suite_->hash, sink_);

  // RFC 8446 §4.2.1: "A server which negotiates a version of TLS prior to TLS
  // 1.3 MUST set ServerHello.version and MUST NOT send the
  // "supported_versions" extension." (none is added below)
  ServerHello sh;
  sh.legacy_version = kTls12;
  // RFC 5246 §7.4.1.3: "random This structure is generated by the server and
  // MUST be independently generated from the ClientHello.random."
  config_.rng->fill(sh.random);
  // RFC 8446 §4.1.3: "TLS 1.3 servers which negotiate TLS 1.2 or below in
  // response to a ClientHello MUST set the last 8 bytes of their Random value
  // specially in their ServerHello." RFC 8446 §4.1.3: "The last 8 bytes MUST
  // be overwritten as described below if negotiating TLS 1.2 or TLS 1.1, but
  // the remaining bytes MUST be random."
  // RFC 8446 §4.1.3: "If negotiating TLS 1.2, TLS 1.3 servers MUST set the
  // last 8 bytes of their Random value to the bytes: 44 4F 57 4E 47 52 44 01".
  if (config_.allows(kTls13)) {
    std::copy(kDowngradeTls12.begin(), kDowngradeTls12.end(), sh.random.end() - 8);
  }
  tls12_.server_random = sh.random;
  sh.cipher_suite = code(suite_->suite);
  // RFC 5246 §7.4.1.3: a resumed session's ID is echoed; RFC 5077 §3.4: so
  // is the client's session ID beside an accepted ticket. A new session gets
  // an ID when this server keeps a session cache.
  if (session) {
    tls12_.session_id = ch.legacy_session_id;
  } else if (config_.server_session_cache) {
    // Random bytes, RFC 5246 §7.4.1.2: "Warning: Because the SessionID is
    // transmitted without encryption or immediate MAC protection, servers MUST
    // NOT place confidential information in session identifiers or let the
    // contents of fake session identifiers cause any breach of security."
    tls12_.session_id.resize(32);
    config_.rng->fill(tls12_.session_id);
  }
  sh.legacy_session_id_echo = tls12_.session_id;
  // The extensions below answer the client's; signature_algorithms is never
  // among them: RFC 5246 §7.4.1.4.1: "Servers MUST NOT send this extension."
  if (tls12_.send_ticket) sh.extensions.add(ExtensionType::session_ticket, {});
  // RFC 5746 §3.6: a client that signalled secure renegotiation (the
  // extension or TLS_EMPTY_RENEGOTIATION_INFO_SCSV) gets an empty
  // renegotiation_info.
  if (offer->renegotiation_info ||
      contains(ch.cipher_suites, code(CipherSuite::tls_empty_renegotiation_info_scsv))) {
    sh.extensions.add(ExtensionType::renegotiation_info, encode_renegotiation_info({}));
  }
  if (offer->extended_master_secret) sh.extensions.add(ExtensionType::extended_master_secret, {});
  if (offer->point_formats) {
    sh.extensions.add(ExtensionType::ec_point_formats, encode_ec_point_formats({0}));
  }
  if (offer->has_server_name) sh.extensions.add(ExtensionType::server_name, {});
  if (!negotiated_.alpn.empty()) {
    sh.extensions.add(ExtensionType::application_layer_protocol_negotiation,
                      encode_alpn({negotiated_.alpn}));
  }
  // RFC 8449 §4: "In TLS 1.2 and earlier, the record_size_limit extension is
  // sent in ServerHello" — our own limit, at most TLS 1.2's 2^14.
  if (offer->record_size_limit) {
    sh.extensions.add(ExtensionType::record_size_limit,
                      encode_record_size_limit(own_record_size_limit(kTls12)));
  }
  if (config_.edit_extensions) config_.edit_extensions(HandshakeType::server_hello, sh.extensions);
  send_message(HandshakeType::server_hello, sh.serialize(sent_fields()));
  if (session) {
    // RFC 5246 §7.3: ServerHello, [NewSessionTicket], ChangeCipherSpec,
    // Finished — the master secret is the session's.
    negotiated_.resumed = true;
    negotiated_.peer_subject = session->peer_subject;
    negotiated_.peer_names = session->peer_names;
    if (auto r = tls12_.keys->resume_master_secret(session->psk.bytes(), client_random_); !r) {
      return r;
    }
    if (auto r = tls12_prepare_keys(); !r) return r;
    transcript_.drop_messages();
    tls12_.resumed = true;
    if (auto r = server12_send_ticket(); !r) return r;
    // RFC 5246 §7.3: "At this point, both client and server MUST send
    // ChangeCipherSpec messages and proceed directly to Finished messages."
    if (auto r = send_change_cipher_spec12(); !r) return r;
    if (auto r = send_finished12(); !r) return r;
    move_internal(State::wait_flight2, "send the server's flight");
    move_to(State::wait_change_cipher_spec, HandshakeType::client_hello);
    return success();
  }
  // RFC 5246 §7.4.2: "The server MUST send a Certificate message whenever the
  // agreed- upon key exchange method uses certificates for authentication
  // (this includes all key exchange methods defined in this document except
  // DH_anon)." (all our TLS 1.2 suites do)
  send_message(HandshakeType::certificate, build_certificate12(identity_));

  if (suite_->key_exchange == KeyExchangeKind::ecdhe) {
    // RFC 8422 §5.4: ServerKeyExchange with our ephemeral public key, signed
    // over ClientHello.random + ServerHello.random + ServerECDHParams.
    auto share = KeyShare::generate(group, *config_.rng);
    if (!share) return share.error();
    ServerKeyExchange12 ske;
    ske.named_curve = group;
    ske.public_key = share->public_bytes();
    ske.algorithm = our_scheme_;
    const Bytes content = ecdhe_params_to_sign(client_random_, tls12_.server_random, ske.params());
    if (sink_) {
      sink_->on_event(trace::SignatureEvent{trace::Direction::sent, our_scheme_, content, true});
    }
    auto sig =
        sign_certificate_verify(identity_->key(), our_scheme_, content, *config_.rng, kTls12);
    if (!sig) return sig.error();
    ske.signature = std::move(*sig);
    send_message(HandshakeType::server_key_exchange, ske.serialize(sent_fields()));
    tls12_.share = std::move(*share);
    negotiated_.group = group;
    trace_decision("group", group_name(group), "the first of ours the client supports");
  }

  const bool ask_client = config_.client_auth != ClientAuth::none;
  if (ask_client) {
    // RFC 5246 §7.4.4: the key types, signature algorithms and CAs we accept.
    CertificateRequest12 cr;
    cr.certificate_types = {code(ClientCertificateType::ecdsa_sign),
                            code(ClientCertificateType::rsa_sign)};
    for (auto s : schemes) {
      if (certificate_verify_algorithm(s, kTls12)) cr.supported_signature_algorithms.push_back(s);
    }
    tls12_.requested_schemes = cr.supported_signature_algorithms;
    if (config_.trust) {
      std::size_t total = 0;
      for (const auto& ca : config_.trust->certificates()) total += ca.subject().der.size() + 2;
      if (total <= 0xffff) {
        for (const auto& ca : config_.trust->certificates()) {
          cr.certificate_authorities.emplace_back(ca.subject().der.begin(), ca.subject().der.end());
        }
      }
    }
    send_message(HandshakeType::certificate_request, cr.serialize(sent_fields()));
  }
  send_message(HandshakeType::server_hello_done, ServerHelloDone{}.serialize(sent_fields()));
  if (auto f = flush_flight(); !f) return f;
  move_internal(State::wait_flight2, "send the server's flight");
  if (ask_client) {
    tls12_.certificate_requested = true;
    move_to(State::wait_client_certificate, HandshakeType::client_hello);
  } else {
    move_to(State::wait_client_key_exchange, HandshakeType::client_hello);
  }
  return success();
}

Result<void> Engine::server12_on_certificate(std::span<const std::uint8_t> m) {
  auto msg = Certificate12::parse(m);
  if (!msg) return msg.error();
  if (msg->certificate_list.empty()) {
    // RFC 5246 §7.4.6: "If the client does not send any certificates, the
    // server MAY at its discretion either continue the handshake without
    // client authentication, or respond with a fatal handshake_failure alert."
    if (config_.client_auth == ClientAuth::required) {
      return refusal_error(Refusal::no_client_certificate, kTls12);
    }
    trace_decision("client certificate", "none", "client authentication is optional");
  } else {
    auto chain = validate_chain12(*msg, x509::Purpose::client);
    if (!chain) return chain.error();
    // Its key signs the CertificateVerify, so its keyUsage must allow signing
    // (RFC 5246 §7.4.6, rsa_sign and ecdsa_sign, quoted where our client
    // chooses its certificate).
    const auto& key_usage = chain->leaf().extensions().key_usage;
    if (key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature)) {
      return make_error(AD::unsupported_certificate,
                        "RFC 5246 §7.4.6: the client certificate's keyUsage does not allow "
                        "signing (no digitalSignature)");
    }
    peer_chain_ = std::move(*chain);
  }
  transcript_.add(m);
  move_to(State::wait_client_key_exchange, HandshakeType::certificate);
  return success();
}

Result<void> Engine::server12_on_client_key_exchange(std::span<const std::uint8_t> m) {
  auto cke = ClientKeyExchange12::parse(m, suite_->key_exchange);
  if (!cke) return cke.error();
  transcript_.add(m);
  crypto::Secret<48> pre_master;
  if (suite_->key_exchange == KeyExchangeKind::ecdhe) {
    auto z = tls12_.share->shared_secret(cke->exchange_keys, kTls12);
    if (!z) return z.error();
    pre_master = crypto::Secret<48>::from(z->bytes());
    tls12_.share.reset();
  } else {
    // RFC 5246 §7.4.7.1: on any failure, continue with a random premaster
    // secret — no alert, no difference in time — until Finished fails.
    const auto* rsa = identity_->key().rsa();
    if (!rsa) return make_error(AD::internal_error, "RSA key transport without an RSA key");
    auto decrypted = crypto::tls12_rsa_premaster_decrypt(*rsa, cke->exchange_keys,
                                                         client_hello_version_, *config_.rng);
    if (!decrypted) return decrypted.error();
    pre_master = std::move(*decrypted);
  }
  if (auto r = tls12_derive_master_secret(pre_master.bytes()); !r) return r;
  const bool expect_cv = peer_chain_.has_value();
  if (!expect_cv) transcript_.drop_messages();
  move_to(expect_cv ? State::wait_client_certificate_verify : State::wait_change_cipher_spec,
          HandshakeType::client_key_exchange);
  return success();
}

Result<void> Engine::server12_on_certificate_verify(std::span<const std::uint8_t> m) {
  auto ok = check_certificate_verify12(*peer_chain_, m, tls12_.requested_schemes);
  if (!ok) return ok.error();
  negotiated_.signature_scheme = ok->scheme();
  peer_signature_ = std::move(*ok);
  transcript_.drop_messages();
  move_to(State::wait_change_cipher_spec, HandshakeType::certificate_verify);
  return success();
}

Result<void> Engine::server12_on_finished(std::span<const std::uint8_t> m) {
  auto verified = verify_finished12(m);
  if (!verified) return verified.error();
  if (!tls12_.resumed) {
    // RFC 5246 §7.3 (and RFC 5077 §3.3: the ticket comes before our
    // ChangeCipherSpec).
    if (auto r = server12_send_ticket(); !r) return r;
    if (auto r = send_change_cipher_spec12(); !r) return r;
    if (auto r = send_finished12(); !r) return r;
    if (config_.server_session_cache && !tls12_.session_id.empty()) {
      config_.server_session_cache->put(tls12_.session_id, tls12_session_state());
      remember_saved_session(tls12_.session_id);
    }
  }
  move_to(State::connected, HandshakeType::finished);
  enter_connected(*verified);
  return success();
}

Result<void> Engine::server12_send_ticket() {
  if (!tls12_.send_ticket) return success();
  // RFC 5077 §4: the ticket is the session state, encrypted and
  // authenticated under keys only this server knows (the Ticketer).
  NewSessionTicket12 nst;
  nst.ticket_lifetime_hint = config_.ticket_lifetime;
  nst.ticket = config_.ticket_keys->seal(tls12_session_state(), config_.now(), *config_.rng);
  if (nst.ticket.empty()) return success();
  send_message(HandshakeType::new_session_ticket, nst.serialize(sent_fields()));
  return success();
}

}  // namespace glasstls::handshake
