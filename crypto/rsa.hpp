// RSA (RFC 8017, PKCS #1 v2.2): keys, the RSA primitives, and the schemes TLS
// and X.509 use.
//
//   RsaPublicKey   (n, e)                          RFC 8017 §3.1
//   RsaPrivateKey  (n, e, d, p, q, dP, dQ, qInv)   RFC 8017 §3.2, second form
//
// Where to read:
//   rsa_key.cpp     key construction and checks, RSAEP/RSAVP1 (§5.1.1, §5.2.2),
//                   RSADP/RSASP1 (§5.1.2, §5.2.1): CRT, blinding, result check
//   rsa_keygen.cpp  key generation (FIPS 186-5 A.1.3, B.3) and prime recovery
//   rsa_pkcs1.cpp   RSASSA-PKCS1-v1_5 (§8.2, §9.2), RSAES-PKCS1-v1_5 (§7.2)
//   rsa_tls12.cpp   the TLS 1.2 RSA key exchange decryption (RFC 5246 §7.4.7.1)
//   rsa_pss.cpp     RSASSA-PSS with MGF1 (§8.1, §9.1, B.2.1)
//
// Secrets: p, q, dP, dQ, qInv live in fixed-size limb arrays and are only ever
// touched by the constant-time code of crypto/mont.hpp. Key construction and
// generation check the components with crypto/bignum.hpp (variable time, once
// per key): see docs/crypto-pk.md "Important caveats".
//
// Key sizes: 2048 to 4096 bits for private keys. Public keys from 1024 bits may
// be built, but verification with a key under 2048 bits fails unless the caller
// sets RsaVerifyOptions::allow_small_key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "crypto/mont.hpp"
#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"

namespace glasstls::crypto {

constexpr std::size_t kRsaMinBits = 2048;        // signing, decryption, verification by default
constexpr std::size_t kRsaMinLegacyBits = 1024;  // verification with allow_small_key
constexpr std::size_t kRsaMaxBits = 4096;
constexpr std::size_t kRsaMaxBytes = kRsaMaxBits / 8;

class RsaPublicKey {
 public:
  // n and e as big-endian unsigned integers (leading zero bytes allowed).
  // Checks: n odd, 1024 <= bits(n) <= 4096, e odd, 3 <= e < n.
  static Result<RsaPublicKey> from_components(std::span<const std::uint8_t> n,
                                              std::span<const std::uint8_t> e);

  std::size_t bits() const { return mod_->bits(); }
  std::size_t size_bytes() const { return (bits() + 7) / 8; }  // k in RFC 8017
  std::vector<std::uint8_t> n() const;                         // minimal big-endian
  std::vector<std::uint8_t> e() const;

  // RFC 8017 §5.1.1 RSAEP / §5.2.2 RSAVP1: out = in^e mod n. `in` and `out` are
  // k bytes; fails when the representative is not < n.
  Result<void> public_op(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) const;

  const mont::Modulus& modulus() const { return *mod_; }
  std::span<const mont::Limb> exponent() const { return e_; }

 private:
  std::shared_ptr<const mont::Modulus> mod_;
  std::vector<mont::Limb> e_;
};

class RsaPrivateKey {
 public:
  // RFC 8017 §3.2 (second representation), big-endian components. d may be
  // empty (the CRT form does not use it). Checks n = p q, the CRT exponents and
  // qInv, and the size (2048..4096 bits).
  // allow_small_key accepts 1024..2047-bit keys (RFC 8448's example server
  // key, for reproducing its handshakes byte for byte); never for real use.
  static Result<RsaPrivateKey> from_components(
      std::span<const std::uint8_t> n, std::span<const std::uint8_t> e,
      std::span<const std::uint8_t> d, std::span<const std::uint8_t> p,
      std::span<const std::uint8_t> q, std::span<const std::uint8_t> dp,
      std::span<const std::uint8_t> dq, std::span<const std::uint8_t> qinv,
      bool allow_small_key = false);

  // Only (n, e, d) known: recover p and q (NIST SP 800-56B Rev. 2, Appendix C.2).
  static Result<RsaPrivateKey> from_n_e_d(std::span<const std::uint8_t> n,
                                          std::span<const std::uint8_t> e,
                                          std::span<const std::uint8_t> d, Rng& rng);

  // FIPS 186-5 A.1.3 (random probable primes), e = 65537, bits in {2048..4096}
  // and a multiple of 128. Every random bit comes from `rng`: the same seeded
  // HmacDrbg gives the same key.
  static Result<RsaPrivateKey> generate(Rng& rng, std::size_t bits, std::uint32_t e = 65537);

  const RsaPublicKey& public_key() const;
  std::size_t bits() const { return public_key().bits(); }
  std::size_t size_bytes() const { return public_key().size_bytes(); }

  // The components, minimal big-endian (for DER export by the X.509 layer).
  // CT: copies out secrets; the caller owns them.
  std::vector<std::uint8_t> d() const;
  std::vector<std::uint8_t> p() const;
  std::vector<std::uint8_t> q() const;
  std::vector<std::uint8_t> dp() const;
  std::vector<std::uint8_t> dq() const;
  std::vector<std::uint8_t> qinv() const;

  // RFC 8017 §5.1.2 RSADP / §5.2.1 RSASP1: out = in^d mod n, by CRT (§5.1.2
  // step 2.b), on a blinded input, checked by re-encryption before release.
  // `in`, `out`: k bytes; fails when in >= n (public) or the check fails.
  // CT: time and memory accesses depend on the key size only.
  Result<void> private_op(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                          Rng& rng) const;

  struct Impl;

 private:
  friend struct RsaKeyAccess;
  std::shared_ptr<Impl> impl_;
};

struct RsaVerifyOptions {
  // Accept a public key of 1024..2047 bits (legacy certificates): never the default.
  bool allow_small_key = false;
};

// ---- RSASSA-PKCS1-v1_5 (RFC 8017 §8.2), SHA-256/384/512 --------------------
Result<std::vector<std::uint8_t>> rsa_pkcs1_sign(const RsaPrivateKey& key, HashId hash,
                                                 std::span<const std::uint8_t> msg, Rng& rng);
Result<std::vector<std::uint8_t>> rsa_pkcs1_sign_digest(const RsaPrivateKey& key, HashId hash,
                                                        std::span<const std::uint8_t> digest,
                                                        Rng& rng);
Result<void> rsa_pkcs1_verify(const RsaPublicKey& key, HashId hash,
                              std::span<const std::uint8_t> msg, std::span<const std::uint8_t> sig,
                              RsaVerifyOptions opts = {});
Result<void> rsa_pkcs1_verify_digest(const RsaPublicKey& key, HashId hash,
                                     std::span<const std::uint8_t> digest,
                                     std::span<const std::uint8_t> sig, RsaVerifyOptions opts = {});

// ---- RSASSA-PSS (RFC 8017 §8.1) with MGF1 over the same hash ---------------
constexpr std::size_t kPssSaltHashLen = static_cast<std::size_t>(-1);  // sLen = hLen
Result<std::vector<std::uint8_t>> rsa_pss_sign(const RsaPrivateKey& key, HashId hash,
                                               std::span<const std::uint8_t> msg, Rng& rng,
                                               std::size_t salt_len = kPssSaltHashLen);
Result<void> rsa_pss_verify(const RsaPublicKey& key, HashId hash, std::span<const std::uint8_t> msg,
                            std::span<const std::uint8_t> sig,
                            std::size_t salt_len = kPssSaltHashLen, RsaVerifyOptions opts = {});
// RFC 8017 B.2.1 MGF1: fills `mask` (any length) from `seed`.
void mgf1(HashId hash, std::span<const std::uint8_t> seed, std::span<std::uint8_t> mask);

// ---- RSAES-PKCS1-v1_5 (RFC 8017 §7.2) --------------------------------------
// Encryption: msg at most k - 11 bytes.
Result<std::vector<std::uint8_t>> rsa_pkcs1_encrypt(const RsaPublicKey& key,
                                                    std::span<const std::uint8_t> msg, Rng& rng);
// Decryption for general use. Its error reveals whether the padding was right:
// never use it where an attacker can ask many questions (that is Bleichenbacher's
// oracle); TLS uses tls12_rsa_premaster_decrypt.
// CT: the padding check and the copy-out run in time independent of the
// plaintext; only the final success/failure is revealed.
Result<std::vector<std::uint8_t>> rsa_pkcs1_decrypt(const RsaPrivateKey& key,
                                                    std::span<const std::uint8_t> ct, Rng& rng);

// ---- TLS 1.2 RSA key exchange (RFC 5246 §7.4.7.1) --------------------------
// Always returns 48 bytes: the decrypted premaster secret when the padding is
// right, it is 48 bytes long and starts with client_version; otherwise a random
// 48-byte value. No error, branch or timing difference between the two. Fails
// only on a public condition (ciphertext length != k, or value >= n).
// CT: the choice between decrypted and random premaster is a masked copy.
Result<Secret<48>> tls12_rsa_premaster_decrypt(const RsaPrivateKey& key,
                                               std::span<const std::uint8_t> ct,
                                               std::uint16_t client_version, Rng& rng);

}  // namespace glasstls::crypto
