// The trace event vocabulary: what every layer reports, as typed values.
//
// record/ and handshake/ (and x509/ path validation) describe what they do by
// sending these events to the TraceSink held in the Config. No sink (the
// default) means no event is built at all: every emitting site tests the
// pointer first. Renderers (trace/text_renderer.hpp for `--trace`; the rich
// terminal, JSON and HTML ones later) turn events into views.
//
// Spans in an event point into the emitter's buffers and are valid only during
// on_event(): a sink that keeps them must copy.
//
// Secrets (traffic secrets, keys, the ECDHE shared secret, Finished keys) are
// put into events only when the sink's wants_secrets() says so (teaching mode,
// or the NSS key log); otherwise those spans are empty and `redacted` is set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace glasstls::trace {

using Bytes = std::span<const std::uint8_t>;

enum class Direction : std::uint8_t { received, sent };
std::string_view direction_name(Direction d);  // "<-" / "->" in text

// One node of a message's field tree: its name, its decoded value and its
// byte range inside the message. `parent` is the index of the enclosing node
// (-1 for a top-level field); nodes are in the order the parser met them.
struct FieldNode {
  std::string_view name;
  std::string value;
  std::size_t offset = 0;
  std::size_t length = 0;
  int parent = -1;
};

// A record on the wire (RFC 8446 §5.1, §5.2; RFC 5246 §6.2).
struct RecordEvent {
  Direction direction = Direction::received;
  std::uint8_t content_type = 0;  // the outer type in the header
  std::uint16_t legacy_version = 0;
  std::uint16_t length = 0;
  bool is_protected = false;
  std::uint64_t sequence = 0;   // for protected records
  Bytes header;                 // the 5 header bytes
  Bytes nonce;                  // the per-record nonce, when protected
  std::uint8_t inner_type = 0;  // TLSInnerPlaintext.type, when protected
  std::size_t padding = 0;      // zero bytes after the content, when protected
  Bytes plaintext;              // the content after decryption (or before sealing)
};

// A handshake message built or parsed, with its field tree.
struct MessageEvent {
  Direction direction = Direction::received;
  std::uint8_t type = 0;
  std::string_view name;                           // "ClientHello"
  Bytes bytes;                                     // the whole message, 4-byte header included
  const std::vector<FieldNode>* fields = nullptr;  // tiles `bytes`
};

// One labelled input of a key schedule step.
struct KeyInput {
  std::string_view name;  // "salt", "IKM", "Secret", "Label", "Context", "Transcript-Hash"
  Bytes value;
  bool secret = false;  // empty unless the sink wants secrets
};

// A key schedule step (RFC 8446 §7.1, §7.3; RFC 5246 §8.1).
struct KeyEvent {
  std::string_view function;     // "HKDF-Extract", "Derive-Secret", "HKDF-Expand-Label"
  std::string_view label;        // "c hs traffic" (without "tls13 "), "" for Extract
  std::string_view output_name;  // "client_handshake_traffic_secret"
  std::vector<KeyInput> inputs;
  Bytes output;
  bool redacted = false;  // output (and secret inputs) withheld
};

// A secret in the NSS key log format (only sent when the sink wants secrets).
struct KeyLogEvent {
  std::string_view label;  // "CLIENT_HANDSHAKE_TRAFFIC_SECRET", ...
  Bytes client_random;
  Bytes secret;
};

// The transcript hash at a point where it is used (RFC 8446 §4.4.1).
struct TranscriptEvent {
  std::string_view point;  // "ClientHello..ServerHello"
  Bytes hash;
};

// The content covered by a CertificateVerify signature (RFC 8446 §4.4.3).
struct SignatureEvent {
  Direction direction = Direction::sent;  // sent: we signed; received: we verified
  std::uint16_t scheme = 0;
  Bytes signed_content;  // 64 spaces, context string, 0, transcript hash
  bool ok = true;
};

// A Finished computation (RFC 8446 §4.4.4).
struct FinishedEvent {
  Direction direction = Direction::sent;
  Bytes transcript_hash;
  Bytes verify_data;
  bool ok = true;
};

// A transition of a state machine (RFC 8446 Appendix A names).
struct StateEvent {
  std::string_view machine;  // "client", "server"
  std::string_view from;
  std::string_view message;  // what caused it
  std::string_view to;
};

// A negotiation decision and its reason.
struct DecisionEvent {
  std::string_view what;  // "cipher suite", "group", "signature scheme", ...
  std::string choice;
  std::string_view reason;
};

// What a step of certificate path building (x509/path.cpp) is about. The
// checks are named after the RFC 5280 rule they apply; a step that failed
// carries the exact rule broken in PathEvent::rule.
enum class PathStep : std::uint8_t {
  leaf,               // the leaf's own checks, before any issuer is looked for
  issuer_search,      // gathering candidate issuers by name (RFC 5280 §6.1)
  no_issuer,          // no candidate has the issuer's name: unknown CA
  issuer_candidate,   // one candidate issuer tried
  loop,               // a candidate already in the path, skipped (RFC 5280 §6.1)
  depth,              // max_depth intermediates reached
  budget,             // the work budget (signature checks) is spent
  signature,          // RFC 5280 §6.1.3 (a)(1)
  validity,           // RFC 5280 §6.1.3 (a)(2), §4.1.2.5
  extensions,         // critical extensions, key identifiers, names (RFC 5280 §4.1.2, §4.2)
  basic_constraints,  // cA and pathLenConstraint (RFC 5280 §4.2.1.9, §6.1.4 (k)-(m))
  key_usage,          // RFC 5280 §4.2.1.3
  ext_key_usage,      // RFC 5280 §4.2.1.12
  name_constraints,   // RFC 5280 §4.2.1.10, §6.1.3 (b)-(c)
  identity,           // host name, IP address or e-mail against the SAN (RFC 9525)
  key_strength,       // RSA sizes (NIST SP 800-131A, CA/B Forum BR §6.1.5)
  ca_checks,          // every check on a candidate CA passed
  anchor,             // a trust anchor reached (or its own rules, CA/B Forum BR §7.1.2.1)
  backtrack,          // a candidate led nowhere: back to the one below
};
std::string_view path_step_name(PathStep s);  // "issuer_candidate", ...

// One step of certificate path building (x509/path.cpp), sent only when a sink
// is attached: nothing here is formatted otherwise.
struct PathEvent {
  PathStep step = PathStep::leaf;
  std::size_t depth = 0;      // the certificate discussed: 0 the leaf, 1 its issuer, ...
  bool ok = true;             // false for a check that failed
  bool trust_anchor = false;  // the certificate discussed is in the trust store
  std::string subject;        // that certificate's subject (RFC 4514)
  std::string_view rule;      // static: the rule applied, with its RFC / BR section
  std::string detail;         // short and step-specific: the issuer name looked for, a key id, ...
};

// An alert sent or received (RFC 8446 §6).
struct AlertEvent {
  Direction direction = Direction::sent;
  std::uint8_t level = 2;
  std::uint8_t description = 0;
  std::string_view rule;  // why we sent it (empty for a received alert)
};

using Event =
    std::variant<RecordEvent, MessageEvent, KeyEvent, KeyLogEvent, TranscriptEvent, SignatureEvent,
                 FinishedEvent, StateEvent, DecisionEvent, PathEvent, AlertEvent>;

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_event(const Event& event) = 0;
  // Teaching mode: secrets go into the events.
  virtual bool wants_secrets() const { return false; }
};

}  // namespace glasstls::trace
