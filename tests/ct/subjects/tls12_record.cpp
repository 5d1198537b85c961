// ct subject: TLS 1.2 AEAD records (record/tls12_protection.cpp) with a secret
// write key and fixed IV.
//
// Opening (AES-128-GCM, AES-256-GCM): a record with a wrong tag — and the
// right one — goes through Tls12Protection::open (nonce from the salt and the
// explicit nonce, additional data, decryption in place, the tag check, the
// wipe) without a branch or an address that depends on the key, the IV, the
// ciphertext or the tag, except the final accept/reject. The Aead here is the
// library's AES-GCM exactly as crypto::AesGcm::open runs it (GcmStream start,
// aad, update, verify, wipe on failure), with one difference: the verdict is
// declassified with ct_test::declassify before the branch on it, which
// memcheck could not otherwise tell from a leak (see poly1305.cpp).
//
// Sealing (all three AEADs, the library's own Aead objects): no verdict at all,
// so nothing is declassified until the record is out.
#include <array>
#include <memory>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/gcm.hpp"
#include "record/tls12_protection.hpp"
#include "tests/ct/ct_harness.hpp"

namespace {

using namespace glasstls;
using Bytes = std::vector<std::uint8_t>;

// AesGcm::open with the verdict declassified for memcheck (see above).
class VerdictDeclassifyingGcm final : public crypto::Aead {
 public:
  VerdictDeclassifyingGcm(crypto::AeadId id, crypto::AesGcm gcm) : id_(id), gcm_(std::move(gcm)) {}
  crypto::AeadId id() const override { return id_; }
  std::string_view backend() const override { return "portable (ct subject)"; }
  Result<void> seal(std::span<const std::uint8_t, kNonceSize>, std::span<const std::uint8_t>,
                    std::span<const std::uint8_t>, std::span<std::uint8_t>) const override {
    return make_error(AlertDescription::internal_error, "ct subject: open only");
  }
  Result<void> open(std::span<const std::uint8_t, kNonceSize> nonce,
                    std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> ciphertext_and_tag,
                    std::span<std::uint8_t> out) const override {
    const std::size_t n = ciphertext_and_tag.size() - kTagSize;
    auto s = crypto::GcmStream::start(gcm_, nonce, crypto::GcmStream::Direction::open);
    ct_test::check(s.ok() && s->aad(aad).ok(), "start");
    ct_test::check(s->update(ciphertext_and_tag.first(n), out).ok(), "update");
    auto verdict = s->verify(ciphertext_and_tag.subspan(n).first<kTagSize>());
    ct_test::check(verdict.ok(), "verify");
    if (!ct_test::declassify(*verdict)) {
      crypto::ct::secure_wipe(out.data(), out.size());
      return make_error(AlertDescription::bad_record_mac, "ct subject: wrong tag");
    }
    return success();
  }

 private:
  crypto::AeadId id_;
  crypto::AesGcm gcm_;
};

// A record sealed in public, with the library, for the open cases.
Bytes sealed_record(crypto::AeadId id, std::span<const std::uint8_t> key,
                    std::span<const std::uint8_t> iv, std::uint64_t seq, const Bytes& content) {
  auto aead = crypto::make_aead(id, key, crypto::Backend::portable);
  ct_test::check(aead.ok(), "make_aead");
  auto p = record::Tls12Protection::create(std::move(*aead), iv);
  ct_test::check(p.ok(), "create");
  (*p)->set_sequence_for_test(seq);
  Bytes out;
  ct_test::check((*p)->seal(record::ContentType::application_data, content, 0, out, nullptr).ok(),
                 "public seal");
  return out;
}

void open_case(crypto::AeadId id, std::size_t content_size, std::uint64_t seq) {
  const auto key_bytes = ct_test::pattern<32>(11);
  const auto iv_bytes = ct_test::pattern<4>(12);
  const std::size_t key_size = crypto::key_size(id);
  const auto content_pattern = ct_test::pattern<300>(13);
  const Bytes content(content_pattern.begin(),
                      content_pattern.begin() + static_cast<std::ptrdiff_t>(content_size));
  const Bytes good =
      sealed_record(id, std::span(key_bytes).first(key_size), iv_bytes, seq, content);
  // -1: the right record; then one bit off in the explicit nonce, the
  // ciphertext (when there is one), the first and the last tag byte.
  const std::size_t tag_at = good.size() - 16;
  for (long flip : {-1L, 5L, 13L, static_cast<long>(tag_at), static_cast<long>(good.size() - 1)}) {
    if (flip == 13 && content_size == 0) continue;
    Bytes rec = good;
    if (flip >= 0) rec[static_cast<std::size_t>(flip)] ^= 0x01;
    auto key = key_bytes;
    auto iv = iv_bytes;
    ct_test::secret(key);
    ct_test::secret(iv);
    ct_test::secret(std::span(rec).subspan(record::kHeaderSize));  // the body
    auto gcm = crypto::AesGcm::create(std::span(key).first(key_size), crypto::AesBackend::portable);
    ct_test::check(gcm.ok(), "AesGcm::create");
    auto p = record::Tls12Protection::create(
        std::make_unique<VerdictDeclassifyingGcm>(id, std::move(*gcm)), iv);
    ct_test::check(p.ok(), "create");
    (*p)->set_sequence_for_test(seq);
    std::span<const std::uint8_t, record::kHeaderSize> header(rec.data(), record::kHeaderSize);
    auto opened = (*p)->open(header, std::span(rec).subspan(record::kHeaderSize), nullptr);
    ct_test::check(opened.ok() == (flip < 0), "accepted exactly when untouched");
    if (opened.ok()) {
      ct_test::declassify(opened->content);  // the application reads it
      ct_test::check(Bytes(opened->content.begin(), opened->content.end()) == content,
                     "the content");
    }
  }
}

GLASSTLS_CT_CASE("TLS 1.2 AES-128-GCM record open: secret key, salt and body; wrong tags") {
  open_case(crypto::AeadId::aes128_gcm, 0, 0);
  open_case(crypto::AeadId::aes128_gcm, 37, 1);
  open_case(crypto::AeadId::aes128_gcm, 300, 0x0102030405060708);
}

GLASSTLS_CT_CASE("TLS 1.2 AES-256-GCM record open: secret key, salt and body; wrong tags") {
  open_case(crypto::AeadId::aes256_gcm, 16, 7);
  open_case(crypto::AeadId::aes256_gcm, 255, ~std::uint64_t{0});
}

GLASSTLS_CT_CASE("TLS 1.2 record seal, every AEAD: secret key, IV and content") {
  for (auto id : {crypto::AeadId::aes128_gcm, crypto::AeadId::aes256_gcm,
                  crypto::AeadId::chacha20_poly1305}) {
    const std::size_t iv_size = id == crypto::AeadId::chacha20_poly1305 ? 12 : 4;
    auto key = ct_test::pattern<32>(21);
    auto iv = ct_test::pattern<12>(22);
    auto content = ct_test::pattern<100>(23);
    const Bytes expected =
        sealed_record(id, std::span(key).first(crypto::key_size(id)), std::span(iv).first(iv_size),
                      3, Bytes(content.begin(), content.end()));
    ct_test::secret(key);
    ct_test::secret(iv);
    ct_test::secret(content);
    auto aead = crypto::make_aead(id, std::span(key).first(crypto::key_size(id)),
                                  crypto::Backend::portable);
    ct_test::check(aead.ok(), "make_aead");
    auto p = record::Tls12Protection::create(std::move(*aead), std::span(iv).first(iv_size));
    ct_test::check(p.ok(), "create");
    (*p)->set_sequence_for_test(3);
    Bytes out;
    ct_test::check((*p)->seal(record::ContentType::application_data, content, 0, out, nullptr).ok(),
                   "seal");
    ct_test::declassify(out);  // the record goes on the wire
    ct_test::check(out == expected, "the same record as sealed in public");
  }
}

}  // namespace
