// Wycheproof chacha20_poly1305_test.json (read in place from ../shared), every
// vector on every backend:
//   valid   -> seal gives exactly ct || tag, open gives msg back;
//   invalid -> open fails with bad_record_mac and releases nothing (out wiped).
// A nonce that is not 12 bytes cannot even be expressed: Aead takes a
// std::span<const uint8_t, 12> (RFC 8439 §2.8: "N_MIN = N_MAX = 12 octets"), so
// those vectors are rejected before any call; they must all be marked invalid.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "crypto/chacha20_poly1305.hpp"
#include "crypto/cpu.hpp"
#include "crypto/poly1305.hpp"
#include "tests/support/test_support.hpp"

namespace glasstls::crypto {
namespace {

using test::hex;
using test::unhex;

struct Totals {
  int valid_passed = 0;
  int invalid_rejected = 0;
  int bad_nonce_rejected = 0;
  int failed = 0;
};

Totals run_all(const nlohmann::json& doc, ChaChaBackend backend, std::string_view name) {
  Totals totals;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const std::string id = "tcId " + std::to_string(t["tcId"].get<int>()) + " (" +
                             t["comment"].get<std::string>() + ")";
      const std::string result = t["result"];
      const auto key = unhex(t["key"].get<std::string>());
      const auto iv = unhex(t["iv"].get<std::string>());
      const auto aad = unhex(t["aad"].get<std::string>());
      const auto msg = unhex(t["msg"].get<std::string>());
      auto ct_and_tag = unhex(t["ct"].get<std::string>());
      const auto tag = unhex(t["tag"].get<std::string>());
      ct_and_tag.insert(ct_and_tag.end(), tag.begin(), tag.end());

      if (iv.size() != Aead::kNonceSize) {
        // RFC 8439 §2.8: "N_MIN = N_MAX = 12 octets." Rejected by the type.
        EXPECT_EQ(result, "invalid") << id;
        if (result == "invalid")
          ++totals.bad_nonce_rejected;
        else
          ++totals.failed;
        continue;
      }
      const std::span<const std::uint8_t, 12> nonce(iv.data(), 12);
      auto aead = make_chacha20_poly1305(key, backend);
      if (!aead.ok()) {
        ADD_FAILURE() << id << ": " << aead.error().describe();
        ++totals.failed;
        continue;
      }
      EXPECT_EQ((*aead)->backend(), name);

      std::vector<std::uint8_t> opened(msg.size(), 0xAA);
      const auto open = (*aead)->open(nonce, aad, ct_and_tag, opened);
      if (result == "valid") {
        std::vector<std::uint8_t> sealed(msg.size() + 16);
        const bool seal_ok = (*aead)->seal(nonce, aad, msg, sealed).ok();
        const bool ok =
            seal_ok && hex(sealed) == hex(ct_and_tag) && open.ok() && hex(opened) == hex(msg);
        EXPECT_TRUE(ok) << id << ": seal " << hex(sealed) << " expected " << hex(ct_and_tag)
                        << ", open " << (open.ok() ? "ok" : "failed");
        ok ? ++totals.valid_passed : ++totals.failed;
      } else {
        // Wycheproof has no "acceptable" AEAD vectors here: anything else must fail.
        const bool rejected = !open.ok() &&
                              open.error().alert == AlertDescription::bad_record_mac &&
                              hex(opened) == hex(std::vector<std::uint8_t>(msg.size(), 0));
        EXPECT_TRUE(rejected) << id << ": invalid vector was "
                              << (open.ok() ? "accepted" : "not wiped/misreported");
        rejected ? ++totals.invalid_rejected : ++totals.failed;
      }
    }
  }
  return totals;
}

void run(ChaChaBackend backend, std::string_view name) {
  const auto doc = test::wycheproof("chacha20_poly1305_test.json");
  if (!doc) return;
  const Totals t = run_all(*doc, backend, name);
  const int total = t.valid_passed + t.invalid_rejected + t.bad_nonce_rejected + t.failed;
  std::cout << "Wycheproof chacha20_poly1305 on " << name << ": " << total
            << " vectors, " << t.valid_passed << " valid passed, " << t.invalid_rejected
            << " invalid rejected by open(), " << t.bad_nonce_rejected
            << " rejected for a non-12-byte nonce, " << t.failed << " failed\n";
  EXPECT_EQ(total, (*doc)["numberOfTests"].get<int>());
  EXPECT_EQ(t.failed, 0);
}

TEST(ChaCha20Poly1305Wycheproof, Portable) { run(ChaChaBackend::portable, "portable"); }

TEST(ChaCha20Poly1305Wycheproof, Avx2) {
  if (!cpu_features().avx2) GTEST_SKIP() << "this CPU has no AVX2";
  run(ChaChaBackend::avx2, "avx2");
}

TEST(ChaCha20Poly1305Wycheproof, Avx512) {
  if (!cpu_features().avx2 || !cpu_features().avx512f) GTEST_SKIP() << "this CPU has no AVX-512F";
  run(ChaChaBackend::avx512, "avx512");
}

TEST(ChaCha20Poly1305Wycheproof, Avx512Ifma) {
  if (!cpu_features().avx2 || !cpu_features().avx512f || !Poly1305::ifma_usable()) {
    GTEST_SKIP() << "this CPU has no AVX-512F/VL/IFMA";
  }
  run(ChaChaBackend::avx512_ifma, "avx512_ifma");
}

}  // namespace
}  // namespace glasstls::crypto
