// GHASH dispatch and key storage (SP 800-38D §6.4).
#include "crypto/ghash.hpp"

#include "crypto/ct.hpp"

namespace glasstls::crypto {

GhashKey::GhashKey(GhashKey&& o) noexcept : backend(o.backend), words(o.words) {
  ct::secure_wipe(o.words.data(), sizeof o.words);
}

GhashKey& GhashKey::operator=(GhashKey&& o) noexcept {
  if (this != &o) {
    backend = o.backend;
    words = o.words;
    ct::secure_wipe(o.words.data(), sizeof o.words);
  }
  return *this;
}

GhashKey::~GhashKey() { ct::secure_wipe(words.data(), sizeof words); }

void ghash_init(GhashKey& key, const std::uint8_t h[16], GhashBackend backend) {
  key.backend = backend;
  if (backend == GhashBackend::ctmul64) {
    ghash_init_ctmul64(key, h);
  } else {
    ghash_init_pclmul(key, h);
  }
}

void ghash_update(const GhashKey& key, std::uint8_t y[16], const std::uint8_t* blocks,
                  std::size_t nblocks) {
  if (key.backend == GhashBackend::ctmul64) {
    ghash_ctmul64(key, y, blocks, nblocks);
  } else {
    ghash_pclmul(key, y, blocks, nblocks);
  }
}

}  // namespace glasstls::crypto
