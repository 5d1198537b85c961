// IllustratedRenderer: the terminal's "illustrated" view of a connection
// (`glasstls demo --trace LEVEL`, issue 13 item 1), one sink per side.
//
//   summary  a line per message (and per alert)
//   fields   + each message field by field (offset, length, name, value, its
//            meaning in one line and RFC section); the key schedule as a
//            derivation tree; the transcript hash where it is used; the
//            CertificateVerify signed content; the Finished computation; each
//            state transition, negotiation decision and path decision
//   bytes    + the hex of every field and of every record header
//   secrets  + the keys and secrets themselves, after a warning line
//
//   client -> ClientHello  199 bytes  (RFC 8446 §4.1.2)
//     0000  01                      msg_type = ClientHello  which handshake message ...
//     0006  19 e5 dd 5d 9e 33 ...   random = 19e5...  32 fresh random bytes ... (RFC 8446 §4.1.2)
//   client key  client_handshake_traffic_secret = Derive-Secret(Handshake Secret,
//               "tls13 c hs traffic", Transcript-Hash(ClientHello..ServerHello))
//
// Colour (ANSI) only when asked: the caller knows whether its output is a
// terminal (the trace library depends on the C++ standard library only).
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "trace/events.hpp"

namespace glasstls::trace {

enum class TraceLevel : std::uint8_t { summary, fields, bytes, secrets };
// "summary", "fields", "bytes", "secrets"; nullopt for anything else.
std::optional<TraceLevel> parse_trace_level(std::string_view name);

class IllustratedRenderer final : public TraceSink {
 public:
  // `side` ("client", "server") starts each event's first line.
  IllustratedRenderer(std::ostream& out, TraceLevel level, bool colour, std::string_view side);

  void on_event(const Event& event) override;
  bool wants_secrets() const override { return level_ == TraceLevel::secrets; }
  // The level can change between events (glasstls demo --step: s and x).
  TraceLevel level() const { return level_; }
  void set_level(TraceLevel level) { level_ = level; }

  // The warning printed before any secret (once per renderer).
  static constexpr std::string_view kSecretsWarning =
      "WARNING: secrets level: the keys below decrypt this connection; do not share this output";

 private:
  struct Derived {
    std::string name;
    std::size_t depth = 0;
  };

  void message(const MessageEvent& e);
  void record(const RecordEvent& e);
  void key(const KeyEvent& e);
  void line(std::string_view kind, const std::string& text);
  std::string paint(std::string_view code, std::string_view text) const;
  bool at_least(TraceLevel l) const { return level_ >= l; }

  std::ostream& out_;
  TraceLevel level_;
  bool colour_;
  std::string side_;
  bool warned_ = false;
  std::vector<Derived> derived_;                   // the key schedule so far
  std::vector<std::vector<std::uint8_t>> values_;  // their values, when known
};

}  // namespace glasstls::trace
