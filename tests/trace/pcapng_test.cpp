// The pcapng writer (trace/pcapng_writer.hpp), read back block by block: the
// Section Header, the Interface Description, the Decryption Secrets Block with
// the key log, and Enhanced Packet Blocks whose IPv4 and TCP checksums verify,
// whose TCP handshake, sequence and acknowledgment numbers are right, and
// whose payloads put together are exactly each side's bytes on the wire.
#include <gtest/gtest.h>

#include <map>

#include "tests/trace/traced_handshakes.hpp"
#include "trace/key_log.hpp"
#include "trace/pcapng_writer.hpp"

namespace glasstls::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t le32(const Bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}
std::uint32_t be32(const Bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}
std::uint16_t be16(const Bytes& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

struct Block {
  std::uint32_t type;
  Bytes body;
};

std::vector<Block> blocks(const Bytes& file) {
  std::vector<Block> out;
  std::size_t at = 0;
  while (at < file.size()) {
    if (at + 12 > file.size()) {
      ADD_FAILURE() << "a truncated block at " << at;
      break;
    }
    const std::uint32_t length = le32(file, at + 4);
    EXPECT_EQ(length % 4, 0u) << at;
    if (length < 12 || at + length > file.size()) {
      ADD_FAILURE() << "a bad block length " << length << " at " << at;
      break;
    }
    EXPECT_EQ(le32(file, at + length - 4), length) << "trailing length at " << at;
    out.push_back(
        {le32(file, at), Bytes(file.begin() + static_cast<std::ptrdiff_t>(at + 8),
                               file.begin() + static_cast<std::ptrdiff_t>(at + length - 4))});
    at += length;
  }
  return out;
}

struct Packet {
  std::uint64_t time;
  bool from_client;
  std::uint32_t seq, ack;
  std::uint8_t flags;
  Bytes payload;
};

Packet parse_packet(const Block& epb, const trace::CaptureOptions& o) {
  const Bytes& b = epb.body;
  Packet p{};
  p.time = std::uint64_t{le32(b, 4)} << 32 | le32(b, 8);
  const std::uint32_t captured = le32(b, 12);
  EXPECT_EQ(le32(b, 16), captured);
  const Bytes frame(b.begin() + 20, b.begin() + 20 + captured);
  EXPECT_EQ(be16(frame, 12), 0x0800);  // IPv4
  const std::size_t ip = 14, tcp = 34;
  EXPECT_EQ(frame[ip], 0x45);
  EXPECT_EQ(be16(frame, ip + 2), frame.size() - ip);
  EXPECT_EQ(frame[ip + 9], 6);  // TCP
  // A header whose checksum is right sums to zero (RFC 1071).
  EXPECT_EQ(trace::internet_checksum(std::span(frame).subspan(ip, 20)), 0);
  std::uint32_t pseudo = 6 + static_cast<std::uint32_t>(frame.size() - tcp);
  for (std::size_t i = ip + 12; i < ip + 20; i += 2) pseudo += be16(frame, i);
  EXPECT_EQ(trace::internet_checksum(std::span(frame).subspan(tcp), pseudo), 0);
  p.from_client = be16(frame, tcp) == o.client.port;
  EXPECT_EQ(be16(frame, tcp + 2), p.from_client ? o.server.port : o.client.port);
  EXPECT_EQ(frame[ip + 12], p.from_client ? o.client.address[0] : o.server.address[0]);
  p.seq = be32(frame, tcp + 4);
  p.ack = be32(frame, tcp + 8);
  EXPECT_EQ(frame[tcp + 12], 5 << 4);
  p.flags = frame[tcp + 13];
  p.payload.assign(frame.begin() + tcp + 20, frame.end());
  return p;
}

class Pcapng : public ::testing::TestWithParam<std::string> {};

TEST_P(Pcapng, BlocksPacketsAndStreams) {
  const auto& all = trace_export_scenarios();
  const auto scenario =
      std::find_if(all.begin(), all.end(), [](const Scenario& s) { return s.name == GetParam(); });
  ASSERT_NE(scenario, all.end());
  trace::KeyLogText keys;
  const auto run = run_traced(*scenario, &keys, nullptr);
  ASSERT_TRUE(run->ok);
  ASSERT_FALSE(keys.text().empty());
  const Bytes file = capture(*run, keys.text());
  EXPECT_EQ(capture(*run, keys.text()), file) << "the same run, the same bytes";

  const auto list = blocks(file);
  ASSERT_GE(list.size(), 4u);
  EXPECT_EQ(list[0].type, 0x0A0D0D0Au);
  EXPECT_EQ(le32(list[0].body, 0), 0x1A2B3C4Du);  // byte-order magic
  EXPECT_EQ(list[0].body[4], 1);                  // version 1.0
  EXPECT_EQ(list[1].type, 1u);
  EXPECT_EQ(list[1].body[0], 1);  // LINKTYPE_ETHERNET
  EXPECT_EQ(list[2].type, 0x0Au);
  EXPECT_EQ(le32(list[2].body, 0), 0x544C534Bu);  // "TLSK"
  const std::uint32_t secrets_length = le32(list[2].body, 4);
  EXPECT_EQ(std::string(list[2].body.begin() + 8, list[2].body.begin() + 8 + secrets_length),
            keys.text());

  const trace::CaptureOptions o;
  std::vector<Packet> packets;
  for (std::size_t i = 3; i < list.size(); ++i) {
    EXPECT_EQ(list[i].type, 6u);
    packets.push_back(parse_packet(list[i], o));
  }
  ASSERT_GE(packets.size(), 6u);
  // SYN, SYN-ACK, ACK.
  EXPECT_TRUE(packets[0].from_client && packets[0].flags == trace::kSyn);
  EXPECT_EQ(packets[0].seq, o.client_isn);
  EXPECT_TRUE(!packets[1].from_client && packets[1].flags == (trace::kSyn | trace::kAck));
  EXPECT_EQ(packets[1].seq, o.server_isn);
  EXPECT_EQ(packets[1].ack, o.client_isn + 1);
  EXPECT_TRUE(packets[2].from_client && packets[2].flags == trace::kAck);

  // Every packet carries the next sequence number of its side and
  // acknowledges everything the other side sent before it.
  std::map<bool, std::uint32_t> next = {{true, o.client_isn + 1}, {false, o.server_isn + 1}};
  std::map<bool, Bytes> stream;
  std::map<bool, bool> fin;
  for (std::size_t i = 2; i < packets.size(); ++i) {
    const Packet& p = packets[i];
    EXPECT_GT(p.time, packets[i - 1].time);
    EXPECT_EQ(p.seq, next[p.from_client]) << "packet " << i;
    EXPECT_EQ(p.ack, next[!p.from_client]) << "packet " << i;
    EXPECT_TRUE(p.flags & trace::kAck);
    EXPECT_LE(p.payload.size(), o.mss);
    EXPECT_FALSE(fin[p.from_client] && !p.payload.empty()) << "data after FIN";
    stream[p.from_client].insert(stream[p.from_client].end(), p.payload.begin(), p.payload.end());
    next[p.from_client] += static_cast<std::uint32_t>(p.payload.size());
    if (p.flags & trace::kFin) {
      fin[p.from_client] = true;
      ++next[p.from_client];
    }
  }
  EXPECT_TRUE(fin[true] && fin[false]);
  EXPECT_EQ(packets.back().flags, trace::kAck);
  EXPECT_EQ(stream[true], run->sent_by(true));
  EXPECT_EQ(stream[false], run->sent_by(false));
}

INSTANTIATE_TEST_SUITE_P(Variants, Pcapng,
                         ::testing::Values("tls13", "tls13_mtls", "tls12", "tls12_mtls"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

TEST(Pcapng, ChecksumsOfKnownPackets) {
  // RFC 1071 §3's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
  const Bytes rfc1071 = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(trace::internet_checksum(rfc1071), static_cast<std::uint16_t>(~0xddf2));
  // An odd length pads with a zero byte.
  const Bytes odd = {0x01};
  EXPECT_EQ(trace::internet_checksum(odd), static_cast<std::uint16_t>(~0x0100));
  // A long flight is cut at the MSS.
  trace::CaptureOptions small;
  small.mss = 100;
  trace::TcpCapture pcap(small);
  pcap.client_to_server(Bytes(250, 0x17));
  const auto list = blocks(pcap.pcapng());
  // SHB, IDB (no DSB without a key log), 3 handshake packets, 3 data
  // segments and their ACK, FIN, FIN, ACK.
  ASSERT_EQ(list.size(), 2u + 3 + 4 + 3);
  EXPECT_EQ(parse_packet(list[5], small).payload.size(), 100u);
  EXPECT_EQ(parse_packet(list[7], small).payload.size(), 50u);
}

}  // namespace
}  // namespace glasstls::test
