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

// The RFC's server: its RSA key and certificate, its randoms and keys.
struct RfcServer {
  ScriptedRng rng;
  handshake::Config config;
};

std::unique_ptr<RfcServer> rfc_server(const vectors::KatRecord& r) {
  auto s = std::make_unique<RfcServer>();
  auto key = rfc_server_key(r);
  // Order of use: the ephemeral key, the ServerHello random, the PSS salt.
  s->rng.queue(r.bytes("server_x25519_private"));
  s->rng.queue(hello_random(r.bytes("server_hello")));
  s->rng.queue(pss_salt(key, r.bytes("certificate_verify")));
  auto cert_msg = handshake::CertificateMessage::parse(r.bytes("certificate"));
  EXPECT_TRUE(cert_msg.ok());
  auto cert = x509::Certificate::parse(cert_msg->certificate_list.at(0).cert_data);
  EXPECT_TRUE(cert.ok());
  auto store = x509::KeyStore::create({*cert}, x509::PrivateKey::from_rsa(std::move(key)));
  EXPECT_TRUE(store.ok());
  s->config.identities.push_back(std::make_shared<x509::KeyStore>(std::move(*store)));
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

// The RFC's client: its random, key and ClientHello extensions.
struct RfcClient {
  ScriptedRng rng;
  handshake::Config config;
};

std::unique_ptr<RfcClient> rfc_client(const vectors::KatRecord& r) {
  auto c = std::make_unique<RfcClient>();
  c->rng.queue(hello_random(r.bytes("client_hello")));
  c->rng.queue(r.bytes("client_x25519_private"));
  auto ch = handshake::ClientHello::parse(r.bytes("client_hello"));
  EXPECT_TRUE(ch.ok());
  c->config.rng = &c->rng;
  c->config.cipher_suites = ch->cipher_suites;
  c->config.middlebox_compatibility = false;
  c->config.insecure_skip_verify = true;  // the RFC's certificate is self-signed, 1024-bit
  c->config.min_rsa_bits = 1024;
  c->config.edit_client_hello = [list = ch->extensions](handshake::ClientHello& hello) {
    hello.extensions = list;
  };
  return c;
}

TEST(Rfc8448, Section3SimpleHandshakeServerRole) {
  const auto r = load("tls13-rfc8448-3-simple-1rtt.kat");
  auto s = rfc_server(r);
  auto server = Connection::server(s->config);

  ASSERT_TRUE(server->receive(r.bytes("client_hello_record"))) << server->error()->describe();
  Bytes expected = r.bytes("server_hello_record");
  const Bytes flight = r.bytes("server_handshake_record");
  expected.insert(expected.end(), flight.begin(), flight.end());
  EXPECT_EQ(hex(server->take_output()), hex(expected));
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
  auto c = rfc_client(r);
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

}  // namespace
}  // namespace glasstls::test
