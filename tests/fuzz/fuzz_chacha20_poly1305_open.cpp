// Fuzz target: ChaCha20-Poly1305 open() (RFC 8439 §2.8) on arbitrary records.
//
// Input layout:  [mode] [key: 32] [nonce: 12] [A] [aad: A bytes] [data: the rest]
// (missing bytes are zeros). On every backend this CPU has (portable, AVX2):
//   mode bit 0 = 0: `data` is a record (ciphertext || tag) to open. open() must
//       not crash; when it fails, it says bad_record_mac and out is all zeros
//       (no plaintext released); when it succeeds, sealing the plaintext again
//       must give back exactly the record — so it never accepts a bad tag.
//   mode bit 0 = 1: `data` is a plaintext. Seal it, open it (must round-trip, in
//       place too), then flip one bit chosen by mode >> 1 and the data's length:
//       open() must now fail and wipe out.
// Both backends must produce the same record.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/chacha20_poly1305.hpp"
#include "crypto/cpu.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;

struct Input {
  std::uint8_t mode = 0;
  Bytes key, nonce, aad, data;
};

Input split(const std::uint8_t* p, std::size_t n) {
  std::span<const std::uint8_t> in(p, n);
  auto take = [&](std::size_t k) {
    Bytes out(k, 0);
    const std::size_t have = std::min(k, in.size());
    std::copy(in.begin(), in.begin() + static_cast<long>(have), out.begin());
    in = in.subspan(have);
    return out;
  };
  Input i;
  i.mode = take(1)[0];
  i.key = take(32);
  i.nonce = take(12);
  i.aad = take(take(1)[0]);
  i.data.assign(in.begin(), in.end());
  return i;
}

bool all_zero(std::span<const std::uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

Bytes run(const Input& in, bool avx2) {
  crypto::ScopedPortable portable(!avx2);
  auto made = crypto::make_chacha20_poly1305(in.key);
  GLASSTLS_FUZZ_CHECK(made.ok());
  const crypto::Aead& aead = **made;
  const std::span<const std::uint8_t, 12> nonce(in.nonce.data(), 12);

  if ((in.mode & 1) == 0) {
    const Bytes& record = in.data;
    Bytes out(record.size() >= 16 ? record.size() - 16 : 0, 0xAA);
    const auto r = aead.open(nonce, in.aad, record, out);
    if (!r.ok()) {
      GLASSTLS_FUZZ_CHECK(r.error().alert == AlertDescription::bad_record_mac);
      GLASSTLS_FUZZ_CHECK(all_zero(out));
      return {};
    }
    // Accepted: the tag must be the one seal computes for this plaintext.
    Bytes again(out.size() + 16);
    GLASSTLS_FUZZ_CHECK(aead.seal(nonce, in.aad, out, again).ok());
    GLASSTLS_FUZZ_CHECK(again == record);
    return out;
  }

  const Bytes& plaintext = in.data;
  Bytes record(plaintext.size() + 16);
  GLASSTLS_FUZZ_CHECK(aead.seal(nonce, in.aad, plaintext, record).ok());
  Bytes out(plaintext.size());
  GLASSTLS_FUZZ_CHECK(aead.open(nonce, in.aad, record, out).ok());
  GLASSTLS_FUZZ_CHECK(out == plaintext);
  Bytes in_place = record;  // open in place
  GLASSTLS_FUZZ_CHECK(
      aead.open(nonce, in.aad, in_place, std::span(in_place).first(plaintext.size())).ok());
  GLASSTLS_FUZZ_CHECK(std::equal(plaintext.begin(), plaintext.end(), in_place.begin()));

  Bytes forged = record;
  const std::size_t bit =
      (static_cast<std::size_t>(in.mode >> 1) * 131 + plaintext.size()) % (8 * forged.size());
  forged[bit / 8] = static_cast<std::uint8_t>(forged[bit / 8] ^ (1u << (bit % 8)));
  std::fill(out.begin(), out.end(), 0xAA);
  const auto r = aead.open(nonce, in.aad, forged, out);
  GLASSTLS_FUZZ_CHECK(!r.ok() && r.error().alert == AlertDescription::bad_record_mac);
  GLASSTLS_FUZZ_CHECK(all_zero(out));
  return record;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Input in = split(data, size);
  const Bytes portable = run(in, false);
  if (crypto::cpu_features().avx2) GLASSTLS_FUZZ_CHECK(run(in, true) == portable);
  return 0;
}
