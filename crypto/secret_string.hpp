// SecretString: text that holds a secret (a PEM private key, a secret shown in
// teaching mode), wiped when it goes away. Move-only; read it through view().
// Unlike a std::string, no copy of the secret is left behind in freed memory
// by this object (what the caller copies out is theirs to care for).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "crypto/ct.hpp"

namespace glasstls::crypto {

class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string text) : text_(std::move(text)) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  SecretString(SecretString&& o) noexcept : text_(std::move(o.text_)) { o.wipe(); }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) {
      wipe();
      text_ = std::move(o.text_);
      o.wipe();
    }
    return *this;
  }
  ~SecretString() { wipe(); }

  std::string_view view() const { return text_; }
  operator std::string_view() const { return text_; }  // NOLINT: reads as text
  std::size_t size() const { return text_.size(); }
  bool empty() const { return text_.empty(); }

 private:
  void wipe() {
    ct::secure_wipe(text_.data(), text_.size());
    text_.clear();
  }
  std::string text_;
};

}  // namespace glasstls::crypto
