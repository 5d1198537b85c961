// PEM decoding at scale: many blocks, one long line, one large block (issue 16:
// a 2 MB file of small blocks used to take 37 s, and a large block used about
// 12 bytes of memory per Base64 character). Nothing here measures time: the
// inputs are large enough that quadratic work would not finish within the
// test's time-out, and memory is counted by replacing operator new in this
// test program.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>

#include "x509/pem.hpp"

namespace {

// Bytes requested from operator new while counting is on (this binary only).
bool g_counting = false;
std::size_t g_allocated = 0;

}  // namespace

// The replacement pairs malloc with free, as the standard allows; g++ 12 at -O1
// (the ASan build) cannot see through the replacement and warns at every
// inlined `new TestClass` in this file.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  if (g_counting) g_allocated += n;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace glasstls::x509 {
namespace {

Bytes pattern(std::size_t size) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
  return out;
}

// `count` entries of 127 bytes and 4 lines each: a comment line, then a block
// of 48 octets (BEGIN, one 64-character Base64 line, END).
std::string many_blocks(std::size_t count) {
  std::string text;
  const std::string block = pem_encode("CERTIFICATE", pattern(48));
  text.reserve(count * (block.size() + 8));
  for (std::size_t i = 0; i < count; ++i) text += "# entry\n" + block;
  return text;
}

TEST(PemScaling, TwoMegabytesOfSmallBlocksDecodeWithLineNumbers) {
  const std::size_t count = 20000;
  const std::string text = many_blocks(count);
  ASSERT_GT(text.size(), 2'000'000u);
  auto blocks = pem_decode_all(text);
  ASSERT_TRUE(blocks.ok()) << blocks.error().describe();
  ASSERT_EQ(blocks->size(), count);
  const std::size_t lines_per_entry = 4;  // entry i: its comment on line 1 + 4i, BEGIN on the next
  for (std::size_t i : {std::size_t{0}, std::size_t{1}, count / 2, count - 1}) {
    EXPECT_EQ((*blocks)[i].line, 2 + i * lines_per_entry) << i;
    EXPECT_EQ((*blocks)[i].der, pattern(48)) << i;
  }
}

TEST(PemScaling, ManyBlocksOnOneLine) {
  // No newline at all: the BEGIN-line check must not scan to the end of the file for every block.
  std::string text;
  const std::string one = "-----BEGIN X-----Zm9vYmFy-----END X-----";
  const std::size_t count = 60000;
  text.reserve(count * one.size());
  for (std::size_t i = 0; i < count; ++i) text += one;
  auto blocks = pem_decode_all(text);
  ASSERT_TRUE(blocks.ok()) << blocks.error().describe();
  ASSERT_EQ(blocks->size(), count);
  EXPECT_EQ(blocks->back().line, 1u);
  EXPECT_EQ(blocks->back().offset, (count - 1) * one.size());
}

TEST(PemScaling, LargeBlockUsesMemoryForTheDecodedBytesOnly) {
  const Bytes der = pattern(3 * 1024 * 1024);
  const std::string text = pem_encode("CERTIFICATE", der);  // about 4 MB
  g_allocated = 0;
  g_counting = true;
  auto blocks = pem_decode_all(text);
  g_counting = false;
  ASSERT_TRUE(blocks.ok());
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ(blocks->front().der, der);
  // The decoded octets, the label and the block list; no copy of the Base64
  // text and no per-character bookkeeping.
  EXPECT_LE(g_allocated, der.size() + 4096)
      << "bytes allocated while decoding " << text.size() << " bytes of PEM";
}

TEST(PemScaling, ErrorOffsetDeepInALargeBlock) {
  std::string text = pem_encode("CERTIFICATE", pattern(3 * 1024 * 1024));
  const std::size_t at =
      text.find('\n', text.size() / 2) + 1;  // the first character of a Base64 line
  text[at] = '*';
  auto r = pem_decode_all(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, at);
}

}  // namespace
}  // namespace glasstls::x509
