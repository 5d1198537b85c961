// For the examples: read a whole file (the library itself reads no files;
// the program decides where its keys and certificates live).
#pragma once

#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <glasstls.hpp>

namespace examples {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline glasstls::x509::StoreSource source(const std::string& path) {
  const std::string text = read_file(path);
  return {path, glasstls::x509::Bytes(text.begin(), text.end())};
}

// A trust store: the CA certificates (PEM) we accept as issuers of our peer.
inline glasstls::x509::TrustStore load_trust(const std::string& path) {
  glasstls::x509::TrustStore trust;
  auto problems = trust.add_pem(path, read_file(path));
  if (!problems.empty()) throw std::runtime_error(problems.front().describe());
  if (trust.size() == 0) throw std::runtime_error(path + " holds no certificate");
  return trust;
}

// A key store: our certificate chain and its private key.
inline std::shared_ptr<const glasstls::x509::KeyStore> load_identity(const std::string& cert,
                                                                     const std::string& key) {
  std::string problem;
  auto store = glasstls::x509::KeyStore::load({source(cert), source(key)}, problem);
  if (!store) {
    throw std::runtime_error(problem.empty() ? store.error().describe() : problem);
  }
  return std::make_shared<const glasstls::x509::KeyStore>(std::move(*store));
}

}  // namespace examples
