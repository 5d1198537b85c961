// TLS 1.2 records and key schedule against mbedTLS 2.28.
//
// Records: the exact bytes of every record we seal, for each AEAD on both
// backends, against a record assembled here from the RFC text with mbedTLS's
// mbedtls_gcm_crypt_and_tag / mbedtls_chachapoly_encrypt_and_tag:
//   header = type || 03 03 || length                            (RFC 5246 §6.2)
//   AES-GCM: nonce = fixed_iv[4] || nonce_explicit[8], the record carries
//            nonce_explicit first                                (RFC 5288 §3)
//   ChaCha20-Poly1305: nonce = fixed_iv[12] XOR (0^4 || seq_num) (RFC 7905 §2)
//   additional_data = seq_num || type || 03 03 || plaintext length  (RFC 5246 §6.2.3.3)
// and records mbedTLS seals (any explicit nonce a peer may choose) open.
//
// Key schedule: mbedtls_ssl_tls_prf (MBEDTLS_SSL_TLS_PRF_SHA256/SHA384) with
// the labels and seeds of RFC 5246 §8.1, §6.3, §7.4.9 and RFC 7627 §4 on
// random inputs; and every record of vectors/tls12-key-schedule-mbedtls.kat
// recomputed by it.
#include <mbedtls/chachapoly.h>
#include <mbedtls/gcm.h>
#include <mbedtls/ssl.h>

#include <algorithm>
#include <tuple>

#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule12.hpp"
#include "tests/support/test_support.hpp"
#include "tests/tls12/tls12_test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::tls12_test {
namespace {

using AD = AlertDescription;
using record::ContentType;
using record::kHeaderSize;
using test::TestRandom;

// ---------------------------------------------------------------- records

// mbedTLS seals `plain` under key/nonce/aad: ciphertext || tag.
Bytes mbedtls_seal(AeadId id, const Bytes& key, const Bytes& nonce, const Bytes& aad,
                   const Bytes& plain) {
  Bytes out(plain.size() + 16);
  const unsigned char empty = 0;
  const unsigned char* in = plain.empty() ? &empty : plain.data();
  if (id == AeadId::chacha20_poly1305) {
    mbedtls_chachapoly_context ctx;
    mbedtls_chachapoly_init(&ctx);
    EXPECT_EQ(mbedtls_chachapoly_setkey(&ctx, key.data()), 0);
    EXPECT_EQ(
        mbedtls_chachapoly_encrypt_and_tag(&ctx, plain.size(), nonce.data(), aad.data(), aad.size(),
                                           in, out.data(), out.data() + plain.size()),
        0);
    mbedtls_chachapoly_free(&ctx);
  } else {
    mbedtls_gcm_context ctx;
    mbedtls_gcm_init(&ctx);
    EXPECT_EQ(mbedtls_gcm_setkey(&ctx, MBEDTLS_CIPHER_ID_AES, key.data(),
                                 static_cast<unsigned>(key.size() * 8)),
              0);
    EXPECT_EQ(mbedtls_gcm_crypt_and_tag(&ctx, MBEDTLS_GCM_ENCRYPT, plain.size(), nonce.data(),
                                        nonce.size(), aad.data(), aad.size(), in, out.data(), 16,
                                        out.data() + plain.size()),
              0);
    mbedtls_gcm_free(&ctx);
  }
  return out;
}

// A whole record as the RFCs describe it, sealed by mbedTLS. For AES-GCM,
// `explicit_nonce` is what the sender chose (we choose the sequence number).
Bytes reference_record(AeadId id, const Keys& k, std::uint64_t seq, std::uint8_t type,
                       const Bytes& plain, const Bytes& explicit_nonce) {
  const Bytes seq_num = be64(seq);
  Bytes nonce;
  if (id == AeadId::chacha20_poly1305) {
    nonce = k.iv;
    for (std::size_t i = 0; i < 8; ++i) nonce[4 + i] ^= seq_num[i];
  } else {
    nonce = k.iv;  // salt[4]
    nonce.insert(nonce.end(), explicit_nonce.begin(), explicit_nonce.end());
  }
  Bytes aad = seq_num;
  for (std::uint8_t b :
       {type, std::uint8_t{3}, std::uint8_t{3}, static_cast<std::uint8_t>(plain.size() >> 8),
        static_cast<std::uint8_t>(plain.size())}) {
    aad.push_back(b);
  }
  const Bytes sealed = mbedtls_seal(id, k.key, nonce, aad, plain);
  const std::size_t explicit_size = id == AeadId::chacha20_poly1305 ? 0 : 8;
  const std::size_t length = explicit_size + sealed.size();
  Bytes rec;
  for (std::uint8_t b :
       {type, std::uint8_t{3}, std::uint8_t{3}, static_cast<std::uint8_t>(length >> 8),
        static_cast<std::uint8_t>(length)}) {
    rec.push_back(b);
  }
  if (explicit_size) rec.insert(rec.end(), explicit_nonce.begin(), explicit_nonce.end());
  rec.insert(rec.end(), sealed.begin(), sealed.end());
  return rec;
}

using Param = std::tuple<AeadId, crypto::Backend>;

class Tls12RecordOracle : public testing::TestWithParam<Param> {
 protected:
  AeadId id() const { return std::get<0>(GetParam()); }
  crypto::Backend backend() const { return std::get<1>(GetParam()); }
};

constexpr std::uint64_t kSequences[] = {
    0, 1, 2, 255, 256, 0x0102030405060708, ~std::uint64_t{0} - 1, ~std::uint64_t{0}};
constexpr std::size_t kSizes[] = {0, 1, 15, 16, 17, 63, 64, 65, 255, 1000, 4097, 16384};

TEST_P(Tls12RecordOracle, SealedRecordsAreTheRfcBytes) {
  TestRandom rnd(static_cast<std::uint64_t>(id()) * 2 + static_cast<std::uint64_t>(backend()));
  for (std::uint64_t seq : kSequences) {
    for (std::size_t n : kSizes) {
      const Keys k{rnd.bytes(crypto::key_size(id())), rnd.bytes(fixed_iv_size(id()))};
      const Bytes plain = rnd.bytes(n);
      const std::uint8_t type = static_cast<std::uint8_t>(21 + rnd.below(3));
      auto p = protection(id(), k, backend());
      p->set_sequence_for_test(seq);
      Bytes got;
      ASSERT_TRUE(p->seal(static_cast<ContentType>(type), plain, 0, got, nullptr));
      // We send the sequence number as nonce_explicit (RFC 5288 §3 "MAY").
      const Bytes want = reference_record(id(), k, seq, type, plain, be64(seq));
      ASSERT_EQ(test::hex(got), test::hex(want)) << "seq " << seq << " size " << n;
    }
  }
}

TEST_P(Tls12RecordOracle, OpensMbedTlsRecordsWhateverTheExplicitNonce) {
  TestRandom rnd(100 + static_cast<std::uint64_t>(id()));
  for (std::uint64_t seq : kSequences) {
    for (std::size_t n : kSizes) {
      const Keys k{rnd.bytes(crypto::key_size(id())), rnd.bytes(fixed_iv_size(id()))};
      const Bytes plain = rnd.bytes(n);
      // A peer may choose any distinct nonce_explicit: a random one here.
      Bytes rec = reference_record(id(), k, seq, 23, plain, rnd.bytes(8));
      auto p = protection(id(), k, backend());
      p->set_sequence_for_test(seq);
      std::span<const std::uint8_t, kHeaderSize> header(rec.data(), kHeaderSize);
      auto o = p->open(header, std::span(rec).subspan(kHeaderSize), nullptr);
      ASSERT_TRUE(o) << "seq " << seq << " size " << n << ": " << o.error().describe();
      EXPECT_EQ(o->type, ContentType::application_data);
      EXPECT_EQ(Bytes(o->content.begin(), o->content.end()), plain);
    }
  }
}

TEST_P(Tls12RecordOracle, MbedTlsRecordOver2To14IsRecordOverflow) {
  TestRandom rnd(200);
  const Keys k{rnd.bytes(crypto::key_size(id())), rnd.bytes(fixed_iv_size(id()))};
  Bytes rec = reference_record(id(), k, 0, 23, rnd.bytes(16385), be64(0));
  auto p = protection(id(), k, backend());
  std::span<const std::uint8_t, kHeaderSize> header(rec.data(), kHeaderSize);
  auto o = p->open(header, std::span(rec).subspan(kHeaderSize), nullptr);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, AD::record_overflow);
}

INSTANTIATE_TEST_SUITE_P(
    AeadsAndBackends, Tls12RecordOracle,
    testing::Combine(testing::ValuesIn(kAeads),
                     testing::Values(crypto::Backend::accelerated, crypto::Backend::portable)),
    [](const testing::TestParamInfo<Param>& p) {
      return aead_name({std::get<0>(p.param), p.index}) +
             (std::get<1>(p.param) == crypto::Backend::portable ? "_portable" : "_accelerated");
    });

// ---------------------------------------------------------------- key schedule

Bytes mbedtls_prf(crypto::HashId hash, const Bytes& secret, const char* label, const Bytes& seed,
                  std::size_t n) {
  Bytes out(n);
  const auto type =
      hash == crypto::HashId::sha384 ? MBEDTLS_SSL_TLS_PRF_SHA384 : MBEDTLS_SSL_TLS_PRF_SHA256;
  EXPECT_EQ(mbedtls_ssl_tls_prf(type, secret.data(), secret.size(), label, seed.data(), seed.size(),
                                out.data(), out.size()),
            0);
  return out;
}

Bytes bytes(std::span<const std::uint8_t> s) { return Bytes(s.begin(), s.end()); }

Bytes cat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

handshake::Digest digest(const Bytes& b) {
  handshake::Digest d;
  std::copy(b.begin(), b.end(), d.bytes.begin());
  d.size = b.size();
  return d;
}

handshake::Random random_of(const Bytes& b) {
  handshake::Random r{};
  std::copy_n(b.begin(), 32, r.begin());
  return r;
}

TEST(KeySchedule12Oracle, EverySuiteOnRandomInputs) {
  using namespace handshake;
  std::size_t cases = 0;
  constexpr std::uint16_t kSuites[] = {0xc02b, 0xc02c, 0xc02f, 0xc030,
                                       0xcca8, 0xcca9, 0x009c, 0x009d};
  for (std::uint16_t code : kSuites) {
    const SuiteInfo* suite = find_suite(code, kTls12);
    ASSERT_NE(suite, nullptr) << std::hex << code;
    const std::size_t hash_len = crypto::digest_size(suite->hash);
    for (std::uint64_t i = 0; i < 25; ++i) {
      const std::uint64_t seed = std::uint64_t{code} << 16 | i;
      TestRandom rnd(seed);
      // Premaster sizes: x25519 32, P-256 32, P-384 48, RSA 48 — and odd ones.
      const Bytes pms = rnd.bytes(i % 5 == 4 ? 1 + rnd.below(200) : (i % 2 ? 48 : 32));
      const Bytes cr = rnd.bytes(32), sr = rnd.bytes(32);
      const Bytes session_hash = rnd.bytes(hash_len), hs_hash = rnd.bytes(hash_len);
      SCOPED_TRACE("suite " + std::to_string(code) + " seed " + std::to_string(seed));

      KeySchedule12 ks(suite->hash, nullptr);
      ks.derive_master_secret(pms, random_of(cr), random_of(sr));
      ASSERT_EQ(bytes(ks.master_secret().bytes()),
                mbedtls_prf(suite->hash, pms, "master secret", cat(cr, sr), 48));
      ks.derive_extended_master_secret(pms, digest(session_hash), random_of(cr));
      const Bytes ms = mbedtls_prf(suite->hash, pms, "extended master secret", session_hash, 48);
      ASSERT_EQ(bytes(ks.master_secret().bytes()), ms);

      const std::size_t key_len = suite->key_length, iv_len = suite->fixed_iv_length;
      const Bytes block =
          mbedtls_prf(suite->hash, ms, "key expansion", cat(sr, cr), 2 * key_len + 2 * iv_len);
      const auto kb = ks.key_block(random_of(cr), random_of(sr), key_len, iv_len);
      const auto part = [&](std::size_t from, std::size_t n) {
        return Bytes(block.begin() + static_cast<std::ptrdiff_t>(from),
                     block.begin() + static_cast<std::ptrdiff_t>(from + n));
      };
      ASSERT_EQ(bytes(kb.client.key.bytes()), part(0, key_len));
      ASSERT_EQ(bytes(kb.server.key.bytes()), part(key_len, key_len));
      ASSERT_EQ(bytes(kb.client.iv.bytes()), part(2 * key_len, iv_len));
      ASSERT_EQ(bytes(kb.server.iv.bytes()), part(2 * key_len + iv_len, iv_len));

      ASSERT_EQ(bytes(ks.finished_verify_data(FinishedSender::client, digest(hs_hash)).bytes()),
                mbedtls_prf(suite->hash, ms, "client finished", hs_hash, 12));
      ASSERT_EQ(bytes(ks.finished_verify_data(FinishedSender::server, digest(hs_hash)).bytes()),
                mbedtls_prf(suite->hash, ms, "server finished", hs_hash, 12));
      ++cases;
    }
  }
  EXPECT_EQ(cases, 200u);
}

TEST(KeySchedule12Oracle, TheKatFileIsWhatMbedTlsComputes) {
  const std::string name = "tls12-key-schedule-mbedtls.kat";
  vectors::KatParseError error;
  const auto file = vectors::parse_kat(name, test::read_file(test::vectors_dir() / name), &error);
  ASSERT_TRUE(error.message.empty()) << error.message;
  ASSERT_EQ(file.records.size(), 20u);
  for (const auto& r : file.records) {
    const auto hash =
        r.section == "tls12-prf-sha384" ? crypto::HashId::sha384 : crypto::HashId::sha256;
    EXPECT_EQ(mbedtls_prf(hash, r.bytes("secret"), r.text("label").c_str(), r.bytes("seed"),
                          r.bytes("out").size()),
              r.bytes("out"))
        << r.name;
  }
}

}  // namespace
}  // namespace glasstls::tls12_test
