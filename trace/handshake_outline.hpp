// HandshakeOutline: a connection's handshake as a list of messages, each with
// who sent it, its flight, its size, its purpose and whether it crossed the
// wire in the clear or encrypted — read from the real events of both sides
// (`glasstls demo --compare` puts a TLS 1.2 and a TLS 1.3 outline side by
// side, tools/demo_compare.cpp).
//
//   trace::HandshakeOutline outline;   // its sinks in the client's and the server's Config
//   ... the handshake ...
//   outline.items();        // ClientHello, ServerHello, ..., in the order they arrived
//   outline.round_trips();  // 1 for a full TLS 1.3 handshake, 2 for TLS 1.2
//
// Each message is taken as its receiver saw it: the record that carried it
// (the last one received before the message was read) says whether it was
// protected. A ChangeCipherSpec record is an item too (it is no handshake
// message). A flight is a run of items from one side; the round trips are
// the server flights the client received before it reached CONNECTED, that
// is before it could send application data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/events.hpp"

namespace glasstls::trace {

// What a message is for, in both versions.
enum class Purpose : std::uint8_t {
  key_exchange,           // the hellos, ServerKeyExchange, ClientKeyExchange
  server_authentication,  // the server's Certificate and CertificateVerify
  client_authentication,  // CertificateRequest, the client's Certificate and CertificateVerify
  finished,               // Finished
  other,                  // EncryptedExtensions, ServerHelloDone, NewSessionTicket, CCS, ...
};
inline constexpr Purpose kPurposes[] = {Purpose::key_exchange, Purpose::server_authentication,
                                        Purpose::client_authentication, Purpose::finished,
                                        Purpose::other};
std::string_view purpose_name(Purpose p);  // "key exchange", ...
// The purpose of a handshake message of `type` (RFC 8446 §4, RFC 5246 §7.4 codes).
Purpose message_purpose(std::uint8_t type, bool from_client);

struct OutlineItem {
  bool from_client = true;
  bool change_cipher_spec = false;  // a ChangeCipherSpec record, not a handshake message
  std::uint8_t type = 0;            // the handshake type (0 for ChangeCipherSpec)
  std::string name;                 // "ClientHello", "ChangeCipherSpec"
  std::size_t length = 0;           // the message with its 4-byte header (1 for ChangeCipherSpec)
  bool encrypted = false;           // carried by a protected record
  int flight = 0;                   // 1, 2, ...: runs of items from one side
  Purpose purpose = Purpose::other;
};

class HandshakeOutline {
 public:
  HandshakeOutline() : client_(*this, true), server_(*this, false) {}
  HandshakeOutline(const HandshakeOutline&) = delete;
  HandshakeOutline& operator=(const HandshakeOutline&) = delete;

  TraceSink& client() { return client_; }
  TraceSink& server() { return server_; }

  const std::vector<OutlineItem>& items() const { return items_; }
  int flights() const { return items_.empty() ? 0 : items_.back().flight; }
  // The server flights the client received before it was CONNECTED;
  // nullopt when it never was.
  std::optional<int> round_trips() const;
  // The bytes of the records (headers included) that carried handshake
  // messages or ChangeCipherSpec from that side.
  std::size_t wire_bytes(bool from_client) const {
    return from_client ? client_bytes_ : server_bytes_;
  }

 private:
  class SideSink final : public TraceSink {
   public:
    SideSink(HandshakeOutline& outline, bool at_client) : outline_(outline), at_client_(at_client) {}
    void on_event(const Event& event) override { outline_.on_event(event, at_client_); }

   private:
    HandshakeOutline& outline_;
    bool at_client_;
  };

  void on_event(const Event& event, bool at_client);
  void add(OutlineItem item);

  SideSink client_, server_;
  std::vector<OutlineItem> items_;
  bool last_record_protected_[2] = {false, false};  // [at_client]: what each side read last
  std::optional<std::size_t> items_when_connected_;
  std::size_t client_bytes_ = 0, server_bytes_ = 0;
};

}  // namespace glasstls::trace
