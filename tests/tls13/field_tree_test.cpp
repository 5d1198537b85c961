// The field trees of the trace (issue 10, item 8): every handshake message a
// Connection builds or parses is reported with a tree of fields whose
// top-level nodes tile the message exactly and whose children tile their
// parent (trace::tiles). Checked here for every message of handshakes that
// between them send and receive every TLS 1.3 message type
// (tests/tls13/trace_scenarios.hpp), with the key fields of each message
// present by name — and the tree a builder reports for a message it sends is
// the tree the peer's parser reports for the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "handshake/codepoints.hpp"
#include "handshake/hello.hpp"
#include "tests/tls13/trace_scenarios.hpp"
#include "trace/field_tree.hpp"

namespace glasstls::test {
namespace {

using trace::Direction;
using trace::FieldNode;

const TraceRecorder& recorded() {
  const auto& s = traced_scenarios();
  for (const auto& f : s.failed) ADD_FAILURE() << "scenario " << f << " did not complete";
  return s.recorder;
}

std::string where(const TracedMessage& m) {
  return m.scenario + ": " + (m.direction == Direction::sent ? "sent " : "received ") + m.name +
         " (" + std::to_string(m.bytes.size()) + " bytes)";
}

// Names of the top-level fields.
std::vector<std::string> top_level(const TracedMessage& m) {
  std::vector<std::string> out;
  for (const auto& n : m.fields) {
    if (n.parent < 0) out.emplace_back(n.name);
  }
  return out;
}

bool has_node(const TracedMessage& m, std::string_view name) {
  return std::any_of(m.fields.begin(), m.fields.end(),
                     [&](const FieldNode& n) { return n.name == name; });
}

// The extension types (by name) in a message's tree.
std::set<std::string> extension_names(const TracedMessage& m) {
  std::set<std::string> out;
  for (const auto& n : m.fields) {
    if (n.name == "extension_type") out.insert(n.value);
  }
  return out;
}

TEST(FieldTree, EveryMessageTilesItsBytes) {
  const auto& r = recorded();
  ASSERT_FALSE(r.messages.empty());
  for (const auto& m : r.messages) {
    std::string why;
    EXPECT_TRUE(trace::tiles(m.fields, m.bytes.size(), why)) << where(m) << ": " << why;
    for (std::size_t i = 0; i < m.fields.size(); ++i) {
      const FieldNode& n = m.fields[i];
      EXPECT_FALSE(n.name.empty()) << where(m) << ": node " << i << " has no name";
      EXPECT_LE(n.offset + n.length, m.bytes.size()) << where(m) << ": " << n.name;
      EXPECT_LT(n.parent, static_cast<int>(i)) << where(m) << ": " << n.name;
      // Lengths are filled in with the number their bytes hold.
      if (n.name == "length") {
        EXPECT_FALSE(n.value.empty()) << where(m);
      }
    }
  }
}

TEST(FieldTree, EveryMessageTypeIsCoveredBothWays) {
  const auto& r = recorded();
  std::set<std::pair<int, Direction>> seen;
  for (const auto& m : r.messages) seen.insert({m.type, m.direction});
  using H = handshake::HandshakeType;
  for (const H t : {H::client_hello, H::server_hello, H::new_session_ticket,
                    H::encrypted_extensions, H::certificate, H::certificate_request,
                    H::certificate_verify, H::finished, H::key_update}) {
    for (const Direction d : {Direction::sent, Direction::received}) {
      EXPECT_TRUE(seen.count({handshake::code(t), d}))
          << handshake::handshake_type_name(handshake::code(t))
          << (d == Direction::sent ? " sent" : " received");
    }
  }
}

TEST(FieldTree, KeyFieldsArePresent) {
  // The top-level fields of each message, in wire order (RFC 8446 §4).
  const std::map<int, std::vector<std::string>> expected = {
      {1,
       {"msg_type", "length", "legacy_version", "random", "legacy_session_id", "cipher_suites",
        "legacy_compression_methods", "extensions"}},
      {2,
       {"msg_type", "length", "legacy_version", "random", "legacy_session_id_echo", "cipher_suite",
        "legacy_compression_method", "extensions"}},
      {4,
       {"msg_type", "length", "ticket_lifetime", "ticket_age_add", "ticket_nonce", "ticket",
        "extensions"}},
      {8, {"msg_type", "length", "extensions"}},
      {11, {"msg_type", "length", "certificate_request_context", "certificate_list"}},
      {13, {"msg_type", "length", "certificate_request_context", "extensions"}},
      {15, {"msg_type", "length", "algorithm", "signature"}},
      {20, {"msg_type", "length", "verify_data"}},
      {24, {"msg_type", "length", "request_update"}},
  };
  // TLS 1.2's own messages and shapes (RFC 5246 §7.4, RFC 8422 §5.4, §5.7).
  const std::map<int, std::vector<std::string>> expected12 = {
      {0, {"msg_type", "length"}},
      {4, {"msg_type", "length", "ticket_lifetime_hint", "ticket"}},
      {11, {"msg_type", "length", "certificate_list"}},
      {12, {"msg_type", "length", "params", "signed_params"}},
      {13,
       {"msg_type", "length", "certificate_types", "supported_signature_algorithms",
        "certificate_authorities"}},
      {14, {"msg_type", "length"}},
      {16, {"msg_type", "length", "ecdh_Yc"}},
  };
  const std::vector<std::string> rsa_key_exchange = {"msg_type", "length", "pre_master_secret"};
  const auto& r = recorded();
  for (const auto& m : r.messages) {
    const bool tls12 = m.scenario.starts_with("tls12");
    auto it = tls12 ? expected12.find(m.type) : expected.end();
    if (it == expected12.end() || !tls12) it = expected.find(m.type);
    ASSERT_NE(it, expected.end()) << where(m);
    const bool rsa = m.type == 16 && m.scenario.find("rsa_key_transport") != std::string::npos;
    EXPECT_EQ(top_level(m), rsa ? rsa_key_exchange : it->second) << where(m);
  }
}

TEST(FieldTree, NestedFieldsArePresent) {
  const auto& r = recorded();
  bool saw_psk_hello = false, saw_hrr = false, saw_client_cert = false, saw_empty_cert = false;
  for (const auto& m : r.messages) {
    if (m.scenario.starts_with("tls12")) continue;  // KeyFieldsArePresent covers TLS 1.2's
    const auto exts = extension_names(m);
    if (m.type == 1) {
      EXPECT_TRUE(has_node(m, "cipher_suite")) << where(m);
      EXPECT_TRUE(has_node(m, "client_shares") && has_node(m, "key_share_entry")) << where(m);
      EXPECT_TRUE(has_node(m, "versions") && has_node(m, "host_name")) << where(m);
      EXPECT_TRUE(exts.count("supported_versions") && exts.count("key_share") &&
                  exts.count("signature_algorithms") && exts.count("supported_groups"))
          << where(m);
      if (exts.count("pre_shared_key")) {
        saw_psk_hello = true;
        EXPECT_TRUE(has_node(m, "identities") && has_node(m, "binders") &&
                    has_node(m, "obfuscated_ticket_age"))
            << where(m);
      }
    }
    if (m.type == 2) {
      auto sh = handshake::ServerHello::parse(m.bytes);
      ASSERT_TRUE(sh.ok()) << where(m);
      EXPECT_TRUE(has_node(m, "selected_version")) << where(m);
      if (sh->is_hello_retry_request()) {
        saw_hrr = true;
        EXPECT_TRUE(has_node(m, "selected_group") && exts.count("cookie")) << where(m);
      } else {
        EXPECT_TRUE(has_node(m, "key_share_entry") || exts.count("pre_shared_key")) << where(m);
      }
    }
    if (m.type == 11) {
      if (has_node(m, "certificate_entry")) {
        EXPECT_TRUE(has_node(m, "cert_data") && has_node(m, "der")) << where(m);
        if (m.scenario.starts_with("mtls") && m.bytes.size() > 8) saw_client_cert = true;
      } else {
        saw_empty_cert = true;
      }
    }
    if (m.type == 13) {
      EXPECT_TRUE(exts.count("signature_algorithms") && exts.count("certificate_authorities"))
          << where(m);
      EXPECT_TRUE(has_node(m, "authority")) << where(m);
    }
  }
  EXPECT_TRUE(saw_psk_hello);
  EXPECT_TRUE(saw_hrr);
  EXPECT_TRUE(saw_client_cert);
  EXPECT_TRUE(saw_empty_cert);
}

std::string describe(const FieldNode& n) {
  return std::string(n.name) + " @" + std::to_string(n.offset) + "+" + std::to_string(n.length) +
         " parent " + std::to_string(n.parent) + " = " + n.value;
}

// serialize() and parse() describe each message twice, once per direction:
// the two descriptions must agree node for node (name, range, parent, value).
TEST(FieldTree, BuildersReportTheTreeTheParsersReport) {
  const auto& r = recorded();
  std::set<int> compared;
  for (const auto& sent : r.messages) {
    if (sent.direction != Direction::sent) continue;
    const auto received = std::find_if(r.messages.begin(), r.messages.end(), [&](const auto& m) {
      return m.direction == Direction::received && m.scenario == sent.scenario &&
             m.bytes == sent.bytes;
    });
    if (received == r.messages.end()) continue;  // the peer stopped before reading it
    compared.insert(sent.type);
    ASSERT_EQ(sent.fields.size(), received->fields.size()) << where(sent);
    for (std::size_t i = 0; i < sent.fields.size(); ++i) {
      EXPECT_EQ(describe(sent.fields[i]), describe(received->fields[i]))
          << where(sent) << ", node " << i;
    }
  }
  EXPECT_EQ(compared, (std::set<int>{0, 1, 2, 4, 8, 11, 12, 13, 14, 15, 16, 20, 24}));
}

}  // namespace
}  // namespace glasstls::test
