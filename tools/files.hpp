// Files for the command-line tool (the only layer that touches the file system).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/result.hpp"
#include "x509/certificate.hpp"
#include "x509/identity.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::tools {

// The largest file read: certificates, keys, requests and bundles are far smaller.
inline constexpr std::size_t kMaxFileSize = std::size_t{64} << 20;
inline constexpr std::string_view kTooLarge =
    "it is larger than the 64 MiB limit for certificate, key and request files";

// The whole file; false with `problem` set ("cannot read X: No such file or
// directory"). Only regular files are read: a directory, a FIFO, a socket or
// a device is refused before it is opened (a FIFO with no writer would block
// forever), and so is a file over kMaxFileSize.
bool read_file(const std::string& path, x509::Bytes& out, std::string& problem);
// Writes (replacing) the file; private keys get mode 0600. A directory, FIFO
// or device at `path` is refused, never replaced.
bool write_file(const std::string& path, std::string_view contents, bool secret,
                std::string& problem);
// Whether an option takes a directory of files in place of one file.
enum class Directories { refused, allowed };
// A file, or (when allowed) every regular file of a directory, sorted by
// name, as store sources.
bool read_sources(const std::string& path, Directories directories,
                  std::vector<x509::StoreSource>& out, std::string& problem);
// Every certificate in a PEM or DER file (none for an empty file); any entry
// that does not parse is an error, and `problem` names the file and the entry.
bool load_certificates(const std::string& path, std::vector<x509::Certificate>& out,
                       std::string& problem);
// False, with `problem` set, when a file gave no certificate at all.
bool require_certificates(const std::string& path, const std::vector<x509::Certificate>& certs,
                          std::string& problem);

// Debian's copy of the Public Suffix List (package publicsuffix).
inline constexpr const char* kDefaultPublicSuffixList =
    "/usr/share/publicsuffix/public_suffix_list.dat";
// The Public Suffix List for webpki's wildcard rule (CA/B Forum BR
// §3.2.2.6): the file named, or kDefaultPublicSuffixList when it exists
// (else `out` stays null). False (with `problem`) only when a named file
// cannot be read; `described` says which list is used.
bool load_public_suffixes(const std::optional<std::string>& path,
                          std::shared_ptr<const x509::PublicSuffixList>& out,
                          std::string& described, std::string& problem);

}  // namespace glasstls::tools
