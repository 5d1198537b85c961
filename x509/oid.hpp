// Object identifiers (X.680 §32, encoded per X.690 §8.19) and the registry of the
// ones GlassTLS knows by name.
//
// An Oid holds its DER contents octets (without tag and length), so comparing two
// OIDs is comparing bytes. Constants are written as those octets with the dotted
// form beside them; oid_name() gives the short name the RFCs use.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace glasstls::x509 {

class Oid {
 public:
  static constexpr std::size_t kMaxBytes = 64;

  constexpr Oid() = default;
  constexpr Oid(std::initializer_list<std::uint8_t> der_contents) {
    size_ = der_contents.size() < kMaxBytes ? der_contents.size() : kMaxBytes;
    std::copy_n(der_contents.begin(), size_, bytes_.begin());
  }
  // nullopt when longer than kMaxBytes (the caller reports it).
  static std::optional<Oid> from_contents(std::span<const std::uint8_t> der_contents);
  // "1.2.840.113549.1.1.11" -> Oid; nullopt when malformed.
  static std::optional<Oid> from_dotted(std::string_view dotted);

  std::span<const std::uint8_t> contents() const { return {bytes_.data(), size_}; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // "1.2.840.113549.1.1.11"
  std::string dotted() const;

  friend constexpr bool operator==(const Oid& a, const Oid& b) {
    if (a.size_ != b.size_) return false;
    for (std::size_t i = 0; i < a.size_; ++i)
      if (a.bytes_[i] != b.bytes_[i]) return false;
    return true;
  }
  friend constexpr bool operator<(const Oid& a, const Oid& b) {
    return std::lexicographical_compare(a.bytes_.begin(), a.bytes_.begin() + a.size_,
                                        b.bytes_.begin(), b.bytes_.begin() + b.size_);
  }

 private:
  std::array<std::uint8_t, kMaxBytes> bytes_{};
  std::size_t size_ = 0;
};

// The short name ("sha256WithRSAEncryption", "commonName", "serverAuth"), or empty
// when the OID is not in the registry.
std::string_view oid_name(const Oid& o);
// The short name when known, the dotted form otherwise.
std::string oid_display(const Oid& o);
// A sentence on what the OID is for, for `x509 show`; empty when unknown.
std::string_view oid_description(const Oid& o);

namespace oid {
// Signature and key algorithms
inline constexpr Oid rsa_encryption{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                    0x0d, 0x01, 0x01, 0x01};  // 1.2.840.113549.1.1.1
inline constexpr Oid rsassa_pss{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                0x0d, 0x01, 0x01, 0x0a};  // 1.2.840.113549.1.1.10
inline constexpr Oid mgf1{0x2a, 0x86, 0x48, 0x86, 0xf7,
                          0x0d, 0x01, 0x01, 0x08};  // 1.2.840.113549.1.1.8
inline constexpr Oid sha256_with_rsa{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                     0x0d, 0x01, 0x01, 0x0b};  // 1.2.840.113549.1.1.11
inline constexpr Oid sha384_with_rsa{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                     0x0d, 0x01, 0x01, 0x0c};  // 1.2.840.113549.1.1.12
inline constexpr Oid sha512_with_rsa{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                     0x0d, 0x01, 0x01, 0x0d};  // 1.2.840.113549.1.1.13
inline constexpr Oid sha1_with_rsa{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                   0x0d, 0x01, 0x01, 0x05};  // 1.2.840.113549.1.1.5
inline constexpr Oid ec_public_key{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};  // 1.2.840.10045.2.1
inline constexpr Oid ecdsa_with_sha256{0x2a, 0x86, 0x48, 0xce,
                                       0x3d, 0x04, 0x03, 0x02};  // 1.2.840.10045.4.3.2
inline constexpr Oid ecdsa_with_sha384{0x2a, 0x86, 0x48, 0xce,
                                       0x3d, 0x04, 0x03, 0x03};  // 1.2.840.10045.4.3.3
inline constexpr Oid ecdsa_with_sha512{0x2a, 0x86, 0x48, 0xce,
                                       0x3d, 0x04, 0x03, 0x04};  // 1.2.840.10045.4.3.4
inline constexpr Oid ecdsa_with_sha1{0x2a, 0x86, 0x48, 0xce,
                                     0x3d, 0x04, 0x01};  // 1.2.840.10045.4.1
inline constexpr Oid secp256r1{0x2a, 0x86, 0x48, 0xce,
                               0x3d, 0x03, 0x01, 0x07};        // 1.2.840.10045.3.1.7
inline constexpr Oid secp384r1{0x2b, 0x81, 0x04, 0x00, 0x22};  // 1.3.132.0.34
inline constexpr Oid secp521r1{0x2b, 0x81, 0x04, 0x00, 0x23};  // 1.3.132.0.35
inline constexpr Oid ed25519{0x2b, 0x65, 0x70};                // 1.3.101.112
inline constexpr Oid ed448{0x2b, 0x65, 0x71};                  // 1.3.101.113
// Hashes (RFC 4055 §2.1, for RSA-PSS parameters)
inline constexpr Oid sha1{0x2b, 0x0e, 0x03, 0x02, 0x1a};  // 1.3.14.3.2.26
inline constexpr Oid sha256{0x60, 0x86, 0x48, 0x01, 0x65,
                            0x03, 0x04, 0x02, 0x01};  // 2.16.840.1.101.3.4.2.1
inline constexpr Oid sha384{0x60, 0x86, 0x48, 0x01, 0x65,
                            0x03, 0x04, 0x02, 0x02};  // 2.16.840.1.101.3.4.2.2
inline constexpr Oid sha512{0x60, 0x86, 0x48, 0x01, 0x65,
                            0x03, 0x04, 0x02, 0x03};  // 2.16.840.1.101.3.4.2.3
// PKCS#9 / PKCS#10
inline constexpr Oid email_address{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                   0x0d, 0x01, 0x09, 0x01};  // 1.2.840.113549.1.9.1
inline constexpr Oid extension_request{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x09, 0x0e};  // 1.2.840.113549.1.9.14
// Name attributes (X.520, RFC 5280 Appendix A)
inline constexpr Oid common_name{0x55, 0x04, 0x03};               // 2.5.4.3
inline constexpr Oid surname{0x55, 0x04, 0x04};                   // 2.5.4.4
inline constexpr Oid serial_number{0x55, 0x04, 0x05};             // 2.5.4.5
inline constexpr Oid country_name{0x55, 0x04, 0x06};              // 2.5.4.6
inline constexpr Oid locality_name{0x55, 0x04, 0x07};             // 2.5.4.7
inline constexpr Oid state_or_province_name{0x55, 0x04, 0x08};    // 2.5.4.8
inline constexpr Oid street_address{0x55, 0x04, 0x09};            // 2.5.4.9
inline constexpr Oid organization_name{0x55, 0x04, 0x0a};         // 2.5.4.10
inline constexpr Oid organizational_unit_name{0x55, 0x04, 0x0b};  // 2.5.4.11
inline constexpr Oid title{0x55, 0x04, 0x0c};                     // 2.5.4.12
inline constexpr Oid given_name{0x55, 0x04, 0x2a};                // 2.5.4.42
inline constexpr Oid domain_component{0x09, 0x92, 0x26, 0x89, 0x93,
                                      0xf2, 0x2c, 0x64, 0x01, 0x19};  // 0.9.2342.19200300.100.1.25
inline constexpr Oid user_id{0x09, 0x92, 0x26, 0x89, 0x93,
                             0xf2, 0x2c, 0x64, 0x01, 0x01};  // 0.9.2342.19200300.100.1.1
// Certificate extensions (RFC 5280 §4.2)
inline constexpr Oid subject_key_identifier{0x55, 0x1d, 0x0e};    // 2.5.29.14
inline constexpr Oid key_usage{0x55, 0x1d, 0x0f};                 // 2.5.29.15
inline constexpr Oid subject_alt_name{0x55, 0x1d, 0x11};          // 2.5.29.17
inline constexpr Oid issuer_alt_name{0x55, 0x1d, 0x12};           // 2.5.29.18
inline constexpr Oid basic_constraints{0x55, 0x1d, 0x13};         // 2.5.29.19
inline constexpr Oid name_constraints{0x55, 0x1d, 0x1e};          // 2.5.29.30
inline constexpr Oid crl_distribution_points{0x55, 0x1d, 0x1f};   // 2.5.29.31
inline constexpr Oid certificate_policies{0x55, 0x1d, 0x20};      // 2.5.29.32
inline constexpr Oid policy_mappings{0x55, 0x1d, 0x21};           // 2.5.29.33
inline constexpr Oid authority_key_identifier{0x55, 0x1d, 0x23};  // 2.5.29.35
inline constexpr Oid policy_constraints{0x55, 0x1d, 0x24};        // 2.5.29.36
inline constexpr Oid ext_key_usage{0x55, 0x1d, 0x25};             // 2.5.29.37
inline constexpr Oid inhibit_any_policy{0x55, 0x1d, 0x36};        // 2.5.29.54
inline constexpr Oid authority_info_access{0x2b, 0x06, 0x01, 0x05,
                                           0x05, 0x07, 0x01, 0x01};  // 1.3.6.1.5.5.7.1.1
inline constexpr Oid ct_precert_scts{0x2b, 0x06, 0x01, 0x04, 0x01,
                                     0xd6, 0x79, 0x02, 0x04, 0x02};  // 1.3.6.1.4.1.11129.2.4.2
// Extended key usage purposes (RFC 5280 §4.2.1.12)
inline constexpr Oid any_extended_key_usage{0x55, 0x1d, 0x25, 0x00};  // 2.5.29.37.0
inline constexpr Oid kp_server_auth{0x2b, 0x06, 0x01, 0x05,
                                    0x05, 0x07, 0x03, 0x01};  // 1.3.6.1.5.5.7.3.1
inline constexpr Oid kp_client_auth{0x2b, 0x06, 0x01, 0x05,
                                    0x05, 0x07, 0x03, 0x02};  // 1.3.6.1.5.5.7.3.2
inline constexpr Oid kp_code_signing{0x2b, 0x06, 0x01, 0x05,
                                     0x05, 0x07, 0x03, 0x03};  // 1.3.6.1.5.5.7.3.3
inline constexpr Oid kp_email_protection{0x2b, 0x06, 0x01, 0x05,
                                         0x05, 0x07, 0x03, 0x04};  // 1.3.6.1.5.5.7.3.4
inline constexpr Oid kp_time_stamping{0x2b, 0x06, 0x01, 0x05,
                                      0x05, 0x07, 0x03, 0x08};  // 1.3.6.1.5.5.7.3.8
inline constexpr Oid kp_ocsp_signing{0x2b, 0x06, 0x01, 0x05,
                                     0x05, 0x07, 0x03, 0x09};  // 1.3.6.1.5.5.7.3.9
inline constexpr Oid any_policy{0x55, 0x1d, 0x20, 0x00};       // 2.5.29.32.0
}  // namespace oid

}  // namespace glasstls::x509
