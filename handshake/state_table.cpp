#include "handshake/state_table.hpp"

#include <array>

namespace glasstls::handshake {

namespace {

using H = HandshakeType;
using S = State;
constexpr Role C = Role::client;
constexpr Role Sv = Role::server;

// RFC 8446 Appendix A.1 (client) and A.2 (server). Internal steps of the
// server (RECVD_CH -> NEGOTIATED -> WAIT_FLIGHT2) happen within one received
// ClientHello and are reported to the trace as they pass.
constexpr std::array<Transition, 19> kTable = {{
    {C, S::wait_sh, H::server_hello, S::wait_ee, "ServerHello"},
    {C, S::wait_sh, H::server_hello, S::wait_sh, "HelloRetryRequest: send ClientHello again"},
    {C, S::wait_ee, H::encrypted_extensions, S::wait_cert_cr, "certificate-based handshake"},
    {C, S::wait_ee, H::encrypted_extensions, S::wait_finished, "PSK accepted"},
    {C, S::wait_cert_cr, H::certificate_request, S::wait_cert,
     "the server asks for our certificate"},
    {C, S::wait_cert_cr, H::certificate, S::wait_cv, "the server's certificate"},
    {C, S::wait_cert, H::certificate, S::wait_cv, "the server's certificate"},
    {C, S::wait_cv, H::certificate_verify, S::wait_finished, "signature verified"},
    {C, S::wait_finished, H::finished, S::connected, "Finished verified: send our flight"},
    {C, S::connected, H::new_session_ticket, S::connected, "a ticket for resumption"},
    {C, S::connected, H::key_update, S::connected, "the server updates its keys"},
    {Sv, S::start, H::client_hello, S::start, "no acceptable key share: HelloRetryRequest sent"},
    {Sv, S::start, H::client_hello, S::wait_cert, "flight sent, client certificate requested"},
    {Sv, S::start, H::client_hello, S::wait_finished,
     "flight sent, no client certificate requested"},
    {Sv, S::wait_cert, H::certificate, S::wait_cv, "a client certificate"},
    {Sv, S::wait_cert, H::certificate, S::wait_finished, "an empty client Certificate"},
    {Sv, S::wait_cv, H::certificate_verify, S::wait_finished, "signature verified"},
    {Sv, S::wait_finished, H::finished, S::connected, "Finished verified"},
    {Sv, S::connected, H::key_update, S::connected, "the client updates its keys"},
}};

}  // namespace

std::string_view state_name(State s) {
  switch (s) {
    case S::start: return "START";
    case S::wait_sh: return "WAIT_SH";
    case S::wait_ee: return "WAIT_EE";
    case S::wait_cert_cr: return "WAIT_CERT_CR";
    case S::wait_cert: return "WAIT_CERT";
    case S::wait_cv: return "WAIT_CV";
    case S::wait_finished: return "WAIT_FINISHED";
    case S::recvd_ch: return "RECVD_CH";
    case S::negotiated: return "NEGOTIATED";
    case S::wait_flight2: return "WAIT_FLIGHT2";
    case S::connected: return "CONNECTED";
    case S::closed: return "CLOSED";
  }
  return "?";
}

std::span<const Transition> transition_table() { return kTable; }

bool message_allowed(Role role, State from, HandshakeType message) {
  for (const Transition& t : transition_table()) {
    if (t.role == role && t.from == from && t.message == message) return true;
  }
  return false;
}

bool transition_allowed(Role role, State from, HandshakeType message, State to) {
  for (const Transition& t : transition_table()) {
    if (t.role == role && t.from == from && t.message == message && t.to == to) return true;
  }
  return false;
}

}  // namespace glasstls::handshake
