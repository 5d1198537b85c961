#include "x509/pem.hpp"

#include <algorithm>

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;
constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// RFC 7468 §3: "W = %x20 / %x09 / %x0A / %x0B / %x0C / %x0D" (lax parsers skip it).
bool pem_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The Base64 characters of `text`: every character when strict, the
// non-whitespace ones when lax (RFC 7468 §3). Nothing is copied, so errors
// name offsets in `text` itself.
class Base64Chars {
 public:
  Base64Chars(std::string_view text, bool lax) : text_(text), lax_(lax) {}

  bool counts(char c) const { return !(lax_ && pem_whitespace(c)); }
  std::size_t size() const {
    return static_cast<std::size_t>(
        std::count_if(text_.begin(), text_.end(), [&](char c) { return counts(c); }));
  }
  // Offsets of the last `n` characters that count, last first (fewer if there are fewer).
  std::vector<std::size_t> last_offsets(std::size_t n) const {
    std::vector<std::size_t> out;
    for (std::size_t i = text_.size(); i > 0 && out.size() < n; --i)
      if (counts(text_[i - 1])) out.push_back(i - 1);
    return out;
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
  bool lax_;
};

// RFC 4648 §4 Base64 with "=" padding, nothing else, read in one pass over the
// text with no copy of it. On failure `bad` is the offset of the offending
// character in `chars.text()` (its size when the length is wrong).
bool decode(const Base64Chars& chars, Bytes& out, std::size_t& bad) {
  out.clear();
  const std::string_view text = chars.text();
  const std::size_t count = chars.size();
  // RFC 4648 §3.5 (canonical encoding): the encoded length is a multiple of 4.
  if (count % 4 != 0) {
    bad = text.size();
    return false;
  }
  const std::vector<std::size_t> last = chars.last_offsets(3);
  std::size_t padding = 0;
  if (count > 0 && text[last[0]] == '=') padding = text[last[1]] == '=' ? 2 : 1;
  out.reserve(count / 4 * 3);
  std::uint32_t acc = 0;
  std::size_t i = 0;
  for (std::size_t at = 0; at < text.size() && i < count - padding; ++at) {
    if (!chars.counts(text[at])) continue;
    const int v = base64_value(text[at]);
    if (v < 0) {
      bad = at;
      return false;
    }
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    if (i % 4 == 3) {
      out.push_back(static_cast<std::uint8_t>(acc >> 16));
      out.push_back(static_cast<std::uint8_t>(acc >> 8));
      out.push_back(static_cast<std::uint8_t>(acc));
      acc = 0;
    }
    ++i;
  }
  if (padding == 1) {
    // 3 characters = 18 bits carry 2 octets; RFC 4648 §3.5: "the pad bits MUST be set to zero".
    if ((acc & 0x3) != 0) {
      bad = last[1];
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(acc >> 10));
    out.push_back(static_cast<std::uint8_t>(acc >> 2));
  } else if (padding == 2) {
    if ((acc & 0xf) != 0) {
      bad = last[2];
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(acc >> 4));
  }
  return true;
}

// 1-based line numbers of increasing offsets, each newline counted once: a
// file of many blocks is read in time linear in its size.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::size_t line_at(std::size_t offset) {
    line_ += static_cast<std::size_t>(
        std::count(text_.begin() + static_cast<std::ptrdiff_t>(counted_),
                   text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    counted_ = offset;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t counted_ = 0;
  std::size_t line_ = 1;
};

// `rule` is static text, so the common labels each have their own sentence.
std::string_view unexpected_label_rule(std::string_view label) {
  if (label == "CERTIFICATE") return "RFC 7468: expected another PEM label, found CERTIFICATE";
  if (label == "PRIVATE KEY") return "RFC 7468: expected another PEM label, found PRIVATE KEY";
  if (label == "RSA PRIVATE KEY")
    return "RFC 7468: expected another PEM label, found RSA PRIVATE KEY";
  if (label == "EC PRIVATE KEY")
    return "RFC 7468: expected another PEM label, found EC PRIVATE KEY";
  if (label == "ENCRYPTED PRIVATE KEY")
    return "RFC 7468: expected another PEM label, found ENCRYPTED PRIVATE KEY (encrypted keys are "
           "not supported)";
  if (label == "PUBLIC KEY") return "RFC 7468: expected another PEM label, found PUBLIC KEY";
  if (label == "CERTIFICATE REQUEST")
    return "RFC 7468: expected another PEM label, found CERTIFICATE REQUEST";
  if (label == "X509 CRL") return "RFC 7468: expected another PEM label, found X509 CRL";
  if (label == "TRUSTED CERTIFICATE")
    return "RFC 7468: expected another PEM label, found TRUSTED CERTIFICATE (OpenSSL's own format)";
  return "RFC 7468: expected another PEM label, found an unknown label";
}

}  // namespace

Error pem_unexpected_label(std::string_view found, std::size_t offset) {
  return make_error(kDecode, unexpected_label_rule(found), offset);
}

Bytes base64_decode_strict(std::string_view s, bool& ok) {
  Bytes out;
  std::size_t bad = 0;
  ok = decode(Base64Chars(s, false), out, bad);
  if (!ok) out.clear();
  return out;
}

std::string base64_encode(ByteView data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16 |
                            static_cast<std::uint32_t>(data[i + 1]) << 8 | data[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (data.size() - i == 1) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += "==";
  } else if (data.size() - i == 2) {
    const std::uint32_t v =
        static_cast<std::uint32_t>(data[i]) << 16 | static_cast<std::uint32_t>(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += '=';
  }
  return out;
}

Result<std::vector<PemBlock>> pem_decode_all(std::string_view text) {
  std::vector<PemBlock> blocks;
  LineCounter lines(text);
  std::size_t pos = 0;
  while (true) {
    const std::size_t begin = text.find(kBegin, pos);
    if (begin == std::string_view::npos) break;
    // RFC 7468 §2: "-----BEGIN " label "-----", then the Base64 text, then
    // "-----END " label "-----" with the same label.
    const std::size_t label_at = begin + kBegin.size();
    const std::size_t label_end = text.find(kDashes, label_at);
    if (label_end == std::string_view::npos ||
        text.substr(label_at, label_end - label_at).find('\n') != std::string_view::npos)
      return make_error(kDecode, "RFC 7468 §2: BEGIN line must end in \"-----\"", begin);
    PemBlock block;
    block.offset = begin;
    block.label = std::string(text.substr(label_at, label_end - label_at));
    block.line = lines.line_at(begin);
    const std::size_t body_at = label_end + kDashes.size();
    const std::size_t end = text.find(kEnd, body_at);
    if (end == std::string_view::npos)
      return make_error(kDecode, "RFC 7468 §2: BEGIN without a matching END line", begin);
    const std::size_t end_label_at = end + kEnd.size();
    if (text.substr(end_label_at, block.label.size()) != block.label ||
        text.substr(end_label_at + block.label.size(), kDashes.size()) != kDashes)
      return make_error(kDecode, "RFC 7468 §2: the END label must be the BEGIN label",
                        end_label_at);
    // Lax reading (RFC 7468 §3): whitespace anywhere in the Base64 text is skipped.
    std::size_t bad = 0;
    if (!decode(Base64Chars(text.substr(body_at, end - body_at), true), block.der, bad))
      return make_error(kDecode, "RFC 4648 §4: bad Base64 character, length or padding in PEM",
                        body_at + bad);
    pos = end_label_at + block.label.size() + kDashes.size();
    blocks.push_back(std::move(block));
  }
  return blocks;
}

Result<Bytes> pem_decode_one(std::string_view text, std::string_view label) {
  auto blocks = pem_decode_all(text);
  if (!blocks) return blocks.error();
  if (blocks->empty()) return make_error(kDecode, "RFC 7468 §2: no PEM block found", 0);
  if (blocks->size() != 1)
    return make_error(kDecode, "RFC 7468: expected exactly one PEM block", 0);
  PemBlock& b = blocks->front();
  if (b.label != label) return pem_unexpected_label(b.label, b.offset + kBegin.size());
  return std::move(b.der);
}

std::string pem_encode(std::string_view label, ByteView der) {
  // RFC 7468 §3 (strict form): lines of exactly 64 Base64 characters but the last.
  const std::string b64 = base64_encode(der);
  std::string out = std::string(kBegin) + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  out += std::string(kEnd) + std::string(label) + "-----\n";
  return out;
}

bool looks_like_pem(ByteView data) {
  const std::string_view s(reinterpret_cast<const char*>(data.data()), data.size());
  return s.find(kBegin) != std::string_view::npos;
}

}  // namespace glasstls::x509
