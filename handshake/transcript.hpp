// The transcript hash (RFC 8446 §4.4.1): the hash of the handshake messages
// so far, "including the type and length fields of the Handshake messages".
//
// The hash function is the cipher suite's, which a client does not know when
// it sends its ClientHello: until set_hash() the messages are kept, then
// hashed. After a HelloRetryRequest the first ClientHello is replaced by a
// synthetic message_hash message (§4.4.1):
//
//   Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
//       Hash(message_hash ||        /* Handshake type */
//            00 00 Hash.length  ||  /* Handshake message length (bytes) */
//            Hash(ClientHello1) ||  /* Hash of ClientHello1 */
//            HelloRetryRequest  || ... || Mn)
#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "crypto/sha2.hpp"
#include "trace/events.hpp"

namespace glasstls::handshake {

// A hash value of the running transcript (up to SHA-512's 64 bytes).
struct Digest {
  std::array<std::uint8_t, crypto::kMaxDigestSize> bytes{};
  std::size_t size = 0;
  std::span<const std::uint8_t> view() const { return {bytes.data(), size}; }
};

class Transcript {
 public:
  void add(std::span<const std::uint8_t> message);
  // Chooses the hash; messages added so far are hashed now. With
  // `keep_messages` the messages themselves are kept too (TLS 1.2's
  // CertificateVerify signs them, RFC 5246 §7.4.8, with a hash of the
  // signer's choosing) until drop_messages().
  void set_hash(crypto::HashId id, bool keep_messages = false);
  void drop_messages();
  // The messages so far (before set_hash(), or while they are kept).
  std::span<const std::uint8_t> messages() const { return pending_; }
  bool has_hash() const { return hash_.has_value(); }
  crypto::HashId hash_id() const { return hash_->id(); }

  // Transcript-Hash of everything added so far.
  Digest current() const;
  // Transcript-Hash of everything added so far followed by `partial` (the
  // truncated ClientHello of a PSK binder, §4.2.11.2), without adding it.
  Digest current_with(std::span<const std::uint8_t> partial) const;
  // §4.4.1: replaces ClientHello1 (the only message so far) by message_hash.
  void replace_with_message_hash();

 private:
  std::optional<crypto::Hash> hash_;
  std::vector<std::uint8_t> pending_;  // before set_hash(), or kept
  bool keep_messages_ = false;
};

}  // namespace glasstls::handshake
