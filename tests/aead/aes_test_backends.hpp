// The AES/GCM backends this CPU can run, for tests that loop over all of them.
#pragma once

#include <vector>

#include "crypto/aes.hpp"

namespace glasstls::test {

inline std::vector<crypto::AesBackend> usable_aes_backends() {
  std::vector<crypto::AesBackend> out;
  for (auto b : {crypto::AesBackend::portable, crypto::AesBackend::aesni,
                 crypto::AesBackend::vaes_avx2}) {
    if (crypto::aes_backend_usable(b)) out.push_back(b);
  }
  return out;
}

}  // namespace glasstls::test
