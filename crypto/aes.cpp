// AES key expansion (FIPS 197 §5.2) and backend dispatch.
#include "crypto/aes.hpp"

#include <cstring>

#include "crypto/aes_ct64.hpp"
#include "crypto/aes_x86.hpp"
#include "crypto/cpu.hpp"
#include "crypto/ct.hpp"

namespace glasstls::crypto {

std::string_view to_string(AesBackend b) {
  switch (b) {
    case AesBackend::portable: return "portable";
    case AesBackend::aesni: return "aesni";
    case AesBackend::vaes_avx2: return "vaes-avx2";
  }
  return "unknown";
}

bool aes_backend_usable(AesBackend b) {
  const CpuFeatures& f = usable_features();
  const bool ni = f.aesni && f.pclmulqdq && f.sse41 && f.ssse3;
  switch (b) {
    case AesBackend::portable: return true;
    case AesBackend::aesni: return ni;
    case AesBackend::vaes_avx2: return ni && f.avx && f.avx2 && f.vaes && f.vpclmulqdq;
  }
  return false;
}

AesBackend best_aes_backend() {
  if (aes_backend_usable(AesBackend::vaes_avx2)) return AesBackend::vaes_avx2;
  if (aes_backend_usable(AesBackend::aesni)) return AesBackend::aesni;
  return AesBackend::portable;
}

namespace {

// FIPS 197 §5.2, Figure 11, with words as four bytes [a0, a1, a2, a3]:
//   w[i] = key word i                                 for i < Nk
//   temp = w[i-1]
//   if i mod Nk == 0:          temp = SubWord(RotWord(temp)) xor Rcon[i/Nk]
//   else if Nk > 6, i mod Nk == 4: temp = SubWord(temp)
//   w[i] = w[i-Nk] xor temp
// sub_word: the bitsliced S-box (portable) or AESENCLAST (AES-192 with AES-NI).
template <class SubWord>
void expand_words(std::span<const std::uint8_t> key, unsigned nr, std::uint8_t* w,
                  SubWord sub_word) {
  const std::size_t nk = key.size() / 4;
  std::memcpy(w, key.data(), key.size());  // w[i] is w + 4*i
  // Rcon[j] = [x^(j-1), {00}, {00}, {00}] (§5.2); x^(j-1) doubled by xtime.
  std::uint8_t rcon = 0x01;
  for (std::size_t i = nk; i < 4 * (nr + 1); ++i) {
    std::uint8_t temp[4];
    std::memcpy(temp, w + 4 * (i - 1), 4);
    if (i % nk == 0) {
      // RotWord([a0,a1,a2,a3]) = [a1,a2,a3,a0]
      const std::uint8_t a0 = temp[0];
      temp[0] = temp[1];
      temp[1] = temp[2];
      temp[2] = temp[3];
      temp[3] = a0;
      sub_word(temp);
      temp[0] ^= rcon;
      // Rcon is public (the round number), so this branch leaks nothing.
      rcon = static_cast<std::uint8_t>((rcon << 1) ^ ((rcon & 0x80) ? 0x1b : 0));
    } else if (nk > 6 && i % nk == 4) {
      sub_word(temp);
    }
    for (int j = 0; j < 4; ++j)
      w[4 * i + j] = static_cast<std::uint8_t>(w[4 * (i - nk) + j] ^ temp[j]);
    ct::secure_wipe(temp, sizeof temp);
  }
}

}  // namespace

unsigned aes_expand_key(std::span<const std::uint8_t> key,
                        std::span<std::uint8_t, 16 * (Aes::kMaxRounds + 1)> schedule,
                        AesBackend backend) {
  // FIPS 197 §5: "Nr = 10 ... 12 ... 14" for Nk = 4, 6, 8 (Figure 4).
  const unsigned nr = static_cast<unsigned>(key.size() / 4) + 6;
  std::uint8_t* w = schedule.data();
  // Every backend but the portable one implies AES-NI (aes_backend_usable).
  if (backend == AesBackend::portable) {
    expand_words(key, nr, w, aes_ct64::sub_word);
  } else if (key.size() == 16) {
    aesni_expand_key_128(key.data(), w);
  } else if (key.size() == 32) {
    aesni_expand_key_256(key.data(), w);
  } else {
    expand_words(key, nr, w, aesni_sub_word);
  }
  return nr;
}

Result<Aes> Aes::create(std::span<const std::uint8_t> key, AesBackend backend) {
  // FIPS 197 §5: "the length of the Cipher Key, K, is 128, 192, or 256 bits".
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return make_error(AlertDescription::internal_error,
                      "FIPS 197 §5: an AES key is 16, 24 or 32 bytes");
  }
  if (!aes_backend_usable(backend)) {
    return make_error(AlertDescription::internal_error,
                      "AES backend not available on this CPU (or GLASSTLS_PORTABLE is set)");
  }
  Aes aes;
  aes.backend_ = backend;
  aes.rounds_ = aes_expand_key(key, aes.schedule_, backend);
  if (backend == AesBackend::portable) {
    aes_ct64::slice_round_keys(aes.schedule_.data(), aes.rounds_, aes.sliced_.data());
  }
  return aes;
}

Aes::Aes(Aes&& o) noexcept
    : schedule_(o.schedule_), sliced_(o.sliced_), rounds_(o.rounds_), backend_(o.backend_) {
  o.wipe();
}

Aes& Aes::operator=(Aes&& o) noexcept {
  if (this != &o) {
    schedule_ = o.schedule_;
    sliced_ = o.sliced_;
    rounds_ = o.rounds_;
    backend_ = o.backend_;
    o.wipe();
  }
  return *this;
}

Aes::~Aes() { wipe(); }

void Aes::wipe() {
  ct::secure_wipe(schedule_.data(), sizeof schedule_);
  ct::secure_wipe(sliced_.data(), sizeof sliced_);
}

void Aes::encrypt_block(const std::uint8_t in[16], std::uint8_t out[16]) const {
  if (backend_ == AesBackend::portable) {
    aes_ct64::State q;
    aes_ct64::load_blocks(q, in, 1);
    aes_ct64::encrypt(sliced_.data(), rounds_, q);
    aes_ct64::store_blocks(q, out, 1);
    ct::secure_wipe(q.data(), sizeof q);
    return;
  }
  aesni_encrypt_block(schedule_.data(), rounds_, in, out);
}

void Aes::ctr32(std::uint8_t counter[16], const std::uint8_t* in, std::uint8_t* out,
                std::size_t nblocks) const {
  switch (backend_) {
    case AesBackend::portable:
      aes_ct64::ctr32(sliced_.data(), rounds_, counter, in, out, nblocks);
      return;
    case AesBackend::aesni:
      aesni_ctr32(schedule_.data(), rounds_, counter, in, out, nblocks);
      return;
    case AesBackend::vaes_avx2:
      vaes_ctr32(schedule_.data(), rounds_, counter, in, out, nblocks);
      return;
  }
}

}  // namespace glasstls::crypto
