// Writes the seed corpora of the TLS 1.2 endpoint fuzz targets from real
// in-process handshakes (tests/fuzz/corpus/fuzz_tls12_{server,client}/):
//
//   build/<tree>/tests/fuzz/make_tls12_corpus tests/fuzz/corpus
//
// Deterministic like make_tls13_corpus (fixed HMAC_DRBG seeds, a fixed
// clock, the fuzz PKI and its RSA server), so re-running rewrites the same
// files; each seed is run through the same run_endpoint() the targets call
// and must reach CONNECTED (or not, for the seeds meant to fail).
#include <cstdio>
#include <string>

#include "tests/fuzz/seed_writer.hpp"
#include "tests/fuzz/tls12_fuzz_support.hpp"

namespace {

using namespace glasstls;
using fuzz::Bytes;
using fuzz::Side;
using fuzz::tls12::Options;

using fuzz::seeds::cat;
using fuzz::seeds::g_problems;
using fuzz::seeds::g_root;
using fuzz::seeds::head;

void expect(Side side, const std::string& target, const std::string& name, const Bytes& input,
            bool done) {
  fuzz::seeds::expect_outcome(fuzz::tls12::run_endpoint(side, input), target, name, input, done);
}

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
  add("ecdhe_ecdsa", [](Options&) {});
  add("mtls", [](Options& o) { o.client_auth = true; });
  add("mtls_optional_nocert", [](Options& o) { o.client_auth = o.optional_auth = true; });
  add("ecdhe_rsa", [](Options& o) { o.rsa_server = true; });
  add("rsa_kx", [](Options& o) { o.rsa_key_transport = true; });
  add("rsa_kx_aes256_mtls",
      [](Options& o) { o.rsa_key_transport = o.rsa_server = o.client_auth = true; });
  add("chacha", [](Options& o) { o.chacha = true; });
  add("chunked", [](Options& o) {
    o.chunked = true;
    o.param = 2;
  });
  add("resume", [](Options& o) { o.resume = true; });
  add("resume_rsa_kx_mtls",
      [](Options& o) { o.resume = o.rsa_key_transport = o.client_auth = true; });
  return out;
}

void endpoint_seeds(Side side) {
  const std::string target = side == Side::server ? "fuzz_tls12_server" : "fuzz_tls12_client";
  const Bytes app = {'G', 'E', 'T', ' ', '/'};
  const Bytes close_notify = {1, 0};
  const Bytes ccs = {1};
  const Bytes hello_request = {0, 0, 0, 0};
  for (const auto& [name, base] : combos()) {
    const auto script = fuzz::tls12::script_peer(side, base);
    // After the handshake, a renegotiation attempt (RFC 5746 §4): a client
    // peer's ClientHello again, or a server peer's HelloRequest.
    const Bytes renegotiate = side == Side::server
                                  ? Bytes(script.opening_raw.begin() + 5, script.opening_raw.end())
                                  : hello_request;
    Options o = base;
    // Mode 0: the peer's first bytes; only a resuming client finishes there
    // (the server's ServerHello, ChangeCipherSpec and Finished).
    o.mode = 0;
    expect(side, target, "m0_" + name, cat({head(o), script.opening_raw}),
           side == Side::client && o.resume);
    // Mode 1: the rest of the peer's bytes, as sent.
    o.mode = 1;
    expect(side, target, "m1_" + name, cat({head(o), script.raw_after_opening}), true);
    // Mode 2: each message in its own record, the ChangeCipherSpec, the
    // Finished sealed, then a renegotiation attempt, data and close_notify.
    o.mode = 2;
    Bytes body;
    for (const auto& m : script.plain_messages) fuzz::add_record(body, 22, m);
    fuzz::add_record(body, 20, ccs);
    fuzz::add_record(body, 0x80 | 22, script.finished);
    fuzz::add_record(body, 0x80 | 22, renegotiate);
    fuzz::add_record(body, 0x80 | 23, app);
    fuzz::add_record(body, 0x80 | 21, close_notify);
    expect(side, target, "m2_" + name, cat({head(o), body}), true);
    // Mode 3: the Finished and the renegotiation attempt as a stream in
    // records of 100 bytes.
    o.mode = 3;
    o.param = 99;
    expect(side, target, "m3_" + name, cat({head(o), script.finished, renegotiate}), true);
    if (name != "ecdhe_ecdsa" && name != "mtls" && name != "rsa_kx") continue;
    // Mode 2, broken on purpose.
    o.mode = 2;
    o.param = 0;
    Bytes bad_finished, reversed, coalesced, clear_finished, no_ccs;
    Bytes all;
    for (const auto& m : script.plain_messages) {
      fuzz::add_record(bad_finished, 22, m);
      fuzz::add_record(clear_finished, 22, m);
      fuzz::add_record(no_ccs, 22, m);
      all.insert(all.end(), m.begin(), m.end());
    }
    for (auto it = script.plain_messages.rbegin(); it != script.plain_messages.rend(); ++it) {
      fuzz::add_record(reversed, 22, *it);
    }
    fuzz::add_record(coalesced, 22, all);
    for (Bytes* b : {&bad_finished, &reversed, &coalesced, &clear_finished}) {
      fuzz::add_record(*b, 20, ccs);
    }
    Bytes wrong = script.finished;
    wrong.back() ^= 1;
    fuzz::add_record(bad_finished, 0x80 | 22, wrong);
    fuzz::add_record(reversed, 0x80 | 22, script.finished);
    fuzz::add_record(coalesced, 0x80 | 22, script.finished);
    fuzz::add_record(clear_finished, 22, script.finished);
    fuzz::add_record(no_ccs, 0x80 | 22, script.finished);
    expect(side, target, "m2_" + name + "_bad_finished", cat({head(o), bad_finished}), false);
    expect(side, target, "m2_" + name + "_reversed", cat({head(o), reversed}),
           script.plain_messages.size() < 2);
    expect(side, target, "m2_" + name + "_coalesced", cat({head(o), coalesced}), true);
    expect(side, target, "m2_" + name + "_finished_in_the_clear", cat({head(o), clear_finished}),
           false);
    expect(side, target, "m2_" + name + "_no_ccs", cat({head(o), no_ccs}), false);
  }
  // A few small raw inputs.
  Options o;
  expect(side, target, "m0_ccs", cat({head(o), {20, 3, 3, 0, 1, 1}}), false);
  expect(side, target, "m0_alert", cat({head(o), {21, 3, 3, 0, 2, 2, 40}}), false);
  expect(side, target, "m0_no_renegotiation_warning", cat({head(o), {21, 3, 3, 0, 2, 1, 100}}),
         false);
  expect(side, target, "m0_empty_handshake", cat({head(o), {22, 3, 3, 0, 0}}), false);
  expect(side, target, "m0_app_data", cat({head(o), {23, 3, 3, 0, 3, 'a', 'b', 'c'}}), false);
  expect(side, target, "m0_oversized", cat({head(o), {22, 3, 3, 0x40, 0x01}}), false);
  expect(side, target, "m0_hello_request", cat({head(o), {22, 3, 3, 0, 4, 0, 0, 0, 0}}), false);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s tests/fuzz/corpus\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  endpoint_seeds(Side::server);
  endpoint_seeds(Side::client);
  if (g_problems) {
    std::fprintf(stderr, "%d seeds do not do what they were made for\n", g_problems);
    return 1;
  }
  std::printf("seeds written under %s\n", g_root.c_str());
  return 0;
}
