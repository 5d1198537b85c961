// The demo's network: the client's and the server's bytes moved from one
// Connection to the other in memory, flight by flight. Taps see (and may
// change) each flight on its way: the pcapng capture, a staged failure's
// tampering — and the place for a step-through pause.
#pragma once

#include <cstdint>
#include <vector>

#include "handshake/connection.hpp"

namespace glasstls::tools {

// The bytes one side sent in one go.
struct Flight {
  bool from_client = true;
  std::vector<std::uint8_t> bytes;
};

class WireTap {
 public:
  virtual ~WireTap() = default;
  virtual void on_flight(Flight& flight) = 0;
};

class Wire {
 public:
  Wire(handshake::Connection& client, handshake::Connection& server)
      : client_(client), server_(server) {}
  void add_tap(WireTap* tap) { taps_.push_back(tap); }

  // What one side has to send, through the taps, to the other side (its
  // failure, if any, is in that side's error()). The flight as delivered;
  // empty when there was nothing to send.
  std::vector<std::uint8_t> send(bool from_client);
  // Flights both ways, client first, until neither side has anything to say.
  void exchange();

 private:
  handshake::Connection& client_;
  handshake::Connection& server_;
  std::vector<WireTap*> taps_;
};

}  // namespace glasstls::tools
