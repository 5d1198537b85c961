// Fuzz target: the record layer's reading side (record/record_layer.hpp), with
// and without TLS 1.3 protection (record/tls13_protection.hpp) installed.
//
// Input: [flags][param][body].
//   flags bit 0: a Tls13Protection reads (fixed key and IV, kRecordFuzzKey)
//         bit 1: ChaCha20-Poly1305, else AES-128-GCM
//         bit 2: structured body (below), else the body is raw wire bytes
//         bits 3-4: receive() in pieces of all / 1 / 7 / 300 bytes; next()
//                   is drained after each
//         bit 5: a trace sink on the reading RecordLayer
//   param: in structured mode, the writer's fragment size
//          ((param % 64 + 1) * 256) and padding ((param >> 6) * 40).
// Structured body: items [kind][u16 length][data]:
//   kind < 0x80: `data` written by a RecordLayer of content type
//       20 + (kind & 3), with the same protection as the reader's (the
//       writer must round-trip exactly);
//   kind >= 0x80, protected reader, kind < 0xc0: `data` is the whole
//       TLSInnerPlaintext (content, type, zeros: anything), sealed here with
//       the AEAD directly (nonce = iv XOR sequence, additional data = header);
//   otherwise: a plaintext record of outer type kind & 0x3f around `data`.
//
// What must hold, raw: next() never returns a record longer than 2^14, of
// an unknown type, or marked protected without protection (nor unprotected
// application data with it); an unprotected record's content is its whole
// body. Structured: each record comes back exactly as a model of RFC 8446
// §5.1-§5.4 says — the writer's fragments unchanged, sealed inner plaintexts
// with their type and padding removed, and the first rule broken
// (record_overflow for a long record or inner content, bad_record_mac for a
// short one, unexpected_message for an unknown type or an all-zero inner
// plaintext) reported with that alert.
#include <cstddef>
#include <cstdint>
#include <deque>

#include "crypto/aead.hpp"
#include "record/record_layer.hpp"
#include "record/tls13_protection.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/tls13_fuzz_support.hpp"

namespace {

using namespace glasstls;
using record::ContentType;
using Bytes = std::vector<std::uint8_t>;

std::unique_ptr<crypto::Aead> make_key(bool chacha) {
  const auto id = chacha ? crypto::AeadId::chacha20_poly1305 : crypto::AeadId::aes128_gcm;
  auto a = crypto::make_aead(id, std::span(fuzz::kRecordFuzzKey).first(crypto::key_size(id)));
  GLASSTLS_FUZZ_CHECK(a.ok());
  return std::move(*a);
}

std::unique_ptr<record::Tls13Protection> make_protection(bool chacha) {
  auto p = record::Tls13Protection::create(make_key(chacha), fuzz::kRecordFuzzIv);
  GLASSTLS_FUZZ_CHECK(p.ok());
  return std::move(*p);
}

class CountingSink final : public trace::TraceSink {
 public:
  void on_event(const trace::Event& e) override {
    if (const auto* r = std::get_if<trace::RecordEvent>(&e)) {
      GLASSTLS_FUZZ_CHECK(r->direction == trace::Direction::received && r->header.size() == 5);
      ++records;
    }
  }
  std::size_t records = 0;
};

// What next() must give for one record.
struct Expected {
  bool error = false;
  AlertDescription alert = AlertDescription::internal_error;
  std::uint8_t type = 0;
  Bytes content;
  bool was_protected = false;
};

Expected fails(AlertDescription a) { return {true, a, 0, {}, false}; }

// A record as the model of RFC 8446 §5.1-§5.4 reads it.
Expected model_plain(std::uint8_t outer, std::span<const std::uint8_t> data,
                     bool protected_reader) {
  if (!record::is_known_content_type(outer)) return fails(AlertDescription::unexpected_message);
  if (protected_reader && outer == 23) {
    if (data.size() > record::kMaxCiphertext13) return fails(AlertDescription::record_overflow);
    return fails(AlertDescription::bad_record_mac);
  }
  if (data.size() > record::kMaxPlaintext) return fails(AlertDescription::record_overflow);
  return {false, {}, outer, Bytes(data.begin(), data.end()), false};
}

Expected model_sealed(std::span<const std::uint8_t> inner) {
  const std::size_t length = inner.size() + crypto::Aead::kTagSize;
  if (length > record::kMaxCiphertext13) return fails(AlertDescription::record_overflow);
  if (inner.empty()) return fails(AlertDescription::bad_record_mac);
  std::size_t at = inner.size();
  while (at > 0 && inner[at - 1] == 0) --at;
  if (at == 0) return fails(AlertDescription::unexpected_message);
  const std::uint8_t type = inner[at - 1];
  if (at - 1 > record::kMaxPlaintext) return fails(AlertDescription::record_overflow);
  if (!record::is_known_content_type(type)) return fails(AlertDescription::unexpected_message);
  return {false,
          {},
          type,
          Bytes(inner.begin(), inner.begin() + static_cast<std::ptrdiff_t>(at - 1)),
          true};
}

void append_header(Bytes& wire, std::uint8_t type, std::size_t length) {
  wire.push_back(type);
  wire.push_back(3);
  wire.push_back(3);
  wire.push_back(static_cast<std::uint8_t>(length >> 8));
  wire.push_back(static_cast<std::uint8_t>(length));
}

struct Built {
  Bytes wire;
  std::deque<Expected> expected;
};

Built build_structured(std::span<const std::uint8_t> body, bool protect, bool chacha,
                       std::uint8_t param) {
  Built out;
  record::RecordLayer writer;
  const std::size_t fragment = (std::size_t{param} % 64 + 1) * 256;
  const std::size_t padding = static_cast<std::size_t>(param >> 6) * 40;
  writer.set_max_fragment(fragment);
  writer.set_padding(padding);
  record::Tls13Protection* wp = nullptr;
  if (protect) {
    auto p = make_protection(chacha);
    wp = p.get();
    writer.set_write_protection(std::move(p));
  }
  const auto aead = make_key(chacha);
  std::uint64_t sequence = 0;  // protected records so far
  std::size_t at = 0;
  while (at < body.size()) {
    const std::uint8_t kind = body[at++];
    std::size_t len = 0;
    if (at < body.size()) len = std::size_t{body[at++]} << 8;
    if (at < body.size()) len |= body[at++];
    len = std::min({len, body.size() - at, std::size_t{0xffff - crypto::Aead::kTagSize}});
    const auto data = body.subspan(at, len);
    at += len;
    if (kind < 0x80) {
      const auto type = static_cast<ContentType>(20 + (kind & 3));
      if (wp) wp->set_sequence_for_test(sequence);
      GLASSTLS_FUZZ_CHECK(writer.write(type, data).ok());
      auto bytes = writer.take_output();
      out.wire.insert(out.wire.end(), bytes.begin(), bytes.end());
      const bool sealed = protect && type != ContentType::change_cipher_spec;
      if (wp) sequence = wp->sequence();
      std::size_t done = 0;
      do {
        const std::size_t n = std::min(fragment, data.size() - done);
        out.expected.push_back({false,
                                {},
                                static_cast<std::uint8_t>(type),
                                Bytes(data.begin() + static_cast<std::ptrdiff_t>(done),
                                      data.begin() + static_cast<std::ptrdiff_t>(done + n)),
                                sealed});
        done += n;
      } while (done < data.size());
    } else if (protect && kind < 0xc0) {
      const std::size_t length = data.size() + crypto::Aead::kTagSize;
      const std::size_t start = out.wire.size();
      append_header(out.wire, 23, length);
      out.wire.insert(out.wire.end(), data.begin(), data.end());
      out.wire.resize(start + 5 + length);
      std::array<std::uint8_t, 12> nonce = fuzz::kRecordFuzzIv;
      for (std::size_t i = 0; i < 8; ++i) {
        nonce[11 - i] ^= static_cast<std::uint8_t>(sequence >> (8 * i));
      }
      std::span<std::uint8_t> rec(out.wire.data() + start, 5 + length);
      GLASSTLS_FUZZ_CHECK(
          aead->seal(nonce, rec.first(5), rec.subspan(5, data.size()), rec.subspan(5)).ok());
      out.expected.push_back(model_sealed(data));
      ++sequence;
    } else {
      const std::uint8_t outer = kind & 0x3f;
      append_header(out.wire, outer, data.size());
      out.wire.insert(out.wire.end(), data.begin(), data.end());
      out.expected.push_back(model_plain(outer, data, protect));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > 70000) return 0;
  const std::uint8_t flags = data[0], param = data[1];
  const std::span<const std::uint8_t> body(data + 2, size - 2);
  const bool protect = (flags & 1) != 0, chacha = (flags & 2) != 0;
  const bool structured = (flags & 4) != 0;
  static constexpr std::size_t kPieces[4] = {0, 1, 7, 300};
  const std::size_t piece = kPieces[(flags >> 3) & 3];

  CountingSink sink;
  record::RecordLayer reader((flags & 0x20) != 0 ? &sink : nullptr);
  if (protect) reader.set_read_protection(make_protection(chacha));

  Built built;
  if (structured) {
    built = build_structured(body, protect, chacha, param);
  } else {
    built.wire.assign(body.begin(), body.end());
  }
  const std::span<const std::uint8_t> wire(built.wire);

  std::size_t records = 0;
  bool failed = false;
  for (std::size_t at = 0; at < wire.size() && !failed;) {
    const std::size_t n = piece == 0 ? wire.size() - at : std::min(piece, wire.size() - at);
    reader.receive(wire.subspan(at, n));
    at += n;
    for (;;) {
      auto next = reader.next();
      if (!next) {
        failed = true;
        if (structured) {
          GLASSTLS_FUZZ_CHECK(!built.expected.empty() && built.expected.front().error);
          GLASSTLS_FUZZ_CHECK(next.error().alert == built.expected.front().alert);
        }
        break;
      }
      if (!next->has_value()) break;
      const record::InRecord& rec = **next;
      ++records;
      const auto type = static_cast<std::uint8_t>(rec.type);
      GLASSTLS_FUZZ_CHECK(record::is_known_content_type(type));
      GLASSTLS_FUZZ_CHECK(rec.content.size() <= record::kMaxPlaintext);
      GLASSTLS_FUZZ_CHECK(!rec.was_protected || protect);
      if (protect && !rec.was_protected)
        GLASSTLS_FUZZ_CHECK(rec.type != ContentType::application_data);
      if (structured) {
        GLASSTLS_FUZZ_CHECK(!built.expected.empty());
        const Expected& e = built.expected.front();
        GLASSTLS_FUZZ_CHECK(!e.error && e.type == type && e.was_protected == rec.was_protected);
        GLASSTLS_FUZZ_CHECK(
            std::equal(rec.content.begin(), rec.content.end(), e.content.begin(), e.content.end()));
        built.expected.pop_front();
      }
    }
  }
  if (!failed) {
    // Every record built was returned, and nothing is left over.
    if (structured) GLASSTLS_FUZZ_CHECK(built.expected.empty() && reader.buffered() == 0);
  }
  if ((flags & 0x20) != 0) GLASSTLS_FUZZ_CHECK(sink.records == records);
  return 0;
}
