// One connection of `glasstls demo`: the client's and the server's Config
// from the plan and the cast, the sinks that watch it (the terminal view at
// the plan's level, the JSON trace, the key log, the capture), the handshake
// over the in-memory wire, the first application data record, and the
// --json/--html/--pcap files.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "handshake/connection.hpp"
#include "tools/demo_cast.hpp"
#include "tools/demo_options.hpp"
#include "tools/demo_wire.hpp"
#include "tools/tls_options.hpp"
#include "trace/json_export.hpp"
#include "trace/key_log.hpp"
#include "trace/pcapng_writer.hpp"

namespace glasstls::tools {

// The client's and the server's Config for `plan` (before any staged failure).
struct DemoConfigs {
  handshake::Config client;
  handshake::Config server;
  std::string server_name = std::string(kServerName);  // what the client dials
};
DemoConfigs make_configs(const DemoPlan& plan, const DemoCast& cast, crypto::Rng& rng,
                         x509::UnixTime now);

class DemoConnection {
 public:
  // `configs` are copied (with our sinks added) and must not change after.
  DemoConnection(const DemoOptions& options, const DemoPlan& plan, const DemoConfigs& configs,
                 x509::UnixTime now);
  DemoConnection(const DemoConnection&) = delete;
  DemoConnection& operator=(const DemoConnection&) = delete;

  // More sinks (client's, server's: either may be null) and taps, before handshake().
  void add_sinks(trace::TraceSink* client, trace::TraceSink* server);
  void add_tap(WireTap* tap) { wire_taps_.push_back(tap); }

  // The handshake, traced; true when both sides finished it.
  bool handshake();
  // After a handshake that worked: the client's request in the first
  // application data record, its bytes and the plaintext the server read,
  // the server's answer, then close_notify both ways.
  void application_data();
  // What went wrong, from both sides ("" when nothing did).
  std::string error_text() const;
  // "negotiated: TLS 1.3, ..." lines.
  void print_negotiated() const;
  // --json/--html/--pcap of this connection; `suffix` goes before each
  // file's extension ("-resumed": demo.json -> demo-resumed.json).
  void export_files(std::string_view suffix, std::string_view title);

  // The terminal views (client's, server's), whose level --step may change.
  std::vector<trace::IllustratedRenderer*> views() { return {&*client_view_, &*server_view_}; }

  const handshake::Connection& client() const { return *client_; }
  const handshake::Connection& server() const { return *server_; }

 private:
  const DemoOptions& options_;
  const DemoPlan& plan_;
  handshake::Config client_config_, server_config_;
  std::string server_name_;
  trace::JsonTrace json_;
  trace::KeyLogText keys_;
  std::optional<trace::IllustratedRenderer> client_view_, server_view_;
  TeeSink client_sink_, server_sink_;
  trace::TcpCapture capture_;
  std::unique_ptr<WireTap> capture_tap_;
  std::vector<WireTap*> wire_taps_;
  std::unique_ptr<handshake::Connection> client_, server_;
  std::unique_ptr<Wire> wire_;
};

}  // namespace glasstls::tools
