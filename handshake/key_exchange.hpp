// (EC)DHE key shares (RFC 8446 §4.2.8, §7.4): x25519 (RFC 7748), secp256r1
// and secp384r1 (uncompressed points, §4.2.8.2).
#pragma once

#include <cstdint>
#include <variant>

#include "crypto/ec.hpp"
#include "crypto/rng.hpp"
#include "crypto/x25519.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/extensions.hpp"

namespace glasstls::handshake {

// The shared secret Z of §7.4 (x25519: 32 bytes; P-256: 32; P-384: 48).
using SharedSecret = crypto::Secret<48>;

bool is_supported_group(std::uint16_t group);

class KeyShare {
 public:
  // A fresh key pair for `group` from `rng`.
  static Result<KeyShare> generate(std::uint16_t group, crypto::Rng& rng);

  std::uint16_t group() const { return group_; }
  // What goes into KeyShareEntry.key_exchange.
  const Bytes& public_bytes() const { return public_; }

  // RFC 8446 §7.4.1/§7.4.2: Z from the peer's key_exchange. A peer value of
  // the wrong size, compressed or not on the curve, or an all-zero x25519
  // result, is illegal_parameter (§4.2.8.2, §7.4.2; in TLS 1.2, `version`
  // kTls12, RFC 8422 §5.1.2, §5.11).
  Result<SharedSecret> shared_secret(ByteView peer_key_exchange,
                                     std::uint16_t version = kTls13) const;

 private:
  std::uint16_t group_ = 0;
  std::variant<crypto::x25519::PrivateKey, crypto::EcPrivateKey> private_;
  Bytes public_;
};

}  // namespace glasstls::handshake
