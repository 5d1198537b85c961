#include "tools/files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "x509/pem.hpp"


namespace glasstls::tools {

bool read_file(const std::string& path, x509::Bytes& out, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool write_file(const std::string& path, std::string_view contents, bool secret, std::string& problem) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    problem = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  if (secret) ::chmod(path.c_str(), 0600);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) {
    problem = "cannot write " + path;
    return false;
  }
  return true;
}

bool read_sources(const std::string& path, std::vector<x509::StoreSource>& out, std::string& problem) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec))
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      x509::StoreSource s{f, {}};
      if (!read_file(f, s.data, problem)) return false;
      out.push_back(std::move(s));
    }
    return true;
  }
  x509::StoreSource s{path, {}};
  if (!read_file(path, s.data, problem)) return false;
  out.push_back(std::move(s));
  return true;
}

bool load_certificates(const std::string& path, std::vector<x509::Certificate>& out, std::string& problem) {
  x509::Bytes data;
  if (!read_file(path, data, problem)) return false;
  const std::size_t before = out.size();
  const auto problems = x509::load_certificates(path, data, out);
  if (!problems.empty()) {
    problem = problems.front().describe();
    return false;
  }
  if (out.size() == before && x509::looks_like_pem(data)) {
    // PEM, but no CERTIFICATE block: name what was there instead (RFC 7468 §5.1).
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    if (auto blocks = x509::pem_decode_all(text); blocks && !blocks->empty()) {
      problem = path + ": found a \"" + blocks->front().label + "\" PEM block (line " +
                std::to_string(blocks->front().line) + ") where a CERTIFICATE was expected";
      return false;
    }
  }
  return true;
}

bool require_certificates(const std::string& path, const std::vector<x509::Certificate>& certs,
                          std::string& problem) {
  if (!certs.empty()) return true;
  problem = path + ": no certificate found (a CERTIFICATE PEM block or one DER certificate was expected)";
  return false;
}

}  // namespace glasstls::tools
