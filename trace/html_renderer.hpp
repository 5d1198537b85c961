// The HTML page: one connection's trace as a self-contained "Illustrated
// TLS" page (issue 13, item 4). No external assets and no network: the
// JSON trace (docs/trace-format.md) is embedded in the page, with the field
// glossary (trace/field_glossary.hpp), and a small inline script draws
//
//   - the handshake as a timeline between client and server: each message an
//     arrow, each one expandable into its annotated bytes (hovering a field
//     highlights its bytes, hovering a byte highlights its field); the state
//     transitions, decisions, transcript hashes, signatures and Finished
//     computations of each side beside it;
//   - the key schedule as a diagram: which secret came from which inputs,
//     labelled as in RFC 8446 §7.1 / RFC 5246 §8.1;
//   - both certificate chains, with each path-building decision.
//
// A Content-Security-Policy in the page forbids every network load.
//
// The page reads its URL fragment, so that a headless browser can show a
// state without clicking: #expand=ClientHello opens the first ClientHello,
// and &hover=random then hovers its "random" field. When the script is done,
// <body> carries data-status="ok" (or data-errors="..." if anything threw).
//
//   trace::JsonTrace json(secrets);      // its sinks in both Configs
//   ... the handshake ...
//   std::string page = trace::render_html(json.json(), "www.example.test");
#pragma once

#include <string>
#include <string_view>

namespace glasstls::trace {

// `trace_json` is a JsonTrace document; `title` is plain text (escaped here).
std::string render_html(std::string_view trace_json, std::string_view title);

// The start of a self-contained page in the same look, up to and including
// </head>: the doctype, the Content-Security-Policy that forbids every
// network load, `title` (plain text, escaped here) and the page's stylesheet
// followed by `extra_style` (CSS rules of the caller's own).
std::string html_head(std::string_view title, std::string_view extra_style);

// `text` with & < > " ' as HTML character references.
std::string html_escape(std::string_view text);

// JSON text made safe inside <script type="application/json">: every < > &
// (which can only occur inside JSON strings) becomes a \u escape, so the
// data cannot close the script element, whatever a peer put in its names.
std::string json_for_script(std::string_view json);

}  // namespace glasstls::trace
