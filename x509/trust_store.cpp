// The trust store: a list of anchor certificates, looked up by subject name.
#include "x509/trust_store.hpp"

#include <algorithm>

#include "x509/pem.hpp"

namespace glasstls::x509 {

std::string LoadProblem::describe() const {
  std::string out = source;
  if (index > 0) out += ", certificate #" + std::to_string(index);
  if (line > 0) out += " (line " + std::to_string(line) + ")";
  return out + ": " + error.describe();
}

std::vector<LoadProblem> load_certificates(std::string_view source_name, ByteView text,
                                           std::vector<Certificate>& out) {
  std::vector<LoadProblem> problems;
  const std::string source(source_name);
  if (!looks_like_pem(text)) {
    if (text.empty()) return problems;
    auto cert = Certificate::parse(text);
    if (cert) out.push_back(std::move(*cert));
    else problems.push_back({source, 1, 0, cert.error()});
    return problems;
  }
  const std::string_view pem(reinterpret_cast<const char*>(text.data()), text.size());
  auto blocks = pem_decode_all(pem);
  if (!blocks) {
    problems.push_back({source, 0, 0, blocks.error()});
    return problems;
  }
  std::size_t index = 0;
  for (const auto& block : *blocks) {
    if (block.label != "CERTIFICATE") continue;  // keys, CRLs, ... next to the certificates
    ++index;
    auto cert = Certificate::parse(block.der);
    if (cert) out.push_back(std::move(*cert));
    else problems.push_back({source, index, block.line, cert.error()});
  }
  return problems;
}

void TrustStore::add(Certificate cert) {
  if (!contains(cert)) anchors_.push_back(std::move(cert));
}

std::vector<LoadProblem> TrustStore::add_pem(std::string_view source_name, std::string_view text) {
  std::vector<Certificate> certs;
  auto problems = load_certificates(
      source_name, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), certs);
  for (auto& c : certs) add(std::move(c));
  return problems;
}

std::vector<const Certificate*> TrustStore::find_by_subject(const Name& issuer) const {
  std::vector<const Certificate*> out;
  for (const auto& a : anchors_)
    if (a.subject().matches(issuer)) out.push_back(&a);
  return out;
}

bool TrustStore::contains(const Certificate& cert) const {
  return std::any_of(anchors_.begin(), anchors_.end(), [&](const Certificate& a) {
    return std::ranges::equal(a.der(), cert.der());
  });
}

}  // namespace glasstls::x509
