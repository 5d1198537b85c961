#include "tests/trace/tshark.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace glasstls::test {

bool have_tshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

std::string tshark_tls_fields(const std::string& file, const std::string& empty_home) {
  const std::string command =
      "HOME=" + empty_home + " XDG_CONFIG_HOME=" + empty_home + " timeout 60 tshark -r " + file +
      " -Y tls -T fields -e tls.handshake.type -e http.request.method -e http.response.code "
      "2>/dev/null";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

}  // namespace glasstls::test
