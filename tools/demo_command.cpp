// `glasstls demo [OPTIONS]` and `glasstls demo pki [--seed N] [--out DIR]`:
// the options and which story they start.
//
//   glasstls demo       the whole story in one process: who is who (the PKI,
//                       briefly), a TLS 1.3 handshake with mutual TLS field by
//                       field, the first application data record
//                       (tools/demo_story.cpp); the options vary the
//                       connection, stage a failure (--fail) and export it
//                       (--json, --html, --pcap)
//   glasstls demo --compare  TLS 1.2 and TLS 1.3 side by side
//                       (tools/demo_compare.cpp)
//   glasstls demo pki   the PKI story step by step (tools/demo_pki.cpp)
//
// docs/demo.md describes every option and failure.
#include <memory>

#include "tools/commands.hpp"
#include "tools/demo_compare.hpp"
#include "tools/demo_options.hpp"
#include "tools/demo_pki.hpp"
#include "tools/demo_story.hpp"

namespace glasstls::tools {
namespace {

// --seed and --out, which `demo` and `demo pki` both take.
void add_seed_and_out(CLI::App& cmd, DemoOptions& o) {
  cmd.add_option("--seed", o.seed, "Make every byte reproducible (fixed clock, seeded keys)");
  cmd.add_option("--out", o.out_dir,
                 "Write every key, request and certificate into this directory");
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "demo",
      "One TLS connection explained, in memory: the PKI, the handshake field by field, the "
      "first encrypted record; variations and failures (docs/demo.md)");
  auto a = std::make_shared<DemoOptions>();
  add_seed_and_out(*cmd, *a);
  cmd->add_option("--tls", a->tls, "The version: 1.3 (default) or 1.2")
      ->check(CLI::IsMember({"1.3", "1.2"}));
  cmd->add_flag("--mtls,!--no-mtls", a->mtls,
                "Mutual TLS: the server asks for the client's certificate (default), or not");
  cmd->add_option("--group", a->group, "The key exchange group the client offers")
      ->check(CLI::IsMember({"x25519", "secp256r1", "secp384r1"}));
  cmd->add_option("--suite", a->suite, "The one cipher suite the client offers (IANA name)");
  cmd->add_option("--sig", a->sig,
                  "The signature scheme both sides sign with (ecdsa_secp256r1_sha256, "
                  "ecdsa_secp384r1_sha384, ed25519, rsa_pss_rsae_sha256, ...; rsa_pkcs1_* in "
                  "TLS 1.2); the identities get keys of that kind");
  cmd->add_flag("--hrr", a->hrr,
                "The client's first key share is for another group than the server's: a "
                "HelloRetryRequest (TLS 1.3)");
  cmd->add_flag("--resume", a->resume,
                "A second connection resumes the first one's session (ticket)");
  cmd->add_flag("--rsa-kx", a->rsa_kx,
                "TLS 1.2 RSA key transport: the client encrypts the premaster secret to the "
                "server's RSA key");
  std::string fails;
  for (const char* n : kFailureNames) fails.append(fails.empty() ? "" : ", ").append(n);
  cmd->add_option("--fail", a->fail, "Stage a failure and explain it: " + fails);
  cmd->add_option("--trace", a->trace_level,
                  "How much of the handshake to show: summary (a line per message), fields "
                  "(default), bytes (+ hex) or secrets (+ keys)")
      ->check(CLI::IsMember({"summary", "fields", "bytes", "secrets"}));
  cmd->add_option("--json", a->json_file,
                  "Write the connection's events as JSON (docs/trace-format.md)");
  cmd->add_option("--html", a->html_file,
                  "Draw the connection as one self-contained HTML page (timeline, annotated "
                  "bytes, key schedule, chains)");
  cmd->add_option("--pcap", a->pcap_file,
                  "Write the connection as a pcapng capture with its keys (Wireshark opens it "
                  "decrypted)");
  cmd->add_flag("--step{message}", a->step,
                "Pause after each handshake message (--step=event: after each event); Enter: "
                "next, c: to the end of the flight, s: secrets, x: hex, ?: help, q: quit")
      ->check(CLI::IsMember({"message", "event"}));
  cmd->add_flag("--compare", a->compare,
                "A TLS 1.2 and a TLS 1.3 handshake of the same identities side by side, aligned "
                "by purpose: round trips, sizes, what each sends in the clear (--html: as a page)");
  cmd->add_flag("--secrets", a->secrets,
                "Put the keys and secrets into the --json and --html files too (teaching mode)");

  auto* pki = cmd->add_subcommand(
      "pki",
      "The PKI behind TLS, step by step: CAs, CSRs, key and trust stores, chain checks and the "
      "usual failures");
  auto p = std::make_shared<DemoOptions>();
  add_seed_and_out(*pki, *p);
  pki->callback([&exit_code, p] { exit_code = run_pki_story(p->seed, p->out_dir); });
  cmd->callback([&exit_code, a, pki] {
    if (pki->parsed()) return;
    exit_code = a->compare ? run_compare(*a) : run_demo(*a);
  });
}

}  // namespace glasstls::tools
