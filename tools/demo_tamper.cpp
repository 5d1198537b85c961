#include "tools/demo_tamper.hpp"

#include <algorithm>
#include <memory>

#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule.hpp"
#include "handshake/key_schedule12.hpp"
#include "record/tls12_protection.hpp"
#include "record/tls13_protection.hpp"

namespace glasstls::tools {

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Rec {
  std::uint8_t type;
  std::span<const std::uint8_t> header;
  std::span<const std::uint8_t> body;
};

std::vector<Rec> split_records(std::span<const std::uint8_t> flight) {
  std::vector<Rec> out;
  for (std::size_t at = 0; at + record::kHeaderSize <= flight.size();) {
    const std::size_t n = std::size_t{flight[at + 3]} << 8 | flight[at + 4];
    if (at + record::kHeaderSize + n > flight.size()) break;
    out.push_back({flight[at], flight.subspan(at, record::kHeaderSize),
                   flight.subspan(at + record::kHeaderSize, n)});
    at += record::kHeaderSize + n;
  }
  return out;
}

// Whole handshake messages (RFC 8446 §4: type, uint24 length, body).
std::vector<Bytes> split_messages(const Bytes& content) {
  std::vector<Bytes> out;
  for (std::size_t at = 0; at + 4 <= content.size();) {
    const std::size_t n =
        std::size_t{content[at + 1]} << 16 | std::size_t{content[at + 2]} << 8 | content[at + 3];
    const std::size_t end = std::min(content.size(), at + 4 + n);
    out.emplace_back(content.begin() + static_cast<std::ptrdiff_t>(at),
                     content.begin() + static_cast<std::ptrdiff_t>(end));
    at = end;
  }
  return out;
}

Bytes join(const std::vector<Bytes>& messages) {
  Bytes out;
  for (const auto& m : messages) out.insert(out.end(), m.begin(), m.end());
  return out;
}

// The sender's record protection, from the witnessed secrets; null when
// they are not known (yet).
std::unique_ptr<record::Protection> sender_protection(const KeyWitness& keys, bool client) {
  if (keys.version == handshake::kTls12) {
    const auto* info = handshake::find_suite(keys.suite, handshake::kTls12);
    const auto master = keys.secrets.find("CLIENT_RANDOM");
    if (!info || master == keys.secrets.end() || keys.client_random.size() != 32 ||
        keys.server_random.size() != 32)
      return nullptr;
    handshake::Random cr{}, sr{};
    std::copy(keys.client_random.begin(), keys.client_random.end(), cr.begin());
    std::copy(keys.server_random.begin(), keys.server_random.end(), sr.begin());
    // RFC 5246 §6.3: the key block from the master secret and both randoms.
    handshake::KeySchedule12 schedule(info->hash, nullptr);
    if (!schedule.resume_master_secret(master->second, cr)) return nullptr;
    const auto block = schedule.key_block(cr, sr, info->key_length, info->fixed_iv_length);
    const auto& w = client ? block.client : block.server;
    auto aead = crypto::make_aead(info->aead, w.key.bytes().first(info->key_length));
    if (!aead) return nullptr;
    auto p = record::Tls12Protection::create(std::move(*aead),
                                             w.iv.bytes().first(info->fixed_iv_length));
    return p ? std::unique_ptr<record::Protection>(std::move(*p)) : nullptr;
  }
  const auto* info = handshake::find_suite(keys.suite, handshake::kTls13);
  const auto secret = keys.secrets.find(client ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
                                               : "SERVER_HANDSHAKE_TRAFFIC_SECRET");
  if (!info || secret == keys.secrets.end()) return nullptr;
  // RFC 8446 §7.3: the handshake traffic key and IV from the traffic secret.
  handshake::KeySchedule schedule(info->hash, nullptr);
  const auto k = schedule.traffic_keys(crypto::HashSecret::from(secret->second), info->key_length);
  auto aead = crypto::make_aead(info->aead, k.key.bytes().first(info->key_length));
  if (!aead) return nullptr;
  auto p = record::Tls13Protection::create(std::move(*aead), k.iv.bytes());
  return p ? std::unique_ptr<record::Protection>(std::move(*p)) : nullptr;
}

}  // namespace

void KeyWitness::on_event(const trace::Event& event) {
  if (const auto* k = std::get_if<trace::KeyLogEvent>(&event)) {
    secrets[std::string(k->label)].assign(k->secret.begin(), k->secret.end());
    client_random.assign(k->client_random.begin(), k->client_random.end());
    return;
  }
  const auto* m = std::get_if<trace::MessageEvent>(&event);
  if (!m || m->name != "ServerHello" || m->bytes.size() < 40) return;
  // RFC 8446 §4.1.3: legacy_version, random, legacy_session_id_echo, cipher_suite.
  const auto b = m->bytes;
  const std::size_t suite_at = 4 + 2 + 32 + 1 + b[38];
  if (suite_at + 2 > b.size()) return;
  server_random.assign(b.begin() + 6, b.begin() + 38);
  suite = static_cast<std::uint16_t>(b[suite_at] << 8 | b[suite_at + 1]);
}

void MessageEditor::on_flight(Flight& flight) {
  if (done_ || flight.from_client != from_client_) return;
  const bool tls12 = keys_.version == handshake::kTls12;
  const auto records = split_records(flight.bytes);
  // TLS 1.3 protects every handshake record after the ServerHello (outer
  // type application_data); TLS 1.2 the records after ChangeCipherSpec.
  const auto is_protected = [&](const Rec& r, bool after_ccs) {
    return tls12 ? after_ccs && r.type != 20 : r.type == 23;
  };
  Bytes plain, opened;
  std::unique_ptr<record::Protection> in;
  bool after_ccs = false;
  for (const Rec& r : records) {
    if (r.type == 20) after_ccs = true;
    if (!is_protected(r, after_ccs)) {
      if (r.type == 22) plain.insert(plain.end(), r.body.begin(), r.body.end());
      continue;
    }
    if (!in) in = sender_protection(keys_, from_client_);
    if (!in) return;
    Bytes body(r.body.begin(), r.body.end());
    auto o = in->open(r.header.first<record::kHeaderSize>(), body, nullptr);
    if (!o || o->type != record::ContentType::handshake) return;
    opened.insert(opened.end(), o->content.begin(), o->content.end());
  }
  auto plain_messages = split_messages(plain);
  auto protected_messages = split_messages(opened);
  Bytes* target = nullptr;
  for (auto* list : {&plain_messages, &protected_messages}) {
    for (auto& m : *list) {
      if (!target && m[0] == type_) target = &m;
    }
  }
  if (!target) return;
  edit_(*target);
  const std::size_t n = target->size() - 4;
  (*target)[1] = static_cast<std::uint8_t>(n >> 16);
  (*target)[2] = static_cast<std::uint8_t>(n >> 8);
  (*target)[3] = static_cast<std::uint8_t>(n);

  Bytes out;
  bool plain_done = false, protected_done = false;
  after_ccs = false;
  for (const Rec& r : records) {
    if (r.type == 20) after_ccs = true;
    const bool prot = is_protected(r, after_ccs);
    if (!prot && r.type == 22) {
      if (plain_done) continue;
      const Bytes content = join(plain_messages);
      for (std::size_t at = 0; at < content.size(); at += record::kMaxPlaintext) {
        const std::size_t len = std::min(record::kMaxPlaintext, content.size() - at);
        out.insert(out.end(), {22, r.header[1], r.header[2], static_cast<std::uint8_t>(len >> 8),
                               static_cast<std::uint8_t>(len)});
        out.insert(out.end(), content.begin() + static_cast<std::ptrdiff_t>(at),
                   content.begin() + static_cast<std::ptrdiff_t>(at + len));
      }
      plain_done = true;
    } else if (prot) {
      if (protected_done) continue;
      auto seal = sender_protection(keys_, from_client_);
      if (!seal ||
          !seal->seal(record::ContentType::handshake, join(protected_messages), 0, out, nullptr))
        return;
      protected_done = true;
    } else {
      out.insert(out.end(), r.header.begin(), r.header.end());
      out.insert(out.end(), r.body.begin(), r.body.end());
    }
  }
  flight.bytes = std::move(out);
  done_ = true;
}

}  // namespace glasstls::tools
