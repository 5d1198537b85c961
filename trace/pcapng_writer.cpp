#include "trace/pcapng_writer.hpp"

#include <algorithm>

namespace glasstls::trace {

namespace {

// pcapng block types (draft-ietf-opsawg-pcapng §4.1).
constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kDecryptionSecrets = 0x0000000A;
constexpr std::uint32_t kTlsKeyLog = 0x544C534B;  // "TLSK": an NSS key log
constexpr std::uint16_t kLinktypeEthernet = 1;

// pcapng is written in the writer's byte order, announced by the magic: we
// write little-endian whatever the host.
void le16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void le32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 0; s < 32; s += 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
void be16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// Appends `bytes` (a loop, not vector::insert: g++ 12 reports a false
// -Wstringop-overflow on inserting small arrays).
void put(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  out.reserve(out.size() + bytes.size());
  for (const std::uint8_t b : bytes) out.push_back(b);
}

// A block: type, total length, body padded to 32 bits, total length again.
void block(std::vector<std::uint8_t>& out, std::uint32_t type,
           const std::vector<std::uint8_t>& body) {
  const std::size_t padded = (body.size() + 3) / 4 * 4;
  const auto total = static_cast<std::uint32_t>(12 + padded);
  le32(out, type);
  le32(out, total);
  put(out, body);
  out.insert(out.end(), padded - body.size(), 0);
  le32(out, total);
}

void pad4(std::vector<std::uint8_t>& body, std::size_t from) {
  while ((body.size() - from) % 4) body.push_back(0);
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> data, std::uint32_t sum) {
  for (std::size_t i = 0; i < data.size(); i += 2) {
    const std::uint32_t hi = data[i];
    const std::uint32_t lo = i + 1 < data.size() ? data[i + 1] : 0;
    sum += hi << 8 | lo;
  }
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> ethernet_frame(const TcpSegment& s) {
  std::vector<std::uint8_t> f;
  // Ethernet II: locally administered made-up addresses, EtherType IPv4.
  const std::uint8_t client_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
  const std::uint8_t server_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
  const bool from_low = s.from.address < s.to.address;
  put(f, from_low ? server_mac : client_mac);  // destination
  put(f, from_low ? client_mac : server_mac);  // source
  be16(f, 0x0800);

  // RFC 791 §3.1: version 4, header length 5 words, Don't Fragment, TTL 64,
  // protocol 6 (TCP).
  const std::size_t ip_start = f.size();
  const auto total = static_cast<std::uint16_t>(20 + 20 + s.payload.size());
  f.push_back(0x45);
  f.push_back(0);
  be16(f, total);
  be16(f, s.ip_id);
  be16(f, 0x4000);
  f.push_back(64);
  f.push_back(6);
  be16(f, 0);  // checksum, below
  put(f, s.from.address);
  put(f, s.to.address);
  const std::uint16_t ip_sum = internet_checksum(std::span(f).subspan(ip_start, 20));
  f[ip_start + 10] = static_cast<std::uint8_t>(ip_sum >> 8);
  f[ip_start + 11] = static_cast<std::uint8_t>(ip_sum);

  // RFC 9293 §3.1: the TCP header, 5 words, no options.
  const std::size_t tcp_start = f.size();
  be16(f, s.from.port);
  be16(f, s.to.port);
  be32(f, s.seq);
  be32(f, s.ack);
  f.push_back(5 << 4);
  f.push_back(s.flags);
  be16(f, 65535);  // window
  be16(f, 0);      // checksum, below
  be16(f, 0);      // urgent pointer
  put(f, s.payload);
  // The checksum covers a pseudo-header: source, destination, zero,
  // protocol, TCP length (RFC 9293 §3.1).
  const auto tcp_length = static_cast<std::uint32_t>(f.size() - tcp_start);
  std::vector<std::uint8_t> pseudo;
  put(pseudo, s.from.address);
  put(pseudo, s.to.address);
  std::uint32_t sum = 6 + tcp_length;
  for (std::size_t i = 0; i < 8; i += 2) sum += std::uint32_t{pseudo[i]} << 8 | pseudo[i + 1];
  const std::uint16_t tcp_sum = internet_checksum(std::span(f).subspan(tcp_start), sum);
  f[tcp_start + 16] = static_cast<std::uint8_t>(tcp_sum >> 8);
  f[tcp_start + 17] = static_cast<std::uint8_t>(tcp_sum);
  return f;
}

void TcpCapture::add(bool from_client, std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  flights_.push_back({from_client, {bytes.begin(), bytes.end()}});
}

std::vector<std::uint8_t> TcpCapture::pcapng() const {
  std::vector<std::uint8_t> out;

  // Section Header Block: byte-order magic, version 1.0, section length
  // unknown (-1), no options.
  std::vector<std::uint8_t> shb;
  le32(shb, 0x1A2B3C4D);
  le16(shb, 1);
  le16(shb, 0);
  le32(shb, 0xFFFFFFFF);
  le32(shb, 0xFFFFFFFF);
  block(out, kSectionHeader, shb);

  // Interface Description Block: Ethernet, no snap length limit;
  // timestamps in microseconds (the default if_tsresol).
  std::vector<std::uint8_t> idb;
  le16(idb, kLinktypeEthernet);
  le16(idb, 0);
  le32(idb, 0);
  block(out, kInterfaceDescription, idb);

  // Decryption Secrets Block: before the packets it decrypts.
  if (!key_log_.empty()) {
    std::vector<std::uint8_t> dsb;
    le32(dsb, kTlsKeyLog);
    le32(dsb, static_cast<std::uint32_t>(key_log_.size()));
    put(dsb, {reinterpret_cast<const std::uint8_t*>(key_log_.data()), key_log_.size()});
    pad4(dsb, 8);
    block(out, kDecryptionSecrets, dsb);
  }

  std::uint64_t now = options_.start_us;
  std::uint16_t ip_id = 1;
  auto packet = [&](bool from_client, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                    std::span<const std::uint8_t> payload) {
    TcpSegment s{from_client ? options_.client : options_.server,
                 from_client ? options_.server : options_.client,
                 seq,
                 ack,
                 flags,
                 ip_id++,
                 payload};
    const auto frame = ethernet_frame(s);
    std::vector<std::uint8_t> epb;
    le32(epb, 0);  // interface 0
    le32(epb, static_cast<std::uint32_t>(now >> 32));
    le32(epb, static_cast<std::uint32_t>(now));
    le32(epb, static_cast<std::uint32_t>(frame.size()));
    le32(epb, static_cast<std::uint32_t>(frame.size()));
    put(epb, frame);
    block(out, kEnhancedPacket, epb);
    now += options_.step_us;
  };

  // RFC 9293 §3.5: the three-way handshake. A SYN and a FIN each take one
  // sequence number.
  std::uint32_t c = options_.client_isn, s = options_.server_isn;  // next to send
  packet(true, c, 0, kSyn, {});
  ++c;
  packet(false, s, c, kSyn | kAck, {});
  ++s;
  packet(true, c, s, kAck, {});

  const std::size_t mss = std::max<std::size_t>(options_.mss, 1);
  for (const Flight& f : flights_) {
    std::uint32_t& seq = f.from_client ? c : s;
    const std::uint32_t ack = f.from_client ? s : c;
    for (std::size_t at = 0; at < f.bytes.size(); at += mss) {
      const std::size_t n = std::min(mss, f.bytes.size() - at);
      packet(f.from_client, seq, ack, kPsh | kAck, std::span(f.bytes).subspan(at, n));
      seq += static_cast<std::uint32_t>(n);
    }
    // The peer acknowledges the flight.
    packet(!f.from_client, f.from_client ? s : c, seq, kAck, {});
  }

  // RFC 9293 §3.6: each side closes; each FIN is acknowledged.
  packet(true, c, s, kFin | kAck, {});
  ++c;
  packet(false, s, c, kFin | kAck, {});
  ++s;
  packet(true, c, s, kAck, {});
  return out;
}

}  // namespace glasstls::trace
