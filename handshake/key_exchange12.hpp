// The TLS 1.2 key exchange messages: ServerKeyExchange for ECDHE (RFC 8422
// §5.4, with the digitally-signed element of RFC 5246 §4.7 and §7.4.3) and
// ClientKeyExchange (RFC 8422 §5.7 for ECDHE, RFC 5246 §7.4.7.1 for RSA key
// transport). The other TLS 1.2 messages are in messages12.hpp.
#pragma once

#include <optional>

#include "handshake/cipher_suite.hpp"
#include "handshake/hello.hpp"
#include "handshake/message.hpp"
#include "x509/extensions.hpp"
#include "x509/public_key.hpp"

namespace glasstls::handshake {

// The NamedCurve (RFC 8422 §5.1.1) an ECDSA key lies on: secp256r1 or
// secp384r1; 0 for a key on no named curve (RSA, Ed25519). A TLS 1.2
// server certificate's ECDSA key must be on a curve of the client's
// supported_groups (RFC 8422 §5.3).
std::uint16_t named_curve_of(x509::KeyType key);

// Whether a TLS 1.2 server certificate's keyUsage (when it has one) allows
// what the suite's key exchange does with its key: sign the
// ServerKeyExchange (ECDHE: digitalSignature) or decrypt the premaster
// secret (RSA key transport: keyEncipherment), RFC 5246 §7.4.2.
bool key_usage_fits_suite(const std::optional<x509::KeyUsage>& key_usage, const SuiteInfo& suite);

// RFC 8422 §5.4: enum { deprecated (1..2), named_curve (3), reserved(248..255) } ECCurveType;
inline constexpr std::uint8_t kNamedCurve = 3;

//   struct {
//       ECCurveType    curve_type;
//       select (curve_type) {
//           case named_curve:
//               NamedCurve namedcurve;
//       };
//   } ECParameters;
//
//   struct {
//       opaque point <1..2^8-1>;
//   } ECPoint;
//
//   struct {
//       ECParameters    curve_params;
//       ECPoint         public;
//   } ServerECDHParams;
//
//   select (KeyExchangeAlgorithm) {
//       case ec_diffie_hellman:
//           ServerECDHParams    params;
//           Signature           signed_params;
//   } ServerKeyExchange;
//
// where in TLS 1.2 the Signature is a DigitallySigned (RFC 5246 §4.7):
//
//   struct {
//      SignatureAndHashAlgorithm algorithm;
//      opaque signature<0..2^16-1>;
//   } DigitallySigned;
//
// Only named curves exist (the parser refuses every other curve_type); whether
// the curve is one we offered, and whether the point lies on it, is for the
// client to check (RFC 8422 §5.4, "Actions of the receiver").
struct ServerKeyExchange12 {
  std::uint16_t named_curve = 0;  // a NamedGroup code point (RFC 8422 §5.1.1)
  Bytes public_key;               // ECPoint.point: uncompressed, or 32 bytes for x25519
  std::uint16_t algorithm = 0;    // SignatureAndHashAlgorithm = a SignatureScheme code point
  Bytes signature;

  // The encoded ServerECDHParams (curve_type, namedcurve, point): what the
  // signature covers after the two randoms. The encoding is unique, so for a
  // parsed message these are exactly the bytes received (from byte 4).
  Bytes params() const;

  static Result<ServerKeyExchange12> parse(ByteView message, crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

// RFC 8422 §5.4: the signed content,
//   "ClientHello.random + ServerHello.random + ServerKeyExchange.params".
Bytes ecdhe_params_to_sign(const Random& client_random, const Random& server_random,
                           ByteView params);

//   struct {
//       select (KeyExchangeAlgorithm) {
//           case rsa: EncryptedPreMasterSecret;                    (RFC 5246 §7.4.7.1)
//           case ec_diffie_hellman: ClientECDiffieHellmanPublic;   (RFC 8422 §5.7)
//       } exchange_keys;
//   } ClientKeyExchange;
//
//   struct { ECPoint ecdh_Yc; } ClientECDiffieHellmanPublic;   /* opaque point<1..2^8-1> */
//   struct { public-key-encrypted PreMasterSecret pre_master_secret; } EncryptedPreMasterSecret;
//                                                              /* opaque <0..2^16-1> (§4.7) */
//
// The wire format depends on the negotiated suite's key exchange, so the
// parser takes it. For RSA the parser only frames the ciphertext: whatever
// it holds, the server goes on with the RFC 5246 §7.4.7.1 countermeasure.
struct ClientKeyExchange12 {
  KeyExchangeKind kind = KeyExchangeKind::ecdhe;  // ecdhe or rsa
  Bytes exchange_keys;  // ecdhe: the client's ECPoint.point; rsa: the encrypted premaster

  // `kind` tls13 is a caller's mistake: internal_error.
  static Result<ClientKeyExchange12> parse(ByteView message, KeyExchangeKind kind,
                                           crypto::FieldSink* sink = nullptr);
  Bytes serialize(crypto::FieldSink* sink = nullptr) const;
};

}  // namespace glasstls::handshake
