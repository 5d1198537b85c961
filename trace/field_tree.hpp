// FieldTree: the FieldSink that collects a message's fields into a tree
// (trace::FieldNode list), and the check that the tree tiles its bytes.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "crypto/field_sink.hpp"
#include "trace/events.hpp"

namespace glasstls::trace {

class FieldTree final : public crypto::FieldSink {
 public:
  // Offsets are reported relative to `base` (the message's first byte).
  explicit FieldTree(std::size_t base = 0) : base_(base) {}

  void open(std::string_view name, std::size_t offset) override;
  void close(std::size_t end, std::string value) override;

  // Writers report a vector's length before the body is written; once the
  // message is complete, each "length" node without a value gets the number
  // its bytes hold.
  void fill_lengths(std::span<const std::uint8_t> message);

  const std::vector<FieldNode>& nodes() const { return nodes_; }
  bool balanced() const { return open_.empty(); }

 private:
  std::size_t base_;
  std::vector<FieldNode> nodes_;
  std::vector<int> open_;
};

// True when the top-level nodes cover [0, size) exactly, in order with no gap
// or overlap, and the children of every node with children cover that node
// exactly. `why` says where it fails.
bool tiles(const std::vector<FieldNode>& nodes, std::size_t size, std::string& why);

}  // namespace glasstls::trace
