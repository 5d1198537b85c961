// ct subject: Secret<Cap> and ct_equal on secret contents.
#include "crypto/secret.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

GLASSTLS_CT_CASE("ct_equal(Secret, Secret): equal and differing secrets") {
  const auto bytes = ct_test::pattern<48>(7);
  for (std::size_t flip = 0; flip <= 48; flip += 16) {  // 48: equal
    auto a = crypto::Secret<64>::from(bytes);
    auto b = crypto::Secret<48>::from(bytes);
    if (flip < 48) b.mutable_bytes()[flip] ^= 0x80;
    ct_test::secret(a.mutable_bytes());
    ct_test::secret(b.mutable_bytes());
    auto c = a.clone();  // clone and move copy secret bytes without branching
    crypto::Secret<64> d = std::move(c);
    const bool equal = ct_test::declassify(crypto::ct_equal(d, b));
    ct_test::check(equal == (flip == 48), "ct_equal verdict");
  }
}

}  // namespace
