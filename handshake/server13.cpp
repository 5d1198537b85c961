// The TLS 1.3 server (RFC 8446 §2, Appendix A.2), message by message:
//
//   START --ClientHello--> RECVD_CH --select parameters--> NEGOTIATED
//     (or send HelloRetryRequest --> START)
//     --send ServerHello, EncryptedExtensions, [CertificateRequest],
//       Certificate, CertificateVerify, Finished--> WAIT_FLIGHT2
//     --> WAIT_CERT --Certificate--> WAIT_CV --CertificateVerify--> WAIT_FINISHED
//     (or straight to WAIT_FINISHED) --Finished--> CONNECTED
#include <algorithm>

#include "crypto/ct.hpp"
#include "handshake/engine.hpp"
#include "handshake/refusals.hpp"
#include "x509/identity.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// The first of `ours` that the client also lists (server order), or the first
// of the client's that we list (client order). What we do not list is passed
// over: RFC 8446 §4.1.2: "If the list contains cipher suites that the server
// does not recognize, support, or wish to use, the server MUST ignore those
// cipher suites and process the remaining ones as usual."
std::optional<std::uint16_t> pick(const std::vector<std::uint16_t>& ours,
                                  const std::vector<std::uint16_t>& theirs,
                                  ServerPreference preference) {
  const auto& first = preference == ServerPreference::server_order ? ours : theirs;
  const auto& second = preference == ServerPreference::server_order ? theirs : ours;
  for (std::uint16_t v : first) {
    if (contains(second, v)) return v;
  }
  return std::nullopt;
}

// What the server learned from a ClientHello and decided.
struct Offer {
  std::vector<std::uint16_t> groups;
  std::vector<KeyShareEntry> shares;
  std::vector<std::uint16_t> schemes;
  std::optional<OfferedPsks> psks;
  std::vector<std::uint8_t> psk_modes;
  std::vector<std::string> alpn;
  bool has_groups = false, has_shares = false, has_schemes = false, early_data = false;
  std::optional<std::uint16_t> record_size_limit;
  Bytes cookie;
};

Result<Offer> read_offer(const ClientHello& ch) {
  Offer o;
  // Only the extensions below are read; any other is passed over (and never
  // answered), status_request_v2 among them: RFC 8446 §4.4.2.1: "TLS 1.3
  // servers MUST NOT act upon its presence or information in it when
  // processing ClientHello messages; in particular, they MUST NOT send the
  // status_request_v2 extension in the EncryptedExtensions,
  // CertificateRequest, or Certificate messages." RFC 8446 §4.4.2.1: "TLS 1.3
  // servers MUST be able to process ClientHello messages that include it, as
  // it MAY be sent by clients that wish to use it in earlier protocol
  // versions."
  for (const auto& e : ch.extensions.list) {
    switch (static_cast<ExtensionType>(e.type)) {
      case ExtensionType::supported_groups: {
        auto v = decode_named_group_list(e.data);
        if (!v) return v.error();
        o.groups = std::move(*v);
        o.has_groups = true;
        break;
      }
      case ExtensionType::key_share: {
        auto v = decode_key_share_client(e.data);
        if (!v) return v.error();
        o.shares = std::move(*v);
        o.has_shares = true;
        break;
      }
      case ExtensionType::signature_algorithms: {
        auto v = decode_signature_scheme_list(e.data);
        if (!v) return v.error();
        o.schemes = std::move(*v);
        o.has_schemes = true;
        break;
      }
      case ExtensionType::pre_shared_key: {
        auto v = decode_offered_psks(e.data);
        if (!v) return v.error();
        o.psks = std::move(*v);
        break;
      }
      case ExtensionType::psk_key_exchange_modes: {
        auto v = decode_psk_key_exchange_modes(e.data);
        if (!v) return v.error();
        o.psk_modes = std::move(*v);
        break;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        auto v = decode_alpn(e.data);
        if (!v) return v.error();
        o.alpn = std::move(*v);
        break;
      }
      case ExtensionType::record_size_limit: {
        auto v = decode_record_size_limit(e.data);
        if (!v) return v.error();
        o.record_size_limit = *v;
        break;
      }
      case ExtensionType::cookie: {
        auto v = decode_cookie(e.data);
        if (!v) return v.error();
        o.cookie = std::move(*v);
        break;
      }
      case ExtensionType::early_data: o.early_data = true; break;
      // RFC 8446 §4.1.2: "Servers MUST ignore unrecognized extensions."
      default: break;
    }
  }
  // RFC 8446 §9.2: "If containing a "supported_groups" extension, it MUST
  // also contain a "key_share" extension, and vice versa." and §4.2.9: a
  // client offering pre_shared_key "MUST also send a "psk_key_exchange_modes"
  // extension" — violations are missing_extension (§9.2). Checked before the
  // shares are compared with supported_groups: without supported_groups
  // every share would look like one "for a group not listed".
  if (o.has_groups != o.has_shares) {
    return make_error(AD::missing_extension,
                      "RFC 8446 §9.2: supported_groups and key_share come together");
  }
  // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values
  // for the same group. Clients MUST NOT offer any KeyShareEntry values for
  // groups not listed in the client's "supported_groups" extension. [...]
  // Servers MAY check for violations of these rules and abort the handshake
  // with an "illegal_parameter" alert if one is violated."
  for (std::size_t i = 0; i < o.shares.size(); ++i) {
    const auto g = o.shares[i].group;
    if (!contains(o.groups, g)) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.8: a key share for a group not in supported_groups")
          .with_found(g);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (o.shares[j].group == g) {
        return make_error(AD::illegal_parameter,
                          "RFC 8446 §4.2.8: two key shares for the same group")
            .with_found(g);
      }
    }
  }
  // RFC 8446 §4.2.11: "binders: A series of HMAC values, one for each value
  // in the identities list and in the same order" — as many binders as
  // identities.
  if (o.psks && o.psks->binders.size() != o.psks->identities.size()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.2.11: the number of binders differs from the number of "
                      "identities");
  }
  // RFC 8446 §4.2.9: "If clients offer "pre_shared_key" without a
  // "psk_key_exchange_modes" extension, servers MUST abort the handshake."
  if (o.psks && o.psk_modes.empty()) {
    return make_error(AD::missing_extension,
                      "RFC 8446 §4.2.9: pre_shared_key without psk_key_exchange_modes");
  }
  return o;
}

}  // namespace

Result<void> Engine::server_on_client_hello(std::span<const std::uint8_t> m) {
  auto ch = ClientHello::parse(m);
  if (!ch) return ch.error();
  move_internal(State::recvd_ch, "receive ClientHello");

  // RFC 8446 §D.5: "Any endpoint receiving a Hello message with
  // ClientHello.legacy_version or ServerHello.legacy_version set to 0x0300
  // MUST abort the handshake with a "protocol_version" alert." (Below 0x0300
  // is older still: SSL 2.0 never reaches a TLS record layer.)
  if (ch->legacy_version <= 0x0300) {
    return make_error(AD::protocol_version,
                      "RFC 8446 §D.5: a ClientHello.legacy_version of SSL 3.0 (0x0300) or less")
        .with_found(ch->legacy_version);
  }

  // RFC 8446 §4.2.1: "If this extension is present in the ClientHello,
  // servers MUST NOT use the ClientHello.legacy_version value for version
  // negotiation and MUST use only the "supported_versions" extension".
  const Extension* sv = ch->extensions.find(ExtensionType::supported_versions);
  std::vector<std::uint16_t> versions;
  if (sv) {
    auto v = decode_supported_versions_client(sv->data);
    if (!v) return v.error();
    versions = std::move(*v);
  }
  // RFC 8446 §4.2.1: "If the "supported_versions" extension in the
  // ClientHello [...] does not [contain a version the server supports], the
  // server MUST abort the handshake with a "protocol_version" alert". A
  // ClientHello without the extension is a TLS 1.2 (or older) client, whose
  // legacy_version is its highest version (RFC 5246 Appendix E.1).
  // RFC 8446 §4.2.1: "If this extension is not present, servers which are
  // compliant with this specification and which also support TLS 1.2 MUST
  // negotiate TLS 1.2 or prior as specified in [RFC5246], even if
  // ClientHello.legacy_version is 0x0304 or later." RFC 8446 §4.2.1: "Servers
  // MUST be prepared to receive ClientHellos that include this extension but
  // do not include 0x0304 in the list of versions." RFC 8446 §4.2.1: "Servers
  // MUST only select a version of TLS present in that extension and MUST
  // ignore any unknown versions that are present in that extension."
  if (!contains(versions, kTls13) || !config_.allows(kTls13)) {
    const bool client12 = sv ? contains(versions, kTls12) : ch->legacy_version >= kTls12;
    if (client12 && config_.allows(kTls12) && !hrr_sent_group_) {
      return server12_on_client_hello(*ch, m);
    }
    return make_error(AD::protocol_version,
                      "RFC 8446 §4.2.1: no protocol version in common with the client")
        .with_found(ch->legacy_version);
  }
  // RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST
  // contain exactly one byte, set to zero [...] If a TLS 1.3 ClientHello is
  // received with any other value in this field, the server MUST abort the
  // handshake with an "illegal_parameter" alert."
  if (ch->legacy_compression_methods != Bytes{0}) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.2: legacy_compression_methods must be the single byte 0");
  }
  auto offer = read_offer(*ch);
  if (!offer) return offer.error();

  // The cipher suite. RFC 8446 §4.1.1: "If the server is unable to negotiate
  // a supported set of parameters (i.e., there is no overlap between the
  // client and server parameters), it MUST abort the handshake with either a
  // "handshake_failure" or "insufficient_security" fatal alert (see Section
  // 6)."
  std::vector<std::uint16_t> ours;
  for (auto s : config_.effective_suites()) {
    if (find_suite(s)) ours.push_back(s);
  }
  const auto suite = pick(ours, ch->cipher_suites, config_.preference);
  if (!suite) {
    return refusal_error(Refusal::no_common_suite, kTls13);
  }
  if (hrr_sent_group_) {
    // RFC 8446 §4.1.4: "Servers MUST ensure that they negotiate the same
    // cipher suite when receiving a conformant updated ClientHello": the
    // second ClientHello must still allow the suite the HelloRetryRequest named.
    if (code(suite_->suite) != *suite) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.1.4: the second ClientHello changes the negotiated suite")
          .with_found(*suite);
    }
    // RFC 8446 §4.2.2: the cookie "MUST" be echoed in the new ClientHello.
    if (!server_cookie_.empty() && !crypto::ct::memeq(offer->cookie, server_cookie_).declassify()) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.2: the second ClientHello does not echo the cookie");
    }
  }
  suite_ = find_suite(*suite);
  trace_decision(
      "cipher suite", cipher_suite_name(*suite),
      config_.preference == ServerPreference::server_order ? "server's order" : "client's order");

  // Groups: among the groups both sides support (in preference order),
  // the first the client sent a share for; else a HelloRetryRequest for
  // the first one (RFC 8446 §4.1.1, §4.2.8).
  std::vector<std::uint16_t> mutual;
  for (auto g : config_.preference == ServerPreference::server_order ? config_.effective_groups()
                                                                     : offer->groups) {
    const auto& other = config_.preference == ServerPreference::server_order
                            ? offer->groups
                            : config_.effective_groups();
    if (contains(other, g) && is_supported_group(g)) mutual.push_back(g);
  }
  const KeyShareEntry* share = nullptr;
  for (auto g : mutual) {
    for (const auto& s : offer->shares) {
      if (s.group == g && !share) share = &s;
    }
  }
  if (hrr_sent_group_) {
    // RFC 8446 §4.2.8: after a HelloRetryRequest the client's "key_share"
    // holds "a single KeyShareEntry corresponding to the group indicated in
    // the selected_group field of the triggering HelloRetryRequest".
    if (offer->shares.size() != 1 || offer->shares.front().group != *hrr_sent_group_) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.8: the second ClientHello must carry exactly one share, "
                        "for the group the HelloRetryRequest selected");
    }
    share = &offer->shares.front();
  }
  // RFC 8446 §4.1.1: "If there is no overlap between the received
  // "supported_groups" and the groups supported by the server, then the
  // server MUST abort the handshake with a "handshake_failure" or an
  // "insufficient_security" alert."
  if (!offer->has_groups || mutual.empty()) {
    return refusal_error(Refusal::no_common_group, kTls13);
  }
  // A certificate-authenticated handshake needs signature_algorithms (§9.2
  // too). RFC 8446 §4.2.3: "If a server is authenticating via a certificate
  // and the client has not sent a "signature_algorithms" extension, then the
  // server MUST abort the handshake with a "missing_extension" alert (see
  // Section 9.2)."
  if (!offer->has_schemes && !offer->psks) {
    return make_error(AD::missing_extension,
                      "RFC 8446 §4.2.3: the ClientHello has no signature_algorithms");
  }
  if (const Extension* sni = ch->extensions.find(ExtensionType::server_name)) {
    auto name = decode_server_name(sni->data);
    if (!name) return name.error();
    // Also when resuming (the session's name is not used).
    // RFC 8446 §4.6.1: "On resumption, if reporting an SNI value to the
    // calling application, implementations MUST use the value sent in the
    // resumption ClientHello rather than the value sent in the previous
    // session."
    negotiated_.server_name = *name;
  }
  // RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value [than
  // 64] as a fatal error and generate an "illegal_parameter" alert."
  if (offer->record_size_limit && *offer->record_size_limit < 64) {
    return make_error(AD::illegal_parameter, "RFC 8449 §4: a record_size_limit below 64")
        .with_found(*offer->record_size_limit);
  }

  if (!share) {
    // RFC 8446 §4.1.4: HelloRetryRequest, with the group we want and a cookie.
    // RFC 8446 §4.1.1: "If the server selects an (EC)DHE group and the client
    // did not offer a compatible "key_share" extension in the initial
    // ClientHello, the server MUST respond with a HelloRetryRequest (Section
    // 4.1.4) message."
    if (hrr_sent_group_) {
      return make_error(AD::illegal_parameter, "RFC 8446 §4.1.4: a second HelloRetryRequest");
    }
    hrr_sent_group_ = mutual.front();
    server_cookie_.resize(16);
    config_.rng->fill(server_cookie_);
    ServerHello hrr;
    hrr.random = kHelloRetryRequestRandom;
    hrr.legacy_session_id_echo = ch->legacy_session_id;
    hrr.cipher_suite = *suite;
    // key_share and supported_versions were offered (a ClientHello without
    // them did not get this far), the cookie is the exception:
    // RFC 8446 §4.1.4: "As with the ServerHello, a HelloRetryRequest MUST NOT
    // contain any extensions that were not first offered by the client in its
    // ClientHello, with the exception of optionally the "cookie" (see Section
    // 4.2.2) extension."
    hrr.extensions.add(ExtensionType::key_share, encode_key_share_hrr(*hrr_sent_group_));
    hrr.extensions.add(ExtensionType::cookie, encode_cookie(server_cookie_));
    // RFC 8446 §4.1.4: "The server's extensions MUST contain
    // "supported_versions"."
    hrr.extensions.add(ExtensionType::supported_versions, encode_supported_versions_server(kTls13));
    if (config_.edit_extensions)
      config_.edit_extensions(HandshakeType::server_hello, hrr.extensions);
    // The cookie the client must echo is the one this HelloRetryRequest carries.
    server_cookie_.clear();
    if (const Extension* c = hrr.extensions.find(ExtensionType::cookie)) {
      auto cookie = decode_cookie(c->data);
      if (cookie) server_cookie_ = std::move(*cookie);
    }
    trace_decision("HelloRetryRequest", group_name(*hrr_sent_group_),
                   "the client sent no key share for a group both support");
    transcript_.set_hash(suite_->hash);
    transcript_.add(m);
    transcript_.replace_with_message_hash();
    send_message(HandshakeType::server_hello, hrr.serialize(sent_fields()));
    negotiated_.hello_retry = true;
    if (!ch->legacy_session_id.empty()) send_change_cipher_spec();
    move_to(State::start, HandshakeType::client_hello);  // HelloRetryRequest sent
    return success();
  }

  // ALPN: RFC 7301 §3.2: "In the event that the server supports no protocols
  // that the client advertises, then the server SHALL respond with a fatal
  // "no_application_protocol" alert."
  if (!offer->alpn.empty() && !config_.alpn.empty()) {
    const auto chosen = [&]() -> std::optional<std::string> {
      const auto& first =
          config_.preference == ServerPreference::server_order ? config_.alpn : offer->alpn;
      const auto& second =
          config_.preference == ServerPreference::server_order ? offer->alpn : config_.alpn;
      for (const auto& p : first) {
        if (std::find(second.begin(), second.end(), p) != second.end()) return p;
      }
      return std::nullopt;
    }();
    if (!chosen) {
      return make_error(AD::no_application_protocol,
                        "RFC 7301 §3.2: no application protocol in common with the client");
    }
    negotiated_.alpn = *chosen;
  }
  client_schemes_ = offer->schemes;
  if (offer->early_data) {
    // RFC 8446 §4.2.10: "A server which receives an "early_data" extension
    // MUST behave in one of three ways:" we never accept 0-RTT; the early
    // data records are skipped (they fail to decrypt under the handshake
    // key), as when the checks fail: RFC 8446 §4.2.10: "If any of these
    // checks fail, the server MUST NOT respond with the extension and must
    // discard all the first-flight data using one of the first two mechanisms
    // listed above (thus falling back to 1-RTT or 2-RTT)."
    early_data_skip_ = 16 * record::kMaxCiphertext13;
  }
  if (offer->record_size_limit) {
    records_.set_max_fragment(
        std::min<std::size_t>(*offer->record_size_limit - 1u, record::kMaxPlaintext));
    // RFC 8449 §4: "A TLS endpoint that receives a record larger than its
    // advertised limit MUST generate a fatal "record_overflow" alert" — the
    // limit our EncryptedExtensions states.
    records_.set_max_received_plaintext(own_record_size_limit(kTls13));
  }
  // RFC 8446 §4.2.8: "Servers MUST NOT send a KeyShareEntry for any group not
  // indicated in the client's "supported_groups" extension and MUST NOT send a
  // KeyShareEntry when using the "psk_ke" PskKeyExchangeMode." (share is for
  // a group in `mutual`; we never use psk_ke.)
  negotiated_.group = share->group;
  trace_decision("group", group_name(share->group),
                 "a share the client sent, for a group both support");

  // Resumption: RFC 8446 §4.2.11 — each offered identity is tried in order;
  // a ticket that opens and matches the suite's hash is accepted once its
  // binder verifies ("If this value does not validate, the server MUST abort
  // the handshake").
  std::optional<SessionState> session;
  std::uint16_t chosen_identity = 0;
  // RFC 8446 §4.1.1: "If the server selects a PSK, then it MUST also select a
  // key establishment mode from the set indicated by the client's
  // "psk_key_exchange_modes" extension". RFC 8446 §4.2.9: "Servers MUST NOT
  // select a key exchange mode that is not listed by the client." We resume
  // in psk_dhe_ke only, so only when the client lists it.
  const bool dhe_mode = std::find(offer->psk_modes.begin(), offer->psk_modes.end(),
                                  code(PskKeyExchangeMode::psk_dhe_ke)) != offer->psk_modes.end();
  if (offer->psks && config_.ticket_keys && dhe_mode) {
    for (std::size_t i = 0; i < offer->psks->identities.size() && !session; ++i) {
      auto st = config_.ticket_keys->open(offer->psks->identities[i].identity, config_.now());
      // RFC 8446 §4.2.11: "The server MUST ensure that it selects a compatible
      // PSK (if any) and cipher suite." RFC 8446 §4.6.1: "Any ticket MUST only
      // be resumed with a cipher suite that has the same KDF hash algorithm as
      // that used to establish the original connection."
      if (!st || !find_suite(st->cipher_suite) ||
          find_suite(st->cipher_suite)->hash != suite_->hash) {
        continue;
      }
      // A resumed handshake cannot ask for a certificate (RFC 8446 §4.3.2:
      // "Servers which are authenticating with a PSK MUST NOT send the
      // CertificateRequest message in the main handshake"): a server that
      // requires one resumes only sessions whose client was authenticated.
      if (config_.client_auth == ClientAuth::required && st->peer_subject.empty()) continue;
      KeySchedule psk_keys(suite_->hash, sink_);
      psk_keys.extract_early(st->psk.bytes());
      const HashSecret binder_key = psk_keys.binder_key(true);
      const std::span<const std::uint8_t> partial(m.data(),
                                                  m.size() - offer->psks->binders_wire_length);
      Digest d;
      if (transcript_.has_hash()) {
        d = transcript_.current_with(partial);
      } else {
        d.size = crypto::digest_size(suite_->hash);
        crypto::hash(suite_->hash, partial, std::span(d.bytes.data(), d.size));
      }
      const HashSecret expected = psk_keys.finished_verify_data(binder_key, d);
      // RFC 8446 §4.2.11: "Prior to accepting PSK key establishment, the server
      // MUST validate the corresponding binder value (see Section 4.2.11.2
      // below). If this value is not present or does not validate, the server
      // MUST abort the handshake."
      if (!crypto::ct::memeq(expected.bytes(), offer->psks->binders[i]).declassify()) {
        return make_error(AD::decrypt_error, "RFC 8446 §4.2.11: the PSK binder does not validate");
      }
      session = std::move(*st);
      chosen_identity = static_cast<std::uint16_t>(i);
    }
  }
  if (session) {
    negotiated_.resumed = true;
    // The client identity authenticated in the original handshake.
    negotiated_.peer_subject = session->peer_subject;
    negotiated_.peer_names = session->peer_names;
    trace_decision("resumption", "ticket " + std::to_string(chosen_identity),
                   "the binder verified: the client knows the PSK");
  } else {
    // Our identity: by SNI, then by the client's signature_algorithms; only a
    // key that can sign with a scheme the client offered is taken:
    // RFC 8446 §4.4.2.2: "The server's end-entity certificate's public key
    // (and associated restrictions) MUST be compatible with the selected
    // authentication algorithm from the client's "signature_algorithms"
    // extension (currently RSA, ECDSA, or EdDSA)."
    // A certificate whose keyUsage leaves out digitalSignature is passed over:
    // RFC 8446 §4.4.2.2: "The certificate MUST allow the key to be used for
    // signing (i.e., the digitalSignature bit MUST be set if the Key Usage
    // extension is present)".
    const x509::KeyStore* fallback = nullptr;
    std::uint16_t fallback_scheme = 0;
    bool cannot_sign = false;
    for (const auto& held : config_.identities) {
      const x509::KeyStore& id = *held;
      const auto scheme =
          choose_scheme(id.key(), offer->schemes, config_.effective_signature_schemes());
      if (!scheme) continue;
      const auto& key_usage = id.leaf().extensions().key_usage;
      if (key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature)) {
        cannot_sign = true;
        continue;
      }
      const bool name_ok = negotiated_.server_name.empty() ||
                           x509::verify_hostname(id.leaf(), negotiated_.server_name).ok();
      if (name_ok) {
        identity_ = &id;
        our_scheme_ = *scheme;
        break;
      }
      if (!fallback) {
        fallback = &id;
        fallback_scheme = *scheme;
      }
    }
    if (!identity_ && fallback) {
      identity_ = fallback;
      our_scheme_ = fallback_scheme;
    }
    // RFC 8446 §4.4.2.2: "If the server cannot produce a certificate chain
    // that is signed only via the indicated supported algorithms, then it
    // SHOULD continue the handshake by sending the client a certificate chain
    // of its choice" — we need at least a key that can sign one of them.
    if (!identity_ && cannot_sign) {
      return make_error(AD::handshake_failure,
                        "RFC 8446 §4.4.2.2: the keyUsage of our certificate does not allow "
                        "signing (no digitalSignature)");
    }
    if (!identity_) {
      return refusal_error(Refusal::no_common_signature_scheme, kTls13);
    }
    trace_decision("certificate", identity_->leaf().subject_string(),
                   "matches the server_name and a signature scheme the client offers");
  }
  move_internal(State::negotiated, "parameters selected");

  if (!transcript_.has_hash()) transcript_.set_hash(suite_->hash);
  transcript_.add(m);
  client_random_ = ch->random;

  auto mine = KeyShare::generate(share->group, *config_.rng);
  if (!mine) return mine.error();
  auto z = mine->shared_secret(share->key_exchange);
  if (!z) return z.error();

  // sh.legacy_version is 0x0303 (hello.hpp), RFC 8446 §4.2.1: "It MUST set
  // the ServerHello.legacy_version field to 0x0303 (TLS 1.2)."
  ServerHello sh;
  // RFC 8446 §4.1.3: "This structure is generated by the server and MUST be
  // generated independently of the ClientHello.random."
  config_.rng->fill(sh.random);
  sh.legacy_session_id_echo = ch->legacy_session_id;
  sh.cipher_suite = *suite;
  if (session)
    sh.extensions.add(ExtensionType::pre_shared_key, encode_selected_identity(chosen_identity));
  sh.extensions.add(ExtensionType::key_share,
                    encode_key_share_server({share->group, mine->public_bytes()}));
  // RFC 8446 §4.1.3: "The ServerHello MUST only include extensions which are
  // required to establish the cryptographic context and negotiate the
  // protocol version." (pre_shared_key, key_share, supported_versions; the
  // rest goes in EncryptedExtensions.) RFC 8446 §4.1.3: "All TLS 1.3
  // ServerHello messages MUST contain the "supported_versions" extension."
  // RFC 8446 §4.2.1: "A server which negotiates TLS 1.3 MUST respond by
  // sending a "supported_versions" extension containing the selected version
  // value (0x0304)."
  sh.extensions.add(ExtensionType::supported_versions, encode_supported_versions_server(kTls13));
  if (config_.edit_extensions) config_.edit_extensions(HandshakeType::server_hello, sh.extensions);
  send_message(HandshakeType::server_hello, sh.serialize(sent_fields()));
  if (auto f = flush_flight(); !f) return f;
  // RFC 8446 §D.4: the server sends its dummy change_cipher_spec "immediately
  // after its first handshake message" when the client sent a session ID.
  if (!ch->legacy_session_id.empty()) send_change_cipher_spec();

  negotiated_.version = kTls13;
  negotiated_.cipher_suite = *suite;
  derive_handshake_secrets(session ? session->psk.bytes() : std::span<const std::uint8_t>{},
                           z->bytes());
  if (auto r = install_write_keys(server_hs_); !r) return r;
  if (auto r = install_read_keys(client_hs_); !r) return r;

  // RFC 8446 §4: "Protocol messages MUST be sent in the order defined in
  // Section 4.4.1 and shown in the diagrams in Section 2." — our flight, in
  // this function's order: ServerHello (above), EncryptedExtensions,
  // [CertificateRequest], Certificate, CertificateVerify, Finished.
  // EncryptedExtensions: the replies to what the client asked for.
  EncryptedExtensions ee;
  if (ch->extensions.has(ExtensionType::server_name) && identity_ &&
      !negotiated_.server_name.empty() &&
      x509::verify_hostname(identity_->leaf(), negotiated_.server_name).ok()) {
    // RFC 6066 §3: a server that used the name "SHALL include an extension of
    // type "server_name" in the (extended) server hello", with empty data.
    ee.extensions.add(ExtensionType::server_name, {});
  }
  if (!negotiated_.alpn.empty()) {
    ee.extensions.add(ExtensionType::application_layer_protocol_negotiation,
                      encode_alpn({negotiated_.alpn}));
  }
  if (offer->record_size_limit) {
    ee.extensions.add(ExtensionType::record_size_limit,
                      encode_record_size_limit(own_record_size_limit(kTls13)));
  }
  if (config_.edit_extensions)
    config_.edit_extensions(HandshakeType::encrypted_extensions, ee.extensions);
  // RFC 8446 §4.3.1: "In all handshakes, the server MUST send the
  // EncryptedExtensions message immediately after the ServerHello message."
  send_message(HandshakeType::encrypted_extensions, ee.serialize(sent_fields()));

  // RFC 8446 §4.3.2: "Servers which are authenticating with a PSK MUST NOT
  // send the CertificateRequest message in the main handshake" (we do no
  // post-handshake authentication). RFC 8446 §4.3.2: "This message, if sent,
  // MUST follow EncryptedExtensions."
  const bool ask_client = !session && config_.client_auth != ClientAuth::none;
  if (ask_client) {
    CertificateRequest cr;
    cr.extensions.add(ExtensionType::signature_algorithms,
                      encode_u16_list(config_.effective_signature_schemes()));
    if (config_.trust && config_.trust->size() > 0) {
      std::vector<Bytes> names;
      std::size_t total = 0;
      for (const auto& ca : config_.trust->certificates()) {
        names.emplace_back(ca.subject().der.begin(), ca.subject().der.end());
        total += names.back().size() + 2;
      }
      // RFC 8446 §4.2.4: the names of the CAs whose certificates we accept.
      if (total <= 0xffff) {
        cr.extensions.add(ExtensionType::certificate_authorities,
                          encode_certificate_authorities(names));
      }
    }
    if (config_.edit_extensions)
      config_.edit_extensions(HandshakeType::certificate_request, cr.extensions);
    send_message(HandshakeType::certificate_request, cr.serialize(sent_fields()));
  }
  // RFC 8446 §4.4.2: "The server MUST send a Certificate message whenever the
  // agreed-upon key exchange method uses certificates for authentication
  // (this includes all key exchange methods defined in this document except
  // PSK)." RFC 8446 §4.4.3: "Servers MUST send this message when
  // authenticating via a certificate."
  if (!session) {
    send_message(HandshakeType::certificate, build_certificate(identity_, {}));
    auto cv = build_certificate_verify(*identity_, our_scheme_);
    if (!cv) return cv.error();
    send_message(HandshakeType::certificate_verify, *cv);
  }
  auto fin = finished_for(server_hs_);
  if (!fin) return fin.error();
  send_message(HandshakeType::finished, *fin);

  derive_application_secrets();
  if (auto r = install_write_keys(server_ap_); !r) return r;
  move_internal(State::wait_flight2, "send the server's flight");
  if (ask_client) {
    certificate_requested_ = true;
    move_to(State::wait_cert, HandshakeType::client_hello);
  } else {
    move_to(State::wait_finished, HandshakeType::client_hello);
  }
  return success();
}

Result<void> Engine::server_on_certificate(std::span<const std::uint8_t> m) {
  auto msg = CertificateMessage::parse(m);
  if (!msg) return msg.error();
  // RFC 8446 §4.4.2: "certificate_request_context: If this message is in
  // response to a CertificateRequest, the value of
  // certificate_request_context in that message."
  if (!msg->certificate_request_context.empty()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.4.2: the certificate_request_context differs from the "
                      "CertificateRequest's");
  }
  if (msg->certificate_list.empty()) {
    // RFC 8446 §4.4.2.4: "If the client does not send any certificates (i.e.,
    // it sends an empty Certificate message), the server MAY at its discretion
    // either continue the handshake without client authentication or abort
    // the handshake with a "certificate_required" alert."
    if (config_.client_auth == ClientAuth::required) {
      return make_error(AD::certificate_required,
                        "RFC 8446 §4.4.2.4: the client sent no certificate and this server "
                        "requires one");
    }
    transcript_.add(m);
    trace_decision("client certificate", "none", "client authentication is optional");
    move_to(State::wait_finished, HandshakeType::certificate);
    return success();
  }
  auto chain = validate_peer_chain(*msg, x509::Purpose::client);
  if (!chain) return chain.error();
  peer_chain_ = std::move(*chain);
  transcript_.add(m);
  move_to(State::wait_cv, HandshakeType::certificate);
  return success();
}

Result<void> Engine::server_on_certificate_verify(std::span<const std::uint8_t> m) {
  auto ok = check_certificate_verify(*peer_chain_, m, config_.effective_signature_schemes());
  if (!ok) return ok.error();
  // Negotiated::signature_scheme is the peer's CertificateVerify scheme.
  negotiated_.signature_scheme = ok->scheme();
  peer_signature_ = std::move(*ok);
  move_to(State::wait_finished, HandshakeType::certificate_verify);
  return success();
}

Result<void> Engine::server_on_finished(std::span<const std::uint8_t> m) {
  // A client that sent a certificate must have proved it holds the key.
  if (peer_chain_ && !peer_signature_) {
    return make_error(AD::internal_error, "handshake: Finished before the client's signature");
  }
  auto verified = verify_finished(client_hs_, m);
  if (!verified) return verified.error();
  resumption_ = keys_->resumption_master(transcript_.current());
  if (auto r = install_read_keys(client_ap_); !r) return r;
  move_to(State::connected, HandshakeType::finished);
  enter_connected(*verified);
  return server_send_tickets();
}

Result<void> Engine::server_send_tickets() {
  if (!config_.ticket_keys) return success();
  for (std::size_t i = 0; i < config_.tickets_per_handshake; ++i) {
    NewSessionTicket nst;
    nst.ticket_lifetime = std::min<std::uint32_t>(config_.ticket_lifetime, 604800);
    // RFC 8446 §4.6.1: "The server MUST generate a fresh value for each ticket
    // it sends." (ticket_age_add: random per ticket).
    std::uint8_t age_add[4];
    config_.rng->fill(age_add);
    nst.ticket_age_add = static_cast<std::uint32_t>(age_add[0]) << 24 |
                         static_cast<std::uint32_t>(age_add[1]) << 16 |
                         static_cast<std::uint32_t>(age_add[2]) << 8 | age_add[3];
    // RFC 8446 §4.6.1: "ticket_nonce: A per-ticket value that is unique across
    // all tickets issued on this connection."
    nst.ticket_nonce = {static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    SessionState st;
    st.cipher_suite = code(suite_->suite);
    st.psk = keys_->resumption_psk(resumption_, nst.ticket_nonce);
    st.ticket_age_add = nst.ticket_age_add;
    st.issued_at = config_.now();
    st.lifetime = nst.ticket_lifetime;
    st.alpn = negotiated_.alpn;
    st.server_name = negotiated_.server_name;
    st.peer_subject = negotiated_.peer_subject;
    st.peer_names = negotiated_.peer_names;
    nst.ticket = config_.ticket_keys->seal(st, config_.now(), *config_.rng);
    if (nst.ticket.empty()) continue;
    if (config_.edit_extensions)
      config_.edit_extensions(HandshakeType::new_session_ticket, nst.extensions);
    const Bytes msg = nst.serialize(sent_fields());
    trace_message(trace::Direction::sent, HandshakeType::new_session_ticket, msg);
    if (auto r = records_.write(record::ContentType::handshake, msg); !r) return r;
  }
  return success();
}

}  // namespace glasstls::handshake
