// RFC 8448 "Example Handshake Traces for TLS 1.3", reproduced byte for byte in
// both roles by injecting the trace's randoms and keys (vectors/tls13-rfc8448-*.kat).
//
// Server role: our server receives the RFC's client records and must answer
// with exactly the RFC's server records. Client role: our client must send the
// RFC's ClientHello and, given the RFC's server records, exactly the RFC's
// client records. Every record compared covers every secret and key before it:
// a record only matches if the transcript, the key schedule, the traffic keys,
// the IVs (nonces) and the Finished values all match.
//
// What the RFC does not determine is injected: its randoms and ephemeral keys
// through a scripted Rng, the RSA-PSS salt of its CertificateVerify (recovered
// from the signature with the public key), its extension lists where our
// defaults differ (through the Config's edit hooks, as the conformance runner
// uses them). A NewSessionTicket carries a ticket the server encrypts under its
// own key, so its bytes differ; the records after it still match.
#include <gtest/gtest.h>

#include <deque>

#include "crypto/rsa.hpp"
#include "handshake/authentication.hpp"
#include "handshake/connection.hpp"
#include "handshake/hello.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/server_params.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"
#include "x509/key_store.hpp"

namespace glasstls::test {
namespace {

using handshake::Connection;
using Bytes = std::vector<std::uint8_t>;

vectors::KatRecord load(const std::string& file) {
  vectors::KatParseError error;
  const auto text = read_file(vectors_dir() / file);
  auto kat = vectors::parse_kat(file, text, &error);
  EXPECT_TRUE(error.message.empty()) << error.message;
  EXPECT_EQ(kat.records.size(), 1u);
  return kat.records.at(0);
}

// Hands out the queued values first (each fill() must ask for exactly the
// queued size), then deterministic bytes.
class ScriptedRng final : public crypto::Rng {
 public:
  void queue(Bytes b) { script_.push_back(std::move(b)); }
  void fill(std::span<std::uint8_t> out) override {
    if (!script_.empty() && script_.front().size() == out.size()) {
      std::copy(script_.front().begin(), script_.front().end(), out.begin());
      script_.pop_front();
      return;
    }
    fallback_.fill(out);
  }
  bool used_all() const { return script_.empty(); }

 private:
  std::deque<Bytes> script_;
  crypto::HmacDrbg fallback_ = crypto::HmacDrbg::from_seed(8448);
};

Bytes slice(const Bytes& b, std::size_t at, std::size_t n) {
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(at),
               b.begin() + static_cast<std::ptrdiff_t>(at + n));
}

// The random of a ClientHello or ServerHello message (after type, length, version).
Bytes hello_random(const Bytes& message) { return slice(message, 6, 32); }

crypto::RsaPrivateKey rfc_server_key(const vectors::KatRecord& r) {
  auto key = crypto::RsaPrivateKey::from_components(
      r.bytes("server_rsa_modulus"), r.bytes("server_rsa_public_exponent"),
      r.bytes("server_rsa_private_exponent"), r.bytes("server_rsa_prime1"),
      r.bytes("server_rsa_prime2"), r.bytes("server_rsa_exponent1"),
      r.bytes("server_rsa_exponent2"), r.bytes("server_rsa_coefficient"),
      /*allow_small_key=*/true);
  EXPECT_TRUE(key.ok());
  return std::move(*key);
}

// RFC 8017 §9.1.2 EMSA-PSS-VERIFY steps 1-10, to read the salt back out of a
// signature: the RFC's CertificateVerify used a random salt we must reuse.
Bytes pss_salt(const crypto::RsaPrivateKey& key, const Bytes& certificate_verify) {
  const Bytes sig = slice(certificate_verify, 8, certificate_verify.size() - 8);
  Bytes em(sig.size());
  EXPECT_TRUE(key.public_key().public_op(sig, em).ok());
  const std::size_t h = 32, db_len = em.size() - h - 1;
  Bytes mask(db_len);
  crypto::mgf1(crypto::HashId::sha256, std::span(em).subspan(db_len, h), mask);
  for (std::size_t i = 0; i < db_len; ++i) em[i] ^= mask[i];
  return slice(em, db_len - h, h);  // DB = PS || 0x01 || salt, salt = hLen bytes
}

// The RFC's server, or client: a Config whose Rng hands out the trace's
// randoms and keys in the order our code asks for them.
struct Peer {
  ScriptedRng rng;
  handshake::Config config;
};

std::unique_ptr<Peer> rfc_server(const vectors::KatRecord& r, std::vector<Bytes> script) {
  auto s = std::make_unique<Peer>();
  for (auto& b : script) s->rng.queue(std::move(b));
  if (r.has("server_rsa_modulus")) {
    auto key = rfc_server_key(r);
    s->rng.queue(pss_salt(key, r.bytes("certificate_verify")));
    auto cert_msg = handshake::CertificateMessage::parse(r.bytes("certificate"));
    EXPECT_TRUE(cert_msg.ok());
    auto cert = x509::Certificate::parse(cert_msg->certificate_list.at(0).cert_data);
    EXPECT_TRUE(cert.ok());
    auto store = x509::KeyStore::create({*cert}, x509::PrivateKey::from_rsa(std::move(key)));
    EXPECT_TRUE(store.ok());
    s->config.identities.push_back(std::make_shared<x509::KeyStore>(std::move(*store)));
  }
  s->config.rng = &s->rng;
  s->config.min_rsa_bits = 1024;
  s->config.ticket_keys = std::make_shared<handshake::TicketKeys>(s->rng);
  s->config.tickets_per_handshake = 1;
  // The RFC's server lists its groups in EncryptedExtensions (we need not).
  auto ee = handshake::EncryptedExtensions::parse(r.bytes("encrypted_extensions"));
  EXPECT_TRUE(ee.ok());
  s->config.edit_extensions = [list = ee->extensions](handshake::HandshakeType type,
                                                      handshake::Extensions& e) {
    if (type == handshake::HandshakeType::encrypted_extensions) e = list;
  };
  return s;
}

// `hellos`: the RFC's ClientHello messages, in order (two after a
// HelloRetryRequest); our ClientHello takes each one's extension list.
std::unique_ptr<Peer> rfc_client(const vectors::KatRecord& r, std::vector<Bytes> script,
                                 std::vector<Bytes> hellos) {
  auto c = std::make_unique<Peer>();
  for (auto& b : script) c->rng.queue(std::move(b));
  std::vector<handshake::Extensions> lists;
  for (const auto& h : hellos) {
    auto ch = handshake::ClientHello::parse(h);
    EXPECT_TRUE(ch.ok());
    c->config.cipher_suites = ch->cipher_suites;
    c->config.middlebox_compatibility = !ch->legacy_session_id.empty();
    lists.push_back(ch->extensions);
  }
  c->config.rng = &c->rng;
  c->config.insecure_skip_verify = true;  // the RFC's certificates are self-signed, RSA-1024
  c->config.min_rsa_bits = 1024;
  auto calls = std::make_shared<std::size_t>(0);
  c->config.edit_client_hello = [lists, calls](handshake::ClientHello& hello) {
    hello.extensions = lists.at(std::min(*calls, lists.size() - 1));
    ++*calls;
  };
  (void)r;
  return c;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(Rfc8448, Section3SimpleHandshakeServerRole) {
  const auto r = load("tls13-rfc8448-3-simple-1rtt.kat");
  // Order of use: the ephemeral key, the ServerHello random (then the PSS salt).
  auto s = rfc_server(r, {r.bytes("server_x25519_private"), hello_random(r.bytes("server_hello"))});
  auto server = Connection::server(s->config);

  ASSERT_TRUE(server->receive(r.bytes("client_hello_record"))) << server->error()->describe();
  EXPECT_EQ(hex(server->take_output()),
            hex(cat({r.bytes("server_hello_record"), r.bytes("server_handshake_record")})));
  EXPECT_TRUE(s->rng.used_all());

  ASSERT_TRUE(server->receive(r.bytes("client_finished_record"))) << server->error()->describe();
  ASSERT_TRUE(server->handshake_done());
  (void)server->take_output();  // our NewSessionTicket (its ticket is ours)

  ASSERT_TRUE(server->receive(r.bytes("client_application_data_record")));
  EXPECT_EQ(hex(server->read()), hex(r.bytes("application_data_payload")));
  ASSERT_TRUE(server->write(r.bytes("application_data_payload")));
  EXPECT_EQ(hex(server->take_output()), hex(r.bytes("server_application_data_record")));

  ASSERT_TRUE(server->receive(r.bytes("client_alert_record")));
  EXPECT_TRUE(server->peer_closed());
  server->close();
  EXPECT_EQ(hex(server->take_output()), hex(r.bytes("server_alert_record")));
}

TEST(Rfc8448, Section3SimpleHandshakeClientRole) {
  const auto r = load("tls13-rfc8448-3-simple-1rtt.kat");
  auto c = rfc_client(r, {hello_random(r.bytes("client_hello")), r.bytes("client_x25519_private")},
                      {r.bytes("client_hello")});
  auto client = Connection::client(c->config, "server");
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_record")));
  EXPECT_TRUE(c->rng.used_all());

  ASSERT_TRUE(client->receive(r.bytes("server_hello_record"))) << client->error()->describe();
  ASSERT_TRUE(client->receive(r.bytes("server_handshake_record"))) << client->error()->describe();
  ASSERT_TRUE(client->handshake_done());
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_finished_record")));
  EXPECT_EQ(client->negotiated().signature_scheme, 0x0804);

  ASSERT_TRUE(client->receive(r.bytes("new_session_ticket_record")))
      << client->error()->describe();
  ASSERT_TRUE(client->write(r.bytes("application_data_payload")));
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_application_data_record")));
  ASSERT_TRUE(client->receive(r.bytes("server_application_data_record")));
  EXPECT_EQ(hex(client->read()), hex(r.bytes("application_data_payload")));

  client->close();
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_alert_record")));
}

// §4 resumes §3's session. The RFC's client sends 0-RTT data and its server
// accepts it; ours never accepts 0-RTT. What is reproduced: the ClientHello
// with its PSK binder (client role), the ServerHello and the whole server
// flight under the PSK + ECDHE key schedule (server role, with the RFC's
// EncryptedExtensions), the refused early data skipped (server role), and the
// server's Finished and application data (client role). The client's
// Finished differs from the RFC's because the RFC's transcript includes the
// EndOfEarlyData that only a 0-RTT client sends.
class Rfc8448Ticket final : public handshake::Ticketer {
 public:
  Rfc8448Ticket(Bytes ticket, const Bytes& psk, std::uint32_t age_add)
      : ticket_(std::move(ticket)), psk_(psk), age_add_(age_add) {}
  std::vector<std::uint8_t> seal(const handshake::SessionState&, std::int64_t,
                                 crypto::Rng&) override {
    return ticket_;
  }
  std::optional<handshake::SessionState> open(std::span<const std::uint8_t> ticket,
                                              std::int64_t now) override {
    if (!std::equal(ticket.begin(), ticket.end(), ticket_.begin(), ticket_.end())) return {};
    return state(now);
  }
  handshake::SessionState state(std::int64_t now) const {
    handshake::SessionState st;
    st.cipher_suite = 0x1301;
    st.psk = crypto::HashSecret::from(psk_);
    st.ticket_age_add = age_add_;
    st.issued_at = now;
    st.lifetime = 7200;
    return st;
  }

 private:
  Bytes ticket_, psk_;
  std::uint32_t age_add_;
};

std::shared_ptr<Rfc8448Ticket> section4_ticket(const vectors::KatRecord& r) {
  // §3's NewSessionTicket holds the ticket and ticket_age_add; §4's "psk" is
  // §3's resumption PSK (checked here).
  const auto r3 = load("tls13-rfc8448-3-simple-1rtt.kat");
  EXPECT_EQ(hex(r.bytes("psk")), hex(r3.bytes("resumption_psk")));
  auto nst = handshake::NewSessionTicket::parse(r3.bytes("new_session_ticket"));
  EXPECT_TRUE(nst.ok());
  return std::make_shared<Rfc8448Ticket>(nst->ticket, r.bytes("psk"), nst->ticket_age_add);
}

TEST(Rfc8448, Section4ResumptionServerRole) {
  const auto r = load("tls13-rfc8448-4-resumed-0rtt.kat");
  auto s = rfc_server(r, {r.bytes("server_x25519_private"), hello_random(r.bytes("server_hello"))});
  s->config.ticket_keys = section4_ticket(r);
  auto server = Connection::server(s->config);
  ASSERT_TRUE(server->receive(r.bytes("client_hello_record"))) << server->error()->describe();
  EXPECT_TRUE(server->negotiated().resumed);
  EXPECT_EQ(hex(server->take_output()),
            hex(cat({r.bytes("server_hello_record"), r.bytes("server_handshake_record")})));
  // RFC 8446 §4.2.10: the refused early data is skipped, not delivered.
  ASSERT_TRUE(server->receive(r.bytes("client_early_data_record"))) << server->error()->describe();
  EXPECT_TRUE(server->read().empty());
}

TEST(Rfc8448, Section4ResumptionClientRole) {
  const auto r = load("tls13-rfc8448-4-resumed-0rtt.kat");
  auto c = rfc_client(r, {hello_random(r.bytes("client_hello")), r.bytes("client_x25519_private")},
                      {r.bytes("client_hello")});
  auto ticket = section4_ticket(r);
  c->config.session_cache = std::make_shared<handshake::ClientSessionCache>();
  c->config.session_cache->put("server", {ticket->seal({}, 0, c->rng), ticket->state(0)});
  c->config.clock = [] { return std::int64_t{0}; };
  auto client = Connection::client(c->config, "server");
  // The binder (the only part our code computes here) makes the whole
  // ClientHello equal: RFC 8446 §4.2.11.2 over the partial ClientHello.
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_record")));
  ASSERT_TRUE(client->receive(r.bytes("server_hello_record"))) << client->error()->describe();
  ASSERT_TRUE(client->receive(r.bytes("server_handshake_record"))) << client->error()->describe();
  ASSERT_TRUE(client->handshake_done());
  EXPECT_TRUE(client->negotiated().resumed);
  ASSERT_TRUE(client->receive(r.bytes("server_application_data_record")));
  EXPECT_EQ(hex(client->read()), hex(r.bytes("application_data_payload")));
}

// §5: the client offers only an X25519 share; the server wants P-256.
TEST(Rfc8448, Section5HelloRetryRequestServerRole) {
  const auto r = load("tls13-rfc8448-5-hrr.kat");
  auto s = rfc_server(r, {r.bytes("server_p256_private"), hello_random(r.bytes("server_hello"))});
  s->config.groups = {0x0017};  // secp256r1 only: X25519 is not acceptable
  s->config.ticket_keys = nullptr;  // §5's server sends no ticket
  auto hrr = handshake::ServerHello::parse(r.bytes("hello_retry_request"));
  ASSERT_TRUE(hrr.ok());
  auto ee = std::move(s->config.edit_extensions);
  // The RFC's cookie is the server's own choice: send it.
  s->config.edit_extensions = [ee, list = hrr->extensions](handshake::HandshakeType type,
                                                           handshake::Extensions& e) {
    if (e.has(handshake::ExtensionType::cookie)) e = list;
    ee(type, e);
  };
  auto server = Connection::server(s->config);
  ASSERT_TRUE(server->receive(r.bytes("client_hello_record"))) << server->error()->describe();
  EXPECT_EQ(hex(server->take_output()), hex(r.bytes("hello_retry_request_record")));
  ASSERT_TRUE(server->receive(r.bytes("client_hello_2_record"))) << server->error()->describe();
  EXPECT_EQ(hex(server->take_output()),
            hex(cat({r.bytes("server_hello_record"), r.bytes("server_handshake_record")})));
  ASSERT_TRUE(server->receive(r.bytes("client_finished_record"))) << server->error()->describe();
  EXPECT_TRUE(server->handshake_done());
  EXPECT_TRUE(server->negotiated().hello_retry);
  EXPECT_EQ(server->negotiated().group, 0x0017);
  (void)server->take_output();
  ASSERT_TRUE(server->receive(r.bytes("client_alert_record")));
  server->close();
  EXPECT_EQ(hex(server->take_output()), hex(r.bytes("server_alert_record")));
}

TEST(Rfc8448, Section5HelloRetryRequestClientRole) {
  const auto r = load("tls13-rfc8448-5-hrr.kat");
  auto c = rfc_client(r,
                      {hello_random(r.bytes("client_hello")), r.bytes("client_x25519_private"),
                       r.bytes("client_p256_private")},
                      {r.bytes("client_hello"), r.bytes("client_hello_2")});
  auto client = Connection::client(c->config, "server");
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_record")));
  ASSERT_TRUE(client->receive(r.bytes("hello_retry_request_record")))
      << client->error()->describe();
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_2_record")));
  ASSERT_TRUE(client->receive(r.bytes("server_hello_record"))) << client->error()->describe();
  ASSERT_TRUE(client->receive(r.bytes("server_handshake_record"))) << client->error()->describe();
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_finished_record")));
  EXPECT_TRUE(c->rng.used_all());
  client->close();
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_alert_record")));
}

// §6: the server (ECDSA P-256) asks for a client certificate. Its ECDSA
// signature and the client's RSA key are not reproducible (a random nonce; a
// key the RFC does not print), so only the client role is replayed: the
// server's flight with its CertificateRequest is accepted, its ECDSA
// CertificateVerify and Finished verify, and the client answers.
TEST(Rfc8448, Section6ClientAuthenticationClientRole) {
  const auto r = load("tls13-rfc8448-6-client-auth.kat");
  auto c = rfc_client(r, {hello_random(r.bytes("client_hello")), r.bytes("client_x25519_private")},
                      {r.bytes("client_hello")});
  auto client = Connection::client(c->config, "server");
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_record")));
  ASSERT_TRUE(client->receive(r.bytes("server_hello_record"))) << client->error()->describe();
  ASSERT_TRUE(client->receive(r.bytes("server_handshake_record"))) << client->error()->describe();
  ASSERT_TRUE(client->handshake_done());
  EXPECT_EQ(client->negotiated().signature_scheme, 0x0403);
  EXPECT_FALSE(client->take_output().empty());  // Certificate (empty: no key) and Finished
}

// §7: middlebox compatibility mode — a 32-byte legacy_session_id and a
// ChangeCipherSpec from each side (RFC 8446 §D.4).
TEST(Rfc8448, Section7CompatibilityModeServerRole) {
  const auto r = load("tls13-rfc8448-7-compat.kat");
  auto s = rfc_server(r, {r.bytes("server_x25519_private"), hello_random(r.bytes("server_hello"))});
  auto server = Connection::server(s->config);
  ASSERT_TRUE(server->receive(r.bytes("client_hello_record"))) << server->error()->describe();
  EXPECT_EQ(hex(server->take_output()),
            hex(cat({r.bytes("server_hello_record"), r.bytes("change_cipher_spec_record"),
                     r.bytes("server_handshake_record")})));
  ASSERT_TRUE(server->receive(cat({r.bytes("change_cipher_spec_record"),
                                   r.bytes("client_finished_record")})))
      << server->error()->describe();
  EXPECT_TRUE(server->handshake_done());
}

TEST(Rfc8448, Section7CompatibilityModeClientRole) {
  const auto r = load("tls13-rfc8448-7-compat.kat");
  const Bytes ch = r.bytes("client_hello");
  auto c = rfc_client(r, {hello_random(ch), slice(ch, 39, 32), r.bytes("client_x25519_private")},
                      {ch});
  auto client = Connection::client(c->config, "server");
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_hello_record")));
  ASSERT_TRUE(client->receive(cat({r.bytes("server_hello_record"),
                                   r.bytes("change_cipher_spec_record"),
                                   r.bytes("server_handshake_record")})))
      << client->error()->describe();
  EXPECT_EQ(hex(client->take_output()),
            hex(cat({r.bytes("change_cipher_spec_record"), r.bytes("client_finished_record")})));
  client->close();
  EXPECT_EQ(hex(client->take_output()), hex(r.bytes("client_alert_record")));
}

}  // namespace
}  // namespace glasstls::test
