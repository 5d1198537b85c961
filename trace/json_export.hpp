// JsonTrace: a connection's trace as one JSON document, the stable export of
// docs/trace-format.md:
//
//   {"version":1,
//    "connection":{"version":"TLS 1.3","cipher_suite":"TLS_AES_128_GCM_SHA256",...},
//    "events":[
//   {"kind":"message","side":"client","direction":"sent","type":1,"name":"ClientHello",
//    "length":196,"bytes":"010000c4...","fields":[{"name":"msg_type","offset":0,"length":1,
//    "value":"client_hello (1)"},...]},
//   ...]}
//
// One JsonTrace records the events of one connection, from one side (a live
// `glasstls client`) or both (the in-process demo): each side's Config gets
// its own sink, client() or server(), and events are kept in the order they
// happened. Spans are valid only during on_event(), so each event is written
// out as JSON text when it arrives.
//
// Secrets (key schedule outputs, secret inputs, the NSS key log lines, the
// plaintext of application data) are written only when the JsonTrace was made
// with `secrets` (teaching mode) — even when the events carry them because
// another sink on the same connection (the key log) asked for them.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "trace/events.hpp"

namespace glasstls::trace {

enum class Side : std::uint8_t { client, server };
std::string_view side_name(Side s);  // "client", "server"

class JsonTrace {
 public:
  explicit JsonTrace(bool secrets = false)
      : secrets_(secrets), client_(*this, Side::client), server_(*this, Side::server) {}
  JsonTrace(const JsonTrace&) = delete;
  JsonTrace& operator=(const JsonTrace&) = delete;

  // The sinks to put in each side's Config (handshake::Config::trace).
  TraceSink& client() { return client_; }
  TraceSink& server() { return server_; }
  TraceSink& sink(Side side) { return side == Side::client ? client_ : server_; }

  // The "connection" object: the negotiated parameters, set by the caller
  // once the handshake is over (the trace layer cannot see a Connection).
  // Keys appear in the order they are set; setting a key again replaces it.
  void connection_string(std::string_view key, std::string_view value);
  void connection_number(std::string_view key, std::uint64_t value);
  void connection_bool(std::string_view key, bool value);
  void connection_strings(std::string_view key, const std::vector<std::string>& values);

  bool secrets() const { return secrets_; }
  std::size_t event_count() const { return events_.size(); }

  // The whole document, one event per line.
  std::string json() const;
  void write(std::ostream& out) const { out << json(); }

  // One event as a JSON object (what json() lists under "events").
  static std::string event_json(const Event& event, Side side, bool secrets);

 private:
  class SideSink final : public TraceSink {
   public:
    SideSink(JsonTrace& owner, Side side) : owner_(owner), side_(side) {}
    void on_event(const Event& event) override {
      // A key log line is nothing but a secret: kept out unless in teaching
      // mode, even when another sink made the connection send it.
      if (std::holds_alternative<KeyLogEvent>(event) && !owner_.secrets_) return;
      owner_.events_.push_back(event_json(event, side_, owner_.secrets_));
    }
    bool wants_secrets() const override { return owner_.secrets_; }

   private:
    JsonTrace& owner_;
    Side side_;
  };

  void set(std::string_view key, std::string json_value);

  bool secrets_;
  SideSink client_;
  SideSink server_;
  std::vector<std::pair<std::string, std::string>> connection_;  // key, JSON value
  std::vector<std::string> events_;
};

}  // namespace glasstls::trace
