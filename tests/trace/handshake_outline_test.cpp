// The handshake outline (trace/handshake_outline.hpp), which `glasstls demo
// --compare` draws, over the real events of every handshake variant
// (traced_handshakes.hpp): every handshake message each side received, and
// every ChangeCipherSpec record, is one item, in order, with its sender, size
// and purpose (so it lands in exactly one row of the comparison); a full TLS
// 1.3 handshake takes one round trip before the client may send application
// data, TLS 1.2 two; the server's and the client's certificates are encrypted
// in TLS 1.3 and in the clear in TLS 1.2.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/trace/traced_handshakes.hpp"
#include "trace/handshake_outline.hpp"

namespace glasstls::test {
namespace {

using trace::OutlineItem;
using trace::Purpose;

// What the receiving sides saw, in the order they saw it, told apart from
// the outline: each handshake message (type, size) and each ChangeCipherSpec
// record, with its sender.
struct Received {
  bool from_client;
  bool change_cipher_spec;
  std::uint8_t type;
  std::size_t length;
  bool operator==(const Received&) const = default;
};

class ReceivedLog final : public trace::TraceSink {
 public:
  ReceivedLog(std::vector<Received>& log, bool at_client) : log_(log), at_client_(at_client) {}
  void on_event(const trace::Event& event) override {
    if (const auto* m = std::get_if<trace::MessageEvent>(&event)) {
      if (m->direction == trace::Direction::received)
        log_.push_back({!at_client_, false, m->type, m->bytes.size()});
    } else if (const auto* r = std::get_if<trace::RecordEvent>(&event)) {
      const std::uint8_t type = r->is_protected ? r->inner_type : r->content_type;
      if (r->direction == trace::Direction::received && type == 20)
        log_.push_back({!at_client_, true, 0, r->plaintext.size()});
    }
  }

 private:
  std::vector<Received>& log_;
  bool at_client_;
};

struct Outlined {
  std::unique_ptr<trace::HandshakeOutline> outline = std::make_unique<trace::HandshakeOutline>();
  std::vector<Received> received;
  std::unique_ptr<TracedRun> run;
};

Outlined outline_of(const Scenario& scenario) {
  Outlined o;
  ReceivedLog client_log(o.received, true), server_log(o.received, false);
  Tee client(o.outline->client(), client_log), server(o.outline->server(), server_log);
  o.run = run_traced(scenario, &client, &server);
  return o;
}

const Scenario& scenario(const std::string& name) {
  for (const auto& s : trace_export_scenarios()) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no scenario " + name);
}

std::vector<std::string> row(const trace::HandshakeOutline& outline, Purpose p) {
  std::vector<std::string> out;
  for (const auto& item : outline.items()) {
    if (item.purpose == p) out.push_back(item.name + (item.from_client ? " c" : " s"));
  }
  return out;
}

const OutlineItem* find(const trace::HandshakeOutline& outline, std::uint8_t type,
                        bool from_client) {
  for (const auto& item : outline.items()) {
    if (!item.change_cipher_spec && item.type == type && item.from_client == from_client)
      return &item;
  }
  return nullptr;
}

class EveryVariant : public ::testing::TestWithParam<Scenario> {};

TEST_P(EveryVariant, EachMessageIsOneItemInOneRow) {
  const Outlined o = outline_of(GetParam());
  ASSERT_TRUE(o.run->ok);
  const auto& items = o.outline->items();
  ASSERT_EQ(items.size(), o.received.size());
  std::map<Purpose, std::size_t> per_row;
  int flight = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const OutlineItem& item = items[i];
    EXPECT_EQ((Received{item.from_client, item.change_cipher_spec, item.type, item.length}),
              o.received[i])
        << "item " << i << ": " << item.name;
    EXPECT_EQ(item.purpose, item.change_cipher_spec
                                ? Purpose::other
                                : trace::message_purpose(item.type, item.from_client))
        << item.name;
    ++per_row[item.purpose];
    // A flight is a run of items from one side: numbers go up by one exactly
    // where the sender changes.
    const bool new_flight = i == 0 || items[i - 1].from_client != item.from_client;
    flight += new_flight ? 1 : 0;
    EXPECT_EQ(item.flight, flight) << item.name;
  }
  std::size_t in_rows = 0;
  for (const Purpose p : trace::kPurposes) in_rows += per_row[p];
  EXPECT_EQ(in_rows, items.size());
  // The first message is the client's ClientHello, in the clear; every
  // Finished is encrypted.
  EXPECT_EQ(items.front().name, "ClientHello");
  EXPECT_FALSE(items.front().encrypted);
  for (const auto& item : items) {
    if (item.name == "Finished") {
      EXPECT_TRUE(item.encrypted) << GetParam().name;
    }
  }
  EXPECT_GT(o.outline->wire_bytes(true), 0u);
  EXPECT_LE(o.outline->wire_bytes(true), o.run->sent_by(true).size());
  EXPECT_LE(o.outline->wire_bytes(false), o.run->sent_by(false).size());
  ASSERT_TRUE(o.outline->round_trips());
}

INSTANTIATE_TEST_SUITE_P(Trace, EveryVariant, ::testing::ValuesIn(trace_export_scenarios()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(HandshakeOutline, Tls13MutualTlsTakesOneRoundTripAndHidesTheCertificates) {
  const Outlined o = outline_of(scenario("tls13_mtls"));
  const auto& outline = *o.outline;
  EXPECT_EQ(outline.round_trips(), 1);
  EXPECT_EQ(row(outline, Purpose::key_exchange),
            (std::vector<std::string>{"ClientHello c", "ServerHello s"}));
  EXPECT_EQ(row(outline, Purpose::server_authentication),
            (std::vector<std::string>{"Certificate s", "CertificateVerify s"}));
  EXPECT_EQ(row(outline, Purpose::client_authentication),
            (std::vector<std::string>{"CertificateRequest s", "Certificate c",
                                      "CertificateVerify c"}));
  EXPECT_EQ(row(outline, Purpose::finished),
            (std::vector<std::string>{"Finished s", "Finished c"}));
  ASSERT_TRUE(find(outline, 11, false) && find(outline, 11, true));
  EXPECT_TRUE(find(outline, 11, false)->encrypted) << "the server's Certificate";
  EXPECT_TRUE(find(outline, 11, true)->encrypted) << "the client's Certificate";
  EXPECT_FALSE(find(outline, 2, false)->encrypted) << "the ServerHello";
  // The server's flight is one (ServerHello .. Finished), the client's
  // answer the next.
  EXPECT_EQ(find(outline, 2, false)->flight, 2);
  EXPECT_EQ(find(outline, 20, false)->flight, 2);
  EXPECT_EQ(find(outline, 20, true)->flight, 3);
}

TEST(HandshakeOutline, Tls12MutualTlsTakesTwoRoundTripsAndShowsTheCertificates) {
  const Outlined o = outline_of(scenario("tls12_mtls"));
  const auto& outline = *o.outline;
  EXPECT_EQ(outline.round_trips(), 2);
  EXPECT_EQ(row(outline, Purpose::key_exchange),
            (std::vector<std::string>{"ClientHello c", "ServerHello s", "ServerKeyExchange s",
                                      "ClientKeyExchange c"}));
  EXPECT_EQ(row(outline, Purpose::server_authentication),
            (std::vector<std::string>{"Certificate s"}));
  EXPECT_EQ(row(outline, Purpose::client_authentication),
            (std::vector<std::string>{"CertificateRequest s", "Certificate c",
                                      "CertificateVerify c"}));
  ASSERT_TRUE(find(outline, 11, false) && find(outline, 11, true));
  EXPECT_FALSE(find(outline, 11, false)->encrypted) << "the server's Certificate";
  EXPECT_FALSE(find(outline, 11, true)->encrypted) << "the client's Certificate";
  // Client Finished in flight 3 after its ChangeCipherSpec, the server's in 4.
  EXPECT_EQ(find(outline, 20, true)->flight, 3);
  EXPECT_EQ(find(outline, 20, false)->flight, 4);
  std::size_t ccs = 0;
  for (const auto& item : outline.items()) ccs += item.change_cipher_spec ? 1 : 0;
  EXPECT_EQ(ccs, 2u);
}

TEST(HandshakeOutline, RoundTripsOfTheOtherShapes) {
  // A HelloRetryRequest costs a round trip; TLS 1.2's abbreviated handshake
  // (resumption) saves one.
  EXPECT_EQ(outline_of(scenario("tls13_hrr_mtls")).outline->round_trips(), 2);
  EXPECT_EQ(outline_of(scenario("tls12_resumed_ticket")).outline->round_trips(), 1);
  EXPECT_EQ(outline_of(scenario("tls13_resumed")).outline->round_trips(), 1);
}

}  // namespace
}  // namespace glasstls::test
