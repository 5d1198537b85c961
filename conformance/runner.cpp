// The client role: a GlassTLS client whose output the scenario mutates, over
// TCP to the server under test. And the report formats.
#include "conformance/runner.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "conformance/our_flight.hpp"
#include "conformance/peer_process.hpp"
#include "conformance/records.hpp"
#include "handshake/codepoints.hpp"
#include "handshake/config.hpp"
#include "handshake/connection.hpp"
#include "handshake/hello.hpp"
#include "net/socket.hpp"
#include "trace/illustrated_renderer.hpp"
#include "trace/json_export.hpp"

namespace glasstls::conformance {

namespace {

using Clock = std::chrono::steady_clock;
using handshake::ClientHello;

// ---- names and byte strings in catalogues

const std::map<std::string, std::uint16_t>& code_names() {
  static const std::map<std::string, std::uint16_t> names = {
      // extensions (RFC 8446 §4.2 and the RFCs it lists)
      {"server_name", 0},
      {"max_fragment_length", 1},
      {"status_request", 5},
      {"supported_groups", 10},
      {"ec_point_formats", 11},
      {"signature_algorithms", 13},
      {"alpn", 16},
      {"padding", 21},
      {"encrypt_then_mac", 22},
      {"extended_master_secret", 23},
      {"record_size_limit", 28},
      {"session_ticket", 35},
      {"pre_shared_key", 41},
      {"early_data", 42},
      {"supported_versions", 43},
      {"cookie", 44},
      {"psk_key_exchange_modes", 45},
      {"certificate_authorities", 47},
      {"oid_filters", 48},
      {"post_handshake_auth", 49},
      {"signature_algorithms_cert", 50},
      {"key_share", 51},
      {"renegotiation_info", 0xff01},
      // groups (RFC 8446 §4.2.7)
      {"secp256r1", 0x0017},
      {"P-256", 0x0017},
      {"secp384r1", 0x0018},
      {"P-384", 0x0018},
      {"secp521r1", 0x0019},
      {"x25519", 0x001d},
      {"x448", 0x001e},
      // versions
      {"tls10", 0x0301},
      {"tls11", 0x0302},
      {"tls12", 0x0303},
      {"tls13", 0x0304},
      {"ssl3", 0x0300},
      // cipher suites
      {"TLS_AES_128_GCM_SHA256", 0x1301},
      {"TLS_AES_256_GCM_SHA384", 0x1302},
      {"TLS_CHACHA20_POLY1305_SHA256", 0x1303},
      {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b},
      {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c},
      {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f},
      {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030},
      {"TLS_EMPTY_RENEGOTIATION_INFO_SCSV", 0x00ff},
      {"TLS_FALLBACK_SCSV", 0x5600},
      // handshake types (RFC 8446 §4)
      {"client_hello", 1},
      {"server_hello", 2},
      {"new_session_ticket", 4},
      {"end_of_early_data", 5},
      {"encrypted_extensions", 8},
      {"certificate", 11},
      {"server_key_exchange", 12},
      {"certificate_request", 13},
      {"server_hello_done", 14},
      {"certificate_verify", 15},
      {"client_key_exchange", 16},
      {"finished", 20},
      {"key_update", 24},
      {"message_hash", 254},
      // RFC 8446 §4: hello_retry_request_RESERVED(6); here: our ServerHello
      // that is a HelloRetryRequest (`server_hello` is then the real one)
      {"hello_retry_request", 6},
      // record content types (RFC 8446 §5.1)
      {"change_cipher_spec", 20},
      {"alert", 21},
      {"handshake", 22},
      {"application_data", 23},
  };
  return names;
}

// A name from the table or a number (0x.. or decimal).
std::optional<std::uint32_t> code(const std::string& text) {
  if (auto it = code_names().find(text); it != code_names().end()) return it->second;
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const unsigned long v = std::stoul(text, &used, 0);
    if (used != text.size() || v > 0xffffff) return std::nullopt;
    return static_cast<std::uint32_t>(v);
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<std::vector<std::uint16_t>> code_list(const std::string& text) {
  std::vector<std::uint16_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto c = code(item);
    if (!c || *c > 0xffff) return std::nullopt;
    out.push_back(static_cast<std::uint16_t>(*c));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Bytes as written in a catalogue: "-" for none, else pieces joined by `+`,
// each hex digits optionally repeated: "04+01*64" is 04 then 64 bytes 01.
std::optional<Bytes> byte_string(const std::string& text) {
  Bytes out;
  if (text == "-") return out;
  std::stringstream in(text);
  std::string piece;
  while (std::getline(in, piece, '+')) {
    std::size_t times = 1;
    if (const auto star = piece.find('*'); star != std::string::npos) {
      try {
        times = std::stoul(piece.substr(star + 1));
      } catch (...) {
        return std::nullopt;
      }
      piece = piece.substr(0, star);
    }
    if (piece.empty() || piece.size() % 2 != 0 || times > 70000) return std::nullopt;
    Bytes one;
    for (std::size_t i = 0; i < piece.size(); i += 2) {
      unsigned v = 0;
      if (std::sscanf(piece.c_str() + i, "%2x", &v) != 1) return std::nullopt;
      if (!std::isxdigit(static_cast<unsigned char>(piece[i])) ||
          !std::isxdigit(static_cast<unsigned char>(piece[i + 1]))) {
        return std::nullopt;
      }
      one.push_back(static_cast<std::uint8_t>(v));
    }
    for (std::size_t t = 0; t < times; ++t) out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

// ---- the vocabulary

// client_hello, message and post are for the client role, extensions and
// ours for the server role; record and flight2 change our first / second
// flight in the client role, and our first flight in the server role.
enum class Phase : std::uint8_t { client_hello, message, record, flight2, post, extensions, ours };

struct MutationSpec {
  const char* name;
  Phase phase;
  std::size_t min_args, max_args;
  const char* help;
};

constexpr MutationSpec kMutations[] = {
    {"ch_legacy_version", Phase::client_hello, 1, 1, "ClientHello.legacy_version := V"},
    {"ch_drop_extension", Phase::client_hello, 1, 1, "remove extension T from the ClientHello"},
    {"ch_duplicate_extension", Phase::client_hello, 1, 1, "send extension T twice"},
    {"ch_add_extension", Phase::client_hello, 2, 3,
     "add extension T with data BYTES (last, or `first`)"},
    {"ch_replace_extension", Phase::client_hello, 2, 2, "extension T's data := BYTES"},
    {"ch_cipher_suites", Phase::client_hello, 1, 1, "cipher_suites := LIST"},
    {"ch_add_cipher_suite", Phase::client_hello, 1, 1, "append suite S to cipher_suites"},
    {"ch_compression_methods", Phase::client_hello, 1, 1, "legacy_compression_methods := BYTES"},
    {"ch_session_id", Phase::client_hello, 1, 1, "legacy_session_id := BYTES"},
    {"ch_supported_versions", Phase::client_hello, 1, 1, "supported_versions := LIST"},
    {"ch_key_share", Phase::client_hello, 2, 2,
     "key_share := one entry of group G with key_exchange BYTES"},
    {"ch_empty_key_share", Phase::client_hello, 0, 0, "key_share with no entries"},
    {"ch_signature_algorithms", Phase::client_hello, 1, 1, "signature_algorithms := LIST"},
    {"ch_supported_groups", Phase::client_hello, 1, 1, "supported_groups := LIST"},
    {"msg_trailing", Phase::message, 1, 1, "BYTES after the ClientHello's body (length fixed)"},
    {"msg_truncate", Phase::message, 1, 1, "the ClientHello's last N bytes removed (length fixed)"},
    {"msg_length_delta", Phase::message, 1, 1, "the ClientHello's length field + D (bytes kept)"},
    {"msg_type", Phase::message, 1, 1, "the first message's type := T"},
    {"msg_prepend", Phase::message, 2, 2, "message T with body BYTES before the ClientHello"},
    {"msg_flip_last_byte", Phase::message, 0, 0,
     "a bit flipped in the ClientHello's last byte (with a PSK: in its binder)"},
    {"rec_version", Phase::record, 1, 1, "every first-flight record's legacy_record_version := V"},
    {"rec_fragment", Phase::record, 1, 1, "the plaintext handshake records in records of N bytes"},
    {"rec_content_type", Phase::record, 1, 1, "the first record's content type := T"},
    {"rec_prepend", Phase::record, 2, 2, "a record of type T with body BYTES first"},
    {"rec_append", Phase::record, 2, 2, "a record of type T with body BYTES after the flight"},
    {"rec_insert", Phase::record, 3, 3, "a record of type T, body BYTES, at position I"},
    {"rec_oversize", Phase::record, 1, 1, "ClientHello record padded to 2^14 + N bytes"},
    {"rec_length_field", Phase::record, 1, 1, "the first record's length field := N (bytes kept)"},
    {"f2_ccs_value", Phase::flight2, 1, 1, "our second flight's change_cipher_spec body := BYTES"},
    {"f2_flip_last_byte", Phase::flight2, 0, 0, "flip a bit in our second flight's last record"},
    {"f2_prepend", Phase::flight2, 2, 2, "a plaintext record of type T, body BYTES, first"},
    {"f2_drop_ccs", Phase::flight2, 0, 0, "our second flight without its change_cipher_spec"},
    {"post_message", Phase::post, 2, 2, "after the handshake: handshake message T, body BYTES"},
    {"post_record", Phase::post, 2, 2, "after the handshake: a plaintext record T, body BYTES"},
    {"post_flip", Phase::post, 0, 0, "after the handshake: application data with a flipped bit"},
    {"post_key_update", Phase::post, 0, 0,
     "after the handshake: a valid KeyUpdate(update_requested)"},
    {"post_close_notify", Phase::post, 0, 0, "after the handshake: our close_notify"},
    {"ext_add", Phase::extensions, 3, 3, "our message M gets extension T with data BYTES"},
    {"ext_duplicate", Phase::extensions, 2, 2, "our message M sends extension T twice"},
    {"ext_drop", Phase::extensions, 2, 2, "our message M without extension T"},
    {"hs_flip", Phase::ours, 1, 1, "a bit flipped in the last byte of our message M"},
    {"hs_set", Phase::ours, 3, 3, "our message M's body from byte OFFSET := BYTES"},
    {"hs_body", Phase::ours, 2, 2, "our message M's body := BYTES (length fixed)"},
    {"hs_trailing", Phase::ours, 2, 2, "BYTES after our message M's body (length fixed)"},
    {"hs_drop", Phase::ours, 1, 1, "our message M not sent"},
    {"hs_cipher_suite", Phase::ours, 2, 2, "the cipher_suite of our ServerHello or HRR M := S"},
    {"hrr_twice", Phase::ours, 0, 0, "our HelloRetryRequest again before our ServerHello"},
};

const MutationSpec* find_spec(const std::string& name) {
  for (const auto& m : kMutations) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

// ---- messages

void set_length(Bytes& message, std::size_t n) {
  message[1] = static_cast<std::uint8_t>(n >> 16);
  message[2] = static_cast<std::uint8_t>(n >> 8);
  message[3] = static_cast<std::uint8_t>(n);
}

std::uint16_t u16(std::uint32_t v) { return static_cast<std::uint16_t>(v); }

Bytes u16_list(const std::vector<std::uint16_t>& values, std::size_t length_bytes) {
  Bytes out;
  const std::size_t n = values.size() * 2;
  if (length_bytes == 2) out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n));
  for (auto v : values) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

handshake::Extension* find_ext(ClientHello& ch, std::uint16_t type) {
  for (auto& e : ch.extensions.list) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

// Sets extension `type` to `data`, adding it (before a pre_shared_key, which
// must stay last) when absent.
void put_ext(ClientHello& ch, std::uint16_t type, Bytes data) {
  if (auto* e = find_ext(ch, type)) {
    e->data = std::move(data);
    return;
  }
  auto& list = ch.extensions.list;
  auto at = std::find_if(list.begin(), list.end(), [](const handshake::Extension& e) {
    return e.type == handshake::code(handshake::ExtensionType::pre_shared_key);
  });
  list.insert(at, handshake::Extension{type, std::move(data)});
}

void edit_client_hello(const std::vector<Mutation>& mutations, ClientHello& ch) {
  for (const auto& m : mutations) {
    const auto& a = m.args;
    if (m.name == "ch_legacy_version") {
      ch.legacy_version = u16(*code(a[0]));
    } else if (m.name == "ch_drop_extension") {
      const auto t = u16(*code(a[0]));
      std::erase_if(ch.extensions.list, [t](const handshake::Extension& e) { return e.type == t; });
    } else if (m.name == "ch_duplicate_extension") {
      if (auto* e = find_ext(ch, u16(*code(a[0])))) {
        const handshake::Extension copy = *e;
        put_ext(ch, 0xfffe, {});  // a placeholder keeps pre_shared_key last
        *find_ext(ch, 0xfffe) = copy;
      }
    } else if (m.name == "ch_add_extension") {
      handshake::Extension e{u16(*code(a[0])), *byte_string(a[1])};
      if (a.size() == 3 && a[2] == "first") {
        ch.extensions.list.insert(ch.extensions.list.begin(), e);
      } else {
        ch.extensions.list.push_back(e);
      }
    } else if (m.name == "ch_replace_extension") {
      put_ext(ch, u16(*code(a[0])), *byte_string(a[1]));
    } else if (m.name == "ch_cipher_suites") {
      ch.cipher_suites = *code_list(a[0]);
    } else if (m.name == "ch_add_cipher_suite") {
      ch.cipher_suites.push_back(u16(*code(a[0])));
    } else if (m.name == "ch_compression_methods") {
      ch.legacy_compression_methods = *byte_string(a[0]);
    } else if (m.name == "ch_session_id") {
      ch.legacy_session_id = *byte_string(a[0]);
    } else if (m.name == "ch_supported_versions") {
      put_ext(ch, 43, u16_list(*code_list(a[0]), 1));
    } else if (m.name == "ch_signature_algorithms") {
      put_ext(ch, 13, u16_list(*code_list(a[0]), 2));
    } else if (m.name == "ch_supported_groups") {
      put_ext(ch, 10, u16_list(*code_list(a[0]), 2));
    } else if (m.name == "ch_key_share") {
      const auto group = u16(*code(a[0]));
      const Bytes key = *byte_string(a[1]);
      Bytes entry = {static_cast<std::uint8_t>(group >> 8), static_cast<std::uint8_t>(group),
                     static_cast<std::uint8_t>(key.size() >> 8),
                     static_cast<std::uint8_t>(key.size())};
      entry.insert(entry.end(), key.begin(), key.end());
      Bytes data = {static_cast<std::uint8_t>(entry.size() >> 8),
                    static_cast<std::uint8_t>(entry.size())};
      data.insert(data.end(), entry.begin(), entry.end());
      put_ext(ch, 51, std::move(data));
    } else if (m.name == "ch_empty_key_share") {
      put_ext(ch, 51, Bytes{0, 0});
    }
  }
}

// Message mutations on the handshake bytes of the first flight.
void mutate_messages(const std::vector<Mutation>& mutations, Bytes& hs) {
  for (const auto& m : mutations) {
    const auto& a = m.args;
    if (m.name == "msg_trailing") {
      const Bytes extra = *byte_string(a[0]);
      const std::size_t n = (std::size_t{hs[1]} << 16 | std::size_t{hs[2]} << 8 | hs[3]);
      hs.insert(hs.begin() + static_cast<std::ptrdiff_t>(4 + n), extra.begin(), extra.end());
      set_length(hs, n + extra.size());
    } else if (m.name == "msg_truncate") {
      const std::size_t n = (std::size_t{hs[1]} << 16 | std::size_t{hs[2]} << 8 | hs[3]);
      const std::size_t cut = std::min<std::size_t>(*code(a[0]), n);
      hs.erase(hs.begin() + static_cast<std::ptrdiff_t>(4 + n - cut),
               hs.begin() + static_cast<std::ptrdiff_t>(4 + n));
      set_length(hs, n - cut);
    } else if (m.name == "msg_length_delta") {
      const long n = static_cast<long>(std::size_t{hs[1]} << 16 | std::size_t{hs[2]} << 8 | hs[3]);
      set_length(hs, static_cast<std::size_t>(std::max(0L, n + std::stol(a[0]))));
    } else if (m.name == "msg_type") {
      hs[0] = static_cast<std::uint8_t>(*code(a[0]));
    } else if (m.name == "msg_prepend") {
      const Bytes msg =
          handshake_message(static_cast<std::uint8_t>(*code(a[0])), *byte_string(a[1]));
      hs.insert(hs.begin(), msg.begin(), msg.end());
    } else if (m.name == "msg_flip_last_byte") {
      const std::size_t n = (std::size_t{hs[1]} << 16 | std::size_t{hs[2]} << 8 | hs[3]);
      if (n > 0 && hs.size() >= 4 + n) hs[3 + n] ^= 0x01;
    }
  }
}

void mutate_records(const std::vector<Mutation>& mutations, std::vector<Rec>& recs) {
  for (const auto& m : mutations) {
    const auto& a = m.args;
    if (m.name == "rec_version") {
      for (auto& r : recs) r.version = u16(*code(a[0]));
    } else if (m.name == "rec_fragment") {
      // RFC 8446 §5.1: "Handshake messages MAY be coalesced into a single
      // TLSPlaintext record or fragmented across several records" — the
      // plaintext ones: handshake records before any change_cipher_spec (after
      // it TLS 1.2 encrypts; TLS 1.3's protected records are application_data
      // outside). A protected record is left whole: cut, it cannot decrypt.
      const std::size_t size = std::max<std::size_t>(1, *code(a[0]));
      std::vector<Rec> out;
      bool plaintext = true;
      for (const auto& r : recs) {
        if (r.type == 20) plaintext = false;
        if (!plaintext || r.type != 22 || r.body.empty()) {
          out.push_back(r);
          continue;
        }
        for (std::size_t at = 0; at < r.body.size(); at += size) {
          Rec piece = r;
          piece.body.assign(
              r.body.begin() + static_cast<std::ptrdiff_t>(at),
              r.body.begin() + static_cast<std::ptrdiff_t>(std::min(r.body.size(), at + size)));
          out.push_back(std::move(piece));
        }
      }
      recs = std::move(out);
    } else if (m.name == "rec_content_type") {
      recs.front().type = static_cast<std::uint8_t>(*code(a[0]));
    } else if (m.name == "rec_prepend" || m.name == "rec_append") {
      Rec r;
      r.type = static_cast<std::uint8_t>(*code(a[0]));
      r.version = 0x0303;  // RFC 8446 §5.1: 0x0303 except in an initial ClientHello
      r.body = *byte_string(a[1]);
      if (m.name == "rec_prepend") {
        recs.insert(recs.begin(), std::move(r));
      } else {
        recs.push_back(std::move(r));
      }
    } else if (m.name == "rec_insert") {
      Rec r;
      r.type = static_cast<std::uint8_t>(*code(a[1]));
      r.version = 0x0303;  // RFC 8446 §5.1: 0x0303 except in an initial ClientHello
      r.body = *byte_string(a[2]);
      const std::size_t at = std::min<std::size_t>(*code(a[0]), recs.size());
      recs.insert(recs.begin() + static_cast<std::ptrdiff_t>(at), std::move(r));
    } else if (m.name == "rec_oversize") {
      recs.front().body.resize((std::size_t{1} << 14) + *code(a[0]), 0);
    } else if (m.name == "rec_length_field") {
      recs.front().length_field = u16(*code(a[0]));
    }
  }
}

void mutate_flight2(const std::vector<Mutation>& mutations, std::vector<Rec>& recs) {
  for (const auto& m : mutations) {
    const auto& a = m.args;
    if (m.name == "f2_ccs_value") {
      for (auto& r : recs) {
        if (r.type == 20) r.body = *byte_string(a[0]);
      }
    } else if (m.name == "f2_flip_last_byte") {
      if (!recs.empty() && !recs.back().body.empty()) recs.back().body.back() ^= 0x01;
    } else if (m.name == "f2_prepend") {
      Rec r;
      r.type = static_cast<std::uint8_t>(*code(a[0]));
      r.body = *byte_string(a[1]);
      recs.insert(recs.begin(), std::move(r));
    } else if (m.name == "f2_drop_ccs") {
      std::erase_if(recs, [](const Rec& r) { return r.type == 20; });
    }
  }
}

bool has_phase(const std::vector<Mutation>& mutations, Phase phase) {
  return std::any_of(mutations.begin(), mutations.end(),
                     [phase](const Mutation& m) { return find_spec(m.name)->phase == phase; });
}

// Whether our message `m` is the one a scenario names: `hello_retry_request`
// is a ServerHello with the HelloRetryRequest Random, `server_hello` the other.
bool is_message(std::uint32_t name, const OurMessage& m) {
  const auto hrr = *code("hello_retry_request");
  const auto sh = static_cast<std::uint32_t>(handshake::HandshakeType::server_hello);
  if (name == hrr) return m.hello_retry_request();
  if (name == sh) return m.type() == sh && !m.hello_retry_request();
  return m.type() == name;
}

// The `hs_*` mutations on the handshake messages of one flight of ours, in
// order (plaintext and protected alike); `hrr_sent` keeps our
// HelloRetryRequest for hrr_twice.
void edit_our_messages(const std::vector<Mutation>& mutations, std::vector<OurMessage>& messages,
                       std::optional<Bytes>& hrr_sent) {
  for (const auto& m : mutations) {
    const auto& a = m.args;
    if (m.name == "hrr_twice") {
      auto sh = std::find_if(messages.begin(), messages.end(), [](const OurMessage& x) {
        return is_message(static_cast<std::uint32_t>(handshake::HandshakeType::server_hello), x);
      });
      if (hrr_sent && sh != messages.end()) messages.insert(sh, OurMessage{*hrr_sent, false});
      continue;
    }
    if (find_spec(m.name)->phase != Phase::ours) continue;
    const std::uint32_t name = *code(a[0]);
    if (m.name == "hs_drop") {
      std::erase_if(messages, [name](const OurMessage& x) { return is_message(name, x); });
      continue;
    }
    for (auto& msg : messages) {
      if (!is_message(name, msg)) continue;
      Bytes& b = msg.bytes;
      if (m.name == "hs_flip") {
        b.back() ^= 0x01;
      } else if (m.name == "hs_set") {
        const std::size_t at = 4 + *code(a[1]);
        const Bytes value = *byte_string(a[2]);
        if (b.size() < at + value.size()) b.resize(at + value.size(), 0);
        std::copy(value.begin(), value.end(), b.begin() + static_cast<std::ptrdiff_t>(at));
      } else if (m.name == "hs_body") {
        const Bytes body = *byte_string(a[1]);
        b.resize(4);
        b.insert(b.end(), body.begin(), body.end());
      } else if (m.name == "hs_trailing") {
        const Bytes extra = *byte_string(a[1]);
        b.insert(b.end(), extra.begin(), extra.end());
      } else if (m.name == "hs_cipher_suite") {
        // ServerHello: legacy_version(2) random(32) legacy_session_id_echo<0..32>
        // cipher_suite(2) (RFC 8446 §4.1.3).
        if (b.size() < 4 + 35) continue;
        const std::size_t at = 4 + 35 + b[4 + 34];
        const auto suite = u16(*code(a[1]));
        if (b.size() < at + 2) continue;
        b[at] = static_cast<std::uint8_t>(suite >> 8);
        b[at + 1] = static_cast<std::uint8_t>(suite);
      }
      set_length(b, b.size() - 4);
    }
  }
  for (const auto& msg : messages) {
    if (msg.hello_retry_request() && !hrr_sent) hrr_sent = msg.bytes;
  }
}

// ---- the conversation log

// What --trace-failures keeps of our side of one conversation: its events,
// illustrated at the fields level and as the JSON export.
class Recording {
 public:
  explicit Recording(trace::Side side)
      : side_(side),
        illustrated_(text_, trace::TraceLevel::fields, false, trace::side_name(side)) {}
  void on_event(const trace::Event& event) {
    illustrated_.on_event(event);
    json_.sink(side_).on_event(event);
  }
  // Into `o`, with the negotiated parameters when the handshake completed.
  void finish(const handshake::Connection& conn, Outcome& o) {
    if (conn.handshake_done()) {
      const auto& n = conn.negotiated();
      json_.connection_string("version", handshake::version_name(n.version));
      json_.connection_string("cipher_suite", handshake::cipher_suite_name(n.cipher_suite));
      json_.connection_number("cipher_suite_code", n.cipher_suite);
    }
    o.trace_text = text_.str();
    o.trace_json = json_.json();
  }

 private:
  trace::Side side_;
  std::ostringstream text_;
  trace::IllustratedRenderer illustrated_;
  trace::JsonTrace json_;
};

// The conversation log, and every event passed on to a Recording if any.
// With a FlightEditor, our Connection is asked for its secrets: the key log
// goes to the editor only, and the Recording gets the key schedule redacted,
// as without secrets (--trace-failures writes none).
class LogSink final : public trace::TraceSink {
 public:
  LogSink(std::vector<std::string>& log, Recording* recording, FlightEditor* editor = nullptr)
      : log_(log), recording_(recording), editor_(editor) {}
  bool wants_secrets() const override { return editor_ != nullptr; }
  void on_event(const trace::Event& event) override {
    if (const auto* k = std::get_if<trace::KeyLogEvent>(&event)) {
      if (editor_) editor_->on_key_log(*k);
      return;
    }
    if (const auto* k = std::get_if<trace::KeyEvent>(&event); k && editor_) {
      trace::KeyEvent redacted = *k;
      for (auto& in : redacted.inputs) {
        if (in.secret) in.value = {};
      }
      redacted.output = {};
      redacted.redacted = true;
      if (recording_) recording_->on_event(redacted);
      return;
    }
    if (recording_) recording_->on_event(event);
    if (const auto* m = std::get_if<trace::MessageEvent>(&event)) {
      log_.push_back(std::string(trace::direction_name(m->direction)).append(" ").append(m->name));
    } else if (const auto* a = std::get_if<trace::AlertEvent>(&event)) {
      log_.push_back(std::string(trace::direction_name(a->direction))
                         .append(" alert ")
                         .append(alert_name(a->description)));
    }
  }

 private:
  std::vector<std::string>& log_;
  Recording* recording_;
  FlightEditor* editor_;
};

// ---- the socket

class Peer {
 public:
  Peer(net::Socket socket, std::chrono::milliseconds timeout)
      : socket_(std::move(socket)), timeout_(timeout) {}
  bool send(const Bytes& bytes) {
    return bytes.empty() || net::send_all(socket_.fd(), bytes, timeout_);
  }
  // Waits up to `wait` for bytes: 1 some came (in `out`), 0 closed, -1 timeout.
  int receive(Bytes& out, std::chrono::milliseconds wait) {
    pollfd p{socket_.fd(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
    if (ready <= 0) return -1;
    std::uint8_t buffer[16384];
    const ssize_t n = ::recv(socket_.fd(), buffer, sizeof buffer, 0);
    if (n <= 0) return 0;
    out.assign(buffer, buffer + n);
    return 1;
  }

 private:
  net::Socket socket_;
  std::chrono::milliseconds timeout_;
};

// After our side completed the handshake: what the scenario sends then goes
// out, and the wait for a late alert (or the answer to that probe) starts.
struct Settle {
  std::optional<Clock::time_point> until;
  bool probed = false;  // sent something after the handshake

  void start(Peer& peer, std::vector<std::string>& log, const Bytes& out,
             std::chrono::milliseconds wait) {
    probed = !out.empty();
    if (probed) log.push_back("-> (after the handshake) " + std::to_string(out.size()) + " bytes");
    peer.send(out);
    until = Clock::now() + wait;
  }
  // How long to wait for the peer now; nullopt once the settle time is over.
  std::optional<std::chrono::milliseconds> wait(std::chrono::milliseconds timeout) const {
    if (!until) return timeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*until - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    return left;
  }
};

Outcome make(Outcome::Kind kind, std::string detail = {}) {
  Outcome o;
  o.kind = kind;
  o.detail = std::move(detail);
  return o;
}

// The base handshake and the settings of a scenario.
void apply_base(const Scenario& s, handshake::Config& config) {
  if (s.base == "tls12") {
    config.versions = {handshake::kTls12};
  } else if (s.base == "any") {
    config.versions = {handshake::kTls13, handshake::kTls12};
  }
  if (auto it = s.settings.find("groups"); it != s.settings.end()) {
    config.groups = *code_list(it->second);
  }
  if (auto it = s.settings.find("key_share"); it != s.settings.end()) {
    config.key_share_groups = *code_list(it->second);
  }
  if (auto it = s.settings.find("suites"); it != s.settings.end()) {
    config.cipher_suites = *code_list(it->second);
  }
  if (auto it = s.settings.find("client_auth"); it != s.settings.end() && s.role == Role::server) {
    config.client_auth = it->second == "required" ? handshake::ClientAuth::required
                                                  : handshake::ClientAuth::optional;
  }
}

// The Error that ended our Connection: the peer's alert, or our refusal.
Outcome outcome_of(const Error& e) {
  if (e.origin == ErrorOrigin::peer) {
    Outcome o = make(Outcome::Kind::alert, e.describe());
    o.alert = static_cast<std::uint8_t>(e.alert);
    return o;
  }
  return make(Outcome::Kind::local_error, e.describe());
}

}  // namespace

std::string Outcome::describe() const {
  switch (kind) {
    case Kind::handshake: return "handshake completed";
    case Kind::alert: return "alert " + alert_name(alert);
    case Kind::closed: return "closed without an alert";
    case Kind::timeout: return "no answer (timeout)";
    case Kind::local_error: return "answered, and we refused it: " + detail;
    case Kind::connect_failed: return "cannot connect: " + detail;
    case Kind::not_implemented: return "not implemented: " + detail;
  }
  return "?";
}

bool matches(const Expectation& e, const Outcome& o) {
  switch (e.kind) {
    case Expectation::Kind::handshake: return o.kind == Outcome::Kind::handshake;
    case Expectation::Kind::close:
      return o.kind == Outcome::Kind::alert || o.kind == Outcome::Kind::closed;
    case Expectation::Kind::alert:
      return o.kind == Outcome::Kind::alert &&
             std::find(e.alerts.begin(), e.alerts.end(), o.alert) != e.alerts.end();
  }
  return false;
}

bool check_mutations(const Scenario& s, std::string& problem) {
  for (const auto& m : s.mutations) {
    const MutationSpec* spec = find_spec(m.name);
    if (!spec) {
      problem = "unknown mutation " + m.name;
      return false;
    }
    // In the client role `hs_*` edits our second flight (Certificate,
    // CertificateVerify, Finished; TLS 1.2's ClientKeyExchange too); what
    // only a server sends cannot be edited there.
    const bool server_only =
        spec->phase == Phase::extensions ||
        (spec->phase == Phase::ours && (m.name == "hs_cipher_suite" || m.name == "hrr_twice"));
    const bool client_only = spec->phase == Phase::client_hello || spec->phase == Phase::message ||
                             spec->phase == Phase::post;
    if ((s.role == Role::client && server_only) || (s.role == Role::server && client_only)) {
      problem = "mutation " + m.name + " is not for role " +
                (s.role == Role::client ? "client" : "server");
      return false;
    }
    if (m.args.size() < spec->min_args || m.args.size() > spec->max_args) {
      problem = "mutation " + m.name + ": wrong number of arguments (" + spec->help + ")";
      return false;
    }
    for (const auto& a : m.args) {
      const bool ok = code(a) || byte_string(a) || code_list(a) || a == "first" ||
                      (m.name == "msg_length_delta" && !a.empty());
      if (!ok) {
        problem = "mutation " + m.name + ": cannot read `" + a + "`";
        return false;
      }
    }
  }
  for (const char* key : {"groups", "key_share", "suites"}) {
    if (auto it = s.settings.find(key); it != s.settings.end() && !code_list(it->second)) {
      problem = std::string("cannot read ").append(key).append(": ").append(it->second);
      return false;
    }
  }
  if (auto it = s.settings.find("client_auth"); it != s.settings.end()) {
    if (it->second != "optional" && it->second != "required") {
      problem = "client_auth: optional or required";
      return false;
    }
  }
  if (auto it = s.settings.find("client_cert"); it != s.settings.end()) {
    if (s.role != Role::client || !is_client_cert_kind(it->second) ||
        !s.settings.contains("client_auth")) {
      problem =
          "client_cert: none, valid, bad_signature, expired, wrong_eku or unknown_ca, "
          "in the client role, with the server's client_auth";
      return false;
    }
  }
  if (auto it = s.settings.find("server_cert"); it != s.settings.end()) {
    if (s.role != Role::server || !is_server_cert_kind(it->second)) {
      problem =
          "server_cert: expired, wrong_name, unknown_ca or no_intermediate, in the server role";
      return false;
    }
  }
  if (auto it = s.settings.find("resume"); it != s.settings.end()) {
    if (s.role != Role::client || it->second != "yes") {
      problem = "resume: yes, in the client role";
      return false;
    }
  }
  return true;
}

// `resume: yes`: a first connection, a plain full handshake of the
// scenario's base, for a session to resume — a TLS 1.3 ticket (RFC 8446
// §4.6.1, sent after the handshake), a TLS 1.2 ticket or session ID — kept in
// `cache`. Empty when it worked, else why not.
std::string first_session(const Scenario& s, const ClientOptions& options,
                          const std::shared_ptr<handshake::ClientSessionCache>& cache) {
  handshake::Config config;
  config.insecure_skip_verify = true;
  config.session_cache = cache;
  apply_base(s, config);
  std::string problem;
  net::Socket socket = net::Socket::connect(options.host, options.port, options.timeout, problem);
  if (!socket) return problem;
  Peer peer(std::move(socket), options.timeout);
  auto conn = handshake::Connection::client(config, options.server_name);
  if (!peer.send(conn->take_output())) return "could not send the ClientHello";
  // A TLS 1.2 session is cached when the handshake completes; TLS 1.3
  // tickets come after it.
  while (cache->size(options.server_name) == 0) {
    Bytes in;
    if (peer.receive(in, options.timeout) <= 0) {
      return conn->handshake_done() ? "the peer sent no ticket" : "the handshake did not complete";
    }
    const auto r = conn->receive(in);
    if (!peer.send(conn->take_output()) || !r.ok()) {
      return r.ok() ? "the peer closed" : r.error().describe();
    }
  }
  conn->close();
  peer.send(conn->take_output());
  return "";
}

Outcome run_client_scenario(const Scenario& s, const ClientOptions& options) {
  if (s.role != Role::client) return make(Outcome::Kind::not_implemented, "a server-role scenario");
  std::shared_ptr<handshake::ClientSessionCache> sessions;
  if (s.settings.contains("resume")) {
    sessions = std::make_shared<handshake::ClientSessionCache>();
    const std::string why = first_session(s, options, sessions);
    if (!why.empty()) {
      return make(Outcome::Kind::not_implemented, "no session to resume: " + why);
    }
  }
  // Mutual TLS: the server's policy is the peer's configuration, which the
  // run names (--peer-client-auth); our certificate comes from the test CA.
  std::shared_ptr<const x509::KeyStore> identity;
  const auto cert = s.settings.find("client_cert");
  if (auto it = s.settings.find("client_auth"); it != s.settings.end()) {
    if (options.peer_client_auth.empty()) {
      return make(Outcome::Kind::not_implemented,
                  "needs a server that asks for a client certificate (--peer-client-auth " +
                      it->second + ")");
    }
    if (it->second != options.peer_client_auth) {
      return make(Outcome::Kind::not_implemented,
                  "for a server whose client certificate policy is " + it->second);
    }
    if (cert != s.settings.end() && cert->second != "none") {
      if (!options.test_pki) {
        return make(Outcome::Kind::not_implemented,
                    "needs the CA the server trusts (--test-ca and --test-ca-key)");
      }
      std::string problem;
      identity = options.test_pki->client_identity(cert->second, problem);
      if (!identity) return make(Outcome::Kind::not_implemented, problem);
    }
  }
  const bool bad_signature = cert != s.settings.end() && cert->second == "bad_signature";
  std::vector<std::string> log;
  std::optional<Recording> recording;
  if (options.record_trace) recording.emplace(trace::Side::client);
  const bool edit_ours = bad_signature || has_phase(s.mutations, Phase::ours);
  std::optional<FlightEditor> editor;
  if (edit_ours) editor.emplace(true);
  LogSink sink(log, recording ? &*recording : nullptr, editor ? &*editor : nullptr);

  handshake::Config config;
  config.trace = &sink;
  config.insecure_skip_verify = true;  // the peer's certificate is not what is tested
  config.session_cache = sessions;
  if (identity) config.identities.push_back(identity);
  apply_base(s, config);
  int hellos = 0;
  if (has_phase(s.mutations, Phase::client_hello)) {
    // Only the first ClientHello: the one after a HelloRetryRequest is left
    // as built, so that a scenario may ask for a HelloRetryRequest.
    config.edit_client_hello = [&s, &hellos](ClientHello& ch) {
      if (hellos++ == 0) edit_client_hello(s.mutations, ch);
    };
  }

  std::string problem;
  net::Socket socket = net::Socket::connect(options.host, options.port, options.timeout, problem);
  if (!socket) return make(Outcome::Kind::connect_failed, problem);
  Peer peer(std::move(socket), options.timeout);
  auto conn = handshake::Connection::client(config, options.server_name);

  auto finish = [&](Outcome o) {
    o.log = log;
    if (recording) recording->finish(*conn, o);
    return o;
  };

  // The first flight: messages, then records, mutated.
  {
    auto records = split_records(conn->take_output());
    if (records.empty()) {
      const auto& e = conn->error();
      return finish(
          make(Outcome::Kind::not_implemented, "our ClientHello builder refused the mutation" +
                                                   (e ? ": " + e->describe() : std::string())));
    }
    if (has_phase(s.mutations, Phase::message)) {
      Bytes hs;
      for (const auto& r : records) hs.insert(hs.end(), r.body.begin(), r.body.end());
      mutate_messages(s.mutations, hs);
      const std::uint16_t version = records.front().version;
      records.clear();
      for (std::size_t at = 0; at < hs.size(); at += 16384) {
        Rec r;
        r.version = version;
        r.body.assign(hs.begin() + static_cast<std::ptrdiff_t>(at),
                      hs.begin() + static_cast<std::ptrdiff_t>(std::min(hs.size(), at + 16384)));
        records.push_back(std::move(r));
      }
    }
    mutate_records(s.mutations, records);
    if (!peer.send(join_records(records))) {
      return finish(make(Outcome::Kind::closed, "could not send the ClientHello"));
    }
  }

  const bool expect_handshake = s.expect.kind == Expectation::Kind::handshake;
  int flights = 1;
  bool post_done = false;
  Settle settle;
  // The peer completed the handshake and then closed: for a scenario that
  // did not probe further, the handshake is what counts.
  auto closed = [&](std::string detail) {
    if (conn->handshake_done() && !settle.probed) {
      return make(Outcome::Kind::handshake, "then the peer closed (" + detail + ")");
    }
    // The answer to a probe after the handshake may be the peer's own
    // close_notify (RFC 5246 §7.2.1: the answer to ours): an alert too.
    if (conn->handshake_done() && conn->peer_closed()) {
      Outcome o = make(Outcome::Kind::alert, detail);
      o.alert = 0;  // close_notify
      return o;
    }
    return make(Outcome::Kind::closed, detail);
  };
  for (;;) {
    if (conn->handshake_done() && !post_done) {
      post_done = true;
      Bytes out;
      for (const auto& m : s.mutations) {
        const auto& a = m.args;
        if (m.name == "post_message") {
          const Bytes msg =
              handshake_message(static_cast<std::uint8_t>(*code(a[0])), *byte_string(a[1]));
          (void)conn->send_handshake_message(msg);
        } else if (m.name == "post_key_update") {
          (void)conn->update_keys(true);
        } else if (m.name == "post_close_notify") {
          conn->close();
        } else if (m.name == "post_flip") {
          const Bytes data = {'p', 'i', 'n', 'g'};
          (void)conn->write(data);
          auto recs = split_records(conn->take_output());
          if (!recs.empty()) recs.back().body.back() ^= 0x01;
          const Bytes bytes = join_records(recs);
          out.insert(out.end(), bytes.begin(), bytes.end());
          continue;
        } else if (m.name == "post_record") {
          Rec r;
          r.type = static_cast<std::uint8_t>(*code(a[0]));
          r.body = *byte_string(a[1]);
          const Bytes bytes = join_records({r});
          out.insert(out.end(), bytes.begin(), bytes.end());
          continue;
        } else {
          continue;
        }
        const Bytes bytes = conn->take_output();
        out.insert(out.end(), bytes.begin(), bytes.end());
      }
      settle.start(peer, log, out, expect_handshake ? options.settle : options.timeout);
    }
    const auto wait = settle.wait(options.timeout);
    if (!wait) return finish(make(Outcome::Kind::handshake));
    Bytes in;
    const int got = peer.receive(in, *wait);
    if (got < 0) {
      return finish(make(settle.until ? Outcome::Kind::handshake : Outcome::Kind::timeout));
    }
    if (got == 0) return finish(closed("TCP close"));
    // The server's Random, for our TLS 1.2 client write keys: its
    // ServerHello opens the first record it sends (type 22, then the
    // handshake header, legacy_version and random).
    if (editor && flights == 1 && in.size() >= 43 && in[0] == 22 && in[5] == 2) {
      std::array<std::uint8_t, 32> random{};
      std::copy(in.begin() + 11, in.begin() + 43, random.begin());
      editor->set_server_random(random);
    }
    const auto r = conn->receive(in);
    Bytes out = conn->take_output();
    if (!out.empty() && r.ok()) {
      ++flights;
      if (flights == 2 && edit_ours) {
        // Our second flight, opened and sealed again (conformance/our_flight.hpp):
        // with bad_signature, a CertificateVerify whose signature does not
        // verify (RFC 8446 §4.4.3 / RFC 5246 §7.4.8: its last byte changed);
        // then the scenario's `hs_*` edits.
        const auto& n = conn->negotiated();
        bool spoiled = false;
        std::optional<Bytes> no_hrr;
        auto edited = editor->rewrite(
            out, n.version, n.cipher_suite,
            [&](std::vector<OurMessage>& messages) {
              for (auto& m : messages) {
                if (bad_signature &&
                    m.type() ==
                        static_cast<std::uint8_t>(handshake::HandshakeType::certificate_verify)) {
                  m.bytes.back() ^= 0x01;
                  spoiled = true;
                }
              }
              edit_our_messages(s.mutations, messages, no_hrr);
            },
            problem);
        if (!edited || (bad_signature && !spoiled)) {
          return finish(make(Outcome::Kind::not_implemented,
                             edited ? "our second flight has no CertificateVerify" : problem));
        }
        out = std::move(*edited);
        log.push_back(bad_signature ? "-> (our CertificateVerify spoiled)"
                                    : "-> (our second flight edited)");
      }
      if (flights == 2 && has_phase(s.mutations, Phase::flight2)) {
        auto recs = split_records(out);
        mutate_flight2(s.mutations, recs);
        out = join_records(recs);
        log.push_back("-> (second flight mutated)");
      }
    }
    peer.send(out);
    if (!r.ok()) return finish(outcome_of(r.error()));
    if (conn->peer_closed()) return finish(closed("close_notify"));
  }
}

Outcome run_server_scenario(const Scenario& s, const ServerOptions& options) {
  if (s.role != Role::server) return make(Outcome::Kind::not_implemented, "a client-role scenario");
  std::vector<std::string> log;
  std::optional<Recording> recording;
  if (options.record_trace) recording.emplace(trace::Side::server);
  std::optional<FlightEditor> editor;
  if (has_phase(s.mutations, Phase::ours)) editor.emplace();
  LogSink sink(log, recording ? &*recording : nullptr, editor ? &*editor : nullptr);
  handshake::Config config;
  config.trace = &sink;
  if (auto it = s.settings.find("server_cert"); it != s.settings.end()) {
    // RFC 5280 checks: the certificate we present is made from the test CA.
    if (!options.test_pki) {
      return make(Outcome::Kind::not_implemented,
                  "needs the CA the client trusts (--test-ca and --test-ca-key)");
    }
    std::string problem;
    auto identity = options.test_pki->server_identity(it->second, options.server_name, problem);
    if (!identity) return make(Outcome::Kind::not_implemented, problem);
    config.identities.push_back(std::move(identity));
  } else {
    config.identities.push_back(options.identity);
  }
  apply_base(s, config);
  if (has_phase(s.mutations, Phase::extensions)) {
    config.edit_extensions = [&s](handshake::HandshakeType type, handshake::Extensions& e) {
      std::uint32_t message = static_cast<std::uint32_t>(type);
      // Our HelloRetryRequest is a ServerHello whose key_share holds only the
      // selected group (RFC 8446 §4.2.8: KeyShareHelloRetryRequest).
      const auto* share = e.find(handshake::ExtensionType::key_share);
      if (type == handshake::HandshakeType::server_hello && share && share->data.size() == 2) {
        message = *code("hello_retry_request");
      }
      for (const auto& m : s.mutations) {
        if (find_spec(m.name)->phase != Phase::extensions) continue;
        if (*code(m.args[0]) != message) continue;
        const auto t = u16(*code(m.args[1]));
        if (m.name == "ext_add") {
          e.list.push_back({t, *byte_string(m.args[2])});
        } else if (m.name == "ext_drop") {
          std::erase_if(e.list, [t](const handshake::Extension& x) { return x.type == t; });
        } else if (m.name == "ext_duplicate") {
          for (const auto& x : e.list) {
            if (x.type == t) {
              const handshake::Extension copy = x;
              e.list.push_back(copy);
              break;
            }
          }
        }
      }
    };
  }
  auto conn = handshake::Connection::server(config);
  // A scenario about our HelloRetryRequest says nothing about a client whose
  // first key share our server accepted.
  const bool needs_hrr = std::any_of(s.mutations.begin(), s.mutations.end(), [](const Mutation& m) {
    return m.name == "hrr_twice" || (!m.args.empty() && m.args[0] == "hello_retry_request");
  });
  auto finish = [&](Outcome o) {
    if (needs_hrr && !conn->negotiated().hello_retry) {
      o = make(Outcome::Kind::not_implemented,
               "no HelloRetryRequest: our server accepted the client's first key share (it was " +
                   o.describe() + ")");
    }
    o.log = log;
    if (recording) recording->finish(*conn, o);
    return o;
  };

  net::Listener listener("127.0.0.1", 0);
  if (!listener.ok()) return make(Outcome::Kind::connect_failed, listener.error());
  PeerProcess client;
  std::string problem;
  if (!client.launch(options.client_command, listener.port(), options.client_log, problem)) {
    return make(Outcome::Kind::connect_failed, problem);
  }
  net::Socket socket = listener.accept(options.timeout);
  if (!socket) return make(Outcome::Kind::connect_failed, "the client did not connect");
  Peer peer(std::move(socket), options.timeout);
  const bool expect_handshake = s.expect.kind == Expectation::Kind::handshake;
  std::optional<Bytes> hrr_sent;  // for hrr_twice
  int flights = 0;
  Settle settle;
  // The client completed the handshake and then closed: for a scenario that
  // did not probe further, the handshake is what counts.
  auto closed = [&](std::string detail) {
    if (conn->handshake_done() && !settle.probed) {
      return make(Outcome::Kind::handshake, "then the client closed (" + detail + ")");
    }
    return make(Outcome::Kind::closed, detail);
  };
  for (;;) {
    // Our side is done: a TLS 1.3 client has checked our whole flight by now,
    // a TLS 1.2 client checks our Finished after we are done: wait for a late
    // alert.
    if (conn->handshake_done() && !settle.until) {
      settle.start(peer, log, {}, expect_handshake ? options.settle : options.timeout);
    }
    const auto wait = settle.wait(options.timeout);
    if (!wait) return finish(make(Outcome::Kind::handshake));
    Bytes in;
    const int got = peer.receive(in, *wait);
    if (got < 0) {
      return finish(make(settle.until ? Outcome::Kind::handshake : Outcome::Kind::timeout));
    }
    if (got == 0) return finish(closed("TCP close"));
    const bool done_before = conn->handshake_done();
    const auto r = conn->receive(in);
    Bytes out = conn->take_output();
    if (!out.empty() && r.ok() && !done_before) {
      if (editor) {
        const auto& n = conn->negotiated();
        auto edited = editor->rewrite(
            out, n.version, n.cipher_suite,
            [&s, &hrr_sent](std::vector<OurMessage>& messages) {
              edit_our_messages(s.mutations, messages, hrr_sent);
            },
            problem);
        if (!edited) return finish(make(Outcome::Kind::not_implemented, problem));
        out = std::move(*edited);
        log.push_back("-> (our flight, through the hs_* mutations)");
      }
      if (++flights == 1) {
        auto recs = split_records(out);
        mutate_records(s.mutations, recs);
        mutate_flight2(s.mutations, recs);
        out = join_records(recs);
      }
    }
    peer.send(out);
    if (!r.ok()) return finish(outcome_of(r.error()));
    if (conn->peer_closed()) return finish(closed("close_notify"));
  }
}

// ---- reports

std::string_view status_name(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "FAIL";
    case Status::skip: return "skip";
  }
  return "?";
}

std::string summary_line(const std::vector<ScenarioResult>& results) {
  std::size_t pass = 0, fail = 0, skip = 0;
  for (const auto& r : results) {
    (r.status == Status::pass ? pass : r.status == Status::fail ? fail : skip) += 1;
  }
  std::string out = std::to_string(pass) + " passed, " + std::to_string(fail) + " failed";
  if (skip) out += ", " + std::to_string(skip) + " skipped";
  return out;
}

std::string report_failure(const ScenarioResult& r) {
  const Scenario& s = *r.scenario;
  std::string out = std::string(s.id).append(" — ").append(s.title).append("\n");
  out += "  RFC " + s.rfc + " §" + s.section + ": \"" + s.quote + "\"\n";
  out += "  expected " + s.expect.describe() + ", got " + r.outcome.describe() + "\n";
  if (!r.outcome.detail.empty()) out += "  detail: " + r.outcome.detail + "\n";
  for (const auto& line : r.outcome.log) out += "    " + line + "\n";
  return out;
}

std::string report_table(const std::vector<ScenarioResult>& results) {
  std::size_t width = 8;
  for (const auto& r : results) width = std::max(width, r.scenario->id.size());
  std::string out;
  auto pad = [](std::string s, std::size_t w) {
    s.resize(std::max(s.size(), w), ' ');
    return s;
  };
  out += pad("scenario", width) + "  result  rfc                expected / what the peer did\n";
  for (const auto& r : results) {
    const Scenario& s = *r.scenario;
    out += pad(s.id, width) + "  " + pad(std::string(status_name(r.status)), 6) + "  " +
           pad("RFC " + s.rfc + " §" + s.section, 19) + "  ";
    if (r.status == Status::pass) {
      out += r.outcome.describe();
    } else if (r.status == Status::skip) {
      out += "skipped: " + r.reason;
    } else {
      out += "expected " + s.expect.describe() + ", got " + r.outcome.describe();
    }
    out += "\n";
  }
  return out;
}

namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string report_json(const std::vector<ScenarioResult>& results, const std::string& peer) {
  std::string out = "{\n  \"peer\": " + json_string(peer) +
                    ",\n  \"summary\": " + json_string(summary_line(results)) +
                    ",\n  \"scenarios\": [";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const Scenario& s = *r.scenario;
    out += i ? ",\n    {" : "\n    {";
    out += "\"id\": " + json_string(s.id) + ", \"title\": " + json_string(s.title) +
           ", \"rfc\": " + json_string(s.rfc) + ", \"section\": " + json_string(s.section) +
           ", \"quote\": " + json_string(s.quote) + ", \"tags\": [";
    for (std::size_t t = 0; t < s.tags.size(); ++t) out += (t ? ", " : "") + json_string(s.tags[t]);
    out += "], \"expected\": " + json_string(s.expect.describe()) + ", \"status\": " +
           json_string(r.status == Status::pass   ? "pass"
                       : r.status == Status::fail ? "fail"
                                                  : "skip") +
           ", \"actual\": " + json_string(r.outcome.describe()) +
           ", \"reason\": " + json_string(r.reason) + ", \"conversation\": [";
    for (std::size_t t = 0; t < r.outcome.log.size(); ++t) {
      out += (t ? ", " : "") + json_string(r.outcome.log[t]);
    }
    out += "], \"seconds\": " + std::to_string(r.seconds) + "}";
  }
  return out + "\n  ]\n}\n";
}

std::string report_junit(const std::vector<ScenarioResult>& results, const std::string& peer) {
  std::size_t fail = 0, skip = 0;
  double total = 0;
  for (const auto& r : results) {
    fail += r.status == Status::fail;
    skip += r.status == Status::skip;
    total += r.seconds;
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"glasstls "
      "conformance: " +
      xml_escape(peer) + "\" tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
      std::to_string(fail) + "\" skipped=\"" + std::to_string(skip) + "\" time=\"" +
      std::to_string(total) + "\">\n";
  for (const auto& r : results) {
    const Scenario& s = *r.scenario;
    out += "  <testcase classname=\"RFC " + s.rfc + " §" + xml_escape(s.section) + "\" name=\"" +
           xml_escape(s.id) + "\" time=\"" + std::to_string(r.seconds) + "\">";
    if (r.status == Status::fail) {
      out += "<failure message=\"" +
             xml_escape("expected " + s.expect.describe() + ", got " + r.outcome.describe()) +
             "\">" + xml_escape(s.quote) + "</failure>";
    } else if (r.status == Status::skip) {
      out += "<skipped message=\"" + xml_escape(r.reason) + "\"/>";
    }
    out += "</testcase>\n";
  }
  return out + "</testsuite>\n";
}

}  // namespace glasstls::conformance
