#include "conformance/records.hpp"

#include <algorithm>

namespace glasstls::conformance {

std::vector<Rec> split_records(const Bytes& bytes) {
  std::vector<Rec> out;
  std::size_t at = 0;
  while (at + 5 <= bytes.size()) {
    Rec r;
    r.type = bytes[at];
    r.version = static_cast<std::uint16_t>(bytes[at + 1] << 8 | bytes[at + 2]);
    const std::size_t n = std::size_t{bytes[at + 3]} << 8 | bytes[at + 4];
    const std::size_t end = std::min(bytes.size(), at + 5 + n);
    r.body.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at + 5),
                  bytes.begin() + static_cast<std::ptrdiff_t>(end));
    out.push_back(std::move(r));
    at = end;
  }
  return out;
}

Bytes join_records(const std::vector<Rec>& records) {
  Bytes out;
  for (const auto& r : records) {
    const std::size_t n = r.length_field ? *r.length_field : r.body.size();
    out.push_back(r.type);
    out.push_back(static_cast<std::uint8_t>(r.version >> 8));
    out.push_back(static_cast<std::uint8_t>(r.version));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), r.body.begin(), r.body.end());
  }
  return out;
}

Bytes handshake_message(std::uint8_t type, const Bytes& body) {
  Bytes m(4 + body.size());
  m[0] = type;
  m[1] = static_cast<std::uint8_t>(body.size() >> 16);
  m[2] = static_cast<std::uint8_t>(body.size() >> 8);
  m[3] = static_cast<std::uint8_t>(body.size());
  std::copy(body.begin(), body.end(), m.begin() + 4);
  return m;
}

std::vector<Bytes> split_messages(const Bytes& handshake) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at < handshake.size()) {
    std::size_t end = handshake.size();
    if (at + 4 <= handshake.size()) {
      const std::size_t n = std::size_t{handshake[at + 1]} << 16 |
                            std::size_t{handshake[at + 2]} << 8 | handshake[at + 3];
      end = std::min(handshake.size(), at + 4 + n);
    }
    out.emplace_back(handshake.begin() + static_cast<std::ptrdiff_t>(at),
                     handshake.begin() + static_cast<std::ptrdiff_t>(end));
    at = end;
  }
  return out;
}

}  // namespace glasstls::conformance
