#include "handshake/key_exchange.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;

}  // namespace

bool is_supported_group(std::uint16_t group) {
  return group == code(NamedGroup::x25519) || group == code(NamedGroup::secp256r1) ||
         group == code(NamedGroup::secp384r1);
}

Result<KeyShare> KeyShare::generate(std::uint16_t group, crypto::Rng& rng) {
  KeyShare ks;
  ks.group_ = group;
  if (group == code(NamedGroup::x25519)) {
    auto kp = crypto::x25519::generate(rng);
    ks.public_.assign(kp.public_key.begin(), kp.public_key.end());
    ks.private_ = std::move(kp.private_key);
    return ks;
  }
  if (group == code(NamedGroup::secp256r1) || group == code(NamedGroup::secp384r1)) {
    const auto curve =
        group == code(NamedGroup::secp256r1) ? crypto::EcCurve::p256 : crypto::EcCurve::p384;
    auto key = crypto::EcPrivateKey::generate(curve, rng);
    ks.public_ = key.public_key().encode_uncompressed();
    ks.private_ = std::move(key);
    return ks;
  }
  return make_error(AD::internal_error, "RFC 8446 §4.2.7: a key share for a group we do not offer")
      .with_found(group);
}

Result<SharedSecret> KeyShare::shared_secret(ByteView peer, std::uint16_t version) const {
  const bool tls12 = version == kTls12;
  if (const auto* x = std::get_if<crypto::x25519::PrivateKey>(&private_)) {
    // RFC 8446 §4.2.8.2: "For X25519 and X448, the contents of the public
    // value are the byte string inputs and outputs of the corresponding
    // functions defined in [RFC7748]: 32 bytes for X25519".
    if (peer.size() != crypto::x25519::kKeySize) {
      return make_error(AD::illegal_parameter,
                        "RFC 8446 §4.2.8.2: an X25519 key_exchange is 32 bytes")
          .with_expected(32, static_cast<std::uint32_t>(peer.size()));
    }
    auto z = crypto::x25519::shared_secret(std::span<const std::uint8_t, 32>(x->bytes().data(), 32),
                                           std::span<const std::uint8_t, 32>(peer.data(), 32));
    // RFC 8446 §7.4.2: "Implementations MUST check whether the computed
    // Diffie-Hellman shared secret is the all-zero value and abort if so".
    // RFC 8422 §5.11: "With X25519 and X448, a receiving party MUST check
    // whether the computed premaster secret is the all-zero value and abort
    // the handshake if so".
    if (!z) {
      return make_error(AD::illegal_parameter,
                        tls12 ? "RFC 8422 §5.11: the X25519 premaster secret is all zeros"
                              : "RFC 8446 §7.4.2: the X25519 shared secret is all zeros");
    }
    return SharedSecret::from(z->bytes());
  }
  const auto& key = std::get<crypto::EcPrivateKey>(private_);
  // RFC 8446 §4.2.8.2: "For the curves secp256r1, secp384r1, and secp521r1,
  // peers MUST validate each other's public value Q by ensuring that the
  // point is a valid point on the elliptic curve." — in the uncompressed
  // form (legacy_form = 4) of the right size, then on the curve.
  // In TLS 1.2 (ServerKeyExchange, ClientKeyExchange) the rules are RFC
  // 8422's:
  // RFC 8422 §5.1.2: "Implementations of this document MUST support the
  // uncompressed format for all of their supported curves and MUST NOT
  // support other formats for curves defined in this specification."
  // RFC 8422 §5.11: "A receiving party MUST check that the x and y
  // parameters from the peer's public value satisfy the curve equation, y^2 =
  // x^3 + ax + b mod p."
  const std::size_t n = crypto::ec_bytes(key.curve());
  if (peer.size() != 1 + 2 * n || peer[0] != 4) {
    return make_error(AD::illegal_parameter,
                      tls12 ? "RFC 8422 §5.1.2, §5.4.1: an ECDHE public value is an uncompressed "
                              "point (form 4) of the curve's size; other formats are not "
                              "supported"
                            : "RFC 8446 §4.2.8.2: an ECDHE key_exchange is an uncompressed point "
                              "(legacy_form 4) of the group's size");
  }
  auto point = crypto::EcPublicKey::parse(key.curve(), peer);
  if (!point) {
    return make_error(AD::illegal_parameter,
                      tls12 ? "RFC 8422 §5.11: the peer's ECDHE public value is not a point of "
                              "the curve"
                            : "RFC 8446 §4.2.8.2: the peer's ECDHE public value is not a point of "
                              "the curve");
  }
  auto z = crypto::ecdh(key, *point);
  if (!z) return make_error(AD::illegal_parameter, "RFC 8446 §7.4.1: ECDH failed");
  // RFC 8446 §7.4.2: "the shared secret is the x-coordinate of the ECDH
  // shared secret elliptic curve point" (ecdh() returns exactly that).
  return SharedSecret::from(z->bytes());
}

}  // namespace glasstls::handshake
