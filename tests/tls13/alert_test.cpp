// One test per TLS 1.3 failure path (RFC 8446 §6.2): the side that detects
// the problem ends the connection with exactly the RFC's alert, the other side
// reports that alert as the peer's (ErrorOrigin::peer), and after a fatal
// alert both Connections refuse everything (receive, write, read).
//
// Faults are made three ways: with the Config hooks (edit_client_hello,
// edit_extensions), with hand-built or mutated bytes, and — for what travels
// encrypted — by a man in the middle that knows the traffic secrets from a
// teaching-mode trace sink (the NSS key log events), opens a flight, changes
// a message and seals it again.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "crypto/rng.hpp"
#include "handshake/authentication.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/hello.hpp"
#include "handshake/key_schedule.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/session.hpp"
#include "record/record.hpp"
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
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kX25519 = 0x001d, kP256 = 0x0017, kP384 = 0x0018;

std::string errors(const Connection& c, const Connection& s) {
  std::string out;
  if (c.error()) out += "client: " + c.error()->describe() + "\n";
  if (s.error()) out += "server: " + s.error()->describe() + "\n";
  return out;
}

// ---- bytes

Bytes record(std::uint8_t type, std::span<const std::uint8_t> content,
             std::uint16_t version = 0x0303) {
  // (Built byte by byte: g++ 12 -O3 warns falsely on an insert after an
  // initializer list, -Warray-bounds.)
  Bytes r;
  r.reserve(5 + content.size());
  r.push_back(type);
  r.push_back(static_cast<std::uint8_t>(version >> 8));
  r.push_back(static_cast<std::uint8_t>(version));
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

// Rewrites the uint24 length of a handshake message to fit its body.
void fix_length(Bytes& message) {
  const std::size_t n = message.size() - 4;
  message[1] = static_cast<std::uint8_t>(n >> 16);
  message[2] = static_cast<std::uint8_t>(n >> 8);
  message[3] = static_cast<std::uint8_t>(n);
}

Bytes message(HandshakeType type, Bytes body) {
  Bytes m(4 + body.size());
  m[0] = static_cast<std::uint8_t>(type);
  std::copy(body.begin(), body.end(), m.begin() + 4);
  fix_length(m);
  return m;
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

void replace(Extensions& e, ExtensionType t, Bytes data) {
  e.list[index_of(e, t)].data = std::move(data);
}

// A server that asks for client certificates issued under pki().roots.
Config mtls_server_config(ClientAuth mode) {
  Config sc = server_config();
  sc.client_auth = mode;
  sc.trust = &pki().roots;
  return sc;
}

// ---- the checks every test makes

// A Connection after a fatal alert: every call fails with the same alert.
void expect_dead(Connection& c, AD alert) {
  ASSERT_TRUE(c.error());
  EXPECT_EQ(c.state(), handshake::State::closed);
  EXPECT_FALSE(c.handshake_done());
  const Bytes more = record(23, Bytes(20, 1));
  auto r = c.receive(more);
  ASSERT_FALSE(r.ok()) << "receive() after a fatal alert must fail";
  EXPECT_EQ(r.error().alert, alert);
  const Bytes data = {1, 2, 3};
  auto w = c.write(data);
  ASSERT_FALSE(w.ok()) << "write() after a fatal alert must fail";
  EXPECT_EQ(w.error().alert, alert);
  EXPECT_FALSE(c.update_keys(true).ok());
  EXPECT_TRUE(c.read().empty());
  EXPECT_TRUE(c.take_output().empty()) << "nothing may be sent after the alert";
}

// `detector` found the fault and sent `alert`; `other` received it.
void expect_alert(Connection& detector, Connection& other, AD alert) {
  ASSERT_TRUE(detector.error()) << "the detecting side did not fail; " << errors(detector, other);
  EXPECT_EQ(detector.error()->alert, alert) << detector.error()->describe();
  EXPECT_EQ(detector.error()->origin, ErrorOrigin::local);
  ASSERT_TRUE(other.error()) << "the alert did not reach the other side";
  EXPECT_EQ(other.error()->alert, alert) << other.error()->describe();
  EXPECT_EQ(other.error()->origin, ErrorOrigin::peer);
  expect_dead(detector, alert);
  expect_dead(other, alert);
}

// A client and a server run until one fails; the server must detect `alert`.
void expect_server_detects(const Config& cc, const Config& sc, AD alert,
                           std::string name = "server.example") {
  auto client = Connection::client(cc, std::move(name));
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  expect_alert(*server, *client, alert);
}

void expect_client_detects(const Config& cc, const Config& sc, AD alert,
                           std::string name = "server.example") {
  auto client = Connection::client(cc, std::move(name));
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  expect_alert(*client, *server, alert);
}

// A real client's ClientHello message (record header removed).
Bytes real_client_hello(Connection& client) {
  const auto out = client.take_output();
  const auto records = split_records(out);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(records.at(0).type, 22);
  return records.at(0).body;
}

// `bytes` (hand-made or mutated) go to a fresh server in place of the real
// client's first flight; the server must answer `alert` in a plaintext alert
// record, and the client, waiting for a ServerHello, must see it.
void expect_server_rejects_bytes(const Bytes& bytes, AD alert, const Config& sc = server_config()) {
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  (void)client->take_output();
  auto server = Connection::server(sc);
  auto r = server->receive(bytes);
  ASSERT_FALSE(r.ok()) << "the server accepted the bytes";
  EXPECT_EQ(r.error().alert, alert) << r.error().describe();
  const Bytes out = server->take_output();
  EXPECT_EQ(out, (Bytes{21, 3, 3, 0, 2, 2, static_cast<std::uint8_t>(alert)}))
      << "exactly one fatal alert, in the clear";
  (void)client->receive(out);
  expect_alert(*server, *client, alert);
}

void expect_server_rejects_hello(const Bytes& hello, AD alert, const Config& sc = server_config()) {
  expect_server_rejects_bytes(record(22, hello), alert, sc);
}

// ---- a man in the middle that knows the traffic secrets

class KeyLog final : public trace::TraceSink {
 public:
  void on_event(const trace::Event& e) override {
    if (const auto* k = std::get_if<trace::KeyLogEvent>(&e)) {
      secrets[std::string(k->label)] = Bytes(k->secret.begin(), k->secret.end());
    }
  }
  bool wants_secrets() const override { return true; }
  std::map<std::string, Bytes> secrets;
};

// One direction's TLS 1.3 record protection rebuilt from a traffic secret
// (RFC 8446 §7.3 keys, §5.3 nonce, §5.2 additional data), written here with
// the AEAD directly so that it can also make records the record layer
// refuses to make.
class RawKeys {
 public:
  RawKeys(const Bytes& secret, std::uint16_t suite) {
    const auto* info = handshake::find_suite(suite);
    handshake::KeySchedule ks(info->hash, nullptr);
    auto k = ks.traffic_keys(crypto::HashSecret::from(secret), info->key_length);
    aead_ = crypto::make_aead(info->aead, k.key.bytes().first(info->key_length)).value();
    std::copy(k.iv.bytes().begin(), k.iv.bytes().begin() + 12, iv_.begin());
  }

  // TLSInnerPlaintext (content || type || zeros) of the next record, or
  // nullopt when it does not open.
  std::optional<Bytes> open(const Rec& r) {
    Bytes inner(r.body.size() - 16);
    const Bytes header = {r.type, 3, 3, static_cast<std::uint8_t>(r.body.size() >> 8),
                          static_cast<std::uint8_t>(r.body.size())};
    if (!aead_->open(nonce(), header, r.body, inner)) return std::nullopt;
    ++seq_;
    return inner;
  }
  // A whole record (header included) around `inner`.
  Bytes seal(const Bytes& inner) {
    const std::size_t n = inner.size() + 16;
    Bytes out(5 + n);
    out[0] = 23;
    out[1] = 3;
    out[2] = 3;
    out[3] = static_cast<std::uint8_t>(n >> 8);
    out[4] = static_cast<std::uint8_t>(n);
    EXPECT_TRUE(aead_->seal(nonce(), std::span(out).first(5), inner, std::span(out).subspan(5)));
    ++seq_;
    return out;
  }
  Bytes seal(std::uint8_t type, const Bytes& content) {
    Bytes inner = content;
    inner.push_back(type);
    return seal(inner);
  }

 private:
  std::array<std::uint8_t, 12> nonce() const {
    auto n = iv_;
    for (int i = 0; i < 8; ++i)
      n[11 - static_cast<std::size_t>(i)] ^= static_cast<std::uint8_t>(seq_ >> (8 * i));
    return n;
  }
  std::unique_ptr<crypto::Aead> aead_;
  std::array<std::uint8_t, 12> iv_{};
  std::uint64_t seq_ = 0;
};

// Opens the handshake messages of the protected records of `flight` (all
// under one secret), lets `edit` change them, and seals them again into one
// record. Plaintext records (ServerHello, ChangeCipherSpec) pass unchanged.
Bytes tamper(const Bytes& flight, const Bytes& secret, std::uint16_t suite,
             const std::function<void(std::vector<Bytes>&)>& edit) {
  RawKeys in(secret, suite), out(secret, suite);
  Bytes result, handshake;
  for (const auto& r : split_records(flight)) {
    if (r.type != 23) {
      const auto plain = record(r.type, r.body);
      result.insert(result.end(), plain.begin(), plain.end());
      continue;
    }
    auto inner = in.open(r);
    EXPECT_TRUE(inner) << "the man in the middle could not open a record";
    if (!inner) return flight;
    EXPECT_EQ(inner->back(), 22) << "a protected handshake record without padding";
    handshake.insert(handshake.end(), inner->begin(), inner->end() - 1);
  }
  auto messages = split_messages(handshake);
  edit(messages);
  Bytes joined;
  for (const auto& m : messages) joined.insert(joined.end(), m.begin(), m.end());
  const auto sealed = out.seal(22, joined);
  result.insert(result.end(), sealed.begin(), sealed.end());
  return result;
}

std::size_t find_message(const std::vector<Bytes>& messages, HandshakeType t) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i][0] == static_cast<std::uint8_t>(t)) return i;
  }
  ADD_FAILURE() << "no message of type " << static_cast<int>(t);
  return 0;
}

// The client receives the server's first flight after `edit` changed its
// encrypted messages; the client must detect `alert`.
void expect_client_rejects_server_flight(const std::function<void(std::vector<Bytes>&)>& edit,
                                         AD alert, Config cc = client_config(),
                                         Config sc = server_config()) {
  KeyLog log;
  sc.trace = &log;
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  const Bytes flight = tamper(server->take_output(), log.secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"],
                              server->negotiated().cipher_suite, edit);
  EXPECT_FALSE(client->receive(flight).ok());
  (void)server->receive(client->take_output());
  expect_alert(*client, *server, alert);
}

// The server receives the client's second flight after `edit` changed it.
void expect_server_rejects_client_flight(const std::function<void(std::vector<Bytes>&)>& edit,
                                         AD alert, Config cc, Config sc) {
  KeyLog log;
  cc.trace = &log;
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  ASSERT_TRUE(client->receive(server->take_output())) << errors(*client, *server);
  const Bytes flight = tamper(client->take_output(), log.secrets["CLIENT_HANDSHAKE_TRAFFIC_SECRET"],
                              client->negotiated().cipher_suite, edit);
  EXPECT_FALSE(server->receive(flight).ok());
  (void)client->receive(server->take_output());
  expect_alert(*server, *client, alert);
}

// A connected pair whose server has sent nothing under its application keys
// yet (no tickets), with the secrets known: forged post-handshake records.
struct Connected {
  KeyLog log;
  Config cc = client_config();
  Config sc = server_config();
  std::unique_ptr<Connection> client, server;
  std::uint16_t suite = 0;

  void start() {
    cc.trace = &log;
    client = Connection::client(cc, "server.example");
    server = Connection::server(sc);
    ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
    ASSERT_TRUE(client->handshake_done());
    suite = client->negotiated().cipher_suite;
  }
  RawKeys server_keys() { return RawKeys(log.secrets["SERVER_TRAFFIC_SECRET_0"], suite); }
  RawKeys client_keys() { return RawKeys(log.secrets["CLIENT_TRAFFIC_SECRET_0"], suite); }
};

// The client receives a forged record under the server's application keys.
void expect_client_rejects_forged(const std::function<Bytes(RawKeys&)>& forge, AD alert) {
  Connected c;
  c.start();
  if (testing::Test::HasFatalFailure()) return;
  RawKeys keys = c.server_keys();
  EXPECT_FALSE(c.client->receive(forge(keys)).ok());
  (void)c.server->receive(c.client->take_output());
  expect_alert(*c.client, *c.server, alert);
}

// ===================================================================
// ClientHello faults: the server detects them.

TEST(Tls13Alert, TruncatedClientHelloIsDecodeError) {
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  Bytes hello = real_client_hello(*client);
  // RFC 8446 §6.2 decode_error: "A message could not be decoded because some
  // field was out of the specified range or the length of the message was
  // incorrect." Cut inside the cipher_suites vector, the header made to fit.
  hello.resize(4 + 2 + 32 + 1 + 32 + 3);
  fix_length(hello);
  expect_server_rejects_hello(hello, AD::decode_error);
}

TEST(Tls13Alert, EveryTruncationOfTheClientHelloIsDecodeError) {
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  const Bytes hello = real_client_hello(*client);
  auto ch = ClientHello::parse(hello);
  ASSERT_TRUE(ch);
  // Cut exactly after legacy_compression_methods, the message is a valid
  // TLS 1.2 ClientHello without extensions (RFC 5246 §7.4.1.2), which this
  // TLS 1.3-only server refuses with protocol_version (RFC 8446 §4.2.1).
  const std::size_t no_extensions = 4 + 2 + 32 + 1 + ch->legacy_session_id.size() + 2 +
                                    2 * ch->cipher_suites.size() + 1 +
                                    ch->legacy_compression_methods.size();
  const Config sc = server_config();
  for (std::size_t n = 4; n < hello.size(); ++n) {
    SCOPED_TRACE(n);
    Bytes cut(hello.begin(), hello.begin() + static_cast<std::ptrdiff_t>(n));
    fix_length(cut);
    auto server = Connection::server(sc);
    auto r = server->receive(record(22, cut));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().alert, n == no_extensions ? AD::protocol_version : AD::decode_error)
        << r.error().describe();
  }
}

TEST(Tls13Alert, BytesAfterTheClientHelloAreDecodeError) {
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  Bytes hello = real_client_hello(*client);
  hello.push_back(0);
  fix_length(hello);
  expect_server_rejects_hello(hello, AD::decode_error);
}

TEST(Tls13Alert, ExtensionLongerThanItsBlockIsDecodeError) {
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  Bytes hello = real_client_hello(*client);
  auto ch = ClientHello::parse(hello);
  ASSERT_TRUE(ch);
  // header, version, random, session id, suites, compression, extensions length
  const std::size_t first = 4 + 2 + 32 + 1 + ch->legacy_session_id.size() + 2 +
                            2 * ch->cipher_suites.size() + 1 +
                            ch->legacy_compression_methods.size() + 2;
  hello[first + 2] = 0xff;  // the first extension's extension_data length
  hello[first + 3] = 0xff;
  expect_server_rejects_hello(hello, AD::decode_error);
}

TEST(Tls13Alert, HandshakeHeaderOfAnotherTypeIsUnexpectedMessage) {
  // A Finished as the first message: not allowed in START (Appendix A.2).
  expect_server_rejects_hello(message(HandshakeType::finished, Bytes(32, 0)),
                              AD::unexpected_message);
}

TEST(Tls13Alert, ZeroLengthHandshakeRecordIsUnexpectedMessage) {
  // RFC 8446 §5.1: "Implementations MUST NOT send zero-length fragments of
  // Handshake types, even if those fragments contain padding."
  expect_server_rejects_bytes(record(22, {}), AD::unexpected_message);
}

TEST(Tls13Alert, DuplicateExtensionIsIllegalParameter) {
  // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same
  // type in a given extension block."
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.list.push_back(
        ch.extensions.list[index_of(ch.extensions, ExtensionType::supported_groups)]);
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, ExtensionNotAllowedInClientHelloIsIllegalParameter) {
  // RFC 8446 §4.2: "If an implementation receives an extension which it
  // recognizes and which is not specified for the message in which it
  // appears, it MUST abort the handshake with an "illegal_parameter" alert."
  // oid_filters belongs to CertificateRequest only.
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.add(ExtensionType::oid_filters, {0, 0});
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, PreSharedKeyNotLastIsIllegalParameter) {
  // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last
  // extension in the ClientHello [...] Servers MUST check that it is the last
  // extension and otherwise fail the handshake with an "illegal_parameter"
  // alert."
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.add(ExtensionType::psk_key_exchange_modes,
                      handshake::encode_psk_key_exchange_modes({1}));
    ch.extensions.add(ExtensionType::pre_shared_key,
                      handshake::encode_offered_psks({{Bytes(16, 7), 0}}, {32}));
    ch.extensions.add(ExtensionType::padding, Bytes(4, 0));
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, MissingKeyShareIsMissingExtension) {
  // RFC 8446 §9.2: "If containing a "supported_groups" extension, it MUST
  // also contain a "key_share" extension, and vice versa." ... "Servers
  // receiving a ClientHello which does not conform to these requirements
  // MUST abort the handshake with a "missing_extension" alert."
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) { remove(ch.extensions, ExtensionType::key_share); };
  expect_server_detects(cc, server_config(), AD::missing_extension);
}

TEST(Tls13Alert, MissingSupportedGroupsIsMissingExtension) {
  // The same §9.2 rule, the other way round: key_share without supported_groups.
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    remove(ch.extensions, ExtensionType::supported_groups);
  };
  expect_server_detects(cc, server_config(), AD::missing_extension);
}

TEST(Tls13Alert, NoSignatureAlgorithmsIsMissingExtension) {
  // RFC 8446 §4.2.3: "If a server is authenticating via a certificate and the
  // client has not sent a "signature_algorithms" extension, then the server
  // MUST abort the handshake with a "missing_extension" alert".
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    remove(ch.extensions, ExtensionType::signature_algorithms);
  };
  expect_server_detects(cc, server_config(), AD::missing_extension);
}

TEST(Tls13Alert, CompressionMethodOtherThanNullIsIllegalParameter) {
  // RFC 8446 §4.1.2: "If a TLS 1.3 ClientHello is received with any other
  // value in this field, the server MUST abort the handshake with an
  // "illegal_parameter" alert."
  for (const Bytes& methods : {Bytes{1}, Bytes{0, 1}, Bytes{1, 0}}) {
    Config cc = client_config();
    cc.edit_client_hello = [methods](ClientHello& ch) { ch.legacy_compression_methods = methods; };
    expect_server_detects(cc, server_config(), AD::illegal_parameter);
  }
}

TEST(Tls13Alert, NoCommonCipherSuiteIsHandshakeFailure) {
  // RFC 8446 §4.1.1: "If the server is unable to negotiate a supported set of
  // parameters [...], it MUST abort the handshake with either a
  // "handshake_failure" or "insufficient_security" fatal alert".
  Config cc = client_config();
  cc.cipher_suites = {0x1301};
  Config sc = server_config();
  sc.cipher_suites = {0x1302, 0x1303};
  expect_server_detects(cc, sc, AD::handshake_failure);
}

TEST(Tls13Alert, OnlyUnknownCipherSuitesIsHandshakeFailure) {
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) { ch.cipher_suites = {0xc02f, 0x009c}; };
  expect_server_detects(cc, server_config(), AD::handshake_failure);
}

TEST(Tls13Alert, NoCommonGroupIsHandshakeFailure) {
  Config cc = client_config();
  cc.groups = {kX25519};
  Config sc = server_config();
  sc.groups = {kP384};
  expect_server_detects(cc, sc, AD::handshake_failure);
}

TEST(Tls13Alert, Tls12OnlyClientHelloIsProtocolVersion) {
  // RFC 8446 §4.2.1: "If the "supported_versions" extension in the
  // ClientHello [...] does not [contain a version the server supports], the
  // server MUST abort the handshake with a "protocol_version" alert" — and a
  // ClientHello without it is a TLS 1.2 one, which this server does not speak.
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    remove(ch.extensions, ExtensionType::supported_versions);
  };
  expect_server_detects(cc, server_config(), AD::protocol_version);
}

TEST(Tls13Alert, SupportedVersionsWithoutTls13IsProtocolVersion) {
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    replace(ch.extensions, ExtensionType::supported_versions,
            handshake::encode_supported_versions_client({0x0303, 0x0302}));
  };
  expect_server_detects(cc, server_config(), AD::protocol_version);
}

TEST(Tls13Alert, HandMadeTls12ClientHelloWithoutExtensionsIsProtocolVersion) {
  ClientHello ch;
  ch.cipher_suites = {0xc02f, 0x009c};
  expect_server_rejects_hello(ch.serialize(), AD::protocol_version);
}

TEST(Tls13Alert, KeyShareForAGroupNotInSupportedGroupsIsIllegalParameter) {
  // RFC 8446 §4.2.8: "Clients MUST NOT offer any KeyShareEntry values for
  // groups not listed in the client's "supported_groups" extension. Servers
  // MAY check for violations of these rules and abort the handshake with an
  // "illegal_parameter" alert if one is violated."
  Config cc = client_config();  // shares X25519
  cc.edit_client_hello = [](ClientHello& ch) {
    replace(ch.extensions, ExtensionType::supported_groups,
            handshake::encode_u16_list({kP256, kP384}));
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, TwoKeySharesForOneGroupIsIllegalParameter) {
  // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values
  // for the same group."
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    auto shares = handshake::decode_key_share_client(
        ch.extensions.list[index_of(ch.extensions, ExtensionType::key_share)].data);
    ASSERT_TRUE(shares);
    shares->push_back(shares->front());
    replace(ch.extensions, ExtensionType::key_share, handshake::encode_key_share_client(*shares));
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, ShortX25519KeyShareIsIllegalParameter) {
  // RFC 8446 §4.2.8.2: "For X25519 and X448, the contents of the public value
  // are the byte string inputs and outputs of the corresponding functions
  // defined in [RFC7748]: 32 bytes for X25519 and 56 bytes for X448." —
  // RFC 8446 §6.2 illegal_parameter: "A field in the handshake was incorrect".
  for (std::size_t size : {31u, 33u, 1u}) {
    Config cc = client_config();
    cc.edit_client_hello = [size](ClientHello& ch) {
      replace(ch.extensions, ExtensionType::key_share,
              handshake::encode_key_share_client({{kX25519, Bytes(size, 9)}}));
    };
    expect_server_detects(cc, server_config(), AD::illegal_parameter);
  }
}

TEST(Tls13Alert, P256KeyShareNotOnTheCurveIsIllegalParameter) {
  Config cc = client_config();
  cc.groups = {kP256};
  cc.edit_client_hello = [](ClientHello& ch) {
    Bytes point(65, 0x11);
    point[0] = 4;
    replace(ch.extensions, ExtensionType::key_share,
            handshake::encode_key_share_client({{kP256, point}}));
  };
  expect_server_detects(cc, server_config(), AD::illegal_parameter);
}

TEST(Tls13Alert, ServerX25519KeyShareOfTheWrongSizeIsIllegalParameter) {
  Config sc = server_config();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello && e.has(ExtensionType::key_share)) {
      replace(e, ExtensionType::key_share,
              handshake::encode_key_share_server({kX25519, Bytes(33, 9)}));
    }
  };
  expect_client_detects(client_config(), sc, AD::illegal_parameter);
}

// RFC 8446 §4.2.1: with supported_versions in the ServerHello, "clients MUST
// ignore the ServerHello.legacy_version value": 0x0302 there is no reason to
// refuse it (0x0300 or less is, RFC 8446 §D.5: protocol_version).
TEST(Tls13Alert, ServerHelloLegacyVersionIsIgnoredBesideSupportedVersions) {
  const Config cc = client_config(), sc = server_config();
  for (const int legacy : {0x0302, 0x0301, 0x0304, 0x0300}) {
    auto client = Connection::client(cc, "server.example");
    auto server = Connection::server(sc);
    ASSERT_TRUE(server->receive(client->take_output()));
    auto records = split_records(server->take_output());
    ASSERT_EQ(records.front().type, 22);
    ASSERT_EQ(records.front().body[0], static_cast<std::uint8_t>(HandshakeType::server_hello));
    records.front().body[4] = static_cast<std::uint8_t>(legacy >> 8);
    records.front().body[5] = static_cast<std::uint8_t>(legacy);
    const bool ok = client->receive(join({records.front()})).ok();
    if (legacy <= 0x0300) {
      EXPECT_FALSE(ok);
      ASSERT_TRUE(client->error());
      EXPECT_EQ(client->error()->alert, AD::protocol_version);
    } else {
      EXPECT_TRUE(ok) << std::hex << legacy << ": " << errors(*client, *server);
    }
  }
}

TEST(Tls13Alert, SecondClientHelloWithoutTheRequestedShareIsIllegalParameter) {
  // RFC 8446 §4.2.8: after a HelloRetryRequest the key_share holds "a single
  // KeyShareEntry corresponding to the group indicated in the selected_group
  // field of the triggering HelloRetryRequest".
  Config cc = client_config();
  int hellos = 0;
  cc.edit_client_hello = [&hellos](ClientHello& ch) {
    if (++hellos == 2) {
      replace(ch.extensions, ExtensionType::key_share,
              handshake::encode_key_share_client({{kX25519, Bytes(32, 9)}}));
    }
  };
  Config sc = server_config();
  sc.groups = {kP384};
  expect_server_detects(cc, sc, AD::illegal_parameter);
}

TEST(Tls13Alert, SecondClientHelloWithoutTheCookieIsIllegalParameter) {
  Config cc = client_config();
  int hellos = 0;
  cc.edit_client_hello = [&hellos](ClientHello& ch) {
    if (++hellos == 2) remove(ch.extensions, ExtensionType::cookie);
  };
  Config sc = server_config();
  sc.groups = {kP384};
  expect_server_detects(cc, sc, AD::illegal_parameter);
}

TEST(Tls13Alert, UnknownAndGreaseExtensionsAreIgnored) {
  // RFC 8446 §4.2 / RFC 8701: an extension a server does not recognise is
  // ignored — the handshake succeeds.
  Config cc = client_config();
  cc.edit_client_hello = [](ClientHello& ch) {
    ch.extensions.list.insert(ch.extensions.list.begin(), Extension{0x0a0a, {}});
    ch.extensions.list.push_back(Extension{0xfe42, {1, 2, 3}});
    ch.cipher_suites.insert(ch.cipher_suites.begin(), 0x2a2a);
  };
  const Config sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_TRUE(client->handshake_done());
}

// ===================================================================
// Server message faults: the client detects them.

TEST(Tls13Alert, CertificateRequestThatCannotBeBuiltEndsTheHandshake) {
  // RFC 8446 §4.3.2: "Extension extensions<2..2^16-1>;" — a CertificateRequest
  // with no extension cannot be encoded. Our server then fails with
  // internal_error (it sent neither a malformed CertificateRequest nor a
  // flight without one, after which the client would not be authenticated).
  Config sc = mtls_server_config(ClientAuth::required);
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::certificate_request) e.list.clear();
  };
  expect_server_detects(client_config(), sc, AD::internal_error);
}

TEST(Tls13Alert, ExtensionNotAllowedInEncryptedExtensionsIsIllegalParameter) {
  // RFC 8446 §4.2: key_share may appear in CH, SH, HRR — not in EE.
  Config sc = server_config();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::encrypted_extensions) {
      e.add(ExtensionType::key_share, handshake::encode_key_share_server({kX25519, Bytes(32, 9)}));
    }
  };
  expect_client_detects(client_config(), sc, AD::illegal_parameter);
}

TEST(Tls13Alert, ExtensionNotAllowedInServerHelloIsIllegalParameter) {
  Config sc = server_config();
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello) e.add(ExtensionType::server_name, {});
  };
  expect_client_detects(client_config(), sc, AD::illegal_parameter);
}

TEST(Tls13Alert, DuplicateExtensionInEncryptedExtensionsIsIllegalParameter) {
  Config cc = client_config();
  cc.alpn = {"h2"};
  Config sc = server_config();
  sc.alpn = {"h2"};
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::encrypted_extensions) {
      e.list.push_back(e.list[index_of(e, ExtensionType::application_layer_protocol_negotiation)]);
    }
  };
  expect_client_detects(cc, sc, AD::illegal_parameter);
}

TEST(Tls13Alert, UnsolicitedExtensionIsUnsupportedExtension) {
  // RFC 8446 §4.2: "Implementations MUST NOT send extension responses if the
  // remote endpoint did not send the corresponding extension requests [...].
  // Upon receiving such an extension, an endpoint MUST abort the handshake
  // with an "unsupported_extension" alert."
  Config sc = server_config();  // the client offers no ALPN
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::encrypted_extensions) {
      e.add(ExtensionType::application_layer_protocol_negotiation, handshake::encode_alpn({"h2"}));
    }
  };
  expect_client_detects(client_config(), sc, AD::unsupported_extension);
}

TEST(Tls13Alert, HelloRetryRequestForAGroupAlreadySharedIsIllegalParameter) {
  // RFC 8446 §4.2.8: the client "MUST verify that [...] (2) the selected_group
  // field does not correspond to a group which was provided in the
  // "key_share" extension in the original ClientHello. If either of these
  // checks fails, then the client MUST abort the handshake with an
  // "illegal_parameter" alert."
  Config sc = server_config();
  sc.groups = {kP384};
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello && e.has(ExtensionType::cookie)) {
      replace(e, ExtensionType::key_share, handshake::encode_key_share_hrr(kX25519));
    }
  };
  expect_client_detects(client_config(), sc, AD::illegal_parameter);
}

TEST(Tls13Alert, ServerHelloDroppingTheVersionOfItsHelloRetryRequestIsIllegalParameter) {
  // RFC 8446 §4.1.4: "The value of selected_version in the HelloRetryRequest
  // "supported_versions" extension MUST be retained in the ServerHello, and a
  // client MUST abort the handshake with an "illegal_parameter" alert if the
  // value changes." Without supported_versions the ServerHello reads as TLS
  // 1.2 (key_share dropped too), which the client also speaks: it must not
  // take that path now.
  Config sc = server_config();
  sc.groups = {kP384};
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::server_hello && !e.has(ExtensionType::cookie)) {
      remove(e, ExtensionType::supported_versions);
      remove(e, ExtensionType::key_share);  // a TLS 1.2 ServerHello carries none
    }
  };
  Config cc = client_config();
  cc.versions = {handshake::kTls13, handshake::kTls12};
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  EXPECT_FALSE(pump(*client, *server));
  expect_alert(*client, *server, AD::illegal_parameter);
  // Refused for this rule, not later on the TLS 1.2 path (where a TLS 1.3
  // cipher suite would also be illegal_parameter).
  ASSERT_TRUE(client->error());
  EXPECT_NE(client->error()->describe().find("§4.1.4"), std::string::npos)
      << client->error()->describe();
}

// The ServerHello travels in the clear: change it on the way.
void expect_client_rejects_server_hello(const std::function<void(handshake::ServerHello&)>& edit,
                                        AD alert) {
  const Config cc = client_config();
  const Config sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  auto records = split_records(server->take_output());
  ASSERT_FALSE(records.empty());
  auto sh = handshake::ServerHello::parse(records[0].body);
  ASSERT_TRUE(sh);
  edit(*sh);
  records[0].body = sh->serialize();
  EXPECT_FALSE(client->receive(join(records)).ok());
  (void)server->receive(client->take_output());
  expect_alert(*client, *server, alert);
}

TEST(Tls13Alert, ServerHelloWithADowngradeSentinelIsIllegalParameter) {
  // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS
  // 1.2 or below MUST check that the last 8 bytes are not equal to either of
  // these values. [...] If a match is found, the client MUST abort the
  // handshake with an "illegal_parameter" alert."
  for (const auto& sentinel : {handshake::kDowngradeTls12, handshake::kDowngradeTls11}) {
    expect_client_rejects_server_hello(
        [&](handshake::ServerHello& sh) {
          sh.extensions.list.clear();
          std::copy(sentinel.begin(), sentinel.end(), sh.random.end() - 8);
        },
        AD::illegal_parameter);
  }
}

TEST(Tls13Alert, ServerHelloChoosingTls12IsProtocolVersion) {
  expect_client_rejects_server_hello([](handshake::ServerHello& sh) { sh.extensions.list.clear(); },
                                     AD::protocol_version);
}

TEST(Tls13Alert, ServerHelloWithASuiteNotOfferedIsIllegalParameter) {
  // RFC 8446 §4.1.3: "A client which receives a cipher suite that was not
  // offered MUST abort the handshake with an "illegal_parameter" alert."
  expect_client_rejects_server_hello([](handshake::ServerHello& sh) { sh.cipher_suite = 0xc02f; },
                                     AD::illegal_parameter);
}

TEST(Tls13Alert, ServerHelloWithAnotherSessionIdIsIllegalParameter) {
  // RFC 8446 §4.1.3: "A client which receives a legacy_session_id_echo field
  // that does not match what it sent in the ClientHello MUST abort the
  // handshake with an "illegal_parameter" alert."
  expect_client_rejects_server_hello(
      [](handshake::ServerHello& sh) { sh.legacy_session_id_echo[0] ^= 1; }, AD::illegal_parameter);
}

TEST(Tls13Alert, FlippedBitInAProtectedRecordIsBadRecordMac) {
  // RFC 8446 §5.2: "If the decryption fails, the receiver MUST terminate the
  // connection with a "bad_record_mac" alert."
  const Config cc = client_config();
  const Config sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  Bytes flight = server->take_output();
  flight[flight.size() - 20] ^= 0x01;  // inside the last protected record's ciphertext
  EXPECT_FALSE(client->receive(flight).ok());
  (void)server->receive(client->take_output());
  expect_alert(*client, *server, AD::bad_record_mac);
}

TEST(Tls13Alert, WrongServerFinishedIsDecryptError) {
  // RFC 8446 §4.4.4: "Recipients of Finished messages MUST verify that the
  // contents are correct and if incorrect MUST terminate the connection with
  // a "decrypt_error" alert."
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) { m[find_message(m, HandshakeType::finished)].back() ^= 0x80; },
      AD::decrypt_error);
}

TEST(Tls13Alert, ServerFinishedOfTheWrongLengthIsDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& fin = m[find_message(m, HandshakeType::finished)];
        fin.pop_back();
        fix_length(fin);
      },
      AD::decode_error);
}

TEST(Tls13Alert, ServerCertificateWhoseKeyUsageForbidsSigningIsUnsupportedCertificate) {
  // RFC 8446 §4.4.2.2: "The certificate MUST allow the key to be used for
  // signing (i.e., the digitalSignature bit MUST be set if the Key Usage
  // extension is present)". A man in the middle swaps the server's
  // certificate for a CA certificate of the same key (keyCertSign and
  // cRLSign only); our server would never sign with it (server13.cpp).
  crypto::HmacDrbg rng = crypto::HmacDrbg::from_seed(4423);
  auto key = x509::PrivateKey::parse_der(pki().server_p256->key().to_pkcs8_der());
  ASSERT_TRUE(key);
  auto ca = x509::CertificateAuthority::create_root(std::move(*key),
                                                    *x509::build_name("CN=server.example"),
                                                    test_now() - 86400, test_now() + 86400, rng);
  ASSERT_TRUE(ca);
  const auto& key_usage = ca->certificate().extensions().key_usage;
  ASSERT_TRUE(key_usage && !key_usage->has(x509::KeyUsageBit::digital_signature));
  const auto der = ca->certificate().der();
  handshake::CertificateMessage swapped;
  swapped.certificate_list.push_back({Bytes(der.begin(), der.end()), {}});
  Config cc = client_config();
  cc.insecure_skip_verify = true;  // the chain is not what is checked
  expect_client_rejects_server_flight(
      [&swapped](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::certificate)] = swapped.serialize();
      },
      AD::unsupported_certificate, cc);
}

TEST(Tls13Alert, BadServerCertificateVerifyIsDecryptError) {
  // RFC 8446 §4.4.3: "If the verification fails, the receiver MUST terminate
  // the handshake with a "decrypt_error" alert."
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::certificate_verify)][20] ^= 0x04;
      },
      AD::decrypt_error);
}

TEST(Tls13Alert, CertificateVerifyWithASchemeNotOfferedIsIllegalParameter) {
  // RFC 8446 §4.4.3: the algorithm "MUST be one offered in the client's
  // "signature_algorithms" extension"; the client offers ecdsa_secp256r1 only.
  Config cc = client_config();
  cc.signature_schemes = {0x0403};
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& cv = m[find_message(m, HandshakeType::certificate_verify)];
        cv[4] = 0x05;  // ecdsa_secp384r1_sha384
        cv[5] = 0x03;
      },
      AD::illegal_parameter, cc);
}

TEST(Tls13Alert, MissingServerCertificateVerifyIsUnexpectedMessage) {
  // Appendix A.1: WAIT_CV accepts only CertificateVerify.
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        m.erase(m.begin() +
                static_cast<std::ptrdiff_t>(find_message(m, HandshakeType::certificate_verify)));
      },
      AD::unexpected_message);
}

TEST(Tls13Alert, RepeatedEncryptedExtensionsIsUnexpectedMessage) {
  expect_client_rejects_server_flight([](std::vector<Bytes>& m) { m.insert(m.begin(), m.front()); },
                                      AD::unexpected_message);
}

TEST(Tls13Alert, EmptyServerCertificateIsDecodeError) {
  // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message,
  // the client MUST abort the handshake with a "decode_error" alert."
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::certificate)] =
            message(HandshakeType::certificate, {0, 0, 0, 0});
      },
      AD::decode_error);
}

TEST(Tls13Alert, CorruptServerCertificateIsBadCertificate) {
  // RFC 8446 §6.2 bad_certificate: "A certificate was corrupt".
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        // certificate_request_context (1) + list length (3) + cert length (3),
        // then the DER: break its outer SEQUENCE tag.
        m[find_message(m, HandshakeType::certificate)][4 + 1 + 3 + 3] = 0x31;
      },
      AD::bad_certificate);
}

TEST(Tls13Alert, TrailingBytesInEncryptedExtensionsAreDecodeError) {
  expect_client_rejects_server_flight(
      [](std::vector<Bytes>& m) {
        auto& ee = m[find_message(m, HandshakeType::encrypted_extensions)];
        ee.push_back(0);
        fix_length(ee);
      },
      AD::decode_error);
}

TEST(Tls13Alert, ProtectedRecordWithoutAContentTypeIsUnexpectedMessage) {
  // RFC 8446 §5.4: "If a receiving implementation does not find a non-zero
  // octet in the cleartext, it MUST terminate the connection with an
  // "unexpected_message" alert."
  KeyLog log;
  Config sc = server_config();
  sc.trace = &log;
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  auto records = split_records(server->take_output());
  RawKeys keys(log.secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"], server->negotiated().cipher_suite);
  Bytes forged;
  for (const auto& r : records) {
    if (r.type == 23) continue;
    const auto plain = record(r.type, r.body);
    forged.insert(forged.end(), plain.begin(), plain.end());
  }
  const auto zeros = keys.seal(Bytes(24, 0));
  forged.insert(forged.end(), zeros.begin(), zeros.end());
  EXPECT_FALSE(client->receive(forged).ok());
  (void)server->receive(client->take_output());
  expect_alert(*client, *server, AD::unexpected_message);
}

TEST(Tls13Alert, ProtectedChangeCipherSpecIsUnexpectedMessage) {
  // RFC 8446 §5: "An implementation which receives any other
  // change_cipher_spec value or which receives a protected change_cipher_spec
  // record MUST abort the handshake with an "unexpected_message" alert."
  KeyLog log;
  Config sc = server_config();
  sc.trace = &log;
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  auto records = split_records(server->take_output());
  RawKeys keys(log.secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"], server->negotiated().cipher_suite);
  const auto sh = record(records.at(0).type, records.at(0).body);
  Bytes forged(sh.begin(), sh.end());
  const auto ccs = keys.seal(20, {1});
  forged.insert(forged.end(), ccs.begin(), ccs.end());
  EXPECT_FALSE(client->receive(forged).ok());
  (void)server->receive(client->take_output());
  expect_alert(*client, *server, AD::unexpected_message);
}

TEST(Tls13Alert, ServerHandshakeMessageLargerThanTheLimitIsRefused) {
  // Config::max_handshake_message: a Certificate of ~500 bytes against a
  // limit of 200. RFC 8446 names no alert for a local size limit; this
  // stack sends unexpected_message (engine.cpp), checked on the header.
  Config cc = client_config();
  cc.max_handshake_message = 200;
  expect_client_detects(cc, server_config(), AD::unexpected_message);
}

TEST(Tls13Alert, HugeHandshakeHeaderIsRefusedBeforeTheBody) {
  // A ClientHello claiming 16 MiB - 1: refused on its 4-byte header, no body needed.
  expect_server_rejects_bytes(record(22, Bytes{1, 0xff, 0xff, 0xff}), AD::unexpected_message);
}

// ===================================================================
// Record-level faults.

TEST(Tls13Alert, OversizedPlaintextRecordIsRecordOverflow) {
  // RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes. An endpoint that
  // receives a record that exceeds this length MUST terminate the connection
  // with a "record_overflow" alert." The header alone is enough.
  expect_server_rejects_bytes(Bytes{22, 3, 1, 0x40, 0x01}, AD::record_overflow);
}

TEST(Tls13Alert, OversizedCiphertextRecordIsRecordOverflow) {
  // RFC 8446 §5.2: "The length MUST NOT exceed 2^14 + 256 bytes. An endpoint
  // that receives a record that exceeds this length MUST terminate the
  // connection with a "record_overflow" alert."
  expect_client_rejects_forged(
      [](RawKeys&) {
        return Bytes{23, 3, 3, 0x41, 0x01};
      },
      AD::record_overflow);
}

TEST(Tls13Alert, ProtectedContentOver2To14IsRecordOverflow) {
  // RFC 8446 §5.4: "The length [of TLSInnerPlaintext content] MUST NOT
  // exceed 2^14 bytes" — sealed by hand, as no record layer would make it.
  expect_client_rejects_forged(
      [](RawKeys& keys) { return keys.seal(23, Bytes(record::kMaxPlaintext + 1, 'x')); },
      AD::record_overflow);
}

TEST(Tls13Alert, InnerPlaintextOver2To14Plus1WithPaddingIsRecordOverflow) {
  // RFC 8446 §5.4: "The presence of padding does not change the overall
  // record size limitations: the full encoded TLSInnerPlaintext MUST NOT
  // exceed 2^14 + 1 octets." A full 2^14 of content, its type and one zero.
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        Bytes inner(record::kMaxPlaintext, 'x');
        inner.push_back(23);
        inner.push_back(0);
        return keys.seal(inner);
      },
      AD::record_overflow);
}

TEST(Tls13Alert, ProtectedAlertWithNoContentIsUnexpectedMessage) {
  // RFC 8446 §5.4: "Implementations MUST NOT send Handshake and Alert records
  // that have a zero-length TLSInnerPlaintext.content; if such a message is
  // received, the receiving implementation MUST terminate the connection with
  // an "unexpected_message" alert." (Padded, as a sender might think allowed.)
  expect_client_rejects_forged([](RawKeys& keys) { return keys.seal(Bytes{21, 0, 0}); },
                               AD::unexpected_message);
}

TEST(Tls13Alert, UnknownContentTypeIsUnexpectedMessage) {
  // RFC 8446 §5: "If a TLS implementation receives an unexpected record type,
  // it MUST terminate the connection with an "unexpected_message" alert."
  expect_server_rejects_bytes(record(24, Bytes{1, 2, 3}), AD::unexpected_message);
}

TEST(Tls13Alert, UnknownInnerContentTypeIsUnexpectedMessage) {
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        return keys.seal(99, Bytes{1, 2, 3});
      },
      AD::unexpected_message);
}

TEST(Tls13Alert, ApplicationDataBeforeTheHandshakeIsUnexpectedMessage) {
  expect_server_rejects_bytes(record(23, Bytes(40, 0x42)), AD::unexpected_message);
}

TEST(Tls13Alert, ChangeCipherSpecBeforeClientHelloIsUnexpectedMessage) {
  // RFC 8446 §5: a change_cipher_spec may arrive "at any time after the first
  // ClientHello message has been sent or received".
  expect_server_rejects_bytes(record(20, Bytes{1}), AD::unexpected_message);
}

TEST(Tls13Alert, ChangeCipherSpecWithAWrongValueIsUnexpectedMessage) {
  for (const Bytes& ccs : {Bytes{2}, Bytes{0}, Bytes{1, 1}}) {
    const Config cc = client_config();
    const Config sc = server_config();
    auto client = Connection::client(cc, "server.example");
    auto server = Connection::server(sc);
    ASSERT_TRUE(server->receive(client->take_output()));
    ASSERT_TRUE(client->receive(server->take_output()));
    (void)client->take_output();  // the client's real second flight is dropped
    EXPECT_FALSE(server->receive(record(20, ccs)).ok());
    (void)client->receive(server->take_output());
    expect_alert(*server, *client, AD::unexpected_message);
  }
}

TEST(Tls13Alert, InterleavedRecordInsideAHandshakeMessageIsUnexpectedMessage) {
  // RFC 8446 §5.1: "if a handshake message is split over two or more
  // records, there MUST NOT be any other records between them."
  const Config cc = client_config();
  auto client = Connection::client(cc, "server.example");
  const Bytes hello = real_client_hello(*client);
  Bytes bytes = record(22, std::span(hello).first(40));
  const auto ccs = record(20, Bytes{1});
  bytes.insert(bytes.end(), ccs.begin(), ccs.end());
  expect_server_rejects_bytes(bytes, AD::unexpected_message);
}

TEST(Tls13Alert, AlertRecordOfThreeBytesIsDecodeError) {
  // RFC 8446 §5.1: multiple alerts "MUST NOT be coalesced into a single
  // TLSPlaintext record" — an alert record holds exactly two bytes.
  expect_server_rejects_bytes(record(21, Bytes{2, 40, 0}), AD::decode_error);
}

TEST(Tls13Alert, UnprotectedHandshakeRecordAfterKeysIsUnexpectedMessage) {
  const Config cc = client_config();
  const Config sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(server->receive(client->take_output()));
  ASSERT_TRUE(client->receive(server->take_output()));
  (void)client->take_output();
  EXPECT_FALSE(server->receive(record(22, message(HandshakeType::finished, Bytes(32, 0)))).ok());
  (void)client->receive(server->take_output());
  expect_alert(*server, *client, AD::unexpected_message);
}

// ===================================================================
// After the handshake: KeyUpdate and unexpected messages.

TEST(Tls13Alert, KeyUpdateWithRequestUpdate2IsIllegalParameter) {
  // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST
  // terminate the connection with an "illegal_parameter" alert."
  expect_client_rejects_forged(
      [](RawKeys& keys) { return keys.seal(22, message(HandshakeType::key_update, {2})); },
      AD::illegal_parameter);
}

TEST(Tls13Alert, KeyUpdateOfTwoBytesIsDecodeError) {
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        return keys.seal(22, message(HandshakeType::key_update, {0, 0}));
      },
      AD::decode_error);
}

TEST(Tls13Alert, KeyUpdateNotOnARecordBoundaryIsUnexpectedMessage) {
  // RFC 8446 §5.1: "Handshake messages MUST NOT span key changes.
  // Implementations MUST verify that all messages immediately preceding a key
  // change align with a record boundary; if not, then they MUST terminate
  // the connection with an "unexpected_message" alert."
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        Bytes two = message(HandshakeType::key_update, {0});
        const Bytes second = message(HandshakeType::key_update, {0});
        two.insert(two.end(), second.begin(), second.end());
        return keys.seal(22, two);
      },
      AD::unexpected_message);
}

TEST(Tls13Alert, ServerHelloAfterTheHandshakeIsUnexpectedMessage) {
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        handshake::ServerHello sh;
        sh.cipher_suite = 0x1301;
        return keys.seal(22, sh.serialize());
      },
      AD::unexpected_message);
}

TEST(Tls13Alert, NewSessionTicketToAServerIsUnexpectedMessage) {
  Connected c;
  c.start();
  ASSERT_FALSE(HasFatalFailure());
  RawKeys keys = c.client_keys();
  handshake::NewSessionTicket nst;
  nst.ticket_lifetime = 60;
  nst.ticket = Bytes(8, 1);
  EXPECT_FALSE(c.server->receive(keys.seal(22, nst.serialize())).ok());
  (void)c.client->receive(c.server->take_output());
  expect_alert(*c.server, *c.client, AD::unexpected_message);
}

TEST(Tls13Alert, TicketLifetimeOverSevenDaysIsIllegalParameter) {
  // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800
  // seconds (7 days)."
  expect_client_rejects_forged(
      [](RawKeys& keys) {
        handshake::NewSessionTicket nst;
        nst.ticket_lifetime = 604801;
        nst.ticket = Bytes(8, 1);
        return keys.seal(22, nst.serialize());
      },
      AD::illegal_parameter);
}

TEST(Tls13Alert, UnprotectedAlertAfterTheHandshakeIsRefused) {
  // Once application keys are in use, a plaintext alert is not the peer's.
  Connected c;
  c.start();
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_FALSE(c.client->receive(record(21, Bytes{2, 40})).ok());
  (void)c.server->receive(c.client->take_output());
  expect_alert(*c.client, *c.server, AD::unexpected_message);
}

TEST(Tls13KeyUpdate, AStormOfKeyUpdatesKeepsTheConnectionUpAndOutputBounded) {
  // RFC 8446 §4.6.3: each "update_requested" asks for one KeyUpdate back
  // "prior to sending its next Application Data record" — a thousand of them
  // in one flight get one answer, not a thousand.
  const Config cc = client_config();
  const Config sc = server_config();
  auto client = Connection::client(cc, "server.example");
  auto server = Connection::server(sc);
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(server->update_keys(true));
  const Bytes storm = server->take_output();
  ASSERT_TRUE(client->receive(storm)) << errors(*client, *server);
  const Bytes answer = client->take_output();
  EXPECT_GT(answer.size(), 0u);
  EXPECT_LE(answer.size(), 64u) << "one KeyUpdate record answers the whole batch";
  ASSERT_TRUE(server->receive(answer)) << errors(*client, *server);
  EXPECT_TRUE(server->take_output().empty()) << "update_not_requested needs no answer";

  // One at a time: each gets its own (small) answer.
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(server->update_keys(true));
    ASSERT_TRUE(client->receive(server->take_output())) << errors(*client, *server);
    const Bytes one = client->take_output();
    ASSERT_LE(one.size(), 64u);
    ASSERT_TRUE(server->receive(one)) << errors(*client, *server);
  }
  const Bytes ping = {'p', 'i', 'n', 'g'};
  ASSERT_TRUE(client->write(ping));
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_EQ(server->read(), ping);
  ASSERT_TRUE(server->write(ping));
  ASSERT_TRUE(pump(*client, *server)) << errors(*client, *server);
  EXPECT_EQ(client->read(), ping);
  EXPECT_TRUE(client->handshake_done());
  EXPECT_TRUE(server->handshake_done());
}

TEST(Tls13KeyUpdate, ForgedStormOfRequestedUpdatesGetsOneAnswer) {
  // The same storm made by hand (the server's traffic secret ratcheted a
  // thousand times, RFC 8446 §7.2), all in one receive().
  Connected c;
  c.start();
  ASSERT_FALSE(HasFatalFailure());
  const auto* info = handshake::find_suite(c.suite);
  handshake::KeySchedule ks(info->hash, nullptr);
  auto secret = crypto::HashSecret::from(c.log.secrets["SERVER_TRAFFIC_SECRET_0"]);
  Bytes storm;
  for (int i = 0; i < 1000; ++i) {
    RawKeys keys(Bytes(secret.bytes().begin(), secret.bytes().end()), c.suite);
    const auto r = keys.seal(22, message(HandshakeType::key_update, {1}));
    storm.insert(storm.end(), r.begin(), r.end());
    secret = ks.next_traffic_secret(secret);
  }
  ASSERT_TRUE(c.client->receive(storm)) << errors(*c.client, *c.server);
  EXPECT_LE(c.client->take_output().size(), 64u);
}

// ===================================================================
// Certificates (RFC 8446 §4.4.2, §6.2).

TEST(Tls13Alert, RequiredClientCertificateMissingIsCertificateRequired) {
  // RFC 8446 §4.4.2.4: "If the client does not send any certificates, the
  // server MAY at its discretion either continue the handshake without client
  // authentication or abort the handshake with a "certificate_required" alert."
  Config sc = mtls_server_config(ClientAuth::required);
  expect_server_detects(client_config(), sc, AD::certificate_required);
}

TEST(Tls13Alert, ClientCertificateFromAnotherCaIsNotSentAndThenRequired) {
  // The server names its CAs (certificate_authorities, RFC 8446 §4.2.4); a
  // client whose only certificate is from another CA sends an empty
  // Certificate, which a server that requires one refuses.
  Config cc = client_config();
  cc.identities = {pki().client_other_ca};
  Config sc = mtls_server_config(ClientAuth::required);
  expect_server_detects(cc, sc, AD::certificate_required);
}

TEST(Tls13Alert, ClientCertificateFromAnotherCaIsUnknownCa) {
  // RFC 8446 §6.2 unknown_ca: "A valid certificate chain or partial chain
  // was received, but the certificate was not accepted because the CA
  // certificate could not be located or could not be matched with a known
  // trust anchor." Without certificate_authorities the client sends it.
  Config cc = client_config();
  cc.identities = {pki().client_other_ca};
  Config sc = mtls_server_config(ClientAuth::required);
  sc.edit_extensions = [](HandshakeType t, Extensions& e) {
    if (t == HandshakeType::certificate_request) remove(e, ExtensionType::certificate_authorities);
  };
  expect_server_detects(cc, sc, AD::unknown_ca);
}

TEST(Tls13Alert, ExpiredClientCertificateIsCertificateExpired) {
  // RFC 8446 §6.2 certificate_expired: "A certificate has expired or is not
  // currently valid."
  Config cc = client_config();
  cc.identities = {pki().client_expired};
  Config sc = mtls_server_config(ClientAuth::optional);
  expect_server_detects(cc, sc, AD::certificate_expired);
}

TEST(Tls13Alert, ServerCertificateUsedAsClientCertificateIsUnsupportedCertificate) {
  // Its extKeyUsage says serverAuth only (RFC 5280 §4.2.1.12: "the
  // certificate MUST only be used for one of the purposes indicated"); RFC
  // 8446 §6.2 unsupported_certificate: "A certificate was of an unsupported
  // type" — the alert x509/ chooses for a purpose mismatch.
  Config cc = client_config();
  cc.identities = {pki().server_as_client};
  Config sc = mtls_server_config(ClientAuth::required);
  expect_server_detects(cc, sc, AD::unsupported_certificate);
}

TEST(Tls13Alert, BadClientCertificateVerifyIsDecryptError) {
  Config cc = client_config();
  cc.identities = {pki().client};
  Config sc = mtls_server_config(ClientAuth::required);
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        m[find_message(m, HandshakeType::certificate_verify)][20] ^= 0x10;
      },
      AD::decrypt_error, cc, sc);
}

TEST(Tls13Alert, ClientCertificateWithAContextIsIllegalParameter) {
  // RFC 8446 §4.4.2: certificate_request_context is the CertificateRequest's
  // (empty during the handshake).
  Config cc = client_config();
  cc.identities = {pki().client};
  Config sc = mtls_server_config(ClientAuth::required);
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        auto& cert = m[find_message(m, HandshakeType::certificate)];
        cert[4] = 1;  // a one-byte context
        cert.insert(cert.begin() + 5, 0x55);
        fix_length(cert);
      },
      AD::illegal_parameter, cc, sc);
}

TEST(Tls13Alert, WrongClientFinishedIsDecryptError) {
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) { m[find_message(m, HandshakeType::finished)][10] ^= 1; },
      AD::decrypt_error, client_config(), server_config());
}

TEST(Tls13Alert, ClientFinishedBeforeItsCertificateVerifyIsUnexpectedMessage) {
  Config cc = client_config();
  cc.identities = {pki().client};
  Config sc = mtls_server_config(ClientAuth::optional);
  expect_server_rejects_client_flight(
      [](std::vector<Bytes>& m) {
        m.erase(m.begin() +
                static_cast<std::ptrdiff_t>(find_message(m, HandshakeType::certificate_verify)));
      },
      AD::unexpected_message, cc, sc);
}

TEST(Tls13Alert, ServerCertificateFromAnUnknownCaIsUnknownCa) {
  Config cc = client_config();
  static const x509::TrustStore empty;
  cc.trust = &empty;
  expect_client_detects(cc, server_config(), AD::unknown_ca);
}

TEST(Tls13Alert, ServerCertificateForAnotherNameIsBadCertificate) {
  // RFC 6125 §6.4 name matching fails; x509/ reports it as bad_certificate
  // (RFC 8446 §6.2 has no alert of its own for a wrong name).
  expect_client_detects(client_config(), server_config(), AD::bad_certificate, "other.example");
}

TEST(Tls13Alert, ClientCertificateIsCheckedAsAClientCertificate) {
  // The client's own certificate (clientAuth) offered as a server's.
  Config sc = server_config();
  sc.identities = {pki().client};
  expect_client_detects(client_config(), sc, AD::unsupported_certificate, "");
}

}  // namespace
}  // namespace glasstls::test
