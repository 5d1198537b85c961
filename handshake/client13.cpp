// The TLS 1.3 client (RFC 8446 §2, Appendix A.1), message by message:
//
//   START --send ClientHello--> WAIT_SH --ServerHello--> WAIT_EE
//     --EncryptedExtensions--> WAIT_CERT_CR --[CertificateRequest]--> WAIT_CERT
//     --Certificate--> WAIT_CV --CertificateVerify--> WAIT_FINISHED
//     --Finished / send [Certificate, CertificateVerify], Finished--> CONNECTED
#include <algorithm>

#include "handshake/engine.hpp"
#include "x509/identity.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// A reference name that is an IP literal is not sent in server_name
// (RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in "HostName"").
bool is_ip_literal(const std::string& name) {
  std::vector<std::uint8_t> ip;
  return x509::parse_ip(name, ip);
}

}  // namespace

Result<void> Engine::start() {
  if (role_ != Role::client) return success();
  // RFC 8446 §4.1.2: "When a client first connects to a server, it is
  // REQUIRED to send the ClientHello as its first TLS message."
  if (auto r = client_send_hello(); !r) return fail(r.error());
  return success();
}

Result<ClientHello> Engine::client_build_hello() {
  ClientHello ch;
  // After a HelloRetryRequest the random, session ID, suites and schemes are
  // kept, RFC 8446 §4.1.2: "In that case, the client MUST send the same
  // ClientHello without modification, except as follows:" (key_share, cookie,
  // pre_shared_key: client_on_hello_retry and below).
  if (!hrr_group_) {
    config_.rng->fill(client_random_);
    // RFC 8446 §4.1.2: "In compatibility mode (see Appendix D.4), this field
    // MUST be non-empty, so a client not offering a pre-TLS 1.3 session MUST
    // generate a new 32-byte value." RFC 8446 §4.1.2: "Otherwise, it MUST be
    // set as a zero-length vector (i.e., a zero-valued single byte length
    // field)." (session_id_ stays empty unless a TLS 1.2 session sets it.)
    if (config_.middlebox_compatibility) {
      session_id_.resize(32);
      config_.rng->fill(session_id_);
    }
    offered_suites_ = config_.effective_suites();
    offered_schemes_ = config_.effective_signature_schemes();
    // A TLS 1.2 pair whose signature byte is 0 (anonymous) is left out, even
    // when configured (no TLS 1.3 SignatureScheme ends in 0 either):
    // RFC 5246 §7.4.1.4.1: "It MUST NOT appear in this extension."
    std::erase_if(offered_schemes_, [](std::uint16_t s) { return (s & 0xff) == 0; });
    const auto groups = config_.effective_groups();
    const auto share_groups = config_.key_share_groups.empty()
                                  ? std::vector<std::uint16_t>{groups.front()}
                                  : config_.key_share_groups;
    // RFC 8446 §4.2.8: "The key_exchange values for each KeyShareEntry MUST be
    // generated independently." (a fresh key pair per group)
    for (std::uint16_t g : config_.allows(kTls13) ? share_groups : std::vector<std::uint16_t>{}) {
      auto share = KeyShare::generate(g, *config_.rng);
      if (!share) return share.error();
      my_shares_.push_back(std::move(*share));
    }
  }
  ch.random = client_random_;
  ch.legacy_session_id = session_id_;
  ch.cipher_suites = offered_suites_;
  // RFC 5246 §7.4.1.2: "If the session_id field is not empty (implying a
  // session resumption request), it MUST include the compression_method from
  // that session." — legacy_compression_methods stays {0} (hello.hpp): null,
  // the only method a session of ours can have (client12_on_server_hello
  // refuses any other).

  auto& ext = ch.extensions;
  const std::string& name = negotiated_.server_name;
  if (!name.empty() && !is_ip_literal(name)) {
    ext.add(ExtensionType::server_name, encode_server_name(name));
  }
  const bool offer13 = config_.allows(kTls13);
  // RFC 8446 §4.2.1: "Implementations of this specification MUST send this
  // extension in the ClientHello containing all versions of TLS which they
  // are prepared to negotiate" (a TLS 1.2-only client sends none).
  if (offer13) {
    ext.add(ExtensionType::supported_versions, encode_supported_versions_client(config_.versions));
  }
  ext.add(ExtensionType::supported_groups, encode_u16_list(config_.effective_groups()));
  if (offer13) {
    std::vector<KeyShareEntry> shares;
    for (const auto& s : my_shares_) shares.push_back({s.group(), s.public_bytes()});
    ext.add(ExtensionType::key_share, encode_key_share_client(shares));
  }
  // RFC 8446 §4.2.3: "Clients which desire the server to authenticate itself
  // via a certificate MUST send the "signature_algorithms" extension."
  // RFC 5246 §7.4.1.4.1: "it MUST send the signature_algorithms extension,
  // listing the algorithms it is willing to accept." (TLS 1.2 as well: we
  // verify no SHA-1, the default it would otherwise stand for)
  ext.add(ExtensionType::signature_algorithms, encode_u16_list(offered_schemes_));
  if (config_.allows(kTls12)) {
    // TLS 1.2: RFC 8422 §5.1.2 (uncompressed points only), RFC 7627 §5.1
    // (the master secret bound to the handshake), RFC 5746 §3.4 (secure
    // renegotiation signalled by an empty renegotiated_connection).
    ext.add(ExtensionType::ec_point_formats, encode_ec_point_formats({0}));
    ext.add(ExtensionType::extended_master_secret, {});
    ext.add(ExtensionType::renegotiation_info, encode_renegotiation_info({}));
  }
  if (!config_.alpn.empty()) {
    ext.add(ExtensionType::application_layer_protocol_negotiation, encode_alpn(config_.alpn));
  }
  // Only in the ClientHello answering a HelloRetryRequest of this connection:
  // RFC 8446 §4.2.2: "Clients MUST NOT use cookies in their initial
  // ClientHello in subsequent connections." RFC 8446 §4.2.2: "When sending
  // the new ClientHello, the client MUST copy the contents of the extension
  // received in the HelloRetryRequest into a "cookie" extension in the new
  // ClientHello."
  if (!hrr_cookie_.empty()) ext.add(ExtensionType::cookie, encode_cookie(hrr_cookie_));
  // RFC 8449 §4: at most the largest record of the highest version offered.
  ext.add(
      ExtensionType::record_size_limit,
      encode_record_size_limit(own_record_size_limit(config_.allows(kTls13) ? kTls13 : kTls12)));
  const bool session12 =
      offered_session_ && find_suite(offered_session_->state.cipher_suite, kTls12);
  if (config_.allows(kTls12) && config_.session_cache) {
    // RFC 5077 §3.2: the ticket of the session we resume, or an empty
    // extension to ask for one. Resuming by ticket, the client sends a
    // session ID of its own to recognise acceptance (§3.4); resuming by
    // session ID (no ticket), the ID the server gave.
    Bytes ticket = session12 ? offered_session_->ticket : Bytes{};
    if (session12 && ticket.empty()) {
      session_id_ = offered_session_->state.session_id;
    } else if (session12 && session_id_.empty()) {
      session_id_.resize(32);
      config_.rng->fill(session_id_);
    }
    ch.legacy_session_id = session_id_;
    ext.add(ExtensionType::session_ticket, std::move(ticket));
  }
  if (offered_session_ && offer13 && !session12) {
    // RFC 8446 §4.2.9: psk_dhe_ke only: every handshake keeps forward secrecy.
    // RFC 8446 §4.2.9: "A client MUST provide a "psk_key_exchange_modes"
    // extension if it offers a "pre_shared_key" extension."
    // RFC 8446 §4.2.9: "In order to use PSKs, clients MUST also send a
    // "psk_key_exchange_modes" extension."
    ext.add(ExtensionType::psk_key_exchange_modes,
            encode_psk_key_exchange_modes({code(PskKeyExchangeMode::psk_dhe_ke)}));
    // RFC 8446 §4.2.11.1: obfuscated_ticket_age = age in milliseconds +
    // ticket_age_add (mod 2^32).
    const auto& st = offered_session_->state;
    const auto age_ms = static_cast<std::uint32_t>((config_.now() - st.issued_at) * 1000);
    const std::size_t binder = crypto::digest_size(find_suite(st.cipher_suite)->hash);
    ext.add(
        ExtensionType::pre_shared_key,
        encode_offered_psks({{offered_session_->ticket, age_ms + st.ticket_age_add}}, {binder}));
  }
  if (config_.edit_client_hello) config_.edit_client_hello(ch);
  return ch;
}

Result<void> Engine::client_add_binders(ClientHello& ch, Bytes& message) {
  const Extension* psk = ch.extensions.find(ExtensionType::pre_shared_key);
  if (!psk || !offered_session_) return success();
  auto offered = decode_offered_psks(psk->data);
  if (!offered) return offered.error();
  // RFC 8446 §4.2.11.2: "The PskBinderEntry is computed in the same way as
  // the Finished message (Section 4.4.4) but with the BaseKey being the
  // binder_key derived via the key schedule from the corresponding PSK which
  // is being offered", over the ClientHello "up to and including the
  // PreSharedKeyExtension.identities field".
  const auto& st = offered_session_->state;
  const SuiteInfo* suite = find_suite(st.cipher_suite);
  KeySchedule psk_keys(suite->hash, sink_);
  psk_keys.extract_early(st.psk.bytes());
  const HashSecret binder_key = psk_keys.binder_key(true);
  const std::span<const std::uint8_t> partial(message.data(),
                                              message.size() - offered->binders_wire_length);
  Digest d;
  if (transcript_.has_hash()) {
    d = transcript_.current_with(partial);
  } else {
    d.size = crypto::digest_size(suite->hash);
    crypto::hash(suite->hash, partial, std::span(d.bytes.data(), d.size));
  }
  trace_transcript("partial ClientHello (for the PSK binder)", d);
  const HashSecret binder = psk_keys.finished_verify_data(binder_key, d);
  // The binders are the last bytes of the message and of its pre_shared_key
  // extension: one entry, <len><hmac>.
  std::copy(binder.bytes().begin(), binder.bytes().end(), message.end() - binder.size());
  for (Extension& e : ch.extensions.list) {
    if (e.type == code(ExtensionType::pre_shared_key)) {
      std::copy(binder.bytes().begin(), binder.bytes().end(), e.data.end() - binder.size());
    }
  }
  return success();
}

Result<void> Engine::client_send_hello() {
  if (!hrr_group_ && config_.session_cache) {
    // Sessions are kept under the server name they were made (and the
    // certificate checked) for. RFC 8446 §4.6.1: "Clients MUST only resume if
    // the new SNI value is valid for the server certificate presented in the
    // original session and SHOULD only resume if the SNI value matches the one
    // used in the original session."
    offered_session_ = config_.session_cache->take(negotiated_.server_name, config_.now());
    // A session of a version we still offer (TLS 1.3: a PSK; TLS 1.2: a
    // ticket or a session ID, and only with its suite among ours:
    // RFC 5246 §7.4.1.2: "If the session_id field is not empty (implying a
    // session resumption request), this vector MUST include at least the
    // cipher_suite from that session.").
    const std::uint16_t suite = offered_session_ ? offered_session_->state.cipher_suite : 0;
    const bool usable = (find_suite(suite, kTls13) && config_.allows(kTls13)) ||
                        (find_suite(suite, kTls12) && config_.allows(kTls12) &&
                         contains(config_.effective_suites(), suite));
    if (offered_session_ && !usable) offered_session_.reset();
  }
  auto ch = client_build_hello();
  if (!ch) return ch.error();
  for (const auto& e : ch->extensions.list) offered_extensions_.push_back(e.type);
  // The server answers the ClientHello it received: after edit_client_hello
  // (the conformance runner's), that is not the one Config describes.
  sent_suites_ = ch->cipher_suites;
  session_id_ = ch->legacy_session_id;
  Bytes message = ch->serialize();
  if (auto b = client_add_binders(*ch, message); !b) return b;
  if (sink_) message = ch->serialize(sent_fields());  // the trace shows the final binder
  // RFC 8446 §5.1: "legacy_record_version: MUST be set to 0x0303 for all
  // records generated by a TLS 1.3 implementation other than an initial
  // ClientHello (i.e., one not generated after a HelloRetryRequest), where it
  // MAY also be 0x0301 for compatibility purposes." RFC 8446 §5.1: "a record
  // containing a second ClientHello or a ServerHello MUST have version
  // 0x0303 (reflecting TLS 1.2)."
  records_.set_plaintext_version(hrr_group_ ? record::kTls12 : record::kTls10);
  send_message(HandshakeType::client_hello, message);
  if (auto f = flush_flight(); !f) return f;
  records_.set_plaintext_version(record::kTls12);
  if (!hrr_group_) {
    first_hello_ = std::move(*ch);
    move_internal(State::wait_sh, "send ClientHello");
  }
  return success();
}

namespace {

// The checks a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3,
// §4.1.4, §4.2.1).
Result<void> check_server_hello_common(const ServerHello& sh, const Bytes& session_id,
                                       const std::vector<std::uint16_t>& offered_suites,
                                       const std::vector<std::uint16_t>& offered_extensions,
                                       const std::vector<std::uint16_t>& versions) {
  // RFC 8446 §4.2.1: "Clients MUST check for this extension prior to
  // processing the rest of the ServerHello (although they will have to parse
  // the ServerHello in order to read the extension)."
  const Extension* sv = sh.extensions.find(ExtensionType::supported_versions);
  if (!sv) {
    // A TLS 1.2 (or older) server. RFC 8446 §4.1.3: "TLS 1.3 clients
    // receiving a ServerHello indicating TLS 1.2 or below MUST check that the
    // last 8 bytes are not equal to either of these values. [...] If a match
    // is found, the client MUST abort the handshake with an "illegal_parameter"
    // alert."
    const auto tail = std::span(sh.random).last(8);
    if (std::equal(tail.begin(), tail.end(), kDowngradeTls12.begin()) ||
        std::equal(tail.begin(), tail.end(), kDowngradeTls11.begin())) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.1.3: a downgrade sentinel in ServerHello.random from a "
                        "server that chose an older version");
    }
    return make_error(AD::protocol_version,
                      contains(versions, kTls12)
                          ? "RFC 8446 §4.2.1: the server chose neither TLS 1.3 nor TLS 1.2, "
                            "the versions offered"
                          : "RFC 8446 §4.2.1: the server did not choose TLS 1.3, the only "
                            "version offered")
        .with_found(sh.legacy_version);
  }
  // RFC 8446 §4.2.1: "If this extension is present, clients MUST ignore the
  // ServerHello.legacy_version value and MUST use only the
  // "supported_versions" extension to determine the selected version."
  auto version = decode_supported_versions_server(sv->data);
  if (!version) return version.error();
  // RFC 8446 §4.2.1: "If the "supported_versions" extension in the
  // ServerHello contains a version not offered by the client or contains a
  // version prior to TLS 1.3, the client MUST abort the handshake with an
  // "illegal_parameter" alert."
  if (*version != kTls13 || !contains(versions, *version)) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.2.1: the server selected a version the client did not offer")
        .with_found(*version);
  }
  // So a legacy_version other than 0x0303 (which RFC 8446 §4.1.3 asks the
  // server to send) is not refused here; 0x0300 or less was (RFC 8446 §D.5).
  // RFC 8446 §4.1.3: "A client which receives a legacy_session_id_echo field
  // that does not match what it sent in the ClientHello MUST abort the
  // handshake with an "illegal_parameter" alert."
  if (sh.legacy_session_id_echo != session_id) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.3: legacy_session_id_echo does not match the ClientHello");
  }
  // RFC 8446 §4.1.3: "A client which receives a cipher suite that was not
  // offered MUST abort the handshake with an "illegal_parameter" alert."
  // The same for a HelloRetryRequest, RFC 8446 §4.1.4: "A client which
  // receives a cipher suite that was not offered MUST abort the handshake."
  if (!contains(offered_suites, sh.cipher_suite) || !find_suite(sh.cipher_suite)) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.3: the server chose a cipher suite that was not offered")
        .with_found(sh.cipher_suite);
  }
  // RFC 8446 §4.1.3: "legacy_compression_method: A single byte which MUST
  // have the value 0."
  if (sh.legacy_compression_method != 0) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.3: legacy_compression_method must be 0");
  }
  // RFC 8446 §4.2: "Implementations MUST NOT send extension responses if the
  // remote endpoint did not send the corresponding extension requests, with
  // the exception of the "cookie" extension in the HelloRetryRequest. Upon
  // receiving such an extension, an endpoint MUST abort the handshake with an
  // "unsupported_extension" alert."
  for (const auto& e : sh.extensions.list) {
    const bool cookie = sh.is_hello_retry_request() && e.type == code(ExtensionType::cookie);
    if (!cookie && !contains(offered_extensions, e.type)) {
      return make_error(AD::unsupported_extension,
                        "RFC 8446 §4.2: an extension in the server's reply that the client did "
                        "not offer")
          .with_found(e.type);
    }
  }
  return success();
}

}  // namespace

Result<void> Engine::client_on_server_hello(std::span<const std::uint8_t> m) {
  auto sh = ServerHello::parse(m);
  if (!sh) return sh.error();
  // RFC 8446 §D.5: "Any endpoint receiving a Hello message with
  // ClientHello.legacy_version or ServerHello.legacy_version set to 0x0300
  // MUST abort the handshake with a "protocol_version" alert."
  if (sh->legacy_version <= 0x0300) {
    return make_error(AD::protocol_version,
                      "RFC 8446 §D.5: a ServerHello.legacy_version of SSL 3.0 (0x0300) or less")
        .with_found(sh->legacy_version);
  }
  // RFC 8446 §4.1.4: "The value of selected_version in the HelloRetryRequest
  // "supported_versions" extension MUST be retained in the ServerHello, and a
  // client MUST abort the handshake with an "illegal_parameter" alert if the
  // value changes." (A ServerHello without the extension would read as TLS
  // 1.2; one that names another version fails in check_server_hello_common.)
  if (hrr_group_ && !sh->extensions.has(ExtensionType::supported_versions)) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.4: a ServerHello after a HelloRetryRequest without the "
                      "version the HelloRetryRequest selected");
  }
  if (!sh->extensions.has(ExtensionType::supported_versions) && config_.allows(kTls12) &&
      sh->legacy_version == kTls12 && !sh->is_hello_retry_request()) {
    // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating
    // TLS 1.2 or below MUST check that the last 8 bytes are not equal to
    // either of these values" — a TLS 1.3 server would not choose 1.2 with us.
    // Either value: the TLS 1.1 one too, in a ServerHello that says TLS 1.2.
    const auto tail = std::span(sh->random).last(8);
    if (config_.allows(kTls13) &&
        (std::equal(tail.begin(), tail.end(), kDowngradeTls12.begin()) ||
         std::equal(tail.begin(), tail.end(), kDowngradeTls11.begin()))) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.1.3: a downgrade sentinel in ServerHello.random from a "
                        "server that chose TLS 1.2");
    }
    return client12_on_server_hello(*sh, m);
  }
  if (auto c = check_server_hello_common(*sh, session_id_, sent_suites_, offered_extensions_,
                                         config_.versions);
      !c) {
    return c;
  }
  // RFC 8446 §4.1.4: "Upon receipt of a HelloRetryRequest, the client MUST
  // check the legacy_version, legacy_session_id_echo, cipher_suite, and
  // legacy_compression_method as specified in Section 4.1.3 and then process
  // the extensions, starting with determining the version using
  // "supported_versions"." (check_server_hello_common, above.)
  if (sh->is_hello_retry_request()) return client_on_hello_retry(*sh, m);

  // RFC 8446 §4.1.4: "clients MUST check that the cipher suite supplied in
  // the ServerHello is the same as that in the HelloRetryRequest".
  if (suite_ && code(suite_->suite) != sh->cipher_suite) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.4: the ServerHello's cipher suite differs from the "
                      "HelloRetryRequest's")
        .with_found(sh->cipher_suite);
  }
  suite_ = find_suite(sh->cipher_suite);
  if (!transcript_.has_hash()) transcript_.set_hash(suite_->hash);
  transcript_.add(m);
  trace_decision("cipher suite", cipher_suite_name(sh->cipher_suite), "chosen by the server");

  std::span<const std::uint8_t> psk;
  if (const Extension* e = sh->extensions.find(ExtensionType::pre_shared_key)) {
    auto index = decode_selected_identity(e->data);
    if (!index) return index.error();
    // RFC 8446 §4.2.11: "Clients MUST verify that the server's
    // selected_identity is within the range supplied by the client, that the
    // server selected a cipher suite indicating a Hash associated with the
    // PSK [...] If these values are not consistent, the client MUST abort the
    // handshake with an "illegal_parameter" alert."
    if (*index != 0 || !offered_session_ ||
        find_suite(offered_session_->state.cipher_suite)->hash != suite_->hash) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.11: selected_identity out of range or for another hash")
          .with_found(*index);
    }
    psk = offered_session_->state.psk.bytes();
    psk_accepted_ = true;
    negotiated_.resumed = true;
  }

  const Extension* ks = sh->extensions.find(ExtensionType::key_share);
  // RFC 8446 §9.2 / §4.2.9: with psk_dhe_ke (the only mode we offer) the
  // server must answer with a key share. RFC 8446 §4.2.9: "In this mode, the
  // client and server MUST supply "key_share" values as described in Section
  // 4.2.8."
  if (!ks) {
    return make_error(AD::missing_extension,
                      "RFC 8446 §4.2.8: the ServerHello carries no key_share (psk_ke was not "
                      "offered)");
  }
  auto entry = decode_key_share_server(ks->data);
  if (!entry) return entry.error();
  // RFC 8446 §4.2.8: "This value MUST be in the same group as the
  // KeyShareEntry value offered by the client [...] If using (EC)DHE key
  // establishment and a HelloRetryRequest containing a "key_share" extension
  // was received by the client, the client MUST verify that the selected
  // NamedGroup in the ServerHello is the same as that in the
  // HelloRetryRequest. If this check fails, the client MUST abort the
  // handshake with an "illegal_parameter" alert."
  const auto mine = std::find_if(my_shares_.begin(), my_shares_.end(),
                                 [&](const KeyShare& s) { return s.group() == entry->group; });
  if (mine == my_shares_.end() || (hrr_group_ && *hrr_group_ != entry->group)) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.2.8: the server's key share is not for a group the client "
                      "sent a share for")
        .with_found(entry->group);
  }
  auto z = mine->shared_secret(entry->key_exchange);
  if (!z) return z.error();
  negotiated_.version = kTls13;
  negotiated_.cipher_suite = sh->cipher_suite;
  negotiated_.group = entry->group;

  derive_handshake_secrets(psk, z->bytes());
  my_shares_.clear();  // the private keys are no longer needed
  if (auto r = install_read_keys(server_hs_); !r) return r;
  move_to(State::wait_ee, HandshakeType::server_hello);
  return success();
}

Result<void> Engine::client_on_hello_retry(const ServerHello& hrr,
                                           std::span<const std::uint8_t> m) {
  // RFC 8446 §4.1.4: "If a client receives a second HelloRetryRequest in the
  // same connection (i.e., where the ClientHello was itself in response to a
  // HelloRetryRequest), it MUST abort the handshake with an
  // "unexpected_message" alert."
  if (hrr_group_) {
    return make_error(AD::unexpected_message, "RFC 8446 §4.1.4: a second HelloRetryRequest");
  }
  std::optional<std::uint16_t> group;
  if (const Extension* ks = hrr.extensions.find(ExtensionType::key_share)) {
    auto g = decode_key_share_hrr(ks->data);
    if (!g) return g.error();
    // RFC 8446 §4.2.8: "Upon receipt of this extension in a HelloRetryRequest,
    // the client MUST verify that (1) the selected_group field corresponds to
    // a group which was provided in the "supported_groups" extension in the
    // original ClientHello and (2) the selected_group field does not
    // correspond to a group which was provided in the "key_share" extension
    // in the original ClientHello. If either of these checks fails, then the
    // client MUST abort the handshake with an "illegal_parameter" alert."
    const bool offered = contains(config_.effective_groups(), *g);
    const bool already = std::any_of(my_shares_.begin(), my_shares_.end(),
                                     [&](const KeyShare& s) { return s.group() == *g; });
    if (!offered || already) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.8: the HelloRetryRequest's group was not offered or "
                        "already had a key share")
          .with_found(*g);
    }
    group = *g;
  }
  const Extension* cookie = hrr.extensions.find(ExtensionType::cookie);
  // RFC 8446 §4.1.4: "Clients MUST abort the handshake with an
  // "illegal_parameter" alert if the HelloRetryRequest would not result in
  // any change in the ClientHello."
  if (!group && !cookie) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.1.4: a HelloRetryRequest that would not change the "
                      "ClientHello");
  }
  if (cookie) {
    auto c = decode_cookie(cookie->data);
    if (!c) return c.error();
    hrr_cookie_ = std::move(*c);
  }
  suite_ = find_suite(hrr.cipher_suite);
  transcript_.set_hash(suite_->hash);
  transcript_.replace_with_message_hash();
  transcript_.add(m);
  negotiated_.hello_retry = true;
  trace_decision("HelloRetryRequest", group ? group_name(*group) : std::string("cookie only"),
                 "the server wants another key share (or a cookie)");
  // RFC 8446 §4.2.8: "Otherwise, when sending the new ClientHello, the client
  // MUST replace the original "key_share" extension with one containing only
  // a new KeyShareEntry for the group indicated in the selected_group field
  // of the triggering HelloRetryRequest."
  if (group) {
    my_shares_.clear();
    auto share = KeyShare::generate(*group, *config_.rng);
    if (!share) return share.error();
    my_shares_.push_back(std::move(*share));
  }
  hrr_group_ = group.value_or(my_shares_.front().group());
  // RFC 8446 §4.1.4: PSKs "incompatible with the server's indicated cipher
  // suite" may be removed.
  if (offered_session_ && find_suite(offered_session_->state.cipher_suite)->hash != suite_->hash) {
    offered_session_.reset();
  }
  offered_extensions_.clear();
  send_change_cipher_spec();
  move_to(State::wait_sh, HandshakeType::server_hello);  // a HelloRetryRequest
  // RFC 8446 §4.1.4: "Otherwise, the client MUST process all extensions in the
  // HelloRetryRequest and send a second updated ClientHello." (supported_versions
  // in check_server_hello_common, key_share and cookie above.)
  return client_send_hello();
}

Result<void> Engine::client_on_encrypted_extensions(std::span<const std::uint8_t> m) {
  auto ee = EncryptedExtensions::parse(m);
  if (!ee) return ee.error();
  for (const auto& e : ee->extensions.list) {
    // RFC 8446 §4.2 (see check_server_hello_common): no unsolicited replies.
    if (!contains(offered_extensions_, e.type)) {
      return make_error(AD::unsupported_extension,
                        "RFC 8446 §4.2: an extension in EncryptedExtensions that the client "
                        "did not offer")
          .with_found(e.type);
    }
    switch (static_cast<ExtensionType>(e.type)) {
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
        // RFC 7301 §3.1: "the "ProtocolNameList" MUST contain exactly one
        // "ProtocolName"" in the server's reply, one the client offered.
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
        auto limit = decode_record_size_limit(e.data);
        if (!limit) return limit.error();
        if (auto applied = apply_peer_record_size_limit(*limit); !applied) return applied;
        break;
      }
      // supported_groups among them: RFC 8446 §4.2.7: "Clients MUST NOT act
      // upon any information found in "supported_groups" prior to successful
      // completion of the handshake" — this client never reads it at all.
      default: break;
    }
  }
  transcript_.add(m);
  move_to(psk_accepted_ ? State::wait_finished : State::wait_cert_cr,
          HandshakeType::encrypted_extensions);
  return success();
}

Result<void> Engine::client_on_certificate_request(std::span<const std::uint8_t> m) {
  auto cr = CertificateRequest::parse(m);
  if (!cr) return cr.error();
  // RFC 8446 §4.3.2: "certificate_request_context [...] SHALL be zero length
  // unless used for the post-handshake authentication exchanges".
  if (!cr->certificate_request_context.empty()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.3.2: a certificate_request_context in the handshake must be "
                      "empty");
  }
  // RFC 8446 §4.3.2: "Clients MUST ignore unrecognized extensions." Only
  // signature_algorithms and certificate_authorities are read; the block's
  // own checks (extensions.cpp) refuse only the types they recognise.
  const Extension* sa = cr->extensions.find(ExtensionType::signature_algorithms);
  // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified".
  if (!sa) {
    return make_error(AD::missing_extension,
                      "RFC 8446 §4.3.2: CertificateRequest without signature_algorithms");
  }
  auto schemes = decode_signature_scheme_list(sa->data);
  if (!schemes) return schemes.error();
  server_requested_schemes_ = std::move(*schemes);
  certificate_requested_ = true;
  std::optional<std::vector<Bytes>> authorities;
  if (const Extension* ca = cr->extensions.find(ExtensionType::certificate_authorities)) {
    auto names = decode_certificate_authorities(ca->data);
    if (!names) return names.error();
    authorities = std::move(*names);
  }
  // Our answer: the first of our identities that can sign with a scheme the
  // server asks for and, when the server lists its CAs, whose chain leads to
  // one of them (RFC 8446 §4.2.4: the names "of acceptable certificate
  // authorities"); none: an empty Certificate (§4.4.2).
  for (const auto& held : config_.identities) {
    const auto scheme = choose_scheme(held->key(), server_requested_schemes_,
                                      config_.effective_signature_schemes());
    if (!scheme) continue;
    bool listed = !authorities;
    for (const auto& cert : held->chain()) {
      const auto issuer = cert.issuer().der;
      for (const auto& n : authorities.value_or(std::vector<Bytes>{})) {
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
  move_to(State::wait_cert, HandshakeType::certificate_request);
  return success();
}

Result<void> Engine::client_on_certificate(std::span<const std::uint8_t> m) {
  auto msg = CertificateMessage::parse(m);
  if (!msg) return msg.error();
  // RFC 8446 §4.4.2: "Otherwise (in the case of server authentication), this
  // field SHALL be zero length."
  if (!msg->certificate_request_context.empty()) {
    return make_error(AD::illegal_parameter,
                      "RFC 8446 §4.4.2: the server's certificate_request_context must be empty");
  }
  // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message,
  // the client MUST abort the handshake with a "decode_error" alert."
  // RFC 8446 §4.4.2: "The server's certificate_list MUST always be non-empty."
  if (msg->certificate_list.empty()) {
    return make_error(AD::decode_error, "RFC 8446 §4.4.2.4: the server sent no certificate");
  }
  auto chain = validate_peer_chain(*msg, x509::Purpose::server);
  if (!chain) return chain.error();
  peer_chain_ = std::move(*chain);
  transcript_.add(m);
  move_to(State::wait_cv, HandshakeType::certificate);
  return success();
}

Result<void> Engine::client_on_certificate_verify(std::span<const std::uint8_t> m) {
  auto ok = check_certificate_verify(*peer_chain_, m, offered_schemes_);
  if (!ok) return ok.error();
  negotiated_.signature_scheme = ok->scheme();
  peer_signature_ = std::move(*ok);
  move_to(State::wait_finished, HandshakeType::certificate_verify);
  return success();
}

Result<void> Engine::client_on_finished(std::span<const std::uint8_t> m) {
  // The server proved its identity: by a signature, or by knowing the PSK.
  if (!psk_accepted_ && !peer_signature_) {
    return make_error(AD::internal_error, "handshake: Finished without server authentication");
  }
  auto verified = verify_finished(server_hs_, m);
  if (!verified) return verified.error();
  derive_application_secrets();
  if (auto r = install_read_keys(server_ap_); !r) return r;

  send_change_cipher_spec();
  if (auto r = install_write_keys(client_hs_); !r) return r;
  // We never offer early data, so our second flight never starts with an
  // EndOfEarlyData: RFC 8446 §4.5: "If the server does not send an
  // "early_data" extension in EncryptedExtensions, then the client MUST NOT
  // send an EndOfEarlyData message."
  // RFC 8446 §4.4.2: "The client MUST send a Certificate message if and only
  // if the server has requested client authentication via a CertificateRequest
  // message (Section 4.3.2)." RFC 8446 §4.4.3: "Clients MUST send this
  // message whenever authenticating via a certificate (i.e., when the
  // Certificate message is non-empty)." RFC 8446 §4.4.3: "When sent, this
  // message MUST appear immediately after the Certificate message and
  // immediately prior to the Finished message." RFC 8446 §4.4.2: "A Finished
  // message MUST be sent regardless of whether the Certificate message is
  // empty."
  if (certificate_requested_) {
    // RFC 8446 §4.4.2.4: "If the client does not send any certificates (i.e.,
    // it sends an empty Certificate message), [...]" — when it has none that fits.
    // RFC 8446 §4.4.2: "If the server requests client authentication but no
    // suitable certificate is available, the client MUST send a Certificate
    // message containing no certificates (i.e., with the "certificate_list"
    // field having length 0)." (client_identity_ is null then.)
    send_message(HandshakeType::certificate, build_certificate(client_identity_, {}));
    if (client_identity_) {
      auto cv = build_certificate_verify(*client_identity_, client_scheme_);
      if (!cv) return cv.error();
      send_message(HandshakeType::certificate_verify, *cv);
    }
  }
  auto fin = finished_for(client_hs_);
  if (!fin) return fin.error();
  send_message(HandshakeType::finished, *fin);
  const Digest full = transcript_.current();
  resumption_ = keys_->resumption_master(full);
  // RFC 8446 §4.4.4: "Any records following a Finished message MUST be
  // encrypted under the appropriate application traffic key as described in
  // Section 7.2."
  if (auto r = install_write_keys(client_ap_); !r) return r;
  move_to(State::connected, HandshakeType::finished);
  enter_connected(*verified);
  return success();
}

Result<void> Engine::client_on_new_session_ticket(std::span<const std::uint8_t> m) {
  auto nst = NewSessionTicket::parse(m);
  if (!nst) return nst.error();
  // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800
  // seconds (7 days)." A value of zero: "the ticket should be discarded immediately".
  if (nst->ticket_lifetime > 604800) {
    return make_error(AD::illegal_parameter, "RFC 8446 §4.6.1: ticket_lifetime over 604800 seconds")
        .with_found(nst->ticket_lifetime);
  }
  move_to(State::connected, HandshakeType::new_session_ticket);
  if (!config_.session_cache || nst->ticket_lifetime == 0) return success();
  ClientSessionCache::Entry entry;
  entry.ticket = nst->ticket;
  entry.state.cipher_suite = code(suite_->suite);
  entry.state.psk = keys_->resumption_psk(resumption_, nst->ticket_nonce);
  entry.state.ticket_age_add = nst->ticket_age_add;
  entry.state.issued_at = config_.now();
  entry.state.lifetime = nst->ticket_lifetime;
  entry.state.alpn = negotiated_.alpn;
  entry.state.server_name = negotiated_.server_name;
  remember_saved_session(entry.ticket);
  config_.session_cache->put(negotiated_.server_name, std::move(entry));
  return success();
}

}  // namespace glasstls::handshake
