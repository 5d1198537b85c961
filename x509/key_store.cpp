#include "x509/key_store.hpp"

#include <algorithm>
#include <optional>

#include "x509/pem.hpp"

namespace glasstls::x509 {

namespace {

bool same_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

std::string entry_problem(const std::string& source, std::string_view what, std::size_t index,
                          const Error& e) {
  return source + ", " + std::string(what) + " #" + std::to_string(index) + ": " + e.describe();
}

}  // namespace

Result<KeyStore> KeyStore::create(std::vector<Certificate> chain, PrivateKey key) {
  if (chain.empty())
    return make_error(AlertDescription::certificate_unknown,
                      "key store: a key store needs at least the certificate for its key");
  // RFC 5280 §4.1.2.7: subjectPublicKeyInfo "is used to carry the public key ...
  // of the subject": the private key must be the other half of that key.
  if (!same_bytes(chain.front().public_key().spki_der, key.spki_der()))
    return make_error(AlertDescription::illegal_parameter,
                      "key store: the private key does not belong to the first certificate "
                      "(RFC 5280 §4.1.2.7: the certificate binds its subject to one public key)");
  return KeyStore(std::move(chain), std::move(key));
}

Result<KeyStore> KeyStore::load(const std::vector<StoreSource>& sources, std::string& problem) {
  std::vector<Certificate> chain;
  std::optional<PrivateKey> key;
  std::string key_source;
  for (const auto& src : sources) {
    std::vector<PemBlock> blocks;
    if (looks_like_pem(src.data)) {
      const std::string_view text(reinterpret_cast<const char*>(src.data.data()), src.data.size());
      auto decoded = pem_decode_all(text);
      if (!decoded) {
        problem = src.name + ": " + decoded.error().describe();
        return decoded.error();
      }
      blocks = std::move(*decoded);
    } else {
      // DER: a certificate, or else a private key.
      auto cert = Certificate::parse(src.data);
      blocks.push_back(PemBlock{cert ? "CERTIFICATE" : "PRIVATE KEY", src.data, 0});
    }
    std::size_t cert_index = 0;
    for (const auto& block : blocks) {
      if (block.label == "CERTIFICATE") {
        ++cert_index;
        auto cert = Certificate::parse(block.der);
        if (!cert) {
          problem = entry_problem(src.name, "certificate", cert_index, cert.error());
          return cert.error();
        }
        chain.push_back(std::move(*cert));
      } else if (block.label.ends_with("PRIVATE KEY")) {
        if (key) {
          problem = src.name + ": a second private key (the first came from " + key_source +
                    "); a key store holds exactly one";
          return make_error(AlertDescription::illegal_parameter,
                            "key store: more than one private key");
        }
        auto k = PrivateKey::parse_der(block.der);
        if (!k) {
          problem = src.name + ", private key: " + k.error().describe();
          return k.error();
        }
        key = std::move(*k);
        key_source = src.name;
      } else {
        problem = src.name + ": unexpected PEM block \"" + block.label +
                  "\" (a key store holds CERTIFICATE blocks and one PRIVATE KEY)";
        return make_error(AlertDescription::decode_error, "RFC 7468 §2: unexpected PEM label");
      }
    }
  }
  if (!key) {
    problem = "no private key found in the key store's files";
    return make_error(AlertDescription::illegal_parameter, "key store: no private key");
  }
  auto store = create(std::move(chain), std::move(*key));
  if (!store) problem = std::string(store.error().rule);
  return store;
}

}  // namespace glasstls::x509
