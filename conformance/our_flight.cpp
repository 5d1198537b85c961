#include "conformance/our_flight.hpp"

#include <algorithm>
#include <memory>

#include "crypto/aead.hpp"
#include "handshake/cipher_suite.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/hello.hpp"
#include "handshake/key_schedule.hpp"
#include "handshake/key_schedule12.hpp"
#include "record/tls12_protection.hpp"
#include "record/tls13_protection.hpp"

namespace glasstls::conformance {

namespace {

constexpr std::uint8_t kChangeCipherSpec = 20, kHandshake = 22, kApplicationData = 23;
constexpr std::size_t kMaxFragment = 16384;  // RFC 8446 §5.1: 2^14

// A record that is not a handshake message of ours, or a place for messages.
struct Segment {
  enum class Kind : std::uint8_t { record, plaintext, sealed } kind = Kind::record;
  Rec record;  // Kind::record
};

}  // namespace

bool OurMessage::hello_retry_request() const {
  // ServerHello: type(1) length(3) legacy_version(2) random(32).
  const auto& hrr = handshake::kHelloRetryRequestRandom;
  return type() == static_cast<std::uint8_t>(handshake::HandshakeType::server_hello) &&
         bytes.size() >= 4 + 2 + hrr.size() &&
         std::equal(hrr.begin(), hrr.end(), bytes.begin() + 6);
}

void FlightEditor::on_key_log(const trace::KeyLogEvent& event) {
  secrets_.insert_or_assign(std::string(event.label), crypto::HashSecret::from(event.secret));
  client_random_.assign(event.client_random.begin(), event.client_random.end());
}

std::optional<Bytes> FlightEditor::rewrite(const Bytes& flight, std::uint16_t version,
                                           std::uint16_t suite, const Edit& edit,
                                           std::string& problem) {
  const bool tls13 = version == handshake::kTls13;
  const auto* info = handshake::find_suite(suite, tls13 ? handshake::kTls13 : handshake::kTls12);

  // The write protection of our handshake messages, rebuilt from the key log
  // (two copies: one opens what our Connection sealed, one seals again).
  auto protection = [&]() -> std::unique_ptr<record::Protection> {
    if (!info) return nullptr;
    if (tls13) {
      // RFC 8446 §7.3: [sender]_write_key/iv from the traffic secret.
      auto it = secrets_.find(client_ ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
                                      : "SERVER_HANDSHAKE_TRAFFIC_SECRET");
      if (it == secrets_.end()) return nullptr;
      handshake::KeySchedule ks(info->hash, nullptr);
      const auto keys = ks.traffic_keys(it->second, info->key_length);
      auto aead = crypto::make_aead(info->aead, keys.key.bytes().first(info->key_length));
      if (!aead) return nullptr;
      auto p = record::Tls13Protection::create(std::move(*aead), keys.iv.bytes().first(12));
      return p ? std::move(*p) : nullptr;
    }
    // RFC 5246 §6.3: [sender]_write_key and [sender]_write_IV from the key block.
    auto it = secrets_.find("CLIENT_RANDOM");
    if (it == secrets_.end() || !server_random_ || client_random_.size() != 32) return nullptr;
    handshake::Random client_random{};
    std::copy(client_random_.begin(), client_random_.end(), client_random.begin());
    handshake::KeySchedule12 ks(info->hash, nullptr);
    if (!ks.resume_master_secret(it->second.bytes(), client_random)) return nullptr;
    const auto block =
        ks.key_block(client_random, *server_random_, info->key_length, info->fixed_iv_length);
    const auto& keys = client_ ? block.client : block.server;
    auto aead = crypto::make_aead(info->aead, keys.key.bytes().first(info->key_length));
    if (!aead) return nullptr;
    auto p = record::Tls12Protection::create(std::move(*aead),
                                             keys.iv.bytes().first(info->fixed_iv_length));
    return p ? std::move(*p) : nullptr;
  };

  std::vector<Segment> segments;
  std::vector<OurMessage> messages;
  Bytes plaintext, opened;  // handshake bytes, in order
  std::unique_ptr<record::Protection> reader;
  bool after_ccs = false;
  auto place = [&segments](Segment::Kind kind) {
    if (std::none_of(segments.begin(), segments.end(),
                     [kind](const Segment& s) { return s.kind == kind; })) {
      segments.push_back({kind, {}});
    }
  };
  auto flush = [&messages](Bytes& bytes, bool sealed) {
    for (auto& m : split_messages(bytes)) messages.push_back({std::move(m), sealed});
    bytes.clear();
  };
  for (const auto& r : split_records(flight)) {
    const bool is_sealed = tls13 ? r.type == kApplicationData : after_ccs && r.type == kHandshake;
    if (r.type == kChangeCipherSpec) after_ccs = true;
    if (!is_sealed && r.type != kHandshake) {
      flush(plaintext, false);
      segments.push_back({Segment::Kind::record, r});
      continue;
    }
    if (!is_sealed) {
      place(Segment::Kind::plaintext);
      plaintext.insert(plaintext.end(), r.body.begin(), r.body.end());
      continue;
    }
    flush(plaintext, false);
    if (!reader) reader = protection();
    if (!reader) {
      problem = "no traffic secret of ours to open our own protected records with";
      return std::nullopt;
    }
    const std::array<std::uint8_t, 5> header = {
        r.type, static_cast<std::uint8_t>(r.version >> 8), static_cast<std::uint8_t>(r.version),
        static_cast<std::uint8_t>(r.body.size() >> 8), static_cast<std::uint8_t>(r.body.size())};
    Bytes body = r.body;
    auto o = reader->open(header, body, nullptr);
    if (!o || o->type != record::ContentType::handshake) {
      problem = "one of our own protected records does not open as a handshake record";
      return std::nullopt;
    }
    place(Segment::Kind::sealed);
    opened.insert(opened.end(), o->content.begin(), o->content.end());
  }
  flush(plaintext, false);
  flush(opened, true);

  for (const auto& m : messages) {
    if (m.type() == static_cast<std::uint8_t>(handshake::HandshakeType::server_hello) &&
        !m.hello_retry_request() && m.bytes.size() >= 38) {
      server_random_.emplace();
      std::copy(m.bytes.begin() + 6, m.bytes.begin() + 38, server_random_->begin());
    }
  }
  edit(messages);

  // Put together again: each message in its own record (plaintext or sealed).
  if (std::any_of(messages.begin(), messages.end(), [](const OurMessage& m) { return !m.sealed; }))
    place(Segment::Kind::plaintext);
  if (std::any_of(messages.begin(), messages.end(), [](const OurMessage& m) { return m.sealed; }))
    place(Segment::Kind::sealed);
  std::unique_ptr<record::Protection> writer;
  Bytes out;
  for (const auto& s : segments) {
    if (s.kind == Segment::Kind::record) {
      const Bytes b = join_records({s.record});
      out.insert(out.end(), b.begin(), b.end());
      continue;
    }
    const bool sealed = s.kind == Segment::Kind::sealed;
    if (sealed && !writer) writer = protection();
    if (sealed && !writer) {
      problem = "no traffic secret of ours to seal our own handshake messages with";
      return std::nullopt;
    }
    for (const auto& m : messages) {
      if (m.sealed != sealed) continue;
      for (std::size_t at = 0; at < m.bytes.size(); at += kMaxFragment) {
        const auto piece =
            std::span(m.bytes).subspan(at, std::min(kMaxFragment, m.bytes.size() - at));
        if (!sealed) {
          Rec r;
          r.body.assign(piece.begin(), piece.end());
          const Bytes b = join_records({r});
          out.insert(out.end(), b.begin(), b.end());
        } else if (!writer->seal(record::ContentType::handshake, piece, 0, out, nullptr)) {
          problem = "our own handshake message does not seal";
          return std::nullopt;
        }
      }
    }
  }
  return out;
}

}  // namespace glasstls::conformance
