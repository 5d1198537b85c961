// RFC 8439 §2 and Appendix A: every record of vectors/chacha20-poly1305-rfc8439.kat,
// on the portable backend and (when the CPU has them) the AVX2, AVX-512 and
// AVX-512 IFMA ones.
#include <gtest/gtest.h>

#include <charconv>
#include <string>
#include <vector>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/chacha20_poly1305_avx512.hpp"
#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;
using vectors::KatRecord;

struct Backend {
  std::string name;
  ChaCha20XorFn xor_fn;
  ChaChaBackend aead;
};

std::vector<Backend> backends() {
  std::vector<Backend> b{{"portable", &chacha20_xor_portable, ChaChaBackend::portable}};
  if (cpu_features().avx2) b.push_back({"avx2", &chacha20_xor_avx2, ChaChaBackend::avx2});
  if (cpu_features().avx2 && cpu_features().avx512f) {
    b.push_back({"avx512", &chacha20_xor_avx512, ChaChaBackend::avx512});
    if (Poly1305::ifma_usable()) {
      b.push_back({"avx512_ifma", &chacha20_xor_avx512, ChaChaBackend::avx512_ifma});
    }
  }
  return b;
}

const vectors::KatFile& kat() {
  static const vectors::KatFile file = [] {
    const auto path = test::vectors_dir() / "chacha20-poly1305-rfc8439.kat";
    vectors::KatParseError error;
    auto f = vectors::parse_kat(path.filename().string(), test::read_file(path), &error);
    EXPECT_TRUE(error.message.empty()) << "line " << error.line << ": " << error.message;
    return f;
  }();
  return file;
}

std::vector<const KatRecord*> records(std::string_view section) {
  std::vector<const KatRecord*> out;
  for (const auto& r : kat().records) {
    if (r.section == section) out.push_back(&r);
  }
  return out;
}

std::uint32_t counter_of(const KatRecord& r) {
  const std::string text = r.text("counter");
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  EXPECT_TRUE(ec == std::errc() && p == text.data() + text.size()) << r.name;
  return v;
}

// "11111111 01020304 ..." as written in the RFC (big-endian hex words).
std::vector<std::uint32_t> words(const std::vector<std::uint8_t>& b) {
  std::vector<std::uint32_t> w;
  for (std::size_t i = 0; i + 4 <= b.size(); i += 4) {
    w.push_back(std::uint32_t{b[i]} << 24 | std::uint32_t{b[i + 1]} << 16 |
                std::uint32_t{b[i + 2]} << 8 | b[i + 3]);
  }
  return w;
}

template <std::size_t N>
std::span<const std::uint8_t, N> fixed(const std::vector<std::uint8_t>& v) {
  EXPECT_EQ(v.size(), N);
  return std::span<const std::uint8_t, N>(v.data(), N);
}

TEST(ChaCha20Kat, FileHasEveryRfcSection) {
  EXPECT_EQ(records("chacha20-quarter-round").size(), 1u);        // §2.1.1
  EXPECT_EQ(records("chacha20-state-quarter-round").size(), 1u);  // §2.2.1
  EXPECT_EQ(records("chacha20-block").size(), 6u);                // §2.3.2, A.1 #1-#5
  EXPECT_EQ(records("chacha20").size(), 4u);                      // §2.4.2, A.2 #1-#3
  EXPECT_EQ(records("poly1305").size(), 12u);                     // §2.5.2, A.3 #1-#11
  EXPECT_EQ(records("poly1305-keygen").size(), 4u);               // §2.6.2, A.4 #1-#3
  EXPECT_EQ(records("chacha20-poly1305").size(), 2u);             // §2.8.2, A.5
}

TEST(ChaCha20Kat, QuarterRound) {
  for (const auto* r : records("chacha20-quarter-round")) {
    auto in = words(r->bytes("input"));
    const auto out = words(r->bytes("output"));
    chacha20_quarter_round(in[0], in[1], in[2], in[3]);
    EXPECT_EQ(in, out) << r->name;
  }
}

TEST(ChaCha20Kat, QuarterRoundOnTheState) {
  for (const auto* r : records("chacha20-state-quarter-round")) {
    const auto in = words(r->bytes("state"));
    const auto expected = words(r->bytes("result"));
    ASSERT_EQ(in.size(), 16u);
    ChaChaState s;
    std::copy(in.begin(), in.end(), s.begin());
    chacha20_quarter_round(s, 2, 7, 8, 13);  // the record's `indices`
    EXPECT_EQ(r->text("indices"), "2 7 8 13");
    EXPECT_EQ(std::vector<std::uint32_t>(s.begin(), s.end()), expected) << r->name;
  }
}

TEST(ChaCha20Kat, BlockFunction) {
  for (const auto* r : records("chacha20-block")) {
    const auto key = fixed<32>(r->bytes("key"));
    const auto nonce = fixed<12>(r->bytes("nonce"));
    std::array<std::uint8_t, 64> block{};
    chacha20_block(key, counter_of(*r), nonce, block);
    EXPECT_EQ(hex(block), hex(r->bytes("block"))) << r->name;
    // Each backend's keystream (the XOR of zeros) is the same block.
    for (const auto& b : backends()) {
      std::vector<std::uint8_t> zeros(64), out(64);
      chacha20_encrypt(key, counter_of(*r), nonce, zeros, out, b.xor_fn);
      EXPECT_EQ(hex(out), hex(r->bytes("block"))) << r->name << " on " << b.name;
    }
  }
}

TEST(ChaCha20Kat, Encryption) {
  for (const auto* r : records("chacha20")) {
    const auto key = fixed<32>(r->bytes("key"));
    const auto nonce = fixed<12>(r->bytes("nonce"));
    const auto& pt = r->bytes("plaintext");
    const auto& ct = r->bytes("ciphertext");
    for (const auto& b : backends()) {
      std::vector<std::uint8_t> out(pt.size());
      chacha20_encrypt(key, counter_of(*r), nonce, pt, out, b.xor_fn);
      EXPECT_EQ(hex(out), hex(ct)) << r->name << " on " << b.name;
      // Decryption is the same operation, here in place.
      chacha20_encrypt(key, counter_of(*r), nonce, out, out, b.xor_fn);
      EXPECT_EQ(hex(out), hex(pt)) << r->name << " on " << b.name;
    }
  }
}

TEST(Poly1305Kat, Mac) {
  for (const auto* r : records("poly1305")) {
    const auto key = fixed<32>(r->bytes("key"));
    const auto& msg = r->bytes("msg");
    EXPECT_EQ(hex(Poly1305::mac(key, msg)), hex(r->bytes("tag"))) << r->name;
    // The same message one byte at a time.
    Poly1305 p(key);
    for (std::uint8_t byte : msg) p.update(std::span(&byte, 1));
    std::array<std::uint8_t, 16> tag;
    p.finish(tag);
    EXPECT_EQ(hex(tag), hex(r->bytes("tag"))) << r->name << " (byte by byte)";
    if (Poly1305::ifma_usable()) {  // A.3 #2 and #3 (375 bytes) run 16 blocks with IFMA
      Poly1305 q(key, Poly1305Backend::ifma);
      q.update(msg);
      q.finish(tag);
      EXPECT_EQ(hex(tag), hex(r->bytes("tag"))) << r->name << " (IFMA)";
    }
  }
}

TEST(Poly1305Kat, KeyGeneration) {
  for (const auto* r : records("poly1305-keygen")) {
    // RFC 8439 §2.6.1: block = chacha20_block(key, 0, nonce); return block[0..31]
    std::array<std::uint8_t, 64> block{};
    chacha20_block(fixed<32>(r->bytes("key")), 0, fixed<12>(r->bytes("nonce")), block);
    EXPECT_EQ(hex(std::span(block).first(32)), hex(r->bytes("otk"))) << r->name;
  }
}

TEST(ChaCha20Poly1305Kat, SealAndOpen) {
  for (const auto* r : records("chacha20-poly1305")) {
    const auto nonce = fixed<12>(r->bytes("nonce"));
    const auto& aad = r->bytes("aad");
    const auto& pt = r->bytes("plaintext");
    std::vector<std::uint8_t> expected = r->bytes("ciphertext");
    const auto& tag = r->bytes("tag");
    expected.insert(expected.end(), tag.begin(), tag.end());
    for (const auto& b : backends()) {
      auto aead = make_chacha20_poly1305(r->bytes("key"), b.aead);
      ASSERT_TRUE(aead.ok());
      EXPECT_EQ((*aead)->backend(), b.name);
      std::vector<std::uint8_t> sealed(pt.size() + 16);
      ASSERT_TRUE((*aead)->seal(nonce, aad, pt, sealed).ok());
      EXPECT_EQ(hex(sealed), hex(expected)) << r->name << " on " << b.name;
      std::vector<std::uint8_t> opened(pt.size());
      ASSERT_TRUE((*aead)->open(nonce, aad, expected, opened).ok()) << r->name << " on " << b.name;
      EXPECT_EQ(hex(opened), hex(pt)) << r->name << " on " << b.name;
    }
  }
}

}  // namespace
}  // namespace glasstls::crypto
