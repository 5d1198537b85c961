#include "trace/json_export.hpp"

#include "trace/json_writer.hpp"
#include "trace/text_renderer.hpp"

namespace glasstls::trace {

namespace {

std::string_view direction_word(Direction d) { return d == Direction::sent ? "sent" : "received"; }

// RFC 8446 §5.1 ContentType.
std::string_view content_type_name(std::uint8_t t) {
  switch (t) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    case 23: return "application_data";
  }
  return "unknown";
}

// RFC 8446 §6 and RFC 5246 §7.2 AlertDescription.
std::string_view alert_name(std::uint8_t d) {
  switch (d) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
  }
  return "unknown";
}

// The field tree, nested: the FieldNode list is flat, each node naming its
// parent by index, in the order the parser met them.
void write_fields(JsonWriter& w, const std::vector<FieldNode>& nodes,
                  const std::vector<std::vector<std::size_t>>& children, int parent) {
  w.begin_array();
  const auto& list = parent < 0 ? children.back() : children[static_cast<std::size_t>(parent)];
  for (const std::size_t i : list) {
    const FieldNode& n = nodes[i];
    w.begin_object();
    w.key("name");
    w.string(n.name);
    w.key("offset");
    w.number(n.offset);
    w.key("length");
    w.number(n.length);
    if (!n.value.empty()) {
      w.key("value");
      w.string(n.value);
    }
    if (!children[i].empty()) {
      w.key("children");
      write_fields(w, nodes, children, static_cast<int>(i));
    }
    w.end_object();
  }
  w.end_array();
}

void write_fields(JsonWriter& w, const std::vector<FieldNode>& nodes) {
  // children[i]: the nodes under node i; the last entry lists the top level.
  std::vector<std::vector<std::size_t>> children(nodes.size() + 1);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const int p = nodes[i].parent;
    // A parent index that does not point backwards cannot come from a
    // FieldTree; such a node is listed at the top level rather than lost.
    const bool valid = p >= 0 && static_cast<std::size_t>(p) < i;
    children[valid ? static_cast<std::size_t>(p) : nodes.size()].push_back(i);
  }
  write_fields(w, nodes, children, -1);
}

struct Writer {
  JsonWriter& w;
  bool secrets;

  void field(std::string_view k, std::string_view v) {
    w.key(k);
    w.string(v);
  }
  void field(std::string_view k, std::uint64_t v) {
    w.key(k);
    w.number(v);
  }
  void flag(std::string_view k, bool v) {
    w.key(k);
    w.boolean(v);
  }
  void hex(std::string_view k, Bytes v) {
    w.key(k);
    w.hex(v);
  }

  void operator()(const RecordEvent& e) {
    field("kind", "record");
    field("direction", direction_word(e.direction));
    field("content_type", e.content_type);
    field("content_type_name", content_type_name(e.content_type));
    field("legacy_version", e.legacy_version);
    field("length", e.length);
    hex("header", e.header);
    flag("protected", e.is_protected);
    std::uint8_t type = e.content_type;
    if (e.is_protected) {
      field("sequence", e.sequence);
      hex("nonce", e.nonce);
      field("inner_type", e.inner_type);
      field("inner_type_name", content_type_name(e.inner_type));
      field("padding", e.padding);
      type = e.inner_type;
    }
    field("plaintext_length", e.plaintext.size());
    // Handshake messages, alerts and ChangeCipherSpec are shown anyway;
    // application data is the user's, shown in teaching mode only.
    if (type != 23 || secrets) hex("plaintext", e.plaintext);
  }
  void operator()(const MessageEvent& e) {
    field("kind", "message");
    field("direction", direction_word(e.direction));
    field("type", e.type);
    field("name", e.name);
    field("length", e.bytes.size());
    hex("bytes", e.bytes);
    w.key("fields");
    if (e.fields) {
      write_fields(w, *e.fields);
    } else {
      w.begin_array();
      w.end_array();
    }
  }
  void operator()(const KeyEvent& e) {
    field("kind", "key");
    field("function", e.function);
    field("label", e.label);
    field("output", e.output_name);
    w.key("inputs");
    w.begin_array();
    for (const KeyInput& in : e.inputs) {
      w.begin_object();
      field("name", in.name);
      flag("secret", in.secret);
      if (!in.secret || (secrets && !in.value.empty())) hex("value", in.value);
      w.end_object();
    }
    w.end_array();
    const bool show = secrets && !e.redacted;
    flag("redacted", !show);
    if (show) hex("value", e.output);
  }
  void operator()(const KeyLogEvent& e) {
    field("kind", "keylog");
    field("label", e.label);
    hex("client_random", e.client_random);
    hex("secret", e.secret);
  }
  void operator()(const TranscriptEvent& e) {
    field("kind", "transcript");
    field("point", e.point);
    hex("hash", e.hash);
  }
  void operator()(const SignatureEvent& e) {
    field("kind", "signature");
    field("direction", direction_word(e.direction));
    field("scheme", e.scheme);
    hex("signed_content", e.signed_content);
    flag("ok", e.ok);
  }
  void operator()(const FinishedEvent& e) {
    field("kind", "finished");
    field("direction", direction_word(e.direction));
    hex("transcript_hash", e.transcript_hash);
    hex("verify_data", e.verify_data);
    flag("ok", e.ok);
  }
  void operator()(const StateEvent& e) {
    field("kind", "state");
    field("machine", e.machine);
    field("from", e.from);
    field("message", e.message);
    field("to", e.to);
  }
  void operator()(const DecisionEvent& e) {
    field("kind", "decision");
    field("what", e.what);
    field("choice", e.choice);
    field("reason", e.reason);
  }
  void operator()(const PathEvent& e) {
    field("kind", "x509");
    field("step", path_step_name(e.step));
    field("depth", e.depth);
    flag("ok", e.ok);
    flag("trust_anchor", e.trust_anchor);
    field("subject", e.subject);
    field("rule", e.rule);
    field("detail", e.detail);
    field("explanation", describe_path_step(e));
  }
  void operator()(const AlertEvent& e) {
    field("kind", "alert");
    field("direction", direction_word(e.direction));
    field("level", e.level);
    field("description", e.description);
    field("description_name", alert_name(e.description));
    field("rule", e.rule);
  }
};

}  // namespace

std::string_view side_name(Side s) { return s == Side::client ? "client" : "server"; }

std::string JsonTrace::event_json(const Event& event, Side side, bool secrets) {
  JsonWriter w;
  w.begin_object();
  Writer writer{w, secrets};
  std::visit(writer, event);
  writer.field("side", side_name(side));
  w.end_object();
  return w.text();
}

void JsonTrace::set(std::string_view key, std::string json_value) {
  for (auto& [k, v] : connection_) {
    if (k == key) {
      v = std::move(json_value);
      return;
    }
  }
  connection_.emplace_back(std::string(key), std::move(json_value));
}

void JsonTrace::connection_string(std::string_view key, std::string_view value) {
  set(key, json_quote(value));
}

void JsonTrace::connection_number(std::string_view key, std::uint64_t value) {
  set(key, std::to_string(value));
}

void JsonTrace::connection_bool(std::string_view key, bool value) {
  set(key, value ? "true" : "false");
}

void JsonTrace::connection_strings(std::string_view key, const std::vector<std::string>& values) {
  JsonWriter w;
  w.begin_array();
  for (const auto& v : values) w.string(v);
  w.end_array();
  set(key, w.text());
}

std::string JsonTrace::json() const {
  JsonWriter w;
  w.begin_object();
  w.key("version");
  w.number(1);
  w.newline();
  w.key("connection");
  w.begin_object();
  for (const auto& [k, v] : connection_) {
    w.key(k);
    w.raw(v);
  }
  w.end_object();
  w.newline();
  w.key("events");
  w.begin_array();
  for (const auto& e : events_) {
    w.newline();
    w.raw(e);
  }
  w.end_array();
  w.end_object();
  std::string out = w.text();
  out += '\n';
  return out;
}

}  // namespace glasstls::trace
