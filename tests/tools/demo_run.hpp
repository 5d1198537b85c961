// Running the glasstls binary (GLASSTLS_BIN) from the tools tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

namespace glasstls::test {

// `glasstls demo <args>`'s standard output (with standard error when
// `with_stderr`) and exit code.
inline std::pair<std::string, int> run_demo(const std::string& args, bool with_stderr = false) {
  const std::string command = std::string(GLASSTLS_BIN)
                                  .append(" demo ")
                                  .append(args)
                                  .append(with_stderr ? " 2>&1" : " 2>/dev/null");
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {"", -1};
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// The whole file.
inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace glasstls::test
