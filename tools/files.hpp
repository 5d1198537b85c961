// Files for the command-line tool (the only layer that touches the file system).
#pragma once

#include <string>
#include <vector>

#include "crypto/result.hpp"
#include "x509/certificate.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::tools {

// The whole file; false with `problem` set ("cannot read X: No such file").
bool read_file(const std::string& path, x509::Bytes& out, std::string& problem);
// Writes (replacing) the file; private keys get mode 0600.
bool write_file(const std::string& path, std::string_view contents, bool secret, std::string& problem);
// A file, or every regular file of a directory (sorted by name), as store sources.
bool read_sources(const std::string& path, std::vector<x509::StoreSource>& out, std::string& problem);
// Every certificate in a PEM or DER file (none for an empty file); any entry
// that does not parse is an error, and `problem` names the file and the entry.
bool load_certificates(const std::string& path, std::vector<x509::Certificate>& out, std::string& problem);
// False, with `problem` set, when a file gave no certificate at all.
bool require_certificates(const std::string& path, const std::vector<x509::Certificate>& certs,
                          std::string& problem);

}  // namespace glasstls::tools
