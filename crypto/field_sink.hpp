// FieldSink: where a parser or a builder reports the fields it reads or writes.
//
// The trace draws every handshake message as annotated hex: each field with its
// name, its decoded value and its byte range. That tree comes from the parser
// (Reader) and the builder (Writer) themselves, so it cannot drift from the code
// that really reads the bytes. A field is opened at the current offset, its
// children are opened and closed inside it, and it is closed at the offset where
// it ends, with its value as text:
//
//   sink.open("legacy_version", 4);  sink.close(6, "0x0303 (TLS 1.2)");
//
// No sink attached (the default) costs one pointer test per field: values are
// formatted only when a sink is there (see Reader::field / Writer::field).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace glasstls::crypto {

class FieldSink {
 public:
  virtual ~FieldSink() = default;
  // A field starts at absolute offset `offset`. `name` is static text.
  virtual void open(std::string_view name, std::size_t offset) = 0;
  // The innermost open field ends at absolute offset `end` (exclusive).
  virtual void close(std::size_t end, std::string value) = 0;
};

}  // namespace glasstls::crypto
