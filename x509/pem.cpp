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
bool pem_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// RFC 4648 §4 Base64 with "=" padding, nothing else. On failure `bad` is the
// index of the offending character.
bool decode(std::string_view s, Bytes& out, std::size_t& bad) {
  out.clear();
  // RFC 4648 §3.5 (canonical encoding): the encoded length is a multiple of 4.
  if (s.size() % 4 != 0) {
    bad = s.size();
    return false;
  }
  std::size_t padding = 0;
  if (!s.empty() && s.back() == '=') padding = s[s.size() - 2] == '=' ? 2 : 1;
  std::uint32_t acc = 0;
  for (std::size_t i = 0; i < s.size() - padding; ++i) {
    const int v = base64_value(s[i]);
    if (v < 0) {
      bad = i;
      return false;
    }
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    if (i % 4 == 3) {
      out.push_back(static_cast<std::uint8_t>(acc >> 16));
      out.push_back(static_cast<std::uint8_t>(acc >> 8));
      out.push_back(static_cast<std::uint8_t>(acc));
      acc = 0;
    }
  }
  if (padding == 1) {
    // 3 characters = 18 bits carry 2 octets; RFC 4648 §3.5: "the pad bits MUST be set to zero".
    if ((acc & 0x3) != 0) {
      bad = s.size() - 2;
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(acc >> 10));
    out.push_back(static_cast<std::uint8_t>(acc >> 2));
  } else if (padding == 2) {
    if ((acc & 0xf) != 0) {
      bad = s.size() - 3;
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(acc >> 4));
  }
  return true;
}

// `rule` is static text, so the common labels each have their own sentence.
std::string_view unexpected_label_rule(std::string_view label) {
  if (label == "CERTIFICATE") return "RFC 7468: expected another PEM label, found CERTIFICATE";
  if (label == "PRIVATE KEY") return "RFC 7468: expected another PEM label, found PRIVATE KEY";
  if (label == "RSA PRIVATE KEY") return "RFC 7468: expected another PEM label, found RSA PRIVATE KEY";
  if (label == "EC PRIVATE KEY") return "RFC 7468: expected another PEM label, found EC PRIVATE KEY";
  if (label == "ENCRYPTED PRIVATE KEY")
    return "RFC 7468: expected another PEM label, found ENCRYPTED PRIVATE KEY (encrypted keys are not supported)";
  if (label == "PUBLIC KEY") return "RFC 7468: expected another PEM label, found PUBLIC KEY";
  if (label == "CERTIFICATE REQUEST") return "RFC 7468: expected another PEM label, found CERTIFICATE REQUEST";
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
  ok = decode(s, out, bad);
  if (!ok) out.clear();
  return out;
}

std::string base64_encode(ByteView data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16 | static_cast<std::uint32_t>(data[i + 1]) << 8 | data[i + 2];
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
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16 | static_cast<std::uint32_t>(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += '=';
  }
  return out;
}

Result<std::vector<PemBlock>> pem_decode_all(std::string_view text) {
  std::vector<PemBlock> blocks;
  std::size_t pos = 0;
  while (true) {
    const std::size_t begin = text.find(kBegin, pos);
    if (begin == std::string_view::npos) break;
    // RFC 7468 §2: "-----BEGIN " label "-----", then the Base64 text, then
    // "-----END " label "-----" with the same label.
    const std::size_t label_at = begin + kBegin.size();
    const std::size_t label_end = text.find(kDashes, label_at);
    const std::size_t eol = text.find('\n', label_at);
    if (label_end == std::string_view::npos || (eol != std::string_view::npos && eol < label_end))
      return make_error(kDecode, "RFC 7468 §2: BEGIN line must end in \"-----\"", begin);
    PemBlock block;
    block.offset = begin;
    block.label = std::string(text.substr(label_at, label_end - label_at));
    block.line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
    const std::size_t body_at = label_end + kDashes.size();
    const std::size_t end = text.find(kEnd, body_at);
    if (end == std::string_view::npos)
      return make_error(kDecode, "RFC 7468 §2: BEGIN without a matching END line", begin);
    const std::size_t end_label_at = end + kEnd.size();
    if (text.substr(end_label_at, block.label.size()) != block.label ||
        text.substr(end_label_at + block.label.size(), kDashes.size()) != kDashes)
      return make_error(kDecode, "RFC 7468 §2: the END label must be the BEGIN label", end_label_at);
    // Lax reading (RFC 7468 §3): whitespace anywhere in the Base64 text is skipped.
    std::string b64;
    std::vector<std::size_t> where;
    for (std::size_t i = body_at; i < end; ++i) {
      if (pem_whitespace(text[i])) continue;
      b64 += text[i];
      where.push_back(i);
    }
    std::size_t bad = 0;
    if (!decode(b64, block.der, bad)) {
      const std::size_t at = bad < where.size() ? where[bad] : end;
      return make_error(kDecode, "RFC 4648 §4: bad Base64 character, length or padding in PEM", at);
    }
    pos = end_label_at + block.label.size() + kDashes.size();
    blocks.push_back(std::move(block));
  }
  return blocks;
}

Result<Bytes> pem_decode_one(std::string_view text, std::string_view label) {
  auto blocks = pem_decode_all(text);
  if (!blocks) return blocks.error();
  if (blocks->empty()) return make_error(kDecode, "RFC 7468 §2: no PEM block found", 0);
  if (blocks->size() != 1) return make_error(kDecode, "RFC 7468: expected exactly one PEM block", 0);
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
