// How an algorithm plugs into the known-answer runner (vectors/kat_runner.cpp).
//
// Each area of the library has one file vectors/kat_checks_<area>.cpp with a
// lookup function that maps a .kat [section] name to a KatChecker; add the
// function to kLookups in kat_runner.cpp. A checker lists the backends it
// runs on (this CPU's accelerated ones and "portable") and checks one record
// on one backend, returning "" on success or what differed.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vectors/kat_file.hpp"

namespace glasstls::vectors {

struct KatBackend {
  std::string label;    // "sha-ni", "aes-ni", "portable", ...
  bool force_portable;  // the runner wraps the check in crypto::ScopedPortable
};

struct KatChecker {
  std::string algorithm;  // as shown in the self-test table: "HMAC-SHA-256"
  std::function<std::string(const KatRecord&, const KatBackend&)> check;
  std::vector<KatBackend> backends;
};

using KatLookup = std::optional<KatChecker> (*)(std::string_view section);

// "" when equal, else "<what>: got <hex>, want <hex>".
std::string kat_compare(std::string_view what, std::span<const std::uint8_t> got,
                        std::span<const std::uint8_t> want);
// "" when the record has every field, else which one is missing.
std::string kat_missing(const KatRecord& r, std::initializer_list<std::string_view> fields);

// The lookups, one per area.
std::optional<KatChecker> hash_kat_checker(std::string_view section);    // kat_checks_hash.cpp
std::optional<KatChecker> aes_kat_checker(std::string_view section);     // kat_checks_aes.cpp
std::optional<KatChecker> chacha_kat_checker(std::string_view section);  // kat_checks_chacha.cpp
std::optional<KatChecker> ec_kat_checker(std::string_view section);      // kat_checks_ec.cpp
std::optional<KatChecker> curve25519_kat_checker(
    std::string_view section);  // kat_checks_curve25519.cpp

std::optional<KatChecker> rsa_kat_checker(std::string_view section);    // kat_checks_rsa.cpp
std::optional<KatChecker> tls13_kat_checker(std::string_view section);  // kat_checks_tls13.cpp
std::optional<KatChecker> tls12_kat_checker(std::string_view section);  // kat_checks_tls12.cpp
}  // namespace glasstls::vectors
