#include "crypto/rng.hpp"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace glasstls::crypto {

void OsRng::fill(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fputs("glasstls: getrandom() failed; refusing to continue without randomness\n", stderr);
      std::abort();
    }
    done += static_cast<std::size_t>(n);
  }
}

Rng& os_rng() {
  static OsRng rng;
  return rng;
}

HmacDrbg::HmacDrbg(HashId id, std::span<const std::uint8_t> entropy,
                   std::span<const std::uint8_t> nonce,
                   std::span<const std::uint8_t> personalization)
    : id_(id), key_(digest_size(id)), v_(digest_size(id)) {
  // §10.1.2.3: "Key = 0x00 00...00", "V = 0x01 01...01",
  // then (Key, V) = HMAC_DRBG_Update(seed_material, Key, V), reseed_counter = 1.
  for (auto& b : v_.mutable_bytes()) b = 0x01;
  update(entropy, nonce, personalization);
  reseed_counter_ = 1;
}

HmacDrbg HmacDrbg::from_seed(std::uint64_t seed) {
  std::uint8_t entropy[8];
  for (int i = 0; i < 8; ++i) entropy[i] = static_cast<std::uint8_t>(seed >> (56 - 8 * i));
  constexpr std::string_view nonce = "GlassTLS seed";
  return HmacDrbg(HashId::sha256, entropy,
                  {reinterpret_cast<const std::uint8_t*>(nonce.data()), nonce.size()}, {});
}

void HmacDrbg::update(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                      std::span<const std::uint8_t> c) {
  const bool no_data = a.empty() && b.empty() && c.empty();
  for (std::uint8_t round = 0x00; round <= 0x01; ++round) {
    // K = HMAC(K, V || round || provided_data); V = HMAC(K, V)
    Hmac k_mac(id_, key_.bytes());
    k_mac.update(v_.bytes());
    k_mac.update(std::span(&round, 1));
    k_mac.update(a);
    k_mac.update(b);
    k_mac.update(c);
    k_mac.finish(key_.mutable_bytes());
    Hmac v_mac(id_, key_.bytes());
    v_mac.update(v_.bytes());
    v_mac.finish(v_.mutable_bytes());
    // "If (provided_data = Null), then return Key and V."
    if (no_data) return;
  }
}

void HmacDrbg::reseed(std::span<const std::uint8_t> entropy,
                      std::span<const std::uint8_t> additional) {
  update(entropy, additional, {});
  reseed_counter_ = 1;
}

Result<void> HmacDrbg::generate(std::span<std::uint8_t> out,
                                std::span<const std::uint8_t> additional) {
  if (out.size() > kMaxRequestBytes) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-90A Table 2: at most 2^19 bits per HMAC_DRBG request");
  }
  if (reseed_counter_ > kReseedInterval) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-90A §10.1.2.5: reseed required (reseed_counter > interval)");
  }
  if (!additional.empty()) update(additional, {}, {});
  Hmac v_mac(id_, key_.bytes());
  std::size_t done = 0;
  while (done < out.size()) {
    v_mac.update(v_.bytes());
    v_mac.finish(v_.mutable_bytes());
    const std::size_t take = std::min(v_.size(), out.size() - done);
    std::copy_n(v_.bytes().begin(), take, out.begin() + static_cast<std::ptrdiff_t>(done));
    done += take;
  }
  update(additional, {}, {});
  ++reseed_counter_;
  return success();
}

void HmacDrbg::fill(std::span<std::uint8_t> out) {
  while (!out.empty()) {
    const std::size_t n = std::min(out.size(), kMaxRequestBytes);
    if (!generate(out.first(n), {}).ok()) {
      std::fputs("glasstls: HMAC_DRBG needs a reseed\n", stderr);
      std::abort();
    }
    out = out.subspan(n);
  }
}

}  // namespace glasstls::crypto
