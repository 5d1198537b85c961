// What a protected record adds to its trace event (trace::RecordEvent): the
// per-record nonce, the sequence number, the real content type and the
// padding — filled the same way by TLS 1.3's and TLS 1.2's protection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "trace/events.hpp"

namespace glasstls::record {

// `nonce` must outlive the event's delivery (the Protection's own copy).
inline void describe_protection(trace::RecordEvent& event, std::span<const std::uint8_t> nonce,
                                std::uint64_t sequence, std::uint8_t inner_type,
                                std::size_t padding) {
  event.nonce = nonce;
  event.is_protected = true;
  event.sequence = sequence;
  event.inner_type = inner_type;
  event.padding = padding;
}

}  // namespace glasstls::record
