// Fuzz target: PKCS#10 certification request parsing (RFC 2986, x509/csr.hpp),
// DER or PEM.
//   - parsing never crashes, and an error's offset lies inside the input;
//   - every range of a parsed request lies inside its DER, and the signed
//     bytes are the bytes info_range() names;
//   - the subject and requested names print; verifying the self-signature
//     returns (either way) without crashing;
//   - parsing the request's own DER again gives the same request.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_check.hpp"
#include "x509/csr.hpp"
#include "x509/pem.hpp"

namespace {

using namespace glasstls::x509;

bool inside(ByteRange r, ByteView der) {
  return r.offset <= der.size() && r.length <= der.size() - r.offset;
}
bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

void check(const CertificationRequest& c) {
  const ByteView der = c.der();
  GLASSTLS_FUZZ_CHECK(inside(c.info_range(), der) &&
                      same(der.subspan(c.info_range().offset, c.info_range().length), c.info()));
  GLASSTLS_FUZZ_CHECK(inside(c.subject().range, der) && inside(c.public_key().range, der));
  GLASSTLS_FUZZ_CHECK(inside(c.attributes_range(), der) && inside(c.signature_range(), der));
  (void)c.subject().to_string();
  if (const auto& sans = c.requested_extensions().subject_alt_names)
    for (const auto& g : *sans) (void)g.to_string();
  (void)c.verify_signature();
  auto again = CertificationRequest::parse(der);
  GLASSTLS_FUZZ_CHECK(again.ok() && same(again->der(), der) &&
                      same(again->signature(), c.signature()));
  GLASSTLS_FUZZ_CHECK(again->requested_extensions().all.size() ==
                      c.requested_extensions().all.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto der = CertificationRequest::parse(input);
  if (der.ok())
    check(*der);
  else
    GLASSTLS_FUZZ_CHECK(der.error().offset == glasstls::Error::no_offset ||
                        der.error().offset <= size);
  if (looks_like_pem(input)) {
    auto pem = CertificationRequest::parse_pem(
        std::string_view(reinterpret_cast<const char*>(data), size));
    if (pem.ok()) check(*pem);
  }
  return 0;
}
