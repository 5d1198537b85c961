// PKCS #1 v1.5: signatures (RFC 8017 §8.2 RSASSA-PKCS1-v1_5, §9.2
// EMSA-PKCS1-v1_5) and encryption (RFC 8017 §7.2 RSAES-PKCS1-v1_5).
//
// Signature verification re-encodes the expected EM and compares it as a
// whole (the approach RFC 8017 §8.2.2 step 3 describes), never parses the
// decrypted DigestInfo: a parser is where Bleichenbacher's 2006 e = 3 forgery
// and its many relatives (BERserk, 2014) lived.
#include <algorithm>
#include <array>

#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"

namespace glasstls::crypto {

namespace {

// RFC 8017 §9.2 Note 1: "DER encoding T of the DigestInfo value".
constexpr std::array<std::uint8_t, 19> kSha256Prefix = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x01, 0x05, 0x00, 0x04, 0x20};
constexpr std::array<std::uint8_t, 19> kSha384Prefix = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x02, 0x05, 0x00, 0x04, 0x30};
constexpr std::array<std::uint8_t, 19> kSha512Prefix = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x03, 0x05, 0x00, 0x04, 0x40};

// RFC 8017 §9.2 EMSA-PKCS1-v1_5-ENCODE(M, emLen), from the digest H.
Result<std::vector<std::uint8_t>> emsa_pkcs1_encode(HashId hash,
                                                    std::span<const std::uint8_t> digest,
                                                    std::size_t em_len) {
  if (digest.size() != digest_size(hash)) {
    return make_error(AlertDescription::internal_error, "RFC 8017 §9.2: digest has the wrong size");
  }
  const auto prefix = digest_info_prefix(hash);
  const std::size_t t_len = prefix.size() + digest.size();
  // RFC 8017 §9.2 step 3: "If emLen < tLen + 11, output 'intended encoded
  // message length too short' and stop."
  if (em_len < t_len + 11) {
    return make_error(AlertDescription::internal_error,
                      "RFC 8017 §9.2: intended encoded message length too short");
  }
  // RFC 8017 §9.2 steps 4-5: "EM = 0x00 || 0x01 || PS || 0x00 || T", PS = 0xff...
  std::vector<std::uint8_t> em(em_len, 0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[em_len - t_len - 1] = 0x00;
  std::copy(prefix.begin(), prefix.end(), em.end() - static_cast<std::ptrdiff_t>(t_len));
  std::copy(digest.begin(), digest.end(), em.end() - static_cast<std::ptrdiff_t>(digest.size()));
  return em;
}

Result<void> check_verify_key(const RsaPublicKey& key, RsaVerifyOptions opts) {
  if (key.bits() < kRsaMinBits && !opts.allow_small_key) {
    return make_error(AlertDescription::insufficient_security,
                      "RSA keys under 2048 bits are refused unless explicitly allowed");
  }
  return success();
}

}  // namespace

std::span<const std::uint8_t> digest_info_prefix(HashId hash) {
  switch (hash) {
    case HashId::sha256: return kSha256Prefix;
    case HashId::sha384: return kSha384Prefix;
    case HashId::sha512: return kSha512Prefix;
  }
  return {};
}

// CT: masks over all of EM; no branch or index depends on its bytes.
Pkcs1Type2 pkcs1_type2_check(std::span<const std::uint8_t> em) {
  const std::size_t k = em.size();
  ct::Mask good = ct::eq(em[0], 0x00) & ct::eq(em[1], 0x02);
  ct::Mask found = ct::Mask::zero();
  std::uint64_t sep = 0;  // index of the first 0x00 after EM[1]
  for (std::size_t i = 2; i < k; ++i) {
    const ct::Mask here = ct::eq(em[i], 0) & ~found;
    sep = ct::select<std::uint64_t>(here, i, sep);
    found = found | here;
  }
  good = good & found & ct::ge(sep, 10);  // PS = EM[2..sep) has >= 8 octets
  return {good, sep};
}

// RFC 8017 §8.2.1 RSASSA-PKCS1-V1_5-SIGN(K, M).
// CT: the private operation is constant time; EM is public (a function of M).
Result<std::vector<std::uint8_t>> rsa_pkcs1_sign_digest(const RsaPrivateKey& key, HashId hash,
                                                        std::span<const std::uint8_t> digest,
                                                        Rng& rng) {
  const std::size_t k = key.size_bytes();
  // RFC 8017 §8.2.1 step 1: "EM = EMSA-PKCS1-V1_5-ENCODE (M, k)".
  auto em = emsa_pkcs1_encode(hash, digest, k);
  if (!em) return em.error();
  std::vector<std::uint8_t> sig(k);
  // RFC 8017 §8.2.1 step 2: "s = RSASP1 (K, m)", "S = I2OSP (s, k)".
  if (auto r = key.private_op(*em, sig, rng); !r) return r.error();
  return sig;
}

Result<std::vector<std::uint8_t>> rsa_pkcs1_sign(const RsaPrivateKey& key, HashId hash,
                                                 std::span<const std::uint8_t> msg, Rng& rng) {
  std::array<std::uint8_t, kMaxDigestSize> h{};
  const auto digest = std::span(h).first(digest_size(hash));
  crypto::hash(hash, msg, digest);
  return rsa_pkcs1_sign_digest(key, hash, digest, rng);
}

// RFC 8017 §8.2.2 RSASSA-PKCS1-V1_5-VERIFY((n, e), M, S).
Result<void> rsa_pkcs1_verify_digest(const RsaPublicKey& key, HashId hash,
                                     std::span<const std::uint8_t> digest,
                                     std::span<const std::uint8_t> sig, RsaVerifyOptions opts) {
  if (auto r = check_verify_key(key, opts); !r) return r;
  const std::size_t k = key.size_bytes();
  // RFC 8017 §8.2.2 step 1: "If the length of the signature S is not k octets,
  // output 'invalid signature' and stop."
  if (sig.size() != k) {
    return make_error(AlertDescription::decrypt_error, "RFC 8017 §8.2.2: length(S) must be k");
  }
  std::vector<std::uint8_t> em(k);
  // RFC 8017 §8.2.2 step 2: "m = RSAVP1 ((n, e), s)" (fails when s >= n).
  if (auto r = key.public_op(sig, em); !r) return r;
  auto expected = emsa_pkcs1_encode(hash, digest, k);
  if (!expected) return expected.error();
  // RFC 8017 §8.2.2 step 4: "Compare the encoded message EM and the second
  // encoded message EM'. If they are the same, output 'valid signature';
  // otherwise, output 'invalid signature'."
  if (!ct::memeq(em, *expected).declassify()) {
    return make_error(AlertDescription::decrypt_error, "RFC 8017 §8.2.2: invalid signature");
  }
  return success();
}

Result<void> rsa_pkcs1_verify(const RsaPublicKey& key, HashId hash,
                              std::span<const std::uint8_t> msg, std::span<const std::uint8_t> sig,
                              RsaVerifyOptions opts) {
  std::array<std::uint8_t, kMaxDigestSize> h{};
  const auto digest = std::span(h).first(digest_size(hash));
  crypto::hash(hash, msg, digest);
  return rsa_pkcs1_verify_digest(key, hash, digest, sig, opts);
}

// RFC 8017 §7.2.1 RSAES-PKCS1-V1_5-ENCRYPT ((n, e), M).
Result<std::vector<std::uint8_t>> rsa_pkcs1_encrypt(const RsaPublicKey& key,
                                                    std::span<const std::uint8_t> msg, Rng& rng) {
  const std::size_t k = key.size_bytes();
  // RFC 8017 §7.2.1 step 1: "If mLen > k - 11, output 'message too long' and stop."
  if (msg.size() + 11 > k) {
    return make_error(AlertDescription::internal_error, "RFC 8017 §7.2.1: message too long");
  }
  // RFC 8017 §7.2.1 step 2: "EM = 0x00 || 0x02 || PS || 0x00 || M", PS of
  // "k - mLen - 3 nonzero octets" generated pseudo-randomly.
  std::vector<std::uint8_t> em(k);
  em[0] = 0x00;
  em[1] = 0x02;
  const std::size_t ps_len = k - msg.size() - 3;
  for (std::size_t i = 0; i < ps_len; ++i) {
    std::uint8_t b = 0;
    while (b == 0) rng.fill(std::span(&b, 1));  // the PS bytes are not secret
    em[2 + i] = b;
  }
  em[2 + ps_len] = 0x00;
  std::copy(msg.begin(), msg.end(), em.begin() + static_cast<std::ptrdiff_t>(3 + ps_len));
  std::vector<std::uint8_t> c(k);
  // RFC 8017 §7.2.1 step 3: "c = RSAEP ((n, e), m)".
  if (auto r = key.public_op(em, c); !r) return r.error();
  return c;
}

// RFC 8017 §7.2.2 RSAES-PKCS1-V1_5-DECRYPT (K, C).
// CT: the padding is checked with masks over all of EM; the position of the
// separator is found without a branch. Only the final verdict (and, on
// success, the message length) leaves.
Result<std::vector<std::uint8_t>> rsa_pkcs1_decrypt(const RsaPrivateKey& key,
                                                    std::span<const std::uint8_t> c, Rng& rng) {
  const std::size_t k = key.size_bytes();
  // RFC 8017 §7.2.2 step 1: "If the length of C is not k octets (or if k < 11),
  // output 'decryption error' and stop." The length is public.
  if (c.size() != k || k < 11) {
    return make_error(AlertDescription::decrypt_error, "RFC 8017 §7.2.2: decryption error");
  }
  std::vector<std::uint8_t> em(k);
  if (auto r = key.private_op(c, em, rng); !r) return r.error();
  // RFC 8017 §7.2.2 step 3: "EM = 0x00 || 0x02 || PS || 0x00 || M ... If the
  // first octet of EM does not have hexadecimal value 0x00, if the second octet
  // of EM does not have hexadecimal value 0x02, if there is no octet with
  // hexadecimal value 0x00 to separate PS from M, or if the length of PS is
  // less than 8 octets, output 'decryption error' and stop."
  const Pkcs1Type2 check = pkcs1_type2_check(em);
  const ct::Mask good = check.good;
  const std::uint64_t sep = check.sep;
  const bool ok = good.declassify();
  std::vector<std::uint8_t> m;
  if (ok) m.assign(em.begin() + static_cast<std::ptrdiff_t>(sep + 1), em.end());
  ct::secure_wipe(em.data(), em.size());
  if (!ok) return make_error(AlertDescription::decrypt_error, "RFC 8017 §7.2.2: decryption error");
  return m;
}

}  // namespace glasstls::crypto
