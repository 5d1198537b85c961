// ct subject: the TLS 1.2 PRF (RFC 5246 §5) with a secret secret.
#include <array>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/prf12.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using crypto::HashId;

GLASSTLS_CT_CASE("PRF: master secret, key block and Finished from secret inputs") {
  const auto pms = ct_test::pattern<48>(41);   // a pre-master secret
  const auto seed = ct_test::pattern<64>(42);  // client_random + server_random
  for (auto id : {HashId::sha256, HashId::sha384}) {
    for (std::size_t out_len : {12, 48, 104, 200}) {
      std::vector<std::uint8_t> expected(out_len);
      crypto::tls12_prf(id, pms, "master secret", seed, expected);

      auto s = pms;
      ct_test::secret(s);
      std::vector<std::uint8_t> out(out_len);
      crypto::tls12_prf(id, s, "master secret", seed, out);
      ct_test::declassify(out);
      ct_test::check(out == expected, "PRF output equals the public run");

      // The master secret then keys the next PRF call (key expansion).
      std::vector<std::uint8_t> ms = expected;
      ms.resize(48);
      std::vector<std::uint8_t> kb_ref(out_len), kb(out_len);
      crypto::tls12_prf(id, ms, "key expansion", seed, kb_ref);
      ct_test::secret(ms);
      crypto::tls12_prf(id, ms, "key expansion", seed, kb);
      ct_test::declassify(kb);
      ct_test::check(kb == kb_ref, "key expansion equals the public run");
    }
  }
}

}  // namespace
