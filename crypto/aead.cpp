// The Aead interface (RFC 5116) for the record layer: AES-GCM here, and
// ChaCha20-Poly1305 from crypto/chacha20_poly1305.cpp.
//
// RFC 5116 §5.1: AEAD_AES_128_GCM has "K_LEN is 16 octets, P_MAX is 2^36 - 31
// octets, A_MAX is 2^61 - 1 octets, N_MIN and N_MAX are both 12 octets" and
// a 16-octet tag; §5.2 AEAD_AES_256_GCM is the same with a 32-octet key.
#include "crypto/aead.hpp"

#include "crypto/chacha20_poly1305.hpp"
#include "crypto/gcm.hpp"

namespace glasstls::crypto {

std::string_view name(AeadId id) {
  switch (id) {
    case AeadId::aes128_gcm: return "AES-128-GCM";
    case AeadId::aes256_gcm: return "AES-256-GCM";
    case AeadId::chacha20_poly1305: return "ChaCha20-Poly1305";
  }
  return "unknown AEAD";
}

std::size_t key_size(AeadId id) {
  switch (id) {
    case AeadId::aes128_gcm: return 16;
    case AeadId::aes256_gcm: return 32;
    case AeadId::chacha20_poly1305: return 32;
  }
  return 0;
}

namespace {

class AesGcmAead final : public Aead {
 public:
  AesGcmAead(AeadId id, AesGcm gcm) : id_(id), gcm_(std::move(gcm)) {}

  AeadId id() const override { return id_; }
  std::string_view backend() const override { return to_string(gcm_.backend()); }

  Result<void> seal(std::span<const std::uint8_t, kNonceSize> nonce,
                    std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext,
                    std::span<std::uint8_t> out) const override {
    if (out.size() != plaintext.size() + kTagSize) {
      return make_error(AlertDescription::internal_error,
                        "Aead::seal: out must be plaintext.size() + 16 bytes");
    }
    return gcm_.seal(nonce, aad, plaintext, out.first(plaintext.size()),
                     out.subspan(plaintext.size()).first<kTagSize>());
  }

  Result<void> open(std::span<const std::uint8_t, kNonceSize> nonce,
                    std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> ciphertext_and_tag,
                    std::span<std::uint8_t> out) const override {
    // RFC 8446 §5.2: "If the decryption fails, the receiver MUST terminate the
    // connection with a "bad_record_mac" alert." A record shorter than a tag
    // cannot decrypt.
    if (ciphertext_and_tag.size() < kTagSize) {
      return make_error(AlertDescription::bad_record_mac,
                        "RFC 5116 §5.1: an AES-GCM ciphertext is at least the 16-byte tag");
    }
    const std::size_t n = ciphertext_and_tag.size() - kTagSize;
    if (out.size() != n) {
      return make_error(AlertDescription::internal_error,
                        "Aead::open: out must be ciphertext_and_tag.size() - 16 bytes");
    }
    return gcm_.open(nonce, aad, ciphertext_and_tag.first(n),
                     ciphertext_and_tag.subspan(n).first<kTagSize>(), out);
  }

 private:
  AeadId id_;
  AesGcm gcm_;
};

}  // namespace

Result<std::unique_ptr<Aead>> make_aead(AeadId id, std::span<const std::uint8_t> key,
                                        Backend backend) {
  if (key.size() != key_size(id)) {
    return make_error(AlertDescription::internal_error,
                      "make_aead: the key size does not match the AEAD (RFC 5116 K_LEN)");
  }
  const bool portable = backend == Backend::portable;
  if (id == AeadId::chacha20_poly1305) return make_chacha20_poly1305(key, portable);
  auto gcm = AesGcm::create(key, portable ? AesBackend::portable : best_aes_backend());
  if (!gcm) return gcm.error();
  return std::unique_ptr<Aead>(new AesGcmAead(id, std::move(gcm.value())));
}

}  // namespace glasstls::crypto
