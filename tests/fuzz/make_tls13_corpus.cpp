// Writes the seed corpora of the TLS 1.3 fuzz targets from real in-process
// handshakes (tests/fuzz/corpus/fuzz_tls13_{record,messages,server,client}/):
//
//   build/<tree>/tests/fuzz/make_tls13_corpus tests/fuzz/corpus
//
// Everything is deterministic (fixed HMAC_DRBG seeds, a fixed clock, the
// P-256 PKI of tls13_fuzz_support), so re-running rewrites the same files,
// and the endpoint seeds that carry a whole handshake replay it byte for
// byte: the generator checks that each of them reaches CONNECTED (or
// fails, for the seeds meant to fail) through the same run_endpoint() the
// fuzz targets call.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "crypto/rng.hpp"
#include "handshake/authentication.hpp"
#include "handshake/extension_codecs.hpp"
#include "handshake/hello.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/server_params.hpp"
#include "record/record_layer.hpp"
#include "record/tls13_protection.hpp"
#include "tests/fuzz/seed_writer.hpp"
#include "tests/fuzz/tls13_fuzz_support.hpp"

namespace {

using namespace glasstls;
using fuzz::Bytes;
using fuzz::Options;
using fuzz::Side;

using fuzz::seeds::cat;
using fuzz::seeds::g_problems;
using fuzz::seeds::g_root;
using fuzz::seeds::head;
using fuzz::seeds::write_seed;

// ---- endpoint seeds

struct Combo {
  std::string name;
  Options o;
};

std::vector<Combo> combos() {
  std::vector<Combo> out;
  auto add = [&](std::string name, auto&& edit) {
    Options o;
    edit(o);
    out.push_back({std::move(name), o});
  };
  add("full", [](Options&) {});
  add("mtls", [](Options& o) { o.client_auth = true; });
  add("mtls_optional_nocert", [](Options& o) { o.client_auth = o.optional_auth = true; });
  add("resume", [](Options& o) { o.resume = true; });
  add("hrr", [](Options& o) { o.hello_retry = true; });
  add("hrr_mtls", [](Options& o) { o.hello_retry = o.client_auth = true; });
  add("chacha", [](Options& o) { o.chacha = true; });
  add("chunked", [](Options& o) {
    o.chunked = true;
    o.param = 2;
  });
  return out;
}

void expect(Side side, const std::string& target, const std::string& name, const Bytes& input,
            bool done) {
  fuzz::seeds::expect_outcome(fuzz::run_endpoint(side, input), target, name, input, done);
}

void endpoint_seeds(Side side) {
  const std::string target = side == Side::server ? "fuzz_tls13_server" : "fuzz_tls13_client";
  const Bytes key_update = {24, 0, 0, 1, 1};
  const Bytes app = {'G', 'E', 'T', ' ', '/'};
  const Bytes close_notify = {1, 0};
  for (const auto& [name, base] : combos()) {
    const auto script = fuzz::script_peer(side, base);
    Options o = base;
    // Mode 0: the peer's first bytes. A server under test does not finish
    // from a ClientHello alone; a client under test finishes from the
    // server's whole first flight unless it asks for a second ClientHello.
    o.mode = 0;
    expect(side, target, "m0_" + name, cat({head(o), script.opening_raw}),
           side == Side::client && !o.hello_retry);
    // Mode 1: the peer's protected records, as sent (or, for a server
    // under test after a HelloRetryRequest, the second ClientHello).
    o.mode = 1;
    if (side == Side::server && o.hello_retry) {
      expect(side, target, "m1_" + name, cat({head(o), script.hello_retry_reply}), false);
    } else {
      expect(side, target, "m1_" + name, cat({head(o), script.raw_after_opening}), true);
    }
    // Mode 2: each handshake message in its own record, then in the
    // application epoch the tickets, a KeyUpdate, data and close_notify.
    o.mode = 2;
    Bytes body;
    for (const auto& m : script.handshake_messages) fuzz::add_record(body, 22, m);
    for (const auto& m : script.post_handshake) fuzz::add_record(body, 22, m);
    fuzz::add_record(body, 22, key_update);
    fuzz::add_record(body, 23, app);
    fuzz::add_record(body, 21, close_notify);
    expect(side, target, "m2_" + name, cat({head(o), body}), true);
    // Mode 3: the handshake stream in records of 100 bytes.
    o.mode = 3;
    o.param = 99;
    Bytes stream;
    for (const auto& m : script.handshake_messages) stream.insert(stream.end(), m.begin(), m.end());
    expect(side, target, "m3_" + name, cat({head(o), stream}), true);
    // Mode 2, broken on purpose: the last handshake message's last byte
    // flipped (a wrong Finished), and the messages in reverse order.
    if (name == "full" || name == "mtls") {
      o.mode = 2;
      o.param = 0;
      Bytes bad;
      for (std::size_t i = 0; i < script.handshake_messages.size(); ++i) {
        Bytes m = script.handshake_messages[i];
        if (i + 1 == script.handshake_messages.size()) m.back() ^= 1;
        fuzz::add_record(bad, 22, m);
      }
      expect(side, target, "m2_" + name + "_bad_finished", cat({head(o), bad}), false);
      if (script.handshake_messages.size() > 1) {
        Bytes reversed;
        for (auto it = script.handshake_messages.rbegin(); it != script.handshake_messages.rend();
             ++it) {
          fuzz::add_record(reversed, 22, *it);
        }
        expect(side, target, "m2_" + name + "_reversed", cat({head(o), reversed}), false);
      }
      // All messages coalesced into one record, and an unprotected alert.
      Bytes one;
      Bytes all;
      for (const auto& m : script.handshake_messages) all.insert(all.end(), m.begin(), m.end());
      fuzz::add_record(one, 22, all);
      expect(side, target, "m2_" + name + "_coalesced", cat({head(o), one}), true);
    }
  }
  // A few small raw inputs.
  Options o;
  const Bytes ccs = {20, 3, 3, 0, 1, 1};
  const Bytes alert = {21, 3, 3, 0, 2, 2, 40};
  const Bytes empty_handshake = {22, 3, 3, 0, 0};
  const Bytes app_data = {23, 3, 3, 0, 3, 'a', 'b', 'c'};
  const Bytes oversized = {22, 3, 3, 0x40, 0x01};
  expect(side, target, "m0_ccs", cat({head(o), ccs}), false);
  expect(side, target, "m0_alert", cat({head(o), alert}), false);
  expect(side, target, "m0_empty_handshake", cat({head(o), empty_handshake}), false);
  expect(side, target, "m0_app_data", cat({head(o), app_data}), false);
  expect(side, target, "m0_oversized", cat({head(o), oversized}), false);
}

// ---- message seeds: every message of a few real handshakes

struct Recorder final : trace::TraceSink {
  std::vector<Bytes> messages;
  void on_event(const trace::Event& e) override {
    if (const auto* m = std::get_if<trace::MessageEvent>(&e)) {
      if (m->direction == trace::Direction::sent)
        messages.emplace_back(m->bytes.begin(), m->bytes.end());
    }
  }
};

// Handshakes covering every message type; returns the messages sent, and
// (through sha384) which were sent under a SHA-384 suite.
std::vector<std::pair<Bytes, bool>> recorded_messages() {
  std::vector<std::pair<Bytes, bool>> out;
  auto rng = crypto::HmacDrbg::from_seed(77);
  auto ticket_keys = std::make_shared<handshake::TicketKeys>(rng);
  auto cache = std::make_shared<handshake::ClientSessionCache>();
  auto run = [&](bool mtls, bool hrr, bool sha384, bool alpn) {
    Recorder cr, sr;
    handshake::Config cc, sc;
    cc.rng = sc.rng = &rng;
    cc.clock = sc.clock = fuzz::fuzz_now;
    cc.trace = &cr;
    sc.trace = &sr;
    cc.trust = &fuzz::fuzz_pki().roots;
    cc.session_cache = cache;
    sc.identities.push_back(fuzz::fuzz_pki().server);
    sc.ticket_keys = ticket_keys;
    if (mtls) {
      sc.client_auth = handshake::ClientAuth::required;
      sc.trust = &fuzz::fuzz_pki().roots;
      cc.identities.push_back(fuzz::fuzz_pki().client);
    }
    if (hrr) sc.groups = {0x0017};
    if (sha384) cc.cipher_suites = {0x1302};
    if (alpn) cc.alpn = sc.alpn = {"h2", "http/1.1"};
    auto client = handshake::Connection::client(cc, "server.example");
    auto server = handshake::Connection::server(sc);
    bool ok = fuzz::pump(*client, *server);
    ok = ok && client->update_keys(true).ok() && fuzz::pump(*client, *server);
    if (!ok) {
      std::printf("  PROBLEM: a recorded handshake failed\n");
      ++g_problems;
    }
    for (auto& m : cr.messages) out.emplace_back(std::move(m), sha384);
    for (auto& m : sr.messages) out.emplace_back(std::move(m), sha384);
  };
  run(false, false, false, true);  // full; leaves tickets for the next runs
  run(true, false, false, false);  // mutual TLS, resumed (a ticket was cached)
  cache = std::make_shared<handshake::ClientSessionCache>();
  run(true, true, false, false);  // HelloRetryRequest, mutual TLS, full
  cache = std::make_shared<handshake::ClientSessionCache>();
  run(false, false, true, false);  // SHA-384
  return out;
}

int message_index(std::uint8_t type) {
  switch (type) {
    case 1: return 0;
    case 2: return 1;
    case 8: return 2;
    case 13: return 3;
    case 11: return 4;
    case 15: return 5;
    case 20: return 6;
    case 4: return 7;
    case 24: return 8;
    case 5: return 9;
    default: return -1;
  }
}

// decode_* index (selector 10 + i) of an extension in a message context.
int codec_index(std::uint16_t type, handshake::ExtensionContext c) {
  using C = handshake::ExtensionContext;
  const bool ch = c == C::client_hello;
  switch (type) {
    case 43: return ch ? 0 : 1;
    case 10: return 2;
    case 13:
    case 50: return 3;
    case 51: return ch ? 4 : c == C::hello_retry_request ? 6 : 5;
    case 0: return ch ? 7 : -1;
    case 16: return 8;
    case 45: return 9;
    case 41: return ch ? 10 : 11;
    case 44: return 12;
    case 28: return 13;
    case 47: return 14;
    case 42: return c == C::new_session_ticket ? 15 : -1;
    default: return -1;
  }
}

std::uint8_t context_byte(handshake::ExtensionContext c) {
  std::uint8_t i = 0;
  while ((1u << i) != static_cast<unsigned>(c)) ++i;
  return i;
}

void message_seeds() {
  const std::string target = "fuzz_tls13_messages";
  std::map<std::string, int> seen;
  std::map<std::string, Bytes> seeds;
  auto put = [&](std::string name, Bytes b) {
    // One example of each kind (two of the hellos) is plenty.
    const int n = seen[name]++;
    if (n >= (name.starts_with("ClientHello") || name.starts_with("ServerHello") ? 2 : 1)) return;
    seeds[name + "_" + std::to_string(n)] = std::move(b);
  };
  for (const auto& [m, sha384] : recorded_messages()) {
    const int idx = message_index(m[0]);
    if (idx < 0) continue;
    const std::string name = handshake::handshake_type_name(m[0]);
    // Raw with a sink; the body alone (header made by the target) without.
    const auto sel = static_cast<std::uint8_t>(idx | 0x40 | 0x20 | (sha384 ? 0x80 : 0));
    put(name + (sha384 ? "_sha384" : ""), cat({{sel}, m}));
    put(name + "_body", cat({{static_cast<std::uint8_t>(idx | (sha384 ? 0x80 : 0))},
                             Bytes(m.begin() + 4, m.end())}));
    // The extension blocks and each extension's data.
    handshake::Extensions ext;
    handshake::ExtensionContext ctx = handshake::ExtensionContext::client_hello;
    if (m[0] == 1) {
      ext = handshake::ClientHello::parse(m)->extensions;
    } else if (m[0] == 2) {
      auto sh = handshake::ServerHello::parse(m);
      ext = sh->extensions;
      ctx = sh->is_hello_retry_request() ? handshake::ExtensionContext::hello_retry_request
                                         : handshake::ExtensionContext::server_hello;
    } else if (m[0] == 8) {
      ext = handshake::EncryptedExtensions::parse(m)->extensions;
      ctx = handshake::ExtensionContext::encrypted_extensions;
    } else if (m[0] == 13) {
      ext = handshake::CertificateRequest::parse(m)->extensions;
      ctx = handshake::ExtensionContext::certificate_request;
    } else if (m[0] == 4) {
      ext = handshake::NewSessionTicket::parse(m)->extensions;
      ctx = handshake::ExtensionContext::new_session_ticket;
    } else {
      continue;
    }
    crypto::Writer w;
    handshake::serialize_extensions(w, ext, ctx);
    put("extensions_" + std::string(handshake::context_name(ctx)),
        cat({{26 | 0x20, context_byte(ctx)}, *std::move(w).finish()}));
    for (const auto& e : ext.list) {
      const int c = codec_index(e.type, ctx);
      if (c < 0) continue;
      put("ext_" + handshake::extension_name(e.type) + "_" +
              std::string(handshake::context_name(ctx)),
          cat({{static_cast<std::uint8_t>((10 + c) | 0x20)}, e.data}));
    }
  }
  // Hand-made: EndOfEarlyData, a KeyUpdate with a bad value, max_early_data_size.
  put("EndOfEarlyData", {9 | 0x40 | 0x20, 5, 0, 0, 0});
  put("KeyUpdate_bad_value", {8 | 0x20, 2});
  put("ext_early_data_NewSessionTicket", {25 | 0x20, 0, 0, 0x40, 0});
  for (const auto& [name, bytes] : seeds) write_seed(target, name, bytes);
}

// ---- record seeds

Bytes sealed_records(bool chacha, const std::vector<std::pair<record::ContentType, Bytes>>& items,
                     std::size_t padding) {
  record::RecordLayer writer;
  const auto id = chacha ? crypto::AeadId::chacha20_poly1305 : crypto::AeadId::aes128_gcm;
  auto aead = crypto::make_aead(id, std::span(fuzz::kRecordFuzzKey).first(crypto::key_size(id)));
  auto p = record::Tls13Protection::create(std::move(*aead), fuzz::kRecordFuzzIv);
  writer.set_write_protection(std::move(*p));
  writer.set_padding(padding);
  for (const auto& [type, content] : items) (void)writer.write(type, content);
  return writer.take_output();
}

void record_seeds() {
  const std::string target = "fuzz_tls13_record";
  using CT = record::ContentType;
  const Bytes hello = {'h', 'e', 'l', 'l', 'o'};
  const Bytes finished = {20, 0, 0, 4, 1, 2, 3, 4};
  // A real first flight of a client, unprotected, and of a server, partly protected.
  const auto script = fuzz::script_peer(Side::client, Options{});
  write_seed(target, "raw_server_flight", cat({{0, 0}, script.opening_raw}));
  write_seed(target, "raw_server_flight_1byte", cat({{0x08, 0}, script.opening_raw}));
  const auto cscript = fuzz::script_peer(Side::server, Options{});
  write_seed(target, "raw_client_hello_7byte", cat({{0x10 | 0x20, 0}, cscript.opening_raw}));
  write_seed(target, "raw_ccs_alert", {0, 0, 20, 3, 3, 0, 1, 1, 21, 3, 3, 0, 2, 1, 0});
  write_seed(target, "raw_unknown_type", {0, 0, 24, 3, 3, 0, 1, 1});
  write_seed(target, "raw_overflow", {0, 0, 23, 3, 3, 0x40, 0x01});
  write_seed(target, "raw_protected_overflow", {1, 0, 23, 3, 3, 0x41, 0x01});
  write_seed(target, "raw_protected_short", cat({{1, 0, 23, 3, 3, 0, 16}, Bytes(16, 0)}));
  for (const bool chacha : {false, true}) {
    const std::uint8_t f = static_cast<std::uint8_t>(1 | (chacha ? 2 : 0));
    const std::string s = chacha ? "_chacha" : "_aesgcm";
    write_seed(
        target, "sealed" + s,
        cat({{f, 0},
             sealed_records(
                 chacha,
                 {{CT::handshake, finished}, {CT::application_data, hello}, {CT::alert, {1, 0}}},
                 0)}));
    write_seed(target, "sealed_padded" + s,
               cat({{static_cast<std::uint8_t>(f | 0x18 | 0x20), 0},
                    sealed_records(chacha, {{CT::application_data, hello}}, 37)}));
  }
  // Structured: writer items and hand-made inner plaintexts.
  auto item = [](std::uint8_t kind, const Bytes& data) {
    Bytes b = {kind, static_cast<std::uint8_t>(data.size() >> 8),
               static_cast<std::uint8_t>(data.size())};
    b.insert(b.end(), data.begin(), data.end());
    return b;
  };
  const Bytes inner_padded = {'h', 'i', 23, 0, 0, 0};
  const Bytes inner_zeros = {0, 0, 0};
  const Bytes inner_unknown = {'x', 99};
  const Bytes big(1200, 'A');
  write_seed(target, "structured_writer",
             cat({{4, 3}, item(2, finished), item(3, hello), item(0, {1}), item(1, {1, 0})}));
  write_seed(target, "structured_writer_protected_padded",
             cat({{5 | 0x20, 0x41}, item(2, finished), item(3, big), item(0, {1})}));
  write_seed(target, "structured_hand_sealed",
             cat({{5, 0},
                  item(3, hello),
                  item(0x80, inner_padded),
                  item(2, finished),
                  item(0x80, inner_zeros)}));
  write_seed(target, "structured_hand_unknown_type_chacha",
             cat({{7 | 0x08, 0}, item(0x80, inner_padded), item(0x80, inner_unknown)}));
  write_seed(target, "structured_plain_in_protected",
             cat({{5, 0}, item(0xd4, {1}), item(0xd7, hello)}));
  write_seed(target, "structured_plain",
             cat({{4 | 0x10, 0}, item(0x96, finished), item(0x95, {2, 10}), item(0x99, hello)}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s tests/fuzz/corpus\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  record_seeds();
  message_seeds();
  endpoint_seeds(Side::server);
  endpoint_seeds(Side::client);
  if (g_problems) {
    std::fprintf(stderr, "%d seeds do not do what they were made for\n", g_problems);
    return 1;
  }
  std::printf("seeds written under %s\n", g_root.c_str());
  return 0;
}
