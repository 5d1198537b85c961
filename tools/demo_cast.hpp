// Who is who in `glasstls demo`: a root CA, an issuing (intermediate) CA,
// the server www.example.test and the client alice, each side's key store
// and trust store — made in memory, told in a few lines (the whole story,
// step by step, is `glasstls demo pki`).
#pragma once

#include <memory>
#include <optional>

#include "tools/demo_common.hpp"
#include "tools/demo_options.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::tools {

inline constexpr std::string_view kServerName = "www.example.test";

struct DemoCast {
  std::optional<x509::CertificateAuthority> root;
  std::optional<x509::CertificateAuthority> issuing;  // the intermediate CA
  std::optional<Issued> server;
  std::optional<Issued> client;
  // Each side's own identity (its chain, leaf first, and its key) ...
  std::shared_ptr<const x509::KeyStore> server_keys;
  std::shared_ptr<const x509::KeyStore> client_keys;
  // ... and the CAs it trusts to vouch for the other side.
  x509::TrustStore client_trust;
  x509::TrustStore server_trust;
};

// Makes the cast for `plan` (key kinds), writing every file into `files`.
DemoCast make_cast(const DemoPlan& plan, crypto::Rng& rng, x509::UnixTime now, DemoFiles& files);
// The few lines that introduce it.
void print_cast(const DemoCast& cast, const DemoPlan& plan);

// A root CA of its own ("an unrelated CA"), valid 10 years from `now`.
x509::CertificateAuthority make_other_root(crypto::Rng& rng, x509::UnixTime now);

}  // namespace glasstls::tools
