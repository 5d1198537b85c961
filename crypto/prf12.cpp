#include "crypto/prf12.hpp"

#include <algorithm>
#include <array>

#include "crypto/hmac.hpp"

namespace glasstls::crypto {

void tls12_prf(HashId id, std::span<const std::uint8_t> secret, std::string_view label,
               std::span<const std::uint8_t> seed, std::span<std::uint8_t> out) {
  const std::span<const std::uint8_t> label_bytes(
      reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  const std::size_t hash_len = digest_size(id);
  Hmac hmac(id, secret);

  // A(1) = HMAC_hash(secret, A(0)), with A(0) = label + seed.
  std::array<std::uint8_t, kMaxDigestSize> a{};
  const auto A = std::span(a).first(hash_len);
  hmac.update(label_bytes);
  hmac.update(seed);
  hmac.finish(A);

  std::array<std::uint8_t, kMaxDigestSize> block{};
  std::size_t done = 0;
  while (done < out.size()) {
    // RFC 5246 §5: HMAC_hash(secret, A(i) + seed), seed being label + seed here.
    hmac.update(A);
    hmac.update(label_bytes);
    hmac.update(seed);
    hmac.finish(std::span(block).first(hash_len));
    const std::size_t take = std::min(hash_len, out.size() - done);
    std::copy_n(block.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(done));
    done += take;
    // A(i+1) = HMAC_hash(secret, A(i))
    hmac.update(A);
    hmac.finish(A);
  }
  ct::secure_wipe(a.data(), a.size());
  ct::secure_wipe(block.data(), block.size());
}

}  // namespace glasstls::crypto
