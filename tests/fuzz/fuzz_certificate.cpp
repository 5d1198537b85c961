// Fuzz target: certificate parsing (RFC 5280 §4.1, x509/certificate.hpp), DER or PEM.
//   - parsing never crashes, and an error's offset lies inside the input;
//   - every range of a parsed certificate lies inside its DER, and the TBS,
//     serial and signature views are the bytes those ranges name;
//   - names, general names and keys print; a self-check of the signature
//     returns (either way) without crashing;
//   - parsing the certificate's own DER again gives the same result.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_check.hpp"
#include "x509/certificate.hpp"

namespace {

using namespace glasstls::x509;

bool inside(ByteRange r, ByteView der) {
  return r.offset <= der.size() && r.length <= der.size() - r.offset;
}

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

void check(const Certificate& c) {
  const ByteView der = c.der();
  GLASSTLS_FUZZ_CHECK(inside(c.tbs_range(), der) &&
                      same(der.subspan(c.tbs_range().offset, c.tbs_range().length), c.tbs()));
  GLASSTLS_FUZZ_CHECK(inside(c.serial_range(), der));
  GLASSTLS_FUZZ_CHECK(inside(c.signature_range(), der));
  GLASSTLS_FUZZ_CHECK(inside(c.validity().range, der) && inside(c.public_key().range, der));
  GLASSTLS_FUZZ_CHECK(inside(c.issuer().range, der) && inside(c.subject().range, der));
  GLASSTLS_FUZZ_CHECK(c.version() >= 1 && c.version() <= 3);
  GLASSTLS_FUZZ_CHECK(c.extensions().all.empty() || c.version() == 3);
  for (const auto& e : c.extensions().all) GLASSTLS_FUZZ_CHECK(inside(e.range, der));
  (void)c.subject().to_string();
  (void)c.issuer().to_string();
  (void)c.public_key().describe();
  if (c.extensions().subject_alt_names)
    for (const auto& g : *c.extensions().subject_alt_names) (void)g.to_string();
  if (c.extensions().name_constraints) {
    for (const auto& g : c.extensions().name_constraints->permitted) (void)g.to_string();
    for (const auto& g : c.extensions().name_constraints->excluded) (void)g.to_string();
  }
  (void)c.verify_signed_by(c.public_key());
  auto again = Certificate::parse(der);
  GLASSTLS_FUZZ_CHECK(again.ok() && same(again->tbs(), c.tbs()) &&
                      same(again->signature(), c.signature()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto certs = Certificate::parse_any(ByteView(data, size));
  if (!certs) {
    const auto off = certs.error().offset;
    GLASSTLS_FUZZ_CHECK(off == glasstls::Error::no_offset || off <= size);
    return 0;
  }
  for (const auto& c : *certs) check(c);
  return 0;
}
