// `glasstls demo`: the whole story in one process, no network, no files.
//
//   1. who is who: the PKI in a few lines (tools/demo_cast.cpp; step by step
//      in `glasstls demo pki`);
//   2. the handshake between the client and the server in memory, traced
//      (TLS 1.3 with mutual TLS at the `fields` level unless the options say
//      otherwise; tools/demo_handshake.cpp);
//   3. the first application data record, its bytes and its plaintext;
//   --resume: a second connection that resumes the first one's session;
//   --fail: a staged failure instead of 3, and its lesson
//      (tools/demo_failures.cpp).
#include "tools/demo_story.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "handshake/codepoints.hpp"
#include "tools/demo_cast.hpp"
#include "tools/demo_failures.hpp"
#include "tools/demo_handshake.hpp"
#include "tools/step_through.hpp"

namespace glasstls::tools {

namespace {

class Story {
 public:
  Story(const DemoOptions& options, const DemoPlan& plan, crypto::Rng& rng, x509::UnixTime now)
      : options_(options), plan_(plan), rng_(rng), now_(now) {}

  void run(DemoFiles& files);

 private:
  void heading(std::string_view title) { fmt::print("\n== {}. {}\n", ++step_, title); }
  // --step: pauses in this connection's trace (last of its sinks and taps).
  void attach_step(DemoConnection& connection) {
    if (!step_through_) return;
    connection.add_sinks(&*step_through_, &*step_through_);
    connection.add_tap(&*step_through_);
    step_through_->set_views(connection.views());
  }
  std::string what() const;
  bool traced_handshake(DemoConnection& connection, std::string_view who);

  const DemoOptions& options_;
  const DemoPlan& plan_;
  crypto::Rng& rng_;
  x509::UnixTime now_;
  int step_ = 0;
  std::optional<StepThrough> step_through_;
};

// "TLS 1.3 with mutual TLS"
std::string Story::what() const {
  std::string text = plan_.version == handshake::kTls13 ? "TLS 1.3" : "TLS 1.2";
  text += plan_.mtls ? " with mutual TLS" : " (only the server proves who it is)";
  if (plan_.rsa_kx) text += ", RSA key transport";
  if (plan_.hrr) text += ", HelloRetryRequest";
  return text;
}

bool Story::traced_handshake(DemoConnection& connection, std::string_view who) {
  if (!who.empty()) fmt::print("   {}\n", who);
  switch (plan_.level) {
    case trace::TraceLevel::summary:
      fmt::print(
          "   A line per message: the side that saw it, -> sent or <- received, its size\n"
          "   and its RFC section (--trace fields shows each field).\n\n");
      break;
    case trace::TraceLevel::fields:
    case trace::TraceLevel::bytes:
    case trace::TraceLevel::secrets:
      fmt::print(
          "   Each line starts with the side that saw the event: -> a message it sent, <- one it\n"
          "   received (so each message shows twice), then each field: its offset in the message\n"
          "   (hex), [offset+length], its value, what it means and its RFC section; key lines\n"
          "   are the key schedule, one derivation each (docs/trace.md tells how to read it "
          "all).\n\n");
      break;
  }
  return connection.handshake();
}

void Story::run(DemoFiles& files) {
  fmt::print("GlassTLS demo: one connection, {}, explained\n", what());
  if (options_.seed) {
    fmt::print(
        "(--seed {}: every key, random and signature below is reproducible, and the clock\n"
        " is fixed at {}. Seeded keys are for learning only.)\n",
        *options_.seed, x509::format_time(now_));
  } else {
    fmt::print("(keys from the operating system's random generator; the time is now, {})\n",
               x509::format_time(now_));
  }
  fmt::print(
      "A client (alice) and a server (www.example.test) run in this one process and talk\n"
      "through memory: no network, no files. glasstls demo --help lists the variations\n"
      "(TLS 1.2, groups, suites, signatures, HelloRetryRequest, resumption, RSA key transport,\n"
      "and --fail SCENARIO for the failures everyone meets).\n");

  if (!options_.step.empty()) {
    step_through_.emplace(
        std::cin, std::cout,
        options_.step == "event" ? StepThrough::Unit::event : StepThrough::Unit::message, [] {
          std::cout.flush();
          std::fflush(stdout);
          std::exit(0);
        });
    fmt::print("--step: the demo pauses after each {}.\n{}\n",
               options_.step == "event" ? "event" : "handshake message", StepThrough::kHelp);
  }

  heading("Who is who (step by step: glasstls demo pki)");
  DemoCast cast = make_cast(plan_, rng_, now_, files);
  print_cast(cast, plan_);

  DemoConfigs configs = make_configs(plan_, cast, rng_, now_);
  std::optional<StagedFailure> failure;
  heading("The handshake: " + what());
  if (plan_.failure != Failure::none) failure.emplace(plan_, cast, configs, rng_, now_);
  DemoConnection first(options_, plan_, configs, now_);
  if (failure) failure->attach(first);
  attach_step(first);
  const bool ok =
      traced_handshake(first, plan_.resume ? "The first connection: a full handshake." : "");
  if (failure) {
    if (ok)
      demo_fail(std::string("--fail ")
                    .append(failure_name(plan_.failure))
                    .append(": the handshake worked"));
    heading(std::string("What went wrong (--fail ").append(failure_name(plan_.failure)) + ")");
    failure->explain(first);
    first.export_files("",
                       "TLS handshake failing: --fail " + std::string(failure_name(plan_.failure)));
  } else {
    if (!ok) demo_fail("the handshake failed: " + first.error_text());
    first.print_negotiated();
    heading("The first application data record");
    first.application_data();
    first.export_files("", what() + ", www.example.test and alice");
  }

  if (plan_.resume) {
    heading("The second connection resumes the first one's session");
    fmt::print(
        "   The client kept what the server sent it after the first handshake ({}); it offers\n"
        "   it in its new ClientHello, and the server, which can open it, skips the "
        "certificates.\n",
        plan_.version == handshake::kTls13
            ? "a NewSessionTicket: RFC 8446 §4.6.1, §2.2"
            : "a session ticket: RFC 5077 §3.1; RFC 5246 §7.3's abbreviated handshake");
    DemoConnection second(options_, plan_, configs, now_);
    attach_step(second);
    if (!traced_handshake(second, "The second connection:"))
      demo_fail("the resumed handshake failed: " + second.error_text());
    second.print_negotiated();
    if (!second.client().negotiated().resumed) demo_fail("the second connection did not resume");
    second.export_files("-resumed", what() + ", resumed");
  }

  fmt::print(
      "\nDone, all in memory. The PKI step by step: glasstls demo pki. How to read the trace:\n"
      "docs/trace.md; every option and failure: docs/demo.md.\n");
  files.print_summary(options_.seed ? std::optional<x509::UnixTime>(now_) : std::nullopt);
}

}  // namespace

int run_demo(const DemoOptions& options) {
  DemoStart start(options);
  std::string problem;
  if (!start.prepare(problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  Story(options, start.plan, start.rng(), start.now).run(start.files);
  return 0;
}

}  // namespace glasstls::tools
