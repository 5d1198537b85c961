// Differential test against mbedTLS 2.28 (mbedtls_x509_crt_parse_der_with_ext_cb): the same
// openssl-made certificates must give the same serial, raw names, validity,
// SAN dNSNames, basicConstraints, keyUsage and signature outcome; malformed
// certificates must be rejected by both.
#include <gtest/gtest.h>

#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "cert_builder.hpp"
#include "openssl_certs.hpp"
#include "tests/support/test_support.hpp"
#include "x509/certificate.hpp"

namespace glasstls::x509 {
namespace {

// mbedTLS 2.28 does not implement nameConstraints and refuses the critical
// one of the test CA; this callback tells it to skip that extension (only).
int skip_name_constraints(void*, const mbedtls_x509_crt*, const mbedtls_x509_buf* id, int,
                          const unsigned char*, const unsigned char*) {
  const ByteView nc = oid::name_constraints.contents();
  return id->len == nc.size() && std::equal(nc.begin(), nc.end(), id->p) ? 0 : -1;
}

class MbedCert {
 public:
  explicit MbedCert(ByteView der) {
    mbedtls_x509_crt_init(&crt_);
    status_ = mbedtls_x509_crt_parse_der_with_ext_cb(&crt_, der.data(), der.size(), 1,
                                                     skip_name_constraints, nullptr);
  }
  ~MbedCert() { mbedtls_x509_crt_free(&crt_); }
  MbedCert(const MbedCert&) = delete;
  MbedCert& operator=(const MbedCert&) = delete;
  bool ok() const { return status_ == 0; }
  mbedtls_x509_crt& crt() { return crt_; }

 private:
  mbedtls_x509_crt crt_;
  int status_ = 0;
};

std::string hex_of(const mbedtls_x509_buf& b) { return test::hex(ByteView(b.p, b.len)); }

// Signature check with mbedTLS: hash the TBS, then pk_verify_ext with the
// issuer's key and the options (PSS) mbedTLS parsed from the algorithm.
bool mbed_verifies(mbedtls_x509_crt& child, mbedtls_x509_crt& issuer) {
  const mbedtls_md_info_t* md = mbedtls_md_info_from_type(child.sig_md);
  if (!md) return false;
  unsigned char hash[64];
  if (mbedtls_md(md, child.tbs.p, child.tbs.len, hash) != 0) return false;
  return mbedtls_pk_verify_ext(child.sig_pk, child.sig_opts, &issuer.pk, child.sig_md, hash,
                               mbedtls_md_get_size(md), child.sig.p, child.sig.len) == 0;
}

// GlassTLS KeyUsage bits -> mbedTLS's layout (the BIT STRING's first octets,
// first octet in the low byte: digitalSignature = 0x80, decipherOnly = 0x8000).
unsigned mbed_key_usage(const KeyUsage& ku) {
  unsigned out = 0;
  for (unsigned i = 0; i < 9; ++i)
    if (ku.has(static_cast<KeyUsageBit>(i))) out |= (0x80u >> (i % 8)) << (8 * (i / 8));
  return out;
}

class X509Oracle : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::made_certs().empty()) GTEST_FAIL() << "openssl could not make the test certificates";
  }
};

TEST_F(X509Oracle, SameFieldsAsMbedtls) {
  for (const auto& [name, made] : test::made_certs()) {
    SCOPED_TRACE(name);
    auto ours = Certificate::parse(made.der);
    ASSERT_TRUE(ours.ok()) << ours.error().describe();
    MbedCert theirs(made.der);
    if (ours->public_key().type == KeyType::ed25519) {
      // mbedTLS 2.28 has no Ed25519 in X.509: the one expected disagreement.
      EXPECT_FALSE(theirs.ok());
      continue;
    }
    ASSERT_TRUE(theirs.ok());
    mbedtls_x509_crt& m = theirs.crt();
    EXPECT_EQ(m.version, ours->version());
    EXPECT_EQ(hex_of(m.serial), test::hex(ours->serial()));
    EXPECT_EQ(hex_of(m.issuer_raw), test::hex(ours->issuer().der));
    EXPECT_EQ(hex_of(m.subject_raw), test::hex(ours->subject().der));
    EXPECT_EQ(hex_of(m.tbs), test::hex(ours->tbs()));
    EXPECT_EQ(test::hex(ByteView(m.sig.p, m.sig.len)), test::hex(ours->signature()));
    const mbedtls_x509_time& from = m.valid_from;
    const mbedtls_x509_time& to = m.valid_to;
    EXPECT_EQ(days_from_civil(from.year, static_cast<unsigned>(from.mon),
                              static_cast<unsigned>(from.day)) *
                      86400 +
                  from.hour * 3600 + from.min * 60 + from.sec,
              ours->validity().not_before);
    EXPECT_EQ(
        days_from_civil(to.year, static_cast<unsigned>(to.mon), static_cast<unsigned>(to.day)) *
                86400 +
            to.hour * 3600 + to.min * 60 + to.sec,
        ours->validity().not_after);
    // SAN dNSNames (mbedTLS 2.28 lists dNSName and otherName only).
    std::vector<std::string> mbed_dns, our_dns;
    for (const mbedtls_x509_sequence* s = &m.subject_alt_names; s && s->buf.p; s = s->next)
      if (s->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | 2))
        mbed_dns.emplace_back(reinterpret_cast<const char*>(s->buf.p), s->buf.len);
    if (ours->extensions().subject_alt_names)
      for (const auto& g : *ours->extensions().subject_alt_names)
        if (g.kind == GeneralNameKind::dns_name) our_dns.push_back(g.text);
    EXPECT_EQ(mbed_dns, our_dns);
    const auto& bc = ours->extensions().basic_constraints;
    EXPECT_EQ(m.ca_istrue != 0, bc && bc->ca);
    // mbedTLS stores pathLenConstraint + 1, 0 meaning "none".
    const int our_pathlen = bc && bc->path_len ? static_cast<int>(*bc->path_len) + 1 : 0;
    EXPECT_EQ(m.max_pathlen, our_pathlen);
    const auto& ku = ours->extensions().key_usage;
    EXPECT_EQ((m.ext_types & MBEDTLS_X509_EXT_KEY_USAGE) != 0, ku.has_value());
    if (ku) {
      EXPECT_EQ(m.key_usage, mbed_key_usage(*ku));
    }
  }
}

TEST_F(X509Oracle, SameSignatureOutcome) {
  for (const auto& [name, made] : test::made_certs()) {
    SCOPED_TRACE(name);
    auto child = Certificate::parse(made.der);
    auto issuer = Certificate::parse(test::made_certs().at(made.issuer).der);
    ASSERT_TRUE(child.ok() && issuer.ok());
    if (child->public_key().type == KeyType::ed25519) continue;
    for (const bool flip : {false, true}) {
      Bytes der = made.der;
      if (flip) der[child->serial_range().offset + child->serial_range().length - 1] ^= 1;
      auto ours = Certificate::parse(der);
      ASSERT_TRUE(ours.ok());
      MbedCert theirs(der), mbed_issuer(test::made_certs().at(made.issuer).der);
      ASSERT_TRUE(theirs.ok() && mbed_issuer.ok());
      const bool we_verify = ours->verify_signed_by(issuer->public_key()).ok();
      EXPECT_EQ(we_verify, !flip);
      EXPECT_EQ(mbed_verifies(theirs.crt(), mbed_issuer.crt()), we_verify);
    }
  }
}

TEST_F(X509Oracle, MalformedInputsRejectedByBoth) {
  const Bytes good = test::made_certs().at("rsa_leaf").der;
  std::vector<std::pair<std::string, Bytes>> bad;
  bad.emplace_back("truncated", Bytes(good.begin(), good.end() - 1));
  Bytes trailing_inside = good;
  // The outer SEQUENCE is 30 82 LL LL: add a byte inside it.
  trailing_inside.push_back(0x00);
  trailing_inside[3] = static_cast<std::uint8_t>(trailing_inside[3] + 1);
  bad.emplace_back("extra field after the signature", trailing_inside);
  Bytes indefinite = good;
  indefinite[1] = 0x80;
  bad.emplace_back("indefinite length", indefinite);
  // Build the rest with the same P-256 key so mbedTLS can read the SPKI.
  auto p256 = Certificate::parse(test::made_certs().at("p256_self").der);
  ASSERT_TRUE(p256.ok());
  const Bytes spki(p256->public_key().spki_der.begin(), p256->public_key().spki_der.end());
  auto rsa_alg = [] {
    DerWriter w;
    w.sequence([](DerWriter& s) {
      s.oid(oid::sha256_with_rsa);
      s.null();
    });
    return std::move(w).take();
  };
  test::CertSpec base;
  base.spki = spki;
  base.inner_algorithm = base.outer_algorithm = rsa_alg();
  {
    MbedCert check(test::build_certificate(base));
    ASSERT_TRUE(check.ok()) << "the base certificate must be acceptable to mbedTLS";
  }
  test::CertSpec dup = base;
  const Bytes bc = {0x30, 0x00};
  dup.extensions = {test::extension(oid::basic_constraints, false, bc),
                    test::extension(oid::basic_constraints, false, bc)};
  bad.emplace_back("duplicate extension", test::build_certificate(dup));
  test::CertSpec v1 = base;
  v1.version.reset();
  v1.extensions = {test::extension(oid::basic_constraints, false, bc)};
  bad.emplace_back("v1 with extensions", test::build_certificate(v1));
  test::CertSpec mismatch = base;
  mismatch.outer_algorithm = [] {
    DerWriter w;
    w.sequence([](DerWriter& s) {
      s.oid(oid::sha384_with_rsa);
      s.null();
    });
    return std::move(w).take();
  }();
  bad.emplace_back("inner/outer algorithm mismatch", test::build_certificate(mismatch));
  test::CertSpec bad_time = base;
  DerWriter validity;
  validity.sequence([](DerWriter& v) {
    v.element(tag::utc_time, test::as_bytes("201301000000Z"));
    v.element(tag::utc_time, test::as_bytes("301231000000Z"));
  });
  bad_time.validity = std::move(validity).take();
  bad.emplace_back("month 13", test::build_certificate(bad_time));
  test::CertSpec bad_bool = base;
  bad_bool.extensions = {
      Bytes{0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0x01, 0x04, 0x01, 0x00}};
  bad.emplace_back("critical BOOLEAN 0x01 then a bad value", test::build_certificate(bad_bool));
  for (const auto& [what, der] : bad) {
    SCOPED_TRACE(what);
    EXPECT_FALSE(Certificate::parse(der).ok());
    MbedCert theirs(der);
    EXPECT_FALSE(theirs.ok());
  }
}

}  // namespace
}  // namespace glasstls::x509
