// Certification path building and validation: RFC 5280 §6, as browsers,
// rustls-webpki and Go apply it, checked against the x509-limbo suite.
//
// The story, in four parts:
//   1. The leaf alone (check_certificate + check_leaf, in path_checks.cpp):
//      is it valid now, is it for this purpose (extKeyUsage), is it for this
//      peer (SAN vs host name, IP or e-mail, RFC 9525; never the Common Name)?
//   2. Building (extend): from the certificate at the top of the partial path,
//      gather candidate issuers whose subject equals its issuer name: trust
//      anchors first, then the untrusted intermediates; within each group the
//      ones whose subjectKeyIdentifier equals our authorityKeyIdentifier come
//      first (RFC 5280 §4.2.1.1: AKI/SKI *order* candidates, they never exclude
//      one). Each candidate is tried in turn, depth first, with backtracking,
//      so a dead-end issuer (expired, wrong key, constrained) does not hide a
//      good one (cross-signing).
//   3. Each step (try_issuer): the signature (RFC 5280 §6.1.3 (a)(1)), the
//      issuer's own checks as a CA, and the constraints it puts on everything
//      below it (pathLenConstraint, nameConstraints). Reaching a trust anchor
//      ends the search with success.
//   4. The path found, how the leaf's CA wrote it (check_leaf_issuance:
//      webpki's Common Name rule, BR §7.1.4.3), so that a tampered
//      certificate is refused for its signature, not for its names.
//
// The rules, as the x509-limbo suite expects them (RFC 5280 strictly, plus the
// Web PKI habits every browser shares). Those marked (webpki) hold only with
// ValidationProfile::webpki, the default; ValidationProfile::rfc5280 leaves
// them out (docs/x509.md, "RFC 5280 vs. what browsers enforce"):
//   - time: notBefore <= t <= notAfter, both inclusive, for *every* certificate,
//     the trust anchor included (limbo: an expired root fails).
//   - trust anchors are full CA certificates and are checked as such: cA TRUE in
//     a critical basicConstraints, keyCertSign if keyUsage is present, a
//     subjectKeyIdentifier, no unknown critical extension (limbo rfc5280::root-*).
//   - CA certificates: same as above; their pathLenConstraint counts the
//     non-self-issued intermediates below them (the leaf never counts, so a CA
//     certificate may itself be the leaf: limbo pathlen::validation-ignores-
//     pathlen-in-leaf, except a server's under webpki); a constraint may be
//     larger than its parent's.
//   - every certificate: a non-empty issuer; AKI and SKI non-critical; an
//     authorityKeyIdentifier with a keyIdentifier unless self-issued (leaf and
//     intermediates only: a trust anchor is trusted input, RFC 5280 §6.1.1
//     (d), limbo cve::cve-2024-0567); an empty subject only with a critical
//     subjectAltName; keyUsage, when present,
//     asserts something, and keyCertSign exactly when cA is TRUE (so an
//     end-entity with cA TRUE fails); policyConstraints critical; RSA keys of
//     2048 bits or more.
//   - the leaf: extKeyUsage, when present, must name the purpose (serverAuth /
//     clientAuth) or anyExtendedKeyUsage; absent means any purpose; Purpose::any
//     skips the check. No nameConstraints on an end-entity. For a server
//     (webpki): a critical subjectAltName next to a non-empty subject, a
//     critical extKeyUsage or anyExtendedKeyUsage, cA TRUE (CA/B BR §7.1.2.7),
//     or a Common Name that is not exactly one of the SAN values (BR §7.1.4.3,
//     checked last, in part 4) fail.
//   - every certificate (webpki): an RSA modulus a multiple of 8 bits (BR
//     §6.1.5) and a positive serial number (BR §7.1.2.7; RFC 5280 §4.1.2.2
//     asks verifiers to tolerate the others).
//   - the peer's identity: SAN only (never the CN); a host name that is an IP
//     literal is compared with iPAddress entries (limbo's BetterTLS cases pass
//     IPs as DNS names).
//   - trust anchors (webpki): when they carry an authorityKeyIdentifier, it
//     holds only a keyIdentifier equal to their subjectKeyIdentifier (CA/B BR
//     §7.1.2.1.3); a self-issued root has no extKeyUsage (BR §7.1.2.1.2).
//   - extKeyUsage on a CA (anchor included) constrains what it may issue for, as
//     Go and the browsers do: it must contain the purpose or anyExtendedKeyUsage.
//   - nameConstraints (anchor included) must be critical, non-empty and well
//     formed (no ".example.com" or "*" DNS bases, CIDR masks, valid mailboxes);
//     they apply to every certificate below the CA except self-issued
//     intermediates (RFC 5280 §6.1.3 (b)); names that cannot be compared fail,
//     and a wildcard SAN fails an excluded subtree it could reach; see
//     name_constraints.cpp.
//   - max_depth counts the non-self-issued intermediates between the leaf and
//     the anchor, as RFC 5280 §6.1.4 (l) counts max_path_length (limbo's
//     max_chain_depth; OpenSSL's -verify_depth counts self-issued ones too);
//     the work budget counts signature verifications and candidates refused
//     as loops or for depth over the whole search, and the name constraint
//     budget the name x subtree comparisons (RFC 5280 §4.2.1.10). Running out
//     of either stops the search with that rejection.
//   - the policy extensions are not processed: certificatePolicies, even
//     critical, is accepted (RFC 5280 §6.1.1 with user-initial-policy-set =
//     anyPolicy and no explicit policy required); other unknown critical
//     extensions reject the certificate.
#include "x509/path.hpp"

#include <algorithm>

#include "x509/name_constraints.hpp"
#include "x509/path_checks.hpp"

namespace glasstls::x509 {
namespace {

using Problem = PathProblem;
using Check = PathCheck;
using Step = trace::PathStep;

Problem problem(Step step, AlertDescription alert, std::string_view rule, std::string_view advice) {
  return Problem{step, make_error(alert, rule), advice};
}

std::string hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

bool same_bytes(ByteView a, ByteView b) { return std::ranges::equal(a, b); }

// RFC 5280 §4.2.1.1: "The keyIdentifier field of the authorityKeyIdentifier
// extension MUST be included in all certificates generated by conforming CAs
// ... where a CA distributes its public key in the form of a "self-signed"
// certificate, the authority key identifier MAY be omitted."
// Checked on the leaf and the intermediates, never on the trust anchor: RFC
// 5280 §6.1.1 (d) takes the anchor as trusted input ("trust anchor
// information"), so an anchor that is not self-issued (a cross-signed
// certificate installed as a root, limbo cve::cve-2024-0567) needs no AKI.
Check check_authority_key_id(const Certificate& c) {
  const auto& aki = c.extensions().authority_key_id;
  if (c.is_self_issued() || (aki && aki->key_id)) return std::nullopt;
  return problem(Step::extensions, AlertDescription::bad_certificate,
                 "RFC 5280 §4.2.1.1: authorityKeyIdentifier keyIdentifier is missing",
                 "reissue the certificate with an authorityKeyIdentifier naming the issuer's key");
}

// --- Parts 2 and 3 (part 1 is in path_checks.cpp): building, step by step ---

class PathBuilder {
 public:
  PathBuilder(std::span<const Certificate> intermediates, const TrustStore& roots,
              const VerifyOptions& o)
      : intermediates_(intermediates), roots_(roots), options_(o) {}

  // The path found (leaf first, anchor last), or nothing.
  std::optional<std::vector<Certificate>> run(const Certificate& leaf) {
    path_.push_back(&leaf);
    if (!extend()) return std::nullopt;
    std::vector<Certificate> chain;
    for (const Certificate* c : path_) chain.push_back(*c);
    return chain;
  }
  // The most informative rejection seen while searching.
  const std::optional<Rejection>& best_rejection() const { return best_; }

 private:
  struct Candidate {
    const Certificate* cert;
    bool anchor;
    bool key_id_match;
  };

  // One step for the trace; `make` runs (and formats) only with a sink.
  template <typename Make>
  void log(Make&& make) const {
    if (options_.sink) options_.sink->on_event(trace::Event(make()));
  }
  void log(Step step, std::size_t depth, bool ok, const Certificate& c,
           std::string_view rule = {}) const {
    log([&] { return trace::PathEvent{step, depth, ok, false, c.subject_string(), rule, {}}; });
  }

  // Keeps the most informative rejection: the one that got furthest up the path.
  void reject(std::size_t index, const Certificate& c, const Problem& p) {
    log(p.step, index, false, c, p.error.rule);
    if (budget_exhausted_) return;  // a spent budget is the answer
    if (best_ && best_->index >= index) return;
    best_ = Rejection{index, c.subject_string(), p.error, std::string(p.advice)};
  }

  // A budget ran out: the search stops, and this is its answer, whatever path
  // got furthest before (no path was found within the budget, so none is known).
  void stop_search(std::size_t index, const Certificate& c, Step step, const Error& error,
                   std::string advice) {
    log(step, index, false, c, error.rule);
    budget_exhausted_ = true;
    best_ = Rejection{index, c.subject_string(), error, std::move(advice)};
  }

  // One unit of the work budget: a signature verification, or a candidate
  // refused without one (a loop, or past max_depth: free refusals would let a
  // hostile pool of intermediates keep the search busy). False, with the
  // search stopped, when the budget is spent.
  bool spend_work(std::size_t index, const Certificate& issuer) {
    if (work_ < options_.work_budget) {
      ++work_;
      return true;
    }
    stop_search(index, issuer, Step::budget,
                make_error(AlertDescription::bad_certificate,
                           "path building work budget exhausted (VerifyOptions::work_budget: too "
                           "many candidate issuers)"),
                "send only the intermediates the chain needs, in order");
    return false;
  }

  std::vector<Candidate> candidates_for(const Certificate& child) const {
    std::optional<ByteView> aki;
    if (child.extensions().authority_key_id) aki = child.extensions().authority_key_id->key_id;
    auto key_id_match = [&](const Certificate& c) {
      return aki && c.extensions().subject_key_id &&
             same_bytes(*aki, *c.extensions().subject_key_id);
    };
    std::vector<Candidate> out;
    for (const Certificate* a : roots_.find_by_subject(child.issuer()))
      out.push_back({a, true, key_id_match(*a)});
    for (const Certificate& c : intermediates_)
      if (c.subject().matches(child.issuer()) && !roots_.contains(c))
        out.push_back({&c, false, key_id_match(c)});
    // RFC 5280 §4.2.1.1: the key identifier "facilitate[s] certification path
    // construction": try matching keys first, but keep the others.
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
      if (a.anchor != b.anchor) return a.anchor;
      return a.key_id_match && !b.key_id_match;
    });
    return out;
  }

  // RFC 5280 §6.1 loop avoidance: the same certificate, or the same subject
  // with the same key, may appear only once in a path.
  bool already_in_path(const Certificate& c) const {
    return std::any_of(path_.begin(), path_.end(), [&](const Certificate* p) {
      return same_bytes(p->der(), c.der()) ||
             (p->subject().matches(c.subject()) &&
              same_bytes(p->public_key().spki_der, c.public_key().spki_der));
    });
  }

  // RFC 5280 §6.1.4 (l): "If the certificate was not self-issued, verify that
  // max_path_length is greater than zero and decrement max_path_length by 1."
  // The intermediates the path would hold with `next` on top, self-issued ones
  // not counted (max_depth plays max_path_length's initial n).
  std::size_t counted_intermediates(const Certificate& next) const {
    std::size_t n = next.is_self_issued() ? 0 : 1;
    for (std::size_t i = 1; i < path_.size(); ++i)
      if (!path_[i]->is_self_issued()) ++n;
    return n;
  }

  // RFC 5280 §4.2.1.9: "the maximum number of non-self-issued intermediate
  // certificates that may follow this certificate in a valid certification
  // path ... The last certificate in the certification path is not an
  // intermediate certificate, and is not included in this limit."
  Check check_path_len(const Certificate& ca) const {
    const auto& bc = ca.extensions().basic_constraints;
    if (!bc || !bc->path_len) return std::nullopt;
    std::size_t below = 0;
    for (std::size_t i = 1; i < path_.size(); ++i)
      if (!path_[i]->is_self_issued()) ++below;
    if (below <= *bc->path_len) return std::nullopt;
    return problem(
        Step::basic_constraints, AlertDescription::bad_certificate,
        "RFC 5280 §4.2.1.9: pathLenConstraint exceeded: too many intermediate CAs below this CA",
        "shorten the chain, or have the parent CA reissue this CA with a larger pathlen");
  }

  // RFC 5280 §6.1.3 (b)/(c) and §6.1.4 (g): the CA's name constraints hold for
  // every certificate below it, except self-issued intermediates.
  bool check_name_constraints_below(std::size_t ca_index, const Certificate& ca) {
    const auto& nc = ca.extensions().name_constraints;
    if (!nc) return true;
    for (std::size_t i = 0; i < path_.size(); ++i) {
      const Certificate& below = *path_[i];
      if (i > 0 && below.is_self_issued()) continue;
      if (auto r = check_name_constraints(below, *nc, &nc_work_); !r) {
        if (nc_work_.exhausted()) {
          std::string advice = "the CA's ";
          advice.append(std::to_string(nc->permitted.size() + nc->excluded.size()))
              .append(" name constraint subtrees against the names below it would take more than ")
              .append(std::to_string(nc_work_.budget))
              .append(
                  " comparisons (VerifyOptions::name_constraint_budget): use a CA with fewer "
                  "subtrees, or certificates with fewer names");
          stop_search(ca_index, ca, Step::budget, r.error(), std::move(advice));
          return false;
        }
        log([&] {
          return trace::PathEvent{
              Step::name_constraints, ca_index, false, false, ca.subject_string(), r.error().rule,
              below.subject_string()};
        });
        reject(
            i, below,
            Problem{Step::name_constraints, r.error(),
                    "the CA above is only allowed to certify certain names: use names inside its "
                    "permitted subtrees (and outside its excluded ones), or a different CA"});
        return false;
      }
    }
    return true;
  }

  // Part 2: extend the partial path path_ (leaf ... child) by one issuer.
  bool extend() {
    const Certificate& child = *path_.back();
    const std::size_t child_index = path_.size() - 1;
    const auto candidates = candidates_for(child);
    log([&] {
      // The issuer name looked for, and how many certificates carry it.
      std::string detail = "\"";
      detail += child.issuer().to_string();
      detail += "\", ";
      detail += std::to_string(candidates.size());
      detail += " candidate(s)";
      return trace::PathEvent{
          Step::issuer_search,
          child_index,
          true,
          false,
          child.subject_string(),
          "RFC 5280 §6.1 (a): \"the subject of certificate x is the issuer of certificate x+1\"",
          std::move(detail)};
    });
    if (candidates.empty()) {
      reject(child_index, child,
             problem(Step::no_issuer, AlertDescription::unknown_ca,
                     "RFC 5280 §6.1: no trust anchor or intermediate has the subject named as this "
                     "certificate's issuer",
                     child_index == 0 && roots_.size() > 0 && intermediates_.empty()
                         ? "pass the intermediate CA certificates (--intermediates), or add the "
                           "issuing CA to the roots"
                         : "add the issuing CA certificate to the intermediates, or its root to "
                           "the trust store"));
      return false;
    }
    for (const Candidate& cand : candidates) {
      if (budget_exhausted_) return false;
      if (try_issuer(cand)) return true;
    }
    return false;
  }

  // Part 3: one step, child <- candidate issuer.
  bool try_issuer(const Candidate& cand) {
    const Certificate& child = *path_.back();
    const Certificate& issuer = *cand.cert;
    const std::size_t index = path_.size();
    log([&] {
      std::string key_id;
      if (issuer.extensions().subject_key_id)
        key_id = " (key id " + hex(*issuer.extensions().subject_key_id) +
                 (cand.key_id_match ? ", matches AKI)" : ")");
      return trace::PathEvent{
          Step::issuer_candidate,
          index,
          true,
          cand.anchor,
          issuer.subject_string(),
          "RFC 5280 §4.2.1.1: candidates whose key identifier matches come first",
          std::move(key_id)};
    });

    if (!cand.anchor && already_in_path(issuer)) {
      if (!spend_work(index, issuer)) return false;
      log(Step::loop, index, false, issuer,
          "RFC 5280 §6.1: \"A certificate MUST NOT appear more than once in a prospective "
          "certification path.\"");
      return false;
    }
    if (!cand.anchor && counted_intermediates(issuer) > options_.max_depth) {
      if (!spend_work(index, issuer)) return false;
      reject(
          index, issuer,
          problem(Step::depth, AlertDescription::bad_certificate,
                  "RFC 5280 §6.1.4 (l): the path would exceed the maximum number of intermediate "
                  "certificates (self-issued ones not counted)",
                  "use a shorter chain, or allow a larger depth (--max-depth)"));
      return false;
    }
    if (!spend_work(index, issuer)) return false;
    // RFC 5280 §6.1.3 (a)(1): "The signature on the certificate can be verified
    // using working_public_key_algorithm, the working_public_key, and the
    // working_public_key_parameters."
    if (auto r = child.verify_signed_by(issuer.public_key()); !r) {
      reject(index - 1, child,
             Problem{Step::signature, r.error(),
                     "the certificate was not signed by this issuer's key: find the CA certificate "
                     "that really issued it (same name, different key?)"});
      return false;
    }
    log(Step::signature, index, true, child,
        "RFC 5280 §6.1.3 (a)(1): the signature verifies with the issuer's key");
    if (auto p = check_ca(issuer, options_.purpose)) return reject(index, issuer, *p), false;
    if (auto p = check_certificate(issuer, options_)) return reject(index, issuer, *p), false;
    if (cand.anchor) {
      if (auto p = check_anchor(issuer, options_.profile)) return reject(index, issuer, *p), false;
    } else if (auto p = check_authority_key_id(issuer)) {
      return reject(index, issuer, *p), false;
    }
    if (auto p = check_path_len(issuer)) return reject(index, issuer, *p), false;
    if (!check_name_constraints_below(index, issuer)) return false;
    log(Step::ca_checks, index, true, issuer,
        "RFC 5280 §6.1.4: the issuer may certify the path below it");

    path_.push_back(&issuer);
    if (cand.anchor) {
      log(Step::anchor, index, true, issuer,
          "RFC 5280 §6.1 (b): \"certificate 1 is issued by the trust anchor\"");
      return true;
    }
    if (extend()) return true;
    path_.pop_back();
    log(Step::backtrack, index, false, issuer);
    return false;
  }

  std::span<const Certificate> intermediates_;
  const TrustStore& roots_;
  const VerifyOptions& options_;
  std::vector<const Certificate*> path_;
  std::size_t work_ = 0;  // signature checks and refused candidates (work_budget)
  NameConstraintWork nc_work_{options_.name_constraint_budget, 0};
  bool budget_exhausted_ = false;
  std::optional<Rejection> best_;
};

}  // namespace

std::string_view purpose_name(Purpose p) {
  switch (p) {
    case Purpose::server: return "server";
    case Purpose::client: return "client";
    case Purpose::any: return "any";
  }
  return "unknown";
}

std::string_view profile_name(ValidationProfile p) {
  switch (p) {
    case ValidationProfile::rfc5280: return "rfc5280";
    case ValidationProfile::webpki: return "webpki";
  }
  return "unknown";
}

std::string Rejection::explain() const {
  return "certificate #" + std::to_string(index) + " (" + subject +
         "): " + std::string(error.rule) + " — " + advice;
}

Result<VerifiedChain> verify_path(const Certificate& leaf,
                                  std::span<const Certificate> intermediates,
                                  const TrustStore& roots, const VerifyOptions& options,
                                  Rejection* why) {
  auto rejected = [&](Rejection r) -> Result<VerifiedChain> {
    Error e = r.error;
    if (why) *why = std::move(r);
    return e;
  };
  auto leaf_rejected = [&](const Problem& p) {
    if (options.sink)
      options.sink->on_event(
          trace::PathEvent{p.step, 0, false, false, leaf.subject_string(), p.error.rule, {}});
    return rejected(Rejection{0, leaf.subject_string(), p.error, std::string(p.advice)});
  };
  // Part 1: the leaf on its own.
  Check leaf_problem = check_certificate(leaf, options);
  if (!leaf_problem) leaf_problem = check_authority_key_id(leaf);
  if (!leaf_problem) leaf_problem = check_leaf(leaf, options);
  if (leaf_problem) return leaf_rejected(*leaf_problem);
  if (options.sink)
    options.sink->on_event(trace::PathEvent{trace::PathStep::leaf,
                                            0,
                                            true,
                                            false,
                                            leaf.subject_string(),
                                            "RFC 5280 §6.1.3, §4.2.1.12; RFC 9525 §6",
                                            {}});
  // Parts 2 and 3: build towards a trust anchor.
  PathBuilder builder(intermediates, roots, options);
  if (auto chain = builder.run(leaf)) {
    // Part 4: how the leaf's CA wrote it, now that the path proves who did.
    if (auto p = check_leaf_issuance(leaf, options)) return leaf_rejected(*p);
    return VerifiedChain(std::move(*chain));
  }
  if (builder.best_rejection()) return rejected(*builder.best_rejection());
  return rejected(Rejection{
      0, leaf.subject_string(),
      make_error(AlertDescription::unknown_ca, "RFC 5280 §6.1: no path to a trust anchor"),
      "add the issuing CA to the trust store"});
}

}  // namespace glasstls::x509
