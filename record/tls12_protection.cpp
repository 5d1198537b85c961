#include "record/tls12_protection.hpp"

#include <utility>

#include "crypto/ct.hpp"
#include "record/protected_event.hpp"
#include "record/sequence_nonce.hpp"

namespace glasstls::record {

namespace {

using AD = AlertDescription;

// RFC 5246 §6.2.3.3: "additional_data = seq_num + TLSCompressed.type +
// TLSCompressed.version + TLSCompressed.length;"
constexpr std::size_t kAadSize = 8 + 1 + 2 + 2;

std::array<std::uint8_t, kAadSize> additional_data(std::uint64_t sequence, std::uint8_t type,
                                                   std::uint16_t version, std::size_t length) {
  std::array<std::uint8_t, kAadSize> aad{};
  put_sequence(aad.data(), sequence);
  aad[8] = type;
  aad[9] = static_cast<std::uint8_t>(version >> 8);
  aad[10] = static_cast<std::uint8_t>(version);
  aad[11] = static_cast<std::uint8_t>(length >> 8);
  aad[12] = static_cast<std::uint8_t>(length);
  return aad;
}

std::size_t fixed_iv_length(crypto::AeadId id) {
  // RFC 5288 §3: 4 bytes of salt; RFC 7905 §2: a 12-byte IV.
  return id == crypto::AeadId::chacha20_poly1305 ? crypto::Aead::kNonceSize : kGcmSaltSize;
}

}  // namespace

Tls12Protection::Tls12Protection(std::unique_ptr<crypto::Aead> aead,
                                 std::span<const std::uint8_t> fixed_iv)
    : aead_(std::move(aead)), explicit_nonce_(aead_->id() != crypto::AeadId::chacha20_poly1305) {
  for (std::size_t i = 0; i < fixed_iv.size(); ++i) iv_[i] = fixed_iv[i];
}

Tls12Protection::~Tls12Protection() { crypto::ct::secure_wipe(iv_.data(), iv_.size()); }

Result<std::unique_ptr<Tls12Protection>> Tls12Protection::create(
    std::unique_ptr<crypto::Aead> aead, std::span<const std::uint8_t> fixed_iv) {
  if (!aead || fixed_iv.size() != fixed_iv_length(aead->id())) {
    return make_error(AD::internal_error,
                      "RFC 5288 §3 / RFC 7905 §2: the TLS 1.2 write IV is 4 bytes for AES-GCM, 12 "
                      "for ChaCha20-Poly1305");
  }
  return std::unique_ptr<Tls12Protection>(new Tls12Protection(std::move(aead), fixed_iv));
}

bool Tls12Protection::protects(std::uint8_t outer_type) const {
  // RFC 5246 §7.1: "The ChangeCipherSpec message is sent by both the client and
  // the server to notify the receiving party that subsequent records will be
  // protected under the newly negotiated CipherSpec and keys." Every later
  // record is protected, whatever its type; ChangeCipherSpec itself is not
  // (GlassTLS never renegotiates, so none arrives under these keys either).
  return outer_type != static_cast<std::uint8_t>(ContentType::change_cipher_spec);
}

std::array<std::uint8_t, crypto::Aead::kNonceSize> Tls12Protection::nonce_with(
    std::span<const std::uint8_t> explicit_part) const {
  if (!explicit_nonce_) {
    // RFC 7905 §2: the 64-bit sequence number, left-padded with zeros to 12
    // bytes, XOR the client_write_IV or server_write_IV.
    return xor_sequence_nonce(iv_, sequence_);
  }
  // RFC 5288 §3: struct { opaque salt[4]; opaque nonce_explicit[8]; } GCMNonce;
  std::array<std::uint8_t, crypto::Aead::kNonceSize> nonce = iv_;
  for (std::size_t i = 0; i < kGcmExplicitNonceSize; ++i)
    nonce[kGcmSaltSize + i] = explicit_part[i];
  return nonce;
}

std::array<std::uint8_t, crypto::Aead::kNonceSize> Tls12Protection::next_nonce() const {
  std::array<std::uint8_t, kGcmExplicitNonceSize> explicit_part{};
  // RFC 5288 §3: "The nonce_explicit MAY be the 64-bit sequence number."
  put_sequence(explicit_part.data(), sequence_);
  return nonce_with(explicit_part);
}

Result<void> Tls12Protection::check_not_exhausted() const {
  // RFC 5246 §6.1: "Sequence numbers do not wrap. If a TLS implementation
  // would need to wrap a sequence number, it must renegotiate instead." We
  // never renegotiate: the connection ends.
  if (exhausted_) {
    return make_error(AD::internal_error,
                      "RFC 5246 §6.1: the sequence number would wrap, and GlassTLS does not "
                      "renegotiate: the connection must close");
  }
  return success();
}

void Tls12Protection::advance() {
  if (sequence_ == ~std::uint64_t{0}) {
    exhausted_ = true;
  } else {
    ++sequence_;
  }
}

Result<void> Tls12Protection::seal(ContentType type, std::span<const std::uint8_t> content,
                                   std::size_t padding, std::vector<std::uint8_t>& out,
                                   trace::RecordEvent* event) {
  if (auto live = check_not_exhausted(); !live) return live;
  if (padding != 0) {
    return make_error(AD::internal_error,
                      "RFC 5246 §6.2.3.3: a TLS 1.2 AEAD record has no padding");
  }
  // RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14."
  if (content.size() > kMaxPlaintext) {
    return make_error(AD::internal_error, "RFC 5246 §6.2.1: a TLSPlaintext exceeds 2^14 bytes");
  }
  const std::size_t explicit_size = explicit_nonce_size();
  const std::size_t length = explicit_size + content.size() + crypto::Aead::kTagSize;
  const std::size_t start = out.size();
  out.push_back(static_cast<std::uint8_t>(type));
  out.push_back(kTls12 >> 8);
  out.push_back(kTls12 & 0xff);
  out.push_back(static_cast<std::uint8_t>(length >> 8));
  out.push_back(static_cast<std::uint8_t>(length));
  out.resize(start + kHeaderSize + explicit_size);
  if (explicit_nonce_) put_sequence(out.data() + start + kHeaderSize, sequence_);
  out.insert(out.end(), content.begin(), content.end());
  out.resize(start + kHeaderSize + length);

  std::span<std::uint8_t> body(out.data() + start + kHeaderSize, length);
  const auto nonce = nonce_with(body.first(explicit_size));
  const auto aad =
      additional_data(sequence_, static_cast<std::uint8_t>(type), kTls12, content.size());
  // RFC 5246 §6.2.3.3: "AEADEncrypted = AEAD-Encrypt(write_key, nonce, plaintext,
  // additional_data)"
  auto sealed = aead_->seal(nonce, aad, body.subspan(explicit_size, content.size()),
                            body.subspan(explicit_size));
  if (!sealed) {
    out.resize(start);
    return sealed.error();
  }
  if (event) {
    last_nonce_ = nonce;
    describe_protection(*event, last_nonce_, sequence_, static_cast<std::uint8_t>(type), 0);
  }
  advance();
  return success();
}

Result<Opened> Tls12Protection::open(std::span<const std::uint8_t, kHeaderSize> header,
                                     std::span<std::uint8_t> body, trace::RecordEvent* event) {
  if (auto live = check_not_exhausted(); !live) return live.error();
  const std::size_t explicit_size = explicit_nonce_size();
  if (body.size() < explicit_size + crypto::Aead::kTagSize) {
    // Too short to hold the explicit nonce and the tag: it cannot authenticate.
    return make_error(AD::bad_record_mac,
                      "RFC 5246 §6.2.3.3: a GenericAEADCipher holds at least the explicit nonce "
                      "and the AEAD tag");
  }
  // The length in the header is what the additional data authenticates
  // (below, as the plaintext's length); the body must be exactly that long.
  const std::size_t length = static_cast<std::size_t>(header[3] << 8 | header[4]);
  if (length != body.size()) {
    return make_error(AD::bad_record_mac,
                      "RFC 5246 §6.2.3.3: the record's length is not its header's");
  }
  const std::size_t plain_size = body.size() - explicit_size - crypto::Aead::kTagSize;
  const auto nonce = nonce_with(body.first(explicit_size));
  const std::uint16_t version = static_cast<std::uint16_t>(header[1] << 8 | header[2]);
  const auto aad = additional_data(sequence_, header[0], version, plain_size);
  std::span<std::uint8_t> plain = body.subspan(explicit_size, plain_size);
  // RFC 5246 §6.2.3.3: "If the decryption fails, a fatal bad_record_mac alert
  // MUST be generated." The Aead checks the tag in constant time and wipes
  // `plain` on failure: nothing of the record is released.
  auto opened = aead_->open(nonce, aad, body.subspan(explicit_size), plain);
  if (!opened) return opened.error();

  // RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14." (TLSPlaintext.length;
  // compression is null, so the decrypted TLSCompressed has the same length:
  // stricter than record_overflow's 2^14+1024 of §7.2.2.) Checked once the
  // record is authentic.
  if (plain.size() > kMaxPlaintext) {
    crypto::ct::secure_wipe(plain.data(), plain.size());
    return make_error(AD::record_overflow,
                      "RFC 5246 §6.2.1: a TLS 1.2 record whose plaintext exceeds 2^14 bytes");
  }
  if (event) {
    last_nonce_ = nonce;
    describe_protection(*event, last_nonce_, sequence_, header[0], 0);
  }
  advance();
  Opened out;
  out.type = static_cast<ContentType>(header[0]);
  out.content = plain;
  out.padding = 0;
  return out;
}

}  // namespace glasstls::record
