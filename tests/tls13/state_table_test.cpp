// The state machines as data (handshake/state_table.hpp, RFC 8446 Appendix
// A): handshakes that between them take every row of transition_table()
// (tests/tls13/trace_scenarios.hpp) are traced, and
//   - every row appears as a StateEvent (machine, from, message, to);
//   - every StateEvent caused by a received message is a row of the table;
//   - the other StateEvents are the internal steps the table leaves out
//     (a client's START -> WAIT_SH when it sends its ClientHello; a server's
//     RECVD_CH -> NEGOTIATED -> WAIT_FLIGHT2 within one ClientHello).
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <tuple>

#include "handshake/state_table.hpp"
#include "tests/tls13/trace_scenarios.hpp"

namespace glasstls::test {
namespace {

using handshake::HandshakeType;
using handshake::Role;
using handshake::State;

const TraceRecorder& recorded() {
  const auto& s = traced_scenarios();
  for (const auto& f : s.failed) ADD_FAILURE() << "scenario " << f << " did not complete";
  return s.recorder;
}

std::string_view role_name(Role r) { return r == Role::client ? "client" : "server"; }

std::string row_text(const handshake::Transition& t) {
  return std::string(role_name(t.role)) + " " + std::string(handshake::state_name(t.from)) + " --" +
         handshake::handshake_type_name(handshake::code(t.message)) + "--> " +
         std::string(handshake::state_name(t.to)) + " (" + std::string(t.when) + ")";
}

std::string event_text(const TracedState& s) {
  return s.scenario + ": " + s.machine + " " + s.from + " --" + s.message + "--> " + s.to;
}

std::optional<State> state_named(const std::string& name) {
  for (int s = 0; s < handshake::kStateCount; ++s) {
    if (handshake::state_name(static_cast<State>(s)) == name) return static_cast<State>(s);
  }
  return std::nullopt;
}

// The handshake type a StateEvent's cause names, if it names one.
std::optional<HandshakeType> message_named(const std::string& name) {
  for (int t = 0; t < 256; ++t) {
    const std::string n = handshake::handshake_type_name(static_cast<std::uint8_t>(t));
    if (!n.starts_with("unknown") && n == name) return static_cast<HandshakeType>(t);
  }
  return std::nullopt;
}

TEST(StateTable, RowsAreDistinctAndDescribed) {
  std::set<std::tuple<Role, std::uint16_t, State, HandshakeType, State>> rows;
  for (const auto& t : handshake::transition_table()) {
    EXPECT_TRUE(rows.insert({t.role, t.version, t.from, t.message, t.to}).second) << row_text(t);
    EXPECT_FALSE(t.when.empty()) << row_text(t);
    EXPECT_TRUE(handshake::message_allowed(t.role, t.version, t.from, t.message)) << row_text(t);
    EXPECT_TRUE(handshake::transition_allowed(t.role, t.version, t.from, t.message, t.to))
        << row_text(t);
  }
  // Nothing is accepted once closed, and a server never takes a ServerHello.
  EXPECT_FALSE(handshake::message_allowed(Role::client, 0, State::closed, HandshakeType::finished));
  EXPECT_FALSE(
      handshake::message_allowed(Role::server, 0, State::start, HandshakeType::server_hello));
  // Each version's messages only under that version.
  EXPECT_FALSE(handshake::message_allowed(Role::client, handshake::kTls13, State::connected,
                                          HandshakeType::hello_request));
  EXPECT_FALSE(handshake::message_allowed(Role::client, handshake::kTls12, State::connected,
                                          HandshakeType::key_update));
}

TEST(StateTable, EveryRowIsTaken) {
  const auto& r = recorded();
  for (const auto& t : handshake::transition_table()) {
    const bool taken = std::any_of(r.states.begin(), r.states.end(), [&](const TracedState& s) {
      return s.machine == role_name(t.role) && s.from == handshake::state_name(t.from) &&
             s.message == handshake::handshake_type_name(handshake::code(t.message)) &&
             s.to == handshake::state_name(t.to);
    });
    EXPECT_TRUE(taken) << "row never taken: " << row_text(t);
  }
}

TEST(StateTable, EveryTransitionOnAMessageIsARow) {
  const auto& r = recorded();
  ASSERT_FALSE(r.states.empty());
  const std::set<std::tuple<std::string, std::string, std::string>> internal = {
      {"client", "START", "WAIT_SH"},
      {"server", "START", "RECVD_CH"},
      {"server", "RECVD_CH", "NEGOTIATED"},
      {"server", "NEGOTIATED", "WAIT_FLIGHT2"},
      // TLS 1.2: the peer's ChangeCipherSpec record (not a handshake message).
      {"client", "WAIT_CHANGE_CIPHER_SPEC", "WAIT_FINISHED"},
      {"server", "WAIT_CHANGE_CIPHER_SPEC", "WAIT_FINISHED"},
  };
  for (const auto& s : r.states) {
    const auto from = state_named(s.from);
    const auto to = state_named(s.to);
    ASSERT_TRUE(from && to) << event_text(s);
    const auto message = message_named(s.message);
    if (!message) {
      EXPECT_TRUE(internal.count({s.machine, s.from, s.to})) << "unknown step " << event_text(s);
      continue;
    }
    const Role role = s.machine == "client" ? Role::client : Role::server;
    EXPECT_TRUE(handshake::transition_allowed(role, 0, *from, *message, *to))
        << "not a row of the table: " << event_text(s);
  }
}

}  // namespace
}  // namespace glasstls::test
