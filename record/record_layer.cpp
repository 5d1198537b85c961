#include "record/record_layer.hpp"

#include <algorithm>

namespace glasstls::record {

namespace {

using AD = AlertDescription;

}  // namespace

std::string_view content_type_name(std::uint8_t type) {
  switch (static_cast<ContentType>(type)) {
    case ContentType::change_cipher_spec: return "change_cipher_spec";
    case ContentType::alert: return "alert";
    case ContentType::handshake: return "handshake";
    case ContentType::application_data: return "application_data";
    case ContentType::invalid: return "invalid";
  }
  return "unknown";
}

bool is_known_content_type(std::uint8_t type) { return type >= 20 && type <= 23; }

void RecordLayer::emit(const trace::RecordEvent& e) const {
  if (sink_) sink_->on_event(e);
}

void RecordLayer::compact() {
  // Drop consumed bytes once they are the larger part of the buffer, so a
  // long-lived connection's buffer stays about one record large.
  if (in_pos_ > 0 && in_pos_ >= in_.size() / 2) {
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(in_pos_));
    in_pos_ = 0;
  }
}

void RecordLayer::receive(std::span<const std::uint8_t> bytes) {
  compact();
  in_.insert(in_.end(), bytes.begin(), bytes.end());
}

Result<std::optional<InRecord>> RecordLayer::next() {
  compact();
  if (buffered() < kHeaderSize) return std::optional<InRecord>{};
  std::uint8_t* start = in_.data() + in_pos_;
  RecordHeader h;
  h.type = start[0];
  // Read for the trace only, never checked nor acted upon:
  // RFC 8446 §5.1: "This field is deprecated and MUST be ignored for all
  // purposes."
  h.legacy_version = static_cast<std::uint16_t>(start[1] << 8 | start[2]);
  h.length = static_cast<std::uint16_t>(start[3] << 8 | start[4]);

  // RFC 8446 §5: "If a TLS implementation receives an unexpected record type,
  // it MUST terminate the connection with an "unexpected_message" alert."
  if (!is_known_content_type(h.type)) {
    return make_error(AD::unexpected_message, "RFC 8446 §5: a record of an unknown content type")
        .with_found(h.type);
  }
  const bool protect = read_ && read_->protects(h.type);
  // RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes. An endpoint that
  // receives a record that exceeds this length MUST terminate the connection
  // with a "record_overflow" alert." §5.2: 2^14 + 256 for TLSCiphertext.
  // RFC 8446 §5.2: "The length MUST NOT exceed 2^14 + 256 bytes. An endpoint
  // that receives a record that exceeds this length MUST terminate the
  // connection with a "record_overflow" alert." RFC 8446 §5.2: "An endpoint
  // that receives a record from its peer with TLSCiphertext.length larger
  // than 2^14 + 256 octets MUST terminate the connection with a
  // "record_overflow" alert."
  // RFC 5246 §6.2.3: "The length MUST NOT exceed 2^14 + 2048."
  const std::size_t limit = protect ? read_->max_ciphertext() : kMaxPlaintext;
  if (h.length > limit) {
    const bool tls12 = protect && read_->version() == 0x0303;
    return make_error(AD::record_overflow,
                      tls12     ? "RFC 5246 §6.2.3: a TLSCiphertext longer than 2^14 + 2048 bytes"
                      : protect ? "RFC 8446 §5.2: a TLSCiphertext longer than 2^14 + 256 bytes"
                                : "RFC 8446 §5.1: a TLSPlaintext longer than 2^14 bytes")
        .with_found(h.length);
  }
  if (buffered() < kHeaderSize + h.length) return std::optional<InRecord>{};
  in_pos_ += kHeaderSize + h.length;

  std::span<const std::uint8_t, kHeaderSize> header(start, kHeaderSize);
  std::span<std::uint8_t> body(start + kHeaderSize, h.length);
  trace::RecordEvent event;
  trace::RecordEvent* ev = sink_ ? &event : nullptr;
  if (ev) {
    ev->direction = trace::Direction::received;
    ev->content_type = h.type;
    ev->legacy_version = h.legacy_version;
    ev->length = h.length;
    ev->header = header;
  }
  InRecord out;
  if (protect) {
    auto opened = read_->open(header, body, ev);
    if (!opened) return opened.error();
    out.type = opened->type;
    out.content = opened->content;
    out.was_protected = true;
    // RFC 8446 §5.2 (TLS 1.3): "The length MUST NOT exceed 2^14 bytes" also
    // holds for the content inside a protected record.
    // RFC 5246 §6.2.1 (TLS 1.2): the plaintext "length MUST NOT exceed 2^14".
    if (out.content.size() > kMaxPlaintext) {
      return make_error(AD::record_overflow,
                        read_->version() == 0x0303
                            ? "RFC 5246 §6.2.1: a decrypted TLSPlaintext longer than 2^14 bytes"
                            : "RFC 8446 §5.4: a TLSInnerPlaintext content longer than 2^14 bytes");
    }
    // RFC 8449 §4: "A TLS endpoint that receives a record larger than its
    // advertised limit MUST generate a fatal "record_overflow" alert". The
    // limit counts, in TLS 1.3, "the complete length of TLSInnerPlaintext"
    // (content, content type, padding); in TLS 1.2 the plaintext.
    const std::size_t plaintext = read_->version() == 0x0303
                                      ? out.content.size()
                                      : out.content.size() + 1 + opened->padding;
    if (max_received_plaintext_ != 0 && plaintext > max_received_plaintext_) {
      return make_error(AD::record_overflow,
                        "RFC 8449 §4: a protected record larger than the record_size_limit we "
                        "advertised")
          .with_expected(static_cast<std::uint32_t>(max_received_plaintext_),
                         static_cast<std::uint32_t>(plaintext));
    }
    if (!is_known_content_type(static_cast<std::uint8_t>(out.type))) {
      return make_error(AD::unexpected_message,
                        "RFC 8446 §5: a protected record of an unknown content type")
          .with_found(static_cast<std::uint8_t>(out.type));
    }
  } else {
    out.type = static_cast<ContentType>(h.type);
    out.content = body;
  }
  if (ev) {
    ev->plaintext = out.content;
    emit(*ev);
  }
  return std::optional<InRecord>{out};
}

Result<void> RecordLayer::write(ContentType type, std::span<const std::uint8_t> content) {
  // Room for every record of this write at once: grown piece by piece
  // (header, content, content type, tag), the buffer was reallocated and a
  // whole 16 KiB record copied once more. Geometric growth is kept, so many
  // small writes before take_output() stay linear.
  const std::size_t records = std::max<std::size_t>(1, (content.size() + max_fragment_ - 1) /
                                                           max_fragment_);
  const std::size_t per_record = kHeaderSize + (write_ ? write_->overhead() + padding_ : 0);
  const std::size_t needed = out_.size() + content.size() + records * per_record;
  if (needed > out_.capacity()) out_.reserve(std::max(needed, 2 * out_.capacity()));
  // RFC 8446 §5.1: "Implementations MUST NOT send zero-length fragments of
  // Handshake types"; an empty application_data record is allowed.
  std::size_t done = 0;
  do {
    const std::size_t n = std::min(max_fragment_, content.size() - done);
    const auto piece = content.subspan(done, n);
    const std::size_t start = out_.size();
    trace::RecordEvent event;
    trace::RecordEvent* ev = sink_ ? &event : nullptr;
    // RFC 8446 §D.4 / §5: ChangeCipherSpec is never protected in TLS 1.3.
    if (write_ && type != ContentType::change_cipher_spec) {
      // RFC 8446 §5.4: padding counts against the record size limit, so a
      // full record gets less of it (or none).
      const std::size_t padding = std::min(padding_, max_fragment_ - n);
      if (auto s = write_->seal(type, piece, padding, out_, ev); !s) return s.error();
    } else {
      out_.push_back(static_cast<std::uint8_t>(type));
      out_.push_back(static_cast<std::uint8_t>(plaintext_version_ >> 8));
      out_.push_back(static_cast<std::uint8_t>(plaintext_version_));
      out_.push_back(static_cast<std::uint8_t>(n >> 8));
      out_.push_back(static_cast<std::uint8_t>(n));
      out_.insert(out_.end(), piece.begin(), piece.end());
    }
    if (ev) {
      ev->direction = trace::Direction::sent;
      ev->header = std::span<const std::uint8_t>(out_.data() + start, kHeaderSize);
      ev->content_type = out_[start];
      ev->legacy_version = static_cast<std::uint16_t>(out_[start + 1] << 8 | out_[start + 2]);
      ev->length = static_cast<std::uint16_t>(out_.size() - start - kHeaderSize);
      ev->plaintext = piece;
      emit(*ev);
    }
    done += n;
  } while (done < content.size());
  return success();
}

std::vector<std::uint8_t> RecordLayer::take_output() {
  std::vector<std::uint8_t> out;
  out.swap(out_);
  return out;
}

}  // namespace glasstls::record
