// api_auth: three ways a client proves who it is to an HTTP API (seed 000),
// each protecting the same `POST /transfer`:
//
//   hmac       an API key id + HMAC-SHA256 over a canonical request string,
//              with the shared secret the service issued (both sides hold it);
//   signature  the same canonical string signed with the client's Ed25519 or
//              ECDSA P-256 private key; the service holds only public keys;
//   mtls       mutual TLS: the client's certificate chain, verified against
//              the service's own CA during the handshake, is the identity.
//
// hmac and signature run over server-authenticated TLS. The canonical string
// (what is signed) is, one field per line:
//
//   POST
//   /transfer
//   1733320000                      X-Timestamp: seconds since the epoch
//   9f2c...(32 hex digits)          X-Nonce: 16 random bytes, used once
//   <hex SHA-256 of the body>       so the body cannot be changed
//
// and the request carries X-Key-Id, X-Timestamp, X-Nonce and X-Signature.
// The server looks the key up by id, refuses a timestamp outside its window,
// checks the signature, and only then records the nonce (so unauthenticated
// requests cannot fill the cache): a second request with the same nonce
// inside the window is a replay.
//
// Only the installed public API is used: #include <glasstls.hpp>.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glasstls.hpp>

namespace api_auth {

using Bytes = std::vector<std::uint8_t>;

enum class Mode { hmac, signature, mtls };
std::optional<Mode> parse_mode(std::string_view text);
std::string_view mode_name(Mode mode);

// ---- minimal HTTP/1.1: one request per connection, Content-Length bodies.
struct HttpRequest {
  std::string method = "POST";
  std::string path = "/transfer";
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;

  // The value of a header (names compared case-insensitively), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
  void set_header(const std::string& name, const std::string& value);
  std::string serialize() const;  // adds Content-Length
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string serialize() const;
};

// Parses a whole request; nullopt while incomplete (more bytes needed).
// `problem` is set (and nullopt returned) when it can never be valid.
std::optional<HttpRequest> parse_request(std::string_view raw, std::string& problem);
// Parses a response; status 0 when malformed.
HttpResponse parse_response(std::string_view raw);

// ---- what is signed
std::string canonical_request(const HttpRequest& request, std::string_view timestamp,
                              std::string_view nonce);

// The client's credentials for the signing modes.
struct HmacCredential {
  std::string key_id;
  glasstls::crypto::Secret<64> secret;  // issued by the service, 32 bytes
};
struct SigningCredential {
  std::string key_id;
  glasstls::x509::PrivateKey key;  // Ed25519 or ECDSA P-256
};

std::int64_t unix_now();
std::string new_nonce(glasstls::crypto::Rng& rng);  // 32 hex digits

// Adds X-Key-Id, X-Timestamp, X-Nonce and X-Signature (hex).
void sign_hmac(HttpRequest& request, const HmacCredential& credential, std::int64_t now,
               glasstls::crypto::Rng& rng);
// ECDSA signatures are r || s (P1363), 64 bytes like Ed25519's.
glasstls::Result<void> sign_with_key(HttpRequest& request, const SigningCredential& credential,
                                     std::int64_t now, glasstls::crypto::Rng& rng);

// ---- the service's key databases (text files, one `KEY-ID HEX` per line)
// hmac: the HEX is the shared secret itself — the database IS the credentials.
// signature: the HEX is the client's SubjectPublicKeyInfo (DER) — public.
struct KeyDatabase {
  std::map<std::string, Bytes> entries;
  static KeyDatabase load(const std::string& path);  // throws std::runtime_error
  std::string to_text() const;
};
// Reads one credential from a `KEY-ID HEX` file (a client's own file, or a
// stolen server database).
HmacCredential hmac_credential_from(const KeyDatabase& db, const std::string& key_id);
SigningCredential signing_credential_from_pem(const std::string& key_id, const std::string& pem);
// The SubjectPublicKeyInfo of a certificate, a private key or a "PUBLIC KEY" PEM.
Bytes spki_from_pem(const std::string& pem);

// ---- replay protection: a window on the timestamp and a cache of nonces
class NonceCache {
 public:
  explicit NonceCache(std::int64_t window_seconds, std::size_t capacity = 100000)
      : window_(window_seconds), capacity_(capacity) {}
  // True the first time (key_id, nonce) is seen; kept until timestamp + window,
  // after which the window refuses the timestamp anyway. False on a replay, or
  // when full (fail closed).
  bool remember(const std::string& key_id, const std::string& nonce, std::int64_t timestamp,
                std::int64_t now);
  std::size_t size() const { return seen_.size(); }

 private:
  std::int64_t window_;
  std::size_t capacity_;
  std::map<std::string, std::int64_t> seen_;  // key id + nonce -> forget after
  std::int64_t pruned_at_ = 0;
};

// ---- the service: authenticate, then transfer
struct Verdict {
  bool ok = false;
  std::string who;     // the authenticated client
  std::string reason;  // why not, for the log and the 401 body
};

class Service {
 public:
  Mode mode = Mode::hmac;
  KeyDatabase keys;  // hmac secrets or signature public keys by key id
  std::int64_t window = 300;
  // Seconds added to the real clock (the demo moves time forward).
  std::atomic<std::int64_t> clock_offset{0};

  explicit Service(Mode m, std::int64_t window_seconds = 300)
      : mode(m), window(window_seconds), nonces_(window_seconds) {}

  // peer_subject: the verified client certificate's subject (mtls), or "".
  HttpResponse handle(const HttpRequest& request, const std::string& peer_subject,
                      std::string& log_line);
  Verdict authenticate(const HttpRequest& request, const std::string& peer_subject);
  std::int64_t now() const { return unix_now() + clock_offset; }

 private:
  Verdict check_signed(const HttpRequest& request);
  std::mutex mutex_;
  NonceCache nonces_;
};

// ---- over TLS
// Serves one connection from `listener`: the handshake, one request, one
// response. Returns a line for the log ("refused at the handshake: ..." or
// "POST /transfer -> 200 ..."), or nullopt when no client came in time.
std::optional<std::string> serve_one(glasstls::net::Listener& listener,
                                     const glasstls::handshake::Config& config, Service& service,
                                     std::chrono::milliseconds timeout);

// Sends raw request bytes over a new TLS connection to 127.0.0.1:port and
// reads the response. On a TLS failure the response has status 0 and
// `tls_error` says why.
HttpResponse send_raw(const glasstls::handshake::Config& config, std::uint16_t port,
                      const std::string& raw, std::string& tls_error);

// A client certificate for `subject_from`'s subject, for a new key, issued by
// the CA whose certificate and key are given: what a thief of the CA key can do.
std::shared_ptr<const glasstls::x509::KeyStore> forge_client_identity(
    const std::string& ca_cert_pem, const std::string& ca_key_pem,
    const glasstls::x509::Certificate& subject_from, glasstls::crypto::Rng& rng);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace api_auth
