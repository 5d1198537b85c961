// SHA-256/384/512 against mbedTLS 2.28 (mbedtls_sha256_ret, mbedtls_sha512_ret):
// one-shot, streaming with random split points, forked states (the copy a
// transcript hash makes, RFC 8446 §4.4.1) and byte-at-a-time updates.
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "crypto/sha2.hpp"
#include "tests/oracle/oracle_support.hpp"

namespace glasstls::oracle {
namespace {

using crypto::Hash;
using crypto::Sha256;
using crypto::Sha384;
using crypto::Sha512;

Bytes ref_hash(HashId id, std::span<const std::uint8_t> data) {
  static const unsigned char empty = 0;
  const unsigned char* p = data.empty() ? &empty : data.data();
  Bytes out(crypto::digest_size(id));
  if (id == HashId::sha256) {
    EXPECT_EQ(mbedtls_sha256_ret(p, data.size(), out.data(), 0), 0);
  } else {
    EXPECT_EQ(mbedtls_sha512_ret(p, data.size(), out.data(), id == HashId::sha384 ? 1 : 0), 0);
  }
  return out;
}

Bytes concat(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  Bytes v(a.begin(), a.end());
  v.insert(v.end(), b.begin(), b.end());
  return v;
}

// finish() for the run-time Hash and for the fixed classes.
Bytes finish_bytes(Hash& h) {
  Bytes out(h.size());
  h.finish(out);
  return out;
}
template <typename H>
Bytes finish_bytes(H& h) {
  const auto a = h.finish();
  return Bytes(a.begin(), a.end());
}

// Calls f(make) where make() builds a fresh fixed-type hasher for `id`.
template <typename F>
void with_fixed_type(HashId id, F&& f) {
  switch (id) {
    case HashId::sha256: f([] { return Sha256(); }); break;
    case HashId::sha384: f([] { return Sha384(); }); break;
    case HashId::sha512: f([] { return Sha512(); }); break;
  }
}

std::uint64_t case_seed(std::uint64_t test, HashId id, std::size_t len) {
  return (test << 40) ^ (std::uint64_t{static_cast<std::uint8_t>(id)} << 32) ^ len;
}

class HashOracle : public BackendTest {};

TEST_P(HashOracle, OneShot) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    for (std::size_t len : sample_lengths()) {
      const std::uint64_t seed = case_seed(1, id, len);
      TestRandom rnd(seed);
      const Bytes data = rnd.bytes(len);
      const std::string want = hex(ref_hash(id, data));

      Bytes out(crypto::digest_size(id));
      crypto::hash(id, data, out);
      EXPECT_EQ(hex(out), want) << short_name(id) << " hash() len=" << len << " seed=" << seed;

      Bytes fixed;
      with_fixed_type(id, [&](auto make) {
        using H = decltype(make());
        const auto a = H::hash(data);
        fixed.assign(a.begin(), a.end());
      });
      EXPECT_EQ(hex(fixed), want) << short_name(id) << "::hash len=" << len << " seed=" << seed;
      ++cases;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

// Feeds `data` in chunks cut at random points; at one of them copies the state
// (a transcript-hash fork) and feeds the copy a different suffix. Both must
// match mbedTLS, and after finish() the objects must hash afresh (reset).
template <typename MakeHasher>
void check_streaming(HashId id, MakeHasher make, const char* api, const Bytes& data,
                     const std::string& want, TestRandom& rnd, std::uint64_t seed) {
  const std::size_t len = data.size();
  std::vector<std::size_t> cuts = split_points(rnd, len);
  const std::size_t fork_at = rnd.below(len + 1);
  cuts.push_back(fork_at);
  cuts.push_back(len);
  std::sort(cuts.begin(), cuts.end());
  const Bytes other = rnd.bytes(rnd.below(300));

  auto h = make();
  std::optional<decltype(make())> fork;
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    h.update(sub(data, pos, cut));
    pos = cut;
    if (pos == fork_at && !fork) fork.emplace(h);  // copy, as a transcript fork does
  }
  ASSERT_TRUE(fork.has_value());
  fork->update(other);
  const std::string msg = std::string(api) + " " + short_name(id) + " len=" + std::to_string(len) +
                          " fork_at=" + std::to_string(fork_at) + " seed=" + std::to_string(seed);

  // Finish the fork first: finishing it must not disturb the original.
  EXPECT_EQ(hex(finish_bytes(*fork)), hex(ref_hash(id, concat(sub(data, 0, fork_at), other))))
      << msg << " (fork)";
  EXPECT_EQ(hex(finish_bytes(h)), want) << msg << " (original)";

  // finish() resets: both objects now hash a new message from scratch.
  h.update(other);
  EXPECT_EQ(hex(finish_bytes(h)), hex(ref_hash(id, other))) << msg << " (reused original)";
  fork->update(sub(data, 0, fork_at));
  EXPECT_EQ(hex(finish_bytes(*fork)), hex(ref_hash(id, sub(data, 0, fork_at))))
      << msg << " (reused fork)";
}

TEST_P(HashOracle, StreamingWithForks) {
  std::size_t cases = 0;
  for (HashId id : kAllHashes) {
    for (std::size_t len : sample_lengths()) {
      const std::uint64_t seed = case_seed(2, id, len);
      TestRandom rnd(seed);
      const Bytes data = rnd.bytes(len);
      const std::string want = hex(ref_hash(id, data));
      check_streaming(
          id, [id] { return Hash(id); }, "Hash", data, want, rnd, seed);
      with_fixed_type(
          id, [&](auto make) { check_streaming(id, make, "fixed", data, want, rnd, seed); });
      cases += 2;
      if (too_many_failures()) return;
    }
  }
  RecordProperty("cases", static_cast<int>(cases));
}

TEST_P(HashOracle, ByteAtATime) {
  for (HashId id : kAllHashes) {
    for (std::size_t len = 0; len <= 300; ++len) {
      const std::uint64_t seed = case_seed(4, id, len);
      TestRandom rnd(seed);
      const Bytes data = rnd.bytes(len);
      Hash h(id);
      for (std::size_t i = 0; i < len; ++i) h.update(sub(data, i, i + 1));
      h.update({});  // empty updates are no-ops
      EXPECT_EQ(hex(finish_bytes(h)), hex(ref_hash(id, data)))
          << short_name(id) << " len=" << len << " seed=" << seed;
      if (too_many_failures()) return;
    }
  }
}

GLASSTLS_ORACLE_BACKENDS(HashOracle);

}  // namespace
}  // namespace glasstls::oracle
