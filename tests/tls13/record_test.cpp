// The record layer alone (RFC 8446 §5): framing in any split, the size
// limits, unknown content types, TLS 1.3 protection (TLSInnerPlaintext with
// padding, nonce = iv XOR sequence number, sequence numbers, the AEAD usage
// limit of §5.5) and zero-length application data.
#include <gtest/gtest.h>

#include <array>
#include <numeric>

#include "crypto/aead.hpp"
#include "record/record_layer.hpp"
#include "record/tls13_protection.hpp"

namespace glasstls::record {
namespace {

using AD = AlertDescription;
using Bytes = std::vector<std::uint8_t>;

Bytes record(std::uint8_t type, std::span<const std::uint8_t> content,
             std::uint16_t version = kTls12) {
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

Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + 3 * i);
  return v;
}

struct Got {
  ContentType type;
  Bytes content;
  bool was_protected;
  bool operator==(const Got&) const = default;
};

// Every record next() can return now.
std::vector<Got> drain(RecordLayer& rl) {
  std::vector<Got> out;
  for (;;) {
    auto r = rl.next();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
    if (!r.ok() || !r->has_value()) return out;
    const InRecord& in = **r;
    out.push_back({in.type, Bytes(in.content.begin(), in.content.end()), in.was_protected});
  }
}

// Fixed keys: AES-128-GCM, key 00 01 .. 0f, iv a0 a1 .. ab.
constexpr std::array<std::uint8_t, 16> kKey = {0, 1, 2,  3,  4,  5,  6,  7,
                                               8, 9, 10, 11, 12, 13, 14, 15};
constexpr std::array<std::uint8_t, 12> kIv = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                                              0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

std::unique_ptr<Tls13Protection> protection(crypto::AeadId id = crypto::AeadId::aes128_gcm) {
  std::vector<std::uint8_t> key(crypto::key_size(id));
  std::iota(key.begin(), key.end(), std::uint8_t{0});
  auto aead = crypto::make_aead(id, key);
  EXPECT_TRUE(aead);
  auto p = Tls13Protection::create(std::move(*aead), kIv);
  EXPECT_TRUE(p);
  return std::move(*p);
}

// ---- framing

TEST(RecordFraming, ThreeRecordsSplitAtEveryByte) {
  const Bytes a = pattern(1, 1), b = pattern(300, 2), c = pattern(17, 3);
  Bytes stream = record(22, a);
  const Bytes rb = record(21, Bytes{1, 0}), rc = record(23, c), rd = record(22, b);
  stream.insert(stream.end(), rb.begin(), rb.end());
  stream.insert(stream.end(), rc.begin(), rc.end());
  stream.insert(stream.end(), rd.begin(), rd.end());
  const std::vector<Got> expected = {{ContentType::handshake, a, false},
                                     {ContentType::alert, {1, 0}, false},
                                     {ContentType::application_data, c, false},
                                     {ContentType::handshake, b, false}};
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    SCOPED_TRACE(split);
    RecordLayer rl;
    rl.receive(std::span(stream).first(split));
    auto got = drain(rl);
    rl.receive(std::span(stream).subspan(split));
    auto rest = drain(rl);
    got.insert(got.end(), rest.begin(), rest.end());
    ASSERT_EQ(got, expected);
    EXPECT_EQ(rl.buffered(), 0u);
  }
}

TEST(RecordFraming, OneByteAtATime) {
  const Bytes content = pattern(1000, 9);
  const Bytes stream = record(22, content);
  RecordLayer rl;
  std::vector<Got> got;
  for (std::uint8_t byte : stream) {
    rl.receive(std::span(&byte, 1));
    auto some = drain(rl);
    got.insert(got.end(), some.begin(), some.end());
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content, content);
}

TEST(RecordFraming, SeveralRecordsInOneReceive) {
  Bytes stream;
  for (int i = 0; i < 50; ++i) {
    const auto r =
        record(22, pattern(static_cast<std::size_t>(i + 1), static_cast<std::uint8_t>(i)));
    stream.insert(stream.end(), r.begin(), r.end());
  }
  RecordLayer rl;
  rl.receive(stream);
  const auto got = drain(rl);
  ASSERT_EQ(got.size(), 50u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].content, pattern(i + 1, static_cast<std::uint8_t>(i)));
  }
}

TEST(RecordFraming, LargestPlaintextIsAccepted) {
  RecordLayer rl;
  rl.receive(record(23, Bytes(kMaxPlaintext, 7)));
  const auto got = drain(rl);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content.size(), kMaxPlaintext);
}

TEST(RecordFraming, PlaintextOver2To14IsRecordOverflowOnTheHeader) {
  // RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes. An endpoint that
  // receives a record that exceeds this length MUST terminate the connection
  // with a "record_overflow" alert." Decided on the 5-byte header alone.
  RecordLayer rl;
  rl.receive(Bytes{22, 3, 3, 0x40, 0x01});
  auto r = rl.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::record_overflow);
}

TEST(RecordFraming, CiphertextOver2To14Plus256IsRecordOverflow) {
  // RFC 8446 §5.2: "The length MUST NOT exceed 2^14 + 256 bytes."
  RecordLayer rl;
  rl.set_read_protection(protection());
  rl.receive(Bytes{23, 3, 3, 0x41, 0x01});
  auto r = rl.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::record_overflow);
}

TEST(RecordFraming, CiphertextOf2To14Plus256PassesTheLengthCheck) {
  RecordLayer rl;
  rl.set_read_protection(protection());
  rl.receive(record(23, Bytes(kMaxCiphertext13, 0)));
  auto r = rl.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::bad_record_mac) << "the length is fine, the tag is not";
}

TEST(RecordFraming, PlaintextLimitStillHoldsForUnprotectedTypesWhenKeysAreSet) {
  // A change_cipher_spec or alert record in the clear is a TLSPlaintext.
  RecordLayer rl;
  rl.set_read_protection(protection());
  rl.receive(Bytes{20, 3, 3, 0x40, 0x01});
  auto r = rl.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::record_overflow);
}

TEST(RecordFraming, UnknownContentTypeIsUnexpectedMessage) {
  // RFC 8446 §5: "If a TLS implementation receives an unexpected record type,
  // it MUST terminate the connection with an "unexpected_message" alert."
  for (std::uint8_t type : std::initializer_list<std::uint8_t>{0, 19, 24, 25, 0xff}) {
    SCOPED_TRACE(static_cast<int>(type));
    RecordLayer rl;
    rl.receive(record(type, Bytes{1}));
    auto r = rl.next();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().alert, AD::unexpected_message);
  }
}

TEST(RecordFraming, WritesCutContentIntoRecordsOfAtMostMaxFragment) {
  RecordLayer w;
  const Bytes content = pattern(40000, 5);
  ASSERT_TRUE(w.write(ContentType::application_data, content));
  RecordLayer r;
  r.receive(w.take_output());
  const auto got = drain(r);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].content.size(), kMaxPlaintext);
  EXPECT_EQ(got[1].content.size(), kMaxPlaintext);
  Bytes joined;
  for (const auto& g : got) joined.insert(joined.end(), g.content.begin(), g.content.end());
  EXPECT_EQ(joined, content);

  // RFC 8449: a peer's record_size_limit lowers the fragment size.
  w.set_max_fragment(100);
  ASSERT_TRUE(w.write(ContentType::handshake, pattern(250, 1)));
  r.receive(w.take_output());
  const auto small = drain(r);
  ASSERT_EQ(small.size(), 3u);
  EXPECT_EQ(small[0].content.size(), 100u);
  EXPECT_EQ(small[2].content.size(), 50u);
}

TEST(RecordFraming, PlaintextVersionOfWrittenRecords) {
  RecordLayer w;
  w.set_plaintext_version(kTls10);
  ASSERT_TRUE(w.write(ContentType::handshake, Bytes{1, 2}));
  EXPECT_EQ(w.take_output(), (Bytes{22, 3, 1, 0, 2, 1, 2}));
  w.set_plaintext_version(kTls12);
  ASSERT_TRUE(w.write(ContentType::alert, Bytes{2, 10}));
  EXPECT_EQ(w.take_output(), (Bytes{21, 3, 3, 0, 2, 2, 10}));
}

// ---- TLS 1.3 protection

TEST(Tls13Protection, RoundTripWithPaddingKeepsTypeAndContent) {
  for (std::size_t padding : {0u, 1u, 10u, 255u}) {
    SCOPED_TRACE(padding);
    RecordLayer w, r;
    w.set_write_protection(protection());
    w.set_padding(padding);
    r.set_read_protection(protection());
    const Bytes hs = pattern(77, 1), app = pattern(5, 2), alert = {2, 40};
    ASSERT_TRUE(w.write(ContentType::handshake, hs));
    ASSERT_TRUE(w.write(ContentType::application_data, app));
    ASSERT_TRUE(w.write(ContentType::alert, alert));
    const Bytes wire = w.take_output();
    // Each record: header, content, type byte, padding, 16-byte tag; all
    // wear the outer type application_data and version 0x0303 (§5.2).
    EXPECT_EQ(wire.size(), 3 * (5 + 1 + padding + 16) + hs.size() + app.size() + alert.size());
    EXPECT_EQ(wire[0], 23);
    EXPECT_EQ(wire[1], 3);
    EXPECT_EQ(wire[2], 3);
    const std::size_t first = 5 + hs.size() + 1 + padding + 16;
    EXPECT_EQ(wire[3] << 8 | wire[4], static_cast<int>(first - 5));
    r.receive(wire);
    const auto got = drain(r);
    const std::vector<Got> expected = {{ContentType::handshake, hs, true},
                                       {ContentType::application_data, app, true},
                                       {ContentType::alert, alert, true}};
    EXPECT_EQ(got, expected);
  }
}

TEST(Tls13Protection, EveryAeadRoundTrips) {
  for (auto id : {crypto::AeadId::aes128_gcm, crypto::AeadId::aes256_gcm,
                  crypto::AeadId::chacha20_poly1305}) {
    RecordLayer w, r;
    w.set_write_protection(protection(id));
    r.set_read_protection(protection(id));
    const Bytes data = pattern(kMaxPlaintext, 4);
    ASSERT_TRUE(w.write(ContentType::application_data, data));
    r.receive(w.take_output());
    const auto got = drain(r);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].content, data);
  }
}

TEST(Tls13Protection, ZeroLengthApplicationDataRecordIsAllowed) {
  // RFC 8446 §5.1: "Zero-length fragments of Application Data MAY be sent,
  // as they are potentially useful as a traffic analysis countermeasure."
  RecordLayer w, r;
  w.set_write_protection(protection());
  r.set_read_protection(protection());
  ASSERT_TRUE(w.write(ContentType::application_data, {}));
  const Bytes wire = w.take_output();
  EXPECT_EQ(wire.size(), 5u + 1 + 16);
  r.receive(wire);
  const auto got = drain(r);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].type, ContentType::application_data);
  EXPECT_TRUE(got[0].content.empty());

  // Unprotected, too.
  RecordLayer pw, pr;
  ASSERT_TRUE(pw.write(ContentType::application_data, {}));
  EXPECT_EQ(pw.take_output(), (Bytes{23, 3, 3, 0, 0}));
}

TEST(Tls13Protection, RecordOverTheLimitWeAdvertisedIsRecordOverflow) {
  // RFC 8449 §4: "A TLS endpoint that receives a record larger than its
  // advertised limit MUST generate a fatal "record_overflow" alert". In
  // TLS 1.3 the limit is the whole TLSInnerPlaintext: content, content type
  // and padding. We advertised 100: 99 bytes of content fit, and so do 89
  // with 10 of padding; 100 bytes, or 90 with 10 of padding, do not.
  struct Case {
    std::size_t content, padding;
    bool fits;
  };
  for (const Case c : {Case{99, 0, true}, Case{89, 10, true}, Case{100, 0, false},
                       Case{90, 10, false}}) {
    SCOPED_TRACE(testing::Message() << c.content << " + " << c.padding);
    RecordLayer w, r;
    w.set_write_protection(protection());
    w.set_padding(c.padding);
    r.set_read_protection(protection());
    r.set_max_received_plaintext(100);
    ASSERT_TRUE(w.write(ContentType::application_data, pattern(c.content, 3)));
    r.receive(w.take_output());
    auto got = r.next();
    if (c.fits) {
      ASSERT_TRUE(got.ok()) << got.error().describe();
      ASSERT_TRUE(got->has_value());
      EXPECT_EQ((*got)->content.size(), c.content);
    } else {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.error().alert, AD::record_overflow);
      EXPECT_NE(got.error().rule.find("RFC 8449 §4"), std::string_view::npos);
    }
  }
  // Without a negotiated limit, a full record is accepted.
  RecordLayer w, r;
  w.set_write_protection(protection());
  r.set_read_protection(protection());
  ASSERT_TRUE(w.write(ContentType::application_data, pattern(kMaxPlaintext, 4)));
  r.receive(w.take_output());
  EXPECT_EQ(drain(r).at(0).content.size(), kMaxPlaintext);
}

TEST(Tls13Protection, NonceIsTheIvXorTheSequenceNumber) {
  // RFC 8446 §5.3: "1. The 64-bit record sequence number is encoded in
  // network byte order and padded to the left with zeros to iv_length.
  // 2. The padded sequence number is XORed with either the static
  // client_write_iv or server_write_iv (depending on the role)."
  auto p = protection();
  EXPECT_EQ(p->next_nonce(), kIv) << "sequence 0: the IV itself";
  p->set_sequence_for_test(0x0102030405060708);
  const std::array<std::uint8_t, 12> by_hand = {0xa0,        0xa1,        0xa2,        0xa3,
                                                0xa4 ^ 0x01, 0xa5 ^ 0x02, 0xa6 ^ 0x03, 0xa7 ^ 0x04,
                                                0xa8 ^ 0x05, 0xa9 ^ 0x06, 0xaa ^ 0x07, 0xab ^ 0x08};
  EXPECT_EQ(p->next_nonce(), by_hand);

  // And a sealed record opens with that nonce, the header as additional data
  // (§5.2), using the AEAD directly.
  Bytes out;
  ASSERT_TRUE(p->seal(ContentType::application_data, Bytes{'h', 'i'}, 0, out, nullptr));
  ASSERT_EQ(out.size(), 5u + 3 + 16);
  auto aead = crypto::make_aead(crypto::AeadId::aes128_gcm, kKey);
  ASSERT_TRUE(aead);
  Bytes inner(3);
  ASSERT_TRUE((*aead)->open(by_hand, std::span(out).first(5), std::span(out).subspan(5), inner));
  EXPECT_EQ(inner, (Bytes{'h', 'i', 23}));
  EXPECT_EQ(p->sequence(), 0x0102030405060709u);
}

TEST(Tls13Protection, SequenceNumbersCountRecordsPerDirection) {
  RecordLayer w, r;
  w.set_write_protection(protection());
  r.set_read_protection(protection());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(w.write(ContentType::application_data, Bytes{1}));
  EXPECT_EQ(w.write_protection()->sequence(), 5u);
  EXPECT_EQ(r.read_protection()->sequence(), 0u);
  const Bytes wire = w.take_output();
  r.receive(wire);
  EXPECT_EQ(drain(r).size(), 5u);
  EXPECT_EQ(r.read_protection()->sequence(), 5u);

  // Records out of order (or replayed) do not open: each is bound to its number.
  RecordLayer r2;
  r2.set_read_protection(protection());
  const std::size_t one = wire.size() / 5;
  r2.receive(std::span(wire).subspan(one, one));
  auto second_first = r2.next();
  ASSERT_FALSE(second_first.ok());
  EXPECT_EQ(second_first.error().alert, AD::bad_record_mac);
}

TEST(Tls13Protection, ShouldUpdateAtTheAesGcmLimit) {
  // RFC 8446 §5.5: AES-GCM keys for at most 2^24.5 full-size records; this
  // stack updates at 2^24 (kAesGcmRecordLimit).
  auto p = protection();
  EXPECT_FALSE(p->should_update());
  p->set_sequence_for_test(kAesGcmRecordLimit - 1);
  EXPECT_FALSE(p->should_update());
  Bytes out;
  ASSERT_TRUE(p->seal(ContentType::application_data, Bytes{1}, 0, out, nullptr));
  EXPECT_EQ(p->sequence(), kAesGcmRecordLimit);
  EXPECT_TRUE(p->should_update());

  auto chacha = protection(crypto::AeadId::chacha20_poly1305);
  chacha->set_sequence_for_test(kAesGcmRecordLimit);
  EXPECT_FALSE(chacha->should_update()) << "ChaCha20-Poly1305 has no 2^24 limit";
}

TEST(Tls13Protection, SequenceNumberNeverWraps) {
  // RFC 8446 §5.3: "If a TLS implementation would need to wrap a sequence
  // number, it MUST either rekey (Section 4.6.3) or terminate the connection."
  auto p = protection(crypto::AeadId::chacha20_poly1305);
  p->set_sequence_for_test(~std::uint64_t{0} - 1);
  EXPECT_TRUE(p->should_update());
  Bytes out;
  ASSERT_TRUE(p->seal(ContentType::application_data, Bytes{1}, 0, out, nullptr));
  auto r = p->seal(ContentType::application_data, Bytes{1}, 0, out, nullptr);
  EXPECT_FALSE(r.ok());
}

TEST(Tls13Protection, TamperedRecordIsBadRecordMac) {
  RecordLayer w;
  w.set_write_protection(protection());
  ASSERT_TRUE(w.write(ContentType::application_data, pattern(100, 1)));
  const Bytes wire = w.take_output();
  for (std::size_t at : {std::size_t{3}, std::size_t{5}, std::size_t{60}, wire.size() - 1}) {
    SCOPED_TRACE(at);
    Bytes bad = wire;
    bad[at] ^= 0x01;  // the header (additional data), the ciphertext, the tag
    RecordLayer r;
    r.set_read_protection(protection());
    r.receive(bad);
    auto got = r.next();
    if (at == 3) {
      // A changed length: the record is incomplete, or too long to be one.
      ASSERT_TRUE(!got.ok() || !got->has_value());
      continue;
    }
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().alert, AD::bad_record_mac);
  }
}

TEST(Tls13Protection, RecordTooShortForATagIsBadRecordMac) {
  RecordLayer r;
  r.set_read_protection(protection());
  r.receive(record(23, Bytes(16, 0)));
  auto got = r.next();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().alert, AD::bad_record_mac);
}

TEST(Tls13Protection, InnerPlaintextOfZerosIsUnexpectedMessage) {
  // RFC 8446 §5.4: "If a receiving implementation does not find a non-zero
  // octet in the cleartext, it MUST terminate the connection with an
  // "unexpected_message" alert."
  for (std::size_t padding : {0u, 1u, 40u}) {
    SCOPED_TRACE(padding);
    auto sealer = protection();
    Bytes out;
    ASSERT_TRUE(sealer->seal(ContentType::invalid, {}, padding, out, nullptr));
    RecordLayer r;
    r.set_read_protection(protection());
    r.receive(out);
    auto got = r.next();
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().alert, AD::unexpected_message);
  }
}

TEST(Tls13Protection, LastNonzeroByteAtEveryPlaceAroundTheScanBlocks) {
  // RFC 8446 §5.4: the content type is the last non-zero byte. The scan works
  // in blocks of 128 bytes; the type is put at every place of records of up
  // to 300 bytes (across two block boundaries, full and short last blocks)
  // and of the last 300 bytes of a full record, with zeros after it and
  // content (some of it zero) before it.
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 300; ++n) sizes.push_back(n);
  sizes.push_back(kMaxPlaintext + 1);
  for (const std::size_t size : sizes) {
    const std::size_t first_type = size > 300 ? size - 300 : 0;
    for (std::size_t at = first_type; at < size; ++at) {
      Bytes inner(size, 0);
      for (std::size_t i = 0; i < at; ++i) inner[i] = static_cast<std::uint8_t>(i % 2 ? 0 : i | 1);
      inner[at] = 23;
      const auto [found, index] = last_nonzero_byte(inner);
      ASSERT_TRUE(found.declassify()) << size << " " << at;
      ASSERT_EQ(index, at) << size;
    }
    EXPECT_FALSE(last_nonzero_byte(Bytes(size, 0)).first.declassify()) << size;
  }
}

TEST(Tls13Protection, InnerContentOver2To14IsRecordOverflow) {
  // RFC 8446 §5.4: the content of a TLSInnerPlaintext is at most 2^14 bytes,
  // even though the ciphertext may be 2^14 + 256. Sealed by hand.
  Bytes inner(kMaxPlaintext + 1, 'x');
  inner.push_back(23);
  const std::size_t n = inner.size() + 16;
  Bytes out = {23, 3, 3, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
  out.resize(5 + n);
  auto aead = crypto::make_aead(crypto::AeadId::aes128_gcm, kKey);
  ASSERT_TRUE((*aead)->seal(kIv, std::span(out).first(5), inner, std::span(out).subspan(5)));
  RecordLayer r;
  r.set_read_protection(protection());
  r.receive(out);
  auto got = r.next();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().alert, AD::record_overflow);
}

TEST(Tls13Protection, SealRefusesContentOver2To14) {
  auto p = protection();
  Bytes out;
  EXPECT_FALSE(
      p->seal(ContentType::application_data, Bytes(kMaxPlaintext + 1, 0), 0, out, nullptr).ok());
  // RFC 8446 §5.4: "the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
  // + 1 octets" — padding included.
  EXPECT_FALSE(
      p->seal(ContentType::application_data, Bytes(kMaxPlaintext, 0), 1, out, nullptr).ok())
      << "TLSInnerPlaintext of 2^14 + 2 bytes";
  EXPECT_TRUE(
      p->seal(ContentType::application_data, Bytes(kMaxPlaintext, 0), 0, out, nullptr).ok());
  EXPECT_TRUE(
      p->seal(ContentType::application_data, Bytes(kMaxPlaintext - 255, 0), 255, out, nullptr)
          .ok());
}

TEST(Tls13Protection, FullRecordsGetOnlyThePaddingThatFits) {
  // RFC 8446 §5.4: padding "does not change the overall record size
  // limitations": with 255 bytes of padding asked for, a write of 2^14 + 100
  // bytes makes a full record with no padding (2^14 + 1 inside) and a short
  // one with all 255, and both open.
  RecordLayer w, r;
  w.set_write_protection(protection());
  w.set_padding(255);
  r.set_read_protection(protection());
  const Bytes data = pattern(kMaxPlaintext + 100, 7);
  ASSERT_TRUE(w.write(ContentType::application_data, data));
  const Bytes wire = w.take_output();
  ASSERT_EQ(wire[3] << 8 | wire[4], static_cast<int>(kMaxPlaintext + 1 + 16));
  EXPECT_EQ(wire.size(), 2 * (5 + 1 + 16) + kMaxPlaintext + 100 + 255);
  r.receive(wire);
  const auto got = drain(r);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].content.size(), kMaxPlaintext);
  EXPECT_EQ(got[1].content.size(), 100u);
}

TEST(Tls13Protection, ChangeCipherSpecAndPlaintextAlertsPassUnprotected) {
  // RFC 8446 §5: only application_data records are opened; CCS (and a
  // plaintext alert) are handed up for the handshake to judge.
  RecordLayer r;
  r.set_read_protection(protection());
  Bytes stream = record(20, Bytes{1});
  const Bytes alert = record(21, Bytes{2, 40});
  stream.insert(stream.end(), alert.begin(), alert.end());
  r.receive(stream);
  const auto got = drain(r);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_FALSE(got[0].was_protected);
  EXPECT_EQ(got[0].type, ContentType::change_cipher_spec);
  EXPECT_FALSE(got[1].was_protected);
  EXPECT_EQ(got[1].type, ContentType::alert);

  // And a writer never protects a CCS (§D.4).
  RecordLayer w;
  w.set_write_protection(protection());
  ASSERT_TRUE(w.write(ContentType::change_cipher_spec, Bytes{1}));
  EXPECT_EQ(w.take_output(), (Bytes{20, 3, 3, 0, 1, 1}));
}

TEST(Tls13Protection, ProtectedRecordsSplitAtEveryByte) {
  RecordLayer w;
  w.set_write_protection(protection());
  w.set_padding(3);
  ASSERT_TRUE(w.write(ContentType::handshake, pattern(40, 1)));
  ASSERT_TRUE(w.write(ContentType::application_data, pattern(9, 2)));
  const Bytes wire = w.take_output();
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    SCOPED_TRACE(split);
    RecordLayer r;
    r.set_read_protection(protection());
    r.receive(std::span(wire).first(split));
    auto got = drain(r);
    r.receive(std::span(wire).subspan(split));
    auto rest = drain(r);
    got.insert(got.end(), rest.begin(), rest.end());
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].content, pattern(40, 1));
    EXPECT_EQ(got[1].content, pattern(9, 2));
  }
}

}  // namespace
}  // namespace glasstls::record
