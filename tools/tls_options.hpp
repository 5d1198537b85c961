// What `glasstls client` and `glasstls server` share: the options both take
// (--tls, --groups, --suites, --alpn, --keylog, --trace, --step) and what they
// set, the lists' parsing, the identity and trust files, and the trace sinks.
#pragma once

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "handshake/config.hpp"
#include "handshake/connection.hpp"
#include "tools/step_through.hpp"
#include "trace/illustrated_renderer.hpp"
#include "trace/text_renderer.hpp"

namespace glasstls::tools {

// The options both commands take, with the same meaning on both.
struct TlsArgs {
  std::string tls = "any", groups, suites, alpn, keylog;
  std::string step;  // --step: "message" or "event"; "" no pauses
  bool trace = false;
};
// Declares them on `cmd`; the help says what each means for `side`.
void add_tls_options(CLI::App& cmd, TlsArgs& a, handshake::Role side);
// --tls, --groups, --suites and --alpn into `config` (versions, groups,
// cipher_suites, alpn); false with `problem` for a name it does not know.
bool apply_tls_lists(const TlsArgs& a, handshake::Config& config, std::string& problem);

// "x25519,P-256,secp384r1" -> code points; false with `problem` for an unknown name.
bool parse_groups(const std::string& text, std::vector<std::uint16_t>& out, std::string& problem);
// "TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256" (or 0x1301,...).
bool parse_suites(const std::string& text, std::vector<std::uint16_t>& out, std::string& problem);
// "1.3", "1.2" or "any" (both; TLS 1.3 preferred).
bool parse_versions(const std::string& text, std::vector<std::uint16_t>& out, std::string& problem);
// "h2,http/1.1"
std::vector<std::string> split_list(const std::string& text);

// A key store from a certificate chain file and a private key file.
bool load_identity(const std::string& cert_path, const std::string& key_path,
                   std::shared_ptr<const x509::KeyStore>& out, std::string& problem);
// A trust store from a file or a directory of files.
bool load_trust(const std::string& path, x509::TrustStore& out, std::string& problem);

// The NSS key log format (SSLKEYLOGFILE) that Wireshark reads:
// "<label> <client_random hex> <secret hex>" per line.
class KeyLogSink final : public trace::TraceSink {
 public:
  explicit KeyLogSink(const std::string& path) : out_(path, std::ios::app) {}
  bool ok() const { return out_.good(); }
  void on_event(const trace::Event& event) override;
  bool wants_secrets() const override { return true; }

 private:
  std::ofstream out_;
};

// Several sinks as one.
class TeeSink final : public trace::TraceSink {
 public:
  void add(trace::TraceSink* sink) {
    if (sink) sinks_.push_back(sink);
  }
  void on_event(const trace::Event& event) override {
    for (auto* s : sinks_) s->on_event(event);
  }
  bool wants_secrets() const override {
    for (auto* s : sinks_) {
      if (s->wants_secrets()) return true;
    }
    return false;
  }
  bool empty() const { return sinks_.empty(); }

 private:
  std::vector<trace::TraceSink*> sinks_;
};

// The sinks a command asked for (--trace to stderr, --keylog or
// SSLKEYLOGFILE, --step), owned here; sink() is null when none was asked for.
class Sinks {
 public:
  // `side`: "client" or "server", the view --step draws.
  bool open(const TlsArgs& a, std::string_view side, std::string& problem);
  trace::TraceSink* sink() { return tee_.empty() ? nullptr : &tee_; }

 private:
  // --step[=event] on a live connection (tools/step_through.hpp): our side's
  // illustrated view on stderr, at level `fields` (colour on a terminal), and
  // a pause after each message (or event). The keys come from the terminal,
  // /dev/tty, because stdin may carry the application data; q exits 0. Opened
  // last, so the pause comes after everything else has printed the event.
  bool open_step(std::string_view unit, std::string_view side, std::string& problem);

  std::unique_ptr<trace::TextRenderer> text_;
  std::unique_ptr<KeyLogSink> keylog_;
  std::ifstream tty_;
  std::unique_ptr<trace::IllustratedRenderer> view_;
  std::unique_ptr<StepThrough> step_;
  TeeSink tee_;
};

}  // namespace glasstls::tools
