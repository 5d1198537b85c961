// The replay driver: in builds without libFuzzer (g++, GLASSTLS_FUZZ=OFF) every
// fuzz target is linked with this main(), which runs LLVMFuzzerTestOneInput on
// each file given (directories: each regular file in them, sorted), so ctest
// can replay the seed corpora, and a crash file from a fuzzer run can be
// replayed under gdb/valgrind in a plain build:
//
//   build/release/tests/fuzz/fuzz_reader crash-1234abcd
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

void run_one(const std::uint8_t* data, std::size_t size) {
  // A heap copy of exactly `size` bytes, so ASan sees any read past the end.
  std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[size == 0 ? 1 : size]);
  std::copy(data, data + size, copy.get());
  LLVMFuzzerTestOneInput(size == 0 ? nullptr : copy.get(), size);
}

bool run_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  // Named first, so a crash report says which input it was.
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", p.c_str(), bytes.size());
  std::fflush(stderr);
  run_one(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n(replays inputs through the fuzz target)\n",
                 argv[0]);
    return 2;
  }
  run_one(nullptr, 0);  // libFuzzer always tries the empty input too
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) count += run_file(f) ? 1 : 0;
    } else if (run_file(arg)) {
      ++count;
    } else {
      return 1;
    }
  }
  if (count == 0) {
    std::fprintf(stderr, "replay: no inputs found: an empty corpus tests nothing\n");
    return 1;
  }
  std::printf("replay: %zu inputs, no failure\n", count);
  return 0;
}
