// Fuzz target: AES-GCM open (SP 800-38D §7.2) on arbitrary keys, IVs, AAD and
// records, through the low-level API (any IV length) on every backend.
//
// Input layout: [mode] [key: 32] [L] [iv: L bytes] [A] [aad: A bytes] [data: the rest]
// (missing bytes are zeros). mode bits 0-1 pick the key size (16, 24, 32, 32).
//   mode bit 2 = 0: `data` is ciphertext || 16-byte tag. open() must not
//       crash; on failure the output is all zeros (no plaintext released); on
//       success, sealing the plaintext again must give back the same record,
//       so a bad tag is never accepted.
//   mode bit 2 = 1: `data` is a plaintext: seal, open (in place too), then flip
//       one bit chosen by mode >> 3: open() must fail and wipe its output.
// Every backend must produce the same outcome and bytes.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/gcm.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;

struct Input {
  std::uint8_t mode = 0;
  Bytes key, iv, aad, data;
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
  i.key.resize(std::array<std::size_t, 4>{16, 24, 32, 32}[i.mode & 3]);
  i.iv = take(take(1)[0]);
  i.aad = take(take(1)[0]);
  i.data.assign(in.begin(), in.end());
  return i;
}

bool all_zero(std::span<const std::uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

Bytes run(const Input& in, crypto::AesBackend backend) {
  auto gcm = crypto::AesGcm::create(in.key, backend);
  GLASSTLS_FUZZ_CHECK(gcm.ok());
  const bool iv_ok = !in.iv.empty();  // SP 800-38D §5.2.1.1: len(IV) >= 1

  if ((in.mode & 4) == 0) {
    if (in.data.size() < 16) return {};
    const std::size_t n = in.data.size() - 16;
    const auto ct = std::span(in.data).first(n);
    const auto tag = std::span(in.data).subspan(n).first<16>();
    Bytes out(n, 0xAA);
    const auto r = gcm->open(in.iv, in.aad, ct, tag, out);
    if (!r.ok()) {
      GLASSTLS_FUZZ_CHECK(all_zero(out));
      return {0xFF};
    }
    GLASSTLS_FUZZ_CHECK(iv_ok);
    Bytes again(n);
    std::array<std::uint8_t, 16> tag2{};
    GLASSTLS_FUZZ_CHECK(gcm->seal(in.iv, in.aad, out, again, tag2).ok());
    GLASSTLS_FUZZ_CHECK(std::equal(again.begin(), again.end(), ct.begin(), ct.end()));
    GLASSTLS_FUZZ_CHECK(std::equal(tag2.begin(), tag2.end(), tag.begin()));
    return out;
  }

  const Bytes& plaintext = in.data;
  Bytes record(plaintext.size());
  std::array<std::uint8_t, 16> tag{};
  if (!gcm->seal(in.iv, in.aad, plaintext, record, tag).ok()) {
    GLASSTLS_FUZZ_CHECK(!iv_ok);
    return {0xFE};
  }
  Bytes buf = record;
  GLASSTLS_FUZZ_CHECK(gcm->open(in.iv, in.aad, buf, tag, buf).ok());  // in place
  GLASSTLS_FUZZ_CHECK(buf == plaintext);
  const std::size_t bits = 8 * (record.size() + 16);
  const std::size_t bit = (static_cast<std::size_t>(in.mode >> 3) * 131 + plaintext.size()) % bits;
  auto forged_tag = tag;
  Bytes forged = record;
  if (bit < 8 * record.size()) {
    forged[bit / 8] = static_cast<std::uint8_t>(forged[bit / 8] ^ (1u << (bit % 8)));
  } else {
    const std::size_t b = bit - 8 * record.size();
    forged_tag[b / 8] = static_cast<std::uint8_t>(forged_tag[b / 8] ^ (1u << (b % 8)));
  }
  Bytes out(plaintext.size(), 0xAA);
  const auto r = gcm->open(in.iv, in.aad, forged, forged_tag, out);
  GLASSTLS_FUZZ_CHECK(!r.ok() && r.error().alert == AlertDescription::bad_record_mac);
  GLASSTLS_FUZZ_CHECK(all_zero(out));
  record.insert(record.end(), tag.begin(), tag.end());
  return record;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Input in = split(data, size);
  const Bytes portable = run(in, crypto::AesBackend::portable);
  for (auto b : {crypto::AesBackend::aesni, crypto::AesBackend::vaes_avx2}) {
    if (crypto::aes_backend_usable(b)) GLASSTLS_FUZZ_CHECK(run(in, b) == portable);
  }
  return 0;
}
