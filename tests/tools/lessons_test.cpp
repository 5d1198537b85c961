// tools/lessons.hpp on errors made by hand: the refusals are told apart by
// the identity of their rule (the same words elsewhere do not count), each
// alert a side sends or receives gives the problem its lesson is about, and
// the lesson names both RFCs while no version is chosen. The demo's staged
// failures (demo_variants_test) and live connections (lessons_live_test.sh)
// cover the certificate cases end to end.
#include "tools/lessons.hpp"

#include <gtest/gtest.h>

#include <string>

#include "handshake/codepoints.hpp"
#include "handshake/refusals.hpp"

namespace glasstls::test {
namespace {

using AD = AlertDescription;
using handshake::Refusal;
using handshake::Role;
using tools::Problem;

constexpr Refusal kRefusals[] = {
    Refusal::no_common_suite,       Refusal::no_common_group, Refusal::no_common_signature_scheme,
    Refusal::no_client_certificate, Refusal::bad_signature,   Refusal::bad_finished};

TEST(Refusals, AreKnownByTheirRuleNotItsWords) {
  for (const Refusal r : kRefusals) {
    for (const std::uint16_t v : {handshake::kTls13, handshake::kTls12}) {
      const Error e = handshake::refusal_error(r, v);
      ASSERT_EQ(handshake::refusal_of(e), r) << e.describe();
      EXPECT_EQ(handshake::refusal_of(e.with_found(7)), r) << "a detail keeps the identity";
      const std::string same_words(e.rule);
      EXPECT_EQ(handshake::refusal_of(make_error(e.alert, same_words)), std::nullopt)
          << "the same words from elsewhere: " << same_words;
    }
  }
  EXPECT_NE(handshake::refusal_error(Refusal::no_common_suite, handshake::kTls13).rule,
            handshake::refusal_error(Refusal::no_common_suite, handshake::kTls12).rule);
}

tools::Diagnosis diagnosed(Error e, ErrorOrigin origin, Role side) {
  e.origin = origin;
  tools::FailedConnection f;
  f.error = e;
  f.side = side;
  return tools::diagnose(f);
}

TEST(Diagnose, OurRefusalsNameTheListWithNothingInCommon) {
  const auto ours = [](Refusal r) {
    return diagnosed(handshake::refusal_error(r, handshake::kTls12), ErrorOrigin::local,
                     Role::server);
  };
  EXPECT_EQ(ours(Refusal::no_common_suite).problem, Problem::no_common_suite);
  EXPECT_EQ(ours(Refusal::no_common_group).problem, Problem::no_common_group);
  EXPECT_EQ(ours(Refusal::no_common_signature_scheme).problem, Problem::no_common_signature_scheme);
  const auto no_cert = ours(Refusal::no_client_certificate);
  EXPECT_EQ(no_cert.problem, Problem::no_client_certificate);
  EXPECT_TRUE(no_cert.client_certificate);
  EXPECT_FALSE(no_cert.peer_decided);
  EXPECT_EQ(ours(Refusal::bad_finished).problem, Problem::bad_finished);
  EXPECT_EQ(diagnosed(handshake::refusal_error(Refusal::bad_signature, handshake::kTls13),
                      ErrorOrigin::local, Role::client)
                .problem,
            Problem::wrong_key);
  // Another handshake_failure (RFC 7627 §5.3) is not a list with nothing in common.
  EXPECT_EQ(diagnosed(make_error(AD::handshake_failure, "RFC 7627 §5.3: ..."), ErrorOrigin::local,
                      Role::server)
                .problem,
            Problem::other);
}

TEST(Diagnose, AReceivedAlertSaysWhatThePeerProbablyObjectedTo) {
  const auto theirs = [](AD a, Role side) {
    return diagnosed(make_error(a, "RFC 8446 §6.2: the peer ended the connection with this alert"),
                     ErrorOrigin::peer, side);
  };
  const auto failure = theirs(AD::handshake_failure, Role::client);
  EXPECT_TRUE(failure.peer_decided);
  EXPECT_EQ(failure.problem, Problem::no_agreement) << "the alert does not say which list";
  EXPECT_EQ(theirs(AD::decrypt_error, Role::server).problem, Problem::proof_rejected);
  EXPECT_EQ(theirs(AD::protocol_version, Role::client).problem, Problem::no_common_version);
  EXPECT_EQ(theirs(AD::bad_record_mac, Role::server).problem, Problem::records_do_not_open);
  // A certificate alert is about our certificate: the client's when we are it.
  const auto untrusted = theirs(AD::unknown_ca, Role::client);
  EXPECT_EQ(untrusted.problem, Problem::unknown_ca);
  EXPECT_TRUE(untrusted.client_certificate);
  EXPECT_EQ(tools::diagnosis_name(untrusted), "client certificate rejected: unknown CA");
  EXPECT_FALSE(theirs(AD::unknown_ca, Role::server).client_certificate);
  // Without a chain of ours to look at, certificate_expired reads as expired.
  EXPECT_EQ(theirs(AD::certificate_expired, Role::server).problem, Problem::expired);
}

TEST(Lesson, NamesWhoDecidedTheRuleWhereAndTheFix) {
  const auto d = diagnosed(make_error(AD::protocol_version, "RFC 8446 §4.2.1: ..."),
                           ErrorOrigin::local, Role::server);
  const auto l = tools::lesson(d, {Role::server, 0, false});
  EXPECT_NE(l.who.find("the server (this side) decided: no shared protocol version"),
            std::string::npos)
      << l.who;
  EXPECT_NE(l.who.find("protocol_version (70)"), std::string::npos) << l.who;
  EXPECT_NE(l.where.find("RFC 8446 §6.2, RFC 5246 §7.2.2"), std::string::npos)
      << "no version chosen yet: both RFCs\n"
      << l.where;
  EXPECT_NE(l.fix.find("--tls any"), std::string::npos) << l.fix;

  const auto peer = diagnosed(make_error(AD::certificate_required, "RFC 8446 §6.2: ..."),
                              ErrorOrigin::peer, Role::client);
  const auto pl = tools::lesson(peer, {Role::client, handshake::kTls13, false});
  EXPECT_NE(pl.who.find("the server decided, and sent the alert certificate_required (116)"),
            std::string::npos)
      << pl.who;
  // RFC 8446 §6.2, verbatim.
  EXPECT_NE(pl.who.find("\"Sent by servers when a client certificate is desired but none was "
                        "provided by the client.\""),
            std::string::npos)
      << pl.who;
  EXPECT_NE(pl.fix.find("--cert client-chain.pem --key client.key"), std::string::npos);
}

TEST(Lesson, APeersCertificateCheckIsNotGivenAProfileItDidNotName) {
  const auto seen = [](AD a, Role side, ErrorOrigin origin) {
    const auto d = diagnosed(make_error(a, "RFC 8446 §6.2: ..."), origin, side);
    return tools::lesson(d, {side, handshake::kTls13, false}).profile;
  };
  // The server reads the client's refusal of its certificate: the client may
  // have checked with webpki or rfc5280, and its alert does not say which.
  for (const AD a : {AD::unknown_ca, AD::bad_certificate, AD::certificate_expired}) {
    const std::string server_view = seen(a, Role::server, ErrorOrigin::peer);
    EXPECT_NE(server_view.find("the client's, which its alert does not name"), std::string::npos)
        << server_view;
    EXPECT_EQ(server_view.find("same in rfc5280"), std::string::npos) << server_view;
    EXPECT_EQ(server_view.find("webpki, as"), std::string::npos) << server_view;
  }
  // The client reads the server's refusal of its client certificate.
  const std::string client_view = seen(AD::unknown_ca, Role::client, ErrorOrigin::peer);
  EXPECT_NE(client_view.find("the server's, which its alert does not name"), std::string::npos)
      << client_view;
  // The side that checked names the profile its role applies.
  EXPECT_EQ(
      seen(AD::unknown_ca, Role::client, ErrorOrigin::local).rfind("webpki, as a TLS client", 0),
      0u);
  EXPECT_EQ(seen(AD::unknown_ca, Role::server, ErrorOrigin::local).rfind("rfc5280, as a server", 0),
            0u);
}

TEST(Lesson, EveryProblemHasOneOnEitherSideInEitherVersion) {
  for (int p = 0; p <= static_cast<int>(Problem::other); ++p) {
    for (const bool peer : {false, true}) {
      for (const bool client_certificate : {false, true}) {
        tools::Diagnosis d;
        d.problem = static_cast<Problem>(p);
        d.alert = AD::handshake_failure;
        d.peer_decided = peer;
        d.client_certificate = client_certificate;
        for (const Role side : {Role::client, Role::server}) {
          for (const std::uint16_t v : {std::uint16_t{0}, handshake::kTls12, handshake::kTls13}) {
            const auto l = tools::lesson(d, {side, v, false});
            const std::string at = std::string(tools::problem_name(d.problem)) + " " +
                                   std::to_string(v) + (peer ? " peer" : " ours");
            EXPECT_NE(l.who.find(peer ? "decided, and sent" : "(this side) decided"),
                      std::string::npos)
                << at << ": " << l.who;
            EXPECT_FALSE(l.rule.empty()) << at;
            EXPECT_NE(l.where.find("RFC"), std::string::npos) << at << ": " << l.where;
            EXPECT_FALSE(l.fix.empty()) << at;
          }
        }
      }
    }
  }
}

TEST(Lesson, FormatsOneFieldPerLabelIndentedUnderIt) {
  const tools::Lesson l{"who", "rule line 1\nrule line 2", "RFC 1 §2", "", "fix"};
  EXPECT_EQ(tools::format_lesson(l),
            "  why:     who\n"
            "  rule:    rule line 1\n"
            "           rule line 2\n"
            "  where:   RFC 1 §2\n"
            "  fix:     fix\n");
}

}  // namespace
}  // namespace glasstls::test
