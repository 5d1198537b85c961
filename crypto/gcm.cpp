// AES-GCM (NIST SP 800-38D §7): the streaming engine and the one-shot calls.
//
// The engine keeps the invariant that partial_ holds the bytes of the block
// that is not yet complete (AAD while phase_ is aad, ciphertext afterwards),
// so whole blocks always go to the bulk loops block-aligned.
#include "crypto/gcm.hpp"

#include <cstring>

#include "crypto/gcm_x86.hpp"

namespace glasstls::crypto {
namespace {

void store64be(std::uint8_t* p, std::uint64_t x) {
  for (int i = 7; i >= 0; --i, x >>= 8) p[i] = static_cast<std::uint8_t>(x);
}

GhashBackend ghash_backend_for(AesBackend b) {
  switch (b) {
    case AesBackend::portable: return GhashBackend::ctmul64;
    case AesBackend::aesni: return GhashBackend::pclmul;
    case AesBackend::vaes_avx2: return GhashBackend::vpclmul;
  }
  return GhashBackend::ctmul64;
}

// Whole blocks, counter mode + GHASH of the ciphertext. The stitched loops
// take what they can; the rest goes in chunks small enough to stay in L1
// between the AES pass and the GHASH pass.
void bulk(const AesGcm& gcm, GcmStream::Direction dir, std::uint8_t counter[16], std::uint8_t y[16],
          const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks) {
  const bool seal = dir == GcmStream::Direction::seal;
  std::size_t done = 0;
  switch (gcm.backend()) {
    case AesBackend::vaes_avx2:
      done = seal ? gcm_seal_vaes(gcm.aes(), gcm.ghash_key(), counter, y, in, out, nblocks)
                  : gcm_open_vaes(gcm.aes(), gcm.ghash_key(), counter, y, in, out, nblocks);
      break;
    case AesBackend::aesni:
      done = seal ? gcm_seal_aesni(gcm.aes(), gcm.ghash_key(), counter, y, in, out, nblocks)
                  : gcm_open_aesni(gcm.aes(), gcm.ghash_key(), counter, y, in, out, nblocks);
      break;
    case AesBackend::portable: break;
  }
  in += 16 * done;
  out += 16 * done;
  nblocks -= done;
  constexpr std::size_t kChunk = 32;
  while (nblocks > 0) {
    const std::size_t n = nblocks < kChunk ? nblocks : kChunk;
    // open hashes the ciphertext before it is overwritten (in place).
    if (!seal) ghash_update(gcm.ghash_key(), y, in, n);
    gcm.aes().ctr32(counter, in, out, n);
    if (seal) ghash_update(gcm.ghash_key(), y, out, n);
    in += 16 * n;
    out += 16 * n;
    nblocks -= n;
  }
}

}  // namespace

Result<AesGcm> AesGcm::create(std::span<const std::uint8_t> key, AesBackend backend) {
  auto aes = Aes::create(key, backend);
  if (!aes) return aes.error();
  AesGcm gcm(std::move(aes.value()));
  // SP 800-38D §7.1 step 1: "Let H = CIPH_K(0^128)."
  std::uint8_t h[16] = {};
  gcm.aes_.encrypt_block(h, h);
  ghash_init(gcm.ghash_, h, ghash_backend_for(backend));
  ct::secure_wipe(h, sizeof h);
  return gcm;
}

Result<void> AesGcm::seal(std::span<const std::uint8_t> iv, std::span<const std::uint8_t> aad,
                          std::span<const std::uint8_t> plaintext,
                          std::span<std::uint8_t> ciphertext,
                          std::span<std::uint8_t, kTagSize> tag) const {
  auto s = GcmStream::start(*this, iv, GcmStream::Direction::seal);
  if (!s) return s.error();
  if (auto r = s->aad(aad); !r) return r;
  if (auto r = s->update(plaintext, ciphertext); !r) return r;
  return s->finish(tag);
}

Result<void> AesGcm::open(std::span<const std::uint8_t> iv, std::span<const std::uint8_t> aad,
                          std::span<const std::uint8_t> ciphertext,
                          std::span<const std::uint8_t, kTagSize> tag,
                          std::span<std::uint8_t> plaintext) const {
  // Whatever fails, the output holds no plaintext afterwards.
  auto fail = [&](Error e) -> Result<void> {
    ct::secure_wipe(plaintext.data(), plaintext.size());
    return e;
  };
  auto s = GcmStream::start(*this, iv, GcmStream::Direction::open);
  if (!s) return fail(s.error());
  if (auto r = s->aad(aad); !r) return fail(r.error());
  if (auto r = s->update(ciphertext, plaintext); !r) return fail(r.error());
  auto ok = s->verify(tag);
  // SP 800-38D §7.2 step 8: "If T = T', then return P; otherwise, return FAIL."
  // The verdict is public once computed: the caller learns it anyway.
  if (!ok || !ok->declassify()) {
    return fail(make_error(AlertDescription::bad_record_mac,
                           "SP 800-38D §7.2: the authentication tag does not match (FAIL)"));
  }
  return success();
}

Result<GcmStream> GcmStream::start(const AesGcm& gcm, std::span<const std::uint8_t> iv,
                                   Direction direction) {
  // SP 800-38D §5.2.1.1: "1 <= len(IV) <= 2^64 - 1" (bits).
  if (iv.empty() || iv.size() > (std::uint64_t{1} << 61) - 1) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-38D §5.2.1.1: the IV must be between 1 bit and 2^64 - 1 bits long");
  }
  GcmStream s(gcm, direction);
  if (iv.size() == 12) {
    // SP 800-38D §7.1 step 2: "If len(IV) = 96, then let J0 = IV || 0^31 || 1."
    std::memcpy(s.j0_, iv.data(), 12);
    s.j0_[15] = 1;
  } else {
    // "If len(IV) != 96, then let s = 128 * ceil(len(IV)/128) - len(IV), and
    //  let J0 = GHASH_H(IV || 0^(s+64) || [len(IV)]_64)."
    const GhashKey& key = gcm.ghash_key();
    const std::size_t whole = iv.size() / 16;
    ghash_update(key, s.j0_, iv.data(), whole);
    std::uint8_t block[16] = {};
    if (iv.size() % 16 != 0) {
      std::memcpy(block, iv.data() + 16 * whole, iv.size() % 16);
      ghash_update(key, s.j0_, block, 1);
    }
    std::memset(block, 0, sizeof block);
    store64be(block + 8, static_cast<std::uint64_t>(iv.size()) * 8);
    ghash_update(key, s.j0_, block, 1);
  }
  // Step 3: the first counter block for the text is inc32(J0).
  std::memcpy(s.counter_, s.j0_, 16);
  inc32(s.counter_);
  return s;
}

GcmStream::GcmStream(GcmStream&& o) noexcept
    : gcm_(o.gcm_),
      direction_(o.direction_),
      phase_(o.phase_),
      partial_len_(o.partial_len_),
      aad_bytes_(o.aad_bytes_),
      text_bytes_(o.text_bytes_) {
  std::memcpy(j0_, o.j0_, 16);
  std::memcpy(counter_, o.counter_, 16);
  std::memcpy(y_, o.y_, 16);
  std::memcpy(partial_, o.partial_, 16);
  std::memcpy(keystream_, o.keystream_, 16);
  o.wipe();
}

GcmStream::~GcmStream() { wipe(); }

void GcmStream::wipe() {
  ct::secure_wipe(j0_, 16);
  ct::secure_wipe(counter_, 16);
  ct::secure_wipe(y_, 16);
  ct::secure_wipe(partial_, 16);
  ct::secure_wipe(keystream_, 16);
  partial_len_ = 0;
  phase_ = Phase::done;
}

Result<void> GcmStream::aad(std::span<const std::uint8_t> data) {
  if (phase_ != Phase::aad) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-38D §7.1: the AAD A comes before the ciphertext in GHASH's input");
  }
  // SP 800-38D §5.2.1.1: "len(A) <= 2^64 - 1" (bits).
  if (data.size() > (std::uint64_t{1} << 61) - 1 - aad_bytes_) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-38D §5.2.1.1: len(A) must be at most 2^64 - 1 bits");
  }
  aad_bytes_ += data.size();
  const GhashKey& key = gcm_->ghash_key();
  std::size_t i = 0;
  if (partial_len_ > 0) {
    while (partial_len_ < 16 && i < data.size()) partial_[partial_len_++] = data[i++];
    if (partial_len_ < 16) return success();
    ghash_update(key, y_, partial_, 1);
    partial_len_ = 0;
  }
  const std::size_t whole = (data.size() - i) / 16;
  ghash_update(key, y_, data.data() + i, whole);
  i += 16 * whole;
  while (i < data.size()) partial_[partial_len_++] = data[i++];
  return success();
}

// The AAD ends: "A || 0^v", its last block padded with zeros.
void GcmStream::close_aad() {
  if (phase_ != Phase::aad) return;
  if (partial_len_ > 0) {
    std::memset(partial_ + partial_len_, 0, 16 - partial_len_);
    ghash_update(gcm_->ghash_key(), y_, partial_, 1);
    partial_len_ = 0;
  }
  phase_ = Phase::text;
}

Result<void> GcmStream::update(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  if (in.size() != out.size() || phase_ == Phase::done) {
    return make_error(AlertDescription::internal_error,
                      "GcmStream::update: output size must equal input size, before finish");
  }
  if (in.size() > AesGcm::kMaxTextBytes - text_bytes_) {
    return make_error(AlertDescription::internal_error,
                      "SP 800-38D §5.2.1.1: len(P) must be at most 2^39 - 256 bits");
  }
  close_aad();
  text_bytes_ += in.size();
  const bool seal = direction_ == Direction::seal;
  const std::uint8_t* src = in.data();
  std::uint8_t* dst = out.data();
  std::size_t n = in.size();
  // 1. Finish the pending block with the keystream already computed for it.
  while (partial_len_ > 0 && partial_len_ < 16 && n > 0) {
    const std::uint8_t x = *src++;
    const auto y = static_cast<std::uint8_t>(x ^ keystream_[partial_len_]);
    *dst++ = y;
    partial_[partial_len_++] = seal ? y : x;
    --n;
  }
  if (partial_len_ == 16) {
    ghash_update(gcm_->ghash_key(), y_, partial_, 1);
    partial_len_ = 0;
  }
  // 2. Whole blocks.
  const std::size_t whole = n / 16;
  bulk(*gcm_, direction_, counter_, y_, src, dst, whole);
  src += 16 * whole;
  dst += 16 * whole;
  n -= 16 * whole;
  // 3. The start of a new block: one keystream block, used in part.
  if (n > 0) {
    gcm_->aes().encrypt_block(counter_, keystream_);
    inc32(counter_);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t x = src[i];
      const auto y = static_cast<std::uint8_t>(x ^ keystream_[i]);
      dst[i] = y;
      partial_[partial_len_++] = seal ? y : x;
    }
  }
  return success();
}

// SP 800-38D §7.1 steps 5-6: S = GHASH(... || [len(A)]_64 || [len(C)]_64),
// T = MSB_t(GCTR_K(J0, S)) = CIPH_K(J0) xor S for t = 128.
void GcmStream::compute_tag(std::uint8_t tag[16]) {
  close_aad();
  const GhashKey& key = gcm_->ghash_key();
  if (partial_len_ > 0) {  // "C || 0^u"
    std::memset(partial_ + partial_len_, 0, 16 - partial_len_);
    ghash_update(key, y_, partial_, 1);
    partial_len_ = 0;
  }
  std::uint8_t lengths[16];
  store64be(lengths, aad_bytes_ * 8);
  store64be(lengths + 8, text_bytes_ * 8);
  ghash_update(key, y_, lengths, 1);
  gcm_->aes().encrypt_block(j0_, tag);
  for (int i = 0; i < 16; ++i) tag[i] ^= y_[i];
  phase_ = Phase::done;
}

Result<void> GcmStream::finish(std::span<std::uint8_t, AesGcm::kTagSize> tag) {
  if (direction_ != Direction::seal || phase_ == Phase::done) {
    return make_error(AlertDescription::internal_error,
                      "GcmStream::finish: only once, and only on a seal stream");
  }
  compute_tag(tag.data());
  wipe();
  return success();
}

Result<ct::Mask> GcmStream::verify(std::span<const std::uint8_t, AesGcm::kTagSize> tag) {
  if (direction_ != Direction::open || phase_ == Phase::done) {
    return make_error(AlertDescription::internal_error,
                      "GcmStream::verify: only once, and only on an open stream");
  }
  std::uint8_t expected[16];
  compute_tag(expected);
  // SP 800-38D §7.2 step 8: "If T = T', then return P; otherwise, return FAIL."
  // CT: ct::memeq reads all 16 bytes whatever they hold.
  const ct::Mask ok = ct::memeq(expected, tag);
  ct::secure_wipe(expected, sizeof expected);
  wipe();
  return ok;
}

}  // namespace glasstls::crypto
