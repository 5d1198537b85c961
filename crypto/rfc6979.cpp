// RFC 6979 §3.2 "Generation of k", step by step (see rfc6979.hpp).
#include "crypto/rfc6979.hpp"

#include <algorithm>

namespace glasstls::crypto {

// HMAC_K(parts...) into out, with the HMAC keyed by the current K. CT.
void Rfc6979::mac_into(std::span<std::uint8_t> out,
                       std::initializer_list<std::span<const std::uint8_t>> parts) {
  for (auto p : parts) mac_.update(p);
  mac_.finish(out);
}

// K = HMAC_K(parts...), and the HMAC keyed by the new K: its two padded-key
// blocks are hashed once per K, not once per HMAC_K. CT.
void Rfc6979::rekey(std::initializer_list<std::span<const std::uint8_t>> parts) {
  mac_into(key_.mutable_bytes(), parts);
  mac_ = Hmac(id_, key_.bytes());
}

// CT: only HMAC computations on the secrets.
Rfc6979::Rfc6979(HashId id, std::span<const std::uint8_t> x, std::span<const std::uint8_t> h,
                 std::span<const std::uint8_t> extra)
    : id_(id), hlen_(digest_size(id)), key_(hlen_), v_(hlen_), mac_(id, key_.bytes()) {
  const std::uint8_t zero = 0x00, one = 0x01;
  // RFC 6979 §3.2 step b: "Set: V = 0x01 0x01 0x01 ... 0x01"
  std::fill(v_.mutable_bytes().begin(), v_.mutable_bytes().end(), std::uint8_t{1});
  // Step c: "Set: K = 0x00 0x00 0x00 ... 0x00" (Secret starts zeroed; mac_ is keyed with it).
  // Step d: "K = HMAC_K(V || 0x00 || int2octets(x) || bits2octets(h1))"
  // §3.6: "K = HMAC_K(V || 0x00 || int2octets(x) || bits2octets(h1) || k')"
  rekey({v_.bytes(), {&zero, 1}, x, h, extra});
  // Step e: "V = HMAC_K(V)"
  mac_into(v_.mutable_bytes(), {v_.bytes()});
  // Step f: "K = HMAC_K(V || 0x01 || int2octets(x) || bits2octets(h1))" (|| k', §3.6)
  rekey({v_.bytes(), {&one, 1}, x, h, extra});
  // Step g: "V = HMAC_K(V)"
  mac_into(v_.mutable_bytes(), {v_.bytes()});
}

// CT: HMAC only; the output length is public.
void Rfc6979::next(std::span<std::uint8_t> k) {
  if (!first_) {
    // Step h.3, when k was not in [1, q-1]: "K = HMAC_K(V || 0x00); V = HMAC_K(V)"
    const std::uint8_t zero = 0x00;
    rekey({v_.bytes(), {&zero, 1}});
    mac_into(v_.mutable_bytes(), {v_.bytes()});
  }
  first_ = false;
  // Step h.1: "Set T to the empty sequence."
  // Step h.2: "While tlen < qlen, do the following: V = HMAC_K(V); T = T || V"
  std::size_t done = 0;
  while (done < k.size()) {
    mac_into(v_.mutable_bytes(), {v_.bytes()});
    const std::size_t n = std::min(hlen_, k.size() - done);
    std::copy_n(v_.bytes().begin(), n, k.begin() + static_cast<std::ptrdiff_t>(done));
    done += n;
  }
  // Step h.3: "Compute: k = bits2int(T)": qlen is a multiple of 8 for P-256 and
  // P-384, so bits2int of exactly qlen/8 bytes is those bytes.
}

}  // namespace glasstls::crypto
