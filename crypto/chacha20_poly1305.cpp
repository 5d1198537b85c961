// AEAD_CHACHA20_POLY1305: RFC 8439 §2.8, read beside its pseudocode (§2.8.1):
//
//   chacha20_aead_encrypt(aad, key, iv, constant, plaintext):
//      nonce = constant | iv
//      otk = poly1305_key_gen(key, nonce)
//      ciphertext = chacha20_encrypt(key, 1, nonce, plaintext)
//      mac_data = aad | pad16(aad)
//      mac_data |= ciphertext | pad16(ciphertext)
//      mac_data |= num_to_8_le_bytes(aad.length)
//      mac_data |= num_to_8_le_bytes(ciphertext.length)
//      tag = poly1305_mac(mac_data, otk)
//      return (ciphertext, tag)
//
// (In TLS the "constant | iv" nonce is built by the record layer: RFC 8446 §5.3.)
#include "crypto/chacha20_poly1305.hpp"

#include <array>

#include "crypto/chacha20.hpp"
#include "crypto/chacha20_poly1305_avx2.hpp"
#include "crypto/chacha20_poly1305_avx512.hpp"
#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"
#include "crypto/poly1305.hpp"
#include "crypto/secret.hpp"

namespace glasstls::crypto {
namespace {

using Nonce = std::span<const std::uint8_t, Aead::kNonceSize>;
using Tag = std::array<std::uint8_t, Aead::kTagSize>;

// RFC 8439 §2.8: "P_MAX (maximum size of the plaintext) is 274,877,906,880 bytes":
// the 32-bit block counter runs out after 2^32 - 1 blocks of 64 bytes.
constexpr std::uint64_t kMaxPlaintext = 274877906880ULL;

class ChaCha20Poly1305 final : public Aead {
 public:
  ChaCha20Poly1305(std::span<const std::uint8_t, kChaCha20KeySize> key, ChaChaBackend backend)
      : key_(Secret<kChaCha20KeySize>::from(key)),
        xor_(backend == ChaChaBackend::avx512 || backend == ChaChaBackend::avx512_ifma
                 ? &chacha20_xor_avx512
             : backend == ChaChaBackend::avx2 ? &chacha20_xor_avx2
                                              : &chacha20_xor_portable),
        mac_backend_(backend == ChaChaBackend::avx512_ifma ? Poly1305Backend::ifma
                                                           : Poly1305Backend::scalar),
        avx512_(backend == ChaChaBackend::avx512),
        avx2_(backend == ChaChaBackend::avx2 || backend == ChaChaBackend::avx512) {}

  AeadId id() const override { return AeadId::chacha20_poly1305; }
  std::string_view backend() const override {
    return mac_backend_ == Poly1305Backend::ifma ? "avx512_ifma"
           : avx512_                             ? "avx512"
           : avx2_                               ? "avx2"
                                                 : "portable";
  }

  Result<void> seal(Nonce nonce, std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> plaintext,
                    std::span<std::uint8_t> out) const override {
    // Sizes are public: these checks may branch.
    if (out.size() != plaintext.size() + kTagSize) {
      return make_error(AlertDescription::internal_error,
                        "Aead::seal: out must be plaintext.size() + 16 bytes");
    }
    if (static_cast<std::uint64_t>(plaintext.size()) > kMaxPlaintext) {
      return make_error(AlertDescription::internal_error,
                        "RFC 8439 §2.8: \"P_MAX (maximum size of the plaintext) is "
                        "274,877,906,880 bytes\"");
    }
    ChaChaState state = chacha20_initial_state(key(), 0, nonce);
    const Secret<Poly1305::kKeySize> otk = one_time_key(state);
    Poly1305 mac(otk.bytes().first<Poly1305::kKeySize>(), mac_backend_);
    // "mac_data = aad | pad16(aad)"
    mac.update(aad);
    mac.pad16();
    // RFC 8439 §2.8: "the ChaCha20 encryption function is called to encrypt the
    // plaintext, using the same key and nonce, and with the initial counter set to 1."
    // "mac_data |= ciphertext | pad16(ciphertext)"
    state[12] = 1;
    const std::size_t n = plaintext.size();
    std::size_t done = 0;
    if (avx512_) {  // whole 1024-byte batches, encrypted and MACed in one pass
      done = chacha20_poly1305_seal_avx512(state, plaintext.data(), out.data(), n, mac.core());
      state[12] += static_cast<std::uint32_t>(done / kChaCha20BlockSize);
    }
    if (avx2_) {  // then whole 512-byte batches
      const std::size_t d = chacha20_poly1305_seal_avx2(state, plaintext.data() + done,
                                                        out.data() + done, n - done, mac.core());
      state[12] += static_cast<std::uint32_t>(d / kChaCha20BlockSize);
      done += d;
    }
    xor_(state, plaintext.data() + done, out.data() + done, n - done);
    mac.update(out.subspan(done, n - done));
    // "The output from the AEAD is the concatenation of: A ciphertext of the same
    // length as the plaintext. A 128-bit tag".
    Tag tag;
    finish_mac(mac, aad.size(), n, tag);
    for (std::size_t i = 0; i < kTagSize; ++i) out[n + i] = tag[i];
    ct::secure_wipe(state.data(), sizeof state);
    return success();
  }

  Result<void> open(Nonce nonce, std::span<const std::uint8_t> aad,
                    std::span<const std::uint8_t> ciphertext_and_tag,
                    std::span<std::uint8_t> out) const override {
    // Sizes are public: these checks may branch.
    if (ciphertext_and_tag.size() < kTagSize) {
      ct::secure_wipe(out.data(), out.size());
      return make_error(AlertDescription::bad_record_mac,
                        "RFC 8439 §2.8: the ciphertext must end with a 128-bit tag");
    }
    const std::size_t n = ciphertext_and_tag.size() - kTagSize;
    if (out.size() != n) {
      ct::secure_wipe(out.data(), out.size());
      return make_error(AlertDescription::internal_error,
                        "Aead::open: out must be ciphertext_and_tag.size() - 16 bytes");
    }
    if (static_cast<std::uint64_t>(n) > kMaxPlaintext) {
      ct::secure_wipe(out.data(), out.size());
      return make_error(AlertDescription::bad_record_mac,
                        "RFC 8439 §2.8: \"C_MAX = P_MAX + tag length = 274,877,906,896 "
                        "octets\"");
    }
    const std::span<const std::uint8_t> ciphertext = ciphertext_and_tag.first(n);
    Tag received;  // copied first: out may overlap the input (in place)
    for (std::size_t i = 0; i < kTagSize; ++i) received[i] = ciphertext_and_tag[n + i];

    ChaChaState state = chacha20_initial_state(key(), 0, nonce);
    const Secret<Poly1305::kKeySize> otk = one_time_key(state);
    Poly1305 mac(otk.bytes().first<Poly1305::kKeySize>(), mac_backend_);
    mac.update(aad);
    mac.pad16();
    // RFC 8439 §2.8: "The Poly1305 function is still run on the AAD and the
    // ciphertext, not the plaintext."
    state[12] = 1;
    std::size_t done = 0;
    // Whole batches (1024 bytes, then 512) are MACed and decrypted in one pass;
    // if the tag then fails, everything written to out is wiped before returning.
    if (avx512_) {
      done = chacha20_poly1305_open_avx512(state, ciphertext.data(), out.data(), n, mac.core());
      state[12] += static_cast<std::uint32_t>(done / kChaCha20BlockSize);
    }
    if (avx2_) {
      const std::size_t d = chacha20_poly1305_open_avx2(state, ciphertext.data() + done,
                                                        out.data() + done, n - done, mac.core());
      state[12] += static_cast<std::uint32_t>(d / kChaCha20BlockSize);
      done += d;
    }
    mac.update(ciphertext.subspan(done));
    Tag computed;
    finish_mac(mac, aad.size(), n, computed);
    // "The calculated tag is bitwise compared to the received tag. The message is
    // authenticated if and only if the tags match."
    // CT: all 16 bytes are compared whatever they hold; the verdict is public.
    const bool authentic = ct::memeq(computed, received).declassify();
    ct::secure_wipe(computed.data(), computed.size());
    if (!authentic) {
      ct::secure_wipe(state.data(), sizeof state);
      ct::secure_wipe(out.data(), out.size());
      // RFC 8446 §5.2: "If the decryption fails, the receiver MUST terminate the
      // connection with a "bad_record_mac" alert."
      return make_error(AlertDescription::bad_record_mac,
                        "RFC 8439 §2.8: the Poly1305 tag does not match (RFC 8446 §5.2: "
                        "bad_record_mac)");
    }
    // Authentic: decrypt the rest ("the ChaCha20 encryption function is applied
    // to the ciphertext, producing the plaintext"). On the portable and avx512_ifma
    // paths that is all of it, so nothing at all is written before the tag is
    // checked.
    xor_(state, ciphertext.data() + done, out.data() + done, n - done);
    ct::secure_wipe(state.data(), sizeof state);
    return success();
  }

 private:
  std::span<const std::uint8_t, kChaCha20KeySize> key() const {
    return key_.bytes().first<kChaCha20KeySize>();
  }

  // RFC 8439 §2.6: "We take the first 256 bits of the serialized state, and use
  // those as the one-time Poly1305 key". `state` has block counter 0:
  // §2.6.1 "counter = 0; block = chacha20_block(key,counter,nonce); return block[0..31]".
  static Secret<Poly1305::kKeySize> one_time_key(const ChaChaState& state) {
    std::array<std::uint8_t, kChaCha20BlockSize> block;
    chacha20_block(state, block);
    auto otk = Secret<Poly1305::kKeySize>::from(std::span(block).first<Poly1305::kKeySize>());
    ct::secure_wipe(block.data(), block.size());
    return otk;
  }

  // The end of the Poly1305 input of RFC 8439 §2.8 (the AAD and the ciphertext
  // have been absorbed), and the tag.
  static void finish_mac(Poly1305& mac, std::size_t aad_size, std::size_t ciphertext_size,
                         Tag& tag) {
    mac.pad16();  // "padding2 -- the padding is up to 15 zero bytes"
    // "The length of the additional data in octets (as a 64-bit little-endian
    // integer). The length of the ciphertext in octets (as a 64-bit little-endian
    // integer)."
    std::array<std::uint8_t, 16> lengths;
    const auto aad_len = static_cast<std::uint64_t>(aad_size);
    const auto ct_len = static_cast<std::uint64_t>(ciphertext_size);
    for (std::size_t i = 0; i < 8; ++i) {
      lengths[i] = static_cast<std::uint8_t>(aad_len >> (8 * i));
      lengths[8 + i] = static_cast<std::uint8_t>(ct_len >> (8 * i));
    }
    mac.update(lengths);
    mac.finish(tag);
  }

  Secret<kChaCha20KeySize> key_;
  ChaCha20XorFn xor_;
  // ifma: no fused loop; the whole message is encrypted, then MACed (or, to
  // open, MACed, then decrypted) in one run each, the MAC eight blocks per pass.
  Poly1305Backend mac_backend_;
  bool avx512_;
  bool avx2_;
};

}  // namespace

ChaChaBackend best_chacha_backend() {
  const CpuFeatures& f = usable_features();
  if (!f.avx2) return ChaChaBackend::portable;
  if (!f.avx512f) return ChaChaBackend::avx2;
  return Poly1305::ifma_usable() ? ChaChaBackend::avx512_ifma : ChaChaBackend::avx512;
}

Result<std::unique_ptr<Aead>> make_chacha20_poly1305(std::span<const std::uint8_t> key,
                                                     bool portable) {
  return make_chacha20_poly1305(key,
                                portable ? ChaChaBackend::portable : best_chacha_backend());
}

Result<std::unique_ptr<Aead>> make_chacha20_poly1305(std::span<const std::uint8_t> key,
                                                     ChaChaBackend backend) {
  // RFC 8439 §2.8: "K_LEN (key length) is 32 octets."
  if (key.size() != kChaCha20KeySize) {
    return make_error(AlertDescription::internal_error,
                      "RFC 8439 §2.8: \"K_LEN (key length) is 32 octets.\"");
  }
  return std::unique_ptr<Aead>(
      std::make_unique<ChaCha20Poly1305>(key.first<kChaCha20KeySize>(), backend));
}

}  // namespace glasstls::crypto
