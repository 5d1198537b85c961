// Known-answer checks for ChaCha20, Poly1305 and AEAD_CHACHA20_POLY1305
// (RFC 8439), on every ChaCha20 backend this CPU allows (avx512, avx2, portable).
// Sections (vectors/chacha20-poly1305-rfc8439.kat):
//   [chacha20-quarter-round]        input, output (a b c d, big-endian words)  §2.1.1
//   [chacha20-state-quarter-round]  indices, state, result (16 words)          §2.2.1
//   [chacha20-block]                key, nonce, counter, block                 §2.3.2, A.1
//   [chacha20]                      key, nonce, counter, plaintext, ciphertext §2.4.2, A.2
//   [poly1305]                      key, msg, tag                              §2.5.2, A.3
//   [poly1305-keygen]               key, nonce, otk                            §2.6.2, A.4
//   [chacha20-poly1305]             key, nonce, aad, plaintext, ciphertext, tag §2.8.2, A.5
// `counter` is decimal text; the quarter-round words are written as in the RFC.
#include <array>
#include <charconv>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305.hpp"
#include "crypto/chacha20_poly1305_avx512.hpp"
#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::vector<KatBackend> chacha20_backends() {
  std::vector<KatBackend> b;
  const auto& cpu = crypto::cpu_features();
  if (!crypto::portable_forced() && cpu.avx2 && cpu.avx512f) b.push_back({"avx512", false});
  if (!crypto::portable_forced() && cpu.avx2) b.push_back({"avx2", false});
  b.push_back({"portable", true});
  return b;
}

crypto::ChaChaBackend backend_of(const KatBackend& b) {
  return b.label == "avx512" ? crypto::ChaChaBackend::avx512
         : b.label == "avx2" ? crypto::ChaChaBackend::avx2
                             : crypto::ChaChaBackend::portable;
}

crypto::ChaCha20XorFn xor_of(const KatBackend& b) {
  return b.label == "avx512" ? &crypto::chacha20_xor_avx512
         : b.label == "avx2" ? &crypto::chacha20_xor_avx2
                             : &crypto::chacha20_xor_portable;
}

std::vector<std::uint32_t> words(const Bytes& b) {
  std::vector<std::uint32_t> w;
  for (std::size_t i = 0; i + 4 <= b.size(); i += 4) {
    w.push_back(std::uint32_t{b[i]} << 24 | std::uint32_t{b[i + 1]} << 16 |
                std::uint32_t{b[i + 2]} << 8 | b[i + 3]);
  }
  return w;
}

Bytes bytes_of(const std::vector<std::uint32_t>& w) {
  Bytes b;
  for (std::uint32_t x : w) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(x >> s));
  }
  return b;
}

// The key/nonce/counter fields, checked for size; "" or what is wrong.
struct KeyNonceCounter {
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 12> nonce{};
  std::uint32_t counter = 0;
};
std::string read_knc(const KatRecord& r, KeyNonceCounter& out, bool with_counter) {
  if (r.bytes("key").size() != 32) return "key must be 32 bytes";
  if (r.bytes("nonce").size() != 12) return "nonce must be 12 bytes";
  std::copy(r.bytes("key").begin(), r.bytes("key").end(), out.key.begin());
  std::copy(r.bytes("nonce").begin(), r.bytes("nonce").end(), out.nonce.begin());
  if (!with_counter) return {};
  const std::string text = r.text("counter");
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out.counter);
  if (ec != std::errc() || p != text.data() + text.size()) return "counter must be decimal";
  return {};
}

std::string check_quarter_round(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"input", "output"}); !m.empty()) return m;
  auto w = words(r.bytes("input"));
  if (w.size() != 4) return "input must be four words";
  crypto::chacha20_quarter_round(w[0], w[1], w[2], w[3]);
  return kat_compare("a b c d", bytes_of(w), r.bytes("output"));
}

std::string check_state_quarter_round(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"indices", "state", "result"}); !m.empty()) return m;
  const auto w = words(r.bytes("state"));
  if (w.size() != 16) return "state must be sixteen words";
  std::array<std::size_t, 4> idx{};
  const std::string text = r.text("indices");
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (auto& i : idx) {
    while (p < end && *p == ' ') ++p;
    auto [q, ec] = std::from_chars(p, end, i);
    if (ec != std::errc() || i > 15) return "indices must be four numbers 0..15";
    p = q;
  }
  crypto::ChaChaState s;
  std::copy(w.begin(), w.end(), s.begin());
  crypto::chacha20_quarter_round(s, idx[0], idx[1], idx[2], idx[3]);
  return kat_compare("state", bytes_of({s.begin(), s.end()}), r.bytes("result"));
}

// The block function, and the same block as keystream (the XOR of zeros) on the backend.
std::string check_block(const KatRecord& r, const KatBackend& b) {
  if (auto m = kat_missing(r, {"key", "nonce", "counter", "block"}); !m.empty()) return m;
  KeyNonceCounter k;
  if (auto e = read_knc(r, k, true); !e.empty()) return e;
  std::array<std::uint8_t, 64> block{};
  crypto::chacha20_block(k.key, k.counter, k.nonce, block);
  if (auto d = kat_compare("block", block, r.bytes("block")); !d.empty()) return d;
  Bytes zeros(64), stream(64);
  crypto::chacha20_encrypt(k.key, k.counter, k.nonce, zeros, stream, xor_of(b));
  return kat_compare("keystream", stream, r.bytes("block"));
}

// Encryption, then decryption in place.
std::string check_chacha20(const KatRecord& r, const KatBackend& b) {
  if (auto m = kat_missing(r, {"key", "nonce", "counter", "plaintext", "ciphertext"}); !m.empty()) {
    return m;
  }
  KeyNonceCounter k;
  if (auto e = read_knc(r, k, true); !e.empty()) return e;
  Bytes buf = r.bytes("plaintext");
  crypto::chacha20_encrypt(k.key, k.counter, k.nonce, buf, buf, xor_of(b));
  if (auto d = kat_compare("ciphertext", buf, r.bytes("ciphertext")); !d.empty()) return d;
  crypto::chacha20_encrypt(k.key, k.counter, k.nonce, buf, buf, xor_of(b));
  return kat_compare("decrypted", buf, r.bytes("plaintext"));
}

// One-shot, and streamed in 7-byte pieces.
std::string check_poly1305(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"key", "msg", "tag"}); !m.empty()) return m;
  if (r.bytes("key").size() != 32) return "key must be 32 bytes";
  const std::span<const std::uint8_t, 32> key(r.bytes("key").data(), 32);
  const Bytes& msg = r.bytes("msg");
  if (auto d = kat_compare("tag", crypto::Poly1305::mac(key, msg), r.bytes("tag")); !d.empty()) {
    return d;
  }
  crypto::Poly1305 p(key);
  for (std::size_t i = 0; i < msg.size(); i += 7) {
    p.update(std::span(msg).subspan(i, std::min<std::size_t>(7, msg.size() - i)));
  }
  std::array<std::uint8_t, 16> tag{};
  p.finish(tag);
  return kat_compare("streamed tag", tag, r.bytes("tag"));
}

// RFC 8439 §2.6.1: the first 32 bytes of block 0.
std::string check_keygen(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"key", "nonce", "otk"}); !m.empty()) return m;
  KeyNonceCounter k;
  if (auto e = read_knc(r, k, false); !e.empty()) return e;
  std::array<std::uint8_t, 64> block{};
  crypto::chacha20_block(k.key, 0, k.nonce, block);
  return kat_compare("one-time key", std::span(block).first(32), r.bytes("otk"));
}

// Seal, then open in place, on the backend named by the label.
std::string check_aead(const KatRecord& r, const KatBackend& b) {
  if (auto m = kat_missing(r, {"key", "nonce", "aad", "plaintext", "ciphertext", "tag"});
      !m.empty()) {
    return m;
  }
  KeyNonceCounter k;
  if (auto e = read_knc(r, k, false); !e.empty()) return e;
  auto aead = crypto::make_chacha20_poly1305(k.key, backend_of(b));
  if (!aead) return aead.error().describe();
  if ((*aead)->backend() != b.label) return "backend is " + std::string((*aead)->backend());
  const Bytes& pt = r.bytes("plaintext");
  Bytes buf = pt;
  buf.resize(pt.size() + 16);
  if (!(*aead)->seal(k.nonce, r.bytes("aad"), std::span(buf).first(pt.size()), buf).ok()) {
    return "seal failed";
  }
  const auto ct = std::span(buf).first(pt.size());
  if (auto d = kat_compare("ciphertext", ct, r.bytes("ciphertext")); !d.empty()) return d;
  if (auto d = kat_compare("tag", std::span(buf).subspan(pt.size()), r.bytes("tag")); !d.empty()) {
    return d;
  }
  if (!(*aead)->open(k.nonce, r.bytes("aad"), buf, ct).ok()) return "open failed";
  return kat_compare("opened plaintext", ct, pt);
}

}  // namespace

std::optional<KatChecker> chacha_kat_checker(std::string_view section) {
  const std::vector<KatBackend> portable{{"portable", true}};
  if (section == "chacha20-quarter-round") {
    return KatChecker{"ChaCha20 quarter round", check_quarter_round, portable};
  }
  if (section == "chacha20-state-quarter-round") {
    return KatChecker{"ChaCha20 QUARTERROUND on the state", check_state_quarter_round, portable};
  }
  if (section == "chacha20-block") {
    return KatChecker{"ChaCha20 block function", check_block, chacha20_backends()};
  }
  if (section == "chacha20") return KatChecker{"ChaCha20", check_chacha20, chacha20_backends()};
  if (section == "poly1305") return KatChecker{"Poly1305", check_poly1305, portable};
  if (section == "poly1305-keygen") {
    return KatChecker{"Poly1305 key generation", check_keygen, portable};
  }
  if (section == "chacha20-poly1305") {
    return KatChecker{"ChaCha20-Poly1305", check_aead, chacha20_backends()};
  }
  return std::nullopt;
}

}  // namespace glasstls::vectors
