// HMAC_DRBG (NIST SP 800-90A §10.1.2, no prediction resistance) against
// mbedTLS 2.28's mbedtls_hmac_drbg_*.
//
// How mbedTLS is driven so that it behaves as SP 800-90A with caller-given
// inputs (see /usr/include/mbedtls/hmac_drbg.h and library/hmac_drbg.c):
// - Instantiate: mbedtls_hmac_drbg_seed_buf(entropy || nonce || personalization)
//   is exactly §10.1.2.3 (K = 0..0, V = 1..1, Update(seed_material)). It leaves
//   f_entropy NULL (never reseeds); we then install an entropy callback that
//   hands out the bytes the test chooses, so mbedtls_hmac_drbg_reseed(additional)
//   is §10.1.2.4 with seed_material = entropy || additional.
// - mbedtls_hmac_drbg_seed() (the entropy-source path) takes entropy_len bytes
//   of entropy and entropy_len/2 of nonce from the callback: tested separately.
// - The reseed interval is set to INT_MAX so mbedTLS never reseeds on its own,
//   and prediction resistance stays off.
// - mbedTLS caps a request at 1024 bytes and additional input at 256 bytes
//   (compile-time MBEDTLS_HMAC_DRBG_MAX_*); GlassTLS allows 2^16-byte requests.
//   Larger requests are checked against §10.1.2.5 run on mbedTLS's own state
//   (mbedtls_hmac_drbg_update_ret plus its HMAC context and V).
#include <mbedtls/hmac_drbg.h>

#include <climits>
#include <cstring>

#include "crypto/rng.hpp"
#include "tests/oracle/oracle_support.hpp"

namespace glasstls::oracle {
namespace {

using crypto::digest_size;
using crypto::HmacDrbg;

std::uint64_t case_seed(std::uint64_t test, HashId id, std::size_t i) {
  return (test << 40) ^ (std::uint64_t{static_cast<std::uint8_t>(id)} << 32) ^ i;
}

Bytes cat(std::initializer_list<const Bytes*> parts) {
  Bytes v;
  for (const Bytes* p : parts) v.insert(v.end(), p->begin(), p->end());
  return v;
}

const unsigned char* ptr_or_null(const Bytes& b) { return b.empty() ? nullptr : b.data(); }

// The entropy "source": returns the bytes the test queued, and fails when
// asked for more (so an unexpected reseed shows up as an error).
struct EntropyFeed {
  Bytes data;
  std::size_t pos = 0;
};
int feed_entropy(void* p, unsigned char* out, std::size_t n) {
  auto* f = static_cast<EntropyFeed*>(p);
  if (f->data.size() - f->pos < n) return -1;
  if (n != 0) std::memcpy(out, f->data.data() + f->pos, n);
  f->pos += n;
  return 0;
}

class MbedDrbg {
 public:
  MbedDrbg() { mbedtls_hmac_drbg_init(&ctx_); }
  ~MbedDrbg() { mbedtls_hmac_drbg_free(&ctx_); }
  MbedDrbg(const MbedDrbg&) = delete;
  MbedDrbg& operator=(const MbedDrbg&) = delete;

  // §10.1.2.3 with seed_material = entropy || nonce || personalization.
  void seed_buf(HashId id, const Bytes& entropy, const Bytes& nonce, const Bytes& pers) {
    const Bytes material = cat({&entropy, &nonce, &pers});
    ASSERT_EQ(mbedtls_hmac_drbg_seed_buf(&ctx_, md_info(id), ptr(material), material.size()), 0);
    ctx_.f_entropy = feed_entropy;  // public in 2.28: enables reseed()
    ctx_.p_entropy = &feed_;
    configure();
  }

  // mbedtls_hmac_drbg_seed: entropy (entropy_len) then nonce (entropy_len / 2)
  // come from the callback.
  void seed_from_source(HashId id, const Bytes& entropy, const Bytes& nonce, const Bytes& pers) {
    ASSERT_EQ(nonce.size(), entropy.size() / 2);
    feed_ = {cat({&entropy, &nonce}), 0};
    mbedtls_hmac_drbg_set_entropy_len(&ctx_, entropy.size());
    ASSERT_EQ(mbedtls_hmac_drbg_seed(&ctx_, md_info(id), feed_entropy, &feed_, ptr_or_null(pers),
                                     pers.size()),
              0);
    EXPECT_EQ(feed_.pos, feed_.data.size());
    configure();
  }

  void reseed(const Bytes& entropy, const Bytes& additional) {
    feed_ = {entropy, 0};
    mbedtls_hmac_drbg_set_entropy_len(&ctx_, entropy.size());
    ASSERT_EQ(mbedtls_hmac_drbg_reseed(&ctx_, ptr_or_null(additional), additional.size()), 0);
    EXPECT_EQ(feed_.pos, entropy.size());
  }

  Bytes generate(std::size_t n, const Bytes& additional) {
    if (n > MBEDTLS_HMAC_DRBG_MAX_REQUEST || additional.size() > MBEDTLS_HMAC_DRBG_MAX_INPUT) {
      return generate_unbounded(n, additional);
    }
    feed_ = {};  // no reseed may happen
    Bytes out(n);
    EXPECT_EQ(mbedtls_hmac_drbg_random_with_add(&ctx_, ptr(out), n, ptr_or_null(additional),
                                                additional.size()),
              0);
    return out;
  }

 private:
  void configure() {
    mbedtls_hmac_drbg_set_reseed_interval(&ctx_, INT_MAX);
    mbedtls_hmac_drbg_set_prediction_resistance(&ctx_, MBEDTLS_HMAC_DRBG_PR_OFF);
  }

  // SP 800-90A §10.1.2.5 on mbedTLS's state, without mbedTLS's size caps (the
  // same steps as mbedtls_hmac_drbg_random_with_add).
  Bytes generate_unbounded(std::size_t n, const Bytes& additional) {
    const std::size_t md_len = mbedtls_md_get_size(ctx_.md_ctx.md_info);
    const unsigned char* add = ptr_or_null(additional);
    // 2. If additional_input != Null, (Key, V) = Update(additional_input, Key, V).
    if (add != nullptr) {
      EXPECT_EQ(mbedtls_hmac_drbg_update_ret(&ctx_, add, additional.size()), 0);
    }
    // 3-5. V = HMAC(Key, V); temp = temp || V, until n bytes.
    Bytes out;
    while (out.size() < n) {
      EXPECT_EQ(mbedtls_md_hmac_reset(&ctx_.md_ctx), 0);
      EXPECT_EQ(mbedtls_md_hmac_update(&ctx_.md_ctx, ctx_.V, md_len), 0);
      EXPECT_EQ(mbedtls_md_hmac_finish(&ctx_.md_ctx, ctx_.V), 0);
      out.insert(out.end(), ctx_.V, ctx_.V + std::min(md_len, n - out.size()));
    }
    // 6. (Key, V) = Update(additional_input, Key, V). 7. reseed_counter += 1.
    EXPECT_EQ(mbedtls_hmac_drbg_update_ret(&ctx_, add, additional.size()), 0);
    ++ctx_.reseed_counter;
    return out;
  }

  mbedtls_hmac_drbg_context ctx_;
  EntropyFeed feed_;
};

Bytes glass_generate(HmacDrbg& g, std::size_t n, const Bytes& additional) {
  Bytes out(n, 0xee);
  EXPECT_TRUE(g.generate(out, additional).ok()) << "generate n=" << n;
  return out;
}

class DrbgOracle : public BackendTest {};

// Random sequences of generate (with and without additional input, up to
// 1024 bytes through mbedTLS's API, now and then larger), and reseed.
TEST_P(DrbgOracle, RandomOperationSequences) {
  std::size_t scenarios = 0, ops = 0;
  for (HashId id : kAllHashes) {
    const std::size_t h = digest_size(id);
    for (std::size_t s = 0; s < 60; ++s) {
      const std::uint64_t seed = case_seed(1, id, s);
      TestRandom rnd(seed);
      const Bytes entropy = rnd.bytes(16 + rnd.below(81));
      const Bytes nonce = rnd.bytes(rnd.below(4) == 0 ? 0 : rnd.below(49));
      const Bytes pers = rnd.bytes(rnd.below(3) == 0 ? 0 : rnd.below(129));
      HmacDrbg g(id, entropy, nonce, pers);
      MbedDrbg m;
      m.seed_buf(id, entropy, nonce, pers);
      const std::string where =
          std::string(short_name(id)) + " entropy_len=" + std::to_string(entropy.size()) +
          " nonce_len=" + std::to_string(nonce.size()) +
          " pers_len=" + std::to_string(pers.size()) + " seed=" + std::to_string(seed);
      for (std::size_t op = 0; op < 12; ++op) {
        const std::size_t kind = rnd.below(20);
        if (kind < 14) {
          const std::size_t n = rnd.below(1025);
          const Bytes add = rnd.bytes(rnd.below(2) == 0 ? 0 : 1 + rnd.below(256));
          EXPECT_EQ(hex(glass_generate(g, n, add)), hex(m.generate(n, add)))
              << where << " op=" << op << " generate n=" << n << " add_len=" << add.size();
        } else if (kind < 19) {
          const Bytes e = rnd.bytes(16 + rnd.below(113));
          const std::size_t add_max = std::min<std::size_t>(256, 384 - e.size());
          const Bytes add = rnd.bytes(rnd.below(2) == 0 ? 0 : rnd.below(add_max + 1));
          g.reseed(e, add);
          m.reseed(e, add);
        } else {
          const std::size_t n = 1025 + rnd.below(9000);
          const Bytes add = rnd.bytes(rnd.below(2) == 0 ? 0 : rnd.below(600));
          EXPECT_EQ(hex(glass_generate(g, n, add)), hex(m.generate(n, add)))
              << where << " op=" << op << " large generate n=" << n << " add_len=" << add.size();
        }
        ++ops;
      }
      EXPECT_EQ(hex(glass_generate(g, 2 * h, {})), hex(m.generate(2 * h, {}))) << where << " final";
      ++scenarios;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("scenarios", static_cast<int>(scenarios));
  RecordProperty("operations", static_cast<int>(ops));
}

// Every request length 0..1024 (mbedTLS's cap), then large ones up to the
// 2^16-byte limit, and one over it, which must fail and leave the state as is.
TEST_P(DrbgOracle, EveryRequestLength) {
  for (HashId id : kAllHashes) {
    const std::uint64_t seed = case_seed(2, id, 0);
    TestRandom rnd(seed);
    const Bytes entropy = rnd.bytes(digest_size(id)), nonce = rnd.bytes(16), pers = rnd.bytes(7);
    HmacDrbg g(id, entropy, nonce, pers);
    MbedDrbg m;
    m.seed_buf(id, entropy, nonce, pers);
    for (std::size_t n = 0; n <= 1024; ++n) {
      const Bytes add = rnd.bytes(n % 3 == 0 ? n % 257 : 0);
      EXPECT_EQ(hex(glass_generate(g, n, add)), hex(m.generate(n, add)))
          << short_name(id) << " n=" << n << " add_len=" << add.size() << " seed=" << seed;
      if (too_many_failures()) return;
    }
    for (std::size_t n :
         {std::size_t{1025}, std::size_t{2047}, std::size_t{4096}, std::size_t{10000},
          HmacDrbg::kMaxRequestBytes - 1, HmacDrbg::kMaxRequestBytes}) {
      for (bool with_add : {false, true}) {
        const Bytes add = rnd.bytes(with_add ? 1 + rnd.below(300) : 0);
        EXPECT_EQ(hex(glass_generate(g, n, add)), hex(m.generate(n, add)))
            << short_name(id) << " n=" << n << " add_len=" << add.size() << " seed=" << seed;
      }
    }
    Bytes over(HmacDrbg::kMaxRequestBytes + 1);
    EXPECT_FALSE(g.generate(over, {}).ok()) << short_name(id);
    EXPECT_EQ(hex(glass_generate(g, 100, {})), hex(m.generate(100, {})))
        << short_name(id) << " after a refused request";
  }
}

// The entropy-source instantiation: mbedtls_hmac_drbg_seed takes entropy_len
// bytes of entropy and entropy_len/2 of nonce from the callback, then the
// personalization string; reseeds pull entropy_len bytes again.
TEST_P(DrbgOracle, SeedFromEntropySource) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    for (std::size_t e_len : {16, 24, 32, 33, 48, 64, 100, 128}) {
      const std::size_t pers_max = std::min<std::size_t>(256, 384 - e_len - e_len / 2);
      for (std::size_t pers_len : {std::size_t{0}, std::size_t{1}, pers_max}) {
        const std::uint64_t seed = case_seed(3, id, e_len * 1000 + pers_len);
        TestRandom rnd(seed);
        const Bytes entropy = rnd.bytes(e_len), nonce = rnd.bytes(e_len / 2),
                    pers = rnd.bytes(pers_len);
        HmacDrbg g(id, entropy, nonce, pers);
        MbedDrbg m;
        m.seed_from_source(id, entropy, nonce, pers);
        const std::string where =
            std::string(short_name(id)) + " entropy_len=" + std::to_string(e_len) +
            " pers_len=" + std::to_string(pers_len) + " seed=" + std::to_string(seed);
        for (int round = 0; round < 3; ++round) {
          const std::size_t n = rnd.below(1025);
          EXPECT_EQ(hex(glass_generate(g, n, {})), hex(m.generate(n, {})))
              << where << " round=" << round << " n=" << n;
          const Bytes e = rnd.bytes(e_len);
          g.reseed(e, {});
          m.reseed(e, {});
        }
        EXPECT_EQ(hex(glass_generate(g, 64, {})), hex(m.generate(64, {}))) << where << " final";
        ++cases;
        if (too_many_failures()) return;
      }
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

// HmacDrbg::from_seed(N) = SHA-256, entropy = N big-endian, nonce = "GlassTLS
// seed"; and Rng::fill, which splits requests into 2^16-byte generates.
TEST_P(DrbgOracle, FromSeedAndFill) {
  for (std::uint64_t s : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{42},
                          std::uint64_t{0x0123456789abcdef}, ~std::uint64_t{0}}) {
    HmacDrbg g = HmacDrbg::from_seed(s);
    crypto::Rng& rng = g;
    Bytes be(8);
    for (int i = 0; i < 8; ++i) be[i] = static_cast<std::uint8_t>(s >> (56 - 8 * i));
    const std::string label = "GlassTLS seed";
    const Bytes nonce(label.begin(), label.end());
    MbedDrbg m;
    m.seed_buf(HashId::sha256, be, nonce, {});
    for (std::size_t n : {1, 31, 32, 33, 100, 1024, 70000}) {
      Bytes got(n, 0xee);
      rng.fill(got);
      Bytes want;
      for (std::size_t done = 0; done < n; done += HmacDrbg::kMaxRequestBytes) {
        const Bytes part = m.generate(std::min(HmacDrbg::kMaxRequestBytes, n - done), {});
        want.insert(want.end(), part.begin(), part.end());
      }
      EXPECT_EQ(hex(got), hex(want)) << "from_seed(" << s << ") fill n=" << n;
    }
    // fill() of nothing requests nothing: the state does not move.
    Bytes none;
    rng.fill(none);
    EXPECT_EQ(hex(glass_generate(g, 48, {})), hex(m.generate(48, {})))
        << "from_seed(" << s << ") after fill(0)";
    if (too_many_failures()) return;
  }
}

GLASSTLS_ORACLE_BACKENDS(DrbgOracle);

}  // namespace
}  // namespace glasstls::oracle
