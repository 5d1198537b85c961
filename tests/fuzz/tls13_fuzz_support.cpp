#include "tests/fuzz/tls13_fuzz_support.hpp"

#include <algorithm>
#include <optional>

#include "crypto/aead.hpp"
#include "crypto/rng.hpp"
#include "handshake/authentication.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/hello.hpp"
#include "handshake/key_exchange12.hpp"
#include "handshake/key_schedule.hpp"
#include "handshake/messages12.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/server_params.hpp"
#include "handshake/session.hpp"
#include "handshake/state_table.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "trace/field_tree.hpp"
#include "x509/ca.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::fuzz {

namespace {

using handshake::Config;
using handshake::Connection;
using handshake::HandshakeType;
using handshake::State;

constexpr std::int64_t kNotBefore = 1700000000;  // 2023-11-14
constexpr std::int64_t kNotAfter = 2000000000;   // 2033-05-18
constexpr std::string_view kServerName = "server.example";

// ---- the PKI

crypto::Rng& pki_rng() {
  static crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(0x8446f022);
  return rng;
}

std::shared_ptr<const x509::KeyStore> issue_store(const x509::CertificateAuthority& ca,
                                                  std::string_view subject, std::string_view sans,
                                                  x509::Profile profile,
                                                  std::string_view key_spec = "p256",
                                                  crypto::Rng& rng = pki_rng()) {
  auto key = x509::PrivateKey::generate(key_spec, rng);
  auto name = x509::build_name(subject);
  auto san = x509::build_general_names(sans);
  if (!key || !name || !san) std::abort();
  auto csr = x509::make_csr(*key, *name, *san, rng);
  if (!csr) std::abort();
  auto cert = ca.issue(*csr, profile, kNotBefore, kNotAfter, rng);
  if (!cert) std::abort();
  auto ks = x509::KeyStore::create({*cert}, std::move(*key));
  if (!ks) std::abort();
  return std::make_shared<const x509::KeyStore>(std::move(*ks));
}

FuzzPki make_pki() {
  auto key = x509::PrivateKey::generate("p256", pki_rng());
  auto name = x509::build_name("CN=GlassTLS Fuzz Root");
  if (!key || !name) std::abort();
  auto root = x509::CertificateAuthority::create_root(std::move(*key), *name, kNotBefore, kNotAfter,
                                                      pki_rng());
  if (!root) std::abort();
  FuzzPki p;
  p.server = issue_store(*root, "CN=server.example", "DNS:server.example,DNS:localhost",
                         x509::Profile::server);
  p.client =
      issue_store(*root, "CN=fuzz client", "email:client@example.com", x509::Profile::client);
  p.roots.add(root->certificate());
  p.ca = std::make_shared<const x509::CertificateAuthority>(std::move(*root));
  return p;
}

// ---- the sink: key log, and the trace invariants

// Does `m` parse (without a sink)? A Finished is Hash.length bytes of the
// negotiated suite's hash (TLS 1.3) or 12 bytes (TLS 1.2, whose messages of
// their own parse with the TLS 1.2 parsers; `kind` is the suite's key
// exchange, for ClientKeyExchange).
bool parses(std::uint8_t type, std::span<const std::uint8_t> m, std::size_t hash_length, bool tls12,
            handshake::KeyExchangeKind kind) {
  if (tls12) {
    switch (static_cast<HandshakeType>(type)) {
      case HandshakeType::certificate: return handshake::Certificate12::parse(m).ok();
      case HandshakeType::certificate_request:
        return handshake::CertificateRequest12::parse(m).ok();
      case HandshakeType::server_key_exchange: return handshake::ServerKeyExchange12::parse(m).ok();
      case HandshakeType::server_hello_done: return handshake::ServerHelloDone::parse(m).ok();
      case HandshakeType::client_key_exchange:
        return handshake::ClientKeyExchange12::parse(m, kind).ok();
      case HandshakeType::finished:
        return handshake::Finished::parse(m, handshake::kVerifyDataLength12).ok();
      case HandshakeType::new_session_ticket: return handshake::NewSessionTicket12::parse(m).ok();
      case HandshakeType::hello_request: return handshake::HelloRequest::parse(m).ok();
      default: break;
    }
  }
  switch (static_cast<HandshakeType>(type)) {
    case HandshakeType::client_hello: return handshake::ClientHello::parse(m).ok();
    case HandshakeType::server_hello: return handshake::ServerHello::parse(m).ok();
    case HandshakeType::encrypted_extensions: return handshake::EncryptedExtensions::parse(m).ok();
    case HandshakeType::certificate_request: return handshake::CertificateRequest::parse(m).ok();
    case HandshakeType::certificate: return handshake::CertificateMessage::parse(m).ok();
    case HandshakeType::certificate_verify: return handshake::CertificateVerify::parse(m).ok();
    case HandshakeType::finished: return handshake::Finished::parse(m, hash_length).ok();
    case HandshakeType::new_session_ticket: return handshake::NewSessionTicket::parse(m).ok();
    case HandshakeType::key_update: return handshake::KeyUpdate::parse(m).ok();
    default: return false;
  }
}

std::optional<State> state_named(std::string_view name) {
  for (int s = 0; s < handshake::kStateCount; ++s) {
    if (handshake::state_name(static_cast<State>(s)) == name) return static_cast<State>(s);
  }
  return std::nullopt;
}

// The handshake type whose name is `name`, for the types of the table.
std::optional<HandshakeType> message_named(std::string_view name) {
  for (const auto& t : handshake::transition_table()) {
    if (handshake::handshake_type_name(handshake::code(t.message)) == name) return t.message;
  }
  return std::nullopt;
}

}  // namespace

bool CheckingSink::wants_secrets() const { return true; }

void CheckingSink::on_event(const trace::Event& event) {
  if (const auto* m = std::get_if<trace::MessageEvent>(&event)) {
    if (tls12 && m->type == static_cast<std::uint8_t>(HandshakeType::server_hello)) {
      // The suite's key exchange, for ClientKeyExchange; the server random.
      if (auto sh = handshake::ServerHello::parse(m->bytes)) {
        server_random = sh->random;
        if (const auto* info = handshake::find_suite(sh->cipher_suite, handshake::kTls12)) {
          kind_ = info->key_exchange;
        }
      }
    }
    on_message(*m);
    if (record_sent && m->direction == trace::Direction::sent) {
      sent.emplace_back(m->bytes.begin(), m->bytes.end());
    }
  }
  if (const auto* s = std::get_if<trace::StateEvent>(&event)) on_state(*s);
  if (const auto* k = std::get_if<trace::KeyLogEvent>(&event)) {
    secrets[std::string(k->label)] = Bytes(k->secret.begin(), k->secret.end());
    if (k->client_random.size() == client_random.size()) {
      std::copy(k->client_random.begin(), k->client_random.end(), client_random.begin());
    }
  }
  // The suite's hash length, for Finished (every Finished comes after a
  // transcript hash has been reported).
  if (const auto* t = std::get_if<trace::TranscriptEvent>(&event)) hash_length_ = t->hash.size();
  if (const auto* a = std::get_if<trace::AlertEvent>(&event)) {
    if (a->direction == trace::Direction::sent && a->level == 2) ++fatal_alerts_sent;
  }
}

void CheckingSink::on_message(const trace::MessageEvent& m) const {
  GLASSTLS_FUZZ_CHECK(m.fields != nullptr);
  // A message we built must parse with our own parser.
  const bool ok = parses(m.type, m.bytes, hash_length_, tls12, kind_);
  if (m.direction == trace::Direction::sent) GLASSTLS_FUZZ_CHECK(ok);
  if (ok) check_field_tree(*m.fields, m.bytes.size());
}

void CheckingSink::on_state(const trace::StateEvent& s) {
  const auto from = state_named(s.from);
  const auto to = state_named(s.to);
  GLASSTLS_FUZZ_CHECK(from && to);
  // Transitions caused by a received message are rows of the table; the
  // server's internal steps (RECVD_CH, NEGOTIATED, ...) name no message.
  const auto message = message_named(s.message);
  if (!message) return;
  const auto role = s.machine == "client" ? handshake::Role::client : handshake::Role::server;
  // (Either version: the event does not say which was negotiated.)
  GLASSTLS_FUZZ_CHECK(handshake::transition_allowed(role, 0, *from, *message, *to));
}

namespace {

// ---- sealing records under a traffic secret, independently of record/

class Sealer {
 public:
  Sealer(std::uint16_t suite, std::span<const std::uint8_t> secret) : suite_(suite) {
    secret_ = crypto::HashSecret::from(secret);
    install();
  }

  bool ok() const { return aead_ != nullptr; }

  // One TLSCiphertext: content || inner_type, sealed (RFC 8446 §5.2).
  Bytes seal(std::uint8_t inner_type, std::span<const std::uint8_t> content) {
    const std::size_t inner = std::min<std::size_t>(content.size(), 0xffff - 17) + 1;
    Bytes record(5 + inner + crypto::Aead::kTagSize);
    record[0] = 23;
    record[1] = 3;
    record[2] = 3;
    record[3] = static_cast<std::uint8_t>((inner + 16) >> 8);
    record[4] = static_cast<std::uint8_t>(inner + 16);
    std::copy_n(content.begin(), inner - 1, record.begin() + 5);
    record[5 + inner - 1] = inner_type;
    std::array<std::uint8_t, 12> nonce{};
    const auto iv = keys_.iv.bytes();
    for (std::size_t i = 0; i < 12; ++i) nonce[i] = iv[i];
    for (std::size_t i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<std::uint8_t>(seq_ >> (8 * i));
    ++seq_;
    std::span<std::uint8_t> body(record.data() + 5, inner + crypto::Aead::kTagSize);
    if (!aead_->seal(nonce, std::span(record).first(5), body.first(inner), body)) return {};
    return record;
  }

  // RFC 8446 §7.2: the next application traffic secret, after a KeyUpdate.
  void update() {
    secret_ = schedule().next_traffic_secret(secret_);
    install();
  }

 private:
  handshake::KeySchedule schedule() const {
    return handshake::KeySchedule(handshake::find_suite(suite_)->hash, nullptr);
  }
  void install() {
    aead_.reset();
    seq_ = 0;
    const auto* info = handshake::find_suite(suite_);
    if (!info || secret_.size() != crypto::digest_size(info->hash)) return;
    keys_ = schedule().traffic_keys(secret_, info->key_length);
    auto a = crypto::make_aead(info->aead, keys_.key.bytes().first(info->key_length));
    if (a) aead_ = std::move(*a);
  }

  std::uint16_t suite_;
  crypto::HashSecret secret_;
  handshake::TrafficKeys keys_;
  std::unique_ptr<crypto::Aead> aead_;
  std::uint64_t seq_ = 0;
};

// ---- resumption: one ticket from a real handshake, made once

handshake::ClientSessionCache::Entry clone(const handshake::ClientSessionCache::Entry& e) {
  return {e.ticket, e.state.clone()};
}

struct Resumption {
  std::unique_ptr<crypto::HmacDrbg> rng;
  std::shared_ptr<handshake::TicketKeys> keys;
  handshake::ClientSessionCache::Entry entry;
};

Config base_client(crypto::Rng& rng, trace::TraceSink* sink) {
  Config c;
  c.rng = &rng;
  c.trace = sink;
  c.clock = fuzz_now;
  c.trust = &fuzz_pki().roots;
  return c;
}

Config base_server(crypto::Rng& rng, trace::TraceSink* sink) {
  Config c;
  c.rng = &rng;
  c.trace = sink;
  c.clock = fuzz_now;
  c.identities.push_back(fuzz_pki().server);
  return c;
}

const Resumption& resumption() {
  static const Resumption r = [] {
    Resumption out;
    out.rng = std::make_unique<crypto::HmacDrbg>(crypto::HmacDrbg::from_seed(0x7469636b));
    out.keys = std::make_shared<handshake::TicketKeys>(*out.rng);
    auto cache = std::make_shared<handshake::ClientSessionCache>();
    Config cc = base_client(*out.rng, nullptr);
    cc.session_cache = cache;
    Config sc = base_server(*out.rng, nullptr);
    sc.ticket_keys = out.keys;
    sc.tickets_per_handshake = 1;
    auto client = Connection::client(cc, std::string(kServerName));
    auto server = Connection::server(sc);
    if (!pump(*client, *server)) std::abort();
    auto e = cache->take(std::string(kServerName), fuzz_now());
    if (!e) std::abort();
    out.entry = std::move(*e);
    return out;
  }();
  return r;
}

// ---- one run: the endpoint under test and its real peer

struct Run : EndpointPair {
  Options o;

  Run(Side s, const Options& opts) : EndpointPair(s, false), o(opts) {
    e_config = side == Side::server ? server_config(e_rng, &e_sink) : client_config(e_rng, &e_sink);
    p_config = side == Side::server ? client_config(p_rng, &p_sink) : server_config(p_rng, &p_sink);
  }

  Config client_config(crypto::Rng& rng, CheckingSink* sink) const {
    Config c = base_client(rng, sink);
    if (o.client_auth && !o.optional_auth) c.identities.push_back(fuzz_pki().client);
    if (o.chacha) c.cipher_suites = {0x1303};
    if (o.resume) {
      c.session_cache = std::make_shared<handshake::ClientSessionCache>();
      c.session_cache->put(std::string(kServerName), clone(resumption().entry));
    }
    return c;
  }

  Config server_config(crypto::Rng& rng, CheckingSink* sink) const {
    Config c = base_server(rng, sink);
    c.ticket_keys = resumption().keys;
    if (o.client_auth) {
      c.client_auth =
          o.optional_auth ? handshake::ClientAuth::optional : handshake::ClientAuth::required;
      c.trust = &fuzz_pki().roots;
    }
    if (o.hello_retry) c.groups = {0x0017};
    if (o.chacha) c.cipher_suites = {0x1303};
    return c;
  }

  // The valid opening (modes 1-3). Returns the peer's bytes that followed
  // it and were not delivered (a server peer's protected flight).
  Bytes opening() {
    make_peer();
    if (side == Side::server) {
      GLASSTLS_FUZZ_CHECK(e->receive(p->take_output()).ok());
      auto out = e->take_output();
      if (e->negotiated().hello_retry && o.mode != 1) {
        GLASSTLS_FUZZ_CHECK(p->receive(out).ok());
        GLASSTLS_FUZZ_CHECK(e->receive(p->take_output()).ok());
        out = e->take_output();
      }
      return out;
    }
    GLASSTLS_FUZZ_CHECK(p->receive(e->take_output()).ok());
    auto out = p->take_output();
    if (p->negotiated().hello_retry) {
      GLASSTLS_FUZZ_CHECK(e->receive(out).ok());
      GLASSTLS_FUZZ_CHECK(p->receive(e->take_output()).ok());
      out = p->take_output();
    }
    // The records before the first protected one: ServerHello (and the
    // middlebox ChangeCipherSpec).
    std::size_t at = 0;
    while (at + 5 <= out.size() && out[at] != 23) {
      at += 5 + (std::size_t{out[at + 3]} << 8 | out[at + 4]);
    }
    at = std::min(at, out.size());
    GLASSTLS_FUZZ_CHECK(e->receive(std::span(out).first(at)).ok());
    (void)e->take_output();
    return Bytes(out.begin() + static_cast<std::ptrdiff_t>(at), out.end());
  }

  bool deliver(std::span<const std::uint8_t> bytes) {
    return EndpointPair::deliver(bytes, o.chunked ? o.param % 5 + 1 : 0);
  }

  std::string peer_label(bool application) const {
    const bool peer_is_client = side == Side::server;
    if (application) return peer_is_client ? "CLIENT_TRAFFIC_SECRET_0" : "SERVER_TRAFFIC_SECRET_0";
    return peer_is_client ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "SERVER_HANDSHAKE_TRAFFIC_SECRET";
  }

  // Modes 2 and 3: each record sealed under the peer's current keys.
  void feed_sealed(
      const std::vector<std::pair<std::uint8_t, std::span<const std::uint8_t>>>& recs) {
    const auto hs = e_sink.secrets.find(peer_label(false));
    if (hs == e_sink.secrets.end()) return;
    std::optional<Sealer> sealer(std::in_place, e->negotiated().cipher_suite, hs->second);
    bool application = e->handshake_done();
    if (application) {
      const auto ap = e_sink.secrets.find(peer_label(true));
      if (ap == e_sink.secrets.end()) return;
      sealer.emplace(e->negotiated().cipher_suite, ap->second);
    }
    for (const auto& [type, content] : recs) {
      if (!sealer->ok()) return;
      if (!deliver(sealer->seal(type, content))) return;
      (void)e->take_output();
      if (!application && e->handshake_done()) {
        const auto ap = e_sink.secrets.find(peer_label(true));
        if (ap == e_sink.secrets.end()) return;
        sealer.emplace(e->negotiated().cipher_suite, ap->second);
        application = true;
      } else if (application && type == 22 && has_key_update(content)) {
        sealer->update();
      }
    }
  }

  static bool has_key_update(std::span<const std::uint8_t> content) {
    for (std::size_t at = 0; at + 4 <= content.size();) {
      const std::size_t len =
          std::size_t{content[at + 1]} << 16 | std::size_t{content[at + 2]} << 8 | content[at + 3];
      if (content[at] == 24 && len == 1) return true;
      at += 4 + len;
    }
    return false;
  }

  // The invariants every run ends with.
  Outcome check() {
    Expectations x;
    x.server_path = side == Side::client;
    x.client_chain = side == Side::server && o.client_auth && !o.optional_auth;
    return check_endpoint(*e, e_sink, x);
  }
};

std::vector<std::pair<std::uint8_t, std::span<const std::uint8_t>>> split_records(
    std::span<const std::uint8_t> body) {
  std::vector<std::pair<std::uint8_t, std::span<const std::uint8_t>>> out;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::uint8_t type = body[at++];
    std::size_t len = 0;
    if (at < body.size()) len = std::size_t{body[at++]} << 8;
    if (at < body.size()) len |= body[at++];
    len = std::min(len, body.size() - at);
    out.emplace_back(type, body.subspan(at, len));
    at += len;
  }
  return out;
}

}  // namespace

Outcome check_endpoint(Connection& endpoint, const CheckingSink& sink, const Expectations& x) {
  (void)endpoint.take_output();
  Outcome out;
  out.state = endpoint.state();
  out.handshake_done = endpoint.handshake_done();
  const auto data = endpoint.read();
  out.read_data = !data.empty();
  // Nothing unauthenticated reaches the application.
  GLASSTLS_FUZZ_CHECK(data.empty() || endpoint.handshake_done());
  if (endpoint.error()) {
    const Error first = *endpoint.error();
    out.failed = true;
    out.error = first.describe();
    GLASSTLS_FUZZ_CHECK(endpoint.state() == State::closed && !endpoint.handshake_done());
    // One alert, then nothing: every later call fails with the same Error.
    GLASSTLS_FUZZ_CHECK(sink.fatal_alerts_sent == (first.origin == ErrorOrigin::local ? 1 : 0));
    const std::uint8_t more[5] = {23, 3, 3, 0, 0};
    auto again = endpoint.receive(more);
    GLASSTLS_FUZZ_CHECK(!again && again.error().alert == first.alert);
    const std::uint8_t app[1] = {'x'};
    GLASSTLS_FUZZ_CHECK(!endpoint.write(app));
    GLASSTLS_FUZZ_CHECK(endpoint.take_output().empty() && endpoint.read().empty());
    GLASSTLS_FUZZ_CHECK(sink.fatal_alerts_sent <= 1);
    return out;
  }
  GLASSTLS_FUZZ_CHECK(sink.fatal_alerts_sent == 0);
  if (endpoint.handshake_done()) {
    const auto& n = endpoint.negotiated();
    GLASSTLS_FUZZ_CHECK(n.version == x.version && handshake::find_suite(n.cipher_suite, n.version));
    // The peer was authenticated as configured.
    if (x.server_path && !n.resumed) GLASSTLS_FUZZ_CHECK(!n.verified_path.empty());
    if (x.client_chain && !n.resumed) {
      GLASSTLS_FUZZ_CHECK(!n.peer_chain.empty() && !n.verified_path.empty());
    }
    GLASSTLS_FUZZ_CHECK(endpoint.export_keying_material("fuzz", {}, 16).ok());
    const std::uint8_t app[3] = {'a', 'b', 'c'};
    GLASSTLS_FUZZ_CHECK(endpoint.write(app).ok());
    GLASSTLS_FUZZ_CHECK(!endpoint.take_output().empty());
  }
  return out;
}

void EndpointPair::start() {
  if (side == Side::server) {
    e = Connection::server(e_config);
  } else {
    e = Connection::client(e_config, std::string(kServerName));
  }
}

void EndpointPair::make_peer() {
  p = side == Side::server ? Connection::client(p_config, std::string(kServerName))
                           : Connection::server(p_config);
}

bool EndpointPair::deliver(std::span<const std::uint8_t> bytes, std::size_t chunk) {
  if (chunk == 0) return e->receive(bytes).ok();
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    if (!e->receive(bytes.subspan(at, std::min(chunk, bytes.size() - at)))) return false;
  }
  return true;
}

bool tiles_linear(const std::vector<trace::FieldNode>& nodes, std::size_t size) {
  // Nodes come in the order the parser opened them, so a node's parent is
  // an earlier node and siblings follow each other: one pass with a cursor
  // per node (where its next child must start) checks what trace::tiles
  // checks recursively.
  std::vector<std::size_t> cursor(nodes.size() + 1);
  std::vector<bool> has_children(nodes.size() + 1, false);
  cursor[0] = 0;  // index 0: the message itself
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    if (n.parent >= static_cast<int>(i)) return false;
    const std::size_t p = static_cast<std::size_t>(n.parent + 1);
    if (n.offset != cursor[p]) return false;
    if (n.length > size || n.offset > size - n.length) return false;
    cursor[p] = n.offset + n.length;
    has_children[p] = true;
    cursor[i + 1] = n.offset;
  }
  if (!has_children[0]) return size == 0;
  if (cursor[0] != size) return false;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (has_children[i + 1] && cursor[i + 1] != nodes[i].offset + nodes[i].length) return false;
  }
  return true;
}

void check_field_tree(const std::vector<trace::FieldNode>& nodes, std::size_t size) {
  for (const auto& n : nodes) GLASSTLS_FUZZ_CHECK(!n.name.empty());
  GLASSTLS_FUZZ_CHECK(tiles_linear(nodes, size));
  // trace::tiles walks the tree once per node: only for small trees.
  if (nodes.size() <= 256) {
    std::string why;
    GLASSTLS_FUZZ_CHECK(trace::tiles(nodes, size, why));
  }
}

const FuzzPki& fuzz_pki() {
  static const FuzzPki p = make_pki();
  return p;
}

std::int64_t fuzz_now() { return 1800000000; }

bool pump(Connection& a, Connection& b) {
  for (int round = 0; round < 16; ++round) {
    auto x = a.take_output();
    auto y = b.take_output();
    if (x.empty() && y.empty()) return !a.error() && !b.error();
    if (!x.empty() && !b.receive(x)) return false;
    if (!y.empty() && !a.receive(y)) return false;
  }
  return false;
}

Options Options::from(std::uint8_t flags, std::uint8_t param) {
  Options o;
  o.mode = flags & 3;
  o.client_auth = (flags & 0x04) != 0;
  o.resume = (flags & 0x08) != 0;
  o.hello_retry = (flags & 0x10) != 0;
  o.chunked = (flags & 0x20) != 0;
  o.chacha = (flags & 0x40) != 0;
  o.optional_auth = o.client_auth && (flags & 0x80) != 0;
  o.param = param;
  return o;
}

std::uint8_t Options::flags() const {
  return static_cast<std::uint8_t>((mode & 3) | (client_auth ? 0x04 : 0) | (resume ? 0x08 : 0) |
                                   (hello_retry ? 0x10 : 0) | (chunked ? 0x20 : 0) |
                                   (chacha ? 0x40 : 0) | (optional_auth ? 0x80 : 0));
}

void add_record(Bytes& body, std::uint8_t inner_type, std::span<const std::uint8_t> content) {
  body.push_back(inner_type);
  body.push_back(static_cast<std::uint8_t>(content.size() >> 8));
  body.push_back(static_cast<std::uint8_t>(content.size()));
  body.insert(body.end(), content.begin(), content.end());
}

Outcome run_endpoint(Side side, std::span<const std::uint8_t> input) {
  if (input.size() < 2) return {};
  const Options o = Options::from(input[0], input[1]);
  const auto body = input.subspan(2);
  Run run(side, o);
  run.start();
  if (o.mode == 0) {
    if (side == Side::client) (void)run.e->take_output();  // the ClientHello
    (void)run.deliver(body);
    return run.check();
  }
  (void)run.opening();
  if (o.mode == 1) {
    (void)run.deliver(body);
  } else if (o.mode == 2) {
    run.feed_sealed(split_records(body));
  } else {
    std::vector<std::pair<std::uint8_t, std::span<const std::uint8_t>>> recs;
    const std::size_t size = std::size_t{o.param} + 1;
    for (std::size_t at = 0; at < body.size(); at += size) {
      recs.emplace_back(22, body.subspan(at, std::min(size, body.size() - at)));
    }
    run.feed_sealed(recs);
  }
  return run.check();
}

PeerScript script_peer(Side side, const Options& o) {
  PeerScript script;
  Run run(side, o);
  run.p_sink.record_sent = true;
  run.start();
  // The same steps as Run::opening(), with every byte kept.
  if (side == Side::server) {
    run.make_peer();
    script.opening_raw = run.p->take_output();
    GLASSTLS_FUZZ_CHECK(run.e->receive(script.opening_raw).ok());
    auto out = run.e->take_output();
    if (run.e->negotiated().hello_retry) {
      GLASSTLS_FUZZ_CHECK(run.p->receive(out).ok());
      script.hello_retry_reply = run.p->take_output();
      GLASSTLS_FUZZ_CHECK(run.e->receive(script.hello_retry_reply).ok());
      out = run.e->take_output();
    }
    const std::size_t mark = run.p_sink.sent.size();
    GLASSTLS_FUZZ_CHECK(run.p->receive(out).ok());
    script.raw_after_opening = run.p->take_output();
    script.handshake_messages.assign(run.p_sink.sent.begin() + static_cast<std::ptrdiff_t>(mark),
                                     run.p_sink.sent.end());
    GLASSTLS_FUZZ_CHECK(run.e->receive(script.raw_after_opening).ok() && run.e->handshake_done());
    return script;
  }
  const Bytes ch = run.e->take_output();
  run.make_peer();
  GLASSTLS_FUZZ_CHECK(run.p->receive(ch).ok());
  auto out = run.p->take_output();
  script.opening_raw = out;
  if (run.p->negotiated().hello_retry) {
    GLASSTLS_FUZZ_CHECK(run.e->receive(out).ok());
    script.hello_retry_reply = run.e->take_output();
    GLASSTLS_FUZZ_CHECK(run.p->receive(script.hello_retry_reply).ok());
    out = run.p->take_output();
  }
  std::size_t at = 0;
  while (at + 5 <= out.size() && out[at] != 23) {
    at += 5 + (std::size_t{out[at + 3]} << 8 | out[at + 4]);
  }
  at = std::min(at, out.size());
  GLASSTLS_FUZZ_CHECK(run.e->receive(std::span(out).first(at)).ok());
  script.raw_after_opening.assign(out.begin() + static_cast<std::ptrdiff_t>(at), out.end());
  for (const auto& m : run.p_sink.sent) {
    if (!m.empty() && m[0] != 2) script.handshake_messages.push_back(m);
  }
  const std::size_t mark = run.p_sink.sent.size();
  GLASSTLS_FUZZ_CHECK(run.e->receive(script.raw_after_opening).ok() && run.e->handshake_done());
  GLASSTLS_FUZZ_CHECK(run.p->receive(run.e->take_output()).ok() && run.p->handshake_done());
  script.post_handshake.assign(run.p_sink.sent.begin() + static_cast<std::ptrdiff_t>(mark),
                               run.p_sink.sent.end());
  return script;
}

}  // namespace glasstls::fuzz
