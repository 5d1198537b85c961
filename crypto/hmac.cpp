// HMAC, RFC 2104 §2.
#include "crypto/hmac.hpp"

#include <array>

namespace glasstls::crypto {

Hmac::Hmac(HashId id, std::span<const std::uint8_t> key)
    : keyed_inner_(id), keyed_outer_(id), inner_(id) {
  const std::size_t B = block_size(id);
  // RFC 2104 §2: "Applications that use keys longer than B bytes will first
  // hash the key using H and then use the resultant L byte string as the
  // actual key to HMAC."
  std::array<std::uint8_t, kMaxBlockSize> k{};
  if (key.size() > B) {
    hash(id, key, std::span(k).first(digest_size(id)));
  } else {
    std::copy(key.begin(), key.end(), k.begin());
  }
  std::array<std::uint8_t, kMaxBlockSize> pad;
  for (std::size_t i = 0; i < B; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
  keyed_inner_.update(std::span(pad).first(B));
  for (std::size_t i = 0; i < B; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
  keyed_outer_.update(std::span(pad).first(B));
  ct::secure_wipe(k.data(), k.size());
  ct::secure_wipe(pad.data(), pad.size());
  inner_ = keyed_inner_;
}

void Hmac::update(std::span<const std::uint8_t> data) { inner_.update(data); }

void Hmac::finish(std::span<std::uint8_t> out) {
  std::array<std::uint8_t, kMaxDigestSize> inner_digest;
  const auto digest = std::span(inner_digest).first(size());
  inner_.finish(digest);
  Hash outer = keyed_outer_;
  outer.update(digest);
  outer.finish(out);
  ct::secure_wipe(inner_digest.data(), inner_digest.size());
  inner_ = keyed_inner_;
}

HashSecret Hmac::finish() {
  HashSecret out(size());
  finish(out.mutable_bytes());
  return out;
}

ct::Mask Hmac::verify(std::span<const std::uint8_t> expected) {
  const HashSecret mac = finish();
  return ct::memeq(mac.bytes(), expected);
}

HashSecret Hmac::mac(HashId id, std::span<const std::uint8_t> key,
                     std::span<const std::uint8_t> data) {
  Hmac h(id, key);
  h.update(data);
  return h.finish();
}

}  // namespace glasstls::crypto
