// Fuzz target: PEM reading (RFC 7468) and Base64 (RFC 4648) in x509/pem.hpp.
//   - every block read is written back by pem_encode and read again to the same
//     label and bytes;
//   - Base64 encoding then strict decoding gives the input back;
//   - an input that decodes strictly re-encodes to itself (one canonical form).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_check.hpp"
#include "x509/pem.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasstls::x509;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto blocks = pem_decode_all(text);
  if (blocks) {
    for (const auto& b : *blocks) {
      GLASSTLS_FUZZ_CHECK(b.offset < size);
      const auto newlines =
          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(b.offset), '\n');
      GLASSTLS_FUZZ_CHECK(b.line == 1 + static_cast<std::size_t>(newlines));
      auto again = pem_decode_all(pem_encode(b.label, b.der));
      GLASSTLS_FUZZ_CHECK(again.ok() && again->size() == 1);
      GLASSTLS_FUZZ_CHECK((*again)[0].label == b.label && (*again)[0].der == b.der);
    }
  } else {
    GLASSTLS_FUZZ_CHECK(blocks.error().offset <= size);
  }
  bool ok = false;
  const Bytes back = base64_decode_strict(base64_encode(ByteView(data, size)), ok);
  GLASSTLS_FUZZ_CHECK(ok && back == Bytes(data, data + size));
  const Bytes decoded = base64_decode_strict(text, ok);
  if (ok) GLASSTLS_FUZZ_CHECK(base64_encode(decoded) == text);
  return 0;
}
