#include "tests/fuzz/tls12_fuzz_support.hpp"

#include <algorithm>
#include <optional>

#include "crypto/aead.hpp"
#include "crypto/rng.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule12.hpp"
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
// a record with it alone, and a record with the rest.
std::pair<Bytes, Bytes> split_after_server_hello(std::span<const std::uint8_t> flight) {
  Bytes stream;
  for (const auto& [type, body] : records_of(flight)) {
    if (type == 22) stream.insert(stream.end(), body.begin(), body.end());
  }
  const auto messages = messages_of(stream);
  GLASSTLS_FUZZ_CHECK(!messages.empty());
  Bytes rest_stream;
  for (std::size_t i = 1; i < messages.size(); ++i) {
    rest_stream.insert(rest_stream.end(), messages[i].begin(), messages[i].end());
  }
  Bytes rest;
  for (std::size_t at = 0; at < rest_stream.size(); at += record::kMaxPlaintext) {
    const auto r = plain_record(
        22, std::span(rest_stream).subspan(at, std::min(record::kMaxPlaintext, rest_stream.size() - at)));
    rest.insert(rest.end(), r.begin(), r.end());
  }
  return {plain_record(22, messages.front()), rest};
}

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
    return c;
  }

  Config server_config(crypto::Rng& rng, CheckingSink* sink) const {
    Config c = common(rng, sink);
    c.identities.push_back(o.rsa_key_transport || o.rsa_server ? fuzz_rsa_server()
                                                               : fuzz_pki().server);
    if (o.client_auth) {
      c.client_auth = o.optional_auth ? handshake::ClientAuth::optional
                                      : handshake::ClientAuth::required;
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
      GLASSTLS_FUZZ_CHECK(e->receive(after_opening).ok());
      GLASSTLS_FUZZ_CHECK(p->receive(e->take_output()).ok());
      peer_out = p->take_output();
    }
    Bytes until_ccs;
    for (const auto& [type, body] : records_of(peer_out)) {
      const auto r = plain_record(type, body);
      until_ccs.insert(until_ccs.end(), r.begin(), r.end());
      if (type == 20) break;
    }
    GLASSTLS_FUZZ_CHECK(e->receive(until_ccs).ok());
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
  o.param = param;
  return o;
}

std::uint8_t Options::flags() const {
  return static_cast<std::uint8_t>((mode & 3) | (client_auth ? 0x04 : 0) |
                                   (rsa_key_transport ? 0x08 : 0) | (rsa_server ? 0x10 : 0) |
                                   (chunked ? 0x20 : 0) | (chacha ? 0x40 : 0) |
                                   (optional_auth ? 0x80 : 0));
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
    const Bytes fin = run.p->take_output();
    script.raw_after_opening = rest;
    script.raw_after_opening.insert(script.raw_after_opening.end(), fin.begin(), fin.end());
    script.plain_messages.assign(run.p_sink.sent.begin() + 1, run.p_sink.sent.end());
  }
  GLASSTLS_FUZZ_CHECK(!script.plain_messages.empty());
  script.finished = script.plain_messages.back();
  script.plain_messages.pop_back();
  GLASSTLS_FUZZ_CHECK(script.finished[0] == 20);
  if (side == Side::server) {
    GLASSTLS_FUZZ_CHECK(run.e->receive(script.raw_after_opening).ok() && run.e->handshake_done());
  } else {
    const auto fin = records_of(script.raw_after_opening);
    GLASSTLS_FUZZ_CHECK(fin.size() >= 2);
    Bytes last_two = plain_record(fin[fin.size() - 2].first, fin[fin.size() - 2].second);
    const Bytes finished_record = plain_record(fin.back().first, fin.back().second);
    last_two.insert(last_two.end(), finished_record.begin(), finished_record.end());
    GLASSTLS_FUZZ_CHECK(run.e->receive(last_two).ok() && run.e->handshake_done());
  }
  return script;
}

}  // namespace glasstls::fuzz::tls12
