#include "crypto/hkdf.hpp"

#include <algorithm>
#include <array>

#include "crypto/hmac.hpp"
#include "crypto/writer.hpp"

namespace glasstls::crypto {

HashSecret hkdf_extract(HashId id, std::span<const std::uint8_t> salt,
                        std::span<const std::uint8_t> ikm) {
  // RFC 5869 §2.2: "salt: optional salt value (a non-secret random value); if not
  // provided, it is set to a string of HashLen zeros." HMAC pads a short key with
  // zeros anyway, so the empty salt and HashLen zeros give the same PRK.
  return Hmac::mac(id, salt, ikm);
}

Result<void> hkdf_expand(HashId id, std::span<const std::uint8_t> prk,
                         std::span<const std::uint8_t> info, std::span<std::uint8_t> out) {
  const std::size_t hash_len = digest_size(id);
  // RFC 5869 §2.3: "L length of output keying material in octets (<= 255*HashLen)"
  if (out.size() > 255 * hash_len) {
    return make_error(AlertDescription::internal_error,
                      "RFC 5869 §2.3: HKDF-Expand output length L must be <= 255*HashLen");
  }
  Hmac hmac(id, prk);
  std::array<std::uint8_t, kMaxDigestSize> t{};  // T(i)
  std::size_t t_len = 0;                         // T(0) is the empty string
  std::size_t done = 0;
  for (std::uint8_t i = 1; done < out.size(); ++i) {
    hmac.update(std::span(t).first(t_len));
    hmac.update(info);
    hmac.update(std::span(&i, 1));
    hmac.finish(std::span(t).first(hash_len));
    t_len = hash_len;
    const std::size_t take = std::min(hash_len, out.size() - done);
    std::copy_n(t.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(done));
    done += take;
  }
  ct::secure_wipe(t.data(), t.size());
  return success();
}

Result<std::vector<std::uint8_t>> hkdf_label(std::uint16_t length, std::string_view label,
                                             std::span<const std::uint8_t> context) {
  // RFC 8446 §7.1:
  //   struct {
  //       uint16 length = Length;
  //       opaque label<7..255> = "tls13 " + Label;
  //       opaque context<0..255> = Context;
  //   } HkdfLabel;
  constexpr std::string_view prefix = "tls13 ";
  if (label.empty() || prefix.size() + label.size() > 255) {
    return make_error(AlertDescription::internal_error,
                      "RFC 8446 §7.1: HkdfLabel.label must be 7..255 bytes (\"tls13 \" + Label)");
  }
  if (context.size() > 255) {
    return make_error(AlertDescription::internal_error,
                      "RFC 8446 §7.1: HkdfLabel.context must be 0..255 bytes");
  }
  Writer w;
  w.u16(length);
  w.u8_prefixed([&](Writer& b) {
    b.bytes({reinterpret_cast<const std::uint8_t*>(prefix.data()), prefix.size()});
    b.bytes({reinterpret_cast<const std::uint8_t*>(label.data()), label.size()});
  });
  w.u8_prefixed([&](Writer& b) { b.bytes(context); });
  return std::move(w).finish();
}

Result<void> hkdf_expand_label(HashId id, std::span<const std::uint8_t> secret,
                               std::string_view label, std::span<const std::uint8_t> context,
                               std::span<std::uint8_t> out) {
  if (out.size() > 0xffff) {
    return make_error(AlertDescription::internal_error,
                      "RFC 8446 §7.1: HkdfLabel.length is a uint16");
  }
  auto info = hkdf_label(static_cast<std::uint16_t>(out.size()), label, context);
  if (!info) return info.error();
  return hkdf_expand(id, secret, *info, out);
}

Result<HashSecret> derive_secret(HashId id, std::span<const std::uint8_t> secret,
                                 std::string_view label,
                                 std::span<const std::uint8_t> transcript_hash) {
  HashSecret out(digest_size(id));
  auto r = hkdf_expand_label(id, secret, label, transcript_hash, out.mutable_bytes());
  if (!r) return r.error();
  return out;
}

}  // namespace glasstls::crypto
