// Reference identity vs presented identity (RFC 9525 §6; RFC 6125 §6.4 before it).
//
// Only the subjectAltName is consulted. The rules, in the order a learner meets them:
//   1. DNS names compare label by label, ASCII case-insensitively; a single trailing
//      dot ("example.com.") is the same name.
//   2. A wildcard is honoured only as the whole left-most label ("*.example.com"),
//      matches exactly one label, and never sits right above a single label
//      ("*.com" would cover a whole top-level domain).
//   3. IP addresses compare as octets (4 for IPv4, 16 for IPv6), never as text.
//   4. E-mail addresses: the local part exactly, the domain case-insensitively.
#include "x509/identity.hpp"

#include <algorithm>
#include <vector>

namespace glasstls::x509 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view strip_trailing_dot(std::string_view s) {
  return (!s.empty() && s.back() == '.') ? s.substr(0, s.size() - 1) : s;
}

std::vector<std::string_view> split_labels(std::string_view name) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    labels.push_back(name.substr(start, dot == std::string_view::npos ? name.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels;
}

// RFC 1034 §3.5 "preferred name syntax" (letters, digits, hyphen; no hyphen at
// either end; RFC 1123 §2.1 allows a leading digit). With `underscore`, '_'
// too: DNS itself allows it (SRV and DKIM names use it), so a reference name
// may hold one; a certificate's dNSName may not.
bool valid_label(std::string_view label, bool underscore) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (const char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || (underscore && c == '_');
    if (!ok) return false;
  }
  return true;
}

// The comparison of dns_name_matches, with presented labels either in the
// preferred name syntax only or with '_' tolerated (to explain a refusal).
bool dns_match(std::string_view presented, std::string_view reference, bool presented_underscore);

bool all_digits_or_dots(std::string_view s) {
  for (const char c : s)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  return true;
}

}  // namespace

bool is_valid_reference_hostname(std::string_view name) {
  name = strip_trailing_dot(name);
  if (name.empty() || name.size() > 253) return false;
  // "192.0.2.1" is an IP literal, to be checked as an iPAddress.
  if (all_digits_or_dots(name)) return false;
  for (const auto label : split_labels(name))
    if (!valid_label(label, true)) return false;
  return true;
}

bool dns_name_matches(std::string_view presented, std::string_view reference) {
  // RFC 5280 §4.2.1.6: "The name MUST be in the "preferred name syntax", as
  // specified by Section 3.5 of [RFC1034] and as modified by Section 2.1 of
  // [RFC1123]." A dNSName with '_' is outside it: it matches no host name.
  return dns_match(presented, reference, false);
}

namespace {

bool dns_match(std::string_view presented, std::string_view reference, bool presented_underscore) {
  presented = strip_trailing_dot(presented);
  reference = strip_trailing_dot(reference);
  if (!is_valid_reference_hostname(reference)) return false;
  const auto want = split_labels(reference);
  const auto have = split_labels(presented);
  if (have.size() != want.size()) return false;  // a wildcard stands for one label only
  for (std::size_t i = 0; i < have.size(); ++i) {
    if (i == 0 && have[0] == "*") {
      // RFC 9525 §6.3: "If the DNS domain name portion of a presented identifier
      // includes the wildcard character '*', the following rules apply: ... the
      // wildcard character MUST be the complete content of the left-most label"
      // and it matches one label only. Refuse "*.com": the CA/B Forum Baseline
      // Requirements §3.2.2.6 forbid wildcards right under a public suffix, and
      // a single label is the one suffix we can recognise without a list.
      if (have.size() < 3) return false;
      continue;
    }
    // Any other '*' (partial "ba*", "xn--*", or not left-most) is a plain octet
    // that no valid host name contains, so valid_label refuses it.
    if (!valid_label(have[i], presented_underscore) || !iequals(have[i], want[i])) return false;
  }
  return true;
}

}  // namespace

bool email_matches(std::string_view presented, std::string_view reference) {
  const std::size_t at_p = presented.rfind('@');
  const std::size_t at_r = reference.rfind('@');
  if (at_p == std::string_view::npos || at_r == std::string_view::npos) return false;
  if (at_p == 0 || at_r == 0) return false;
  // RFC 5321 §2.4: the local part is case-sensitive; the domain is not.
  return presented.substr(0, at_p) == reference.substr(0, at_r) &&
         iequals(presented.substr(at_p + 1), reference.substr(at_r + 1));
}

Result<void> verify_hostname(const Certificate& cert, std::string_view hostname) {
  if (!is_valid_reference_hostname(hostname))
    return make_error(AlertDescription::bad_certificate,
                      "RFC 9525 §6.2: the reference host name is not a valid DNS name");
  const auto& sans = cert.extensions().subject_alt_names;
  if (sans)
    for (const auto& gn : *sans)
      if (gn.kind == GeneralNameKind::dns_name && dns_name_matches(gn.text, hostname))
        return success();
  // Say why when the only entry that would match is outside the preferred
  // name syntax: "openssl verify accepts it" is the learner's next question.
  if (sans)
    for (const auto& gn : *sans)
      if (gn.kind == GeneralNameKind::dns_name && dns_match(gn.text, hostname, true))
        return make_error(
            AlertDescription::bad_certificate,
            "RFC 5280 §4.2.1.6: the subjectAltName dNSName for this host has an underscore, "
            "outside the RFC 1034 preferred name syntax: it is not matched (both profiles)");
  // RFC 9525 §6.3: "a client MUST NOT seek a match for a reference identifier
  // of CN-ID if the presented identifiers include a DNS-ID, SRV-ID, URI-ID, or
  // any application-specific identifier types"; like browsers we never do.
  return make_error(AlertDescription::bad_certificate,
                    "RFC 9525 §6.3: no subjectAltName dNSName matches the host name (the Common "
                    "Name is not used)");
}

Result<void> verify_ip(const Certificate& cert, ByteView ip) {
  const auto& sans = cert.extensions().subject_alt_names;
  if (sans)
    for (const auto& gn : *sans)
      if (gn.kind == GeneralNameKind::ip_address && gn.bytes.size() == ip.size() &&
          std::equal(gn.bytes.begin(), gn.bytes.end(), ip.begin()))
        return success();
  // RFC 9525 §6.4.4: "the client MUST ... compare the reference identity
  // against the iPAddress entries, octet for octet."
  return make_error(AlertDescription::bad_certificate,
                    "RFC 9525 §6.4.4: no subjectAltName iPAddress equals the address");
}

Result<void> verify_email(const Certificate& cert, std::string_view email) {
  const auto& sans = cert.extensions().subject_alt_names;
  if (sans)
    for (const auto& gn : *sans)
      if (gn.kind == GeneralNameKind::rfc822_name && email_matches(gn.text, email))
        return success();
  return make_error(AlertDescription::bad_certificate,
                    "RFC 5280 §4.2.1.6: no subjectAltName rfc822Name matches the e-mail address");
}

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// UTF-8 (RFC 3629) to code points; false on a malformed sequence.
bool utf8_decode(std::string_view s, std::u32string& out) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80         ? 1
                            : (b >> 5) == 6  ? 2
                            : (b >> 4) == 14 ? 3
                            : (b >> 3) == 30 ? 4
                                             : 0;
    if (len == 0 || i + len > s.size()) return false;
    char32_t cp = len == 1 ? b : static_cast<char32_t>(b & (0x7f >> len));
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;  // overlong, surrogate
    out.push_back(cp);
    i += len;
  }
  return true;
}

// RFC 3492 (Punycode) §6.3, the encoding procedure, with the parameters of
// §5: base 36, tmin 1, tmax 26, skew 38, damp 700, initial_bias 72,
// initial_n 128. False on overflow.
bool punycode_encode(const std::u32string& input, std::string& out) {
  constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
  auto digit = [](std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  // RFC 3492 §6.1, bias adaptation.
  auto adapt = [](std::uint32_t delta, std::uint32_t points, bool first) {
    delta = first ? delta / damp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
      delta /= base - tmin;
      k += base;
    }
    return k + (base - tmin + 1) * delta / (delta + skew);
  };
  constexpr std::uint64_t kMax = 0xffffffffu;
  std::uint32_t n = 128, bias = 72;
  std::uint64_t delta = 0;
  for (const char32_t c : input)
    if (c < 0x80) out.push_back(static_cast<char>(c));
  const auto b = static_cast<std::uint32_t>(out.size());
  std::uint32_t h = b;
  if (b > 0) out.push_back('-');
  while (h < input.size()) {
    char32_t m = 0x10ffff;
    for (const char32_t c : input)
      if (c >= n && c < m) m = c;
    delta += static_cast<std::uint64_t>(m - n) * (h + 1);
    if (delta > kMax) return false;
    n = static_cast<std::uint32_t>(m);
    for (const char32_t c : input) {
      if (c < n && ++delta > kMax) return false;
      if (c != n) continue;
      auto q = static_cast<std::uint32_t>(delta);
      for (std::uint32_t k = base;; k += base) {
        const std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
        if (q < t) break;
        out.push_back(digit(t + (q - t) % (base - t)));
        q = (q - t) / (base - t);
      }
      out.push_back(digit(q));
      bias = adapt(static_cast<std::uint32_t>(delta), h + 1, h == b);
      delta = 0;
      ++h;
    }
    ++delta;
    ++n;
  }
  return true;
}

}  // namespace

bool idn_to_ascii(std::string_view name, std::string& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::string_view label =
        name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
    if (std::all_of(label.begin(), label.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
      out.append(label);
    } else {
      std::u32string points;
      std::string encoded;
      if (!utf8_decode(label, points) || !punycode_encode(points, encoded)) return false;
      out.append("xn--").append(encoded);
    }
    if (dot == std::string_view::npos) return true;
    out.push_back('.');
    start = dot + 1;
  }
}

PublicSuffixList PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList list;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // "Each line is only read up to the first whitespace" (publicsuffix.org/list/).
    const std::size_t ws = line.find_first_of(" \t\r");
    if (ws != std::string_view::npos) line = line.substr(0, ws);
    if (line.empty() || line.starts_with("//")) continue;
    // A Unicode rule ("公司.cn") is kept in the A-label form certificates
    // carry ("xn--55qx5d.cn").
    std::string ascii;
    if (!idn_to_ascii(line, ascii)) {
      ++list.skipped_;
      continue;
    }
    const std::string_view rule = ascii;
    if (rule.starts_with("!"))
      list.exceptions_.insert(ascii_lower(rule.substr(1)));
    else if (rule.starts_with("*."))
      list.wildcard_parents_.insert(ascii_lower(rule.substr(2)));
    else
      list.exact_.insert(ascii_lower(rule));
  }
  return list;
}

bool PublicSuffixList::is_public_suffix(std::string_view domain) const {
  const std::string d = ascii_lower(strip_trailing_dot(domain));
  if (d.empty()) return false;
  if (exceptions_.contains(d)) return false;
  if (exact_.contains(d)) return true;
  const std::size_t dot = d.find('.');
  if (dot == std::string::npos) return true;  // the implicit rule "*": every TLD
  return wildcard_parents_.contains(d.substr(dot + 1));
}

}  // namespace glasstls::x509
