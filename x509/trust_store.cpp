// The trust store: a list of anchor certificates, looked up by subject name
// through a hash index (never by scanning the list).
#include "x509/trust_store.hpp"

#include <algorithm>

#include "crypto/sha2.hpp"
#include "x509/pem.hpp"

namespace glasstls::x509 {
namespace {

// std::string keys (not std::vector<std::uint8_t>): STYLE.md, g++ 12's
// -Wstringop-overread on vector keys.
std::string digest_key(ByteView bytes) {
  const auto d = crypto::Sha256::hash(bytes);
  return std::string(d.begin(), d.end());
}

}  // namespace

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
    if (cert)
      out.push_back(std::move(*cert));
    else
      problems.push_back({source, 1, 0, cert.error()});
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
    if (cert)
      out.push_back(std::move(*cert));
    else
      problems.push_back({source, index, block.line, cert.error()});
  }
  return problems;
}

void TrustStore::add(Certificate cert) {
  if (!by_der_hash_.insert(digest_key(cert.der())).second) return;  // already here
  by_subject_[digest_key(cert.subject().der)].push_back(anchors_.size());
  anchors_.push_back(std::move(cert));
}

std::vector<LoadProblem> TrustStore::add_pem(std::string_view source_name, std::string_view text) {
  std::vector<Certificate> certs;
  auto problems = load_certificates(
      source_name, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
      certs);
  for (auto& c : certs) add(std::move(c));
  return problems;
}

std::vector<const Certificate*> TrustStore::find_by_subject(const Name& issuer) const {
  std::vector<const Certificate*> out;
  const auto it = by_subject_.find(digest_key(issuer.der));
  if (it == by_subject_.end()) return out;
  // The hash picks the bucket; the names themselves decide.
  for (const std::size_t i : it->second)
    if (anchors_[i].subject().matches(issuer)) out.push_back(&anchors_[i]);
  return out;
}

bool TrustStore::contains(const Certificate& cert) const {
  return by_der_hash_.contains(digest_key(cert.der()));
}

}  // namespace glasstls::x509
