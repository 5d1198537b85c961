#include "cert_builder.hpp"

#include "crypto/ed25519.hpp"

namespace glasstls::test {

namespace {

const crypto::ed25519::SigningKey& builder_key() {
  static const crypto::ed25519::SigningKey key = [] {
    std::array<std::uint8_t, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return crypto::ed25519::SigningKey::from_seed(seed);
  }();
  return key;
}

Bytes or_default(const Bytes& b, Bytes (*make)()) { return b.empty() ? make() : b; }

Bytes default_issuer() { return name_der({{x509::oid::common_name, "Builder CA"}}); }
Bytes default_subject() { return name_der({{x509::oid::common_name, "builder.example"}}); }
Bytes default_validity() {
  x509::DerWriter w;
  w.sequence([](x509::DerWriter& v) {
    v.time(x509::days_from_civil(2020, 1, 1) * 86400);
    v.time(x509::days_from_civil(2049, 12, 31) * 86400);
  });
  return std::move(w).take();
}

}  // namespace

Bytes ed25519_algorithm() {
  x509::DerWriter w;
  w.sequence([](x509::DerWriter& s) { s.oid(x509::oid::ed25519); });
  return std::move(w).take();
}

Bytes builder_spki() {
  x509::DerWriter w;
  w.sequence([](x509::DerWriter& s) {
    s.raw(ed25519_algorithm());
    s.bit_string(builder_key().public_key());
  });
  return std::move(w).take();
}

Bytes name_der(const std::vector<std::pair<x509::Oid, std::string>>& attributes) {
  x509::DerWriter w;
  w.sequence([&](x509::DerWriter& name) {
    for (const auto& [type, value] : attributes)
      name.set([&](x509::DerWriter& rdn) {
        rdn.sequence([&](x509::DerWriter& atv) {
          atv.oid(type);
          atv.utf8_string(value);
        });
      });
  });
  return std::move(w).take();
}

Bytes extension(const x509::Oid& id, bool critical, ByteView value_der) {
  x509::DerWriter w;
  w.sequence([&](x509::DerWriter& e) {
    e.oid(id);
    if (critical) e.boolean(true);
    e.octet_string(value_der);
  });
  return std::move(w).take();
}

Bytes build_certificate(const CertSpec& spec) {
  x509::DerWriter tbs;
  tbs.sequence([&](x509::DerWriter& t) {
    if (spec.version)
      t.constructed(x509::tag::context_constructed(0),
                    [&](x509::DerWriter& v) { v.integer(*spec.version); });
    t.element(x509::tag::integer, spec.serial);
    t.raw(or_default(spec.inner_algorithm, ed25519_algorithm));
    t.raw(or_default(spec.issuer, default_issuer));
    t.raw(or_default(spec.validity, default_validity));
    t.raw(or_default(spec.subject, default_subject));
    t.raw(or_default(spec.spki, builder_spki));
    if (!spec.extensions.empty())
      t.constructed(x509::tag::context_constructed(3), [&](x509::DerWriter& x) {
        x.sequence([&](x509::DerWriter& list) {
          for (const auto& e : spec.extensions) list.raw(e);
        });
      });
    t.raw(spec.tbs_tail);
  });
  const auto signature = builder_key().sign(tbs.view());
  x509::DerWriter cert;
  cert.sequence([&](x509::DerWriter& c) {
    c.raw(tbs.view());
    c.raw(or_default(spec.outer_algorithm, ed25519_algorithm));
    c.bit_string(signature);
  });
  return std::move(cert).take();
}

}  // namespace glasstls::test
