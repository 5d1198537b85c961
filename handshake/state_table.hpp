// The TLS 1.3 state machines as data (RFC 8446 Appendix A): for each role and
// state, which handshake message may arrive and which states may follow. The
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
};
std::string_view state_name(State s);  // "WAIT_SH", ...

struct Transition {
  Role role;
  State from;
  HandshakeType message;
  State to;
  std::string_view when;  // the condition, in words
};

std::span<const Transition> transition_table();
// Is `message` acceptable in `from` for `role`? (Any row with that start.)
bool message_allowed(Role role, State from, HandshakeType message);
// Is `from` --message--> `to` a row of the table?
bool transition_allowed(Role role, State from, HandshakeType message, State to);

}  // namespace glasstls::handshake
