// ECDSA signature encodings (see ecdsa.hpp): DER and fixed-size r || s.
//
// RFC 5480 §2.2 / RFC 3279 §2.2.3:
//   Ecdsa-Sig-Value  ::=  SEQUENCE  { r  INTEGER, s  INTEGER }
// encoded in DER (X.690 §10): definite, minimal lengths; an INTEGER is the
// shortest two's-complement encoding (X.690 §8.3.2).
#include <algorithm>
#include <array>

#include "crypto/ecdsa.hpp"
#include "crypto/reader.hpp"
#include "crypto/writer.hpp"

namespace glasstls::crypto {

namespace {

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02;

constexpr std::string_view kRule =
    "RFC 5480 §2.2: an ECDSA signature is a DER SEQUENCE of two INTEGERs "
    "r and s no longer than the group order";

// A DER INTEGER holding the non-negative big-endian value v (leading zeros ok).
void put_integer(Writer& w, std::span<const std::uint8_t> v) {
  std::size_t skip = 0;
  while (skip + 1 < v.size() && v[skip] == 0) ++skip;
  std::array<std::uint8_t, 1 + sizeof(EcdsaSignature::r)> contents{};
  // X.690 §8.3.3: the contents are two's complement, so a value whose top bit
  // is set keeps a 0x00 in front to stay non-negative.
  const std::size_t pad = (v[skip] & 0x80) != 0 ? 1 : 0;
  std::copy(v.begin() + static_cast<std::ptrdiff_t>(skip), v.end(),
            contents.begin() + static_cast<std::ptrdiff_t>(pad));
  w.der_tlv(kInteger, std::span(contents.data(), pad + v.size() - skip));
}

// A non-negative INTEGER of at most out.size() value bytes, right-aligned in
// out. crypto::Reader::read_element has already enforced the DER length rules
// (definite, minimal: X.690 §10.1), so a padded or long-form length of a short
// value is refused there, as Wycheproof expects.
Result<void> read_integer(Reader& r, std::span<std::uint8_t> out) {
  Reader body;
  if (auto ok = r.read_element(kInteger, body, kRule); !ok) return ok;
  std::span<const std::uint8_t> v = body.all();
  const std::size_t at = body.offset();
  // X.690 §8.3.1: "The contents octets shall consist of one or more octets."
  if (v.empty()) return make_error(AlertDescription::decode_error, kRule, at);
  // X.690 §8.3.2: the first nine bits are never all ones or all zeros.
  if (v.size() > 1 && v[0] == 0x00 && (v[1] & 0x80) == 0)
    return make_error(AlertDescription::decode_error, kRule, at);
  // A negative r or s is not in [1, n-1]: reject at the encoding.
  if ((v[0] & 0x80) != 0) return make_error(AlertDescription::decode_error, kRule, at);
  if (v[0] == 0x00 && v.size() > 1) v = v.subspan(1);
  if (v.size() > out.size()) return make_error(AlertDescription::decode_error, kRule, at);
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  std::copy(v.begin(), v.end(), out.end() - static_cast<std::ptrdiff_t>(v.size()));
  return success();
}

}  // namespace

std::vector<std::uint8_t> EcdsaSignature::to_der() const {
  Writer body;
  put_integer(body, r_bytes());
  put_integer(body, s_bytes());
  Writer out;
  out.der_tlv(kSequence, body.view());
  return std::move(out).finish().value();
}

std::vector<std::uint8_t> EcdsaSignature::to_p1363() const {
  const std::size_t n = ec_bytes(curve);
  std::vector<std::uint8_t> out(2 * n);
  std::copy_n(r.begin(), n, out.begin());
  std::copy_n(s.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

Result<EcdsaSignature> EcdsaSignature::parse_der(EcCurve curve, std::span<const std::uint8_t> der) {
  EcdsaSignature sig;
  sig.curve = curve;
  const std::size_t n = ec_bytes(curve);
  Reader in(der), seq;
  if (auto ok = in.read_element(kSequence, seq, kRule); !ok) return ok.error();
  if (auto ok = in.expect_end(kRule); !ok) return ok.error();
  if (auto ok = read_integer(seq, std::span(sig.r.data(), n)); !ok) return ok.error();
  if (auto ok = read_integer(seq, std::span(sig.s.data(), n)); !ok) return ok.error();
  if (auto ok = seq.expect_end(kRule); !ok) return ok.error();
  return sig;
}

Result<EcdsaSignature> EcdsaSignature::parse_p1363(EcCurve curve,
                                                   std::span<const std::uint8_t> sig_bytes) {
  const std::size_t n = ec_bytes(curve);
  if (sig_bytes.size() != 2 * n) {
    return make_error(AlertDescription::decode_error,
                      "IEEE P1363: a signature is r || s, each exactly as long as the order");
  }
  EcdsaSignature sig;
  sig.curve = curve;
  std::copy_n(sig_bytes.begin(), n, sig.r.begin());
  std::copy_n(sig_bytes.begin() + static_cast<std::ptrdiff_t>(n), n, sig.s.begin());
  return sig;
}

}  // namespace glasstls::crypto
