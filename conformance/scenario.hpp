// Conformance scenarios: readable probes of a TLS peer, each tied to one RFC
// requirement sentence (docs/conformance.md).
//
// A scenario is data, read from a catalogue file (conformance/scenarios/*.scn):
//
//   id: tls13.ch.no_supported_groups
//   title: a ClientHello with key_share but without supported_groups
//   tags: tls13 negative extensions
//   rfc: 8446 9.2
//   quote: If containing a "key_share" extension:  MUST also contain a "supported_groups" extension.
//   role: client
//   base: tls13
//   mutation: ch_drop_extension supported_groups
//   expect: alert missing_extension
//
// A scenario that also checks further requirements names them, one a line:
//
//   also: 8446 4.2.9: A client MUST provide a "psk_key_exchange_modes" extension if it offers a "pre_shared_key" extension.
//
// Every quote is checked when the catalogue is loaded: it must occur, with its
// whitespace normalised, in the text of that RFC section (from the RFC text
// files), or the catalogue is refused. The file format is conformance/blocks.hpp's. Mutations come from a fixed vocabulary
// implemented in C++ (conformance/runner.hpp, check_mutations).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace glasstls::conformance {

// Who we play: the client (the peer under test is a server) or the server.
enum class Role : std::uint8_t { client, server };

// What the peer must do.
struct Expectation {
  enum class Kind : std::uint8_t {
    handshake,  // the handshake completes
    alert,      // a fatal alert, one of `alerts`
    close,      // any fatal alert or the connection closed, before the handshake completes
  };
  Kind kind = Kind::handshake;
  std::vector<std::uint8_t> alerts;  // for Kind::alert: any of these

  std::string describe() const;  // "alert decode_error | illegal_parameter"
};

// A mutation: a name from the vocabulary and its arguments, as written.
struct Mutation {
  std::string name;
  std::vector<std::string> args;
  std::string describe() const;  // "ch_drop_extension supported_groups"
};

// An RFC sentence: where it is and its words, exactly as in the RFC.
struct Citation {
  std::string rfc;      // "8446"
  std::string section;  // "4.2.9"
  std::string quote;
};

struct Scenario {
  std::string id;
  std::string title;
  std::vector<std::string> tags;
  std::string rfc;      // "8446"
  std::string section;  // "4.1.2"
  std::string quote;    // the requirement sentence, exactly as in the RFC
  std::vector<Citation> also;  // further requirements it checks (`also:`)
  Role role = Role::client;
  // The base handshake: "tls13", "tls12" or "any" (both offered).
  std::string base = "tls13";
  // Optional settings of the base handshake ("groups", "key_share",
  // "suites": names or 0x code points, comma separated; "client_auth":
  // optional or required, the server's policy — ours in the server role, the
  // peer's in the client role; "client_cert" in the client role and
  // "server_cert" in the server role: the certificate we present, made by
  // conformance/test_pki.hpp).
  std::map<std::string, std::string> settings;
  std::vector<Mutation> mutations;  // applied in order (empty: none)
  Expectation expect;
  std::string file;  // where it was read
  int line = 0;

  bool has_tag(const std::string& tag) const;
};

// One RFC's text as read: page breaks (footer, form feed, running header)
// removed and whitespace normalised.
struct RfcText {
  std::string normalised;
  // Each section's [begin, end) in `normalised`, subsections included; it
  // begins with the heading ("4.1.2. Client Hello").
  std::map<std::string, std::pair<std::size_t, std::size_t>> sections;
  // Where each paragraph, list item and heading starts in `normalised`, in
  // order. A blank line ends a paragraph; a page break does not (a sentence
  // runs on across it) unless the line before it ends with `.`, `:`, `;`,
  // or a table's or structure's `|`, `+`, `}`.
  std::vector<std::size_t> paragraphs;
};

// The RFC texts: rfcNNNN.txt files in one directory, read on first use.
class RfcLibrary {
 public:
  explicit RfcLibrary(std::string directory) : directory_(std::move(directory)) {}
  // Whether `quote` occurs in section `section` of RFC `rfc` (subsections
  // included), whitespace normalised; false with `problem` saying why.
  bool contains(const std::string& rfc, const std::string& section, const std::string& quote,
                std::string& problem);
  // The text of RFC `rfc`; nullptr with `problem` when it cannot be read.
  const RfcText* text(const std::string& rfc, std::string& problem);

 private:
  std::string directory_;
  std::map<std::string, RfcText> texts_;
};

// Collapses every run of whitespace to one space and trims both ends.
std::string normalise_whitespace(const std::string& text);

// Parses a catalogue (the text of one file). Every scenario is checked: the
// fields it needs, a known role, base, mutation and alert, and its quote in
// the RFC text. Appends to `out`; false with `problem` ("file:line: why") on
// the first error.
bool parse_catalogue(const std::string& text, const std::string& file_name, RfcLibrary& rfcs,
                     std::vector<Scenario>& out, std::string& problem);
// Every *.scn file of a directory, in name order; ids must be unique.
bool load_catalogue(const std::string& directory, RfcLibrary& rfcs, std::vector<Scenario>& out,
                    std::string& problem);

// "decode_error" -> 50; nullopt for a name RFC 8446 §6 does not define.
std::optional<std::uint8_t> alert_from_name(const std::string& name);
std::string alert_name(std::uint8_t alert);

// Where the catalogue and the RFC texts are in the source tree this library
// was built from (the defaults of `glasstls conformance`).
std::string default_catalogue_dir();
std::string default_rfc_dir();

}  // namespace glasstls::conformance
