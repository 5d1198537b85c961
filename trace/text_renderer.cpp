#include "trace/text_renderer.hpp"

#include <string>

namespace glasstls::trace {

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex(Bytes b, std::size_t max = 32) {
  std::string out;
  for (std::size_t i = 0; i < b.size() && i < max; ++i) {
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xf];
  }
  if (b.size() > max) out += "...";
  return out;
}

std::string hex16(std::uint16_t v) {
  std::string out = "0x";
  for (int s = 12; s >= 0; s -= 4) out += kHex[(v >> s) & 0xf];
  return out;
}

std::string content_type(std::uint8_t t) {
  switch (t) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    case 23: return "application_data";
  }
  return "type " + std::to_string(t);
}

struct Describe {
  bool secrets = false;
  std::string operator()(const RecordEvent& e) const {
    std::string s = std::string(direction_name(e.direction)) + " record " +
                    content_type(e.content_type) + " " + hex16(e.legacy_version) +
                    " len=" + std::to_string(e.length);
    if (e.is_protected) {
      s += " seq=" + std::to_string(e.sequence) + " nonce=" + hex(e.nonce) +
           " inner=" + content_type(e.inner_type) +
           " content=" + std::to_string(e.plaintext.size());
      if (e.padding) s += " padding=" + std::to_string(e.padding);
    }
    return s;
  }
  std::string operator()(const MessageEvent& e) const {
    return std::string(direction_name(e.direction)) + " " + std::string(e.name) + " (" +
           std::to_string(e.bytes.size()) + " bytes, " +
           std::to_string(e.fields ? e.fields->size() : 0) + " fields)";
  }
  std::string operator()(const KeyEvent& e) const {
    std::string s = "key " + std::string(e.function);
    if (!e.label.empty()) s += " \"" + std::string(e.label) + "\"";
    s += " -> " + std::string(e.output_name);
    s += e.redacted || !secrets ? " (secret not shown)" : " = " + hex(e.output, 64);
    return s;
  }
  std::string operator()(const KeyLogEvent& e) const {
    return "keylog " + std::string(e.label) + " " + hex(e.client_random, 32) + " " +
           (secrets ? hex(e.secret, 64) : std::string("(secret not shown)"));
  }
  std::string operator()(const TranscriptEvent& e) const {
    return "transcript " + std::string(e.point) + " = " + hex(e.hash, 64);
  }
  std::string operator()(const SignatureEvent& e) const {
    return std::string(e.direction == Direction::sent ? "sign " : "verify ") + hex16(e.scheme) +
           " over " + std::to_string(e.signed_content.size()) + " bytes" + (e.ok ? "" : ": FAILED");
  }
  std::string operator()(const FinishedEvent& e) const {
    return std::string(e.direction == Direction::sent ? "finished computed "
                                                      : "finished checked ") +
           hex(e.verify_data, 64) + (e.ok ? "" : ": WRONG");
  }
  std::string operator()(const StateEvent& e) const {
    return "state " + std::string(e.machine) + " " + std::string(e.from) + " --" +
           std::string(e.message) + "--> " + std::string(e.to);
  }
  std::string operator()(const DecisionEvent& e) const {
    return "decide " + std::string(e.what) + ": " + e.choice + " (" + std::string(e.reason) + ")";
  }
  std::string operator()(const PathEvent& e) const {
    return "path #" + std::to_string(e.depth) + (e.ok ? " ok: " : " FAIL: ") +
           describe_path_step(e);
  }
  std::string operator()(const AlertEvent& e) const {
    std::string s = std::string(direction_name(e.direction)) + " alert " +
                    (e.level == 1 ? "warning " : "fatal ") + std::to_string(e.description);
    if (!e.rule.empty()) s += ": " + std::string(e.rule);
    return s;
  }
};

}  // namespace

std::string_view path_step_name(PathStep s) {
  switch (s) {
    case PathStep::leaf: return "leaf";
    case PathStep::issuer_search: return "issuer_search";
    case PathStep::no_issuer: return "no_issuer";
    case PathStep::issuer_candidate: return "issuer_candidate";
    case PathStep::loop: return "loop";
    case PathStep::depth: return "depth";
    case PathStep::budget: return "budget";
    case PathStep::signature: return "signature";
    case PathStep::validity: return "validity";
    case PathStep::extensions: return "extensions";
    case PathStep::basic_constraints: return "basic_constraints";
    case PathStep::key_usage: return "key_usage";
    case PathStep::ext_key_usage: return "ext_key_usage";
    case PathStep::name_constraints: return "name_constraints";
    case PathStep::identity: return "identity";
    case PathStep::key_strength: return "key_strength";
    case PathStep::ca_checks: return "ca_checks";
    case PathStep::anchor: return "anchor";
    case PathStep::backtrack: return "backtrack";
  }
  return "unknown";
}

std::string describe_path_step(const PathEvent& e) {
  switch (e.step) {
    case PathStep::issuer_search: return "looking for the issuer of " + e.subject + ": " + e.detail;
    case PathStep::issuer_candidate:
      return std::string(e.trust_anchor ? "trying trust anchor " : "trying intermediate ") +
             e.subject + e.detail;
    case PathStep::loop: return "skipped: already in the path (a loop)";
    case PathStep::backtrack: return "backtracking from " + e.subject;
    case PathStep::name_constraints:
      // The CA whose constraints reject a certificate below it (the rule
      // itself follows as that certificate's own failed step).
      if (!e.detail.empty()) return "name constraints of " + e.subject + " reject " + e.detail;
      break;
    default: break;
  }
  if (!e.ok) return std::string(e.rule);
  switch (e.step) {
    case PathStep::leaf:
      return "leaf " + e.subject + ": validity, extensions, purpose and identity pass";
    case PathStep::signature: return "signature on " + e.subject + " verifies with this key";
    case PathStep::ca_checks:
      return "CA checks pass (validity, basicConstraints, keyUsage, pathLen, nameConstraints)";
    case PathStep::anchor: return "reached a trust anchor: the path is valid";
    default: return std::string(e.rule);
  }
}

std::string describe(const Event& event, bool secrets) {
  return std::visit(Describe{secrets}, event);
}

void TextRenderer::on_event(const Event& event) {
  out_ << describe(event, secrets_) << '\n';
  if (!fields_) return;
  if (const auto* m = std::get_if<MessageEvent>(&event); m && m->fields) {
    for (const FieldNode& n : *m->fields) {
      int depth = 1;
      for (int p = n.parent; p >= 0; p = (*m->fields)[static_cast<std::size_t>(p)].parent) ++depth;
      out_ << std::string(static_cast<std::size_t>(2 * depth), ' ') << '[' << n.offset << '+'
           << n.length << "] " << n.name;
      if (!n.value.empty()) out_ << " = " << n.value;
      out_ << '\n';
    }
  }
}

}  // namespace glasstls::trace
