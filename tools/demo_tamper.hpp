// Changing a handshake message inside a flight, for the failures
// `glasstls demo --fail` stages: a Certificate swapped by an impostor server
// (it holds its own handshake keys), a Finished altered on the way (the demo
// holds both sides' keys, as a key log would give them). Records in the clear
// are framed again; protected ones are opened and sealed again with the
// sender's keys (RFC 8446 §5.2, §7.3; RFC 5246 §6.2.3.3, §6.3), so the
// receiver sees a well-formed flight whose content is wrong.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tools/demo_wire.hpp"
#include "trace/events.hpp"

namespace glasstls::tools {

// The secrets a side reports (the NSS key log) and the randoms and suite of
// its handshake: what it takes to seal that side's records again.
class KeyWitness final : public trace::TraceSink {
 public:
  bool wants_secrets() const override { return true; }
  void on_event(const trace::Event& event) override;

  std::map<std::string, std::vector<std::uint8_t>> secrets;  // by key log label
  std::vector<std::uint8_t> client_random, server_random;
  std::uint16_t version = 0;  // the connection's (set by the owner)
  std::uint16_t suite = 0;    // from the (last) ServerHello
};

// A tap that applies `edit` to the first message of type `message_type` in a
// flight from the client (or the server), sealed again with the keys `keys`
// witnessed on the sending side.
class MessageEditor final : public WireTap {
 public:
  using Edit = std::function<void(std::vector<std::uint8_t>& message)>;
  MessageEditor(bool from_client, std::uint8_t message_type, const KeyWitness& keys, Edit edit)
      : from_client_(from_client), type_(message_type), keys_(keys), edit_(std::move(edit)) {}
  void on_flight(Flight& flight) override;
  bool done() const { return done_; }

 private:
  bool from_client_;
  std::uint8_t type_;
  const KeyWitness& keys_;
  Edit edit_;
  bool done_ = false;
};

}  // namespace glasstls::tools
