// Checks of a JSON trace export (docs/trace-format.md) read back with
// nlohmann-json, shared by the trace tests and the `glasstls demo --json`
// test: hex strings, and the tiling of a message's field tree.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace glasstls::test {

// The bytes of a lowercase hex string (a gtest failure if it is not one).
std::vector<std::uint8_t> unhex(const nlohmann::json& hex);

// gtest failures unless the nodes of `fields` cover [begin, end) exactly, in
// order, and the children of every node cover that node exactly; `where`
// names the message in the failure messages.
void expect_tiles(const nlohmann::json& fields, std::size_t begin, std::size_t end,
                  const std::string& where);

// gtest failures unless `text` (a terminal trace) shows every node of
// `fields` as "name [offset+length]"; `where` names the message.
void expect_field_labels(const nlohmann::json& fields, const std::string& text,
                         const std::string& where);

// For every "message" event of `doc`: its bytes are a whole handshake message
// (type and 3-byte length agree) and its field tree tiles them. Returns how
// many messages were checked.
std::size_t expect_messages_tile(const nlohmann::json& doc, const std::string& where);

}  // namespace glasstls::test
