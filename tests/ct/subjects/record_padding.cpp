// ct subject: TLS 1.3 padding removal (record/tls13_protection.cpp,
// last_nonzero_byte): finding the content type behind a secret amount of zero
// padding (RFC 8446 §5.4) takes the same path whatever the bytes are.
#include <vector>

#include "record/tls13_protection.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;

void padding_case(std::size_t content, std::size_t padding) {
  std::vector<std::uint8_t> inner(content + 1 + padding, 0);
  for (std::size_t i = 0; i < content; ++i) inner[i] = static_cast<std::uint8_t>(i * 7 + 1);
  inner[content] = 23;  // the content type
  ct_test::secret(inner);
  const auto [found, index] = record::last_nonzero_byte(inner);
  ct_test::check(ct_test::declassify(found), "a content type was found");
  ct_test::check(ct_test::declassify_value(index) == content,
                 "the content type is right after the content");
}

GLASSTLS_CT_CASE("TLS 1.3 padding removal: the last non-zero byte behind secret padding") {
  padding_case(0, 0);
  padding_case(5, 0);
  padding_case(5, 11);
  padding_case(100, 300);
  padding_case(1000, 1);
  // Full records (2^14 + 1 bytes): all content, all padding.
  padding_case(16384, 0);
  padding_case(0, 16384);
}

}  // namespace
