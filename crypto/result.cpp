#include "crypto/result.hpp"

#include <cstdio>

namespace glasstls {

std::string to_string(AlertDescription a) {
  switch (a) {
    case AlertDescription::close_notify: return "close_notify";
    case AlertDescription::unexpected_message: return "unexpected_message";
    case AlertDescription::bad_record_mac: return "bad_record_mac";
    case AlertDescription::record_overflow: return "record_overflow";
    case AlertDescription::handshake_failure: return "handshake_failure";
    case AlertDescription::bad_certificate: return "bad_certificate";
    case AlertDescription::unsupported_certificate: return "unsupported_certificate";
    case AlertDescription::certificate_revoked: return "certificate_revoked";
    case AlertDescription::certificate_expired: return "certificate_expired";
    case AlertDescription::certificate_unknown: return "certificate_unknown";
    case AlertDescription::illegal_parameter: return "illegal_parameter";
    case AlertDescription::unknown_ca: return "unknown_ca";
    case AlertDescription::access_denied: return "access_denied";
    case AlertDescription::decode_error: return "decode_error";
    case AlertDescription::decrypt_error: return "decrypt_error";
    case AlertDescription::protocol_version: return "protocol_version";
    case AlertDescription::insufficient_security: return "insufficient_security";
    case AlertDescription::internal_error: return "internal_error";
    case AlertDescription::inappropriate_fallback: return "inappropriate_fallback";
    case AlertDescription::user_canceled: return "user_canceled";
    case AlertDescription::no_renegotiation: return "no_renegotiation";
    case AlertDescription::missing_extension: return "missing_extension";
    case AlertDescription::unsupported_extension: return "unsupported_extension";
    case AlertDescription::unrecognized_name: return "unrecognized_name";
    case AlertDescription::bad_certificate_status_response:
      return "bad_certificate_status_response";
    case AlertDescription::unknown_psk_identity: return "unknown_psk_identity";
    case AlertDescription::certificate_required: return "certificate_required";
    case AlertDescription::no_application_protocol: return "no_application_protocol";
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "unknown(0x%02x)", static_cast<unsigned>(a));
  return buf;
}

namespace {

std::string hex_code(std::uint32_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "0x";
  const int width = v > 0xffff ? 8 : v > 0xff ? 4 : 2;
  for (int i = width - 1; i >= 0; --i) out += digits[(v >> (4 * i)) & 0xf];
  return out;
}

}  // namespace

std::string Error::describe() const {
  std::string out = origin == ErrorOrigin::peer ? "peer sent " : "";
  out += to_string(alert);
  if (offset != no_offset) out += " at byte " + std::to_string(offset);
  out += ": ";
  out += rule;
  if (detail.found != ErrorDetail::none) {
    out += " (found " + hex_code(detail.found);
    if (detail.expected != ErrorDetail::none) out += ", expected " + hex_code(detail.expected);
    out += ")";
  }
  return out;
}

}  // namespace glasstls
