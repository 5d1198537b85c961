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
constexpr std::uint16_t V12 = kTls12;

constexpr std::array<Transition, 42> kTable = {{
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
    // KeyUpdate only once connected (each side's rows):
    // RFC 8446 §4.6.3: "Implementations that receive a KeyUpdate message
    // prior to receiving a Finished message MUST terminate the connection
    // with an "unexpected_message" alert."
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

    // TLS 1.2, RFC 5246 §7.3 (a ChangeCipherSpec record moves
    // WAIT_CHANGE_CIPHER_SPEC to WAIT_FINISHED: it is not a handshake message).
    {C, S::wait_sh, H::server_hello, S::wait_server_certificate, "TLS 1.2 ServerHello", V12},
    {C, S::wait_server_certificate, H::certificate, S::wait_server_key_exchange,
     "the server's certificate (ECDHE)", V12},
    {C, S::wait_server_certificate, H::certificate, S::wait_certificate_request,
     "the server's certificate (RSA key transport)", V12},
    {C, S::wait_server_key_exchange, H::server_key_exchange, S::wait_certificate_request,
     "signed ECDHE parameters verified", V12},
    {C, S::wait_certificate_request, H::certificate_request, S::wait_server_hello_done,
     "the server asks for our certificate", V12},
    {C, S::wait_certificate_request, H::server_hello_done, S::wait_change_cipher_spec,
     "send ClientKeyExchange, ChangeCipherSpec, Finished", V12},
    {C, S::wait_server_hello_done, H::server_hello_done, S::wait_change_cipher_spec,
     "send Certificate, ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished", V12},
    {C, S::wait_finished, H::finished, S::connected, "Finished verified", V12},
    {C, S::connected, H::hello_request, S::connected,
     "renegotiation refused: a no_renegotiation warning", V12},
    {Sv, S::start, H::client_hello, S::wait_client_key_exchange,
     "TLS 1.2 flight sent, no client certificate requested", V12},
    {Sv, S::start, H::client_hello, S::wait_client_certificate,
     "TLS 1.2 flight sent with a CertificateRequest", V12},
    {Sv, S::wait_client_certificate, H::certificate, S::wait_client_key_exchange,
     "a client certificate, or an empty Certificate", V12},
    {Sv, S::wait_client_key_exchange, H::client_key_exchange, S::wait_change_cipher_spec,
     "premaster secret agreed", V12},
    {Sv, S::wait_client_key_exchange, H::client_key_exchange, S::wait_client_certificate_verify,
     "premaster secret agreed; the client's signature follows", V12},
    {Sv, S::wait_client_certificate_verify, H::certificate_verify, S::wait_change_cipher_spec,
     "signature verified", V12},
    {Sv, S::wait_finished, H::finished, S::connected,
     "Finished verified: send ChangeCipherSpec and Finished", V12},
    {Sv, S::connected, H::client_hello, S::connected,
     "renegotiation refused: a no_renegotiation warning", V12},
    // TLS 1.2 resumption (RFC 5246 §7.3 abbreviated handshake; RFC 5077 tickets).
    {C, S::wait_sh, H::server_hello, S::wait_change_cipher_spec,
     "the server resumes our session: ChangeCipherSpec and Finished follow", V12},
    {C, S::wait_sh, H::server_hello, S::wait_new_session_ticket,
     "the server resumes our session and renews its ticket", V12},
    {C, S::wait_certificate_request, H::server_hello_done, S::wait_new_session_ticket,
     "send our flight; the server will send a ticket", V12},
    {C, S::wait_server_hello_done, H::server_hello_done, S::wait_new_session_ticket,
     "send our flight (with our certificate); the server will send a ticket", V12},
    {C, S::wait_new_session_ticket, H::new_session_ticket, S::wait_change_cipher_spec,
     "a ticket for the next connection", V12},
    {Sv, S::start, H::client_hello, S::wait_change_cipher_spec,
     "a session resumed: ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished sent", V12},
}};

// A row applies under `version` (0: not negotiated yet, any row).
constexpr bool applies(const Transition& t, std::uint16_t version) {
  return version == 0 || t.version == version;
}

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
    case S::wait_server_certificate: return "WAIT_SERVER_CERTIFICATE";
    case S::wait_server_key_exchange: return "WAIT_SERVER_KEY_EXCHANGE";
    case S::wait_certificate_request: return "WAIT_CERTIFICATE_REQUEST";
    case S::wait_server_hello_done: return "WAIT_SERVER_HELLO_DONE";
    case S::wait_client_certificate: return "WAIT_CLIENT_CERTIFICATE";
    case S::wait_client_key_exchange: return "WAIT_CLIENT_KEY_EXCHANGE";
    case S::wait_client_certificate_verify: return "WAIT_CLIENT_CERTIFICATE_VERIFY";
    case S::wait_change_cipher_spec: return "WAIT_CHANGE_CIPHER_SPEC";
    case S::wait_new_session_ticket: return "WAIT_NEW_SESSION_TICKET";
  }
  return "?";
}

std::span<const Transition> transition_table() { return kTable; }

bool message_allowed(Role role, std::uint16_t version, State from, HandshakeType message) {
  for (const Transition& t : transition_table()) {
    if (t.role == role && applies(t, version) && t.from == from && t.message == message) {
      return true;
    }
  }
  return false;
}

bool transition_allowed(Role role, std::uint16_t version, State from, HandshakeType message,
                        State to) {
  for (const Transition& t : transition_table()) {
    if (t.role == role && applies(t, version) && t.from == from && t.message == message &&
        t.to == to) {
      return true;
    }
  }
  return false;
}

}  // namespace glasstls::handshake
