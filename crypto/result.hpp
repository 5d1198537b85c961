// The error model shared by every layer: a value or an Error, never an exception.
//
// Error codes are TLS alert numbers (RFC 8446 §6, RFC 5246 §7.2), as in picotls:
// whichever layer detects a failure states it once, at the place it is detected,
// and the handshake can send exactly that alert without translating coarse codes.
// `rule` is a static sentence naming the broken rule and its RFC section;
// `offset` is the byte offset in the input where a parser found the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace glasstls {

// RFC 8446 §6 / RFC 5246 §7.2: the AlertDescription values we use as error codes.
// decryption_failed_RESERVED (21), no_certificate_RESERVED (41) and
// export_restriction_RESERVED (60) are left out, so never sent; of each,
// RFC 5246 §7.2.2: "It MUST NOT be sent by compliant implementations."
enum class AlertDescription : std::uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  record_overflow = 22,
  handshake_failure = 40,
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  access_denied = 49,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,
  user_canceled = 90,
  no_renegotiation = 100,
  missing_extension = 109,
  unsupported_extension = 110,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  unknown_psk_identity = 115,
  certificate_required = 116,
  no_application_protocol = 120,
};

// "decode_error", or "unknown(0x..)" for a value with no name.
std::string to_string(AlertDescription a);

// Who detected the failure: we did (and send the alert), or the peer did and
// told us with an alert.
enum class ErrorOrigin : std::uint8_t { local, peer };

// A small fixed detail, no heap: the code point that was expected and the one
// that was found (a cipher suite, an extension type, a message type ...), when
// the rule is about one.
struct ErrorDetail {
  static constexpr std::uint32_t none = 0xffffffff;
  std::uint32_t expected = none;
  std::uint32_t found = none;
};

struct Error {
  static constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

  AlertDescription alert = AlertDescription::internal_error;
  std::string_view rule;  // static text, e.g. "RFC 5869 §2.3: L must be <= 255*HashLen"
  std::size_t offset = no_offset;
  ErrorOrigin origin = ErrorOrigin::local;
  ErrorDetail detail{};

  // The same error with a detail attached.
  Error with_found(std::uint32_t found) const {
    Error e = *this;
    e.detail.found = found;
    return e;
  }
  Error with_expected(std::uint32_t expected, std::uint32_t found) const {
    Error e = *this;
    e.detail = {expected, found};
    return e;
  }

  // One line for a human: "decode_error at byte 17: <rule>" (with
  // " (found 0x1301, expected 0x1302)" and "peer sent " as they apply).
  std::string describe() const;
};

inline Error make_error(AlertDescription alert, std::string_view rule,
                        std::size_t offset = Error::no_offset) {
  return Error{alert, rule, offset};
}

// Result<T>: an expected-like value. Check has_value() (or ok()) before value();
// value() on an error is a programming mistake and aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& v) : has_(true) { new (&storage_.value) T(v); }
  Result(T&& v) : has_(true) { new (&storage_.value) T(std::move(v)); }
  Result(Error e) : has_(false) { new (&storage_.error) Error(std::move(e)); }

  Result(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : has_(o.has_) {
    if (has_)
      new (&storage_.value) T(std::move(o.storage_.value));
    else
      new (&storage_.error) Error(std::move(o.storage_.error));
  }
  Result(const Result& o) requires std::is_copy_constructible_v<T> : has_(o.has_) {
    if (has_)
      new (&storage_.value) T(o.storage_.value);
    else
      new (&storage_.error) Error(o.storage_.error);
  }
  Result& operator=(Result o) noexcept {
    this->~Result();
    new (this) Result(std::move(o));
    return *this;
  }
  ~Result() {
    if (has_)
      storage_.value.~T();
    else
      storage_.error.~Error();
  }

  bool has_value() const { return has_; }
  bool ok() const { return has_; }
  explicit operator bool() const { return has_; }

  T& value() & {
    check();
    return storage_.value;
  }
  const T& value() const& {
    check();
    return storage_.value;
  }
  T&& value() && {
    check();
    return std::move(storage_.value);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (has_) std::abort();
    return storage_.error;
  }

 private:
  void check() const {
    if (!has_) std::abort();
  }
  union Storage {
    Storage() {}
    ~Storage() {}
    T value;
    Error error;
  } storage_;
  bool has_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : has_(false), error_(std::move(e)) {}

  bool has_value() const { return has_; }
  bool ok() const { return has_; }
  explicit operator bool() const { return has_; }
  const Error& error() const {
    if (has_) std::abort();
    return error_;
  }

 private:
  bool has_ = true;
  Error error_{};
};

inline Result<void> success() { return {}; }

}  // namespace glasstls
