// Our own handshake messages on their way out, plaintext or protected.
//
// A server-role scenario may change a message our Connection built even when
// it travels under the handshake keys (TLS 1.3 EncryptedExtensions,
// CertificateRequest, Certificate, CertificateVerify, Finished; the TLS 1.2
// Finished): a FlightEditor is a man in the middle of our own output. It
// learns our traffic secrets from our Connection's teaching-mode trace (the
// NSS key log events: SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_RANDOM), opens
// the protected records of a flight, hands the scenario every handshake
// message of the flight in order, and seals the protected ones again with the
// same keys from sequence number 0 (RFC 8446 §5.3, RFC 5246 §6.2.3.3): those
// keys protect nothing else of ours, so the peer cannot tell.
//
// The edit happens after our Connection hashed the message into its
// transcript: the transcript is deliberately inconsistent. A peer that
// accepts a changed message disagrees with us from then on, and fails our
// CertificateVerify or Finished (or we fail its Finished). A change the
// transcript must agree with is an `ext_*` mutation (Config::edit_extensions
// runs before the message is hashed).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/records.hpp"
#include "crypto/secret.hpp"
#include "trace/events.hpp"

namespace glasstls::conformance {

struct OurMessage {
  Bytes bytes;              // the whole message, its 4-byte header included
  bool sealed = false;      // travels protected (under our handshake keys)
  std::uint8_t type() const { return bytes.empty() ? 0 : bytes[0]; }
  // A ServerHello whose Random is RFC 8446 §4.1.3's HelloRetryRequest value.
  bool hello_retry_request() const;
};

class FlightEditor {
 public:
  using Edit = std::function<void(std::vector<OurMessage>&)>;

  // Whose flights we edit: the server's (by default), or the client's (a
  // client-role scenario; the client learns the server's Random from the
  // peer's ServerHello, set_server_random()).
  explicit FlightEditor(bool client = false) : client_(client) {}
  void set_server_random(const std::array<std::uint8_t, 32>& random) { server_random_ = random; }

  // Keeps the secrets of our key log events (wiped with the editor).
  void on_key_log(const trace::KeyLogEvent& event);

  // One flight of our Connection, which negotiated `version` and `suite`,
  // with `edit` applied to its handshake messages. Records that are not
  // handshake messages (change_cipher_spec) keep their place; the plaintext
  // messages go where the flight's first plaintext handshake record was, the
  // protected ones where its first protected record was, one message per
  // record. nullopt with `problem` when a record does not open.
  std::optional<Bytes> rewrite(const Bytes& flight, std::uint16_t version, std::uint16_t suite,
                               const Edit& edit, std::string& problem);

 private:
  bool client_ = false;
  std::map<std::string, crypto::HashSecret> secrets_;
  Bytes client_random_;
  std::optional<std::array<std::uint8_t, 32>> server_random_;  // from our ServerHello
};

}  // namespace glasstls::conformance
