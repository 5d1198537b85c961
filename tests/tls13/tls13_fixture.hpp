// Test fixtures for TLS 1.3: a small PKI made in process (a root CA, server
// identities with ECDSA P-256, P-384, Ed25519 and RSA-2048 keys, a client
// identity for mutual TLS), and a pump that moves bytes between a client and
// a server Connection until neither has anything to say.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "handshake/connection.hpp"
#include "x509/ca.hpp"
#include "x509/key_store.hpp"
#include "x509/trust_store.hpp"

namespace glasstls::test {

struct Pki {
  x509::TrustStore roots;  // the root that issued everything below
  std::shared_ptr<const x509::KeyStore>
      server_p256;  // CN=server, SAN DNS:server.example, DNS:localhost
  std::shared_ptr<const x509::KeyStore> server_p384;
  std::shared_ptr<const x509::KeyStore> server_ed25519;
  std::shared_ptr<const x509::KeyStore> server_rsa;
  std::shared_ptr<const x509::KeyStore> client;  // CN=client, clientAuth
  std::shared_ptr<const x509::KeyStore>
      client_other_ca;  // issued by a CA the server does not trust
  std::shared_ptr<const x509::KeyStore> client_expired;
  std::shared_ptr<const x509::KeyStore>
      server_as_client;  // a serverAuth-only certificate used by a client
};

// Made once per process (RSA key generation is slow), deterministic.
const Pki& pki();

// A fixed clock inside every certificate's validity.
std::int64_t test_now();

// Moves bytes both ways until both sides are quiet. `chunk` > 0 delivers at
// most that many bytes per receive() call. Returns false when a side failed.
bool pump(handshake::Connection& client, handshake::Connection& server, std::size_t chunk = 0);

// Base configs: a client trusting pki().roots, a server with the P-256 identity.
handshake::Config client_config();
handshake::Config server_config();

}  // namespace glasstls::test
