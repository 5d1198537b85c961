// Session resumption (RFC 8446 §2.2, §4.6.1): the server's ticket keys and
// the client's ticket cache.
//
// A ticket is self-encrypted by the server: AEAD (AES-256-GCM) under a key
// only the server knows, holding what it needs to resume — the cipher suite,
// the resumption PSK, ticket_age_add, when it was issued, the ALPN protocol.
// The keys rotate: a ticket sealed under the previous key still opens until
// that key is dropped.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/result.hpp"
#include "crypto/rng.hpp"
#include "crypto/secret.hpp"

namespace glasstls::handshake {

// What a ticket carries (and what a client remembers beside the ticket).
struct SessionState {
  std::uint16_t cipher_suite = 0;  // a TLS 1.3 or a TLS 1.2 suite: the session's version
  // TLS 1.3: the resumption PSK (§4.6.1). TLS 1.2: the master secret (48
  // bytes, RFC 5246 §8.1), which an abbreviated handshake reuses.
  crypto::HashSecret psk;
  std::uint32_t ticket_age_add = 0;
  std::int64_t issued_at = 0;  // seconds
  std::uint32_t lifetime = 0;  // seconds
  std::string alpn;
  std::string server_name;
  // A server's record of the client it authenticated (mutual TLS): a resumed
  // handshake has no CertificateRequest (RFC 8446 §4.3.2), so the identity
  // comes from here. Empty when the client sent no certificate.
  std::string peer_subject;
  std::vector<std::string> peer_names;
  // TLS 1.2: whether the master secret is an extended one (RFC 7627 §5.3),
  // and (a client's) the session ID the server gave it (RFC 5246 §7.4.1.3).
  bool extended_master_secret = false;
  std::vector<std::uint8_t> session_id;

  SessionState clone() const;
};

// The state's bytes inside a ticket (and a saved client session): cipher
// suite, PSK, ticket_age_add, issue time, lifetime, ALPN, server name, peer
// identity. They hold the PSK: wipe them after use.
Result<std::vector<std::uint8_t>> encode_session_state(const SessionState& state);
std::optional<SessionState> decode_session_state(std::span<const std::uint8_t> bytes);

// What a server seals its tickets with (rustls calls it ProducesTickets): a
// server may keep tickets its own way — a shared key in a cluster, or a table
// of PSKs — by implementing this.
class Ticketer {
 public:
  virtual ~Ticketer() = default;
  // The ticket for `state` (empty when it cannot make one).
  virtual std::vector<std::uint8_t> seal(const SessionState& state, std::int64_t now,
                                         crypto::Rng& rng) = 0;
  // The state inside a ticket this server issued, if it opens and is unexpired.
  virtual std::optional<SessionState> open(std::span<const std::uint8_t> ticket,
                                           std::int64_t now) = 0;
};

// The default Ticketer: AES-256-GCM under rotating keys.
class TicketKeys final : public Ticketer {
 public:
  // Keys from `rng`; a new one every `rotate_after` seconds (the previous one
  // still opens tickets for one more period).
  TicketKeys(crypto::Rng& rng, std::int64_t rotate_after = 3600);

  std::vector<std::uint8_t> seal(const SessionState& state, std::int64_t now,
                                 crypto::Rng& rng) override;
  std::optional<SessionState> open(std::span<const std::uint8_t> ticket, std::int64_t now) override;

 private:
  struct Key {
    std::uint32_t id = 0;
    crypto::Secret<32> secret;
    std::int64_t created = 0;
  };
  void rotate_if_due(std::int64_t now);

  std::mutex mutex_;
  crypto::Rng& rng_;
  std::int64_t rotate_after_;
  std::uint32_t next_id_ = 1;
  std::optional<Key> current_, previous_;
};

// A TLS 1.2 server's sessions by session ID (RFC 5246 §7.4.1.2-§7.4.1.3):
// bounded, the oldest dropped first; each looked up once.
class ServerSessionCache {
 public:
  explicit ServerSessionCache(std::size_t capacity = 1024) : capacity_(capacity) {}
  void put(const std::vector<std::uint8_t>& session_id, SessionState state);
  // The unexpired session with that ID, removed from the cache.
  std::optional<SessionState> take(std::span<const std::uint8_t> session_id, std::int64_t now);
  // The session with that ID, dropped (its connection failed).
  void forget(std::span<const std::uint8_t> session_id);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  // Keyed by the ID's bytes as a string (std::string compares bytes).
  std::map<std::string, SessionState> sessions_;
  std::vector<std::string> order_;  // oldest first
};

// A client's tickets by server name; each used once (RFC 8446 §C.4: "Clients
// SHOULD NOT reuse a ticket for multiple connections").
class ClientSessionCache {
 public:
  struct Entry {
    std::vector<std::uint8_t> ticket;
    SessionState state;
    // For a session kept in a file (`glasstls client --sess-out/--sess-in`):
    // the ticket and the state, which holds the resumption PSK.
    Result<std::vector<std::uint8_t>> encode() const;
    static std::optional<Entry> decode(std::span<const std::uint8_t> bytes);
  };
  explicit ClientSessionCache(std::size_t per_server = 4) : per_server_(per_server) {}

  void put(const std::string& server_name, Entry entry);
  // The newest unexpired ticket for the name, removed from the cache.
  std::optional<Entry> take(const std::string& server_name, std::int64_t now);
  // The entry whose ticket is `id` (or, without a ticket, whose TLS 1.2
  // session ID is), dropped (its connection failed).
  void forget(const std::string& server_name, std::span<const std::uint8_t> id);
  std::size_t size(const std::string& server_name) const;

 private:
  mutable std::mutex mutex_;
  std::size_t per_server_;
  std::map<std::string, std::vector<Entry>> entries_;
};

}  // namespace glasstls::handshake
