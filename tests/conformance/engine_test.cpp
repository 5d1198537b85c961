// The conformance engine without a network: catalogues are refused unless
// every quote is in its RFC section; expectations match outcomes; the real
// catalogue loads.
#include <gtest/gtest.h>

#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"

namespace glasstls::conformance {
namespace {

std::string scenario(const std::string& rfc_line, const std::string& quote,
                     const std::string& extra = "") {
  return "id: test.one\ntitle: a test\ntags: tls13 negative\nrfc: " + rfc_line +
         "\nquote: " + quote + "\nrole: client\nbase: tls13\n" + extra +
         "expect: alert illegal_parameter\n";
}

const std::string kCompression =
    "If a TLS 1.3 ClientHello is received with any other value in this field, the server MUST "
    "abort the handshake with an \"illegal_parameter\" alert.";

TEST(ConformanceCatalogue, AQuoteFromTheRfcIsAccepted) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  ASSERT_TRUE(parse_catalogue(
      scenario("8446 4.1.2", kCompression, "mutation: ch_compression_methods 0001\n"), "t.scn",
      rfcs, out, problem))
      << problem;
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].section, "4.1.2");
  EXPECT_EQ(out[0].mutations.at(0).name, "ch_compression_methods");
  EXPECT_EQ(out[0].expect.describe(), "alert illegal_parameter");
}

TEST(ConformanceCatalogue, WhitespaceIsNormalisedAndQuotesMayContinue) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  // The RFC breaks this sentence over lines; the quote over two `+` lines.
  const std::string text =
      "id: a\ntitle: t\ntags: x\nrfc: 8446 4.1.2\nquote: If a TLS 1.3 ClientHello is received "
      "with any\n+   other value in this field,    the server MUST\n+ abort the handshake with an "
      "\"illegal_parameter\" alert.\nexpect: handshake\n";
  ASSERT_TRUE(parse_catalogue(text, "t.scn", rfcs, out, problem)) << problem;
  EXPECT_EQ(normalise_whitespace(out.at(0).quote), kCompression);
}

TEST(ConformanceCatalogue, AQuoteNotInTheRfcIsRefused) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  // One word changed: MAY for MUST.
  std::string changed = kCompression;
  changed.replace(changed.find("MUST"), 4, "MAY");
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", changed), "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("not in RFC 8446 §4.1.2"), std::string::npos) << problem;
  EXPECT_TRUE(out.empty());
}

TEST(ConformanceCatalogue, AQuoteFromAnotherSectionIsRefused) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  EXPECT_FALSE(parse_catalogue(scenario("8446 5.1", kCompression), "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("elsewhere in the RFC"), std::string::npos) << problem;
  EXPECT_FALSE(parse_catalogue(scenario("8446 99.1", kCompression), "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("no section 99.1"), std::string::npos) << problem;
  EXPECT_FALSE(parse_catalogue(scenario("9999 1", kCompression), "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("cannot read"), std::string::npos) << problem;
}

TEST(ConformanceCatalogue, UnknownMutationsAlertsAndKeysAreRefused) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "mutation: ch_frobnicate\n"),
                               "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("unknown mutation ch_frobnicate"), std::string::npos) << problem;
  EXPECT_FALSE(
      parse_catalogue(scenario("8446 4.1.2", kCompression, "mutation: ch_drop_extension\n"),
                      "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("wrong number of arguments"), std::string::npos) << problem;
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "mutation: msg_trailing 0g\n"),
                               "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("cannot read `0g`"), std::string::npos) << problem;
  // A mutation of our server's messages in a scenario where we are the client.
  EXPECT_FALSE(parse_catalogue(
      scenario("8446 4.1.2", kCompression, "mutation: ext_add server_hello 0x1234 -\n"), "t.scn",
      rfcs, out, problem));
  EXPECT_NE(problem.find("not for role client"), std::string::npos) << problem;
  // Our own (protected) handshake messages are changed in either role, but
  // what only a server sends only in the server role.
  EXPECT_TRUE(parse_catalogue(
      scenario("8446 4.1.2", kCompression, "mutation: hs_flip finished\n"), "t.scn", rfcs, out,
      problem))
      << problem;
  out.clear();
  EXPECT_FALSE(parse_catalogue(
      scenario("8446 4.1.2", kCompression, "mutation: hs_cipher_suite server_hello 0x1302\n"),
      "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("not for role client"), std::string::npos) << problem;
  // resume: yes, in the client role.
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "resume: maybe\n"), "t.scn",
                               rfcs, out, problem));
  EXPECT_NE(problem.find("resume: yes, in the client role"), std::string::npos) << problem;
  // client_auth is a server's policy, optional or required.
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "client_auth: sometimes\n"),
                               "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("client_auth"), std::string::npos) << problem;
  // Our client certificate: a known kind, against a server that asks for one;
  // our server certificate in the server role only.
  for (const char* settings :
       {"client_cert: valid\n", "client_auth: required\nclient_cert: forged\n"}) {
    EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, settings), "t.scn", rfcs, out,
                                 problem));
    EXPECT_NE(problem.find("client_cert"), std::string::npos) << problem;
  }
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "server_cert: expired\n"),
                               "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("server_cert"), std::string::npos) << problem;
  std::vector<Scenario> accepted;
  EXPECT_TRUE(parse_catalogue(
      scenario("8446 4.1.2", kCompression, "client_auth: required\nclient_cert: expired\n"),
      "t.scn", rfcs, accepted, problem))
      << problem;
  EXPECT_FALSE(parse_catalogue("id: a\ntitle: t\ntags: x\nrfc: 8446 4.1.2\nquote: " + kCompression +
                                   "\nexpect: alert no_such_alert\n",
                               "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("unknown alert no_such_alert"), std::string::npos) << problem;
  EXPECT_FALSE(parse_catalogue(scenario("8446 4.1.2", kCompression, "colour: blue\n"), "t.scn",
                               rfcs, out, problem));
  EXPECT_NE(problem.find("t.scn:8: unknown key `colour`"), std::string::npos) << problem;
  // The same id twice.
  const std::string one = scenario("8446 4.1.2", kCompression);
  EXPECT_FALSE(parse_catalogue(one + one, "t.scn", rfcs, out, problem));
  EXPECT_NE(problem.find("used twice"), std::string::npos) << problem;
  EXPECT_TRUE(out.empty());
}

TEST(ConformanceExpectation, MatchesOnlyWhatTheRfcAllows) {
  Expectation alert_set;
  alert_set.kind = Expectation::Kind::alert;
  alert_set.alerts = {50, 47};  // decode_error | illegal_parameter
  Outcome o;
  o.kind = Outcome::Kind::alert;
  o.alert = 47;
  EXPECT_TRUE(matches(alert_set, o));
  o.alert = 50;
  EXPECT_TRUE(matches(alert_set, o));
  o.alert = 40;  // handshake_failure: not in the set
  EXPECT_FALSE(matches(alert_set, o));
  o.kind = Outcome::Kind::closed;
  EXPECT_FALSE(matches(alert_set, o));
  o.kind = Outcome::Kind::handshake;
  EXPECT_FALSE(matches(alert_set, o));

  Expectation close;
  close.kind = Expectation::Kind::close;
  o.kind = Outcome::Kind::closed;
  EXPECT_TRUE(matches(close, o));
  o.kind = Outcome::Kind::alert;
  EXPECT_TRUE(matches(close, o));
  o.kind = Outcome::Kind::timeout;
  EXPECT_FALSE(matches(close, o));
  o.kind = Outcome::Kind::handshake;
  EXPECT_FALSE(matches(close, o));

  Expectation handshake;
  EXPECT_TRUE(matches(handshake, o));
  for (auto k : {Outcome::Kind::alert, Outcome::Kind::closed, Outcome::Kind::timeout,
                 Outcome::Kind::local_error, Outcome::Kind::connect_failed}) {
    o.kind = k;
    EXPECT_FALSE(matches(handshake, o));
  }
}

TEST(ConformanceReport, SummaryTableJsonJunit) {
  Scenario a, b, c;
  a.id = "a.pass";
  b.id = "b.fail";
  c.id = "c.skip";
  for (Scenario* s : {&a, &b, &c}) {
    s->rfc = "8446";
    s->section = "5.1";
    s->quote = "a \"quoted\" <sentence>";
  }
  b.expect.kind = Expectation::Kind::alert;
  b.expect.alerts = {22};
  std::vector<ScenarioResult> results(3);
  results[0] = {&a, Status::pass, "", {}, 0.1};
  results[1].scenario = &b;
  results[1].status = Status::fail;
  results[1].outcome.kind = Outcome::Kind::alert;
  results[1].outcome.alert = 50;
  results[2] = {&c, Status::skip, "for --role server", {}, 0};
  EXPECT_EQ(summary_line(results), "1 passed, 1 failed, 1 skipped");
  EXPECT_EQ(summary_line({results[0]}), "1 passed, 0 failed");
  const std::string table = report_table(results);
  EXPECT_NE(table.find("expected alert record_overflow, got alert decode_error"), std::string::npos)
      << table;
  EXPECT_NE(table.find("skipped: for --role server"), std::string::npos) << table;
  const std::string json = report_json(results, "peer");
  EXPECT_NE(json.find("\"quote\": \"a \\\"quoted\\\" <sentence>\""), std::string::npos) << json;
  const std::string junit = report_junit(results, "peer");
  EXPECT_NE(junit.find("tests=\"3\" failures=\"1\" skipped=\"1\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("a &quot;quoted&quot; &lt;sentence&gt;"), std::string::npos) << junit;
}

TEST(ConformanceCatalogue, TheCatalogueLoads) {
  RfcLibrary rfcs(default_rfc_dir());
  std::vector<Scenario> out;
  std::string problem;
  ASSERT_TRUE(load_catalogue(default_catalogue_dir(), rfcs, out, problem)) << problem;
  EXPECT_GE(out.size(), 40u);
  for (const auto& s : out) {
    EXPECT_TRUE(s.has_tag("tls13") || s.has_tag("tls12")) << s.id;
    EXPECT_TRUE(s.has_tag("positive") || s.has_tag("negative")) << s.id;
    EXPECT_EQ(s.has_tag("positive"), s.expect.kind == Expectation::Kind::handshake) << s.id;
  }
}

}  // namespace
}  // namespace glasstls::conformance
