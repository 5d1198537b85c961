// Fuzz target: crypto::Writer, checked against a model and read back by Reader.
//
// The input is a program (opcode byte, then arguments):
//   0-4  u8/u16/u24/u32/u64 (u24 takes a 32-bit value: too big ones must fail)
//   5    bytes(n bytes of the input)        6  n + 65280 filler bytes (at most twice)
//   7-9  open a u8/u16/u24-prefixed scope; its max is the width's own, or a
//        small one from the input (so over-long bodies are easy to reach)
//   10   close the current scope
// The same program drives a model: a plain flat encoder that writes a zero
// placeholder, then patches the length or records the first error. Checked:
//   - while no error: the Writer's size follows the model at every step;
//   - the error (u24 too big, body longer than its max or its prefix) is the
//     model's first one, with its offset, and finish() returns it;
//   - otherwise finish() returns exactly the model's bytes, and a Reader walking
//     the same structure reads every value back and ends each scope exactly.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crypto/reader.hpp"
#include "crypto/writer.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using glasstls::crypto::Reader;
using glasstls::crypto::Writer;

class Input {
 public:
  explicit Input(std::span<const std::uint8_t> d) : d_(d) {}
  bool done() const { return i_ >= d_.size(); }
  std::uint64_t take(std::size_t width) {  // big-endian, zeros past the end
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < width; ++k) v = v << 8 | (i_ < d_.size() ? d_[i_++] : 0);
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }

 private:
  std::span<const std::uint8_t> d_;
  std::size_t i_ = 0;
};

struct Node {
  enum Kind { value, bytes, scope } kind = value;
  std::size_t width = 0;  // of the value or of the length prefix
  std::uint64_t v = 0;
  std::vector<std::uint8_t> data;
  std::vector<Node> children;
};

struct Model {
  std::vector<std::uint8_t> out;
  std::optional<std::size_t> error_offset;  // of the first error
  void put(std::uint64_t v, std::size_t width) {
    if (error_offset) return;
    for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
};

struct Run {
  Input in;
  Model model;
  std::size_t fillers_left = 2;
  static constexpr std::size_t kMaxDepth = 32;

  void step_check(const Writer& w) const {
    GLASSTLS_FUZZ_CHECK(w.ok() == !model.error_offset.has_value());
    if (w.ok()) GLASSTLS_FUZZ_CHECK(w.size() == model.out.size());
  }

  // Runs ops until a close (or the end) into `w`, recording them under `node`.
  void build(Writer& w, Node& node, std::size_t depth) {
    while (!in.done()) {
      const auto op = static_cast<std::uint8_t>(in.u8() % 11);
      if (op == 10) return;
      Node n;
      if (op <= 4) {
        static constexpr std::size_t kWidth[] = {1, 2, 3, 4, 8};
        n.width = kWidth[op];
        n.v = in.take(n.width == 3 ? 4 : n.width);
        switch (op) {
          case 0: w.u8(static_cast<std::uint8_t>(n.v)); break;
          case 1: w.u16(static_cast<std::uint16_t>(n.v)); break;
          case 2: w.u24(static_cast<std::uint32_t>(n.v)); break;
          case 3: w.u32(static_cast<std::uint32_t>(n.v)); break;
          default: w.u64(n.v); break;
        }
        if (n.width == 3 && n.v > 0xffffff && !model.error_offset) {
          model.error_offset = model.out.size();
        }
        model.put(n.v, n.width);
      } else if (op == 5 || op == 6) {
        n.kind = Node::bytes;
        if (op == 5) {
          const std::size_t len = in.u8();
          for (std::size_t i = 0; i < len; ++i) n.data.push_back(in.u8());
        } else {
          if (fillers_left == 0) continue;
          --fillers_left;
          n.data.assign(0xff00 + in.u8(), static_cast<std::uint8_t>(0xa5));
        }
        w.bytes(n.data);
        if (!model.error_offset) model.out.insert(model.out.end(), n.data.begin(), n.data.end());
      } else {
        n.kind = Node::scope;
        n.width = op - 6u;  // 1, 2, 3
        const std::size_t width_max = (std::size_t{1} << (8 * n.width)) - 1;
        const std::uint8_t how = in.u8();
        const std::size_t max = (how & 1) ? width_max : static_cast<std::size_t>(in.take(2) % 300);
        if (depth >= kMaxDepth) continue;
        const bool was_ok = !model.error_offset;
        const std::size_t start = model.out.size();
        if (was_ok) model.out.resize(start + n.width);
        bool body_ran = false;
        auto body = [&](Writer& b) {
          GLASSTLS_FUZZ_CHECK(&b == &w);
          body_ran = true;
          build(b, n, depth + 1);
        };
        if (n.width == 1)
          w.u8_prefixed(body, max);
        else if (n.width == 2)
          w.u16_prefixed(body, max);
        else
          w.u24_prefixed(body, max);
        // After an error the Writer skips bodies: nothing more gets written.
        GLASSTLS_FUZZ_CHECK(body_ran == was_ok);
        if (!model.error_offset) {
          const std::size_t len = model.out.size() - start - n.width;
          if (len > max || len > width_max) {
            model.error_offset = start;
          } else {
            for (std::size_t i = 0; i < n.width; ++i) {
              model.out[start + i] = static_cast<std::uint8_t>(len >> (8 * (n.width - 1 - i)));
            }
          }
        }
      }
      step_check(w);
      node.children.push_back(std::move(n));
    }
  }
};

// Reads `node`'s children back from r, as a TLS parser would.
void parse(Reader& r, const Node& node) {
  for (const Node& n : node.children) {
    switch (n.kind) {
      case Node::value: {
        std::uint64_t v = 0;
        bool ok = false;
        if (n.width == 1) {
          std::uint8_t x = 0;
          ok = r.read_u8(x);
          v = x;
        } else if (n.width == 2) {
          std::uint16_t x = 0;
          ok = r.read_u16(x);
          v = x;
        } else if (n.width == 3 || n.width == 4) {
          std::uint32_t x = 0;
          ok = n.width == 3 ? r.read_u24(x) : r.read_u32(x);
          v = x;
        } else {
          ok = r.read_u64(v);
        }
        const std::uint64_t mask =
            n.width == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n.width)) - 1;
        GLASSTLS_FUZZ_CHECK(ok && v == (n.v & mask));
        break;
      }
      case Node::bytes: {
        std::span<const std::uint8_t> b;
        GLASSTLS_FUZZ_CHECK(r.read_bytes(n.data.size(), b));
        GLASSTLS_FUZZ_CHECK(std::equal(b.begin(), b.end(), n.data.begin(), n.data.end()));
        break;
      }
      case Node::scope: {
        Reader child;
        const bool ok = n.width == 1   ? r.read_u8_prefixed(child)
                        : n.width == 2 ? r.read_u16_prefixed(child)
                                       : r.read_u24_prefixed(child);
        GLASSTLS_FUZZ_CHECK(ok);
        parse(child, n);
        GLASSTLS_FUZZ_CHECK(child.expect_end("fuzz: scope not fully read").ok());
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Run run{Input({data, size}), {}};
  Writer w;
  Node root;
  root.kind = Node::scope;
  // Top level: closes (op 10) are ignored here, so the whole input is used.
  while (!run.in.done()) run.build(w, root, 0);
  run.step_check(w);

  const auto error = w.error();
  auto result = std::move(w).finish();
  if (run.model.error_offset) {
    GLASSTLS_FUZZ_CHECK(!result.ok() && error.has_value());
    GLASSTLS_FUZZ_CHECK(result.error().offset == *run.model.error_offset);
    GLASSTLS_FUZZ_CHECK(error->offset == *run.model.error_offset);
    GLASSTLS_FUZZ_CHECK(result.error().alert == glasstls::AlertDescription::internal_error);
    return 0;
  }
  GLASSTLS_FUZZ_CHECK(result.ok() && !error.has_value());
  GLASSTLS_FUZZ_CHECK(*result == run.model.out);
  Reader r(*result);
  parse(r, root);
  GLASSTLS_FUZZ_CHECK(r.expect_end("fuzz: output not fully read").ok());
  return 0;
}
