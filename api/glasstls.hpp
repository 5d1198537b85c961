// GlassTLS, the whole public API in one include:
//
//   #include <glasstls.hpp>          // with find_package(GlassTLS) and
//                                    // target_link_libraries(app GlassTLS::glasstls)
//
// - handshake::Config, handshake::Connection: one TLS 1.3 / 1.2 connection,
//   sans-IO (bytes in, bytes out);
// - net::TlsStream, net::Listener: the same over a blocking TCP socket;
// - x509::KeyStore (our identity), x509::TrustStore (the CAs we trust),
//   certificates, keys, PEM, CSRs, a small CA, path validation;
// - crypto/: the primitives (hashes, HMAC, HKDF, AEADs, RSA, ECDSA, Ed25519,
//   X25519) and the Result/Error model every layer shares;
// - trace/: the events a connection reports, and a text renderer.
//
// docs/api.md describes the life cycle, errors, threading and what is stable.
#pragma once

#include "glasstls_version.hpp"

#include "crypto/ecdsa.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/hex.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/sha2.hpp"
#include "crypto/x25519.hpp"
#include "handshake/config.hpp"
#include "handshake/connection.hpp"
#include "net/socket.hpp"
#include "net/tls_stream.hpp"
#include "trace/events.hpp"
#include "trace/text_renderer.hpp"
#include "x509/ca.hpp"
#include "x509/certificate.hpp"
#include "x509/csr.hpp"
#include "x509/key_store.hpp"
#include "x509/name_builder.hpp"
#include "x509/path.hpp"
#include "x509/pem.hpp"
#include "x509/private_key.hpp"
#include "x509/public_key.hpp"
#include "x509/trust_store.hpp"
