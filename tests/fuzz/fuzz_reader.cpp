// Fuzz target: crypto::Reader, driven by a little program of reads.
//
// Input layout:  [L] [program: L bytes] [data: the rest]
// The Reader reads `data` with base_offset = 1 + L, so an absolute offset is
// an index into the whole fuzz input: the next unread byte of any Reader must
// be exactly input[offset()]. Program opcodes (one byte, then arguments):
//   0-4  read_u8/u16/u24/u32/u64     5 read_bytes(n)   6 skip(n)   7 peek_u8
//   8-10 read_u8/u16/u24_prefixed (on success the child becomes current)
//   11   read_child(n) (idem)        12 expect_end and return to the parent
//   13   expect_end (stay)           14 copy the Reader, read the copy
// n is the next program byte; 250..255 stand for huge sizes near SIZE_MAX.
//
// Checked after every step: offsets never go backwards and stay within the
// Reader's bytes, a failed read changes nothing, a read fails exactly when
// too few bytes remain, values are the big-endian bytes at the offset, child
// offsets continue the parent's and a child ends inside its parent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "crypto/reader.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using glasstls::crypto::Reader;

struct Level {
  Reader r;
  std::size_t end;  // absolute offset one past the Reader's last byte
};

class Program {
 public:
  explicit Program(std::span<const std::uint8_t> p) : p_(p) {}
  bool done() const { return i_ >= p_.size(); }
  std::uint8_t next() { return i_ < p_.size() ? p_[i_++] : 0; }
  std::size_t size_arg() {
    const std::uint8_t b = next();
    if (b < 250) return b;
    return std::numeric_limits<std::size_t>::max() - (255 - b);  // overflow bait
  }

 private:
  std::span<const std::uint8_t> p_;
  std::size_t i_ = 0;
};

class Checker {
 public:
  Checker(const std::uint8_t* input, std::size_t size) : in_(input), size_(size) {}

  // What every Reader must satisfy at any time.
  void invariants(const Level& l) const {
    const Reader& r = l.r;
    GLASSTLS_FUZZ_CHECK(r.offset() + r.remaining() == l.end);
    GLASSTLS_FUZZ_CHECK(l.end <= size_);
    GLASSTLS_FUZZ_CHECK(r.rest().size() == r.remaining());
    GLASSTLS_FUZZ_CHECK(r.remaining() == 0 || r.rest().data() == in_ + r.offset());
    GLASSTLS_FUZZ_CHECK(r.empty() == (r.remaining() == 0));
    GLASSTLS_FUZZ_CHECK(r.all().empty() || r.all().data() + r.all().size() == in_ + l.end);
    GLASSTLS_FUZZ_CHECK(r.all().size() >= r.remaining());
  }

  std::uint64_t be(std::size_t offset, std::size_t width) const {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v = v << 8 | in_[offset + i];
    return v;
  }

  // A read of `want` bytes either consumed exactly that many or nothing.
  void moved(const Level& l, std::size_t off0, std::size_t rem0, bool ok, std::size_t want) const {
    GLASSTLS_FUZZ_CHECK(l.r.offset() == (ok ? off0 + want : off0));
    GLASSTLS_FUZZ_CHECK(l.r.remaining() == (ok ? rem0 - want : rem0));
    GLASSTLS_FUZZ_CHECK(l.r.range_since(off0).offset == off0);
    GLASSTLS_FUZZ_CHECK(l.r.range_since(off0).length == (ok ? want : 0));
    invariants(l);
  }

 private:
  const std::uint8_t* in_;
  std::size_t size_;
};

template <typename T>
void fixed_read(const Checker& c, Level& l, std::size_t width, bool (Reader::*read)(T&)) {
  const std::size_t off0 = l.r.offset(), rem0 = l.r.remaining();
  T v = 0;
  const bool ok = (l.r.*read)(v);
  GLASSTLS_FUZZ_CHECK(ok == (rem0 >= width));
  c.moved(l, off0, rem0, ok, width);
  if (ok) GLASSTLS_FUZZ_CHECK(v == c.be(off0, width));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t prog_len = std::min<std::size_t>(data[0], size - 1);
  Program prog({data + 1, prog_len});
  const std::size_t base = 1 + prog_len;
  const Checker c(data, size);
  constexpr std::size_t kMaxDepth = 64;

  std::vector<Level> stack;
  stack.push_back({Reader({data + base, size - base}, base), size});
  c.invariants(stack.back());

  while (!prog.done()) {
    Level& l = stack.back();
    const std::size_t off0 = l.r.offset(), rem0 = l.r.remaining();
    const std::uint8_t op = static_cast<std::uint8_t>(prog.next() % 15);
    switch (op) {
      case 0: fixed_read<std::uint8_t>(c, l, 1, &Reader::read_u8); break;
      case 1: fixed_read<std::uint16_t>(c, l, 2, &Reader::read_u16); break;
      case 2: fixed_read<std::uint32_t>(c, l, 3, &Reader::read_u24); break;
      case 3: fixed_read<std::uint32_t>(c, l, 4, &Reader::read_u32); break;
      case 4: fixed_read<std::uint64_t>(c, l, 8, &Reader::read_u64); break;
      case 5: {
        const std::size_t n = prog.size_arg();
        std::span<const std::uint8_t> out;
        const bool ok = l.r.read_bytes(n, out);
        GLASSTLS_FUZZ_CHECK(ok == (rem0 >= n));
        c.moved(l, off0, rem0, ok, n);
        if (ok) GLASSTLS_FUZZ_CHECK(out.size() == n && (n == 0 || out.data() == data + off0));
        break;
      }
      case 6: {
        const std::size_t n = prog.size_arg();
        const bool ok = l.r.skip(n);
        GLASSTLS_FUZZ_CHECK(ok == (rem0 >= n));
        c.moved(l, off0, rem0, ok, n);
        break;
      }
      case 7: {
        std::uint8_t v = 0;
        const bool ok = l.r.peek_u8(v);
        GLASSTLS_FUZZ_CHECK(ok == (rem0 >= 1));
        if (ok) GLASSTLS_FUZZ_CHECK(v == data[off0]);
        c.moved(l, off0, rem0, true, 0);  // a peek never moves
        break;
      }
      case 8:
      case 9:
      case 10:
      case 11: {
        Reader child;
        bool ok = false;
        std::size_t width = 0, len = 0;
        bool expect_ok = false;
        if (op == 11) {
          len = prog.size_arg();
          ok = l.r.read_child(len, child);
          expect_ok = rem0 >= len;
        } else {
          width = op - 7u;  // 1, 2, 3
          ok = op == 8   ? l.r.read_u8_prefixed(child)
               : op == 9 ? l.r.read_u16_prefixed(child)
                         : l.r.read_u24_prefixed(child);
          if (rem0 >= width) {
            len = static_cast<std::size_t>(c.be(off0, width));
            expect_ok = rem0 - width >= len;
          }
        }
        GLASSTLS_FUZZ_CHECK(ok == expect_ok);
        c.moved(l, off0, rem0, ok, ok ? width + len : 0);
        if (!ok) break;
        // The child's offsets continue the parent's, and it ends inside it.
        const Level child_level{child, off0 + width + len};
        GLASSTLS_FUZZ_CHECK(child.offset() == off0 + width);
        GLASSTLS_FUZZ_CHECK(child.remaining() == len);
        GLASSTLS_FUZZ_CHECK(child.all().size() == len);
        GLASSTLS_FUZZ_CHECK(child_level.end == l.r.offset() && child_level.end <= l.end);
        c.invariants(child_level);
        if (stack.size() < kMaxDepth) stack.push_back(child_level);
        break;
      }
      case 12:
      case 13: {
        const auto end = l.r.expect_end("fuzz: trailing bytes");
        GLASSTLS_FUZZ_CHECK(end.ok() == l.r.empty());
        if (!end.ok()) {
          GLASSTLS_FUZZ_CHECK(end.error().offset == l.r.offset());
          GLASSTLS_FUZZ_CHECK(end.error().alert == glasstls::AlertDescription::decode_error);
        }
        c.moved(l, off0, rem0, true, 0);
        if (op == 12 && stack.size() > 1) {
          stack.pop_back();
          c.invariants(stack.back());  // the parent is untouched by the child's reads
        }
        break;
      }
      case 14: {
        // Readers are values: reading a copy leaves the original alone.
        Level copy = l;
        fixed_read<std::uint16_t>(c, copy, 2, &Reader::read_u16);
        c.moved(l, off0, rem0, true, 0);
        break;
      }
      default: break;
    }
  }
  for (const Level& l : stack) c.invariants(l);
  return 0;
}
