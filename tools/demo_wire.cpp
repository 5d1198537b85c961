#include "tools/demo_wire.hpp"

namespace glasstls::tools {

std::vector<std::uint8_t> Wire::send(bool from_client) {
  auto& from = from_client ? client_ : server_;
  auto& to = from_client ? server_ : client_;
  Flight flight{from_client, from.take_output()};
  if (flight.bytes.empty()) return {};
  for (auto* tap : taps_) tap->on_flight(flight);
  // A failure ends the receiving side with an alert, sent in the next round.
  (void)to.receive(flight.bytes);
  return std::move(flight.bytes);
}

void Wire::exchange() {
  // A handshake takes a few flights; a failure adds one alert.
  for (int round = 0; round < 16; ++round) {
    const bool client_sent = !send(true).empty();
    const bool server_sent = !send(false).empty();
    if (!client_sent && !server_sent) return;
  }
}

}  // namespace glasstls::tools
