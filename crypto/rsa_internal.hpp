// Internals shared by the rsa_*.cpp files (not part of the public API).
#pragma once

#include <cstdint>
#include <mutex>

#include "crypto/mont.hpp"
#include "crypto/rsa.hpp"

namespace glasstls::crypto {

struct RsaPrivateKey::Impl {
  RsaPublicKey pub;
  mont::Modulus p, q;       // the CRT moduli (secret)
  mont::Limbs dp{}, dq{};   // d mod (p-1), d mod (q-1): p-limbs and q-limbs
  mont::Limbs qinv_mont{};  // qInv R mod p
  mont::Limbs d{};          // for export only; never used to compute
  bool has_d = false;

  // Blinding pair, both in Montgomery form mod n: blind = u^e R, unblind =
  // u^-1 R. Refreshed from the Rng every kBlindingUses uses, squared between
  // refreshes (as OpenSSL's BN_BLINDING does). Shared by copies of the key.
  static constexpr unsigned kBlindingUses = 32;
  mutable std::mutex mu;
  mutable mont::Limbs blind{}, unblind{};
  mutable unsigned uses = 0;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();
};

// CT: see rsa_key.cpp.
void rsa_crt_combine(const RsaPrivateKey::Impl& k, const mont::Limb* m1, const mont::Limb* m2,
                     mont::Limb* out);
void rsa_crt_exp(const RsaPrivateKey::Impl& k, const mont::Limb* c, mont::Limb* out);
// Blinding + CRT + unblinding, without the final check (private_op adds it).
void rsa_private_core(const RsaPrivateKey::Impl& k, const mont::Limb* c, mont::Limb* out, Rng& rng);
// The next blinding pair (Montgomery form mod n). CT. rsa_blinding.cpp.
void rsa_next_blinding(const RsaPrivateKey::Impl& k, Rng& rng, mont::Limb* blind,
                       mont::Limb* unblind);

// RFC 8017 §7.2.2 step 3 on EM (k bytes): good when EM = 00 02 PS 00 M with
// |PS| >= 8; sep = the index of the 00 before M. CT. rsa_pkcs1.cpp.
struct Pkcs1Type2 {
  ct::Mask good;
  std::uint64_t sep;
};
Pkcs1Type2 pkcs1_type2_check(std::span<const std::uint8_t> em);

// RFC 5246 §7.4.7.1 step 3: pms (48 bytes, holding R) becomes M when EM (k
// bytes) is 00 02 PS 00 M with |M| = 48 and M[0..1] = client_version. CT. rsa_tls12.cpp.
void tls12_premaster_select(std::span<const std::uint8_t> em, std::uint16_t client_version,
                            std::span<std::uint8_t> pms);

// Tests (tests/ct) reach the key's secret arrays through this.
struct RsaKeyAccess {
  static const RsaPrivateKey::Impl& impl(const RsaPrivateKey& k) { return *k.impl_; }
};

// RFC 8017 §9.2 step 2: the DER DigestInfo prefix for a hash. rsa_pkcs1.cpp.
std::span<const std::uint8_t> digest_info_prefix(HashId hash);

}  // namespace glasstls::crypto
