#include "tools/demo_cast.hpp"

#include <fmt/core.h>

#include "x509/name_builder.hpp"

namespace glasstls::tools {

namespace {

std::string key_kind(const x509::PrivateKey& key) {
  return must(key.public_key(), "public key").describe();
}

}  // namespace

x509::CertificateAuthority make_other_root(crypto::Rng& rng, x509::UnixTime now) {
  auto key = must(x509::PrivateKey::generate("p256", rng), "key generation");
  const auto name = must(x509::build_name("CN=Some Other Root CA,O=Elsewhere"), "other name");
  return must(
      x509::CertificateAuthority::create_root(std::move(key), name, now, now + 3650 * kDay, rng),
      "other root");
}

DemoCast make_cast(const DemoPlan& plan, crypto::Rng& rng, x509::UnixTime now, DemoFiles& files) {
  DemoCast cast;
  auto root_key = must(x509::PrivateKey::generate("p384", rng), "key generation");
  const auto root_name =
      must(x509::build_name("CN=GlassTLS Demo Root CA,O=GlassTLS Demo"), "root name");
  cast.root = must(x509::CertificateAuthority::create_root(std::move(root_key), root_name, now,
                                                           now + 3650 * kDay, rng),
                   "root certificate");
  Issued inter = issue_identity(*cast.root, "p256", "CN=GlassTLS Demo Issuing CA,O=GlassTLS Demo",
                                "", x509::Profile::intermediate, now, now + 1825 * kDay, rng, 0);
  cast.issuing =
      must(x509::CertificateAuthority::from(inter.cert, copy_key(inter.key)), "intermediate CA");
  cast.server = issue_identity(*cast.issuing, plan.server_key, "CN=www.example.test,O=Example Shop",
                               "DNS:www.example.test,DNS:example.test", x509::Profile::server, now,
                               now + 90 * kDay, rng);
  cast.client =
      issue_identity(*cast.issuing, plan.client_key, "CN=alice,O=Example Shop",
                     "email:alice@example.test", x509::Profile::client, now, now + 90 * kDay, rng);
  cast.server_keys = std::make_shared<const x509::KeyStore>(
      must(x509::KeyStore::create({cast.server->cert, inter.cert}, copy_key(cast.server->key)),
           "server key store"));
  cast.client_keys = std::make_shared<const x509::KeyStore>(
      must(x509::KeyStore::create({cast.client->cert, inter.cert}, copy_key(cast.client->key)),
           "client key store"));
  cast.client_trust.add(cast.root->certificate());
  cast.server_trust.add(cast.root->certificate());

  files.write("root.key", cast.root->key().to_pkcs8_pem(), true);
  files.write_certs("root.pem", {cast.root->certificate()});
  const std::pair<const char*, const Issued*> parties[] = {
      {"intermediate", &inter}, {"server", &*cast.server}, {"client", &*cast.client}};
  for (const auto& [name, p] : parties) {
    files.write(std::string(name) + ".key", p->key.to_pkcs8_pem(), true);
    files.write(std::string(name) + ".csr", p->csr.to_pem());
    files.write_certs(std::string(name) + ".pem", {p->cert});
  }
  files.write_certs("server-chain.pem", cast.server_keys->chain());
  files.write_certs("client-chain.pem", cast.client_keys->chain());
  return cast;
}

void print_cast(const DemoCast& cast, const DemoPlan& plan) {
  const auto& root = cast.root->certificate();
  const auto& inter = cast.issuing->certificate();
  fmt::print(
      "   root CA     {}\n"
      "               {}, signs its own certificate; both sides trust it\n",
      root.subject().to_string(), key_kind(cast.root->key()));
  fmt::print(
      "   issuing CA  {}\n"
      "               {}, certified by the root (a CA for leaf certificates only)\n",
      inter.subject().to_string(), key_kind(cast.issuing->key()));
  fmt::print(
      "   server      {}: {}, certified by the issuing CA\n"
      "               for serverAuth, names DNS:www.example.test, DNS:example.test,\n"
      "               valid {} .. {}\n",
      cast.server->cert.subject().to_string(), key_kind(cast.server->key),
      x509::format_time(cast.server->cert.validity().not_before),
      x509::format_time(cast.server->cert.validity().not_after));
  fmt::print(
      "   client      {}: {}, certified by the issuing CA for clientAuth,\n"
      "               names email:alice@example.test{}\n",
      cast.client->cert.subject().to_string(), key_kind(cast.client->key),
      plan.mtls ? "" : " (unused: --no-mtls, the server does not ask for it)");
  fmt::print(
      "   The server's key store holds its chain (server, issuing CA) and its private key;\n"
      "   its trust store, the root (to check client certificates). The client's key store\n"
      "   holds alice's chain and key; its trust store, the root (to check servers).\n"
      "   A key store is who you are; a trust store is whom you believe (seed 004).\n");
}

}  // namespace glasstls::tools
