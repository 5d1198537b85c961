#include "tests/fuzz/tls12_fuzz_support.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "crypto/aead.hpp"
#include "crypto/rng.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule12.hpp"
#include "handshake/session.hpp"
#include "record/record.hpp"
#include "record/tls12_protection.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "x509/csr.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::fuzz::tls12 {

namespace {

using handshake::Config;
using handshake::Connection;
using handshake::kTls12;

constexpr std::string_view kFuzzServerName = "server.example";
constexpr std::int64_t kNotBefore = 1700000000;  // as the P-256 PKI
constexpr std::int64_t kNotAfter = 2000000000;

std::shared_ptr<const x509::KeyStore> make_rsa_server() {
  // Its own generator: the P-256 PKI's stays as the TLS 1.3 targets see it.
  static crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(0x5246f012);
  auto key = x509::PrivateKey::generate("rsa2048", rng);
  auto name = x509::build_name("CN=server.example");
  auto san = x509::build_general_names("DNS:server.example,DNS:localhost");
  if (!key || !name || !san) std::abort();
  auto csr = x509::make_csr(*key, *name, *san, rng);
  if (!csr) std::abort();
  auto cert = fuzz_pki().ca->issue(*csr, x509::Profile::server, kNotBefore, kNotAfter, rng);
  if (!cert) std::abort();
  auto ks = x509::KeyStore::create({*cert}, std::move(*key));
  if (!ks) std::abort();
  return std::make_shared<const x509::KeyStore>(std::move(*ks));
}

// The records of `bytes` (whole ones; a partial tail is dropped).
std::vector<std::pair<std::uint8_t, Bytes>> records_of(std::span<const std::uint8_t> bytes) {
  std::vector<std::pair<std::uint8_t, Bytes>> out;
  std::size_t at = 0;
  while (at + 5 <= bytes.size()) {
    const std::size_t n = std::size_t{bytes[at + 3]} << 8 | bytes[at + 4];
    if (at + 5 + n > bytes.size()) break;
    out.emplace_back(bytes[at], Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(at + 5),
                                      bytes.begin() + static_cast<std::ptrdiff_t>(at + 5 + n)));
    at += 5 + n;
  }
  return out;
}

Bytes plain_record(std::uint8_t type, std::span<const std::uint8_t> content) {
  // (Byte by byte: g++ 12 -O3 warns falsely on an insert after an
  // initializer list, -Warray-bounds.)
  const std::size_t n = std::min<std::size_t>(content.size(), 0xffff);
  Bytes r;
  r.reserve(5 + n);
  r.push_back(type);
  r.push_back(3);
  r.push_back(3);
  r.push_back(static_cast<std::uint8_t>(n >> 8));
  r.push_back(static_cast<std::uint8_t>(n));
  for (std::size_t i = 0; i < n; ++i) r.push_back(content[i]);
  return r;
}

std::vector<Bytes> messages_of(std::span<const std::uint8_t> stream) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at + 4 <= stream.size()) {
    const std::size_t n =
        std::size_t{stream[at + 1]} << 16 | std::size_t{stream[at + 2]} << 8 | stream[at + 3];
    if (at + 4 + n > stream.size()) break;
    out.emplace_back(stream.begin() + static_cast<std::ptrdiff_t>(at),
                     stream.begin() + static_cast<std::ptrdiff_t>(at + 4 + n));
    at += 4 + n;
  }
  return out;
}

// A server's first flight split after its first message (the ServerHello):
// a record with it alone, and the rest — its other plaintext handshake
// messages in one record, then whatever records followed them as sent (an
// abbreviated handshake's ChangeCipherSpec and Finished).
std::pair<Bytes, Bytes> split_after_server_hello(std::span<const std::uint8_t> flight) {
  const auto records = records_of(flight);
  Bytes stream;
  std::size_t i = 0;
  for (; i < records.size() && records[i].first == 22; ++i) {
    stream.insert(stream.end(), records[i].second.begin(), records[i].second.end());
  }
  const auto messages = messages_of(stream);
  GLASSTLS_FUZZ_CHECK(!messages.empty());
  Bytes rest_stream;
  for (std::size_t m = 1; m < messages.size(); ++m) {
    rest_stream.insert(rest_stream.end(), messages[m].begin(), messages[m].end());
  }
  Bytes rest;
  for (std::size_t at = 0; at < rest_stream.size(); at += record::kMaxPlaintext) {
    const auto r = plain_record(
        22, std::span(rest_stream)
                .subspan(at, std::min(record::kMaxPlaintext, rest_stream.size() - at)));
    rest.insert(rest.end(), r.begin(), r.end());
  }
  for (; i < records.size(); ++i) {
    const auto r = plain_record(records[i].first, records[i].second);
    rest.insert(rest.end(), r.begin(), r.end());
  }
  return {plain_record(22, messages.front()), rest};
}

// The records of `bytes` up to and including the first ChangeCipherSpec
// (all of them when there is none), and whether there was one.
std::pair<Bytes, bool> until_change_cipher_spec(std::span<const std::uint8_t> bytes) {
  Bytes out;
  for (const auto& [type, body] : records_of(bytes)) {
    const auto r = plain_record(type, body);
    out.insert(out.end(), r.begin(), r.end());
    if (type == 20) return {out, true};
  }
  return {out, false};
}

// ---- resumption (RFC 5246 §7.3 abbreviated handshake, RFC 5077 tickets)

crypto::Rng& ticket_rng() {
  static crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(0x5077);
  return rng;
}

// What seals every server's tickets.
const std::shared_ptr<handshake::TicketKeys>& ticket_keys() {
  static const auto keys = std::make_shared<handshake::TicketKeys>(ticket_rng());
  return keys;
}

handshake::ClientSessionCache::Entry resumption_entry(const Options& o);

// One run: the endpoint under test and its real peer.
struct Run : EndpointPair {
  Options o;
  std::unique_ptr<record::Tls12Protection> sealer;  // the peer's write keys (modes 2, 3)

  Run(Side s, const Options& opts) : EndpointPair(s, true), o(opts) {
    e_config = side == Side::server ? server_config(e_rng, &e_sink) : client_config(e_rng, &e_sink);
    p_config = side == Side::server ? client_config(p_rng, &p_sink) : server_config(p_rng, &p_sink);
  }

  Config common(crypto::Rng& rng, CheckingSink* sink) const {
    Config c;
    c.rng = &rng;
    c.trace = sink;
    c.clock = fuzz_now;
    c.versions = {kTls12};
    c.cipher_suites = {o.suite()};
    return c;
  }

  Config client_config(crypto::Rng& rng, CheckingSink* sink) const {
    Config c = common(rng, sink);
    c.trust = &fuzz_pki().roots;
    if (o.client_auth && !o.optional_auth) c.identities.push_back(fuzz_pki().client);
    // A cache: the client offers session_ticket, and keeps what it gets.
    c.session_cache = std::make_shared<handshake::ClientSessionCache>();
    if (o.resume) c.session_cache->put(std::string(kFuzzServerName), resumption_entry(o));
    return c;
  }

  Config server_config(crypto::Rng& rng, CheckingSink* sink) const {
    Config c = common(rng, sink);
    c.identities.push_back(o.rsa_key_transport || o.rsa_server ? fuzz_rsa_server()
                                                               : fuzz_pki().server);
    c.ticket_keys = ticket_keys();
    if (o.client_auth) {
      c.client_auth =
          o.optional_auth ? handshake::ClientAuth::optional : handshake::ClientAuth::required;
      c.trust = &fuzz_pki().roots;
    }
    return c;
  }

  // The valid opening (modes 1-3). Returns what the peer would see next: a
  // server under test's first flight, or the rest of a server peer's first
  // flight (after the ServerHello) for a client under test.
  Bytes opening() {
    make_peer();
    if (side == Side::server) {
      GLASSTLS_FUZZ_CHECK(e->receive(p->take_output()).ok());
      return e->take_output();
    }
    GLASSTLS_FUZZ_CHECK(p->receive(e->take_output()).ok());
    auto [hello, rest] = split_after_server_hello(p->take_output());
    GLASSTLS_FUZZ_CHECK(e->receive(hello).ok());
    (void)e->take_output();
    return rest;
  }

  // Mode 3: the rest of the peer's real exchange, up to and including its
  // ChangeCipherSpec.
  void up_to_peer_change_cipher_spec(const Bytes& after_opening) {
    Bytes peer_out;
    if (side == Side::server) {
      GLASSTLS_FUZZ_CHECK(p->receive(after_opening).ok());
      peer_out = p->take_output();
    } else {
      // An abbreviated handshake: the server's ChangeCipherSpec is already here.
      auto [head, ccs] = until_change_cipher_spec(after_opening);
      GLASSTLS_FUZZ_CHECK(e->receive(head).ok());
      if (ccs) {
        (void)e->take_output();
        return;
      }
      GLASSTLS_FUZZ_CHECK(p->receive(e->take_output()).ok());
      peer_out = p->take_output();
    }
    GLASSTLS_FUZZ_CHECK(e->receive(until_change_cipher_spec(peer_out).first).ok());
    (void)e->take_output();
  }

  bool deliver(std::span<const std::uint8_t> bytes) {
    return EndpointPair::deliver(bytes, o.chunked ? o.param % 5 + 1 : 0);
  }

  // The peer's write keys (RFC 5246 §6.3) from the endpoint's master secret
  // and the randoms; false while the endpoint has none.
  bool ensure_sealer() {
    if (sealer) return true;
    const auto master = e_sink.secrets.find("CLIENT_RANDOM");
    const auto* info = handshake::find_suite(e->negotiated().cipher_suite, kTls12);
    if (master == e_sink.secrets.end() || !info) return false;
    handshake::KeySchedule12 ks(info->hash, nullptr);
    if (!ks.resume_master_secret(master->second, e_sink.client_random)) return false;
    const auto block = ks.key_block(e_sink.client_random, e_sink.server_random, info->key_length,
                                    info->fixed_iv_length);
    const auto& keys = side == Side::server ? block.client : block.server;
    auto aead = crypto::make_aead(info->aead, keys.key.bytes().first(info->key_length));
    if (!aead) return false;
    auto prot = record::Tls12Protection::create(std::move(*aead),
                                                keys.iv.bytes().first(info->fixed_iv_length));
    if (!prot) return false;
    sealer = std::move(*prot);
    return true;
  }

  // One record from the peer: sealed when asked for (and possible), else in the clear.
  bool send(std::uint8_t type, std::span<const std::uint8_t> content, bool sealed) {
    if (!sealed) return deliver(plain_record(type, content));
    if (!ensure_sealer()) return true;  // no keys yet: dropped
    Bytes out;
    const auto part = content.first(std::min(content.size(), record::kMaxPlaintext));
    if (!sealer->seal(static_cast<record::ContentType>(type), part, 0, out, nullptr)) return false;
    return deliver(out);
  }

  Outcome check() {
    Expectations x;
    x.version = kTls12;
    x.server_path = side == Side::client;
    x.client_chain = side == Side::server && o.client_auth && !o.optional_auth;
    return check_endpoint(*e, e_sink, x);
  }
};

// A session for these options' suite and client identity, from one full
// handshake made once per kind, deterministic (its own generators).
handshake::ClientSessionCache::Entry resumption_entry(const Options& o) {
  static std::map<std::uint8_t, handshake::ClientSessionCache::Entry> made;
  Options full = o;
  full.resume = false;
  full.mode = 0;
  full.chunked = false;
  full.param = 0;
  const std::uint8_t kind = full.flags();
  auto it = made.find(kind);
  if (it == made.end()) {
    Run run(Side::server, full);
    run.start();
    run.make_peer();
    GLASSTLS_FUZZ_CHECK(pump(*run.p, *run.e));
    auto entry = run.p_config.session_cache->take(std::string(kFuzzServerName), fuzz_now());
    GLASSTLS_FUZZ_CHECK(entry.has_value());
    it = made.emplace(kind, std::move(*entry)).first;
  }
  return {it->second.ticket, it->second.state.clone()};
}

}  // namespace

Options Options::from(std::uint8_t flags, std::uint8_t param) {
  Options o;
  o.mode = flags & 3;
  o.client_auth = (flags & 0x04) != 0;
  o.rsa_key_transport = (flags & 0x08) != 0;
  o.rsa_server = (flags & 0x10) != 0;
  o.chunked = (flags & 0x20) != 0;
  o.chacha = (flags & 0x40) != 0;
  o.optional_auth = o.client_auth && (flags & 0x80) != 0;
  o.resume = (param & 0x80) != 0;
  o.param = param & 0x7f;
  return o;
}

std::uint8_t Options::flags() const {
  return static_cast<std::uint8_t>((mode & 3) | (client_auth ? 0x04 : 0) |
                                   (rsa_key_transport ? 0x08 : 0) | (rsa_server ? 0x10 : 0) |
                                   (chunked ? 0x20 : 0) | (chacha ? 0x40 : 0) |
                                   (optional_auth ? 0x80 : 0));
}

std::uint8_t Options::param_byte() const {
  return static_cast<std::uint8_t>((param & 0x7f) | (resume ? 0x80 : 0));
}

std::uint16_t Options::suite() const {
  if (rsa_key_transport) return rsa_server ? 0x009d : 0x009c;
  if (rsa_server) return chacha ? 0xcca8 : 0xc02f;
  return chacha ? 0xcca9 : 0xc02b;
}

std::shared_ptr<const x509::KeyStore> fuzz_rsa_server() {
  static const std::shared_ptr<const x509::KeyStore> ks = make_rsa_server();
  return ks;
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
  const Bytes after_opening = run.opening();
  if (o.mode == 1) {
    (void)run.deliver(body);
  } else if (o.mode == 2) {
    std::size_t at = 0;
    while (at < body.size()) {
      const std::uint8_t type = body[at++];
      std::size_t len = 0;
      if (at < body.size()) len = std::size_t{body[at++]} << 8;
      if (at < body.size()) len |= body[at++];
      len = std::min(len, body.size() - at);
      if (!run.send(type & 0x7f, body.subspan(at, len), (type & 0x80) != 0)) break;
      (void)run.e->take_output();
      at += len;
    }
  } else {
    run.up_to_peer_change_cipher_spec(after_opening);
    const std::size_t size = std::size_t{o.param} + 1;
    for (std::size_t at = 0; at < body.size(); at += size) {
      if (!run.send(22, body.subspan(at, std::min(size, body.size() - at)), true)) break;
      (void)run.e->take_output();
    }
  }
  return run.check();
}

PeerScript script_peer(Side side, const Options& o) {
  PeerScript script;
  Run run(side, o);
  run.p_sink.record_sent = true;
  run.start();
  run.make_peer();
  if (side == Side::server) {
    script.opening_raw = run.p->take_output();
    GLASSTLS_FUZZ_CHECK(run.e->receive(script.opening_raw).ok());
    const std::size_t mark = run.p_sink.sent.size();
    GLASSTLS_FUZZ_CHECK(run.p->receive(run.e->take_output()).ok());
    script.raw_after_opening = run.p->take_output();
    script.plain_messages.assign(run.p_sink.sent.begin() + static_cast<std::ptrdiff_t>(mark),
                                 run.p_sink.sent.end());
  } else {
    GLASSTLS_FUZZ_CHECK(run.p->receive(run.e->take_output()).ok());
    script.opening_raw = run.p->take_output();
    auto [hello, rest] = split_after_server_hello(script.opening_raw);
    GLASSTLS_FUZZ_CHECK(run.e->receive(hello).ok());
    GLASSTLS_FUZZ_CHECK(run.e->receive(rest).ok());
    GLASSTLS_FUZZ_CHECK(run.p->receive(run.e->take_output()).ok());
    const Bytes fin = run.p->take_output();  // empty after an abbreviated handshake
    script.raw_after_opening = rest;
    script.raw_after_opening.insert(script.raw_after_opening.end(), fin.begin(), fin.end());
    script.plain_messages.assign(run.p_sink.sent.begin() + 1, run.p_sink.sent.end());
    if (!fin.empty()) GLASSTLS_FUZZ_CHECK(run.e->receive(fin).ok());
  }
  GLASSTLS_FUZZ_CHECK(!script.plain_messages.empty());
  script.finished = script.plain_messages.back();
  script.plain_messages.pop_back();
  GLASSTLS_FUZZ_CHECK(script.finished[0] == 20);
  if (side == Side::server) GLASSTLS_FUZZ_CHECK(run.e->receive(script.raw_after_opening).ok());
  GLASSTLS_FUZZ_CHECK(run.e->handshake_done());
  return script;
}

}  // namespace glasstls::fuzz::tls12
