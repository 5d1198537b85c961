// PEM (RFC 7468): DER in Base64 between "-----BEGIN LABEL-----" and
// "-----END LABEL-----" lines. The strict form of §3 is written; the lax form
// (any whitespace inside the Base64, text before and between blocks, CRLF) is
// read, as OpenSSL and every other consumer accepts it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "x509/der.hpp"

namespace glasstls::x509 {

struct PemBlock {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", ...
  Bytes der;
  std::size_t line = 0;    // 1-based line of the BEGIN line in the input
  std::size_t offset = 0;  // byte offset of the BEGIN line in the input
};

// Every block in `text`, in order. decode_error (with the byte offset of the
// problem) on a BEGIN without a matching END, mismatched labels, bad Base64.
// Time is linear in the size of `text`; the memory used is the decoded blocks.
Result<std::vector<PemBlock>> pem_decode_all(std::string_view text);
// Exactly one block with `label`; any other label is an error naming it.
Result<Bytes> pem_decode_one(std::string_view text, std::string_view label);
// The error for a block whose label is not the one expected: decode_error at
// `offset`, its rule naming the label found (the common ones by name).
Error pem_unexpected_label(std::string_view found, std::size_t offset);
// 64-character lines (RFC 7468 §2).
std::string pem_encode(std::string_view label, ByteView der);
// True when `data` looks like PEM (contains "-----BEGIN ").
bool looks_like_pem(ByteView data);

Bytes base64_decode_strict(std::string_view s, bool& ok);
std::string base64_encode(ByteView data);

}  // namespace glasstls::x509
