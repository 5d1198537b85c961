// Hash: SHA-256/384/512 chosen at run time, for HMAC, HKDF and transcripts.
#include <cstdlib>

#include "crypto/sha2.hpp"

namespace glasstls::crypto {
namespace {

template <std::size_t N>
std::span<std::uint8_t, N> fixed(std::span<std::uint8_t> out) {
  if (out.size() != N) std::abort();  // a caller bug, not an input error
  return std::span<std::uint8_t, N>(out.data(), N);
}

std::variant<Sha256, Sha384, Sha512> make(HashId id) {
  switch (id) {
    case HashId::sha256: return Sha256();
    case HashId::sha384: return Sha384();
    case HashId::sha512: return Sha512();
  }
  std::abort();
}

}  // namespace

std::string_view name(HashId id) {
  switch (id) {
    case HashId::sha256: return "SHA-256";
    case HashId::sha384: return "SHA-384";
    case HashId::sha512: return "SHA-512";
  }
  return "unknown";
}

Hash::Hash(HashId id) : id_(id), impl_(make(id)) {}

void Hash::update(std::span<const std::uint8_t> data) {
  std::visit([&](auto& h) { h.update(data); }, impl_);
}

void Hash::finish(std::span<std::uint8_t> out) {
  std::visit(
      [&](auto& h) { h.finish(fixed<std::remove_reference_t<decltype(h)>::digest_size>(out)); },
      impl_);
}

void Hash::reset() {
  std::visit([](auto& h) { h.reset(); }, impl_);
}

void hash(HashId id, std::span<const std::uint8_t> data, std::span<std::uint8_t> out) {
  Hash h(id);
  h.update(data);
  h.finish(out);
}

}  // namespace glasstls::crypto
