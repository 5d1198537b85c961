// KeyLogText: a TraceSink that keeps the connection's secrets in the NSS key
// log format (SSLKEYLOGFILE), in memory: "<label> <client_random> <secret>"
// per line, lowercase hex. Wireshark reads this format from a file or from a
// pcapng Decryption Secrets Block (trace/pcapng_writer.hpp).
//
//   CLIENT_HANDSHAKE_TRAFFIC_SECRET 1b2c... 8a9b...    (TLS 1.3, RFC 8446 §7.1)
//   CLIENT_RANDOM 1b2c... 4f5e...                      (TLS 1.2: the master secret)
//
// It asks the connection for secrets (wants_secrets): a key log is a secret.
#pragma once

#include <string>
#include <variant>

#include "trace/events.hpp"
#include "trace/json_writer.hpp"

namespace glasstls::trace {

inline std::string key_log_line(const KeyLogEvent& e) {
  std::string line(e.label);
  line.append(" ").append(to_hex(e.client_random)).append(" ").append(to_hex(e.secret));
  line += '\n';
  return line;
}

class KeyLogText final : public TraceSink {
 public:
  void on_event(const Event& event) override {
    if (const auto* k = std::get_if<KeyLogEvent>(&event)) text_ += key_log_line(*k);
  }
  bool wants_secrets() const override { return true; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace glasstls::trace
