#include "handshake/key_exchange12.hpp"

#include "handshake/field_values.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

constexpr OpaqueVector kPoint = {"public", "point", 1,
                                 1,        0xff,    "RFC 8422 §5.4: opaque point <1..2^8-1>"};
constexpr OpaqueVector kSignature = {
    "signature", "value", 2, 0, 0xffff, "RFC 5246 §4.7: opaque signature<0..2^16-1>"};
constexpr OpaqueVector kClientPoint = {
    "ecdh_Yc", "point", 1, 1, 0xff, "RFC 8422 §5.7: ECPoint ecdh_Yc, an opaque point <1..2^8-1>"};
// RFC 5246 §7.4.7.1: "Public-key-encrypted data is represented as an opaque
// vector <0..2^16-1> (see Section 4.7)."
// RFC 5246 §7.4.7.1: "Implementors upgrading from SSLv3 MUST modify their
// implementations to generate and accept the correct encoding." — the two
// length bytes, written (serialize) and required (parse) alike.
constexpr OpaqueVector kEncryptedPreMasterSecret = {
    "pre_master_secret",
    "ciphertext",
    2,
    0,
    0xffff,
    "RFC 5246 §7.4.7.1: the EncryptedPreMasterSecret is an opaque vector <0..2^16-1>"};

std::string curve_type_name(std::uint8_t t) {
  if (t == kNamedCurve) return "named_curve";
  if (t == 1 || t == 2) return "deprecated(" + std::to_string(t) + ")";
  return "unknown(" + std::to_string(t) + ")";
}

std::string point_summary(ByteView point) { return std::to_string(point.size()) + " bytes"; }

// ServerECDHParams, as the parser reports it.
void write_params(Writer& w, std::uint16_t named_curve, ByteView public_key) {
  w.open_field("params");
  w.open_field("curve_params");
  w.field(
      "curve_type", [&] { w.u8(kNamedCurve); }, [&] { return curve_type_name(kNamedCurve); });
  w.field(
      "namedcurve", [&] { w.u16(named_curve); }, [&] { return group_name(named_curve); });
  w.close_field([&] { return group_name(named_curve); });
  write_opaque(w, kPoint, public_key, point_summary);
  w.close_field([] { return std::string(); });
}

Result<void> read_curve_params(Reader& r, std::uint16_t& named_curve) {
  r.open_field("curve_params");
  const std::size_t at = r.offset();
  std::uint8_t type = 0;
  if (!r.field(
          "curve_type", [&] { return r.read_u8(type); }, [&] { return curve_type_name(type); })) {
    return r.error_here(AD::decode_error, "RFC 8422 §5.4: a truncated ECParameters");
  }
  if (type == 1 || type == 2 || type >= 248) {
    // RFC 8422 §5.4: the explicit curves are "now deprecated, so only one
    // value remains"; "A possible reason for a fatal handshake failure is
    // that the client's capabilities for handling elliptic curves and point
    // formats are exceeded".
    return make_error(AD::handshake_failure,
                      "RFC 8422 §5.4: the explicit curves are deprecated; named_curve (3) is "
                      "\"the only remaining format\"",
                      at)
        .with_expected(kNamedCurve, type);
  }
  if (type != kNamedCurve) {
    return make_error(AD::illegal_parameter,
                      "RFC 8422 §5.4: ECCurveType is named_curve (3); other values are "
                      "undefined",
                      at)
        .with_expected(kNamedCurve, type);
  }
  if (!r.field(
          "namedcurve", [&] { return r.read_u16(named_curve); },
          [&] { return group_name(named_curve); })) {
    return r.error_here(AD::decode_error, "RFC 8422 §5.4: a truncated ECParameters");
  }
  r.close_field([&] { return group_name(named_curve); });
  return success();
}

}  // namespace

Bytes ServerKeyExchange12::params() const {
  Writer w;
  write_params(w, named_curve, public_key);
  auto out = std::move(w).finish();
  return out ? std::move(*out) : Bytes{};
}

Bytes ecdhe_params_to_sign(const Random& client_random, const Random& server_random,
                           ByteView params) {
  Bytes out(client_random.begin(), client_random.end());
  out.insert(out.end(), server_random.begin(), server_random.end());
  out.insert(out.end(), params.begin(), params.end());
  return out;
}

Result<ServerKeyExchange12> ServerKeyExchange12::parse(ByteView message, crypto::FieldSink* sink) {
  auto body = open_message(message, HandshakeType::server_key_exchange, sink);
  if (!body) return body.error();
  Reader& r = *body;
  ServerKeyExchange12 ske;
  r.open_field("params");
  if (auto v = read_curve_params(r, ske.named_curve); !v) return v.error();
  auto point = read_opaque(r, kPoint, point_summary);
  if (!point) return point.error();
  ske.public_key = std::move(*point);
  r.close_field([] { return std::string(); });
  r.open_field("signed_params");
  if (!r.field(
          "algorithm", [&] { return r.read_u16(ske.algorithm); },
          [&] { return signature_scheme_name(ske.algorithm); })) {
    return r.error_here(AD::decode_error, "RFC 5246 §4.7: a truncated SignatureAndHashAlgorithm");
  }
  auto sig = read_opaque(r, kSignature);
  if (!sig) return sig.error();
  ske.signature = std::move(*sig);
  r.close_field([&] { return signature_scheme_name(ske.algorithm); });
  if (auto end = r.expect_end("RFC 8422 §5.4: bytes after the ServerKeyExchange's signed_params");
      !end) {
    return end.error();
  }
  return ske;
}

Bytes ServerKeyExchange12::serialize(crypto::FieldSink* sink) const {
  return build_message(
      HandshakeType::server_key_exchange,
      [&](Writer& w) {
        write_params(w, named_curve, public_key);
        w.open_field("signed_params");
        w.field(
            "algorithm", [&] { w.u16(algorithm); },
            [&] { return signature_scheme_name(algorithm); });
        write_opaque(w, kSignature, signature);
        w.close_field([&] { return signature_scheme_name(algorithm); });
      },
      sink);
}

Result<ClientKeyExchange12> ClientKeyExchange12::parse(ByteView message, KeyExchangeKind kind,
                                                       crypto::FieldSink* sink) {
  if (kind != KeyExchangeKind::ecdhe && kind != KeyExchangeKind::rsa) {
    return make_error(AD::internal_error,
                      "handshake: a TLS 1.2 ClientKeyExchange needs the suite's key exchange");
  }
  auto body = open_message(message, HandshakeType::client_key_exchange, sink);
  if (!body) return body.error();
  Reader& r = *body;
  ClientKeyExchange12 cke;
  cke.kind = kind;
  auto keys = kind == KeyExchangeKind::ecdhe ? read_opaque(r, kClientPoint, point_summary)
                                             : read_opaque(r, kEncryptedPreMasterSecret);
  if (!keys) return keys.error();
  cke.exchange_keys = std::move(*keys);
  if (auto end = r.expect_end("RFC 5246 §7.4.7: bytes after the ClientKeyExchange's exchange_keys");
      !end) {
    return end.error();
  }
  return cke;
}

Bytes ClientKeyExchange12::serialize(crypto::FieldSink* sink) const {
  if (kind != KeyExchangeKind::ecdhe && kind != KeyExchangeKind::rsa) return {};
  return build_message(
      HandshakeType::client_key_exchange,
      [&](Writer& w) {
        if (kind == KeyExchangeKind::ecdhe) {
          write_opaque(w, kClientPoint, exchange_keys, point_summary);
        } else {
          write_opaque(w, kEncryptedPreMasterSecret, exchange_keys);
        }
      },
      sink);
}

bool key_usage_fits_suite(const std::optional<x509::KeyUsage>& key_usage, const SuiteInfo& suite) {
  if (!key_usage) return true;  // no keyUsage extension: any use
  // RFC 5246 §7.4.2: "the certificate MUST allow the RSA_PSK key to be used
  // for encryption (the keyEncipherment bit MUST be set if the key usage
  // extension is present)."
  // RFC 5246 §7.4.2: "the certificate MUST allow the ECDHE_RSA key to be used
  // for signing (the digitalSignature bit MUST be set if the key usage
  // extension is present)"
  // RFC 5246 §7.4.2: "ECDHE_ECDSA ECDSA-capable public key; the certificate
  // MUST allow the key to be used for signing" (the hash is the signature
  // scheme's, checked against the key by choose_scheme() and the client).
  return key_usage->has(suite.key_exchange == KeyExchangeKind::rsa
                            ? x509::KeyUsageBit::key_encipherment
                            : x509::KeyUsageBit::digital_signature);
}

std::uint16_t named_curve_of(x509::KeyType key) {
  switch (key) {
    case x509::KeyType::ec_p256: return code(NamedGroup::secp256r1);
    case x509::KeyType::ec_p384: return code(NamedGroup::secp384r1);
    default: return 0;
  }
}

}  // namespace glasstls::handshake
