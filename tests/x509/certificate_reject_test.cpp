// Certificates that break one rule each (built with cert_builder), truncated
// and garbled input: every one must fail cleanly with the right alert.
#include <gtest/gtest.h>

#include "cert_builder.hpp"
#include "openssl_certs.hpp"
#include "tests/support/test_support.hpp"
#include "x509/certificate.hpp"

namespace glasstls::x509 {
namespace {

using test::build_certificate;
using test::CertSpec;
using test::extension;

Bytes der_of(const std::function<void(DerWriter&)>& body) {
  DerWriter w;
  body(w);
  return std::move(w).take();
}

void expect_rejected(const Bytes& der, AlertDescription alert, std::string_view rule_part) {
  auto c = Certificate::parse(der);
  ASSERT_FALSE(c.ok()) << "accepted, expected: " << rule_part;
  EXPECT_EQ(c.error().alert, alert) << c.error().describe();
  EXPECT_NE(c.error().rule.find(rule_part), std::string_view::npos) << c.error().describe();
  EXPECT_LT(c.error().offset, der.size()) << c.error().describe();
}

Certificate expect_parses(const Bytes& der) {
  auto c = Certificate::parse(der);
  EXPECT_TRUE(c.ok()) << c.error().describe();
  return c.ok() ? *c : Certificate{};
}

TEST(CertificateBuilder, BuiltCertificateParsesAndVerifies) {
  const Certificate c = expect_parses(build_certificate({}));
  EXPECT_EQ(c.version(), 3);
  EXPECT_EQ(c.subject().to_string(), "CN=builder.example");
  EXPECT_TRUE(c.verify_signed_by(c.public_key()).ok());
}

TEST(CertificateReject, TruncatedAtEveryLength) {
  std::vector<Bytes> inputs{build_certificate({})};
  if (!test::made_certs().empty()) inputs.push_back(test::made_certs().at("rsa_leaf").der);
  for (const auto& der : inputs)
    for (std::size_t n = 0; n < der.size(); ++n) {
      auto c = Certificate::parse(ByteView(der).first(n));
      ASSERT_FALSE(c.ok()) << "length " << n;
      ASSERT_EQ(c.error().alert, AlertDescription::decode_error) << "length " << n;
    }
}

TEST(CertificateReject, EveryByteFlippedNeverCrashes) {
  const Bytes der = build_certificate({});
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < der.size(); ++i) {
    Bytes copy = der;
    copy[i] ^= 0x80;
    auto c = Certificate::parse(copy);
    if (!c.ok())
      ++rejected;
    else if (c->verify_signed_by(c->public_key()).ok())
      ADD_FAILURE() << "flip at " << i << " still verifies";
  }
  EXPECT_GT(rejected, der.size() / 4);
}

TEST(CertificateReject, GarbageAndTrailingBytes) {
  for (const std::string_view s : {"hello", "\x30", "\x30\x80\x00\x00", "\x02\x01\x01"}) {
    auto c = Certificate::parse(test::as_bytes(s));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().alert, AlertDescription::decode_error);
  }
  test::TestRandom rnd(7);
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(Certificate::parse(rnd.bytes(rnd.below(300))).ok());
  Bytes der = build_certificate({});
  der.push_back(0);
  expect_rejected(der, AlertDescription::decode_error, "trailing bytes");
}

TEST(CertificateReject, HugeLengths) {
  const std::uint8_t four[] = {0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x02, 0x01, 0x00};
  const std::uint8_t five[] = {0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
  for (ByteView in : {ByteView(four), ByteView(five)}) {
    auto c = Certificate::parse(in);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().alert, AlertDescription::decode_error);
    EXPECT_EQ(c.error().offset, 1u);
  }
}

TEST(CertificateReject, DeepNesting) {
  // 10000 nested SEQUENCEs: refused at the depth limit, without recursion.
  Bytes der = {0x30, 0x00};
  for (int i = 0; i < 10000; ++i) {
    DerWriter w;
    w.sequence([&](DerWriter& s) { s.raw(der); });
    der = std::move(w).take();
  }
  auto c = Certificate::parse(der);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().alert, AlertDescription::decode_error);
  // Extensions nested deeply inside a certificate hit the same limit.
  Bytes value = {0x30, 0x00};
  for (int i = 0; i < 100; ++i)
    value = der_of([&](DerWriter& w) { w.sequence([&](DerWriter& s) { s.raw(value); }); });
  CertSpec spec;
  spec.extensions = {extension(oid::subject_alt_name, false, der_of([&](DerWriter& w) {
                                 w.sequence([&](DerWriter& names) {
                                   names.constructed(tag::context_constructed(4),
                                                     [&](DerWriter& d) { d.raw(value); });
                                 });
                               }))};
  EXPECT_FALSE(Certificate::parse(build_certificate(spec)).ok());
}

TEST(CertificateReject, DuplicateExtension) {
  const Bytes bc = der_of([](DerWriter& w) { w.sequence([](DerWriter&) {}); });
  CertSpec spec;
  spec.extensions = {extension(oid::basic_constraints, true, bc),
                     extension(oid::key_usage, false, Bytes{0x03, 0x02, 0x07, 0x80}),
                     extension(oid::basic_constraints, false, bc)};
  const Bytes der = build_certificate(spec);
  expect_rejected(der, AlertDescription::decode_error, "RFC 5280 §4.2");
  auto c = Certificate::parse(der);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(der[c.error().offset], tag::sequence);
}

TEST(CertificateReject, VersionRules) {
  CertSpec v1;
  v1.version.reset();
  EXPECT_EQ(expect_parses(build_certificate(v1)).version(), 1);
  v1.extensions = {extension(oid::subject_key_identifier, false, Bytes{0x04, 0x01, 0xaa})};
  expect_rejected(build_certificate(v1), AlertDescription::decode_error, "§4.1.2.9");
  CertSpec v2;
  v2.version = 1;
  EXPECT_EQ(expect_parses(build_certificate(v2)).version(), 2);
  v2.extensions = v1.extensions;
  expect_rejected(build_certificate(v2), AlertDescription::decode_error, "§4.1.2.9");
  CertSpec explicit_v1;
  explicit_v1.version = 0;
  expect_rejected(build_certificate(explicit_v1), AlertDescription::decode_error, "X.690 §11.5");
  CertSpec v4;
  v4.version = 3;
  expect_rejected(build_certificate(v4), AlertDescription::decode_error, "§4.1.2.1");
  // Unique identifiers: only in v2/v3, then skipped.
  CertSpec unique_v1;
  unique_v1.version.reset();
  unique_v1.tbs_tail = {0x81, 0x02, 0x00, 0x55};
  expect_rejected(build_certificate(unique_v1), AlertDescription::decode_error, "§4.1.2.8");
  CertSpec unique_v3;
  unique_v3.tbs_tail = {0x81, 0x02, 0x00, 0x55, 0x82, 0x02, 0x00, 0x66};
  expect_parses(build_certificate(unique_v3));
}

TEST(CertificateReject, InnerAndOuterAlgorithmsMustBeIdentical) {
  const Bytes with_null = der_of([](DerWriter& w) {
    w.sequence([](DerWriter& s) {
      s.oid(oid::sha256_with_rsa);
      s.null();
    });
  });
  const Bytes absent =
      der_of([](DerWriter& w) { w.sequence([](DerWriter& s) { s.oid(oid::sha256_with_rsa); }); });
  CertSpec spec;
  spec.inner_algorithm = with_null;
  spec.outer_algorithm = absent;  // the same algorithm, other bytes: still refused
  expect_rejected(build_certificate(spec), AlertDescription::decode_error, "§4.1.1.2");
  spec.outer_algorithm = with_null;
  const Certificate c = expect_parses(build_certificate(spec));
  EXPECT_EQ(c.signature_algorithm().algorithm, SignatureAlgorithm::rsa_pkcs1_sha256);
  CertSpec ecdsa;
  ecdsa.outer_algorithm =
      der_of([](DerWriter& w) { w.sequence([](DerWriter& s) { s.oid(oid::ecdsa_with_sha256); }); });
  expect_rejected(build_certificate(ecdsa), AlertDescription::decode_error, "§4.1.1.2");
}

Bytes algorithm(const Oid& o) {
  return der_of([&](DerWriter& w) { w.sequence([&](DerWriter& s) { s.oid(o); }); });
}

TEST(CertificateReject, UnsupportedAlgorithms) {
  for (const Oid& o : {oid::sha1_with_rsa, oid::ecdsa_with_sha1, oid::ed448, oid::secp256r1}) {
    CertSpec spec;
    spec.inner_algorithm = spec.outer_algorithm = algorithm(o);
    auto c = Certificate::parse(build_certificate(spec));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().alert, AlertDescription::unsupported_certificate) << o.dotted();
  }
  // ECDSA with parameters: RFC 5758 §3.2 says they MUST be absent.
  CertSpec params;
  params.inner_algorithm = params.outer_algorithm = der_of([](DerWriter& w) {
    w.sequence([](DerWriter& s) {
      s.oid(oid::ecdsa_with_sha256);
      s.null();
    });
  });
  expect_rejected(build_certificate(params), AlertDescription::decode_error, "MUST be absent");
}

Bytes spki(const Oid& alg, const std::optional<Oid>& param, bool null_param, ByteView key) {
  return der_of([&](DerWriter& w) {
    w.sequence([&](DerWriter& s) {
      s.sequence([&](DerWriter& a) {
        a.oid(alg);
        if (param) a.oid(*param);
        if (null_param) a.null();
      });
      s.bit_string(key);
    });
  });
}

Bytes rsa_key_bits(std::size_t modulus_bits) {
  Bytes n(modulus_bits / 8, 0x5b);
  n[0] = 0xc1;
  n.back() = 0x01;
  return der_of([&](DerWriter& w) {
    w.sequence([&](DerWriter& s) {
      s.unsigned_integer(n);
      s.integer(65537);
    });
  });
}

TEST(CertificateReject, UnsupportedKeys) {
  struct Case {
    Bytes spki;
    AlertDescription alert;
    std::string_view rule;
  };
  const Bytes point(65, 0x04);
  const Case cases[] = {
      {spki(oid::rsa_encryption, std::nullopt, true, rsa_key_bits(8192)),
       AlertDescription::unsupported_certificate, "1024 to 4096 bits"},
      {spki(oid::rsa_encryption, std::nullopt, true, rsa_key_bits(512)),
       AlertDescription::unsupported_certificate, "1024 to 4096 bits"},
      {spki(oid::rsa_encryption, std::nullopt, false, rsa_key_bits(2048)),
       AlertDescription::decode_error, "parameters MUST be NULL"},
      {spki(oid::ec_public_key, oid::secp521r1, false, point),
       AlertDescription::unsupported_certificate, "P-384"},
      {spki(oid::ec_public_key, std::nullopt, true, point),
       AlertDescription::unsupported_certificate, "namedCurve"},
      {spki(oid::ed448, std::nullopt, false, Bytes(57, 1)),
       AlertDescription::unsupported_certificate, "Ed25519"},
      {spki(oid::ed25519, std::nullopt, false, Bytes(31, 1)), AlertDescription::decode_error,
       "32 octets"},
      {spki(oid::ed25519, std::nullopt, true, Bytes(32, 1)), AlertDescription::decode_error,
       "MUST be absent"},
  };
  for (const auto& c : cases) {
    CertSpec spec;
    spec.spki = c.spki;
    expect_rejected(build_certificate(spec), c.alert, c.rule);
  }
  // The same key accepted when well-formed.
  CertSpec ok;
  ok.spki = spki(oid::rsa_encryption, std::nullopt, true, rsa_key_bits(2048));
  EXPECT_EQ(expect_parses(build_certificate(ok)).public_key().bits(), 2048u);
}

TEST(CertificateReject, SerialNumbers) {
  CertSpec spec;
  spec.serial = Bytes(21, 0x11);
  spec.serial[0] = 0x00;
  spec.serial[1] = 0x91;
  EXPECT_EQ(expect_parses(build_certificate(spec)).serial().size(), 21u);
  spec.serial[0] = 0x01;
  expect_rejected(build_certificate(spec), AlertDescription::decode_error, "20 octets");
  // Decision (see certificate.cpp): zero and negative serials are parsed.
  spec.serial = {0x00};
  EXPECT_FALSE(expect_parses(build_certificate(spec)).serial_is_positive());
  spec.serial = {0xff, 0x01};
  EXPECT_FALSE(expect_parses(build_certificate(spec)).serial_is_positive());
  spec.serial = {0x00, 0x05};  // not minimal
  expect_rejected(build_certificate(spec), AlertDescription::decode_error, "X.690 §8.3.2");
}

TEST(CertificateReject, NamesAndStrings) {
  // Empty subject with a subjectAltName: accepted (RFC 5280 §4.1.2.6).
  CertSpec empty_subject;
  empty_subject.subject = {0x30, 0x00};
  empty_subject.extensions = {
      extension(oid::subject_alt_name, true, Bytes{0x30, 0x05, 0x82, 0x03, 'a', '.', 'b'})};
  const Certificate c = expect_parses(build_certificate(empty_subject));
  EXPECT_TRUE(c.subject().empty());
  EXPECT_EQ(c.subject().to_string(), "");
  // PrintableString with '*' and '@': accepted as deployed; '_' is not.
  auto printable = [](std::string_view v) {
    return der_of([&](DerWriter& w) {
      w.sequence([&](DerWriter& n) {
        n.set([&](DerWriter& rdn) {
          rdn.sequence([&](DerWriter& atv) {
            atv.oid(oid::common_name);
            atv.printable_string(v);
          });
        });
      });
    });
  };
  CertSpec star;
  star.subject = printable("*.example.com @ home");
  EXPECT_EQ(expect_parses(build_certificate(star)).subject().to_string(),
            "CN=*.example.com @ home");
  star.subject = printable("under_score");
  expect_rejected(build_certificate(star), AlertDescription::decode_error, "PrintableString");
  CertSpec bad_utf8;
  bad_utf8.subject = test::name_der({{oid::common_name, "\xc0\xaf"}});
  expect_rejected(build_certificate(bad_utf8), AlertDescription::decode_error, "UTF-8");
  CertSpec empty_rdn;
  empty_rdn.issuer = {0x30, 0x02, 0x31, 0x00};
  expect_rejected(build_certificate(empty_rdn), AlertDescription::decode_error,
                  "at least one attribute");
}

TEST(CertificateReject, Validity) {
  auto validity = [](std::string_view nb, std::uint8_t nb_tag) {
    return der_of([&](DerWriter& w) {
      w.sequence([&](DerWriter& v) {
        v.element(nb_tag, test::as_bytes(nb));
        v.time(0x7fffffff);
      });
    });
  };
  CertSpec spec;
  spec.validity = validity("200101000000Z", tag::utc_time);
  EXPECT_EQ(expect_parses(build_certificate(spec)).validity().not_before,
            days_from_civil(2020, 1, 1) * 86400);
  spec.validity = validity("2001010000Z", tag::utc_time);
  expect_rejected(build_certificate(spec), AlertDescription::decode_error, "§4.1.2.5.1");
  spec.validity = validity("20200101000000.5Z", tag::generalized_time);
  expect_rejected(build_certificate(spec), AlertDescription::decode_error, "§4.1.2.5.2");
  spec.validity = validity("200101000000Z", tag::printable_string);
  expect_rejected(build_certificate(spec), AlertDescription::decode_error,
                  "UTCTime or a GeneralizedTime");
}

TEST(CertificateReject, ExtensionEncodings) {
  struct Case {
    Bytes ext;
    std::string_view rule;
  };
  const Case cases[] = {
      // basicConstraints value with a trailing byte after the one element.
      {extension(oid::basic_constraints, true, Bytes{0x30, 0x00, 0x00}),
       "trailing bytes after the extension value"},
      // An unknown extension value is one element too.
      {extension(*Oid::from_dotted("1.2.3.4"), false, Bytes{0x05, 0x00, 0x05, 0x00}),
       "trailing bytes"},
      {extension(oid::basic_constraints, true, Bytes{0x30, 0x03, 0x02, 0x01, 0xff}),
       "must not be negative"},
      {extension(oid::ext_key_usage, false, Bytes{0x30, 0x00}), "at least one KeyPurposeId"},
      {extension(oid::subject_alt_name, false, Bytes{0x30, 0x00}), "at least one GeneralName"},
      {extension(oid::subject_alt_name, false, Bytes{0x30, 0x07, 0x87, 0x05, 1, 2, 3, 4, 5}),
       "4 or 16 octets"},
      {extension(oid::subject_alt_name, false, Bytes{0x30, 0x03, 0x82, 0x01, 0x80}), "7-bit ASCII"},
      {extension(oid::subject_alt_name, false, Bytes{0x30, 0x03, 0xa2, 0x01, 0x00}),
       "primitive/constructed"},
      {extension(oid::name_constraints, true, Bytes{0x30, 0x00}), "empty sequence"},
      {extension(oid::name_constraints, true,
                 Bytes{0x30, 0x0a, 0xa0, 0x08, 0x30, 0x06, 0x87, 0x04, 10, 0, 0, 0}),
       "8 or 32 octets"},
      {extension(oid::name_constraints, true,
                 Bytes{0x30, 0x0b, 0xa0, 0x09, 0x30, 0x07, 0x82, 0x02, 'a', 'b', 0x80, 0x01, 0x01}),
       "minimum/maximum"},
      {extension(oid::authority_key_identifier, false, Bytes{0x30, 0x03, 0x82, 0x01, 0x01}),
       "come together"},
  };
  for (const auto& c : cases) {
    CertSpec spec;
    spec.extensions = {c.ext};
    expect_rejected(build_certificate(spec), AlertDescription::decode_error, c.rule);
  }
  // An empty Extensions SEQUENCE: SIZE (1..MAX).
  CertSpec empty;
  empty.tbs_tail = {0xa3, 0x02, 0x30, 0x00};
  expect_rejected(build_certificate(empty), AlertDescription::decode_error,
                  "at least one Extension");
}

TEST(CertificateReject, CriticalityAndUnknownExtensionsAreKept) {
  const Oid private_oid = *Oid::from_dotted("1.3.6.1.4.1.99999.1");
  CertSpec spec;
  spec.extensions = {extension(private_oid, true, Bytes{0x05, 0x00}),
                     // An explicit critical FALSE (non-DER, accepted as deployed).
                     der_of([](DerWriter& w) {
                       w.sequence([](DerWriter& e) {
                         e.oid(oid::key_usage);
                         e.boolean(false);
                         e.octet_string(Bytes{0x03, 0x02, 0x01, 0x06});
                       });
                     }),
                     extension(oid::certificate_policies, false,
                               Bytes{0x30, 0x06, 0x30, 0x04, 0x06, 0x02, 0x2a, 0x03})};
  const Certificate c = expect_parses(build_certificate(spec));
  const Extensions& x = c.extensions();
  ASSERT_EQ(x.all.size(), 3u);
  EXPECT_TRUE(x.all[0].critical);
  EXPECT_FALSE(x.all[0].understood);
  EXPECT_EQ(x.all[0].oid, private_oid);
  EXPECT_FALSE(x.all[1].critical);
  EXPECT_TRUE(x.all[1].understood);
  ASSERT_TRUE(x.key_usage.has_value());
  EXPECT_EQ(x.key_usage->to_string(), "keyCertSign, cRLSign");
  EXPECT_TRUE(x.has_policies);
  EXPECT_FALSE(x.all[2].understood);
  const ByteView der = c.der();
  EXPECT_EQ(der[x.all[2].range.offset], tag::sequence);
}

TEST(CertificateReject, SignatureBitStringWithUnusedBits) {
  Bytes der = build_certificate({});
  // The signature BIT STRING is the last 67 bytes: 03 41 00 <64 bytes>.
  ASSERT_EQ(der[der.size() - 67], tag::bit_string);
  der[der.size() - 66 + 1] = 0x01;
  der.back() &= 0xfe;
  expect_rejected(der, AlertDescription::decode_error, "whole number of octets");
}

// RSASSA-PSS-params (RFC 4055 §3.1) built by hand.
Bytes pss(const Oid& hash, const Oid& mgf_hash, std::optional<std::int64_t> salt,
          std::optional<std::int64_t> trailer) {
  auto hash_alg = [](DerWriter& w, const Oid& h) { w.sequence([&](DerWriter& a) { a.oid(h); }); };
  return der_of([&](DerWriter& w) {
    w.sequence([&](DerWriter& alg) {
      alg.oid(oid::rsassa_pss);
      alg.sequence([&](DerWriter& p) {
        p.constructed(tag::context_constructed(0), [&](DerWriter& x) { hash_alg(x, hash); });
        p.constructed(tag::context_constructed(1), [&](DerWriter& x) {
          x.sequence([&](DerWriter& m) {
            m.oid(oid::mgf1);
            hash_alg(m, mgf_hash);
          });
        });
        if (salt)
          p.constructed(tag::context_constructed(2), [&](DerWriter& x) { x.integer(*salt); });
        if (trailer)
          p.constructed(tag::context_constructed(3), [&](DerWriter& x) { x.integer(*trailer); });
      });
    });
  });
}

Result<SignatureAlgorithmId> parse_alg(const Bytes& der) {
  DerReader r(der);
  return SignatureAlgorithmId::parse(r);
}

TEST(SignatureAlgorithmParse, RsaPssParameters) {
  auto ok = parse_alg(pss(oid::sha512, oid::sha512, 64, std::nullopt));
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->algorithm, SignatureAlgorithm::rsa_pss_sha512);
  EXPECT_EQ(ok->pss_salt_len, 64u);
  EXPECT_EQ(ok->hash(), crypto::HashId::sha512);
  auto default_salt = parse_alg(pss(oid::sha256, oid::sha256, std::nullopt, 1));
  ASSERT_TRUE(default_salt.ok());
  EXPECT_EQ(default_salt->pss_salt_len, 20u);
  auto mismatch = parse_alg(pss(oid::sha256, oid::sha384, 32, std::nullopt));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.error().rule.find("MGF1 hash"), std::string_view::npos);
  auto sha1 = parse_alg(pss(oid::sha1, oid::sha1, 20, std::nullopt));
  ASSERT_FALSE(sha1.ok());
  EXPECT_EQ(sha1.error().alert, AlertDescription::unsupported_certificate);
  auto trailer = parse_alg(pss(oid::sha256, oid::sha256, 32, 2));
  ASSERT_FALSE(trailer.ok());
  EXPECT_NE(trailer.error().rule.find("trailerField"), std::string_view::npos);
  // Empty parameters: every field DEFAULT, i.e. SHA-1.
  auto defaults = parse_alg(Bytes{0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
                                  0x01, 0x0a, 0x30, 0x00});
  ASSERT_FALSE(defaults.ok());
  EXPECT_EQ(defaults.error().alert, AlertDescription::unsupported_certificate);
}

}  // namespace
}  // namespace glasstls::x509
