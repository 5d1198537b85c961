#include "trace/field_tree.hpp"

namespace glasstls::trace {

std::string_view direction_name(Direction d) { return d == Direction::sent ? "->" : "<-"; }

void FieldTree::open(std::string_view name, std::size_t offset) {
  const int parent = open_.empty() ? -1 : open_.back();
  nodes_.push_back(FieldNode{name, {}, offset - base_, 0, parent});
  open_.push_back(static_cast<int>(nodes_.size() - 1));
}

void FieldTree::close(std::size_t end, std::string value) {
  if (open_.empty()) return;
  FieldNode& node = nodes_[static_cast<std::size_t>(open_.back())];
  open_.pop_back();
  node.length = end - base_ - node.offset;
  node.value = std::move(value);
}

void FieldTree::fill_lengths(std::span<const std::uint8_t> message) {
  for (FieldNode& node : nodes_) {
    if (node.name != "length" || !node.value.empty()) continue;
    if (node.offset + node.length > message.size()) continue;
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < node.length; ++i) n = n << 8 | message[node.offset + i];
    node.value = std::to_string(n);
  }
}

namespace {

// Do the children of `parent` (-1: top level) cover [begin, end) exactly?
bool children_tile(const std::vector<FieldNode>& nodes, int parent, std::size_t begin,
                   std::size_t end, std::string& why) {
  std::size_t at = begin;
  bool any = false;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const FieldNode& n = nodes[i];
    if (n.parent != parent) continue;
    any = true;
    if (n.offset != at) {
      why = "field '";
      why += n.name;
      why += "' starts at ";
      why += std::to_string(n.offset);
      why += ", expected ";
      why += std::to_string(at);
      return false;
    }
    at = n.offset + n.length;
    if (!children_tile(nodes, static_cast<int>(i), n.offset, at, why)) return false;
  }
  if (any && at != end) {
    why = "fields under ";
    if (parent < 0) {
      why += "the message";
    } else {
      why += '\'';
      why += nodes[static_cast<std::size_t>(parent)].name;
      why += '\'';
    }
    why += " end at ";
    why += std::to_string(at);
    why += ", expected ";
    why += std::to_string(end);
    return false;
  }
  if (!any && parent < 0 && begin != end) {
    why = "no fields";
    return false;
  }
  return true;
}

}  // namespace

bool tiles(const std::vector<FieldNode>& nodes, std::size_t size, std::string& why) {
  return children_tile(nodes, -1, 0, size, why);
}

}  // namespace glasstls::trace
