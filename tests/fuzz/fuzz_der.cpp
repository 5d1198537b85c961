// Fuzz target: the strict DER reader (x509/der.hpp) on arbitrary input, walked
// into every constructed element down to the nesting limit.
//   - every element lies inside its parent and the input, and its encoding is
//     exactly what DerWriter writes for its tag and contents (DER has one form);
//   - OIDs that parse print a dotted form that converts back to the same OID;
//   - times that parse are written back by DerWriter::time to an equal time.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_check.hpp"
#include "x509/der.hpp"

namespace {

using namespace glasstls::x509;

void walk(DerReader r, const std::uint8_t* base, std::size_t size) {
  while (!r.empty()) {
    auto e = r.read_any();
    if (!e) return;
    GLASSTLS_FUZZ_CHECK(e->range.offset + e->range.length <= size);
    GLASSTLS_FUZZ_CHECK(e->encoding.data() == base + e->range.offset);
    GLASSTLS_FUZZ_CHECK(e->contents.data() == base + e->value_range.offset);
    DerWriter w;
    w.element(e->tag, e->contents);
    GLASSTLS_FUZZ_CHECK(
        std::equal(w.view().begin(), w.view().end(), e->encoding.begin(), e->encoding.end()));
    if (e->constructed()) {
      auto inner = r.enter(*e);
      if (inner) walk(*inner, base, size);
      continue;
    }
    if (e->tag == tag::oid) {
      DerReader one(e->encoding, e->range.offset);
      auto o = one.read_oid();
      if (o) {
        auto back = Oid::from_dotted(o->dotted());
        GLASSTLS_FUZZ_CHECK(back.has_value() && *back == *o);
      }
    } else if (e->tag == tag::utc_time || e->tag == tag::generalized_time) {
      auto t = parse_time(*e);
      if (t) {
        DerWriter tw;
        tw.time(*t);
        DerReader again(tw.view());
        auto te = again.read_any();
        GLASSTLS_FUZZ_CHECK(te.ok());
        auto t2 = parse_time(*te);
        GLASSTLS_FUZZ_CHECK(t2.ok() && *t2 == *t);
      }
    } else if (e->tag == tag::integer) {
      DerReader one(e->encoding, e->range.offset);
      (void)one.read_small_unsigned();
    } else if (e->tag == tag::bit_string) {
      DerReader one(e->encoding, e->range.offset);
      auto b = one.read_bit_string();
      if (b) GLASSTLS_FUZZ_CHECK(b->bit_count() <= b->bytes.size() * 8);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  walk(DerReader(ByteView(data, size)), data, size);
  return 0;
}
