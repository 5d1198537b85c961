// TextRenderer: the one-line-per-event view of a connection (`--trace`).
//
//   -> record handshake 0x0301 len=196
//   -> ClientHello (196 bytes, 27 fields)
//   state client START --send ClientHello--> WAIT_SH
//   key Derive-Secret "c hs traffic" -> client_handshake_traffic_secret (redacted)
//
// The rich renderers (annotated hex, key schedule tree, step-through) are
// built on the same events; this one is for logs and quick looks. With
// `fields` set, each message's field tree follows it, indented.
#pragma once

#include <ostream>

#include "trace/events.hpp"

namespace glasstls::trace {

class TextRenderer final : public TraceSink {
 public:
  explicit TextRenderer(std::ostream& out, bool fields = false, bool secrets = false)
      : out_(out), fields_(fields), secrets_(secrets) {}

  void on_event(const Event& event) override;
  bool wants_secrets() const override { return secrets_; }

 private:
  std::ostream& out_;
  bool fields_;
  bool secrets_;
};

// One line for one event (without the field tree). Secret values appear only
// with `secrets` (teaching mode), even when the event carries them because
// another sink (the key log) asked for them.
std::string describe(const Event& event, bool secrets = false);
// A path-building step in words, without the depth and the verdict:
// "trying intermediate CN=Example CA (key id 0a1b..., matches AKI)",
// "RFC 5280 §6.1.3 (a)(2): the certificate has expired (after notAfter)".
std::string describe_path_step(const PathEvent& event);

}  // namespace glasstls::trace
