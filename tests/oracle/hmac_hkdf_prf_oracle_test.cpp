// HMAC, HKDF (+ the TLS 1.3 labels) and the TLS 1.2 PRF against mbedTLS 2.28.
//
// Oracles: mbedtls_md_hmac, mbedtls_hkdf_extract/expand, a P_hash written here
// with mbedtls_md_hmac_* (RFC 5246 §5) and mbedtls_ssl_tls_prf (libmbedtls), and
// an HkdfLabel built here byte by byte (RFC 8446 §7.1).
#include <mbedtls/hkdf.h>
#include <mbedtls/ssl.h>

#include <array>

#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/prf12.hpp"
#include "tests/oracle/oracle_support.hpp"

namespace glasstls::oracle {
namespace {

using crypto::digest_size;
using crypto::Hmac;

std::uint64_t case_seed(std::uint64_t test, HashId id, std::size_t i) {
  return (test << 40) ^ (std::uint64_t{static_cast<std::uint8_t>(id)} << 32) ^ i;
}

// Appends the characters of s (g++ 12 -O3 warns falsely on vector::insert of
// char iterators into a byte vector: -Wstringop-overflow).
void append(Bytes& b, const std::string& s) {
  for (char c : s) b.push_back(static_cast<std::uint8_t>(c));
}

std::string random_label(TestRandom& rnd, std::size_t n) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz 0123456789";
  std::string s(n, ' ');
  for (auto& c : s) c = kChars[rnd.below(sizeof kChars - 1)];
  return s;
}

// ---------------------------------------------------------------- HMAC

class HmacOracle : public BackendTest {};

TEST_P(HmacOracle, MacStreamingAndVerify) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    const auto lengths = sample_lengths();
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      const std::size_t len = lengths[i];
      const std::size_t key_len = i % 201;  // every key length 0..200 appears
      const std::uint64_t seed = case_seed(1, id, len);
      TestRandom rnd(seed);
      const Bytes key = rnd.bytes(key_len);
      const Bytes msg = rnd.bytes(len);
      const Bytes want = ref_hmac(id, key, msg);
      const std::string where = std::string(short_name(id)) +
                                " key_len=" + std::to_string(key_len) +
                                " len=" + std::to_string(len) + " seed=" + std::to_string(seed);

      EXPECT_EQ(hex(Hmac::mac(id, key, msg).bytes()), hex(want)) << "mac " << where;

      // Streaming with random cuts, then the same object for a second message.
      Hmac h(id, key);
      EXPECT_EQ(h.size(), digest_size(id));
      std::size_t pos = 0;
      for (std::size_t cut : split_points(rnd, len)) {
        h.update(sub(msg, pos, cut));
        pos = cut;
      }
      h.update(sub(msg, pos, len));
      Bytes out(h.size());
      h.finish(out);
      EXPECT_EQ(hex(out), hex(want)) << "streaming " << where;
      const Bytes msg2 = rnd.bytes(rnd.below(300));
      h.update(msg2);
      EXPECT_EQ(hex(h.finish().bytes()), hex(ref_hmac(id, key, msg2))) << "reused " << where;

      // verify: the right tag, a tag with one bit flipped, a truncated tag.
      Bytes flipped = want;
      flipped[rnd.below(flipped.size())] ^= static_cast<std::uint8_t>(1u << rnd.below(8));
      h.update(msg);
      EXPECT_TRUE(h.verify(want).declassify()) << "verify(good) " << where;
      h.update(msg);
      EXPECT_FALSE(h.verify(flipped).declassify()) << "verify(flipped) " << where;
      h.update(msg);
      EXPECT_FALSE(h.verify(std::span(want).first(want.size() - 1)).declassify())
          << "verify(truncated) " << where;
      h.update(msg);
      EXPECT_TRUE(h.verify(want).declassify()) << "verify(good) after failures " << where;
      ++cases;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

GLASSTLS_ORACLE_BACKENDS(HmacOracle);

// ---------------------------------------------------------------- HKDF

Bytes ref_expand(HashId id, const Bytes& prk, const Bytes& info, std::size_t n) {
  Bytes out(n);
  EXPECT_EQ(
      mbedtls_hkdf_expand(md_info(id), ptr(prk), prk.size(), ptr(info), info.size(), ptr(out), n),
      0)
      << "mbedtls_hkdf_expand n=" << n;
  return out;
}

// RFC 8446 §7.1, written out independently of crypto/hkdf.cpp:
//   struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel;
Bytes build_hkdf_label(std::size_t length, const std::string& label, const Bytes& context) {
  const std::string full = "tls13 " + label;
  Bytes b;
  b.push_back(static_cast<std::uint8_t>(length >> 8));
  b.push_back(static_cast<std::uint8_t>(length & 0xff));
  b.push_back(static_cast<std::uint8_t>(full.size()));
  append(b, full);
  b.push_back(static_cast<std::uint8_t>(context.size()));
  b.insert(b.end(), context.begin(), context.end());
  return b;
}

class HkdfOracle : public BackendTest {};

TEST_P(HkdfOracle, Extract) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    const auto lengths = sample_lengths();
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      const std::size_t len = lengths[i];
      const std::size_t salt_len = i % 201;
      const std::uint64_t seed = case_seed(2, id, len);
      TestRandom rnd(seed);
      const Bytes salt = rnd.bytes(salt_len);
      const Bytes ikm = rnd.bytes(len);
      Bytes want(digest_size(id));
      // An empty salt goes to mbedTLS as NULL: its "HashLen zeros" path.
      ASSERT_EQ(mbedtls_hkdf_extract(md_info(id), salt.empty() ? nullptr : salt.data(), salt.size(),
                                     ptr(ikm), ikm.size(), want.data()),
                0);
      const std::string where = std::string(short_name(id)) +
                                " salt_len=" + std::to_string(salt_len) +
                                " ikm_len=" + std::to_string(len) + " seed=" + std::to_string(seed);
      EXPECT_EQ(hex(crypto::hkdf_extract(id, salt, ikm).bytes()), hex(want)) << where;
      if (salt.empty()) {
        const Bytes zeros(digest_size(id), 0);
        EXPECT_EQ(hex(crypto::hkdf_extract(id, zeros, ikm).bytes()), hex(want))
            << "HashLen zero salt " << where;
      }
      ++cases;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

// Output lengths 0..300, multiples of HashLen (and neighbours) across the range
// up to `max`, a few random ones, and `max` itself.
std::vector<std::size_t> output_lengths(HashId id, std::size_t max, TestRandom& rnd) {
  const std::size_t h = digest_size(id);
  std::vector<std::size_t> v;
  for (std::size_t n = 0; n <= 300; ++n) v.push_back(n);
  for (std::size_t k : {10, 16, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 254, 255, 312}) {
    for (std::size_t n : {k * h - 1, k * h, k * h + 1}) {
      if (n <= max) v.push_back(n);
    }
  }
  for (int i = 0; i < 16; ++i) v.push_back(rnd.below(max + 1));
  v.push_back(max);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

TEST_P(HkdfOracle, Expand) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    const std::size_t h = digest_size(id);
    TestRandom len_rnd(case_seed(3, id, 0));
    for (std::size_t n : output_lengths(id, 255 * h, len_rnd)) {
      const std::uint64_t seed = case_seed(4, id, n);
      TestRandom rnd(seed);
      // PRK: usually HashLen (an Extract output), sometimes longer (mbedTLS
      // refuses shorter).
      const Bytes prk = rnd.bytes(rnd.below(4) == 0 ? h + rnd.below(200) : h);
      const Bytes info = rnd.bytes(rnd.below(4) == 0 ? 0 : rnd.below(301));
      const std::string where = std::string(short_name(id)) + " L=" + std::to_string(n) +
                                " prk_len=" + std::to_string(prk.size()) +
                                " info_len=" + std::to_string(info.size()) +
                                " seed=" + std::to_string(seed);
      Bytes out(n, 0xee);
      const auto r = crypto::hkdf_expand(id, prk, info, out);
      ASSERT_TRUE(r.ok()) << where;
      EXPECT_EQ(hex(out), hex(ref_expand(id, prk, info, n))) << where;
      ++cases;
      if (too_many_failures()) return;
    }
    // One over the maximum fails, in both implementations.
    TestRandom rnd(case_seed(5, id, 0));
    const Bytes prk = rnd.bytes(h), info = rnd.bytes(10);
    Bytes over(255 * h + 1);
    EXPECT_FALSE(crypto::hkdf_expand(id, prk, info, over).ok()) << short_name(id);
    EXPECT_NE(mbedtls_hkdf_expand(md_info(id), prk.data(), prk.size(), info.data(), info.size(),
                                  over.data(), over.size()),
              0)
        << short_name(id);
  }
  RecordProperty("cases", static_cast<int>(cases));
}

TEST_P(HkdfOracle, ExpandLabelAndDeriveSecret) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    const std::size_t h = digest_size(id);
    // Every label length the structure allows (1..249 plus "tls13 " = 7..255).
    for (std::size_t label_len = 1; label_len <= 249; ++label_len) {
      const std::uint64_t seed = case_seed(6, id, label_len);
      TestRandom rnd(seed);
      const std::string label = random_label(rnd, label_len);
      const std::size_t ctx_len =
          std::array<std::size_t, 4>{0, h, 255, rnd.below(256)}[label_len % 4];
      const Bytes context = rnd.bytes(ctx_len);
      // Mostly short outputs; the maximum 255*HashLen now and then.
      const std::size_t n = label_len % 50 == 0
                                ? 255 * h
                                : std::array<std::size_t, 3>{h, 12, rnd.below(1000)}[rnd.below(3)];
      const Bytes secret = rnd.bytes(h);
      const Bytes info = build_hkdf_label(n, label, context);
      const std::string where = std::string(short_name(id)) +
                                " label_len=" + std::to_string(label_len) +
                                " ctx_len=" + std::to_string(ctx_len) + " L=" + std::to_string(n) +
                                " seed=" + std::to_string(seed);

      const auto built = crypto::hkdf_label(static_cast<std::uint16_t>(n), label, context);
      ASSERT_TRUE(built.ok()) << where;
      EXPECT_EQ(hex(*built), hex(info)) << "hkdf_label " << where;

      Bytes out(n);
      ASSERT_TRUE(crypto::hkdf_expand_label(id, secret, label, context, out).ok()) << where;
      EXPECT_EQ(hex(out), hex(ref_expand(id, secret, info, n))) << "expand_label " << where;

      // Derive-Secret with this label and a transcript hash as the context.
      const Bytes th = rnd.bytes(h);
      const auto ds = crypto::derive_secret(id, secret, label, th);
      ASSERT_TRUE(ds.ok()) << where;
      EXPECT_EQ(hex(ds->bytes()), hex(ref_expand(id, secret, build_hkdf_label(h, label, th), h)))
          << "derive_secret " << where;
      ++cases;
      if (too_many_failures()) return;
    }

    // Limits: label > 249, context > 255, L > 255*HashLen, L > 0xffff.
    TestRandom rnd(case_seed(7, id, 0));
    const Bytes secret = rnd.bytes(h);
    Bytes out(h);
    EXPECT_FALSE(crypto::hkdf_expand_label(id, secret, random_label(rnd, 250), {}, out).ok())
        << short_name(id) << " label of 250 bytes";
    EXPECT_FALSE(crypto::hkdf_expand_label(id, secret, "key", rnd.bytes(256), out).ok())
        << short_name(id) << " context of 256 bytes";
    EXPECT_TRUE(crypto::hkdf_expand_label(id, secret, "key", rnd.bytes(255), out).ok())
        << short_name(id) << " context of 255 bytes";
    Bytes over(255 * h + 1);
    EXPECT_FALSE(crypto::hkdf_expand_label(id, secret, "key", {}, over).ok()) << short_name(id);
    Bytes huge(0x10000);
    EXPECT_FALSE(crypto::hkdf_expand_label(id, secret, "key", {}, huge).ok()) << short_name(id);
  }
  RecordProperty("cases", static_cast<int>(cases));
}

GLASSTLS_ORACLE_BACKENDS(HkdfOracle);

// ---------------------------------------------------------------- TLS 1.2 PRF

// RFC 5246 §5, with mbedTLS's HMAC:
//   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
//   A(0) = seed, A(i) = HMAC(secret, A(i-1)); PRF = P_hash(secret, label + seed).
Bytes ref_prf(HashId id, const Bytes& secret, const std::string& label, const Bytes& seed,
              std::size_t n) {
  const mbedtls_md_info_t* md = md_info(id);
  const std::size_t h = mbedtls_md_get_size(md);
  Bytes label_seed;
  append(label_seed, label);
  label_seed.insert(label_seed.end(), seed.begin(), seed.end());

  mbedtls_md_context_t ctx;
  mbedtls_md_init(&ctx);
  EXPECT_EQ(mbedtls_md_setup(&ctx, md, 1), 0);
  EXPECT_EQ(mbedtls_md_hmac_starts(&ctx, ptr(secret), secret.size()), 0);
  auto hmac = [&](std::initializer_list<const Bytes*> parts) {
    Bytes out(h);
    EXPECT_EQ(mbedtls_md_hmac_reset(&ctx), 0);
    for (const Bytes* p : parts) EXPECT_EQ(mbedtls_md_hmac_update(&ctx, ptr(*p), p->size()), 0);
    EXPECT_EQ(mbedtls_md_hmac_finish(&ctx, out.data()), 0);
    return out;
  };
  Bytes result;
  Bytes a = hmac({&label_seed});  // A(1)
  while (result.size() < n) {
    const Bytes block = hmac({&a, &label_seed});
    result.insert(result.end(), block.begin(),
                  block.begin() + static_cast<std::ptrdiff_t>(std::min(h, n - result.size())));
    a = hmac({&a});
  }
  mbedtls_md_free(&ctx);
  return result;
}

class PrfOracle : public BackendTest {};

TEST_P(PrfOracle, MatchesPHashAndMbedtlsSslTlsPrf) {
  static const char* const kLabels[] = {"master secret", "extended master secret", "key expansion",
                                        "client finished", "server finished"};
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    // Output lengths 0..300 and around multiples of HashLen up to 10000 (TLS
    // itself asks for at most a key block of a few hundred bytes).
    TestRandom len_rnd(case_seed(9, id, 0));
    const auto lengths = output_lengths(id, 10000, len_rnd);
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      const std::size_t n = lengths[i];
      const std::uint64_t seed_no = case_seed(8, id, n);
      TestRandom rnd(seed_no);
      const Bytes secret = rnd.bytes(i % 201);
      const std::string label =
          rnd.below(2) == 0 ? std::string(kLabels[rnd.below(5)]) : random_label(rnd, rnd.below(41));
      // The seed: often 64 bytes (client_random + server_random), else 0..300.
      const Bytes seed = rnd.bytes(rnd.below(2) == 0 ? 64 : rnd.below(301));
      const std::string where = std::string(short_name(id)) + " out_len=" + std::to_string(n) +
                                " secret_len=" + std::to_string(secret.size()) + " label='" +
                                label + "' seed_len=" + std::to_string(seed.size()) +
                                " case_seed=" + std::to_string(seed_no);

      Bytes out(n, 0xee);
      crypto::tls12_prf(id, secret, label, seed, out);
      const std::string got = hex(out);
      EXPECT_EQ(got, hex(ref_prf(id, secret, label, seed, n))) << "P_hash " << where;

      // TLS 1.2 defines the PRF with SHA-256 and SHA-384 only.
      if (id != HashId::sha512) {
        Bytes mb(n);
        ASSERT_EQ(
            mbedtls_ssl_tls_prf(
                id == HashId::sha256 ? MBEDTLS_SSL_TLS_PRF_SHA256 : MBEDTLS_SSL_TLS_PRF_SHA384,
                ptr(secret), secret.size(), label.c_str(), ptr(seed), seed.size(), ptr(mb), n),
            0)
            << where;
        EXPECT_EQ(got, hex(mb)) << "mbedtls_ssl_tls_prf " << where;
      }
      ++cases;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

GLASSTLS_ORACLE_BACKENDS(PrfOracle);

}  // namespace
}  // namespace glasstls::oracle
