// ct subject: what happens to a decrypted PKCS #1 v1.5 block (crypto/rsa_pkcs1.cpp,
// crypto/rsa_tls12.cpp): the RFC 8017 §7.2.2 padding check and the RFC 5246
// §7.4.7.1 premaster selection must not branch on or index by the decrypted
// bytes, whether the padding is right or wrong -- a difference would be a
// Bleichenbacher oracle. EM and the random premaster R are secret.
#include <vector>

#include "crypto/rsa_internal.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;

// EM = 00 02 PS 00 M with |M| = mlen (PS nonzero), then `tweak` applied.
Bytes make_em(std::size_t mlen, int tweak) {
  const auto fill = ct_test::pattern<256>(static_cast<std::uint32_t>(mlen + 7));
  Bytes em(256);
  em[0] = 0x00;
  em[1] = 0x02;
  for (std::size_t i = 2; i < 256 - mlen - 1; ++i) em[i] = fill[i] | 1;
  em[256 - mlen - 1] = 0x00;
  for (std::size_t i = 256 - mlen; i < 256; ++i) em[i] = fill[i];
  if (mlen >= 48) {
    em[256 - mlen] = 0x03;
    em[256 - mlen + 1] = 0x03;
  }
  if (tweak == 1) em[1] = 0x01;           // wrong block type
  if (tweak == 2) em[5] = 0x00;           // PS shorter than 8 octets
  if (tweak == 3) em[256 - mlen] = 0x02;  // wrong version (for mlen = 48)
  return em;
}

GLASSTLS_CT_CASE("RFC 8017 §7.2.2 padding check on secret EM (good and bad paddings)") {
  for (int tweak : {0, 1, 2}) {
    for (std::size_t mlen : {0u, 48u, 200u}) {
      const Bytes em_pub = make_em(mlen, tweak);
      const auto expected = crypto::pkcs1_type2_check(em_pub);
      Bytes em = em_pub;
      ct_test::secret(em);
      const auto got = crypto::pkcs1_type2_check(em);
      const bool good = ct_test::declassify(got.good);
      const auto sep = ct_test::declassify_value(got.sep);
      ct_test::check(good == expected.good.declassify() && sep == expected.sep,
                     "secret-EM verdict equals the public one");
      ct_test::check(good == (tweak == 0), "verdict as constructed");
    }
  }
}

GLASSTLS_CT_CASE("RFC 5246 §7.4.7.1 premaster selection on secret EM and secret R") {
  const auto r_pub = ct_test::pattern<48>(99);
  for (int tweak : {0, 1, 2, 3}) {
    for (std::size_t mlen : {47u, 48u, 49u}) {
      const Bytes em_pub = make_em(mlen, tweak);
      Bytes expected(r_pub.begin(), r_pub.end());
      crypto::tls12_premaster_select(em_pub, 0x0303, expected);
      Bytes em = em_pub, pms(r_pub.begin(), r_pub.end());
      ct_test::secret(em);
      ct_test::secret(pms);
      crypto::tls12_premaster_select(em, 0x0303, pms);
      ct_test::declassify(pms);
      ct_test::check(pms == expected, "secret-input premaster equals the public one");
      const bool took_m = pms != Bytes(r_pub.begin(), r_pub.end());
      ct_test::check(took_m == (tweak == 0 && mlen == 48), "M taken only when well formed");
    }
  }
}

}  // namespace
