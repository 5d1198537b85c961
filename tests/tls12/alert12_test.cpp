// One test per TLS 1.2 failure path (RFC 5246 §7.2.2 and the RFCs it grew):
// the side that detects the problem ends the connection with exactly the
// RFC's alert and an Error naming the rule broken, the other side reports that
// alert as the peer's (ErrorOrigin::peer), and after a fatal alert both
// Connections refuse everything. Where the RFC says something else must
// happen — no alert at all for a bad RSA premaster secret (RFC 5246
// §7.4.7.1), a no_renegotiation *warning* and a connection that goes on
// (RFC 5746 §4) — that is what is checked.
//
// Faults are made with the Config hooks (edit_client_hello, edit_extensions),
// by a man in the middle that rewrites the plaintext handshake records before
// ChangeCipherSpec (parsed, changed, serialized again), by one that knows the
// master secret from a teaching-mode trace sink (the CLIENT_RANDOM key log
// line) and opens and reseals the protected Finished, and with
// Connection::send_handshake_message.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>

#include "crypto/rng.hpp"
#include "crypto/rsa.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/extension_codecs.hpp"
#include "handshake/hello.hpp"
#include "handshake/key_exchange12.hpp"
#include "handshake/key_schedule12.hpp"
#include "handshake/messages12.hpp"
#include "record/tls12_protection.hpp"
#include "tests/tls13/tls13_fixture.hpp"
#include "x509/ca.hpp"
#include "x509/name_builder.hpp"

namespace glasstls::test {
namespace {

using AD = AlertDescription;
using handshake::ClientAuth;
using handshake::ClientHello;
using handshake::Config;
using handshake::Connection;
using handshake::Extension;
using handshake::Extensions;
using handshake::ExtensionType;
using handshake::HandshakeType;
using handshake::kTls12;
using handshake::kTls13;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kX25519 = 0x001d, kP256 = 0x0017, kP384 = 0x0018;
constexpr std::uint16_t kRsaAes128 = 0x009c;     // TLS_RSA_WITH_AES_128_GCM_SHA256
constexpr std::uint16_t kEcdsaSha1 = 0x0203;     // never offered nor accepted
constexpr std::uint16_t kFallbackScsv = 0x5600;  // RFC 7507
// The state table's refusal (engine.cpp; see Tls12FailuresNameRfc5246Rules).
constexpr std::string_view kNotExpectedHere = "a handshake message not expected in this state";

std::string errors(const Connection& c, const Connection& s) {
  std::string out;
  if (c.error()) out += "client: " + c.error()->describe() + "\n";
  if (s.error()) out += "server: " + s.error()->describe() + "\n";
  return out;
}

// ---- configurations

Config c12() {
  Config c = client_config();
  c.versions = {kTls12};
  return c;
}

Config s12() {
  Config s = server_config();
  s.versions = {kTls12};
  return s;
}

// RSA key transport (the seeds' "the client encrypts a session key with the
// server's public key").
Config rsa_client() {
  Config c = c12();
  c.cipher_suites = {kRsaAes128};
  return c;
}

Config rsa_server() {
  Config s = s12();
  s.identities = {pki().server_rsa};
  return s;
}

Config mtls_client() {
  Config c = c12();
  c.identities = {pki().client};
  return c;
}

Config mtls_server(ClientAuth mode = ClientAuth::required) {
  Config s = s12();
  s.client_auth = mode;
  s.trust = &pki().roots;
  return s;
}

// ---- bytes

Bytes record(std::uint8_t type, std::span<const std::uint8_t> content) {
  Bytes r;
  r.reserve(5 + content.size());
  r.push_back(type);
  r.push_back(3);
  r.push_back(3);
  r.push_back(static_cast<std::uint8_t>(content.size() >> 8));
  r.push_back(static_cast<std::uint8_t>(content.size()));
  for (std::uint8_t b : content) r.push_back(b);
  return r;
}

struct Rec {
  std::uint8_t type;
  Bytes body;
};

std::vector<Rec> split_records(std::span<const std::uint8_t> bytes) {
  std::vector<Rec> out;
  std::size_t at = 0;
  while (at + 5 <= bytes.size()) {
    const std::size_t n = std::size_t{bytes[at + 3]} << 8 | bytes[at + 4];
    out.push_back({bytes[at], Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(at + 5),
                                    bytes.begin() + static_cast<std::ptrdiff_t>(at + 5 + n))});
    at += 5 + n;
  }
  EXPECT_EQ(at, bytes.size()) << "a partial record";
  return out;
}

Bytes join(const std::vector<Rec>& records) {
  Bytes out;
  for (const auto& r : records) {
    const auto one = record(r.type, r.body);
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

std::vector<Bytes> split_messages(std::span<const std::uint8_t> bytes) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at + 4 <= bytes.size()) {
    const std::size_t n =
        std::size_t{bytes[at + 1]} << 16 | std::size_t{bytes[at + 2]} << 8 | bytes[at + 3];
    out.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                     bytes.begin() + static_cast<std::ptrdiff_t>(at + 4 + n));
    at += 4 + n;
  }
  EXPECT_EQ(at, bytes.size()) << "a partial handshake message";
  return out;
}

void fix_length(Bytes& message) {
  const std::size_t n = message.size() - 4;
  message[1] = static_cast<std::uint8_t>(n >> 16);
  message[2] = static_cast<std::uint8_t>(n >> 8);
  message[3] = static_cast<std::uint8_t>(n);
}

Bytes message(HandshakeType type, const Bytes& body) {
  Bytes m(4 + body.size());
  m[0] = static_cast<std::uint8_t>(type);
  std::copy(body.begin(), body.end(), m.begin() + 4);
  fix_length(m);
  return m;
}

std::size_t find_message(const std::vector<Bytes>& messages, HandshakeType t) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i][0] == static_cast<std::uint8_t>(t)) return i;
  }
  ADD_FAILURE() << "no message of type " << static_cast<int>(t);
  return 0;
}

void erase_message(std::vector<Bytes>& messages, HandshakeType t) {
  messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(find_message(messages, t)));
}

std::size_t index_of(const Extensions& e, ExtensionType t) {
  for (std::size_t i = 0; i < e.list.size(); ++i) {
    if (e.list[i].type == handshake::code(t)) return i;
  }
  ADD_FAILURE() << "no extension " << handshake::code(t);
  return 0;
}

void remove(Extensions& e, ExtensionType t) {
  e.list.erase(e.list.begin() + static_cast<std::ptrdiff_t>(index_of(e, t)));
}

// The handshake messages of the plaintext handshake records at the start of
// `flight` go through `edit` and are put back in one record; the records
// after them (ChangeCipherSpec, protected ones) pass unchanged.
Bytes edit_plaintext(const Bytes& flight, const std::function<void(std::vector<Bytes>&)>& edit) {
  const auto records = split_records(flight);
  Bytes handshake;
  std::size_t i = 0;
  for (; i < records.size() && records[i].type == 22; ++i) {
    handshake.insert(handshake.end(), records[i].body.begin(), records[i].body.end());
  }
  auto messages = split_messages(handshake);
  edit(messages);
  Bytes joined;
  for (const auto& m : messages) joined.insert(joined.end(), m.begin(), m.end());
  Bytes out;
  for (std::size_t at = 0; at < joined.size(); at += 16384) {
    const auto r =
        record(22, std::span(joined).subspan(at, std::min<std::size_t>(16384, joined.size() - at)));
    out.insert(out.end(), r.begin(), r.end());
  }
  const auto rest =
      join(std::vector<Rec>(records.begin() + static_cast<std::ptrdiff_t>(i), records.end()));
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// ---- what both sides said

// Keeps the CLIENT_RANDOM key log line (the master secret) and every alert.
class Log final : public trace::TraceSink {
 public:
  void on_event(const trace::Event& e) override {
    if (const auto* k = std::get_if<trace::KeyLogEvent>(&e)) {
      if (k->label == "CLIENT_RANDOM") {
        master.assign(k->secret.begin(), k->secret.end());
        std::copy_n(k->client_random.begin(), 32, client_random.begin());
      }
    }
    if (const auto* a = std::get_if<trace::AlertEvent>(&e)) alerts.push_back(*a);
  }
  bool wants_secrets() const override { return true; }
  Bytes master;
  handshake::Random client_random{};
  std::vector<trace::AlertEvent> alerts;
};

// ---- the checks every test makes

void expect_dead(Connection& c, AD alert) {
  ASSERT_TRUE(c.error());
  EXPECT_EQ(c.state(), handshake::State::closed);
  EXPECT_FALSE(c.handshake_done());
  auto r = c.receive(record(23, Bytes(30, 1)));
  ASSERT_FALSE(r.ok()) << "receive() after a fatal alert must fail";
  EXPECT_EQ(r.error().alert, alert);
  const Bytes data = {1, 2, 3};
  auto w = c.write(data);
  ASSERT_FALSE(w.ok()) << "write() after a fatal alert must fail";
  EXPECT_EQ(w.error().alert, alert);
  EXPECT_TRUE(c.read().empty());
  EXPECT_TRUE(c.take_output().empty()) << "nothing may be sent after the alert";
}

// `detector` found the fault, sent `alert` under `rule` (a substring of its
// Error's rule); `other` received it.
void expect_alert(Connection& detector, Connection& other, AD alert, std::string_view rule) {
  ASSERT_TRUE(detector.error()) << "the detecting side did not fail; " << errors(detector, other);
  EXPECT_EQ(detector.error()->alert, alert) << detector.error()->describe();
  EXPECT_EQ(detector.error()->origin, ErrorOrigin::local);
  EXPECT_NE(detector.error()->rule.find(rule), std::string_view::npos)
      << "expected the rule to name \"" << rule << "\": " << detector.error()->describe();
  ASSERT_TRUE(other.error()) << "the alert did not reach the other side";
  EXPECT_EQ(other.error()->alert, alert) << other.error()->describe();
  EXPECT_EQ(other.error()->origin, ErrorOrigin::peer);
  expect_dead(detector, alert);
  expect_dead(other, alert);
}

void expect_server_detects(const Config& cc, const Config& sc, AD alert, std::string_view rule) {
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  expect_alert(*server, *client, alert, rule);
}

void expect_client_detects(const Config& cc, const Config& sc, AD alert, std::string_view rule) {
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  expect_alert(*client, *server, alert, rule);
}

// One TLS 1.2 handshake driven flight by flight, with a man in the middle
// between the flights. The Configs live here (a Connection holds a
// reference), so a Pair is never moved.
struct Pair {
  Log clog, slog;
  Config cc, sc;
  std::unique_ptr<Connection> client, server;
  handshake::Random server_random{};

  Pair(Config c, Config s) : cc(std::move(c)), sc(std::move(s)) {
    cc.trace = &clog;
    sc.trace = &slog;
    client = Connection::client(cc, "server.example");
    server = Connection::server(sc);
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;

  // ClientHello to the server; its first flight (ServerHello..ServerHelloDone).
  Bytes server_flight() {
    EXPECT_TRUE(server->receive(client->take_output())) << errors(*client, *server);
    Bytes flight = server->take_output();
    for (const auto& r : split_records(flight)) {
      if (r.type != 22) continue;
      for (const auto& m : split_messages(r.body)) {
        if (m[0] != static_cast<std::uint8_t>(HandshakeType::server_hello)) continue;
        auto sh = handshake::ServerHello::parse(m);
        EXPECT_TRUE(sh);
        if (sh) server_random = sh->random;
      }
    }
    return flight;
  }
  // The server's first flight to the client; the client's second flight
  // ([Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec,
  // Finished).
  Bytes client_flight() {
    const Bytes flight = server_flight();
    EXPECT_TRUE(client->receive(flight)) << errors(*client, *server);
    return client->take_output();
  }
  // The client's flight to the server; its ChangeCipherSpec and Finished.
  Bytes server_finished() {
    const Bytes flight = client_flight();
    EXPECT_TRUE(server->receive(flight)) << errors(*client, *server);
    return server->take_output();
  }

  // One direction's record protection, rebuilt from the master secret the
  // client logged (RFC 5246 §6.3), for a man in the middle.
  std::unique_ptr<record::Tls12Protection> protection(bool client_writes) {
    const auto* info = handshake::find_suite(client->negotiated().cipher_suite, kTls12);
    EXPECT_TRUE(info != nullptr);
    if (!info) return nullptr;
    handshake::KeySchedule12 ks(info->hash, nullptr);
    EXPECT_TRUE(ks.resume_master_secret(clog.master, clog.client_random));
    const auto block =
        ks.key_block(clog.client_random, server_random, info->key_length, info->fixed_iv_length);
    const auto& keys = client_writes ? block.client : block.server;
    auto aead = crypto::make_aead(info->aead, keys.key.bytes().first(info->key_length));
    EXPECT_TRUE(aead);
    auto p = record::Tls12Protection::create(std::move(*aead),
                                             keys.iv.bytes().first(info->fixed_iv_length));
    EXPECT_TRUE(p);
    return std::move(*p);
  }

  // The last record of `flight` (a Finished, the first record under the new
  // keys) opened, its content changed by `edit`, and sealed again.
  Bytes reseal_last(const Bytes& flight, bool client_writes,
                    const std::function<void(Bytes&)>& edit) {
    auto records = split_records(flight);
    auto in = protection(client_writes);
    auto out = protection(client_writes);
    if (!in || !out || records.empty()) return flight;
    Rec& last = records.back();
    const Bytes header = {last.type, 3, 3, static_cast<std::uint8_t>(last.body.size() >> 8),
                          static_cast<std::uint8_t>(last.body.size())};
    auto opened = in->open(std::span<const std::uint8_t, 5>(header.data(), 5), last.body, nullptr);
    EXPECT_TRUE(opened) << "the man in the middle could not open the record";
    if (!opened) return flight;
    Bytes content(opened->content.begin(), opened->content.end());
    edit(content);
    Bytes sealed;
    EXPECT_TRUE(out->seal(opened->type, content, 0, sealed, nullptr));
    records.pop_back();
    Bytes result = join(records);
    result.insert(result.end(), sealed.begin(), sealed.end());
    return result;
  }
};

// The server's first flight reaches the client after `edit`; the client must
// detect `alert`.
void expect_client_rejects_server_flight(const std::function<void(std::vector<Bytes>&)>& edit,
                                         AD alert, std::string_view rule, Config cc = c12(),
                                         Config sc = s12()) {
  Pair run(std::move(cc), std::move(sc));
  const Bytes flight = edit_plaintext(run.server_flight(), edit);
  EXPECT_FALSE(run.client->receive(flight).ok());
  (void)run.server->receive(run.client->take_output());
  expect_alert(*run.client, *run.server, alert, rule);
}

// The client's second flight reaches the server after `edit` changed its
// plaintext messages; the server must detect `alert`.
void expect_server_rejects_client_flight(const std::function<void(std::vector<Bytes>&)>& edit,
                                         AD alert, std::string_view rule, Config cc = c12(),
                                         Config sc = s12()) {
  Pair run(std::move(cc), std::move(sc));
  const Bytes flight = edit_plaintext(run.client_flight(), edit);
  EXPECT_FALSE(run.server->receive(flight).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, alert, rule);
}

void exchange_data(Connection& client, Connection& server) {
  const Bytes request = {'p', 'i', 'n', 'g'};
  ASSERT_TRUE(client.write(request));
  ASSERT_TRUE(pump(client, server)) << errors(client, server);
  EXPECT_EQ(server.read(), request);
  const Bytes reply = {'p', 'o', 'n', 'g'};
  ASSERT_TRUE(server.write(reply));
  ASSERT_TRUE(pump(client, server)) << errors(client, server);
  EXPECT_EQ(client.read(), reply);
}

// ===================================================================
// RSA key transport: RFC 5246 §7.4.7.1, the Bleichenbacher countermeasure.

// The EncryptedPreMasterSecret for an encoded message EM (k bytes) chosen
// by the test: EM^e mod n under the server's RSA key.
Bytes encrypt_raw(const Bytes& em) {
  const auto& key = std::get<crypto::RsaPublicKey>(pki().server_rsa->leaf().public_key().key);
  Bytes c(key.size_bytes());
  EXPECT_TRUE(key.public_op(em, c));
  return c;
}

// EM = 00 02 PS 00 M (RFC 8017 §7.2.1) with |PS| nonzero bytes, M given.
Bytes pkcs1_block(std::size_t k, const Bytes& m) {
  Bytes em(k);
  em[0] = 0;
  em[1] = 2;
  for (std::size_t i = 2; i < k - m.size() - 1; ++i)
    em[i] = static_cast<std::uint8_t>(0x11 + i % 200);
  em[k - m.size() - 1] = 0;
  std::copy(m.begin(), m.end(), em.end() - static_cast<std::ptrdiff_t>(m.size()));
  return em;
}

struct PremasterOutcome {
  Error server_error;
  Error client_error;
};

// A client's RSA key transport flight with its ClientKeyExchange replaced by
// `ciphertext` (nullopt: the client's own). The server must take the
// ClientKeyExchange without a word — no alert, no output, no error, on to
// WAIT_CHANGE_CIPHER_SPEC — and fail only at the Finished.
PremasterOutcome run_with_premaster(const std::optional<Bytes>& ciphertext,
                                    bool corrupt_finished_record = false) {
  Pair run(rsa_client(), rsa_server());
  auto records = split_records(run.client_flight());
  EXPECT_EQ(run.client->negotiated().cipher_suite, kRsaAes128);
  EXPECT_EQ(records.size(), 3u) << "ClientKeyExchange, ChangeCipherSpec, Finished";
  if (records.size() != 3) return {};
  if (ciphertext) {
    handshake::ClientKeyExchange12 cke;
    cke.kind = handshake::KeyExchangeKind::rsa;
    cke.exchange_keys = *ciphertext;
    records[0].body = cke.serialize();
  }
  if (corrupt_finished_record) records[2].body.back() ^= 1;
  // The ClientKeyExchange alone: nothing distinguishable.
  EXPECT_TRUE(run.server->receive(join({records[0]}))) << errors(*run.client, *run.server);
  EXPECT_TRUE(run.server->take_output().empty()) << "no alert at ClientKeyExchange";
  EXPECT_FALSE(run.server->error());
  EXPECT_EQ(run.server->state(), handshake::State::wait_change_cipher_spec);
  EXPECT_TRUE(run.slog.alerts.empty());
  // ChangeCipherSpec and Finished: the handshake fails here.
  EXPECT_FALSE(run.server->receive(join({records[1], records[2]})).ok());
  (void)run.client->receive(run.server->take_output());
  PremasterOutcome out;
  if (run.server->error()) out.server_error = *run.server->error();
  if (run.client->error()) out.client_error = *run.client->error();
  EXPECT_TRUE(run.server->error() && run.client->error()) << errors(*run.client, *run.server);
  EXPECT_EQ(run.slog.alerts.size(), 1u) << "exactly one alert, at Finished";
  return out;
}

TEST(Tls12Alert, BadRsaPremasterFailsOnlyAtFinishedLikeAnUnopenableFinished) {
  // RFC 5246 §7.4.7.1: "In any case, a TLS server MUST NOT generate an alert
  // if processing an RSA-encrypted premaster secret message fails, or the
  // version number is not as expected. Instead, it MUST continue the
  // handshake with a randomly generated premaster secret." The server's
  // keys then differ from the client's, so the client's Finished record does
  // not open: bad_record_mac (RFC 5246 §7.2.2), exactly as for a Finished
  // record broken on the wire — never a different alert, rule or offset.
  const std::size_t k =
      std::get<crypto::RsaPublicKey>(pki().server_rsa->leaf().public_key().key).size_bytes();
  Bytes good_m(48, 0x5a);
  good_m[0] = 3;
  good_m[1] = 3;
  Bytes wrong_version = good_m;
  wrong_version[1] = 2;  // TLS 1.1's client_version
  Bytes bad_type = pkcs1_block(k, good_m);
  bad_type[1] = 1;  // block type 1: garbage as an encryption block
  const std::vector<std::pair<std::string, Bytes>> variants = {
      {"padding that is not PKCS#1 type 2", encrypt_raw(bad_type)},
      {"a 47-byte M", encrypt_raw(pkcs1_block(k, Bytes(good_m.begin(), good_m.end() - 1)))},
      {"a premaster with the wrong version", encrypt_raw(pkcs1_block(k, wrong_version))},
      {"a well-formed premaster of another value", encrypt_raw(pkcs1_block(k, good_m))},
  };
  // The reference: the client's own ClientKeyExchange, its Finished record
  // broken on the wire.
  const auto reference = run_with_premaster(std::nullopt, /*corrupt_finished_record=*/true);
  EXPECT_EQ(reference.server_error.alert, AD::bad_record_mac) << reference.server_error.describe();
  for (const auto& [name, ciphertext] : variants) {
    SCOPED_TRACE(name);
    const auto got = run_with_premaster(ciphertext);
    EXPECT_EQ(got.server_error.alert, AD::bad_record_mac) << got.server_error.describe();
    EXPECT_EQ(got.server_error.alert, reference.server_error.alert);
    EXPECT_EQ(got.server_error.rule, reference.server_error.rule);
    EXPECT_EQ(got.server_error.offset, reference.server_error.offset);
    EXPECT_EQ(got.server_error.origin, ErrorOrigin::local);
    EXPECT_EQ(got.client_error.alert, AD::bad_record_mac);
    EXPECT_EQ(got.client_error.origin, ErrorOrigin::peer);
  }
}

TEST(Tls12Alert, RsaPremasterOfTheClientsOwnCompletesTheHandshake) {
  // The control for the test above: the same driver with nothing changed.
  Pair run(rsa_client(), rsa_server());
  ASSERT_TRUE(run.server->receive(run.client_flight())) << errors(*run.client, *run.server);
  ASSERT_TRUE(run.client->receive(run.server->take_output())) << errors(*run.client, *run.server);
  EXPECT_TRUE(run.client->handshake_done() && run.server->handshake_done());
  exchange_data(*run.client, *run.server);
}

TEST(Tls12Alert, RsaPremasterCiphertextOfTheWrongLengthIsDecodeError) {
  // A public framing fault, not a decryption result: RFC 5246 §7.4.7.1's
  // EncryptedPreMasterSecret is exactly the modulus length (RFC 8017 §7.2.2
  // step 1), which says nothing about the plaintext.
  Pair run(rsa_client(), rsa_server());
  auto records = split_records(run.client_flight());
  ASSERT_EQ(records.size(), 3u);
  handshake::ClientKeyExchange12 cke;
  cke.kind = handshake::KeyExchangeKind::rsa;
  cke.exchange_keys = Bytes(100, 7);
  records[0].body = cke.serialize();
  EXPECT_FALSE(run.server->receive(join(records)).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::decode_error, "RFC 5246 §7.4.7.1");
}

// ===================================================================
// extended_master_secret (RFC 7627).

TEST(Tls12Alert, ClientWithoutExtendedMasterSecretIsHandshakeFailure) {
  Config cc = c12();
  cc.edit_client_hello = [](ClientHello& ch) {
    remove(ch.extensions, ExtensionType::extended_master_secret);
  };
  expect_server_detects(cc, s12(), AD::handshake_failure, "RFC 7627 §5.3");
}

TEST(Tls12Alert, ServerWithoutExtendedMasterSecretIsHandshakeFailure) {
  // RFC 7627 §5.2: a client that requires the extension aborts a full
  // handshake whose ServerHello does not echo it.
  Config sc = s12();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello) remove(e, ExtensionType::extended_master_secret);
  };
  expect_client_detects(c12(), sc, AD::handshake_failure, "RFC 7627 §5.2");
}

TEST(Tls12Alert, ExtendedMasterSecretWithDataIsDecodeError) {
  // RFC 7627 §5.1: "The "extension_data" field of this extension is empty."
  Config sc = s12();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello) {
      e.list[index_of(e, ExtensionType::extended_master_secret)].data = {0};
    }
  };
  // (The extension table refuses it before client12.cpp sees it; its rule
  // cites RFC 8446 §4.2.)
  expect_client_detects(c12(), sc, AD::decode_error, "");
}

// ===================================================================
// Renegotiation (RFC 5746): refused with a warning, the connection goes on.

// The no_renegotiation warnings `log` saw go out.
std::size_t no_renegotiation_warnings_sent(const Log& log) {
  return static_cast<std::size_t>(
      std::count_if(log.alerts.begin(), log.alerts.end(), [](const auto& a) {
        return a.direction == trace::Direction::sent && a.level == 1 &&
               a.description == static_cast<std::uint8_t>(AD::no_renegotiation);
      }));
}

TEST(Tls12Alert, HelloRequestIsAnsweredWithANoRenegotiationWarning) {
  // RFC 5746 §4.2: "the client MUST respond with a "no_renegotiation" alert
  // [...] this alert is of warning level" when it will not renegotiate.
  Pair run(c12(), s12());
  ASSERT_TRUE(pump(*run.client, *run.server)) << errors(*run.client, *run.server);
  ASSERT_TRUE(run.server->send_handshake_message(handshake::HelloRequest{}.serialize()));
  ASSERT_TRUE(run.client->receive(run.server->take_output())) << errors(*run.client, *run.server);
  const Bytes answer = run.client->take_output();
  ASSERT_EQ(split_records(answer).size(), 1u) << "one (protected) alert record";
  EXPECT_EQ(answer[0], 21);
  EXPECT_EQ(no_renegotiation_warnings_sent(run.clog), 1u);
  ASSERT_TRUE(run.server->receive(answer)) << errors(*run.client, *run.server);
  EXPECT_TRUE(run.client->handshake_done() && run.server->handshake_done());
  EXPECT_FALSE(run.client->error() || run.server->error());
  exchange_data(*run.client, *run.server);
}

TEST(Tls12Alert, RenegotiatingClientHelloIsAnsweredWithANoRenegotiationWarning) {
  // RFC 5746 §4.4: a server that will not renegotiate answers with a
  // no_renegotiation warning; RFC 5246 §7.2.2: the requester "may decide to
  // proceed with the connection".
  // A ClientHello as a fresh client makes it.
  const Config fresh = c12();
  auto other = Connection::client(fresh, "server.example");
  const Bytes hello = split_records(other->take_output()).at(0).body;
  Pair run(c12(), s12());
  ASSERT_TRUE(pump(*run.client, *run.server)) << errors(*run.client, *run.server);
  ASSERT_TRUE(run.client->send_handshake_message(hello));
  ASSERT_TRUE(run.server->receive(run.client->take_output())) << errors(*run.client, *run.server);
  const Bytes answer = run.server->take_output();
  ASSERT_EQ(split_records(answer).size(), 1u);
  EXPECT_EQ(answer[0], 21);
  EXPECT_EQ(no_renegotiation_warnings_sent(run.slog), 1u);
  ASSERT_TRUE(run.client->receive(answer)) << errors(*run.client, *run.server);
  EXPECT_TRUE(run.client->handshake_done() && run.server->handshake_done());
  exchange_data(*run.client, *run.server);
}

TEST(Tls12Alert, HelloRequestDuringTheHandshakeIsIgnored) {
  // RFC 5246 §7.4.1.1: "The HelloRequest message MAY be sent by the server
  // at any time. [...] This message will be ignored by the client if the
  // client is currently negotiating a session." and "HelloRequest messages
  // MUST NOT be included in the message hashes".
  Pair run(c12(), s12());
  const Bytes flight = edit_plaintext(run.server_flight(), [](std::vector<Bytes>& m) {
    m.insert(m.begin() + 1, handshake::HelloRequest{}.serialize());
  });
  ASSERT_TRUE(run.client->receive(flight)) << errors(*run.client, *run.server);
  ASSERT_TRUE(pump(*run.client, *run.server)) << errors(*run.client, *run.server);
  EXPECT_TRUE(run.client->handshake_done());
}

TEST(Tls12Alert, NonEmptyRenegotiationInfoInTheClientHelloIsHandshakeFailure) {
  // RFC 5746 §3.6: the server "MUST then verify that the length of the
  // "renegotiated_connection" field is zero, and if it is not, MUST abort the
  // handshake."
  Config cc = c12();
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.list[index_of(ch.extensions, ExtensionType::renegotiation_info)].data =
        handshake::encode_renegotiation_info(Bytes(12, 0x42));
  };
  expect_server_detects(cc, s12(), AD::handshake_failure, "RFC 5746 §3.6");
}

TEST(Tls12Alert, NonEmptyRenegotiationInfoInTheServerHelloIsHandshakeFailure) {
  // RFC 5746 §3.4: "the client MUST then verify that the length of the
  // "renegotiated_connection" field is zero, and if it is not, MUST abort the
  // handshake (by sending a fatal handshake_failure alert)."
  Config sc = s12();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello) {
      e.list[index_of(e, ExtensionType::renegotiation_info)].data =
          handshake::encode_renegotiation_info(Bytes(24, 0x42));
    }
  };
  expect_client_detects(c12(), sc, AD::handshake_failure, "RFC 5746 §3.4");
}

// ===================================================================
// Version: TLS_FALLBACK_SCSV (RFC 7507) and the downgrade sentinel (RFC 8446 §4.1.3).

TEST(Tls12Alert, FallbackScsvToATls13CapableServerIsInappropriateFallback) {
  // RFC 7507 §3: "If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites
  // and the highest protocol version supported by the server is higher than
  // the version indicated in ClientHello.client_version, the server MUST
  // respond with a fatal inappropriate_fallback alert".
  Config cc = c12();
  cc.edit_client_hello = [](ClientHello& ch) { ch.cipher_suites.push_back(kFallbackScsv); };
  Config sc = s12();
  sc.versions = {kTls13, kTls12};
  expect_server_detects(cc, sc, AD::inappropriate_fallback, "RFC 7507 §3");
}

TEST(Tls12Alert, FallbackScsvToATls12OnlyServerIsAccepted) {
  // The same ClientHello to a server whose highest version is 1.2: no fallback.
  Config cc = c12();
  cc.edit_client_hello = [](ClientHello& ch) { ch.cipher_suites.push_back(kFallbackScsv); };
  const Config sc = s12();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_EQ(client->negotiated().version, kTls12);
}

TEST(Tls12Alert, DowngradeSentinelIsIllegalParameterForATls13CapableClient) {
  // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS
  // 1.2 or below MUST check that the last 8 bytes are not equal to either of
  // these values. [...] If a match is found, the client MUST abort the
  // handshake with an "illegal_parameter" alert." supported_versions is
  // stripped on the way, as an attacker would.
  Config cc = client_config();
  cc.versions = {kTls13, kTls12};
  cc.edit_client_hello = [](ClientHello& ch) {
    remove(ch.extensions, ExtensionType::supported_versions);
  };
  Config sc = s12();
  sc.versions = {kTls13, kTls12};
  expect_client_detects(cc, sc, AD::illegal_parameter, "RFC 8446 §4.1.3");
}

TEST(Tls12Alert, Tls11DowngradeSentinelInATls12ServerHelloIsIllegalParameter) {
  // RFC 8446 §4.1.3: the check is against "either of these values": the
  // TLS 1.1 sentinel too, in a ServerHello that says TLS 1.2 (written into
  // the random of a 1.2-only server, which sets no sentinel of its own).
  Config cc = client_config();
  cc.versions = {kTls13, kTls12};
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& sh = m[find_message(m, HandshakeType::server_hello)];
        auto parsed = handshake::ServerHello::parse(sh);
        ASSERT_TRUE(parsed);
        std::copy(handshake::kDowngradeTls11.begin(), handshake::kDowngradeTls11.end(),
                  parsed->random.end() - 8);
        sh = parsed->serialize();
      },
      AD::illegal_parameter, "RFC 8446 §4.1.3", cc);
}

TEST(Tls12Alert, DowngradeSentinelIsNoConcernOfATls12OnlyClient) {
  // A 1.2-only client gets the sentinel too (the server speaks 1.3), and
  // goes on: it could not have had more.
  Config sc = s12();
  sc.versions = {kTls13, kTls12};
  Pair run(c12(), std::move(sc));
  const Bytes flight = run.server_flight();
  EXPECT_TRUE(std::equal(handshake::kDowngradeTls12.begin(), handshake::kDowngradeTls12.end(),
                         run.server_random.end() - 8));
  ASSERT_TRUE(run.client->receive(flight)) << errors(*run.client, *run.server);
  ASSERT_TRUE(pump(*run.client, *run.server)) << errors(*run.client, *run.server);
  EXPECT_EQ(run.client->negotiated().version, kTls12);
}

// ===================================================================
// ServerHello.

TEST(Tls12Alert, UnsolicitedExtensionInServerHelloIsUnsupportedExtension) {
  // RFC 5246 §7.4.1.4: "If a client receives an extension type in
  // ServerHello that it did not request in the associated ClientHello, it
  // MUST abort the handshake with an unsupported_extension fatal alert."
  // (ALPN: this client offers none.)
  Config sc = s12();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello) {
      e.add(ExtensionType::application_layer_protocol_negotiation, handshake::encode_alpn({"h2"}));
    }
  };
  expect_client_detects(c12(), sc, AD::unsupported_extension, "RFC 5246 §7.4.1.4");
}

TEST(Tls12Alert, UnofferedCipherSuiteIsIllegalParameter) {
  Config cc = c12();
  cc.cipher_suites = {0xc02b};
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& sh = m[find_message(m, HandshakeType::server_hello)];
        auto parsed = handshake::ServerHello::parse(sh);
        ASSERT_TRUE(parsed);
        parsed->cipher_suite = 0xc02c;
        sh = parsed->serialize();
      },
      AD::illegal_parameter, "RFC 5246 §7.4.1.3", cc);
}

// ===================================================================
// ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4).

// Parses the ServerKeyExchange in `m`, lets `edit` change it, serializes it back.
void edit_ske(std::vector<Bytes>& m,
              const std::function<void(handshake::ServerKeyExchange12&)>& edit) {
  auto& bytes = m[find_message(m, HandshakeType::server_key_exchange)];
  auto ske = handshake::ServerKeyExchange12::parse(bytes);
  ASSERT_TRUE(ske);
  edit(*ske);
  bytes = ske->serialize();
}

TEST(Tls12Alert, BadServerKeyExchangeSignatureIsDecryptError) {
  // RFC 5246 §7.2.2 decrypt_error: "a handshake cryptographic operation
  // failed, including being unable to correctly verify a signature".
  for (const bool rsa : {false, true}) {
    SCOPED_TRACE(rsa ? "ECDHE-RSA" : "ECDHE-ECDSA");
    Config sc = s12();
    if (rsa) sc.identities = {pki().server_rsa};
    expect_client_rejects_server_flight(
        [](std::vector<Bytes>& m) {
          edit_ske(m, [](auto& ske) { ske.signature[ske.signature.size() / 2] ^= 0x20; });
        },
        AD::decrypt_error, "", c12(), sc);
  }
}

TEST(Tls12Alert, ServerKeyExchangeParamsChangedAfterSigningIsDecryptError) {
  // The signature covers the randoms and the ECDH parameters (RFC 8422
  // §5.4): another public key under the same signature does not verify.
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { edit_ske(m, [](auto& ske) { ske.public_key.back() ^= 1; }); },
      AD::decrypt_error, "");
}

TEST(Tls12Alert, ServerKeyExchangeWithAnUnofferedAlgorithmIsIllegalParameter) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { edit_ske(m, [](auto& ske) { ske.algorithm = kEcdsaSha1; }); },
      AD::illegal_parameter, "RFC 5246 §7.4.1.4.1");
}

TEST(Tls12Alert, ServerKeyExchangeWithAnUnofferedCurveIsIllegalParameter) {
  Config cc = c12();
  cc.groups = {kX25519, kP256};
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { edit_ske(m, [](auto& ske) { ske.named_curve = kP384; }); },
      AD::illegal_parameter, "RFC 8422 §5.4", cc);
}

TEST(Tls12Alert, EveryTruncationOfTheServerKeyExchangeIsDecodeError) {
  // RFC 5246 §7.2.2 decode_error: "A message could not be decoded because
  // some field was out of the specified range or the length of the message
  // was incorrect." Each cut, with the header made to fit. (Each run signs
  // afresh and an ECDSA signature's DER length varies by a byte or two: a cut
  // at or past the end of this run's message is made one byte short instead.)
  Pair probe(c12(), s12());
  const auto messages = split_messages(split_records(probe.server_flight()).at(0).body);
  const Bytes ske = messages.at(find_message(messages, HandshakeType::server_key_exchange));
  for (std::size_t n = 4; n < ske.size(); n += (n < 80 ? 1 : 17)) {
    SCOPED_TRACE(n);
    expect_client_rejects_server_flight(
        [n](std::vector<Bytes>& m) {
          auto& s = m[find_message(m, HandshakeType::server_key_exchange)];
          s.resize(std::min(n, s.size() - 1));
          fix_length(s);
        },
        AD::decode_error, "RFC ");
    if (HasFatalFailure()) return;
  }
}

TEST(Tls12Alert, BytesAfterTheServerKeyExchangeAreDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& s = m[find_message(m, HandshakeType::server_key_exchange)];
        s.push_back(0);
        fix_length(s);
      },
      AD::decode_error, "RFC 8422 §5.4");
}

TEST(Tls12Alert, ExplicitCurveIsHandshakeFailure) {
  // RFC 8422 §5.4: explicit_prime (1) and explicit_char2 (2) are deprecated.
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { m[find_message(m, HandshakeType::server_key_exchange)][4] = 1; },
      AD::handshake_failure, "RFC 8422 §5.4");
}

// ===================================================================
// The server certificate's curve and the client's supported_groups (RFC 8422
// §5.3: "If the client has used a Supported Elliptic Curves Extension, the
// public key in the server's certificate MUST respect the client's choice of
// elliptic curves.").

TEST(Tls12Alert, TheServerPicksTheCertificateOnACurveTheClientOffers) {
  // A P-384 identity first, a P-256 one second; the client offers P-256 only
  // (besides x25519): the server presents the P-256 certificate.
  Config cc = c12();
  cc.groups = {kX25519, kP256};
  Config sc = s12();
  sc.identities = {pki().server_p384, pki().server_p256};
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  ASSERT_FALSE(client->negotiated().peer_chain.empty());
  EXPECT_EQ(client->negotiated().peer_chain.front().public_key().type, x509::KeyType::ec_p256);
}

TEST(Tls12Alert, NoCertificateOnACurveTheClientOffersIsHandshakeFailure) {
  // RFC 8422 §5.3: "A server that cannot satisfy this requirement MUST NOT
  // choose an ECC cipher suite in its ServerHello message." With only a
  // P-384 identity and a client offering P-256 and x25519, no suite is left.
  Config cc = c12();
  cc.groups = {kX25519, kP256};
  Config sc = s12();
  sc.identities = {pki().server_p384};
  expect_server_detects(cc, sc, AD::handshake_failure, "RFC 8422 §5.3");
}

TEST(Tls12Alert, ServerCertificateOnACurveNotOfferedIsUnsupportedCertificate) {
  // RFC 5246 §7.4.2: "The certificate MUST be appropriate for the negotiated
  // cipher suite's key exchange algorithm and any negotiated extensions." A
  // server that saw secp384r1 in the ClientHello (the hook adds it on the
  // way) presents its P-384 certificate to a client whose Config offers only
  // x25519 and P-256: the client refuses it.
  Config cc = c12();
  cc.groups = {kX25519, kP256};
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.list[index_of(ch.extensions, ExtensionType::supported_groups)].data =
        handshake::encode_u16_list({kX25519, kP256, kP384});
  };
  Config sc = s12();
  sc.identities = {pki().server_p384};
  expect_client_detects(cc, sc, AD::unsupported_certificate, "RFC 8422 §5.3");
}

// A self-signed CA certificate as an identity: its keyUsage is
// keyCertSign and cRLSign, neither digitalSignature nor keyEncipherment.
std::shared_ptr<const x509::KeyStore> ca_identity(const char* key_kind) {
  crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(7420);
  auto key = x509::PrivateKey::generate(key_kind, rng);
  if (!key) return nullptr;
  auto ca = x509::CertificateAuthority::create_root(std::move(*key),
                                                    *x509::build_name("CN=server.example"),
                                                    test_now() - 86400, test_now() + 86400, rng);
  if (!ca) return nullptr;
  auto own_key = x509::PrivateKey::parse_der(ca->key().to_pkcs8_der());
  if (!own_key) return nullptr;
  auto store = x509::KeyStore::create({ca->certificate()}, std::move(*own_key));
  if (!store) return nullptr;
  return std::make_shared<const x509::KeyStore>(std::move(*store));
}

// An edit of a flight: its Certificate message carries `id`'s certificate
// instead.
std::function<void(std::vector<Bytes>&)> certificate_replaced_by(const x509::KeyStore& id) {
  handshake::Certificate12 replaced;
  const auto der = id.leaf().der();
  replaced.certificate_list = {Bytes(der.begin(), der.end())};
  return [message = replaced.serialize()](std::vector<Bytes>& m) {
    m[find_message(m, HandshakeType::certificate)] = message;
  };
}

TEST(Tls12Alert, ACertificateWhoseKeyUsageForbidsTheKeyExchangeIsRefusedOnBothSides) {
  // RFC 5246 §7.4.2: the certificate "MUST allow the key to be used for
  // signing" (ECDHE: digitalSignature) or "for encryption" (RSA key
  // transport: keyEncipherment) when it has a keyUsage. A CA certificate
  // allows neither (the client does not check the chain here).
  for (const bool rsa : {false, true}) {
    SCOPED_TRACE(rsa ? "RSA key transport" : "ECDHE_ECDSA");
    const auto ca = ca_identity(rsa ? "rsa2048" : "p256");
    ASSERT_TRUE(ca);
    Config cc = rsa ? rsa_client() : c12();
    cc.insecure_skip_verify = true;
    // The client: the server's Certificate replaced on the way by the CA's.
    expect_client_rejects_server_flight(certificate_replaced_by(*ca), AD::unsupported_certificate,
                                        "keyUsage does not allow", cc, rsa ? rsa_server() : s12());
    // The server: such an identity is passed over; with no other,
    // handshake_failure.
    Config sc = s12();
    sc.identities = {ca};
    expect_server_detects(cc, sc, AD::handshake_failure, "keyUsage");
  }
}

TEST(Tls12Alert, AClientCertificateWhoseKeyUsageForbidsSigningIsNotSentNorAccepted) {
  // RFC 5246 §7.4.6: the client's certificate "MUST allow the key to be used
  // for signing" (rsa_sign, ecdsa_sign): it signs the CertificateVerify.
  const auto ca = ca_identity("p256");
  ASSERT_TRUE(ca);
  // The server trusts it (and names it in its CertificateRequest).
  x509::TrustStore trust;
  trust.add(ca->leaf());
  // Our client does not present it: an empty Certificate, and a server that
  // takes client certificates optionally goes on without one.
  Config cc = c12();
  cc.identities = {ca};
  Config optional = mtls_server(ClientAuth::optional);
  optional.trust = &trust;
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(optional);
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_TRUE(server->negotiated().peer_subject.empty());
  // Our server refuses it when a client's Certificate is replaced by it on
  // the way.
  Config sc = mtls_server();
  sc.trust = &trust;
  expect_server_rejects_client_flight(certificate_replaced_by(*ca), AD::unsupported_certificate,
                                      "keyUsage does not allow signing", mtls_client(), sc);
}

// ===================================================================
// Unexpected messages (RFC 5246 §7.3 message flow; §7.2.2 unexpected_message).

TEST(Tls12Alert, ServerHelloDoneBeforeCertificateIsUnexpectedMessage) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        erase_message(m, HandshakeType::certificate);
        erase_message(m, HandshakeType::server_key_exchange);
      },
      AD::unexpected_message, kNotExpectedHere);
}

TEST(Tls12Alert, MissingServerKeyExchangeForEcdheIsUnexpectedMessage) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { erase_message(m, HandshakeType::server_key_exchange); },
      AD::unexpected_message, kNotExpectedHere);
}

TEST(Tls12Alert, ServerKeyExchangeInRsaKeyTransportIsUnexpectedMessage) {
  // RFC 5246 §7.4.3: "It is not legal to send the ServerKeyExchange message
  // for the following key exchange methods: RSA". One from an ECDHE run.
  Pair ecdhe(c12(), s12());
  const auto donor = split_messages(split_records(ecdhe.server_flight()).at(0).body);
  const Bytes ske = donor.at(find_message(donor, HandshakeType::server_key_exchange));
  expect_client_rejects_server_flight(
      [&ske](std::vector<Bytes>& m) {
        m.insert(m.begin() +
                     static_cast<std::ptrdiff_t>(find_message(m, HandshakeType::certificate)) + 1,
                 ske);
      },
      AD::unexpected_message, kNotExpectedHere, rsa_client(), rsa_server());
}

TEST(Tls12Alert, ChangeCipherSpecBeforeTheServersCertificateIsUnexpectedMessage) {
  // RFC 5246 §7.1 and §7.4.9: ChangeCipherSpec only where the flow puts it.
  Pair run(c12(), s12());
  auto records = split_records(run.server_flight());
  // ServerHello alone, then a ChangeCipherSpec.
  auto messages = split_messages(records.at(0).body);
  Bytes bytes = record(22, messages.at(0));
  const auto ccs = record(20, Bytes{1});
  bytes.insert(bytes.end(), ccs.begin(), ccs.end());
  EXPECT_FALSE(run.client->receive(bytes).ok());
  (void)run.server->receive(run.client->take_output());
  expect_alert(*run.client, *run.server, AD::unexpected_message, "RFC 5246 §7.1");
}

TEST(Tls12Alert, ChangeCipherSpecBeforeTheClientKeyExchangeIsUnexpectedMessage) {
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) { m.clear(); },  // the ClientKeyExchange record dropped
      AD::unexpected_message, "RFC 5246 §7.1");
}

TEST(Tls12Alert, FinishedBeforeChangeCipherSpecIsUnexpectedMessage) {
  // RFC 5246 §7.4.9: "It is a fatal error if a Finished message is not
  // preceded by a ChangeCipherSpec message at the appropriate point in the
  // handshake." A Finished in the clear where the ChangeCipherSpec belongs.
  Pair run(c12(), s12());
  auto records = split_records(run.client_flight());
  ASSERT_EQ(records.size(), 3u);
  const Rec finished{22, message(HandshakeType::finished, Bytes(12, 0))};
  EXPECT_FALSE(run.server->receive(join({records[0], finished})).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::unexpected_message, kNotExpectedHere);
}

TEST(Tls12Alert, ServersFinishedBeforeItsChangeCipherSpecIsUnexpectedMessage) {
  Pair run(c12(), s12());
  auto records = split_records(run.server_finished());
  ASSERT_EQ(records.size(), 2u) << "ChangeCipherSpec, Finished";
  EXPECT_FALSE(
      run.client->receive(join({Rec{22, message(HandshakeType::finished, Bytes(12, 0))}})).ok());
  (void)run.server->receive(run.client->take_output());
  expect_alert(*run.client, *run.server, AD::unexpected_message, kNotExpectedHere);
}

TEST(Tls12Alert, SecondChangeCipherSpecIsUnexpectedMessage) {
  Pair run(c12(), s12());
  auto records = split_records(run.client_flight());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_FALSE(run.server->receive(join({records[0], records[1], records[1]})).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::unexpected_message, "RFC 5246 §7.1");
}

TEST(Tls12Alert, ClientKeyExchangeTwiceIsUnexpectedMessage) {
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        m.push_back(m[find_message(m, HandshakeType::client_key_exchange)]);
      },
      AD::unexpected_message, kNotExpectedHere);
}

TEST(Tls12Alert, ApplicationDataBeforeFinishedIsUnexpectedMessage) {
  Pair run(c12(), s12());
  auto records = split_records(run.client_flight());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_FALSE(run.server->receive(join({records[0], Rec{23, Bytes(40, 1)}})).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::unexpected_message, "");
}

TEST(Tls12Alert, CertificateWhenNoneWasRequestedIsUnexpectedMessage) {
  // RFC 5246 §7.4.6: the client's Certificate "is only sent if the server
  // requests a certificate".
  Pair donor(mtls_client(), mtls_server());
  const auto theirs = split_messages(split_records(donor.client_flight()).at(0).body);
  const Bytes cert = theirs.at(find_message(theirs, HandshakeType::certificate));
  expect_server_rejects_client_flight([&cert](std::vector<Bytes>& m) { m.insert(m.begin(), cert); },
                                      AD::unexpected_message, kNotExpectedHere);
}

// ===================================================================
// Malformed messages: decode_error (RFC 5246 §7.2.2).

TEST(Tls12Alert, TruncatedClientKeyExchangeIsDecodeError) {
  for (const bool rsa : {false, true}) {
    SCOPED_TRACE(rsa ? "RSA" : "ECDHE");
    expect_server_rejects_client_flight(
        [](std::vector<Bytes>& m) {
          auto& cke = m[find_message(m, HandshakeType::client_key_exchange)];
          cke.resize(cke.size() - 1);
          fix_length(cke);
        },
        AD::decode_error, rsa ? "RFC 5246 §7.4.7.1" : "RFC 8422 §5.7", rsa ? rsa_client() : c12(),
        rsa ? rsa_server() : s12());
  }
}

TEST(Tls12Alert, ClientKeyExchangeWithBytesAfterIsDecodeError) {
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cke = m[find_message(m, HandshakeType::client_key_exchange)];
        cke.push_back(0);
        fix_length(cke);
      },
      AD::decode_error, "RFC 5246 §7.4.7");
}

TEST(Tls12Alert, EmptyEcdhClientPointIsDecodeError) {
  // RFC 8422 §5.7: opaque point <1..2^8-1>.
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::client_key_exchange)] =
            message(HandshakeType::client_key_exchange, {0});
      },
      AD::decode_error, "RFC 8422 §5.7");
}

// A P-256 client offering `point` as its ECDHE public value: the server
// refuses it with illegal_parameter, naming `rule` (TLS 1.2 point rules are
// RFC 8422's, not RFC 8446's).
void expect_client_point_refused(const Bytes& point, std::string_view rule) {
  Config cc = c12();
  cc.groups = {kP256};
  expect_server_rejects_client_flight(
      [&point](std::vector<Bytes>& m) {
        handshake::ClientKeyExchange12 cke;
        cke.exchange_keys = point;
        m[find_message(m, HandshakeType::client_key_exchange)] = cke.serialize();
      },
      AD::illegal_parameter, rule, cc);
}

TEST(Tls12Alert, ClientPointNotOnTheCurveIsIllegalParameter) {
  // RFC 8422 §5.11 point check: P-256 point (4, x, y) that is not on the curve.
  Bytes point(65, 0x11);
  point[0] = 4;
  expect_client_point_refused(point, "RFC 8422 §5.11");
}

TEST(Tls12Alert, CompressedClientPointIsIllegalParameterUnderRfc8422) {
  // RFC 8422 §5.1.2: implementations "MUST NOT support other formats" than
  // the uncompressed one: a compressed P-256 point (0x02, x) is refused, and
  // the rule named is RFC 8422's, not RFC 8446 §4.2.8.2.
  Bytes point(33, 0x11);
  point[0] = 2;
  expect_client_point_refused(point, "RFC 8422 §5.1.2");
}

TEST(Tls12Alert, NonEmptyServerHelloDoneIsDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::server_hello_done)] =
            message(HandshakeType::server_hello_done, {0});
      },
      AD::decode_error, "RFC 5246 §7.4.5");
}

TEST(Tls12Alert, ServerCertificateListLongerThanItsMessageIsDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& cert = m[find_message(m, HandshakeType::certificate)];
        cert[4] = 0x7f;  // certificate_list length: far beyond the message
      },
      AD::decode_error, "RFC 5246 §7.4.2");
}

TEST(Tls12Alert, EmptyServerCertificateIsRefused) {
  // RFC 5246 §7.4.2: the server "MUST send a Certificate message whenever the
  // agreed-upon key exchange method uses certificates for authentication".
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::certificate)] = handshake::Certificate12{}.serialize();
      },
      AD::decode_error, "RFC 5246 §7.4.2");
}

TEST(Tls12Alert, CertificateRequestWithoutCertificateTypesIsDecodeError) {
  // RFC 5246 §7.4.4: ClientCertificateType certificate_types<1..2^8-1>.
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& cr = m[find_message(m, HandshakeType::certificate_request)];
        auto parsed = handshake::CertificateRequest12::parse(cr);
        ASSERT_TRUE(parsed);
        Bytes body = {0};  // no certificate types
        const Bytes rest(cr.begin() + 5 + cr[4], cr.end());
        body.insert(body.end(), rest.begin(), rest.end());
        cr = message(HandshakeType::certificate_request, body);
      },
      AD::decode_error, "RFC 5246 §7.4.4", mtls_client(), mtls_server());
}

TEST(Tls12Alert, TruncatedCertificateRequestIsDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& cr = m[find_message(m, HandshakeType::certificate_request)];
        cr.resize(cr.size() - 3);
        fix_length(cr);
      },
      AD::decode_error, "RFC 5246 §7.4.4", mtls_client(), mtls_server());
}

TEST(Tls12Alert, TruncatedClientCertificateVerifyIsDecodeError) {
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cv = m[find_message(m, HandshakeType::certificate_verify)];
        cv.resize(7);
        fix_length(cv);
      },
      AD::decode_error, "", mtls_client(), mtls_server());
}

TEST(Tls12Alert, ChangeCipherSpecOfAnotherValueIsDecodeError) {
  // RFC 5246 §7.1: struct { enum { change_cipher_spec(1), (255) } type; }.
  for (const Bytes& ccs : {Bytes{2}, Bytes{1, 1}, Bytes{}}) {
    Pair run(c12(), s12());
    auto records = split_records(run.client_flight());
    ASSERT_EQ(records.size(), 3u);
    records[1].body = ccs;
    EXPECT_FALSE(run.server->receive(join(records)).ok());
    (void)run.client->receive(run.server->take_output());
    expect_alert(*run.server, *run.client, AD::decode_error, "RFC 5246 §7.1");
  }
}

TEST(Tls12Alert, FinishedOfTheWrongLengthIsDecodeError) {
  // RFC 5246 §7.4.9: verify_data_length is 12 for every suite.
  Pair run(c12(), s12());
  const Bytes flight = run.reseal_last(run.client_flight(), /*client_writes=*/true, [](Bytes& f) {
    f.push_back(0);
    fix_length(f);
  });
  EXPECT_FALSE(run.server->receive(flight).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::decode_error, "");
}

// ===================================================================
// Finished and CertificateVerify: decrypt_error (RFC 5246 §7.2.2).

TEST(Tls12Alert, WrongClientFinishedIsDecryptError) {
  // RFC 5246 §7.4.9: "Recipients of Finished messages MUST verify that the
  // contents are correct." A Finished that opens but is wrong.
  for (const std::uint16_t suite :
       {std::uint16_t{0xc02b}, std::uint16_t{0xc02c}, std::uint16_t{0xcca9}}) {
    SCOPED_TRACE(suite);
    Config cc = c12();
    cc.cipher_suites = {suite};
    Pair run(cc, s12());
    const Bytes flight = run.reseal_last(run.client_flight(), true, [](Bytes& f) { f[9] ^= 1; });
    EXPECT_FALSE(run.server->receive(flight).ok());
    (void)run.client->receive(run.server->take_output());
    expect_alert(*run.server, *run.client, AD::decrypt_error, "RFC 5246 §7.4.9");
  }
}

TEST(Tls12Alert, WrongServerFinishedIsDecryptError) {
  for (const bool rsa : {false, true}) {
    SCOPED_TRACE(rsa ? "RSA key transport" : "ECDHE");
    Pair run(rsa ? rsa_client() : c12(), rsa ? rsa_server() : s12());
    const Bytes flight =
        run.reseal_last(run.server_finished(), false, [](Bytes& f) { f[15] ^= 0x80; });
    EXPECT_FALSE(run.client->receive(flight).ok());
    (void)run.server->receive(run.client->take_output());
    expect_alert(*run.client, *run.server, AD::decrypt_error, "RFC 5246 §7.4.9");
  }
}

TEST(Tls12Alert, ClientFinishedRecordThatDoesNotOpenIsBadRecordMac) {
  // RFC 5246 §7.2.2 bad_record_mac: "a record is received that cannot be
  // deprotected".
  Pair run(c12(), s12());
  Bytes flight = run.client_flight();
  flight.back() ^= 1;
  EXPECT_FALSE(run.server->receive(flight).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::bad_record_mac, "");
}

TEST(Tls12Alert, BadClientCertificateVerifyIsDecryptError) {
  // RFC 5246 §7.2.2 decrypt_error: "unable to correctly verify a signature".
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cv = m[find_message(m, HandshakeType::certificate_verify)];
        cv[cv.size() - 10] ^= 0x04;
      },
      AD::decrypt_error, "", mtls_client(), mtls_server(ClientAuth::optional));
}

TEST(Tls12Alert, CertificateVerifyAlgorithmNotInTheCertificateRequestIsIllegalParameter) {
  // RFC 5246 §7.4.8: "The hash and signature algorithms used in the
  // signature MUST be one of those present in the
  // supported_signature_algorithms field of the CertificateRequest message."
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cv = m[find_message(m, HandshakeType::certificate_verify)];
        cv[4] = static_cast<std::uint8_t>(kEcdsaSha1 >> 8);
        cv[5] = static_cast<std::uint8_t>(kEcdsaSha1);
      },
      AD::illegal_parameter, "RFC 5246 §7.4.8", mtls_client(), mtls_server());
}

TEST(Tls12Alert, CertificateVerifyWithAnotherRequestedAlgorithmIsDecryptError) {
  // In the list, but not what the client signed with: the signature fails.
  // In TLS 1.2, ecdsa_secp384r1_sha384 is {sha384, ecdsa} (RFC 5246
  // §7.4.1.4.1, RFC 8422 §5.1.3 / §5.10): the curve is not part of it, so a
  // P-256 key may sign with it and a wrong one is decrypt_error.
  Config sc = mtls_server();
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cv = m[find_message(m, HandshakeType::certificate_verify)];
        // ecdsa_secp256r1_sha256 (0x0403) -> ecdsa_secp384r1_sha384 (0x0503)
        cv[4] = 0x05;
      },
      AD::decrypt_error, "", mtls_client(), sc);
}

TEST(Tls12Alert, MissingClientCertificateVerifyIsUnexpectedMessage) {
  // RFC 5246 §7.4.8: sent after "a client certificate that has signing
  // capability"; the ChangeCipherSpec comes where it belongs.
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) { erase_message(m, HandshakeType::certificate_verify); },
      AD::unexpected_message, "RFC 5246 §7.1", mtls_client(), mtls_server());
}

TEST(Tls12Alert, RequiredClientCertificateMissingIsHandshakeFailure) {
  // RFC 5246 §7.4.6: "If the client does not send any certificates, the
  // server MAY at its discretion either continue the handshake without
  // client authentication, or respond with a fatal handshake_failure alert."
  expect_server_detects(c12(), mtls_server(), AD::handshake_failure, "RFC 5246 §7.4.6");
}

TEST(Tls12Alert, ClientCertificateFromAnotherCaIsUnknownCa) {
  // RFC 5246 §7.2.2 unknown_ca: "the CA certificate could not be located or
  // couldn't be matched with a known, trusted CA". The CertificateRequest's
  // certificate_authorities are emptied on the way, so the client sends it.
  Config cc = c12();
  cc.identities = {pki().client_other_ca};
  Pair run(cc, mtls_server());
  const Bytes flight = edit_plaintext(run.server_flight(), [](std::vector<Bytes>& m) {
    auto& cr = m[find_message(m, HandshakeType::certificate_request)];
    auto parsed = handshake::CertificateRequest12::parse(cr);
    ASSERT_TRUE(parsed);
    parsed->certificate_authorities.clear();
    cr = parsed->serialize();
  });
  ASSERT_TRUE(run.client->receive(flight)) << errors(*run.client, *run.server);
  EXPECT_FALSE(run.server->receive(run.client->take_output()).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::unknown_ca, "RFC 5280 §6.1");
}

TEST(Tls12Alert, Tls12FailuresNameRfc5246Rules) {
  // In TLS 1.2 the state-table refusal, application data before Finished, a
  // failed ServerKeyExchange signature and a 13-byte Finished each name
  // RFC 5246's rule, not RFC 8446's.
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { erase_message(m, HandshakeType::server_key_exchange); },
      AD::unexpected_message, "RFC 5246");
  Pair run(c12(), s12());
  auto records = split_records(run.client_flight());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_FALSE(run.server->receive(join({records[0], Rec{23, Bytes(40, 1)}})).ok());
  (void)run.client->receive(run.server->take_output());
  expect_alert(*run.server, *run.client, AD::unexpected_message, "RFC 5246");
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        edit_ske(m, [](auto& ske) { ske.signature[ske.signature.size() / 2] ^= 0x20; });
      },
      AD::decrypt_error, "RFC 5246 §7.4.3");
  Pair fin(c12(), s12());
  const Bytes flight = fin.reseal_last(fin.client_flight(), true, [](Bytes& f) {
    f.push_back(0);
    fix_length(f);
  });
  EXPECT_FALSE(fin.server->receive(flight).ok());
  (void)fin.client->receive(fin.server->take_output());
  expect_alert(*fin.server, *fin.client, AD::decode_error, "RFC 5246 §7.4.9");
}

}  // namespace
}  // namespace glasstls::test
