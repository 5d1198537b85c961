#include "tools/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "x509/pem.hpp"

namespace glasstls::tools {

namespace {

bool fail(std::string& problem, std::string_view verb, const std::string& path,
          std::string_view why) {
  problem = std::string(verb) + " " + path + ": " + std::string(why);
  return false;
}

// Why a file of this type and size is not read, or empty when it is read.
std::string_view refusal(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "it is a directory, not a file";
  if (!S_ISREG(st.st_mode)) return "it is not a regular file (a FIFO, socket or device)";
  if (static_cast<std::uint64_t>(st.st_size) > kMaxFileSize) return kTooLarge;
  return {};
}

// Closes the descriptor however reading ends.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

bool read_all(int fd, std::size_t expected, const std::string& path, x509::Bytes& out,
              std::string& problem) {
  out.clear();
  out.reserve(expected);
  std::uint8_t chunk[65536];
  while (true) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(problem, "cannot read", path, std::strerror(errno));
    if (n == 0) return true;
    out.insert(out.end(), chunk, chunk + n);
    // The file may grow while it is read.
    if (out.size() > kMaxFileSize) return fail(problem, "cannot read", path, kTooLarge);
  }
}

}  // namespace

bool read_file(const std::string& path, x509::Bytes& out, std::string& problem) {
  // The type is checked before open(): opening a FIFO waits for a writer, and
  // opening a device can do anything.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return fail(problem, "cannot read", path, std::strerror(errno));
  if (auto why = refusal(st); !why.empty()) return fail(problem, "cannot read", path, why);
  // Non-blocking, and checked again on the open file: a path swapped for a
  // FIFO after stat() is refused here instead of hanging.
  const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0 || ::fstat(file.fd, &st) != 0)
    return fail(problem, "cannot read", path, std::strerror(errno));
  if (auto why = refusal(st); !why.empty()) return fail(problem, "cannot read", path, why);
  return read_all(file.fd, static_cast<std::size_t>(st.st_size), path, out, problem);
}

bool write_file(const std::string& path, std::string_view contents, bool secret,
                std::string& problem) {
  // Only a file (or a link, which is replaced, not followed) is replaced:
  // never a directory, a FIFO or a device such as /dev/null.
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
    return fail(problem, "cannot write", path,
                S_ISDIR(st.st_mode) ? "it is a directory, not a file" : "it is not a regular file");
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(problem, "cannot write", path, std::strerror(errno));
  if (secret) ::chmod(path.c_str(), 0600);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) return fail(problem, "cannot write", path, "the write failed");
  return true;
}

bool read_sources(const std::string& path, Directories directories,
                  std::vector<x509::StoreSource>& out, std::string& problem) {
  std::error_code ec;
  if (directories == Directories::allowed && std::filesystem::is_directory(path, ec)) {
    std::vector<std::string> files;
    // Regular files only (links to them included): a FIFO or a subdirectory
    // in a trust store directory is passed over.
    for (std::filesystem::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    if (ec) return fail(problem, "cannot read", path, ec.message());
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

bool load_certificates(const std::string& path, std::vector<x509::Certificate>& out,
                       std::string& problem) {
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
  problem =
      path + ": no certificate found (a CERTIFICATE PEM block or one DER certificate was expected)";
  return false;
}

bool load_public_suffixes(const std::optional<std::string>& path,
                          std::shared_ptr<const x509::PublicSuffixList>& out,
                          std::string& described, std::string& problem) {
  std::error_code ec;
  const std::string file = path.value_or(kDefaultPublicSuffixList);
  if (!path && !std::filesystem::exists(file, ec)) {
    described = "none (only a wildcard over a top-level domain is refused)";
    return true;
  }
  x509::Bytes text;
  if (!read_file(file, text, problem)) {
    problem = std::string("--public-suffix-list: ").append(problem);
    return false;
  }
  auto list = std::make_shared<const x509::PublicSuffixList>(x509::PublicSuffixList::parse(
      std::string_view(reinterpret_cast<const char*>(text.data()), text.size())));
  described = file + " (" + std::to_string(list->rules()) + " rules)";
  out = std::move(list);
  return true;
}

}  // namespace glasstls::tools
