// The state machines as data — TLS 1.3's (RFC 8446 Appendix A) and TLS 1.2's
// (the message flow of RFC 5246 §7.3): for each role, version and state, which
// handshake message may arrive and which states may follow. The
// Connection refuses any message not in this table for its state
// (unexpected_message, RFC 8446 §6.2) and reports each transition to the trace;
// `glasstls` can print the table, and a test walks every row.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "handshake/codepoints.hpp"
#include "handshake/signatures.hpp"

namespace glasstls::handshake {

// Names as in RFC 8446 Appendix A.
enum class State : std::uint8_t {
  start,
  wait_sh,        // client
  wait_ee,        // client
  wait_cert_cr,   // client
  wait_cert,      // both
  wait_cv,        // both
  wait_finished,  // both
  recvd_ch,       // server (internal)
  negotiated,     // server (internal)
  wait_flight2,   // server (internal)
  connected,
  closed,
  // TLS 1.2 (RFC 5246 §7.3 names the messages, not the states).
  wait_server_certificate,         // client
  wait_server_key_exchange,        // client
  wait_certificate_request,        // client: CertificateRequest or ServerHelloDone
  wait_server_hello_done,          // client
  wait_client_certificate,         // server
  wait_client_key_exchange,        // server
  wait_client_certificate_verify,  // server
  wait_change_cipher_spec,         // both: the peer's ChangeCipherSpec record, then its Finished
  wait_new_session_ticket,  // client: a ticket (RFC 5077 §3.3) before the server's ChangeCipherSpec
};
inline constexpr int kStateCount = static_cast<int>(State::wait_new_session_ticket) + 1;
std::string_view state_name(State s);  // "WAIT_SH", ...

struct Transition {
  Role role;
  State from;
  HandshakeType message;
  State to;
  std::string_view when;  // the condition, in words
  std::uint16_t version = kTls13;
};

std::span<const Transition> transition_table();
// Is `message` acceptable in `from` for `role` under `version`? (Any row with
// that start; version 0 — not negotiated yet — matches rows of both.)
bool message_allowed(Role role, std::uint16_t version, State from, HandshakeType message);
// Is `from` --message--> `to` a row of the table?
bool transition_allowed(Role role, std::uint16_t version, State from, HandshakeType message,
                        State to);

}  // namespace glasstls::handshake
