#include "handshake/session.hpp"

#include <algorithm>

#include "crypto/reader.hpp"
#include "crypto/writer.hpp"

namespace glasstls::handshake {

namespace {

constexpr std::size_t kNonceSize = crypto::Aead::kNonceSize;

}  // namespace

SessionState SessionState::clone() const {
  SessionState s;
  s.cipher_suite = cipher_suite;
  s.psk = psk.clone();
  s.ticket_age_add = ticket_age_add;
  s.issued_at = issued_at;
  s.lifetime = lifetime;
  s.alpn = alpn;
  s.server_name = server_name;
  s.peer_subject = peer_subject;
  s.peer_names = peer_names;
  s.extended_master_secret = extended_master_secret;
  s.session_id = session_id;
  return s;
}

Result<std::vector<std::uint8_t>> encode_session_state(const SessionState& state) {
  crypto::Writer w;
  w.u16(state.cipher_suite);
  w.u8_prefixed([&](crypto::Writer& p) { p.bytes(state.psk.bytes()); });
  w.u32(state.ticket_age_add);
  w.u64(static_cast<std::uint64_t>(state.issued_at));
  w.u32(state.lifetime);
  w.u8_prefixed([&](crypto::Writer& a) {
    a.bytes({reinterpret_cast<const std::uint8_t*>(state.alpn.data()), state.alpn.size()});
  });
  w.u16_prefixed([&](crypto::Writer& n) {
    n.bytes({reinterpret_cast<const std::uint8_t*>(state.server_name.data()),
             state.server_name.size()});
  });
  const auto text = [](crypto::Writer& to, const std::string& v) {
    to.u16_prefixed([&](crypto::Writer& t) {
      t.bytes({reinterpret_cast<const std::uint8_t*>(v.data()), v.size()});
    });
  };
  text(w, state.peer_subject);
  w.u16_prefixed([&](crypto::Writer& list) {
    for (const auto& n : state.peer_names) text(list, n);
  });
  w.u8(state.extended_master_secret ? 1 : 0);
  w.u8_prefixed([&](crypto::Writer& id) { id.bytes(state.session_id); });
  return std::move(w).finish();
}

std::optional<SessionState> decode_session_state(std::span<const std::uint8_t> bytes) {
  SessionState s;
  crypto::Reader r(bytes);
  crypto::Reader psk, alpn, name, subject, names, session_id;
  std::uint64_t issued = 0;
  std::uint8_t ems = 0;
  bool ok = r.read_u16(s.cipher_suite) && r.read_u8_prefixed(psk) && r.read_u32(s.ticket_age_add) &&
            r.read_u64(issued) && r.read_u32(s.lifetime) && r.read_u8_prefixed(alpn) &&
            r.read_u16_prefixed(name) && r.read_u16_prefixed(subject) &&
            r.read_u16_prefixed(names) && r.read_u8(ems) && ems <= 1 &&
            r.read_u8_prefixed(session_id) && r.empty() &&
            psk.remaining() <= crypto::HashSecret::capacity;
  s.extended_master_secret = ems == 1;
  s.session_id.assign(session_id.all().begin(), session_id.all().end());
  while (ok && !names.empty()) {
    crypto::Reader one;
    ok = names.read_u16_prefixed(one);
    if (ok) s.peer_names.emplace_back(one.all().begin(), one.all().end());
  }
  if (ok) {
    s.peer_subject.assign(subject.all().begin(), subject.all().end());
    s.psk = crypto::HashSecret::from(psk.all());
    s.issued_at = static_cast<std::int64_t>(issued);
    s.alpn.assign(alpn.all().begin(), alpn.all().end());
    s.server_name.assign(name.all().begin(), name.all().end());
  }
  if (!ok) return std::nullopt;
  return s;
}

TicketKeys::TicketKeys(crypto::Rng& rng, std::int64_t rotate_after)
    : rng_(rng), rotate_after_(rotate_after) {}

void TicketKeys::rotate_if_due(std::int64_t now) {
  if (current_ && now - current_->created < rotate_after_) return;
  Key k;
  k.id = next_id_++;
  k.secret = crypto::Secret<32>(32);
  rng_.fill(k.secret.mutable_bytes());
  k.created = now;
  previous_ = std::move(current_);
  current_ = std::move(k);
}

// Ticket layout: key id (4) || nonce (12) || AEAD(state) — the key id and the
// nonce are the additional data.
std::vector<std::uint8_t> TicketKeys::seal(const SessionState& state, std::int64_t now,
                                           crypto::Rng& rng) {
  std::lock_guard lock(mutex_);
  rotate_if_due(now);
  auto plain = encode_session_state(state);
  if (!plain) return {};
  std::vector<std::uint8_t> out(4 + kNonceSize + plain->size() + crypto::Aead::kTagSize);
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(current_->id >> (24 - 8 * i));
  rng.fill(std::span(out).subspan(4, kNonceSize));
  auto aead = crypto::make_aead(crypto::AeadId::aes256_gcm, current_->secret.bytes());
  if (!aead) return {};
  const std::span<const std::uint8_t, kNonceSize> nonce(out.data() + 4, kNonceSize);
  auto sealed = (*aead)->seal(nonce, std::span(out).first(4 + kNonceSize), *plain,
                              std::span(out).subspan(4 + kNonceSize));
  crypto::ct::secure_wipe(plain->data(), plain->size());
  if (!sealed) return {};
  return out;
}

std::optional<SessionState> TicketKeys::open(std::span<const std::uint8_t> ticket,
                                             std::int64_t now) {
  std::lock_guard lock(mutex_);
  rotate_if_due(now);
  if (ticket.size() < 4 + kNonceSize + crypto::Aead::kTagSize) return std::nullopt;
  const std::uint32_t id = static_cast<std::uint32_t>(ticket[0]) << 24 |
                           static_cast<std::uint32_t>(ticket[1]) << 16 |
                           static_cast<std::uint32_t>(ticket[2]) << 8 | ticket[3];
  const Key* key = current_ && current_->id == id     ? &*current_
                   : previous_ && previous_->id == id ? &*previous_
                                                      : nullptr;
  if (!key) return std::nullopt;
  auto aead = crypto::make_aead(crypto::AeadId::aes256_gcm, key->secret.bytes());
  if (!aead) return std::nullopt;
  const auto body = ticket.subspan(4 + kNonceSize);
  std::vector<std::uint8_t> plain(body.size() - crypto::Aead::kTagSize);
  const std::span<const std::uint8_t, kNonceSize> nonce(ticket.data() + 4, kNonceSize);
  if (!(*aead)->open(nonce, ticket.first(4 + kNonceSize), body, plain)) return std::nullopt;

  auto state = decode_session_state(plain);
  crypto::ct::secure_wipe(plain.data(), plain.size());
  if (!state) return std::nullopt;
  const SessionState& s = *state;
  // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800
  // seconds (7 days)" — and a ticket past its lifetime is not used.
  if (now < s.issued_at || now - s.issued_at > static_cast<std::int64_t>(s.lifetime)) {
    return std::nullopt;
  }
  return state;
}

namespace {

std::string session_key(std::span<const std::uint8_t> id) {
  return {reinterpret_cast<const char*>(id.data()), id.size()};
}

}  // namespace

void ServerSessionCache::put(const std::vector<std::uint8_t>& session_id, SessionState state) {
  std::lock_guard lock(mutex_);
  const std::string key = session_key(session_id);
  if (sessions_.insert_or_assign(key, std::move(state)).second) order_.push_back(key);
  while (sessions_.size() > capacity_ && !order_.empty()) {
    sessions_.erase(order_.front());
    order_.erase(order_.begin());
  }
}

std::optional<SessionState> ServerSessionCache::take(std::span<const std::uint8_t> session_id,
                                                     std::int64_t now) {
  std::lock_guard lock(mutex_);
  const std::string key = session_key(session_id);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  SessionState s = std::move(it->second);
  sessions_.erase(it);
  std::erase(order_, key);
  if (now < s.issued_at || now - s.issued_at > static_cast<std::int64_t>(s.lifetime)) {
    return std::nullopt;
  }
  return s;
}

void ServerSessionCache::forget(std::span<const std::uint8_t> session_id) {
  std::lock_guard lock(mutex_);
  const std::string key = session_key(session_id);
  sessions_.erase(key);
  std::erase(order_, key);
}

std::size_t ServerSessionCache::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void ClientSessionCache::put(const std::string& server_name, Entry entry) {
  std::lock_guard lock(mutex_);
  auto& list = entries_[server_name];
  list.push_back(std::move(entry));
  if (list.size() > per_server_) list.erase(list.begin());
}

std::optional<ClientSessionCache::Entry> ClientSessionCache::take(const std::string& server_name,
                                                                  std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(server_name);
  if (it == entries_.end()) return std::nullopt;
  auto& list = it->second;
  while (!list.empty()) {
    Entry e = std::move(list.back());
    list.pop_back();
    // RFC 8446 §4.2.11.1: "Clients MUST NOT attempt to use tickets which have
    // ages greater than the "ticket_lifetime" value which was provided with
    // the ticket." (Lifetimes over 604800 s are refused in client13.cpp.)
    // So a ticket is never used past 7 days, and is dropped here once it is
    // due: RFC 8446 §4.6.1: "Clients MUST NOT cache tickets for longer than 7
    // days, regardless of the ticket_lifetime, and MAY delete tickets earlier
    // based on local policy."
    if (now >= e.state.issued_at &&
        now - e.state.issued_at <= static_cast<std::int64_t>(e.state.lifetime)) {
      return e;
    }
  }
  return std::nullopt;
}

// Entry layout: opaque ticket<1..2^16-1> || the state as a ticket holds it.
Result<std::vector<std::uint8_t>> ClientSessionCache::Entry::encode() const {
  auto st = encode_session_state(state);
  if (!st) return st.error();
  crypto::Writer w;
  w.u16_vector(1, 0xffff, [&](crypto::Writer& t) { t.bytes(ticket); });
  w.bytes(*st);
  crypto::ct::secure_wipe(st->data(), st->size());
  return std::move(w).finish();
}

std::optional<ClientSessionCache::Entry> ClientSessionCache::Entry::decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Reader r(bytes), ticket;
  if (!r.read_u16_prefixed(ticket) || ticket.empty()) return std::nullopt;
  auto state = decode_session_state(r.rest());
  if (!state) return std::nullopt;
  return Entry{{ticket.all().begin(), ticket.all().end()}, std::move(*state)};
}

void ClientSessionCache::forget(const std::string& server_name,
                                std::span<const std::uint8_t> id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(server_name);
  if (it == entries_.end()) return;
  std::erase_if(it->second, [&](const Entry& e) {
    const auto& own = e.ticket.empty() ? e.state.session_id : e.ticket;
    return std::equal(own.begin(), own.end(), id.begin(), id.end());
  });
}

std::size_t ClientSessionCache::size(const std::string& server_name) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(server_name);
  return it == entries_.end() ? 0 : it->second.size();
}

}  // namespace glasstls::handshake
