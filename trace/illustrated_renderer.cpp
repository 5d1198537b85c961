#include "trace/illustrated_renderer.hpp"

#include <algorithm>

#include "trace/field_glossary.hpp"
#include "trace/json_writer.hpp"
#include "trace/text_renderer.hpp"

namespace glasstls::trace {

namespace {

constexpr std::string_view kBold = "1";
constexpr std::string_view kDim = "2";
constexpr std::string_view kRed = "31";
constexpr std::string_view kGreen = "32";
constexpr std::string_view kYellow = "33";
constexpr std::string_view kCyan = "36";

constexpr std::size_t kHexPerLine = 8;  // bytes shown per line of a field

// "19 e5 dd 5d" for up to `max` bytes of b.
std::string spaced_hex(Bytes b, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < b.size() && i < max; ++i) {
    if (i) out += ' ';
    out += to_hex(b.subspan(i, 1));
  }
  return out;
}

std::string four_hex(std::size_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(4, '0');
  for (int i = 3; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 0xf];
  return out;
}

std::string shortened(Bytes b, std::size_t max = 32) {
  std::string h = to_hex(b.first(std::min(b.size(), max)));
  if (b.size() > max) h += "...";
  return h;
}

// The RFC 8446 §7.1 spelling of a key schedule input name.
std::string source_name(std::string_view input) {
  std::string lower(input);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c == ' ' ? '_' : static_cast<char>(c | 0x20); });
  return lower;
}

std::string_view message_section(std::string_view name) {
  if (name == "ClientHello") return "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2";
  if (name == "ServerHello") return "RFC 8446 §4.1.3; RFC 5246 §7.4.1.3";
  if (name == "EncryptedExtensions") return "RFC 8446 §4.3.1";
  if (name == "CertificateRequest") return "RFC 8446 §4.3.2; RFC 5246 §7.4.4";
  if (name == "Certificate") return "RFC 8446 §4.4.2; RFC 5246 §7.4.2";
  if (name == "CertificateVerify") return "RFC 8446 §4.4.3; RFC 5246 §7.4.8";
  if (name == "Finished") return "RFC 8446 §4.4.4; RFC 5246 §7.4.9";
  if (name == "NewSessionTicket") return "RFC 8446 §4.6.1; RFC 5077 §3.3";
  if (name == "ServerKeyExchange") return "RFC 5246 §7.4.3; RFC 8422 §5.4";
  if (name == "ServerHelloDone") return "RFC 5246 §7.4.5";
  if (name == "ClientKeyExchange") return "RFC 5246 §7.4.7; RFC 8422 §5.7";
  return "RFC 8446 §4";
}

}  // namespace

std::optional<TraceLevel> parse_trace_level(std::string_view name) {
  if (name == "summary") return TraceLevel::summary;
  if (name == "fields") return TraceLevel::fields;
  if (name == "bytes") return TraceLevel::bytes;
  if (name == "secrets") return TraceLevel::secrets;
  return std::nullopt;
}

IllustratedRenderer::IllustratedRenderer(std::ostream& out, TraceLevel level, bool colour,
                                         std::string_view side)
    : out_(out), level_(level), colour_(colour), side_(side) {}

std::string IllustratedRenderer::paint(std::string_view code, std::string_view text) const {
  if (!colour_) return std::string(text);
  return std::string("\x1b[").append(code).append("m").append(text).append("\x1b[0m");
}

void IllustratedRenderer::line(std::string_view kind, const std::string& text) {
  out_ << paint(kDim, side_) << ' ' << paint(kBold, kind) << "  " << text << '\n';
}

void IllustratedRenderer::message(const MessageEvent& e) {
  const bool sent = e.direction == Direction::sent;
  out_ << paint(kDim, side_) << ' ' << (sent ? "->" : "<-") << ' ' << paint(kBold, e.name) << "  "
       << e.bytes.size() << " bytes  "
       << paint(kDim, std::string("(").append(message_section(e.name)).append(")")) << '\n';
  if (!at_least(TraceLevel::fields) || !e.fields) return;
  const auto& nodes = *e.fields;
  for (const FieldNode& n : nodes) {
    std::size_t depth = 0;
    for (int p = n.parent; p >= 0; p = nodes[static_cast<std::size_t>(p)].parent) ++depth;
    const bool leaf = std::none_of(nodes.begin(), nodes.end(), [&](const FieldNode& c) {
      return c.parent >= 0 && &nodes[static_cast<std::size_t>(c.parent)] == &n;
    });
    std::string head = "  " + four_hex(n.offset) + "  ";
    const Bytes field =
        n.offset + n.length <= e.bytes.size() ? e.bytes.subspan(n.offset, n.length) : Bytes{};
    std::string hex;
    if (at_least(TraceLevel::bytes) && leaf) hex = spaced_hex(field, kHexPerLine);
    if (at_least(TraceLevel::bytes)) head += hex + std::string(kHexPerLine * 3 - hex.size(), ' ');
    std::string text = std::string(2 * depth, ' ') + paint(kCyan, n.name);
    text += paint(kDim, " [" + std::to_string(n.offset) + "+" + std::to_string(n.length) + "]");
    if (!n.value.empty()) text += " = " + n.value;
    std::string lookup(n.name);
    if (lookup == "extension" && !n.value.empty()) lookup = "extension:" + n.value;
    if (const FieldNote* note = field_note(e.name, lookup)) {
      text.append("  ").append(note->meaning).append(" ");
      text += paint(kDim, std::string("(").append(note->section).append(")"));
    }
    out_ << head << text << '\n';
    // The rest of a long leaf's bytes, kHexPerLine a line (at most 4 lines).
    if (at_least(TraceLevel::bytes) && leaf) {
      for (std::size_t at = kHexPerLine; at < field.size() && at < kHexPerLine * 5;
           at += kHexPerLine) {
        out_ << "  " << four_hex(n.offset + at) << "  "
             << spaced_hex(field.subspan(at), kHexPerLine) << '\n';
      }
      if (field.size() > kHexPerLine * 5)
        out_ << "        ... " << field.size() - kHexPerLine * 5 << " more bytes\n";
    }
  }
}

void IllustratedRenderer::record(const RecordEvent& e) {
  std::string text = describe(Event{e});  // "-> record handshake 0x0301 len=199"
  if (const auto at = text.find(" record "); at != std::string::npos) text.erase(at, 7);
  line("record", text);
  if (!at_least(TraceLevel::bytes)) return;
  out_ << "  0000  " << spaced_hex(e.header, 5) << "  "
       << paint(kCyan, "type, legacy_record_version, length")
       << paint(kDim, " (RFC 8446 §5.1; RFC 5246 §6.2.1)") << '\n';
  if (e.is_protected)
    out_ << "        nonce " << to_hex(e.nonce) << "  "
         << paint(kDim, "(the write IV XOR the sequence number, RFC 8446 §5.3)") << '\n';
}

void IllustratedRenderer::key(const KeyEvent& e) {
  const bool show = at_least(TraceLevel::secrets) && !e.redacted && !e.output.empty();
  std::string call = std::string(e.function) + "(";
  std::size_t depth = 0;
  std::vector<std::string> from;
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    const KeyInput& in = e.inputs[i];
    if (i) call += ", ";
    if (in.name == "Label") {
      call += '"' + std::string(e.function == "PRF" ? "" : "tls13 ") + std::string(e.label) + '"';
      continue;
    }
    call += in.name;
    // Where the input came from: an earlier output with the same value, or
    // the same name (early_secret, handshake_secret, master_secret).
    std::optional<std::size_t> source;
    for (std::size_t j = derived_.size(); j-- > 0;) {
      const bool by_value =
          !in.value.empty() && !values_[j].empty() &&
          std::equal(in.value.begin(), in.value.end(), values_[j].begin(), values_[j].end());
      const bool by_name =
          derived_[j].name == source_name(in.name) ||
          (in.name == "salt" && e.function == "HKDF-Extract" && derived_[j].name == "derived" &&
           (in.value.empty() || values_[j].empty()));
      if (by_value || by_name) {
        source = j;
        break;
      }
    }
    if (source) {
      depth = std::max(depth, derived_[*source].depth + 1);
      from.push_back(std::string(in.name) + " <- " + derived_[*source].name);
    } else if (in.secret) {
      from.push_back(std::string(in.name) +
                     (show && !in.value.empty() ? " = " + shortened(in.value) : " (secret)"));
    } else if (!in.value.empty()) {
      from.push_back(std::string(in.name) + " = " + shortened(in.value));
    }
  }
  call += ")";
  derived_.push_back({std::string(e.output_name), depth});
  values_.emplace_back(e.output.begin(), e.output.end());
  if (!at_least(TraceLevel::fields)) return;
  const std::string indent(2 * depth, ' ');
  line("key", indent + paint(kGreen, e.output_name) + " = " + call);
  for (const auto& f : from) out_ << "       " << indent << "  | " << f << '\n';
  if (show) out_ << "       " << indent << "  = " << paint(kYellow, to_hex(e.output)) << '\n';
}

void IllustratedRenderer::on_event(const Event& event) {
  if (at_least(TraceLevel::secrets) && !warned_) {
    out_ << paint(kRed, kSecretsWarning) << '\n';
    warned_ = true;
  }
  if (const auto* m = std::get_if<MessageEvent>(&event)) return message(*m);
  if (const auto* k = std::get_if<KeyEvent>(&event)) return key(*k);
  if (const auto* a = std::get_if<AlertEvent>(&event)) {
    const std::string text = describe(event);
    return line("alert", a->description == 0 ? text : paint(kRed, text));
  }
  if (!at_least(TraceLevel::fields)) return;
  if (const auto* r = std::get_if<RecordEvent>(&event)) return record(*r);
  if (const auto* t = std::get_if<TranscriptEvent>(&event))
    return line("transcript", "Transcript-Hash(" + std::string(t->point) +
                                  ") = " + to_hex(t->hash) + paint(kDim, "  (RFC 8446 §4.4.1)"));
  if (const auto* s = std::get_if<SignatureEvent>(&event)) {
    line("signature", std::string(s->direction == Direction::sent ? "signed " : "verified ") +
                          std::to_string(s->signed_content.size()) + " bytes with scheme " +
                          four_hex(s->scheme) + (s->ok ? ": ok" : paint(kRed, ": FAILED")) +
                          paint(kDim, "  (RFC 8446 §4.4.3; RFC 5246 §7.4.3, §7.4.8)"));
    // RFC 8446 §4.4.3: 64 spaces, the context string, a zero byte, the hash.
    const Bytes c = s->signed_content;
    if (c.size() > 65 && c[0] == 0x20 && c[63] == 0x20) {
      const auto zero = std::find(c.begin() + 64, c.end(), std::uint8_t{0});
      const std::string context(c.begin() + 64, zero);
      out_ << "       signed content: 64 x 0x20, \"" << context << "\", 0x00, transcript hash "
           << (zero != c.end() ? to_hex(Bytes(zero + 1, c.end())) : std::string()) << '\n';
    } else {
      out_ << "       signed content: client_random + server_random + params (" << c.size()
           << " bytes): " << shortened(c, 48) << '\n';
    }
    if (at_least(TraceLevel::bytes)) out_ << "       " << to_hex(c) << '\n';
    return;
  }
  if (const auto* f = std::get_if<FinishedEvent>(&event)) {
    line("finished",
         std::string(f->direction == Direction::sent ? "computed" : "checked") +
             " verify_data = HMAC(finished_key, Transcript-Hash) (TLS 1.2: PRF(master_secret, "
             "label, Hash))" +
             paint(kDim, "  (RFC 8446 §4.4.4; RFC 5246 §7.4.9)"));
    out_ << "       Transcript-Hash = " << to_hex(f->transcript_hash)
         << "\n       verify_data = " << to_hex(f->verify_data)
         << (f->ok ? "" : paint(kRed, "  WRONG")) << '\n';
    return;
  }
  if (const auto* st = std::get_if<StateEvent>(&event))
    return line("state", std::string(st->from) + " --" + std::string(st->message) + "--> " +
                             std::string(st->to));
  if (const auto* d = std::get_if<DecisionEvent>(&event))
    return line("decide",
                std::string(d->what) + ": " + d->choice + "  (" + std::string(d->reason) + ")");
  if (const auto* p = std::get_if<PathEvent>(&event)) {
    const std::string text =
        std::string(2 * p->depth, ' ') + (p->ok ? "+ " : "- ") + describe_path_step(*p);
    return line("path", p->ok ? text : paint(kRed, text));
  }
  if (const auto* kl = std::get_if<KeyLogEvent>(&event); kl && at_least(TraceLevel::secrets))
    return line("keylog", paint(kYellow, std::string(kl->label) + " " + to_hex(kl->client_random) +
                                             " " + to_hex(kl->secret)));
}

}  // namespace glasstls::trace
