#include "handshake/transcript.hpp"

#include "handshake/codepoints.hpp"

namespace glasstls::handshake {

void Transcript::add(std::span<const std::uint8_t> message) {
  if (hash_) hash_->update(message);
  if (!hash_ || keep_messages_) pending_.insert(pending_.end(), message.begin(), message.end());
}

void Transcript::set_hash(crypto::HashId id, bool keep_messages) {
  hash_.emplace(id);
  hash_->update(pending_);
  keep_messages_ = keep_messages;
  if (!keep_messages) drop_messages();
}

void Transcript::drop_messages() {
  keep_messages_ = false;
  pending_.clear();
  pending_.shrink_to_fit();
}

Digest Transcript::current() const { return current_with({}); }

Digest Transcript::current_with(std::span<const std::uint8_t> partial) const {
  crypto::Hash fork = *hash_;
  fork.update(partial);
  Digest d;
  d.size = fork.size();
  fork.finish(std::span(d.bytes.data(), d.size));
  return d;
}

void Transcript::replace_with_message_hash() {
  const Digest ch1 = current();
  hash_->reset();
  const std::uint8_t header[4] = {code(HandshakeType::message_hash), 0, 0,
                                  static_cast<std::uint8_t>(ch1.size)};
  hash_->update(header);
  hash_->update(ch1.view());
}

}  // namespace glasstls::handshake
