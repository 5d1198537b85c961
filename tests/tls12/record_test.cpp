// TLS 1.2 AEAD record protection (record/tls12_protection.hpp) on its own and
// under the RecordLayer: round trips for every AEAD in both directions (keys
// from a KeySchedule12 key block), the record layout (explicit nonce = the
// sequence number for AES-GCM, none for ChaCha20-Poly1305), tampering with any
// byte, the size limits, sequence numbers and their end at 2^64 - 1.
// The exact bytes against mbedTLS are in oracle_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule12.hpp"
#include "record/record_layer.hpp"
#include "tests/tls12/tls12_test_support.hpp"

namespace glasstls::tls12_test {
namespace {

using AD = AlertDescription;
using record::ContentType;
using record::kHeaderSize;
using record::Tls12Protection;

// Seals one record and returns its bytes.
Bytes seal(Tls12Protection& p, ContentType type, const Bytes& content) {
  Bytes out;
  auto s = p.seal(type, content, 0, out, nullptr);
  EXPECT_TRUE(s) << (s ? "" : s.error().describe());
  return out;
}

// Opens a record given as bytes (header + body); the content on success.
Result<Bytes> open(Tls12Protection& p, Bytes rec) {
  std::span<const std::uint8_t, kHeaderSize> header(rec.data(), kHeaderSize);
  auto o = p.open(header, std::span(rec).subspan(kHeaderSize), nullptr);
  if (!o) return o.error();
  if (o->type != static_cast<ContentType>(rec[0])) {
    return make_error(AD::internal_error, "test: the opened type is not the header's");
  }
  return Bytes(o->content.begin(), o->content.end());
}

class Tls12Record : public testing::TestWithParam<AeadId> {
 protected:
  AeadId id() const { return GetParam(); }
  std::size_t explicit_size() const { return id() == AeadId::chacha20_poly1305 ? 0 : 8; }
};

// ---- both directions, keys from the key schedule

TEST_P(Tls12Record, BothDirectionsWithKeysFromTheKeyBlock) {
  // The suite of this AEAD (ECDHE-ECDSA), its key and IV lengths.
  const std::uint16_t code = id() == AeadId::aes128_gcm   ? 0xc02b
                             : id() == AeadId::aes256_gcm ? 0xc02c
                                                          : 0xcca9;
  const handshake::SuiteInfo* suite = handshake::find_suite(code, handshake::kTls12);
  ASSERT_NE(suite, nullptr);
  ASSERT_EQ(suite->aead, id());
  handshake::KeySchedule12 ks(suite->hash, nullptr);
  handshake::Random cr{}, sr{};
  cr.fill(1);
  sr.fill(2);
  ks.derive_master_secret(pattern(32, 7), cr, sr);
  const auto block = ks.key_block(cr, sr, suite->key_length, suite->fixed_iv_length);
  auto make = [&](const handshake::WriteKeys12& k) {
    return protection(id(), {Bytes(k.key.bytes().begin(), k.key.bytes().end()),
                             Bytes(k.iv.bytes().begin(), k.iv.bytes().end())});
  };
  auto client_write = make(block.client), server_read = make(block.client);
  auto server_write = make(block.server), client_read = make(block.server);

  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{100}, record::kMaxPlaintext}) {
    for (auto type : {ContentType::handshake, ContentType::alert, ContentType::application_data}) {
      const Bytes content = pattern(n, static_cast<std::uint8_t>(n));
      const Bytes c2s = seal(*client_write, type, content);
      const Bytes s2c = seal(*server_write, type, content);
      EXPECT_NE(c2s, s2c) << "the two directions have different keys";
      auto at_server = open(*server_read, c2s);
      auto at_client = open(*client_read, s2c);
      ASSERT_TRUE(at_server) << at_server.error().describe();
      ASSERT_TRUE(at_client) << at_client.error().describe();
      EXPECT_EQ(*at_server, content);
      EXPECT_EQ(*at_client, content);
      // A record of one direction does not open with the other's keys.
      auto crossed = open(*client_read, c2s);
      ASSERT_FALSE(crossed);
      EXPECT_EQ(crossed.error().alert, AD::bad_record_mac);
    }
  }
  EXPECT_EQ(client_write->sequence(), 12u);
  EXPECT_EQ(server_read->sequence(), 12u);
  EXPECT_EQ(client_read->sequence(), 12u) << "a failed open does not count";
}

// ---- layout

TEST_P(Tls12Record, LayoutHeaderExplicitNonceAndTag) {
  auto p = protection(id(), keys_for(id(), 1));
  EXPECT_EQ(p->overhead(), explicit_size() + 16);
  EXPECT_EQ(p->max_ciphertext(), std::size_t{16384 + 2048});
  EXPECT_FALSE(p->should_update());
  const Bytes content = pattern(37, 5);
  for (std::uint64_t seq = 0; seq < 3; ++seq) {
    const auto nonce = p->next_nonce();
    const Bytes rec = seal(*p, ContentType::application_data, content);
    ASSERT_EQ(rec.size(), kHeaderSize + explicit_size() + content.size() + 16);
    // RFC 5246 §6.2: the real type in the clear, version 3,3, the length.
    EXPECT_EQ(rec[0], 23);
    EXPECT_EQ(rec[1], 3);
    EXPECT_EQ(rec[2], 3);
    EXPECT_EQ(std::size_t(rec[3] << 8 | rec[4]), rec.size() - kHeaderSize);
    const Bytes seq_bytes = be64(seq);
    if (explicit_size() == 8) {
      // RFC 5288 §3: nonce_explicit, here the sequence number, after the header;
      // the nonce is salt[4] || nonce_explicit[8].
      EXPECT_EQ(Bytes(rec.begin() + 5, rec.begin() + 13), seq_bytes);
      EXPECT_TRUE(std::equal(nonce.begin() + 4, nonce.end(), seq_bytes.begin()));
      EXPECT_TRUE(std::equal(nonce.begin(), nonce.begin() + 4, keys_for(id(), 1).iv.begin()));
    } else {
      // RFC 7905 §2: the IV XOR the left-padded sequence number.
      const Bytes iv = keys_for(id(), 1).iv;
      for (std::size_t i = 0; i < 12; ++i) {
        const std::uint8_t s = i < 4 ? 0 : seq_bytes[i - 4];
        EXPECT_EQ(nonce[i], iv[i] ^ s) << i;
      }
    }
    EXPECT_EQ(p->sequence(), seq + 1);
  }
}

TEST_P(Tls12Record, ProtectsEveryTypeButChangeCipherSpec) {
  auto p = protection(id(), keys_for(id(), 1));
  EXPECT_FALSE(p->protects(20));
  EXPECT_TRUE(p->protects(21));
  EXPECT_TRUE(p->protects(22));
  EXPECT_TRUE(p->protects(23));
}

TEST(Tls12RecordCreate, WrongIvLengthsAndNoAead) {
  for (AeadId id : kAeads) {
    for (std::size_t n : {std::size_t{0}, std::size_t{4}, std::size_t{8}, std::size_t{12}}) {
      auto aead = crypto::make_aead(id, pattern(crypto::key_size(id), 1));
      ASSERT_TRUE(aead);
      auto p = Tls12Protection::create(std::move(*aead), pattern(n, 2));
      EXPECT_EQ(p.ok(), n == fixed_iv_size(id)) << crypto::name(id) << " iv " << n;
      if (!p) {
        EXPECT_EQ(p.error().alert, AD::internal_error);
      }
    }
  }
  auto none = Tls12Protection::create(nullptr, pattern(4, 2));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().alert, AD::internal_error);
}

// ---- tampering

TEST_P(Tls12Record, TamperingAnyByteIsBadRecordMac) {
  const Keys k = keys_for(id(), 3);
  auto sealer = protection(id(), k);
  const Bytes content = pattern(40, 9);
  const Bytes good = seal(*sealer, ContentType::handshake, content);
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      Bytes bad = good;
      bad[i] ^= flip;
      auto opener = protection(id(), k);
      Bytes body_copy(bad.begin() + kHeaderSize, bad.end());
      std::span<const std::uint8_t, kHeaderSize> header(bad.data(), kHeaderSize);
      auto o = opener->open(header, std::span(bad).subspan(kHeaderSize), nullptr);
      ASSERT_FALSE(o) << "byte " << i << " flip " << int(flip);
      EXPECT_EQ(o.error().alert, AD::bad_record_mac) << "byte " << i;
      EXPECT_EQ(opener->sequence(), 0u);
      // Nothing of the plaintext is left in the record's buffer.
      const auto plain = std::span(bad).subspan(kHeaderSize + explicit_size(), content.size());
      EXPECT_FALSE(std::equal(plain.begin(), plain.end(), content.begin())) << "byte " << i;
    }
  }
  auto opener = protection(id(), k);
  auto o = open(*opener, good);
  ASSERT_TRUE(o);
  EXPECT_EQ(*o, content);
}

TEST_P(Tls12Record, WrongSequenceNumberIsBadRecordMac) {
  // The sequence number is not on the wire but in the additional data
  // (RFC 5246 §6.2.3.3): a replayed or dropped record does not open.
  const Keys k = keys_for(id(), 4);
  auto sealer = protection(id(), k), opener = protection(id(), k);
  const Bytes r0 = seal(*sealer, ContentType::application_data, pattern(10, 1));
  const Bytes r1 = seal(*sealer, ContentType::application_data, pattern(10, 2));
  auto skipped = open(*opener, r1);
  ASSERT_FALSE(skipped);
  EXPECT_EQ(skipped.error().alert, AD::bad_record_mac);
  ASSERT_TRUE(open(*opener, r0));
  auto replayed = open(*opener, r0);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().alert, AD::bad_record_mac);
  ASSERT_TRUE(open(*opener, r1));
}

TEST_P(Tls12Record, ShortBodiesAreBadRecordMac) {
  auto p = protection(id(), keys_for(id(), 5));
  for (std::size_t n = 0; n < explicit_size() + 16; ++n) {
    Bytes rec = {23, 3, 3, 0, static_cast<std::uint8_t>(n)};
    const Bytes body(n, 0x42);
    rec.insert(rec.end(), body.begin(), body.end());
    auto o = open(*p, rec);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().alert, AD::bad_record_mac);
  }
}

// ---- limits

TEST_P(Tls12Record, SealRefusesMoreThan2To14AndPadding) {
  auto p = protection(id(), keys_for(id(), 6));
  Bytes out;
  auto big = p->seal(ContentType::application_data, pattern(record::kMaxPlaintext + 1, 0), 0, out,
                     nullptr);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().alert, AD::internal_error);
  auto padded = p->seal(ContentType::application_data, pattern(10, 0), 1, out, nullptr);
  ASSERT_FALSE(padded);
  EXPECT_EQ(padded.error().alert, AD::internal_error);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(p->sequence(), 0u);
}

TEST_P(Tls12Record, OpenedPlaintextOver2To14IsRecordOverflow) {
  // Sealed here with the Aead directly, nonce and additional data built from
  // the RFC text, as a peer that ignores the limit would.
  const Keys k = keys_for(id(), 7);
  auto aead = crypto::make_aead(id(), k.key);
  ASSERT_TRUE(aead);
  for (std::size_t n : {record::kMaxPlaintext, record::kMaxPlaintext + 1}) {
    const Bytes content = pattern(n, 3);
    const Bytes seq = be64(0);
    std::array<std::uint8_t, 12> nonce{};
    for (std::size_t i = 0; i < 12; ++i) {
      nonce[i] = explicit_size() ? (i < 4 ? k.iv[i] : seq[i - 4])
                                 : static_cast<std::uint8_t>(k.iv[i] ^ (i < 4 ? 0 : seq[i - 4]));
    }
    Bytes aad = seq;
    aad.insert(aad.end(),
               {23, 3, 3, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    Bytes sealed(n + 16);
    ASSERT_TRUE((*aead)->seal(nonce, aad, content, sealed));
    const std::size_t length = explicit_size() + sealed.size();
    Bytes rec = {23, 3, 3, static_cast<std::uint8_t>(length >> 8),
                 static_cast<std::uint8_t>(length)};
    if (explicit_size()) rec.insert(rec.end(), seq.begin(), seq.end());
    rec.insert(rec.end(), sealed.begin(), sealed.end());
    auto opener = protection(id(), k);
    std::span<const std::uint8_t, kHeaderSize> header(rec.data(), kHeaderSize);
    auto o = opener->open(header, std::span(rec).subspan(kHeaderSize), nullptr);
    if (n == record::kMaxPlaintext) {
      ASSERT_TRUE(o) << o.error().describe();
      EXPECT_EQ(Bytes(o->content.begin(), o->content.end()), content);
    } else {
      ASSERT_FALSE(o);
      EXPECT_EQ(o.error().alert, AD::record_overflow);
      const auto plain = std::span(rec).subspan(kHeaderSize + explicit_size(), n);
      EXPECT_TRUE(std::all_of(plain.begin(), plain.end(), [](std::uint8_t b) { return b == 0; }))
          << "the rejected plaintext is wiped";
    }
  }
}

TEST_P(Tls12Record, RecordLayerFramingLimitIs2To14Plus2048) {
  for (std::size_t length : {std::size_t{16384 + 2048}, std::size_t{16384 + 2049}}) {
    record::RecordLayer rl;
    rl.set_read_protection(protection(id(), keys_for(id(), 8)));
    const Bytes header = {23, 3, 3, static_cast<std::uint8_t>(length >> 8),
                          static_cast<std::uint8_t>(length)};
    rl.receive(header);
    rl.receive(Bytes(length, 0x5a));
    auto r = rl.next();
    ASSERT_FALSE(r) << length;
    // Within the limit the record is framed, then fails to authenticate.
    EXPECT_EQ(r.error().alert, length == 16384 + 2048 ? AD::bad_record_mac : AD::record_overflow);
    if (length > 16384 + 2048) {  // the TLS 1.2 rule, not TLS 1.3's 2^14 + 256
      EXPECT_EQ(r.error().rule, "RFC 5246 §6.2.3: a TLSCiphertext longer than 2^14 + 2048 bytes");
    }
  }
}

// ---- sequence numbers

TEST_P(Tls12Record, TheLastSequenceNumberIs2To64Minus1) {
  // RFC 5246 §6.1: "Sequence numbers do not wrap." GlassTLS does not
  // renegotiate: after record 2^64 - 1, nothing more is sealed or opened.
  const Keys k = keys_for(id(), 9);
  auto sealer = protection(id(), k), opener = protection(id(), k);
  const std::uint64_t last = ~std::uint64_t{0};
  sealer->set_sequence_for_test(last - 1);
  opener->set_sequence_for_test(last - 1);
  for (std::uint64_t seq : {last - 1, last}) {
    const Bytes rec = seal(*sealer, ContentType::application_data, pattern(5, 1));
    if (explicit_size()) {
      EXPECT_EQ(Bytes(rec.begin() + 5, rec.begin() + 13), be64(seq));
    }
    ASSERT_TRUE(open(*opener, rec));
  }
  Bytes out;
  auto more = sealer->seal(ContentType::application_data, pattern(5, 1), 0, out, nullptr);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().alert, AD::internal_error);
  EXPECT_TRUE(out.empty());
  auto in = open(*opener, Bytes{23, 3, 3, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                0,  0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_FALSE(in);
  EXPECT_EQ(in.error().alert, AD::internal_error);
}

// ---- under the RecordLayer, with the trace

struct Events final : trace::TraceSink {
  std::vector<trace::RecordEvent> records;
  std::vector<Bytes> nonces;
  void on_event(const trace::Event& e) override {
    if (const auto* r = std::get_if<trace::RecordEvent>(&e)) {
      records.push_back(*r);
      nonces.emplace_back(r->nonce.begin(), r->nonce.end());
    }
  }
};

TEST_P(Tls12Record, RecordLayerProtectsAllButChangeCipherSpec) {
  const Keys k = keys_for(id(), 10);
  Events sent, received;
  record::RecordLayer writer(&sent), reader(&received);
  // RFC 5246 §7.1: ChangeCipherSpec, then everything under the new keys.
  ASSERT_TRUE(writer.write(ContentType::change_cipher_spec, Bytes{1}));
  writer.set_write_protection(protection(id(), k));
  const Bytes finished = pattern(16, 1), data = pattern(3000, 2), alert = {1, 0};
  ASSERT_TRUE(writer.write(ContentType::handshake, finished));
  ASSERT_TRUE(writer.write(ContentType::application_data, data));
  ASSERT_TRUE(writer.write(ContentType::alert, alert));
  const Bytes wire = writer.take_output();

  reader.receive(wire);
  auto ccs = reader.next();
  ASSERT_TRUE(ccs && ccs->has_value());
  EXPECT_EQ((*ccs)->type, ContentType::change_cipher_spec);
  EXPECT_FALSE((*ccs)->was_protected);
  reader.set_read_protection(protection(id(), k));
  const std::vector<std::pair<ContentType, Bytes>> want = {{ContentType::handshake, finished},
                                                           {ContentType::application_data, data},
                                                           {ContentType::alert, alert}};
  for (const auto& [type, content] : want) {
    auto r = reader.next();
    ASSERT_TRUE(r) << r.error().describe();
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->type, type);
    EXPECT_TRUE((*r)->was_protected);
    EXPECT_EQ(Bytes((*r)->content.begin(), (*r)->content.end()), content);
  }
  ASSERT_EQ(sent.records.size(), 4u);
  ASSERT_EQ(received.records.size(), 4u);
  EXPECT_FALSE(sent.records[0].is_protected);
  for (std::size_t i = 1; i < 4; ++i) {
    for (const auto* events : {&sent, &received}) {
      const auto& e = events->records[i];
      EXPECT_TRUE(e.is_protected);
      EXPECT_EQ(e.sequence, i - 1);
      EXPECT_EQ(e.content_type, e.inner_type) << "the type is in the clear";
      EXPECT_EQ(e.padding, 0u);
      ASSERT_EQ(events->nonces[i].size(), 12u);
    }
    EXPECT_EQ(sent.nonces[i], received.nonces[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(Aeads, Tls12Record, testing::ValuesIn(kAeads), aead_name);

}  // namespace
}  // namespace glasstls::tls12_test
