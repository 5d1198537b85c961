// Known-answer checks for X25519 (RFC 7748) and Ed25519 (RFC 8032). One backend
// each ("portable": the radix-2^51 field code is the only implementation).
// Sections:
//   [x25519]           k, u, out                                  RFC 7748 §5.2
//   [x25519-iterated]  iterations (decimal text), out             RFC 7748 §5.2
//   [x25519-dh]        a, a_public, b, b_public, shared           RFC 7748 §6.1
//   [ed25519]          secret_key, public_key, message, signature RFC 8032 §7.1
#include <array>
#include <charconv>

#include "crypto/ed25519.hpp"
#include "crypto/x25519.hpp"
#include "vectors/kat_checks.hpp"

namespace glasstls::vectors {
namespace {

using Key = std::array<std::uint8_t, 32>;

// A 32-byte field as an array, or "" -> error text in `err`.
bool key32(const KatRecord& r, std::string_view field, Key& out, std::string& err) {
  const auto& b = r.bytes(field);
  if (b.size() != 32) {
    err = std::string(field) + " must be 32 bytes";
    return false;
  }
  std::copy(b.begin(), b.end(), out.begin());
  return true;
}

std::string check_x25519(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"k", "u", "out"}); !m.empty()) return m;
  Key k, u, out;
  std::string err;
  if (!key32(r, "k", k, err) || !key32(r, "u", u, err)) return err;
  crypto::x25519::scalar_mult(out, k, u);
  return kat_compare("X25519(k, u)", out, r.bytes("out"));
}

std::string check_x25519_iterated(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"iterations", "out"}); !m.empty()) return m;
  const std::string text = r.text("iterations");
  unsigned long n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size()) return "iterations must be decimal";
  // RFC 7748 §5.2: "set k and u to 9 ... set k to be the result of calling the
  // function and u to be the old value of k".
  Key k{9}, u{9};
  for (unsigned long i = 0; i < n; ++i) {
    Key next;
    crypto::x25519::scalar_mult(next, k, u);
    u = k;
    k = next;
  }
  return kat_compare("k after the iterations", k, r.bytes("out"));
}

std::string check_x25519_dh(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"a", "a_public", "b", "b_public", "shared"}); !m.empty()) return m;
  Key a, b, a_pub, b_pub;
  std::string err;
  if (!key32(r, "a", a, err) || !key32(r, "b", b, err) || !key32(r, "a_public", a_pub, err) ||
      !key32(r, "b_public", b_pub, err))
    return err;
  if (auto d = kat_compare("a_public", crypto::x25519::public_from_private(a), a_pub); !d.empty())
    return d;
  if (auto d = kat_compare("b_public", crypto::x25519::public_from_private(b), b_pub); !d.empty())
    return d;
  auto k_a = crypto::x25519::shared_secret(a, b_pub);
  auto k_b = crypto::x25519::shared_secret(b, a_pub);
  if (!k_a.ok() || !k_b.ok()) return "shared_secret failed";
  if (auto d = kat_compare("Alice's K", k_a->bytes(), r.bytes("shared")); !d.empty()) return d;
  return kat_compare("Bob's K", k_b->bytes(), r.bytes("shared"));
}

std::string check_ed25519(const KatRecord& r, const KatBackend&) {
  if (auto m = kat_missing(r, {"secret_key", "public_key", "message", "signature"}); !m.empty())
    return m;
  Key seed, pub;
  std::string err;
  if (!key32(r, "secret_key", seed, err) || !key32(r, "public_key", pub, err)) return err;
  const auto key = crypto::ed25519::SigningKey::from_seed(seed);
  if (auto d = kat_compare("public key", key.public_key(), pub); !d.empty()) return d;
  const auto& msg = r.bytes("message");
  const auto sig = key.sign(msg);
  if (auto d = kat_compare("signature", sig, r.bytes("signature")); !d.empty()) return d;
  if (!crypto::ed25519::verify(pub, msg, r.bytes("signature")).ok())
    return "verify rejected the RFC's signature";
  auto bad = sig;
  bad[7] ^= 0x10;
  if (crypto::ed25519::verify(pub, msg, bad).ok()) return "verify accepted a corrupted signature";
  return {};
}

}  // namespace

std::optional<KatChecker> curve25519_kat_checker(std::string_view section) {
  const std::vector<KatBackend> portable{{"portable", false}};
  if (section == "x25519") return KatChecker{"X25519", check_x25519, portable};
  if (section == "x25519-iterated")
    return KatChecker{"X25519 (iterated)", check_x25519_iterated, portable};
  if (section == "x25519-dh") return KatChecker{"X25519 DH", check_x25519_dh, portable};
  if (section == "ed25519") return KatChecker{"Ed25519", check_ed25519, portable};
  return std::nullopt;
}

}  // namespace glasstls::vectors
