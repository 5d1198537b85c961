// DER times: RFC 5280 §4.1.2.5's UTCTime and GeneralizedTime, and the civil
// calendar arithmetic behind them.
#include <cstdio>

#include "x509/der.hpp"

namespace glasstls::x509 {

namespace {

constexpr auto kDecode = AlertDescription::decode_error;

bool two_digits(ByteView s, std::size_t at, unsigned& out) {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  out = static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
  return true;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

void split_time(UnixTime t, std::int64_t& y, unsigned& m, unsigned& d, std::int64_t& secs) {
  std::int64_t days = t / 86400;
  secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  civil_from_days(days, y, m, d);
}

Result<UnixTime> parse_time(const Element& e) {
  const ByteView s = e.contents;
  const std::size_t at = e.value_range.offset;
  std::size_t year_digits = 0;
  if (e.tag == tag::utc_time) {
    // RFC 5280 §4.1.2.5.1: "UTCTime values MUST be expressed in Greenwich Mean Time
    // (Zulu) and MUST include seconds (i.e., times are YYMMDDHHMMSSZ)"
    if (s.size() != 13)
      return make_error(kDecode, "RFC 5280 §4.1.2.5.1: UTCTime must be YYMMDDHHMMSSZ", at);
    year_digits = 2;
  } else if (e.tag == tag::generalized_time) {
    // RFC 5280 §4.1.2.5.2: "GeneralizedTime values MUST be expressed in Greenwich
    // Mean Time (Zulu) and MUST include seconds ... MUST NOT include fractional seconds."
    if (s.size() != 15)
      return make_error(kDecode, "RFC 5280 §4.1.2.5.2: GeneralizedTime must be YYYYMMDDHHMMSSZ",
                        at);
    year_digits = 4;
  } else {
    return make_error(kDecode, "RFC 5280 §4.1.2.5: Time is a UTCTime or a GeneralizedTime",
                      e.range.offset);
  }
  if (s.back() != 'Z')
    return make_error(kDecode, "RFC 5280 §4.1.2.5: times must end in Z (UTC)", at);
  unsigned parts[7] = {};
  std::size_t p = 0;
  const std::size_t fields = year_digits == 4 ? 7 : 6;
  for (std::size_t i = 0; i < fields; ++i, p += 2)
    if (!two_digits(s, p, parts[i]))
      return make_error(kDecode, "RFC 5280 §4.1.2.5: time has a non-digit", at + p);
  std::int64_t year;
  const unsigned* rest;
  if (year_digits == 2) {
    // RFC 5280 §4.1.2.5.1: "Where YY is greater than or equal to 50, the year
    // SHALL be interpreted as 19YY; and Where YY is less than 50, the year SHALL
    // be interpreted as 20YY."
    year = parts[0] >= 50 ? 1900 + parts[0] : 2000 + parts[0];
    rest = parts + 1;
  } else {
    year = parts[0] * 100 + parts[1];
    rest = parts + 2;
  }
  const unsigned month = rest[0], day = rest[1], hour = rest[2], minute = rest[3], second = rest[4];
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return make_error(kDecode, "RFC 5280 §4.1.2.5: month out of range", at);
  const unsigned dim = kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day < 1 || day > dim) return make_error(kDecode, "RFC 5280 §4.1.2.5: day out of range", at);
  if (hour > 23 || minute > 59 || second > 59)
    return make_error(kDecode, "RFC 5280 §4.1.2.5: time of day out of range", at);
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string format_time(UnixTime t) {
  std::int64_t y, secs;
  unsigned m, d;
  split_time(t, y, m, d, secs);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld UTC",
                static_cast<long long>(y), m, d, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace glasstls::x509
