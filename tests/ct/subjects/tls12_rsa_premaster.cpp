// ct subject: the TLS 1.2 server's ClientKeyExchange for RSA key transport
// (handshake/server12.cpp server12_on_client_key_exchange ->
// crypto::tls12_rsa_premaster_decrypt -> Engine::tls12_derive_master_secret),
// the RFC 5246 §7.4.7.1 countermeasure against Bleichenbacher: from the
// ciphertext (public) to the master secret and the key block, nothing may
// branch on or index by the private key, the decrypted block EM, the random
// premaster R or the premaster finally chosen — whether the padding is right
// or wrong, M 48 bytes or not, the version right or wrong.
//
// The steps are those of tls12_rsa_premaster_decrypt (crypto/rsa_tls12.cpp)
// and RsaPrivateKey::private_op (crypto/rsa_key.cpp), called one by one with
// one difference: the verdict of private_op's re-encryption check (a fault or
// not, public by design) is declassified before the branch on it, which
// memcheck could not otherwise tell from a leak (as tls12_record.cpp does for
// a tag verdict). Then the server's KeySchedule12 (handshake/key_schedule12.cpp,
// built into this subject) derives the extended master secret (RFC 7627 §4)
// and the key block (RFC 5246 §6.3) from the secret premaster, as
// tls12_derive_master_secret does. Each result is compared with the public
// run of the real tls12_rsa_premaster_decrypt.
#include <string>
#include <vector>

#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"
#include "handshake/key_schedule12.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;
using crypto::mont::Limb;
using crypto::mont::Limbs;

constexpr std::uint16_t kClientVersion = 0x0303;  // ClientHello.client_version

void secret_limbs(const Limb* p, std::size_t n) {
  ct_test::secret(std::span(reinterpret_cast<const std::uint8_t*>(p), n * sizeof(Limb)));
}

// The private key's secret parts (as rsa_private.cpp).
void mark_key_secret(const crypto::RsaPrivateKey& key) {
  const auto& k = crypto::RsaKeyAccess::impl(key);
  for (const crypto::mont::Modulus* m : {&k.p, &k.q}) {
    secret_limbs(m->m(), m->limbs());
    secret_limbs(m->r2(), m->limbs());
    secret_limbs(m->one(), m->limbs());
  }
  secret_limbs(k.dp.data(), k.p.limbs());
  secret_limbs(k.dq.data(), k.q.limbs());
  secret_limbs(k.qinv_mont.data(), k.p.limbs());
  secret_limbs(k.blind.data(), k.pub.modulus().limbs());
  secret_limbs(k.unblind.data(), k.pub.modulus().limbs());
}

// EM = 00 02 PS 00 M (RFC 8017 §7.2.1) for a k-byte modulus.
Bytes pkcs1_block(std::size_t k, const Bytes& m) {
  const auto fill = ct_test::pattern<512>(static_cast<std::uint32_t>(m.size()));
  Bytes em(k);
  em[1] = 2;
  for (std::size_t i = 2; i < k - m.size() - 1; ++i) em[i] = fill[i] | 1;
  std::copy(m.begin(), m.end(), em.end() - static_cast<std::ptrdiff_t>(m.size()));
  return em;
}

struct Variant {
  std::string name;
  Bytes em;
  bool well_formed;  // the premaster is M (else R)
};

std::vector<Variant> variants(std::size_t k) {
  const auto r46 = ct_test::pattern<46>(7);
  Bytes m = {3, 3};
  m.insert(m.end(), r46.begin(), r46.end());
  Bytes wrong_version = m;
  wrong_version[1] = 2;
  Bytes bad_type = pkcs1_block(k, m);
  bad_type[1] = 1;
  Bytes short_ps = pkcs1_block(k, m);
  short_ps[5] = 0;  // a zero inside PS: M would be longer than 48 bytes
  Bytes m49 = m;
  m49.push_back(9);
  return {
      {"well formed", pkcs1_block(k, m), true},
      {"wrong version", pkcs1_block(k, wrong_version), false},
      {"block type 1", bad_type, false},
      {"PS cut short", short_ps, false},
      {"47-byte M", pkcs1_block(k, Bytes(m.begin(), m.end() - 1)), false},
      {"49-byte M", pkcs1_block(k, m49), false},
  };
}

// What the server keeps: the master secret and the AES-128-GCM key block.
struct Derived {
  Bytes master, client_key, server_key, client_iv, server_iv;
  bool operator==(const Derived&) const = default;
};

Derived derive(std::span<const std::uint8_t> pre_master) {
  const auto randoms = ct_test::pattern<64>(11);
  handshake::Random client_random{}, server_random{};
  std::copy_n(randoms.begin(), 32, client_random.begin());
  std::copy_n(randoms.begin() + 32, 32, server_random.begin());
  handshake::Digest session_hash;
  session_hash.size = 32;
  const auto h = ct_test::pattern<32>(12);
  std::copy(h.begin(), h.end(), session_hash.bytes.begin());
  handshake::KeySchedule12 ks(crypto::HashId::sha256, nullptr);
  ks.derive_extended_master_secret(pre_master, session_hash, client_random);
  const auto block = ks.key_block(client_random, server_random, 16, 4);
  auto bytes = [](std::span<const std::uint8_t> s) {
    Bytes b(s.begin(), s.end());
    ct_test::declassify(b);
    return b;
  };
  return {bytes(ks.master_secret().bytes()), bytes(block.client.key.bytes()),
          bytes(block.server.key.bytes()), bytes(block.client.iv.bytes()),
          bytes(block.server.iv.bytes())};
}

GLASSTLS_CT_CASE("RFC 5246 §7.4.7.1 ClientKeyExchange to master secret, secret key, EM and R") {
  auto keygen_rng = crypto::HmacDrbg::from_seed(5246);
  const auto key = crypto::RsaPrivateKey::generate(keygen_rng, 2048).value();
  const auto& k = crypto::RsaKeyAccess::impl(key);
  const crypto::mont::Modulus& mn = k.pub.modulus();
  const std::size_t nn = mn.limbs(), size = key.size_bytes();

  // The public runs first: the real function, and the server's derivation.
  struct Run {
    Bytes c, pms;
    Derived derived;
    std::uint64_t seed;
  };
  std::vector<Run> runs;
  std::uint64_t seed = 100;
  for (const auto& v : variants(size)) {
    Run run;
    run.c.resize(size);
    ct_test::check(k.pub.public_op(v.em, run.c).ok(), "ciphertext made");
    run.seed = seed++;
    auto rng = crypto::HmacDrbg::from_seed(run.seed);
    const auto reference = crypto::tls12_rsa_premaster_decrypt(key, run.c, kClientVersion, rng);
    ct_test::check(reference.ok(), "public run succeeded");
    run.pms.assign(reference->bytes().begin(), reference->bytes().end());
    run.derived = derive(run.pms);
    const Bytes m(v.em.end() - 48, v.em.end());
    ct_test::check((run.pms == m) == v.well_formed, "premaster as constructed");
    runs.push_back(std::move(run));
  }
  // Every malformed variant continued with its own random premaster.
  for (std::size_t i = 1; i < runs.size(); ++i) {
    ct_test::check(runs[i].pms != runs[0].pms, "a malformed premaster is not M");
  }

  // The secret runs, step by step.
  mark_key_secret(key);
  for (const auto& run : runs) {
    auto rng = crypto::HmacDrbg::from_seed(run.seed);
    // RFC 5246 §7.4.7.1 step 1: R (the public run's bytes: the same
    // generator, R drawn first).
    auto pms = crypto::Secret<48>(48);
    rng.fill(pms.mutable_bytes());
    ct_test::secret(pms.bytes());
    // Step 2, RsaPrivateKey::private_op on the public ciphertext.
    Limbs cl{}, x{}, chk{};
    crypto::mont::limbs_from_bytes(cl.data(), nn, run.c);
    ct_test::check(crypto::mont::lt_mask(cl.data(), mn.m(), nn) != 0, "c < n (public)");
    crypto::rsa_private_core(k, cl.data(), x.data(), rng);
    crypto::mont::to_mont(mn, chk.data(), x.data());
    crypto::mont::modexp_public(mn, chk.data(), chk.data(), k.pub.exponent());
    Limb diff = 0;
    for (std::size_t i = 0; i < nn; ++i) diff |= chk[i] ^ cl[i];
    // The fault verdict is public by design (see the top of the file).
    ct_test::check(ct_test::declassify(crypto::ct::is_zero(diff)), "no fault");
    Bytes em(size);
    crypto::mont::limbs_to_bytes(em, x.data(), nn);
    crypto::ct::secure_wipe(x.data(), sizeof x);
    // Step 3: M or R, by a masked copy.
    crypto::tls12_premaster_select(em, kClientVersion, pms.mutable_bytes());
    crypto::ct::secure_wipe(em.data(), em.size());
    // The server goes on with whichever it is: master secret, key block.
    const Derived got = derive(pms.bytes());
    ct_test::declassify(pms.bytes());
    ct_test::check(Bytes(pms.bytes().begin(), pms.bytes().end()) == run.pms,
                   "secret-run premaster equals the public run's");
    ct_test::check(got == run.derived, "master secret and key block equal the public run's");
  }
}

}  // namespace
