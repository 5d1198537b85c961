#include "x509/general_name.hpp"

#include <cstdio>

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

// Number of leading one bits when `mask` is a CIDR prefix mask, -1 otherwise.
int prefix_length(ByteView mask) {
  int bits = 0;
  bool zeros = false;
  for (const auto b : mask)
    for (int i = 7; i >= 0; --i) {
      const bool one = (b >> i & 1) != 0;
      if (one && zeros) return -1;
      if (one)
        ++bits;
      else
        zeros = true;
    }
  return bits;
}

}  // namespace

Result<GeneralName> GeneralName::parse(DerReader& r, bool in_constraint) {
  auto e = r.read_any();
  if (!e) return e.error();
  GeneralName g;
  g.range = e->range;
  g.bytes = e->contents;
  // GeneralName ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2]
  //   IA5String, x400Address [3], directoryName [4] Name, ediPartyName [5],
  //   uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING,
  //   registeredID [8] OBJECT IDENTIFIER }  (RFC 5280 §4.2.1.6, IMPLICIT tags)
  const std::uint8_t number = e->tag & 0x1f;
  if ((e->tag & 0xc0) != 0x80 || number > 8)
    return make_error(kDecode,
                      "RFC 5280 §4.2.1.6: a GeneralName is a context-tagged [0]..[8] choice",
                      e->range.offset);
  g.kind = static_cast<GeneralNameKind>(number);
  // otherName, x400Address, directoryName and ediPartyName are constructed;
  // the strings, the address and the OID are primitive.
  const bool want_constructed = number == 0 || number == 3 || number == 4 || number == 5;
  if (e->constructed() != want_constructed)
    return make_error(kDecode, "X.690 §8.14: GeneralName has the wrong primitive/constructed form",
                      e->range.offset);
  switch (g.kind) {
    case GeneralNameKind::rfc822_name:
    case GeneralNameKind::dns_name:
    case GeneralNameKind::uri:
      // RFC 5280 §4.2.1.6: rfc822Name, dNSName and uniformResourceIdentifier are IA5String.
      for (std::size_t i = 0; i < e->contents.size(); ++i)
        if (e->contents[i] >= 0x80)
          return make_error(kDecode, "RFC 5280 §4.2.1.6: IA5String names are 7-bit ASCII",
                            e->value_range.offset + i);
      g.text.assign(e->contents.begin(), e->contents.end());
      break;
    case GeneralNameKind::ip_address: {
      // RFC 5280 §4.2.1.6: "the octet string MUST contain exactly four octets" (IPv4)
      // or "exactly sixteen octets" (IPv6); RFC 5280 §4.2.1.10: in name constraints
      // "the address ... followed by ... the subnet mask": 8 or 32 octets.
      const std::size_t n = e->contents.size();
      if (in_constraint ? (n != 8 && n != 32) : (n != 4 && n != 16))
        return make_error(kDecode,
                          in_constraint
                              ? "RFC 5280 §4.2.1.10: an iPAddress constraint is 8 or 32 octets"
                              : "RFC 5280 §4.2.1.6: an iPAddress is 4 or 16 octets",
                          e->value_range.offset);
      break;
    }
    case GeneralNameKind::directory_name: {
      // directoryName [4] is EXPLICIT (Name is a CHOICE, X.680 §31.2.7).
      auto inner = r.enter(*e);
      if (!inner) return inner.error();
      auto name = Name::parse(*inner);
      if (!name) return name.error();
      if (auto end = inner->expect_end("RFC 5280 §4.2.1.6: directoryName holds exactly one Name");
          !end)
        return end.error();
      g.directory = *name;
      break;
    }
    default:
      // otherName, x400Address, ediPartyName, registeredID: kept raw in `bytes`.
      break;
  }
  return g;
}

std::string GeneralName::to_string() const {
  switch (kind) {
    case GeneralNameKind::rfc822_name: return "email:" + text;
    case GeneralNameKind::dns_name: return "DNS:" + text;
    case GeneralNameKind::uri: return "URI:" + text;
    case GeneralNameKind::directory_name: return "DirName:" + directory.to_string();
    case GeneralNameKind::ip_address: {
      if (bytes.size() == 4 || bytes.size() == 16) return "IP:" + format_ip(bytes);
      const std::size_t half = bytes.size() / 2;
      const ByteView address = bytes.first(half), mask = bytes.subspan(half);
      const int prefix = prefix_length(mask);
      return "IP:" + format_ip(address) + "/" +
             (prefix >= 0 ? std::to_string(prefix) : format_ip(mask));
    }
    case GeneralNameKind::other_name: return "othername:<unsupported>";
    case GeneralNameKind::x400_address: return "X400Name:<unsupported>";
    case GeneralNameKind::edi_party_name: return "EdiPartyName:<unsupported>";
    case GeneralNameKind::registered_id: {
      auto o = Oid::from_contents(bytes);
      return "RID:" + (o ? o->dotted() : std::string("<invalid>"));
    }
  }
  return "<unknown>";
}

std::string format_ip(ByteView a) {
  char buf[8];
  std::string out;
  if (a.size() == 4) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(a[i]);
    }
    return out;
  }
  if (a.size() != 16) return "<bad address>";
  unsigned groups[8];
  for (std::size_t i = 0; i < 8; ++i)
    groups[i] = static_cast<unsigned>(a[2 * i] << 8 | a[2 * i + 1]);
  // RFC 5952 §4.2: "::" replaces the longest run of two or more zero groups
  // (the first one on a tie); §4.3: lowercase hex without leading zeros.
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

namespace {

bool parse_ipv4(std::string_view t, std::uint8_t out[4]) {
  std::size_t p = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (p >= t.size() || t[p] != '.') return false;
      ++p;
    }
    std::size_t start = p;
    unsigned v = 0;
    while (p < t.size() && t[p] >= '0' && t[p] <= '9' && p - start < 3)
      v = v * 10 + static_cast<unsigned>(t[p++] - '0');
    // No empty parts, no leading zeros (they would read as octal elsewhere), <= 255.
    if (p == start || v > 255 || (p - start > 1 && t[start] == '0')) return false;
    out[i] = static_cast<std::uint8_t>(v);
  }
  return p == t.size();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 4291 §2.2: x:x:x:x:x:x:x:x, "::" once for a run of zeros, and an IPv4
// dotted quad allowed as the last 32 bits.
bool parse_ipv6(std::string_view t, std::uint8_t out[16]) {
  std::uint8_t before[16], after[16];
  std::size_t nbefore = 0, nafter = 0;
  bool compressed = false;
  std::size_t p = 0;
  if (t.substr(0, 2) == "::") {
    compressed = true;
    p = 2;
  }
  while (p < t.size()) {
    std::uint8_t* dst = compressed ? after : before;
    std::size_t& n = compressed ? nafter : nbefore;
    // An embedded IPv4 address ends the text.
    const std::size_t next_colon = t.find(':', p);
    const std::string_view part =
        t.substr(p, next_colon == std::string_view::npos ? t.size() - p : next_colon - p);
    if (part.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos || n + 4 > 16) return false;
      if (!parse_ipv4(part, dst + n)) return false;
      n += 4;
      p = t.size();
      break;
    }
    if (part.empty() || part.size() > 4 || n + 2 > 16) return false;
    unsigned v = 0;
    for (const char c : part) {
      const int d = hex_digit(c);
      if (d < 0) return false;
      v = v << 4 | static_cast<unsigned>(d);
    }
    dst[n++] = static_cast<std::uint8_t>(v >> 8);
    dst[n++] = static_cast<std::uint8_t>(v);
    p += part.size();
    if (p == t.size()) break;
    ++p;  // the ':'
    if (p < t.size() && t[p] == ':') {
      if (compressed) return false;
      compressed = true;
      ++p;
    } else if (p == t.size()) {
      return false;  // a single trailing ':'
    }
  }
  const std::size_t total = nbefore + nafter;
  if (compressed ? total > 14 : total != 16) return false;
  std::fill(out, out + 16, std::uint8_t{0});
  std::copy(before, before + nbefore, out);
  std::copy(after, after + nafter, out + 16 - nafter);
  return true;
}

}  // namespace

bool parse_ip(std::string_view text, std::vector<std::uint8_t>& out) {
  std::uint8_t buf[16];
  if (parse_ipv4(text, buf)) {
    out.assign(buf, buf + 4);
    return true;
  }
  if (parse_ipv6(text, buf)) {
    out.assign(buf, buf + 16);
    return true;
  }
  return false;
}

}  // namespace glasstls::x509
