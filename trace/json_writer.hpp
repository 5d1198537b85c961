// JsonWriter: a small streaming writer of JSON text (RFC 8259), for the trace
// exports. The trace library depends on the C++ standard library only, so it
// writes JSON by hand: objects, arrays, strings (escaped, and always valid
// UTF-8), unsigned numbers, booleans.
//
//   JsonWriter w;
//   w.begin_object();
//   w.key("version"); w.number(1);
//   w.key("name"); w.string("ClientHello");
//   w.end_object();           // w.text() == R"({"version":1,"name":"ClientHello"})"
//
// Commas are placed by the writer; a misuse (a value where a key is due) is a
// bug of the caller, not checked at run time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::trace {

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void string(std::string_view value);
  void number(std::uint64_t value);
  void boolean(bool value);
  // Lowercase hex of `bytes`, as a string.
  void hex(std::span<const std::uint8_t> bytes);
  // A value already written as JSON text (by another JsonWriter).
  void raw(std::string_view json);
  // A line break before the next value (after its comma), so that long
  // documents diff line by line.
  void newline() { newline_ = true; }

  const std::string& text() const { return out_; }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open object/array: nothing written in it yet
  bool after_key_ = false;
  bool newline_ = false;
};

// `text` as a JSON string literal, quotes included. Control characters and
// quotes are escaped; bytes that are not well-formed UTF-8 (RFC 3629 §4)
// become U+FFFD, so that any input (a peer's server_name, a certificate's
// subject) gives valid JSON.
std::string json_quote(std::string_view text);

// Lowercase hex.
std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace glasstls::trace
