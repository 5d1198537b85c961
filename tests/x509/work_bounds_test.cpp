// Bounded work in path validation (issue 16, item 1): name constraints cost
// names x subtrees comparisons, counted against
// VerifyOptions::name_constraint_budget; candidate issuers refused as loops or
// for depth count against VerifyOptions::work_budget like signature checks;
// the trust store finds duplicates and issuers through hash indexes.
//
// Every certificate here is made by the test's certificate builder
// (cert_builder.hpp: DER written field by field, signed with one Ed25519
// key), so thousands of names or subtrees cost no openssl run.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "cert_builder.hpp"
#include "trace/path_log.hpp"
#include "x509/name_constraints.hpp"
#include "x509/path.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::test {
namespace {

using x509::Certificate;
using x509::DerWriter;

constexpr std::uint8_t kDnsName = 0x82;    // GeneralName dNSName [2] IMPLICIT IA5String
constexpr std::uint8_t kPermitted = 0xa0;  // NameConstraints permittedSubtrees [0]
constexpr std::uint8_t kExcluded = 0xa1;   // NameConstraints excludedSubtrees [1]
constexpr std::uint8_t kKeyId = 0x80;      // AuthorityKeyIdentifier keyIdentifier [0]
const Bytes kCaKeyId(20, 0xca);            // the CA's subjectKeyIdentifier

Bytes der(auto&& body) {
  DerWriter w;
  body(w);
  return std::move(w).take();
}

Bytes text_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes basic_constraints(bool ca) {
  return extension(x509::oid::basic_constraints, true, der([&](DerWriter& w) {
                     w.sequence([&](DerWriter& s) {
                       if (ca) s.boolean(true);
                     });
                   }));
}

// keyCertSign + cRLSign for a CA (bits 5 and 6), digitalSignature (bit 0) otherwise.
Bytes key_usage(bool ca) {
  return extension(x509::oid::key_usage, true, der([&](DerWriter& w) {
                     if (ca)
                       w.bit_string(Bytes{0x06}, 1);
                     else
                       w.bit_string(Bytes{0x80}, 7);
                   }));
}

Bytes subject_key_id(const Bytes& id) {
  return extension(x509::oid::subject_key_identifier, false,
                   der([&](DerWriter& w) { w.octet_string(id); }));
}

Bytes authority_key_id(const Bytes& id) {
  return extension(x509::oid::authority_key_identifier, false, der([&](DerWriter& w) {
                     w.sequence([&](DerWriter& s) { s.element(kKeyId, id); });
                   }));
}

Bytes dns_names(const std::vector<std::string>& names) {
  return der([&](DerWriter& w) {
    w.sequence([&](DerWriter& s) {
      for (const auto& n : names) s.element(kDnsName, text_bytes(n));
    });
  });
}

// GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
Bytes name_constraints(const std::vector<std::string>& permitted,
                       const std::vector<std::string>& excluded) {
  auto subtrees = [](DerWriter& list, const std::vector<std::string>& bases) {
    for (const auto& b : bases)
      list.sequence([&](DerWriter& subtree) { subtree.element(kDnsName, text_bytes(b)); });
  };
  return extension(x509::oid::name_constraints, true, der([&](DerWriter& w) {
                     w.sequence([&](DerWriter& nc) {
                       if (!permitted.empty())
                         nc.constructed(kPermitted, [&](DerWriter& l) { subtrees(l, permitted); });
                       if (!excluded.empty())
                         nc.constructed(kExcluded, [&](DerWriter& l) { subtrees(l, excluded); });
                     });
                   }));
}

Certificate parse(const Bytes& der_bytes) {
  auto c = Certificate::parse(der_bytes);
  EXPECT_TRUE(c.ok()) << (c ? "" : c.error().describe());
  return c ? *c : Certificate{};
}

// A self-signed CA named "CN=Builder CA" (the builder's default issuer) with
// `permitted` and `excluded` dNSName subtrees.
Certificate constrained_ca(const std::vector<std::string>& permitted,
                           const std::vector<std::string>& excluded, std::uint8_t serial = 1) {
  CertSpec spec;
  spec.serial = {serial};
  spec.subject = name_der({{x509::oid::common_name, "Builder CA"}});
  spec.extensions = {basic_constraints(true), key_usage(true), subject_key_id(kCaKeyId)};
  if (!permitted.empty() || !excluded.empty())
    spec.extensions.push_back(name_constraints(permitted, excluded));
  return parse(build_certificate(spec));
}

// A leaf issued by "CN=Builder CA" for `names` (its subjectAltName).
Certificate leaf_for(const std::vector<std::string>& names) {
  CertSpec spec;
  spec.serial = {0x42};
  spec.subject = name_der({{x509::oid::common_name, names.front()}});
  spec.extensions = {basic_constraints(false), key_usage(false), authority_key_id(kCaKeyId),
                     extension(x509::oid::subject_alt_name, false, dns_names(names))};
  return parse(build_certificate(spec));
}

// `n` names "h<i>.<zone>".
std::vector<std::string> hosts(std::size_t n, const std::string& zone) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(std::string("h").append(std::to_string(i)).append(".").append(zone));
  return out;
}

// `n` subtrees "<prefix><i>.example"; the leaves' names sit in the last one,
// so every permitted subtree is looked at before the one that matches.
std::vector<std::string> zones(std::size_t n, const std::string& prefix) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(std::string(prefix).append(std::to_string(i)).append(".example"));
  return out;
}

// A CA with `subtrees` permitted and `subtrees` excluded dNSName subtrees as
// the trust anchor, and a leaf below it with `names` SAN entries, all inside
// the last permitted subtree (a valid pair, however long it takes to check).
struct ConstrainedCase {
  Certificate leaf;
  x509::TrustStore roots;
};

ConstrainedCase constrained_case(std::size_t names, std::size_t subtrees) {
  const auto permitted = zones(subtrees, "p");
  ConstrainedCase c{leaf_for(hosts(names, permitted.back())), {}};
  c.roots.add(constrained_ca(permitted, zones(subtrees, "x")));
  return c;
}

x509::VerifyOptions any_purpose() {
  x509::VerifyOptions o;
  o.time = x509::days_from_civil(2030, 1, 1) * 86400;
  o.purpose = x509::Purpose::any;
  return o;
}

struct Outcome {
  bool valid = false;
  x509::Rejection why;
  std::vector<trace::PathEvent> log;
};

Outcome verify(const Certificate& leaf, std::span<const Certificate> intermediates,
               const x509::TrustStore& roots, x509::VerifyOptions options) {
  trace::PathLog log;
  options.sink = &log;
  Outcome out;
  auto r = x509::verify_path(leaf, intermediates, roots, options, &out.why);
  out.valid = r.ok();
  if (!r.ok()) {
    EXPECT_EQ(r.error().rule, out.why.error.rule);
  }
  out.log = log.steps();
  return out;
}

std::size_t count_steps(const Outcome& o, trace::PathStep step) {
  std::size_t n = 0;
  for (const auto& e : o.log) n += e.step == step ? 1 : 0;
  return n;
}

// --- Name constraints: names x subtrees, against a budget ---

TEST(NameConstraintBudget, DefaultIs250000) {
  EXPECT_EQ(x509::VerifyOptions{}.name_constraint_budget, 250000u);
}

TEST(NameConstraintBudget, A2048By2048CaseIsRejectedNamingTheBudget) {
  // 2048 permitted and 2048 excluded subtrees over 2048 SAN entries: checking
  // it all would take 2049 names (the SANs and the subject DN) x 4096 subtrees
  // = 8.4 million comparisons. The search stops after the budget's 250000.
  const auto c = constrained_case(2048, 2048);
  const auto o = verify(c.leaf, {}, c.roots, any_purpose());
  ASSERT_FALSE(o.valid);
  EXPECT_EQ(o.why.error.rule, x509::kNameConstraintBudgetRule);
  EXPECT_NE(o.why.error.rule.find("RFC 5280 §4.2.1.10"), std::string_view::npos);
  EXPECT_NE(o.why.error.rule.find("name_constraint_budget"), std::string_view::npos);
  // A TLS peer sends bad_certificate (RFC 8446 §6.2).
  EXPECT_EQ(o.why.error.alert, AlertDescription::bad_certificate);
  // The error carries the budget and the comparisons spent: one past it, so
  // the work really stopped there.
  EXPECT_EQ(o.why.error.detail.expected, 250000u);
  EXPECT_EQ(o.why.error.detail.found, 250001u);
  EXPECT_NE(o.why.error.describe().find("(found 0x0003d091, expected 0x0003d090)"),
            std::string::npos)
      << o.why.error.describe();
  // The rejection names the constraining CA, the size of the problem and the budget.
  EXPECT_EQ(o.why.index, 1u);
  EXPECT_EQ(o.why.subject, "CN=Builder CA");
  EXPECT_NE(o.why.advice.find("4096 name constraint subtrees"), std::string::npos) << o.why.advice;
  EXPECT_NE(o.why.advice.find("250000"), std::string::npos) << o.why.advice;
  EXPECT_EQ(count_steps(o, trace::PathStep::budget), 1u);
}

TEST(NameConstraintBudget, TheSameCaseWithinALargerBudgetIsValid) {
  // The rejection above is the budget's, not a constraint's: with room for
  // every comparison the same certificates validate.
  const auto c = constrained_case(2048, 2048);
  auto options = any_purpose();
  options.name_constraint_budget = std::numeric_limits<std::size_t>::max() - 1;
  const auto o = verify(c.leaf, {}, c.roots, options);
  EXPECT_TRUE(o.valid) << o.why.explain();
}

TEST(NameConstraintBudget, EachNameCostsOneComparisonPerSubtree) {
  // 256 SANs and the subject DN, 256 + 256 subtrees: (256 + 1) x 512 =
  // 131584 comparisons. Exactly that budget passes, one less is refused.
  const auto c = constrained_case(256, 256);
  auto options = any_purpose();
  EXPECT_TRUE(verify(c.leaf, {}, c.roots, options).valid);  // the default budget is ample
  options.name_constraint_budget = 131584;
  EXPECT_TRUE(verify(c.leaf, {}, c.roots, options).valid);
  options.name_constraint_budget = 131583;
  const auto o = verify(c.leaf, {}, c.roots, options);
  ASSERT_FALSE(o.valid);
  EXPECT_EQ(o.why.error.rule, x509::kNameConstraintBudgetRule);
}

TEST(NameConstraintBudget, AnExcludedNameIsStillRefusedByItsOwnRule) {
  const auto ca = constrained_ca(zones(4, "p"), {"bad.example"});
  const auto leaf = leaf_for({"www.bad.example"});
  x509::TrustStore roots;
  roots.add(ca);
  const auto o = verify(leaf, {}, roots, any_purpose());
  ASSERT_FALSE(o.valid);
  EXPECT_EQ(o.why.error.rule, "RFC 5280 §4.2.1.10: a name lies inside an excluded subtree");
}

TEST(NameConstraintBudget, CheckNameConstraintsCountsInto) {
  // The function itself: the work is shared across calls (a whole search).
  const auto ca = constrained_ca(zones(10, "p"), zones(10, "x"));
  const auto leaf = leaf_for(hosts(5, "p9.example"));
  x509::NameConstraintWork work{1000, 0};
  ASSERT_TRUE(x509::check_name_constraints(leaf, *ca.extensions().name_constraints, &work).ok());
  EXPECT_EQ(work.spent, 6u * 20u);  // 5 SANs and the subject, 20 subtrees each
  work.budget = 200;
  const auto r = x509::check_name_constraints(leaf, *ca.extensions().name_constraints, &work);
  ASSERT_FALSE(r.ok());  // 120 + 120 > 200
  EXPECT_EQ(r.error().rule, x509::kNameConstraintBudgetRule);
  EXPECT_TRUE(work.exhausted());
}

// --- The work budget: refused candidates count too ---

// `n` CAs named "CN=Mesh", issued by `issuer`, all with the builder's key.
// Issued by "Mesh" they are self-issued, and above any of them every one is a
// loop (RFC 5280 §6.1: the same subject and key twice in a path).
std::vector<Certificate> mesh(std::size_t n, const std::string& issuer = "Mesh") {
  std::vector<Certificate> out;
  for (std::size_t i = 0; i < n; ++i) {
    CertSpec spec;
    spec.serial = {0x10, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    spec.issuer = name_der({{x509::oid::common_name, issuer}});
    spec.subject = name_der({{x509::oid::common_name, "Mesh"}});
    spec.extensions = {basic_constraints(true), key_usage(true), subject_key_id(kCaKeyId)};
    out.push_back(parse(build_certificate(spec)));
  }
  return out;
}

Certificate mesh_leaf() {
  CertSpec spec;
  spec.serial = {0x43};
  spec.issuer = name_der({{x509::oid::common_name, "Mesh"}});
  spec.subject = name_der({{x509::oid::common_name, "leaf.example"}});
  spec.extensions = {basic_constraints(false), key_usage(false), authority_key_id(kCaKeyId)};
  return parse(build_certificate(spec));
}

TEST(WorkBudget, LoopRefusalsSpendTheBudget) {
  // 40 self-issued mesh CAs: each is tried once above the leaf (40
  // signatures), and above each of them all 40 (itself included) are refused
  // as loops (1600 refusals that once cost nothing, so the search ended
  // unknown_ca with the budget of 100 untouched). Now the refusals spend it.
  const auto pool = mesh(40);
  const auto other_root = constrained_ca({}, {});  // "CN=Builder CA": not the mesh's issuer
  x509::TrustStore roots;
  roots.add(other_root);
  const auto o = verify(mesh_leaf(), pool, roots, any_purpose());
  ASSERT_FALSE(o.valid);
  EXPECT_NE(o.why.error.rule.find("work budget"), std::string_view::npos) << o.why.explain();
  EXPECT_EQ(o.why.error.alert, AlertDescription::bad_certificate);
  const std::size_t loops = count_steps(o, trace::PathStep::loop);
  std::size_t signatures = 0;
  for (const auto& e : o.log) signatures += e.step == trace::PathStep::signature ? 1 : 0;
  EXPECT_GT(loops, 0u);
  EXPECT_EQ(loops + signatures, 100u) << loops << " loops, " << signatures << " signatures";
  // With room for everything, the same search ends with no issuer found.
  auto options = any_purpose();
  options.work_budget = 100000;
  const auto all = verify(mesh_leaf(), pool, roots, options);
  ASSERT_FALSE(all.valid);
  EXPECT_EQ(count_steps(all, trace::PathStep::loop), 40u * 40u);
  EXPECT_EQ(all.why.error.rule.find("work budget"), std::string_view::npos);
}

TEST(WorkBudget, DepthRefusalsSpendTheBudget) {
  // max_depth 0: every intermediate candidate (not self-issued: their issuer
  // is "Elsewhere") is refused for depth before any signature is checked;
  // 150 of them spend a budget of 100.
  const auto pool = mesh(150, "Elsewhere");
  x509::TrustStore roots;
  roots.add(constrained_ca({}, {}));
  auto options = any_purpose();
  options.max_depth = 0;
  const auto o = verify(mesh_leaf(), pool, roots, options);
  ASSERT_FALSE(o.valid);
  EXPECT_NE(o.why.error.rule.find("work budget"), std::string_view::npos) << o.why.explain();
  EXPECT_EQ(count_steps(o, trace::PathStep::depth), 100u);
  // 99 candidates fit a budget of 100: the answer is then the depth rule.
  const auto fewer = mesh(99, "Elsewhere");
  const auto d = verify(mesh_leaf(), fewer, roots, options);
  ASSERT_FALSE(d.valid);
  EXPECT_NE(d.why.error.rule.find("maximum number of intermediate"), std::string_view::npos)
      << d.why.explain();
}

// --- The trust store: hash indexes ---

TEST(TrustStoreIndex, DuplicatesAreFoundByDerHash) {
  x509::TrustStore store;
  const auto a = constrained_ca({}, {}, 1);
  const auto b = constrained_ca({}, {}, 2);  // same subject, another certificate
  store.add(a);
  store.add(b);
  store.add(a);
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.contains(a));
  EXPECT_TRUE(store.contains(b));
  EXPECT_FALSE(store.contains(mesh_leaf()));
}

TEST(TrustStoreIndex, IssuerLookupReturnsEverySameNamedAnchorInOrder) {
  x509::TrustStore store;
  for (std::uint8_t i = 1; i <= 3; ++i) store.add(constrained_ca({}, {}, i));
  for (const auto& m : mesh(2)) store.add(m);
  const auto builders = store.find_by_subject(leaf_for({"a.example"}).issuer());
  ASSERT_EQ(builders.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(builders[i], &store.certificates()[i]);
  EXPECT_EQ(store.find_by_subject(mesh_leaf().issuer()).size(), 2u);
  EXPECT_TRUE(store.find_by_subject(mesh_leaf().subject()).empty());
}

TEST(TrustStoreIndex, ManyRootsStayFindable) {
  // 5000 distinct roots (the serial differs) under 50 names: adding them
  // scans nothing, and each lookup returns exactly its name's 100.
  x509::TrustStore store;
  std::vector<Certificate> roots;
  for (std::size_t i = 0; i < 5000; ++i) {
    CertSpec spec;
    spec.serial = {0x20, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    spec.subject =
        name_der({{x509::oid::common_name, std::string("Root ").append(std::to_string(i % 50))}});
    spec.issuer = spec.subject;
    spec.extensions = {basic_constraints(true), key_usage(true), subject_key_id(kCaKeyId)};
    roots.push_back(parse(build_certificate(spec)));
  }
  for (const auto& r : roots) store.add(r);
  for (const auto& r : roots) store.add(r);  // every one a duplicate
  EXPECT_EQ(store.size(), 5000u);
  EXPECT_EQ(store.find_by_subject(roots[7].subject()).size(), 100u);
  EXPECT_EQ(store.find_by_subject(roots[49].subject()).size(), 100u);
}

}  // namespace
}  // namespace glasstls::test
