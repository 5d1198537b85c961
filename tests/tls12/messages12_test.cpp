// The TLS 1.2 handshake messages (handshake/key_exchange12.hpp,
// handshake/messages12.hpp, and the TLS 1.3 structs TLS 1.2 reuses): for each
// message a round trip, a field tree that tiles the bytes and is the same
// from the builder as from the parser, every length field and value checked
// (decode_error / illegal_parameter / handshake_failure at the right byte),
// and the messages of real OpenSSL handshakes (vectors/tls12-messages-openssl.kat)
// parsed and rebuilt byte for byte.
#include <gtest/gtest.h>

#include <functional>

#include "handshake/key_exchange12.hpp"
#include "handshake/messages12.hpp"
#include "handshake/signatures.hpp"
#include "tests/support/test_support.hpp"
#include "trace/field_tree.hpp"
#include "vectors/kat_file.hpp"
#include "x509/certificate.hpp"

namespace glasstls::handshake {
namespace {

using AD = AlertDescription;
using test::unhex;
using trace::FieldNode;
using Parser = std::function<Result<Bytes>(ByteView, crypto::FieldSink*)>;

// ---- helpers

// A parser that returns what the parsed message serializes to (with the sink
// attached to both), so that one table can hold every message type.
template <typename T, typename Parse>
Parser reparse(Parse parse, std::vector<FieldNode>* built_tree = nullptr) {
  return [parse, built_tree](ByteView m, crypto::FieldSink* sink) -> Result<Bytes> {
    auto v = parse(m, sink);
    if (!v) return v.error();
    trace::FieldTree tree;
    Bytes out = v->serialize(&tree);
    tree.fill_lengths(out);
    if (built_tree) *built_tree = tree.nodes();
    return out;
  };
}

std::string describe(const FieldNode& n) {
  return std::string(n.name) + "=" + n.value + " @" + std::to_string(n.offset) + "+" +
         std::to_string(n.length) + " parent " + std::to_string(n.parent);
}

// The parser's tree tiles the message, the rebuilt bytes are the message, and
// the builder's tree is the parser's, node for node.
template <typename T, typename Parse>
void expect_round_trip(const Bytes& message, Parse parse, const std::string& what) {
  SCOPED_TRACE(what);
  trace::FieldTree parsed;
  std::vector<FieldNode> built;
  auto out = reparse<T>(parse, &built)(message, &parsed);
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_EQ(test::hex(*out), test::hex(message));
  parsed.fill_lengths(message);
  EXPECT_TRUE(parsed.balanced());
  std::string why;
  EXPECT_TRUE(trace::tiles(parsed.nodes(), message.size(), why)) << why;
  ASSERT_EQ(parsed.nodes().size(), built.size());
  for (std::size_t i = 0; i < built.size(); ++i) {
    EXPECT_EQ(describe(parsed.nodes()[i]), describe(built[i])) << "node " << i;
    EXPECT_FALSE(parsed.nodes()[i].name.empty());
    if (parsed.nodes()[i].name == "length") {
      EXPECT_FALSE(parsed.nodes()[i].value.empty());
    }
  }
}

template <typename T>
void expect_error(const Result<T>& r, AD alert, std::size_t offset, std::string_view rule_has) {
  ASSERT_FALSE(r.ok()) << "parsed, expected " << to_string(alert) << " at " << offset;
  EXPECT_EQ(to_string(r.error().alert), to_string(alert)) << r.error().describe();
  EXPECT_EQ(r.error().offset, offset) << r.error().describe();
  EXPECT_NE(r.error().rule.find(rule_has), std::string_view::npos) << r.error().describe();
}

// A malformed message and the error it must give.
struct Bad {
  Bytes message;
  AD alert;
  std::size_t offset;
  std::string_view rule_has;
};

template <typename Parse>
void expect_errors(Parse parse, std::initializer_list<Bad> cases) {
  for (const Bad& bad : cases) {
    SCOPED_TRACE(test::hex(bad.message));
    expect_error(parse(bad.message, nullptr), bad.alert, bad.offset, bad.rule_has);
  }
}

// `m` with the big-endian number of `width` bytes at `at` changed by `delta`.
Bytes bump(Bytes m, std::size_t at, std::size_t width, int delta) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v = v << 8 | m[at + i];
  v = static_cast<std::uint32_t>(static_cast<std::int64_t>(v) + delta);
  for (std::size_t i = 0; i < width; ++i) {
    m[at + width - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  return m;
}

// The first `n` bytes of `m`, with the header's length fixed to match.
Bytes truncated(const Bytes& m, std::size_t n) {
  Bytes out(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
  return bump(out, 1, 3, static_cast<int>(n) - static_cast<int>(m.size()));
}

// `m` with one more byte (0) at the end, the header's length fixed to match.
Bytes one_byte_more(Bytes m) {
  m.push_back(0);
  return bump(m, 1, 3, +1);
}

// Every message: its header's length one over and one short, a truncated
// header, and another message type.
void expect_header_checked(const Bytes& m, const Parser& parse) {
  SCOPED_TRACE(test::hex(m));
  expect_error(parse(bump(m, 1, 3, +1), nullptr), AD::decode_error, 1, "RFC 8446 §4");
  if (m.size() > 4) {
    expect_error(parse(bump(m, 1, 3, -1), nullptr), AD::decode_error, m.size() - 1, "RFC 8446 §4");
  }
  expect_error(parse(Bytes(m.begin(), m.begin() + 3), nullptr), AD::decode_error, 1, "RFC 8446 §4");
  Bytes other = m;
  other[0] = 99;
  auto r = parse(other, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::internal_error);
}

Bytes repeat(std::uint8_t b, std::size_t n) { return Bytes(n, b); }

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const auto kSke = [](ByteView m, crypto::FieldSink* s) { return ServerKeyExchange12::parse(m, s); };
const auto kCkeEcdhe = [](ByteView m, crypto::FieldSink* s) {
  return ClientKeyExchange12::parse(m, KeyExchangeKind::ecdhe, s);
};
const auto kCkeRsa = [](ByteView m, crypto::FieldSink* s) {
  return ClientKeyExchange12::parse(m, KeyExchangeKind::rsa, s);
};
const auto kCert = [](ByteView m, crypto::FieldSink* s) { return Certificate12::parse(m, s); };
const auto kCr = [](ByteView m, crypto::FieldSink* s) { return CertificateRequest12::parse(m, s); };
const auto kShd = [](ByteView m, crypto::FieldSink* s) { return ServerHelloDone::parse(m, s); };
const auto kHr = [](ByteView m, crypto::FieldSink* s) { return HelloRequest::parse(m, s); };
const auto kNst = [](ByteView m, crypto::FieldSink* s) { return NewSessionTicket12::parse(m, s); };
const auto kCv = [](ByteView m, crypto::FieldSink* s) { return CertificateVerify12::parse(m, s); };
const auto kFin = [](ByteView m, crypto::FieldSink* s) {
  return Finished::parse(m, kVerifyDataLength12, s);
};

// ---- ServerKeyExchange (RFC 8422 §5.4)

// x25519, a 32-byte point of 0x11, ecdsa_secp256r1_sha256, a 3-byte signature:
//   0  msg_type  1 length(3)  4 curve_type  5 namedcurve(2)  7 point length
//   8..39 point  40 algorithm(2)  42 signature length(2)  44..46 signature
Bytes ske_bytes() {
  return cat({unhex("0c00002b"), unhex("03001d20"), repeat(0x11, 32), unhex("04030003aabbcc")});
}

TEST(ServerKeyExchange12, BuildsParsesAndRoundTrips) {
  ServerKeyExchange12 ske;
  ske.named_curve = code(NamedGroup::x25519);
  ske.public_key = repeat(0x11, 32);
  ske.algorithm = code(SignatureScheme::ecdsa_secp256r1_sha256);
  ske.signature = unhex("aabbcc");
  EXPECT_EQ(test::hex(ske.serialize()), test::hex(ske_bytes()));
  auto parsed = ServerKeyExchange12::parse(ske_bytes());
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->named_curve, 0x001d);
  EXPECT_EQ(parsed->public_key, ske.public_key);
  EXPECT_EQ(parsed->algorithm, 0x0403);
  EXPECT_EQ(parsed->signature, ske.signature);
  expect_round_trip<ServerKeyExchange12>(ske_bytes(), kSke, "ServerKeyExchange");
  // An empty signature is allowed by the wire format (<0..2^16-1>).
  ske.signature.clear();
  expect_round_trip<ServerKeyExchange12>(ske.serialize(), kSke, "empty signature");
}

TEST(ServerKeyExchange12, ParamsAreTheSignedBytes) {
  const Bytes m = ske_bytes();
  auto ske = ServerKeyExchange12::parse(m);
  ASSERT_TRUE(ske.ok());
  // RFC 8422 §5.4: ServerECDHParams = curve_type, namedcurve, ECPoint.
  EXPECT_EQ(test::hex(ske->params()), test::hex(Bytes(m.begin() + 4, m.begin() + 40)));
  Random client{}, server{};
  client.fill(0xc1);
  server.fill(0x5e);
  const Bytes signed_content = ecdhe_params_to_sign(client, server, ske->params());
  EXPECT_EQ(test::hex(signed_content),
            test::hex(cat({repeat(0xc1, 32), repeat(0x5e, 32), ske->params()})));
}

TEST(ServerKeyExchange12, TopLevelFieldsFollowTheRfc) {
  trace::FieldTree tree;
  ASSERT_TRUE(ServerKeyExchange12::parse(ske_bytes(), &tree).ok());
  std::vector<std::string> top, all;
  for (const auto& n : tree.nodes()) {
    if (n.parent < 0) top.emplace_back(n.name);
    all.emplace_back(n.name);
  }
  EXPECT_EQ(top, (std::vector<std::string>{"msg_type", "length", "params", "signed_params"}));
  for (const char* name :
       {"curve_params", "curve_type", "namedcurve", "public", "point", "algorithm", "signature"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), name), all.end()) << name;
  }
}

TEST(ServerKeyExchange12, EveryLengthIsChecked) {
  const Bytes m = ske_bytes();
  expect_header_checked(m, reparse<ServerKeyExchange12>(kSke));
  // The point: empty where the RFC says <1..>, one over, one short.
  expect_errors(kSke,
                {
                    {bump(m, 7, 1, -32), AD::decode_error, 7, "RFC 8422 §5.4"},
                    // 33: the point takes the algorithm's first byte; the signature length is
                    // then 0x03aa, past the end.
                    {bump(m, 7, 1, +1), AD::decode_error, 43, "RFC 5246 §4.7"},
                    // 31: the algorithm is 0x1104 and the signature length 0x0300, past the end.
                    {bump(m, 7, 1, -1), AD::decode_error, 41, "RFC 5246 §4.7"},
                    {truncated(m, 39), AD::decode_error, 7, "RFC 8422 §5.4"},
                    // The signature: one over, one short, truncated.
                    {bump(m, 42, 2, +1), AD::decode_error, 42, "RFC 5246 §4.7"},
                    {bump(m, 42, 2, -1), AD::decode_error, 46, "RFC 8422 §5.4"},
                    {truncated(m, 46), AD::decode_error, 42, "RFC 5246 §4.7"},
                    // Truncated fixed fields.
                    {truncated(m, 41), AD::decode_error, 40, "RFC 5246 §4.7"},
                    {truncated(m, 40), AD::decode_error, 40, "RFC 5246 §4.7"},
                    {truncated(m, 6), AD::decode_error, 5, "RFC 8422 §5.4"},
                    {truncated(m, 4), AD::decode_error, 4, "RFC 8422 §5.4"},
                    // A byte after the signature.
                    {one_byte_more(m), AD::decode_error, 47, "RFC 8422 §5.4"},
                });
}

TEST(ServerKeyExchange12, OnlyNamedCurvesAreAccepted) {
  Bytes m = ske_bytes();
  // RFC 8422 §5.4: explicit_prime (1) and explicit_char2 (2) are deprecated,
  // 248..255 private: curves we cannot handle (handshake_failure); every
  // other value is undefined (illegal_parameter).
  for (const std::uint8_t t :
       {std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{248}, std::uint8_t{255}}) {
    m[4] = t;
    expect_error(kSke(m, nullptr), AD::handshake_failure, 4, "RFC 8422 §5.4");
  }
  for (const std::uint8_t t : {std::uint8_t{0}, std::uint8_t{4}, std::uint8_t{247}}) {
    m[4] = t;
    expect_error(kSke(m, nullptr), AD::illegal_parameter, 4, "RFC 8422 §5.4");
  }
}

// ---- ClientKeyExchange (RFC 8422 §5.7, RFC 5246 §7.4.7.1)

Bytes cke_ecdhe_bytes() { return cat({unhex("1000002120"), repeat(0x22, 32)}); }
Bytes cke_rsa_bytes() { return unhex("100000060004a1a2a3a4"); }

TEST(ClientKeyExchange12, EcdheAndRsaRoundTrip) {
  ClientKeyExchange12 ecdhe{KeyExchangeKind::ecdhe, repeat(0x22, 32)};
  EXPECT_EQ(test::hex(ecdhe.serialize()), test::hex(cke_ecdhe_bytes()));
  ClientKeyExchange12 rsa{KeyExchangeKind::rsa, unhex("a1a2a3a4")};
  EXPECT_EQ(test::hex(rsa.serialize()), test::hex(cke_rsa_bytes()));
  auto p = ClientKeyExchange12::parse(cke_rsa_bytes(), KeyExchangeKind::rsa);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, KeyExchangeKind::rsa);
  EXPECT_EQ(p->exchange_keys, unhex("a1a2a3a4"));
  expect_round_trip<ClientKeyExchange12>(cke_ecdhe_bytes(), kCkeEcdhe, "ecdhe");
  expect_round_trip<ClientKeyExchange12>(cke_rsa_bytes(), kCkeRsa, "rsa");
  // RSA: an empty ciphertext is within <0..2^16-1>; the server's
  // countermeasure (§7.4.7.1) deals with it, not the parser.
  expect_round_trip<ClientKeyExchange12>(unhex("100000020000"), kCkeRsa, "empty rsa");
}

TEST(ClientKeyExchange12, TheKeyExchangeDecidesTheFormat) {
  // The RSA message read as ECDHE: a point of length 0.
  expect_error(kCkeEcdhe(cke_rsa_bytes(), nullptr), AD::decode_error, 4, "RFC 8422 §5.7");
  // The ECDHE message read as RSA: a length of 0x2022, past the end.
  expect_error(kCkeRsa(cke_ecdhe_bytes(), nullptr), AD::decode_error, 4, "RFC 5246 §7.4.7.1");
  auto r = ClientKeyExchange12::parse(cke_rsa_bytes(), KeyExchangeKind::tls13);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AD::internal_error);
  const ClientKeyExchange12 neither{KeyExchangeKind::tls13, {1}};
  EXPECT_TRUE(neither.serialize().empty());
}

TEST(ClientKeyExchange12, EveryLengthIsChecked) {
  const Bytes e = cke_ecdhe_bytes();
  expect_header_checked(e, reparse<ClientKeyExchange12>(kCkeEcdhe));
  expect_errors(kCkeEcdhe, {
                               {bump(e, 4, 1, +1), AD::decode_error, 4, "RFC 8422 §5.7"},
                               {bump(e, 4, 1, -1), AD::decode_error, 36, "RFC 5246 §7.4.7"},
                               {truncated(e, 36), AD::decode_error, 4, "RFC 8422 §5.7"},
                               {unhex("1000000100"), AD::decode_error, 4, "RFC 8422 §5.7"},
                               {unhex("10000000"), AD::decode_error, 4, "RFC 8422 §5.7"},
                           });
  const Bytes r = cke_rsa_bytes();
  expect_header_checked(r, reparse<ClientKeyExchange12>(kCkeRsa));
  expect_errors(kCkeRsa, {
                             {bump(r, 4, 2, +1), AD::decode_error, 4, "RFC 5246 §7.4.7.1"},
                             {bump(r, 4, 2, -1), AD::decode_error, 9, "RFC 5246 §7.4.7"},
                             {truncated(r, 9), AD::decode_error, 4, "RFC 5246 §7.4.7.1"},
                             {truncated(r, 5), AD::decode_error, 4, "RFC 5246 §7.4.7.1"},
                             {unhex("10000000"), AD::decode_error, 4, "RFC 5246 §7.4.7.1"},
                         });
}

// ---- Certificate (RFC 5246 §7.4.2)

//   4 certificate_list length(3)  7 cert length(3)  10..14 cert
//   15 cert length(3)  18..20 cert
Bytes certificate_bytes() {
  return unhex(
      "0b000011"
      "00000e"
      "0000053003020101"
      "000003300100");
}

TEST(Certificate12, RoundTripsIncludingTheEmptyList) {
  Certificate12 c{{unhex("3003020101"), unhex("300100")}};
  EXPECT_EQ(test::hex(c.serialize()), test::hex(certificate_bytes()));
  auto p = Certificate12::parse(certificate_bytes());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->certificate_list, c.certificate_list);
  expect_round_trip<Certificate12>(certificate_bytes(), kCert, "two certificates");
  // RFC 5246 §7.4.6: "the certificate_list structure has a length of zero".
  EXPECT_EQ(test::hex(Certificate12{}.serialize()), "0b000003000000");
  expect_round_trip<Certificate12>(unhex("0b000003000000"), kCert, "empty");
}

TEST(Certificate12, EveryLengthIsChecked) {
  const Bytes m = certificate_bytes();
  expect_header_checked(m, reparse<Certificate12>(kCert));
  // certificate_list
  expect_errors(
      kCert,
      {
          {bump(m, 4, 3, +1), AD::decode_error, 4, "certificate_list"},
          {bump(m, 4, 3, -1), AD::decode_error, 15, "ASN.1Cert<1.."},
          {truncated(m, 6), AD::decode_error, 4, "certificate_list"},
          // the first certificate: one over takes the next length's first byte (the
          // next length is then 0x000330, past the end); one short leaves its last
          // byte (0x01) to start the next length (0x010000).
          {bump(m, 7, 3, +1), AD::decode_error, 16, "ASN.1Cert<1.."},
          {bump(m, 7, 3, -1), AD::decode_error, 14, "ASN.1Cert<1.."},
          // the last certificate: one over, one short (a byte left, too short for a length)
          {bump(m, 15, 3, +1), AD::decode_error, 15, "ASN.1Cert<1.."},
          {bump(m, 15, 3, -1), AD::decode_error, 20, "ASN.1Cert<1.."},
          // an empty ASN.1Cert (<1..2^24-1>)
          {unhex("0b00000e00000b00000530030201010000 00"), AD::decode_error, 15, "ASN.1Cert<1.."},
          // a byte after the list
          {unhex("0b0000040000 0000"), AD::decode_error, 7, "RFC 5246 §7.4.2"},
          {unhex("0b000000"), AD::decode_error, 4, "certificate_list"},
      });
}

// ---- CertificateRequest (RFC 5246 §7.4.4)

//   4 certificate_types length  5..6 types  7 algorithms length(2)  9..12 algorithms
//   13 certificate_authorities length(2)  15 name length(2)  17..19 name
//   20 name length(2)  22..23 name
Bytes certificate_request_bytes() {
  return unhex(
      "0d000014"
      "020140"
      "000404030804"
      "0009"
      "0003aabbcc"
      "0002ddee");
}

TEST(CertificateRequest12, RoundTrips) {
  CertificateRequest12 cr;
  cr.certificate_types = {code(ClientCertificateType::rsa_sign),
                          code(ClientCertificateType::ecdsa_sign)};
  cr.supported_signature_algorithms = {0x0403, 0x0804};
  cr.certificate_authorities = {unhex("aabbcc"), unhex("ddee")};
  EXPECT_EQ(test::hex(cr.serialize()), test::hex(certificate_request_bytes()));
  auto p = CertificateRequest12::parse(certificate_request_bytes());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->certificate_types, cr.certificate_types);
  EXPECT_EQ(p->supported_signature_algorithms, cr.supported_signature_algorithms);
  EXPECT_EQ(p->certificate_authorities, cr.certificate_authorities);
  expect_round_trip<CertificateRequest12>(certificate_request_bytes(), kCr, "two names");
  // "If the certificate_authorities list is empty, then the client MAY send
  // any certificate of the appropriate ClientCertificateType".
  cr.certificate_authorities.clear();
  EXPECT_EQ(test::hex(cr.serialize()), "0d00000b0201400004040308040000");
  expect_round_trip<CertificateRequest12>(cr.serialize(), kCr, "no names");
  trace::FieldTree tree;
  ASSERT_TRUE(CertificateRequest12::parse(certificate_request_bytes(), &tree).ok());
  std::vector<std::string> values;
  for (const auto& n : tree.nodes()) {
    if (n.name == "certificate_type") values.push_back(n.value);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"rsa_sign", "ecdsa_sign"}));
}

TEST(CertificateRequest12, EveryLengthIsChecked) {
  const Bytes m = certificate_request_bytes();
  expect_header_checked(m, reparse<CertificateRequest12>(kCr));
  Bytes too_long = m;
  too_long[7] = too_long[8] = 0xff;
  expect_errors(
      kCr, {
               // certificate_types<1..2^8-1>
               {bump(m, 4, 1, -2), AD::decode_error, 4, "certificate_types<1.."},
               {bump(m, 4, 1, +1), AD::decode_error, 8, "<2..2^16-2>"},
               {bump(m, 4, 1, -1), AD::decode_error, 6, "<2..2^16-2>"},
               {truncated(m, 6), AD::decode_error, 4, "certificate_types<1.."},
               // supported_signature_algorithms<2..2^16-2>: empty, odd, too long, one over/short
               {bump(m, 7, 2, -4), AD::decode_error, 7, "§7.4.1.4.1"},
               {bump(m, 7, 2, +1), AD::decode_error, 7, "§7.4.1.4.1"},
               {bump(m, 7, 2, -1), AD::decode_error, 7, "§7.4.1.4.1"},
               {too_long, AD::decode_error, 7, "§7.4.1.4.1"},
               {truncated(m, 12), AD::decode_error, 7, "§7.4.1.4.1"},
               // certificate_authorities<0..2^16-1>
               {bump(m, 13, 2, +1), AD::decode_error, 13, "certificate_authorities<0.."},
               {bump(m, 13, 2, -1), AD::decode_error, 20, "DistinguishedName<1.."},
               {truncated(m, 14), AD::decode_error, 13, "certificate_authorities<0.."},
               // DistinguishedName<1..2^16-1>: empty, one over, one short
               {unhex("0d00000f020140000404030804000400000000"), AD::decode_error, 15,
                "DistinguishedName<1.."},
               {bump(m, 20, 2, +1), AD::decode_error, 20, "DistinguishedName<1.."},
               {bump(m, 20, 2, -1), AD::decode_error, 23, "DistinguishedName<1.."},
               // a byte after the names
               {one_byte_more(m), AD::decode_error, 24, "RFC 5246 §7.4.4"},
           });
}

// ---- ServerHelloDone, HelloRequest (empty)

TEST(EmptyMessages12, ServerHelloDoneAndHelloRequest) {
  EXPECT_EQ(test::hex(ServerHelloDone{}.serialize()), "0e000000");
  EXPECT_EQ(test::hex(HelloRequest{}.serialize()), "00000000");
  expect_round_trip<ServerHelloDone>(unhex("0e000000"), kShd, "ServerHelloDone");
  expect_round_trip<HelloRequest>(unhex("00000000"), kHr, "HelloRequest");
  expect_error(kShd(unhex("0e00000100"), nullptr), AD::decode_error, 4, "RFC 5246 §7.4.5");
  expect_error(kHr(unhex("00000001ff"), nullptr), AD::decode_error, 4, "RFC 5246 §7.4.1.1");
  expect_header_checked(unhex("0e000000"), reparse<ServerHelloDone>(kShd));
  expect_header_checked(unhex("00000000"), reparse<HelloRequest>(kHr));
}

// ---- NewSessionTicket (RFC 5077 §3.3)

//   4 ticket_lifetime_hint(4)  8 ticket length(2)  10..13 ticket
Bytes ticket_bytes() {
  return unhex(
      "0400000a"
      "00001c20"
      "0004"
      "5449434b");
}

TEST(NewSessionTicket12, RoundTripsIncludingTheEmptyTicket) {
  NewSessionTicket12 t{7200, unhex("5449434b")};
  EXPECT_EQ(test::hex(t.serialize()), test::hex(ticket_bytes()));
  auto p = NewSessionTicket12::parse(ticket_bytes());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->ticket_lifetime_hint, 7200u);
  EXPECT_EQ(p->ticket, t.ticket);
  expect_round_trip<NewSessionTicket12>(ticket_bytes(), kNst, "ticket");
  // RFC 5077 §3.3: "it sends a zero-length ticket in the NewSessionTicket handshake message".
  expect_round_trip<NewSessionTicket12>(unhex("0400000600000000"
                                              "0000"),
                                        kNst, "no ticket");
}

TEST(NewSessionTicket12, EveryLengthIsChecked) {
  const Bytes m = ticket_bytes();
  expect_header_checked(m, reparse<NewSessionTicket12>(kNst));
  expect_errors(kNst, {
                          {bump(m, 8, 2, +1), AD::decode_error, 8, "RFC 5077 §3.3"},
                          {bump(m, 8, 2, -1), AD::decode_error, 13, "RFC 5077 §3.3"},
                          {truncated(m, 13), AD::decode_error, 8, "RFC 5077 §3.3"},
                          {truncated(m, 9), AD::decode_error, 8, "RFC 5077 §3.3"},
                          {truncated(m, 7), AD::decode_error, 4, "RFC 5077 §3.3"},
                      });
}

// ---- ChangeCipherSpec (RFC 5246 §7.1)

TEST(ChangeCipherSpec12, IsTheSingleByteOne) {
  EXPECT_EQ(test::hex(ChangeCipherSpec{}.serialize()), "01");
  expect_round_trip<ChangeCipherSpec>(
      unhex("01"), [](ByteView m, crypto::FieldSink* s) { return ChangeCipherSpec::parse(m, s); },
      "ChangeCipherSpec");
  expect_error(ChangeCipherSpec::parse(Bytes{}), AD::decode_error, 0, "RFC 5246 §7.1");
  expect_error(ChangeCipherSpec::parse(unhex("02")), AD::decode_error, 0, "RFC 5246 §7.1");
  expect_error(ChangeCipherSpec::parse(unhex("00")), AD::decode_error, 0, "RFC 5246 §7.1");
  expect_error(ChangeCipherSpec::parse(unhex("0101")), AD::decode_error, 1, "RFC 5246 §7.1");
}

// ---- CertificateVerify and Finished: TLS 1.3's structs, reused

TEST(CertificateVerify12, IsTheTls13StructUnchanged) {
  static_assert(std::is_same_v<CertificateVerify12, CertificateVerify>);
  // RFC 5246 §4.7 DigitallySigned: algorithm(2) + opaque signature<0..2^16-1>.
  const Bytes m = unhex("0f00000704030003aabbcc");
  CertificateVerify12 cv{0x0403, unhex("aabbcc")};
  EXPECT_EQ(test::hex(cv.serialize()), test::hex(m));
  expect_round_trip<CertificateVerify12>(m, kCv, "CertificateVerify");
  expect_round_trip<CertificateVerify12>(unhex("0f000004 0401 0000"), kCv, "empty signature");
  expect_header_checked(m, reparse<CertificateVerify12>(kCv));
  expect_errors(kCv, {
                         {bump(m, 6, 2, +1), AD::decode_error, 6, "signature<0..2^16-1>"},
                         {bump(m, 6, 2, -1), AD::decode_error, 10, "after the signature"},
                         {truncated(m, 5), AD::decode_error, 4, "SignatureScheme"},
                     });
}

TEST(Finished12, VerifyDataIsTwelveBytes) {
  const Bytes m = cat({unhex("1400000c"), repeat(0x7f, 12)});
  Finished f{repeat(0x7f, 12)};
  EXPECT_EQ(test::hex(f.serialize()), test::hex(m));
  expect_round_trip<Finished>(m, kFin, "Finished");
  expect_header_checked(m, reparse<Finished>(kFin));
  // RFC 5246 §7.4.9: verify_data_length is 12 for every suite we have.
  expect_errors(
      kFin, {
                {truncated(m, 15), AD::decode_error, 4, "verify_data"},
                {cat({unhex("1400000d"), repeat(0x7f, 13)}), AD::decode_error, 4, "verify_data"},
                // A TLS 1.3 Finished (SHA-256: 32 bytes) is not a TLS 1.2 one, and back.
                {cat({unhex("14000020"), repeat(0x7f, 32)}), AD::decode_error, 4, "verify_data"},
            });
  EXPECT_FALSE(Finished::parse(m, 32).ok());
}

// ---- The field trees name the RFC's fields

// The top-level fields of a parsed message, in wire order.
template <typename Parse>
std::vector<std::string> top_level(const Bytes& m, Parse parse) {
  trace::FieldTree tree;
  EXPECT_TRUE(parse(m, &tree).ok());
  std::vector<std::string> out;
  for (const auto& n : tree.nodes()) {
    if (n.parent < 0) out.emplace_back(n.name);
  }
  return out;
}

TEST(FieldTree12, TopLevelFieldsAreTheRfcStructs) {
  using V = std::vector<std::string>;
  EXPECT_EQ(top_level(cke_ecdhe_bytes(), kCkeEcdhe), (V{"msg_type", "length", "ecdh_Yc"}));
  EXPECT_EQ(top_level(cke_rsa_bytes(), kCkeRsa), (V{"msg_type", "length", "pre_master_secret"}));
  EXPECT_EQ(top_level(certificate_bytes(), kCert), (V{"msg_type", "length", "certificate_list"}));
  EXPECT_EQ(top_level(certificate_request_bytes(), kCr),
            (V{"msg_type", "length", "certificate_types", "supported_signature_algorithms",
               "certificate_authorities"}));
  EXPECT_EQ(top_level(unhex("0e000000"), kShd), (V{"msg_type", "length"}));
  EXPECT_EQ(top_level(unhex("00000000"), kHr), (V{"msg_type", "length"}));
  EXPECT_EQ(top_level(ticket_bytes(), kNst),
            (V{"msg_type", "length", "ticket_lifetime_hint", "ticket"}));
  EXPECT_EQ(top_level(unhex("01"),
                      [](ByteView m, crypto::FieldSink* sink) {
                        return ChangeCipherSpec::parse(m, sink);
                      }),
            (V{"type"}));
}

// ---- ClientHello and ServerHello: hello.hpp's, unchanged

// RFC 5246 §7.4.1.2 / §7.4.1.3, built by hand: version 0x0303, a random of
// 0x01 (0x02), an empty session id, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
// compression null, and no extensions at all ("the client MAY [...] omit
// the extensions field").
TEST(Hello12, TheTls13StructsReadTls12HellosWithoutExtensions) {
  const Bytes ch = cat({unhex("01000029"
                              "0303"),
                        repeat(0x01, 32),
                        unhex("00"
                              "0002c02b"
                              "0100")});
  auto c = ClientHello::parse(ch);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->legacy_version, kTls12);
  EXPECT_EQ(c->cipher_suites, (std::vector<std::uint16_t>{0xc02b}));
  EXPECT_TRUE(c->extensions.list.empty());
  expect_round_trip<ClientHello>(
      ch, [](ByteView m, crypto::FieldSink* sink) { return ClientHello::parse(m, sink); },
      "ClientHello");
  const Bytes sh = cat({unhex("02000026"
                              "0303"),
                        repeat(0x02, 32),
                        unhex("00"
                              "c02b"
                              "00")});
  auto s = ServerHello::parse(sh);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->cipher_suite, 0xc02b);
  EXPECT_FALSE(s->is_hello_retry_request());
  // ServerHello::serialize always writes an extension block: an empty one here.
  EXPECT_EQ(test::hex(s->serialize()), test::hex(cat({unhex("02000028"
                                                            "0303"),
                                                      repeat(0x02, 32), unhex("00c02b000000")})));
}

// ---- Real peers: OpenSSL 3.0 (vectors/tls12-messages-openssl.kat)

const vectors::KatFile& openssl_file() {
  static const vectors::KatFile file = [] {
    const std::string name = "tls12-messages-openssl.kat";
    vectors::KatParseError error;
    auto f = vectors::parse_kat(name, test::read_file(test::vectors_dir() / name), &error);
    EXPECT_TRUE(error.message.empty()) << error.line << ": " << error.message;
    return f;
  }();
  return file;
}

const vectors::KatRecord& openssl_record(std::string_view prefix) {
  for (const auto& r : openssl_file().records) {
    if (r.name.rfind(prefix, 0) == 0) return r;
  }
  ADD_FAILURE() << "no record " << prefix;
  static const vectors::KatRecord none;
  return none;
}

Random random_of(const Bytes& hello) {
  Random r{};
  std::copy(hello.begin() + 6, hello.begin() + 38, r.begin());
  return r;
}

TEST(OpenSsl12, EveryMessageParsesAndRebuildsByteForByte) {
  ASSERT_EQ(openssl_file().records.size(), 3u);
  std::size_t checked = 0;
  for (const auto& r : openssl_file().records) {
    SCOPED_TRACE(r.name);
    const bool rsa = r.name.rfind("rsa-key-transport", 0) == 0;
    for (const auto& [field, bytes] : r.fields) {
      if (field == "name") continue;
      SCOPED_TRACE(field);
      ++checked;
      if (field == "client_hello") {
        expect_round_trip<ClientHello>(
            bytes, [](ByteView m, crypto::FieldSink* s) { return ClientHello::parse(m, s); },
            field);
      } else if (field == "server_hello") {
        expect_round_trip<ServerHello>(
            bytes, [](ByteView m, crypto::FieldSink* s) { return ServerHello::parse(m, s); },
            field);
      } else if (field == "server_certificate" || field == "client_certificate") {
        expect_round_trip<Certificate12>(bytes, kCert, field);
      } else if (field == "server_key_exchange") {
        expect_round_trip<ServerKeyExchange12>(bytes, kSke, field);
      } else if (field == "certificate_request") {
        expect_round_trip<CertificateRequest12>(bytes, kCr, field);
      } else if (field == "server_hello_done") {
        expect_round_trip<ServerHelloDone>(bytes, kShd, field);
      } else if (field == "client_key_exchange") {
        if (rsa)
          expect_round_trip<ClientKeyExchange12>(bytes, kCkeRsa, field);
        else
          expect_round_trip<ClientKeyExchange12>(bytes, kCkeEcdhe, field);
      } else if (field == "certificate_verify") {
        expect_round_trip<CertificateVerify12>(bytes, kCv, field);
      } else if (field == "client_change_cipher_spec") {
        EXPECT_TRUE(ChangeCipherSpec::parse(bytes).ok());
      } else if (field == "client_finished" || field == "server_finished") {
        expect_round_trip<Finished>(bytes, kFin, field);
      } else if (field == "new_session_ticket") {
        expect_round_trip<NewSessionTicket12>(bytes, kNst, field);
      } else {
        ADD_FAILURE() << "unknown field " << field;
      }
    }
  }
  EXPECT_EQ(checked, 13u + 9u + 10u);
}

TEST(OpenSsl12, TheValuesAreTheOnesNegotiated) {
  const auto& mtls = openssl_record("ecdhe-ecdsa-p256-mtls");
  auto ch = ClientHello::parse(mtls.bytes("client_hello"));
  ASSERT_TRUE(ch.ok()) << ch.error().describe();
  EXPECT_EQ(ch->legacy_version, kTls12);
  auto sh = ServerHello::parse(mtls.bytes("server_hello"));
  ASSERT_TRUE(sh.ok()) << sh.error().describe();
  EXPECT_EQ(sh->legacy_version, kTls12);
  EXPECT_EQ(sh->cipher_suite, code(CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256));
  auto chain = Certificate12::parse(mtls.bytes("server_certificate"));
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->certificate_list.size(), 2u);  // the server's and the CA's
  auto ske = ServerKeyExchange12::parse(mtls.bytes("server_key_exchange"));
  ASSERT_TRUE(ske.ok());
  EXPECT_EQ(ske->named_curve, code(NamedGroup::secp256r1));
  EXPECT_EQ(ske->public_key.size(), 65u);
  EXPECT_EQ(ske->public_key[0], 4);  // uncompressed (RFC 8422 §5.4.1)
  EXPECT_EQ(ske->algorithm, code(SignatureScheme::ecdsa_secp256r1_sha256));
  auto cr = CertificateRequest12::parse(mtls.bytes("certificate_request"));
  ASSERT_TRUE(cr.ok());
  EXPECT_EQ(cr->certificate_types, (std::vector<std::uint8_t>{1, 2, 64}));
  EXPECT_FALSE(cr->supported_signature_algorithms.empty());
  ASSERT_EQ(cr->certificate_authorities.size(), 1u);  // the CA of -CAfile
  auto ca = x509::Certificate::parse(chain->certificate_list[1]);
  ASSERT_TRUE(ca.ok());
  auto cke = ClientKeyExchange12::parse(mtls.bytes("client_key_exchange"), KeyExchangeKind::ecdhe);
  ASSERT_TRUE(cke.ok());
  EXPECT_EQ(cke->exchange_keys.size(), 65u);
  auto nst = NewSessionTicket12::parse(mtls.bytes("new_session_ticket"));
  ASSERT_TRUE(nst.ok());
  EXPECT_EQ(nst->ticket_lifetime_hint, 7200u);  // OpenSSL's default, 2 hours
  EXPECT_FALSE(nst->ticket.empty());

  const auto& rsa = openssl_record("rsa-key-transport");
  auto sh_rsa = ServerHello::parse(rsa.bytes("server_hello"));
  ASSERT_TRUE(sh_rsa.ok());
  EXPECT_EQ(sh_rsa->cipher_suite, code(CipherSuite::tls_rsa_with_aes_128_gcm_sha256));
  auto cke_rsa = ClientKeyExchange12::parse(rsa.bytes("client_key_exchange"), KeyExchangeKind::rsa);
  ASSERT_TRUE(cke_rsa.ok());
  EXPECT_EQ(cke_rsa->exchange_keys.size(), 256u);  // RSA-2048
  EXPECT_FALSE(rsa.has("server_key_exchange"));

  const auto& x25519 = openssl_record("ecdhe-rsa-x25519");
  auto ske_x = ServerKeyExchange12::parse(x25519.bytes("server_key_exchange"));
  ASSERT_TRUE(ske_x.ok());
  EXPECT_EQ(ske_x->named_curve, code(NamedGroup::x25519));
  EXPECT_EQ(ske_x->public_key.size(), 32u);
  EXPECT_EQ(ske_x->signature.size(), 256u);
}

// The ServerKeyExchange signatures of the captures verify over
// ecdhe_params_to_sign(client_random, server_random, params()) with the key
// of the server's certificate: params() are the bytes OpenSSL signed.
TEST(OpenSsl12, ServerKeyExchangeSignaturesVerifyOverParams) {
  for (const char* name : {"ecdhe-ecdsa-p256-mtls", "ecdhe-rsa-x25519"}) {
    SCOPED_TRACE(name);
    const auto& r = openssl_record(name);
    auto ske = ServerKeyExchange12::parse(r.bytes("server_key_exchange"));
    auto chain = Certificate12::parse(r.bytes("server_certificate"));
    ASSERT_TRUE(ske.ok() && chain.ok());
    auto leaf = x509::Certificate::parse(chain->certificate_list.at(0));
    ASSERT_TRUE(leaf.ok()) << leaf.error().describe();
    const Bytes content = ecdhe_params_to_sign(random_of(r.bytes("client_hello")),
                                               random_of(r.bytes("server_hello")), ske->params());
    auto ok = verify_certificate_verify(leaf->public_key(), ske->algorithm, content, ske->signature,
                                        false);
    EXPECT_TRUE(ok.ok()) << ok.error().describe();
    Bytes wrong = content;
    wrong.back() ^= 1;
    EXPECT_FALSE(
        verify_certificate_verify(leaf->public_key(), ske->algorithm, wrong, ske->signature, false)
            .ok());
  }
}

}  // namespace
}  // namespace glasstls::handshake
