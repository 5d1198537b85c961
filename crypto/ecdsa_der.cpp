// ECDSA signature encodings (see ecdsa.hpp): DER and fixed-size r || s.
//
// RFC 5480 §2.2 / RFC 3279 §2.2.3:
//   Ecdsa-Sig-Value  ::=  SEQUENCE  { r  INTEGER, s  INTEGER }
// encoded in DER (X.690 §10): definite, minimal lengths; an INTEGER is the
// shortest two's-complement encoding (X.690 §8.3.2).
#include <algorithm>

#include "crypto/ecdsa.hpp"
#include "crypto/reader.hpp"

namespace glasstls::crypto {

namespace {

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02;

// A DER INTEGER holding a positive value of `bytes` bytes (big-endian, leading zeros ok).
void put_integer(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> v) {
  std::size_t skip = 0;
  while (skip + 1 < v.size() && v[skip] == 0) ++skip;
  const bool pad = (v[skip] & 0x80) != 0;  // X.690 §8.3.3: keep the value non-negative
  out.push_back(kInteger);
  out.push_back(static_cast<std::uint8_t>(v.size() - skip + (pad ? 1 : 0)));
  if (pad) out.push_back(0x00);
  out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(skip), v.end());
}

// tag, then a length, then the contents as a child Reader. Every valid ECDSA
// signature on P-256/P-384 is shorter than 128 bytes, so only the short length
// form is accepted: X.690 §10.1 "the definite form of length encoding shall be
// used, encoded in the minimum number of octets" makes a long form of a length
// below 128 invalid, and a longer length cannot hold a valid signature.
bool read_tlv(Reader& r, std::uint8_t tag, Reader& child) {
  std::uint8_t t = 0, len = 0;
  if (!r.read_u8(t) || t != tag || !r.read_u8(len) || len >= 0x80) return false;
  return r.read_child(len, child);
}

// A non-negative INTEGER of at most `bytes` value bytes, right-aligned in out.
bool read_integer(Reader& r, std::span<std::uint8_t> out) {
  Reader body;
  if (!read_tlv(r, kInteger, body)) return false;
  std::span<const std::uint8_t> v = body.all();
  // X.690 §8.3.1: "The contents octets shall consist of one or more octets."
  if (v.empty()) return false;
  // X.690 §8.3.2: the first nine bits are never all ones or all zeros.
  if (v.size() > 1 && v[0] == 0x00 && (v[1] & 0x80) == 0) return false;
  // A negative r or s is not in [1, n-1]: reject at the encoding.
  if ((v[0] & 0x80) != 0) return false;
  if (v[0] == 0x00 && v.size() > 1) v = v.subspan(1);
  if (v.size() > out.size()) return false;
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  std::copy(v.begin(), v.end(), out.end() - static_cast<std::ptrdiff_t>(v.size()));
  return true;
}

Error bad_der() {
  return make_error(AlertDescription::decode_error,
                    "RFC 5480 §2.2: an ECDSA signature is a DER SEQUENCE of two INTEGERs "
                    "r and s no longer than the group order");
}

}  // namespace

std::vector<std::uint8_t> EcdsaSignature::to_der() const {
  std::vector<std::uint8_t> body;
  put_integer(body, r_bytes());
  put_integer(body, s_bytes());
  std::vector<std::uint8_t> out(2 + body.size());
  out[0] = kSequence;
  out[1] = static_cast<std::uint8_t>(body.size());
  std::copy(body.begin(), body.end(), out.begin() + 2);
  return out;
}

std::vector<std::uint8_t> EcdsaSignature::to_p1363() const {
  const std::size_t n = ec_bytes(curve);
  std::vector<std::uint8_t> out(2 * n);
  std::copy_n(r.begin(), n, out.begin());
  std::copy_n(s.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

Result<EcdsaSignature> EcdsaSignature::parse_der(EcCurve curve,
                                                 std::span<const std::uint8_t> der) {
  EcdsaSignature sig;
  sig.curve = curve;
  const std::size_t n = ec_bytes(curve);
  Reader in(der), seq;
  if (!read_tlv(in, kSequence, seq) || !in.empty()) return bad_der();
  if (!read_integer(seq, std::span(sig.r.data(), n))) return bad_der();
  if (!read_integer(seq, std::span(sig.s.data(), n))) return bad_der();
  if (!seq.empty()) return bad_der();
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
