// The TLS 1.2 key schedule: everything comes out of one function, the PRF of
// RFC 5246 §5 (crypto/prf12.hpp), with the suite's hash (SHA-256, or SHA-384
// for the *_SHA384 suites):
//
//   pre_master_secret (ECDHE shared secret, or RSA-encrypted random bytes)
//        |
//        |  PRF(., "master secret", ClientHello.random + ServerHello.random)   RFC 5246 §8.1
//        |  or, with extended_master_secret,
//        |  PRF(., "extended master secret", session_hash)                     RFC 7627 §4
//        v
//   master_secret (48 bytes; the session's secret, kept for resumption)
//        |
//        +--> PRF(., "key expansion", server_random + client_random)          RFC 5246 §6.3
//        |      = client_write_key | server_write_key | client_write_IV | server_write_IV
//        |        (AEAD suites have no MAC keys)
//        |
//        +--> PRF(., "client finished" | "server finished",
//                 Hash(handshake_messages))[0..11] = verify_data               RFC 5246 §7.4.9
//
// Each PRF call is reported to the trace sink as a KeyEvent with its labelled
// inputs; secret values only when the sink asks for them (teaching mode).
// Establishing the master secret also emits the NSS key log line
// "CLIENT_RANDOM <client_random> <master_secret>" (a KeyLogEvent), then too
// only when the sink wants secrets.
#pragma once

#include <cstddef>
#include <span>

#include "crypto/result.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha2.hpp"
#include "handshake/hello.hpp"
#include "handshake/transcript.hpp"
#include "trace/events.hpp"

namespace glasstls::handshake {

using crypto::HashSecret;

// RFC 5246 §8.1: "The master secret is always exactly 48 bytes in length."
inline constexpr std::size_t kMasterSecretSize = 48;
// RFC 5246 §7.4.9: "Any cipher suite which does not explicitly specify
// verify_data_length has a verify_data_length equal to 12."
inline constexpr std::size_t kVerifyDataSize12 = 12;

// One direction's keys from the key block (RFC 5246 §6.3): the AEAD key
// (16 or 32 bytes) and the fixed write IV (4 bytes for AES-GCM, RFC 5288 §3;
// 12 for ChaCha20-Poly1305, RFC 7905 §2) — what record::Tls12Protection::create
// takes, after Config::crypto.make_aead.
struct WriteKeys12 {
  crypto::Secret<32> key;
  crypto::Secret<12> iv;
};

struct KeyBlock12 {
  WriteKeys12 client;  // client_write_key, client_write_IV: the client seals with these
  WriteKeys12 server;  // server_write_key, server_write_IV
};

// Whose Finished (RFC 5246 §7.4.9: the finished_label).
enum class FinishedSender : std::uint8_t { client, server };

class KeySchedule12 {
 public:
  // `hash` is the suite's PRF hash (SuiteInfo::hash).
  KeySchedule12(crypto::HashId hash, trace::TraceSink* sink) : hash_(hash), sink_(sink) {}

  crypto::HashId hash() const { return hash_; }

  // RFC 5246 §8.1: master_secret = PRF(pre_master_secret, "master secret",
  // ClientHello.random + ServerHello.random)[0..47].
  void derive_master_secret(std::span<const std::uint8_t> pre_master_secret,
                            const Random& client_random, const Random& server_random);
  // RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master
  // secret", session_hash)[0..47], where session_hash is the transcript hash
  // from ClientHello up to and including ClientKeyExchange (§3).
  // `client_random` is for the key log line only.
  void derive_extended_master_secret(std::span<const std::uint8_t> pre_master_secret,
                                     const Digest& session_hash, const Random& client_random);
  // An abbreviated handshake (RFC 5246 §7.3) reuses the session's master
  // secret (48 bytes, else internal_error); the new connection's client
  // random goes to the key log.
  Result<void> resume_master_secret(std::span<const std::uint8_t> master_secret,
                                    const Random& client_random);

  bool has_master_secret() const { return !master_.empty(); }
  // The 48 bytes, to keep in a session for resumption.
  const HashSecret& master_secret() const { return master_; }

  // RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion",
  // server_random + client_random), split into client_write_key,
  // server_write_key, client_write_IV, server_write_IV (no MAC keys: AEAD).
  // `key_length` <= 32 and `fixed_iv_length` <= 12 (SuiteInfo's; larger is
  // a programming error and aborts, as Secret does).
  KeyBlock12 key_block(const Random& client_random, const Random& server_random,
                       std::size_t key_length, std::size_t fixed_iv_length) const;

  // RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label,
  // Hash(handshake_messages))[0..11]. Compare a received one with ct::memeq.
  HashSecret finished_verify_data(FinishedSender sender, const Digest& handshake_hash) const;

 private:
  void prf(std::span<const std::uint8_t> secret, std::string_view secret_name,
           std::string_view label, std::span<const std::uint8_t> seed, std::string_view seed_name,
           std::span<std::uint8_t> out, std::string_view output_name) const;
  void key_log(const Random& client_random) const;

  crypto::HashId hash_;
  trace::TraceSink* sink_;
  HashSecret master_;
};

}  // namespace glasstls::handshake
