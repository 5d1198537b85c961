// RSASSA-PSS (RFC 8017 §8.1) with EMSA-PSS (§9.1) and MGF1 (Appendix B.2.1).
//
// TLS 1.3 signs with RSA only through PSS (RFC 8446 §4.2.3: rsa_pss_rsae_* and
// rsa_pss_pss_*, salt length = digest length, MGF1 with the same hash).
#include <algorithm>
#include <array>

#include "crypto/rsa.hpp"

namespace glasstls::crypto {

namespace {

constexpr std::size_t kMaxEm = kRsaMaxBytes;

// RFC 8017 §9.1.1 step 5: "M' = (0x)00 00 00 00 00 00 00 00 || mHash || salt",
// step 6: "H = Hash(M')".
void hash_m_prime(HashId hash, std::span<const std::uint8_t> mhash,
                  std::span<const std::uint8_t> salt, std::span<std::uint8_t> out) {
  static constexpr std::uint8_t kZeros[8] = {};
  Hash h(hash);
  h.update(kZeros);
  h.update(mhash);
  h.update(salt);
  h.finish(out);
}

}  // namespace

void mgf1(HashId hash, std::span<const std::uint8_t> seed, std::span<std::uint8_t> mask) {
  // RFC 8017 B.2.1 step 3: "For counter from 0 to \ceil (maskLen / hLen) - 1 ...
  // T = T || Hash(mgfSeed || C)", C = I2OSP(counter, 4).
  const std::size_t h_len = digest_size(hash);
  std::array<std::uint8_t, kMaxDigestSize> block{};
  std::uint32_t counter = 0;
  for (std::size_t off = 0; off < mask.size(); off += h_len, ++counter) {
    const std::uint8_t c[4] = {
        static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
        static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
    Hash h(hash);
    h.update(seed);
    h.update(c);
    h.finish(std::span(block).first(h_len));
    const std::size_t n = std::min(h_len, mask.size() - off);
    std::copy_n(block.begin(), n, mask.begin() + static_cast<std::ptrdiff_t>(off));
  }
}

// RFC 8017 §8.1.1 RSASSA-PSS-SIGN (K, M) with §9.1.1 EMSA-PSS-ENCODE (M, emBits).
// CT: the private operation is constant time; the salt is random, EM public.
Result<std::vector<std::uint8_t>> rsa_pss_sign(const RsaPrivateKey& key, HashId hash,
                                               std::span<const std::uint8_t> msg, Rng& rng,
                                               std::size_t salt_len) {
  const std::size_t h_len = digest_size(hash);
  if (salt_len == kPssSaltHashLen) salt_len = h_len;
  const std::size_t k = key.size_bytes();
  // RFC 8017 §8.1.1 step 1: "EM = EMSA-PSS-ENCODE (M, modBits - 1)".
  const std::size_t em_bits = key.bits() - 1, em_len = (em_bits + 7) / 8;
  // RFC 8017 §9.1.1 step 3: "If emLen < hLen + sLen + 2, output 'encoding error'".
  if (em_len < h_len + salt_len + 2) {
    return make_error(AlertDescription::internal_error, "RFC 8017 §9.1.1: encoding error");
  }
  std::array<std::uint8_t, kMaxDigestSize> mhash{};
  crypto::hash(hash, msg, std::span(mhash).first(h_len));  // step 2: mHash = Hash(M)
  std::vector<std::uint8_t> salt(salt_len);
  rng.fill(salt);  // step 4: "Generate a random octet string salt of length sLen"
  // EM = maskedDB || H || 0xbc, laid out in the k-byte buffer, right-aligned.
  std::vector<std::uint8_t> em(k, 0);
  const auto e = std::span(em).subspan(k - em_len);
  const std::size_t db_len = em_len - h_len - 1;
  const auto db = e.first(db_len), h = e.subspan(db_len, h_len);
  hash_m_prime(hash, std::span(mhash).first(h_len), salt, h);
  // Steps 7-8: "DB = PS || 0x01 || salt", PS = zeros.
  db[db_len - salt_len - 1] = 0x01;
  std::copy(salt.begin(), salt.end(), db.end() - static_cast<std::ptrdiff_t>(salt_len));
  // Steps 9-10: "dbMask = MGF(H, emLen - hLen - 1)", "maskedDB = DB \xor dbMask".
  std::vector<std::uint8_t> mask(db_len);
  mgf1(hash, h, mask);
  for (std::size_t i = 0; i < db_len; ++i) db[i] ^= mask[i];
  // Step 11: "Set the leftmost 8emLen - emBits bits of the leftmost octet in
  // maskedDB to zero."
  db[0] &= static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
  e[em_len - 1] = 0xbc;  // step 12
  std::vector<std::uint8_t> sig(k);
  // RFC 8017 §8.1.1 step 2: "s = RSASP1 (K, m)", "S = I2OSP (s, k)".
  if (auto r = key.private_op(em, sig, rng); !r) return r.error();
  return sig;
}

// RFC 8017 §8.1.2 RSASSA-PSS-VERIFY ((n, e), M, S) with §9.1.2 EMSA-PSS-VERIFY.
// All inputs are public: the checks may branch.
Result<void> rsa_pss_verify(const RsaPublicKey& key, HashId hash, std::span<const std::uint8_t> msg,
                            std::span<const std::uint8_t> sig, std::size_t salt_len,
                            RsaVerifyOptions opts) {
  const Error bad = make_error(AlertDescription::decrypt_error,
                               "RFC 8017 §9.1.2: inconsistent (invalid PSS signature)");
  if (key.bits() < kRsaMinBits && !opts.allow_small_key) {
    return make_error(AlertDescription::insufficient_security,
                      "RSA keys under 2048 bits are refused unless explicitly allowed");
  }
  const std::size_t h_len = digest_size(hash);
  if (salt_len == kPssSaltHashLen) salt_len = h_len;
  const std::size_t k = key.size_bytes();
  // RFC 8017 §8.1.2 step 1: "If the length of the signature S is not k octets,
  // output 'invalid signature' and stop."
  if (sig.size() != k) return bad;
  std::array<std::uint8_t, kMaxEm> m_buf{};
  const auto m = std::span(m_buf).first(k);
  if (auto r = key.public_op(sig, m); !r) return r;  // step 2.b: RSAVP1
  // Step 2.c: "EM = I2OSP (m, emLen)", emLen = \ceil ((modBits - 1)/8): when
  // emLen < k the top octet of m must be zero.
  const std::size_t em_bits = key.bits() - 1, em_len = (em_bits + 7) / 8;
  if (em_len < k && m[0] != 0) return bad;
  const auto em = m.subspan(k - em_len);
  // §9.1.2 step 3: "If emLen < hLen + sLen + 2, output 'inconsistent'".
  if (em_len < h_len + salt_len + 2) return bad;
  // Step 4: "If the rightmost octet of EM does not have hexadecimal value 0xbc".
  if (em[em_len - 1] != 0xbc) return bad;
  const std::size_t db_len = em_len - h_len - 1;
  const auto masked_db = em.first(db_len), h = em.subspan(db_len, h_len);
  // Step 6: "If the leftmost 8emLen - emBits bits of the leftmost octet in
  // maskedDB are not all equal to zero, output 'inconsistent'".
  const auto top_mask = static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
  if ((masked_db[0] & ~top_mask) != 0) return bad;
  // Steps 7-9: "dbMask = MGF(H, emLen - hLen - 1)", "DB = maskedDB \xor dbMask",
  // clear the leftmost bits.
  std::vector<std::uint8_t> db(db_len);
  mgf1(hash, h, db);
  for (std::size_t i = 0; i < db_len; ++i) db[i] ^= masked_db[i];
  db[0] &= top_mask;
  // Step 10: "If the emLen - hLen - sLen - 2 leftmost octets of DB are not zero
  // or if the octet at position emLen - hLen - sLen - 1 ... does not have
  // hexadecimal value 0x01, output 'inconsistent'".
  const std::size_t ps_len = em_len - h_len - salt_len - 2;
  for (std::size_t i = 0; i < ps_len; ++i) {
    if (db[i] != 0) return bad;
  }
  if (db[ps_len] != 0x01) return bad;
  // Steps 11-14: "salt = last sLen octets of DB", "H' = Hash(M')", compare H, H'.
  std::array<std::uint8_t, kMaxDigestSize> mhash{}, h2{};
  crypto::hash(hash, msg, std::span(mhash).first(h_len));
  hash_m_prime(hash, std::span(mhash).first(h_len), std::span(db).subspan(db_len - salt_len),
               std::span(h2).first(h_len));
  if (!std::equal(h.begin(), h.end(), h2.begin())) return bad;
  return success();
}

}  // namespace glasstls::crypto
