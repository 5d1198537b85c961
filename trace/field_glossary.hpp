// The field glossary: what a handshake message's field means, in one line,
// and where the RFC defines it. Shared by the terminal's illustrated view
// (trace/illustrated_renderer.hpp) and the HTML page (trace/html_renderer.hpp).
//
//   field_note("ClientHello", "random")
//     -> {"32 bytes chosen by the client; they make every session's keys unique",
//         "RFC 8446 §4.1.2; RFC 5246 §7.4.1.2"}
//
// Field names are those of the field trees (crypto/field_sink.hpp), which
// follow the RFCs' presentation language. An "extension" node is looked up by
// its value, the extension's name ("extension:key_share").
#pragma once

#include <string>
#include <string_view>

namespace glasstls::trace {

struct FieldNote {
  std::string_view meaning;  // one line
  std::string_view section;  // "RFC 8446 §4.1.2"
};

// The note for `field` inside `message` ("" when the field name alone says
// it), or nullptr when the glossary has none.
const FieldNote* field_note(std::string_view message, std::string_view field);

// The whole glossary as a JSON object, {"<message>/<field>" or "<field>":
// ["meaning","section"], ...}, for the HTML page's script.
std::string field_glossary_json();

}  // namespace glasstls::trace
