// Fuzz target: every TLS 1.3 handshake message parser (handshake/hello.hpp,
// server_params.hpp, authentication.hpp, post_handshake.hpp), every
// extension decoder (handshake/extension_codecs.hpp) and the extension block
// (handshake/extensions.hpp).
//
// Input: [selector][bytes]. selector & 0x1f (mod 27) picks the parser:
//   0 ClientHello  1 ServerHello  2 EncryptedExtensions  3 CertificateRequest
//   4 Certificate  5 CertificateVerify  6 Finished  7 NewSessionTicket
//   8 KeyUpdate  9 EndOfEarlyData
//   10-25 decode_*: supported_versions (client, server), named_group_list,
//         signature_scheme_list, key_share (client, server, HRR), server_name,
//         alpn, psk_key_exchange_modes, offered_psks, selected_identity,
//         cookie, record_size_limit, certificate_authorities,
//         max_early_data_size
//   26 parse_extensions, the context from the first byte of `bytes`.
// selector & 0x20: also parse with a trace::FieldTree attached.
// selector & 0x40: `bytes` is the whole message (header included); else the
//                  body, and the 4-byte header is made for it.
// selector & 0x80: Finished: SHA-384 (48-byte verify_data), else SHA-256.
//
// What must hold:
//   - parsing never crashes; an error's offset lies inside the input;
//   - a FieldSink does not change the result (same success, same alert and
//     offset on failure), and on success the field tree is balanced, every
//     node has a name, the top-level fields tile the message exactly and
//     children tile their parent; the extension decoders' trace readers
//     (trace_extension_data) agree with decode_* and tile the data too;
//   - a parsed message serializes to bytes that parse to the same value, and
//     to the input itself where the format has one encoding (everything but
//     a ClientHello without extensions and a ServerHello without an
//     extension block); decoded extension data re-encodes to itself.
#include <cstddef>
#include <cstdint>

#include "handshake/authentication.hpp"
#include "handshake/extension_codecs.hpp"
#include "handshake/hello.hpp"
#include "handshake/post_handshake.hpp"
#include "handshake/server_params.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/tls13_fuzz_support.hpp"
#include "trace/field_tree.hpp"

namespace {

using namespace glasstls::handshake;
using glasstls::Error;
using glasstls::Result;
using glasstls::fuzz::check_field_tree;
using C = ExtensionContext;

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

template <typename T>
void check_error_place(const Result<T>& r, std::size_t size) {
  if (r) return;
  GLASSTLS_FUZZ_CHECK(r.error().offset == Error::no_offset || r.error().offset <= size);
}

// The same result with and without a sink; the tree tiles on success.
template <typename T>
void check_same(const Result<T>& plain, const Result<T>& traced, glasstls::trace::FieldTree& tree,
                std::size_t size) {
  GLASSTLS_FUZZ_CHECK(plain.ok() == traced.ok());
  if (!plain) {
    GLASSTLS_FUZZ_CHECK(plain.error().alert == traced.error().alert &&
                        plain.error().offset == traced.error().offset);
    return;
  }
  GLASSTLS_FUZZ_CHECK(tree.balanced());
  check_field_tree(tree.nodes(), size);
}

// parse -> (traced parse) -> serialize -> parse again.
template <typename T, typename Parse>
void message(ByteView m, bool with_sink, bool canonical_always, Parse&& parse) {
  auto r = parse(m, nullptr);
  check_error_place(r, m.size());
  if (with_sink) {
    glasstls::trace::FieldTree tree;
    auto traced = parse(m, &tree);
    if (traced) tree.fill_lengths(m);
    check_same(r, traced, tree, m.size());
  }
  if (!r) return;
  const Bytes out = r->serialize();
  GLASSTLS_FUZZ_CHECK(!out.empty());
  auto again = parse(ByteView(out), nullptr);
  GLASSTLS_FUZZ_CHECK(again.ok());
  GLASSTLS_FUZZ_CHECK(again->serialize() == out);
  if (canonical_always) GLASSTLS_FUZZ_CHECK(same(out, m));
}

Bytes with_header(HandshakeType t, ByteView body) {
  Bytes m = {code(t), static_cast<std::uint8_t>(body.size() >> 16),
             static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

void messages(unsigned which, ByteView input, bool raw, bool sink, bool sha384) {
  static constexpr HandshakeType kTypes[] = {HandshakeType::client_hello,
                                             HandshakeType::server_hello,
                                             HandshakeType::encrypted_extensions,
                                             HandshakeType::certificate_request,
                                             HandshakeType::certificate,
                                             HandshakeType::certificate_verify,
                                             HandshakeType::finished,
                                             HandshakeType::new_session_ticket,
                                             HandshakeType::key_update,
                                             HandshakeType::end_of_early_data};
  const Bytes built = raw ? Bytes(input.begin(), input.end()) : with_header(kTypes[which], input);
  const ByteView m(built);
  switch (which) {
    case 0: {
      // A ClientHello without extensions is written without an extension
      // block, whether or not the input had an empty one.
      auto plain = ClientHello::parse(m);
      message<ClientHello>(
          m, sink, plain && !plain->extensions.list.empty(),
          [](ByteView b, glasstls::crypto::FieldSink* s) { return ClientHello::parse(b, s); });
      return;
    }
    case 1: {
      auto plain = ServerHello::parse(m);
      message<ServerHello>(m, sink, false, [](ByteView b, glasstls::crypto::FieldSink* s) {
        return ServerHello::parse(b, s);
      });
      // Only a missing extension block is written differently (as an empty one).
      if (plain) {
        const Bytes out = plain->serialize();
        GLASSTLS_FUZZ_CHECK(same(out, m) ||
                            (plain->extensions.list.empty() && out.size() == m.size() + 2));
        GLASSTLS_FUZZ_CHECK(plain->is_hello_retry_request() ==
                            (plain->random == kHelloRetryRequestRandom));
      }
      return;
    }
    case 2:
      return message<EncryptedExtensions>(m, sink, true,
                                          [](ByteView b, glasstls::crypto::FieldSink* s) {
                                            return EncryptedExtensions::parse(b, s);
                                          });
    case 3:
      return message<CertificateRequest>(m, sink, true,
                                         [](ByteView b, glasstls::crypto::FieldSink* s) {
                                           return CertificateRequest::parse(b, s);
                                         });
    case 4:
      return message<CertificateMessage>(m, sink, true,
                                         [](ByteView b, glasstls::crypto::FieldSink* s) {
                                           return CertificateMessage::parse(b, s);
                                         });
    case 5:
      return message<CertificateVerify>(m, sink, true,
                                        [](ByteView b, glasstls::crypto::FieldSink* s) {
                                          return CertificateVerify::parse(b, s);
                                        });
    case 6: {
      const std::size_t hash_length = sha384 ? 48 : 32;
      message<Finished>(m, sink, true, [hash_length](ByteView b, glasstls::crypto::FieldSink* s) {
        return Finished::parse(b, hash_length, s);
      });
      if (auto f = Finished::parse(m, hash_length)) {
        GLASSTLS_FUZZ_CHECK(f->verify_data.size() == hash_length);
      }
      return;
    }
    case 7:
      return message<NewSessionTicket>(
          m, sink, true,
          [](ByteView b, glasstls::crypto::FieldSink* s) { return NewSessionTicket::parse(b, s); });
    case 8: {
      message<KeyUpdate>(m, sink, true, [](ByteView b, glasstls::crypto::FieldSink* s) {
        return KeyUpdate::parse(b, s);
      });
      return;
    }
    case 9: {
      auto r = EndOfEarlyData::parse(m);
      check_error_place(r, m.size());
      GLASSTLS_FUZZ_CHECK(r.ok() ==
                          (m.size() == 4 && m[0] == 5 && m[1] == 0 && m[2] == 0 && m[3] == 0));
      if (sink) {
        glasstls::trace::FieldTree tree;
        check_same(r, EndOfEarlyData::parse(m, &tree), tree, m.size());
      }
      return;
    }
    default: return;
  }
}

// ---- extension data

struct Codec {
  std::uint16_t type;
  ExtensionContext context;
};

constexpr Codec kCodecs[16] = {
    {43, C::client_hello},        {43, C::server_hello}, {10, C::client_hello},
    {13, C::client_hello},        {51, C::client_hello}, {51, C::server_hello},
    {51, C::hello_retry_request}, {0, C::client_hello},  {16, C::client_hello},
    {45, C::client_hello},        {41, C::client_hello}, {41, C::server_hello},
    {44, C::client_hello},        {28, C::client_hello}, {47, C::client_hello},
    {42, C::new_session_ticket},
};

// Decodes `d` with decoder `which` and re-encodes what it read; returns
// whether it decoded.
bool decode(unsigned which, ByteView d) {
  auto round = [&](const auto& r, auto&& encode) {
    check_error_place(r, d.size());
    if (!r) return false;
    GLASSTLS_FUZZ_CHECK(same(encode(*r), d));
    return true;
  };
  switch (which) {
    case 0: return round(decode_supported_versions_client(d), encode_supported_versions_client);
    case 1: return round(decode_supported_versions_server(d), encode_supported_versions_server);
    case 2: return round(decode_named_group_list(d), encode_u16_list);
    case 3: return round(decode_signature_scheme_list(d), encode_u16_list);
    case 4: return round(decode_key_share_client(d), encode_key_share_client);
    case 5: return round(decode_key_share_server(d), encode_key_share_server);
    case 6: return round(decode_key_share_hrr(d), encode_key_share_hrr);
    case 7: {
      auto r = decode_server_name(d);
      check_error_place(r, d.size());
      if (!r) return false;
      // One host_name entry is the only form we write.
      if (!r->empty() && d.size() == r->size() + 5) {
        GLASSTLS_FUZZ_CHECK(same(encode_server_name(*r), d));
      }
      return true;
    }
    case 8: return round(decode_alpn(d), encode_alpn);
    case 9: return round(decode_psk_key_exchange_modes(d), encode_psk_key_exchange_modes);
    case 10: {
      auto r = decode_offered_psks(d);
      check_error_place(r, d.size());
      if (!r) return false;
      GLASSTLS_FUZZ_CHECK(!r->identities.empty() && !r->binders.empty());
      std::vector<std::size_t> sizes;
      Bytes binders = {0, 0};
      for (const auto& b : r->binders) {
        sizes.push_back(b.size());
        binders.push_back(static_cast<std::uint8_t>(b.size()));
        binders.insert(binders.end(), b.begin(), b.end());
      }
      binders[0] = static_cast<std::uint8_t>((binders.size() - 2) >> 8);
      binders[1] = static_cast<std::uint8_t>(binders.size() - 2);
      const Bytes enc = encode_offered_psks(r->identities, sizes);
      GLASSTLS_FUZZ_CHECK(enc.size() == d.size() && r->binders_wire_length == binders.size());
      const std::size_t ids = d.size() - binders.size();
      GLASSTLS_FUZZ_CHECK(same(ByteView(enc).first(ids), d.first(ids)));
      GLASSTLS_FUZZ_CHECK(same(binders, d.subspan(ids)));
      return true;
    }
    case 11: return round(decode_selected_identity(d), encode_selected_identity);
    case 12: return round(decode_cookie(d), [](const Bytes& c) { return encode_cookie(c); });
    case 13: return round(decode_record_size_limit(d), encode_record_size_limit);
    case 14: return round(decode_certificate_authorities(d), encode_certificate_authorities);
    case 15: {
      auto r = decode_max_early_data_size(d);
      check_error_place(r, d.size());
      if (!r) return false;
      GLASSTLS_FUZZ_CHECK(d.size() == 4 &&
                          *r == (std::uint32_t{d[0]} << 24 | std::uint32_t{d[1]} << 16 |
                                 std::uint32_t{d[2]} << 8 | d[3]));
      return true;
    }
    default: return false;
  }
}

void extension_data(unsigned which, ByteView d, bool sink) {
  const bool ok = decode(which, d);
  // The reader the trace uses (through parse_extensions) must agree.
  glasstls::trace::FieldTree tree;
  glasstls::crypto::Reader r(d);
  if (sink) r.set_sink(&tree);
  auto traced = trace_extension_data(kCodecs[which].type, kCodecs[which].context, r);
  GLASSTLS_FUZZ_CHECK(traced.ok() == ok);
  if (ok && sink) {
    GLASSTLS_FUZZ_CHECK(tree.balanced());
    check_field_tree(tree.nodes(), d.size());
  }
}

void extension_block(ByteView input, bool sink) {
  if (input.empty()) return;
  const auto context = static_cast<ExtensionContext>(1u << (input[0] % 7));
  const ByteView d = input.subspan(1);
  glasstls::crypto::Reader plain_reader(d);
  auto plain = parse_extensions(plain_reader, context);
  check_error_place(plain, d.size());
  if (sink) {
    glasstls::trace::FieldTree tree;
    glasstls::crypto::Reader traced_reader(d);
    traced_reader.set_sink(&tree);
    auto traced = parse_extensions(traced_reader, context);
    GLASSTLS_FUZZ_CHECK(plain.ok() == traced.ok());
    if (plain) {
      GLASSTLS_FUZZ_CHECK(tree.balanced());
      check_field_tree(tree.nodes(), plain_reader.offset());
    }
  }
  if (!plain) return;
  // The §4.2 rules hold for what was accepted.
  for (std::size_t i = 0; i < plain->list.size(); ++i) {
    const auto& e = plain->list[i];
    if (auto allowed = allowed_contexts(e.type)) {
      GLASSTLS_FUZZ_CHECK((*allowed & static_cast<std::uint8_t>(context)) != 0);
    }
    for (std::size_t j = 0; j < i; ++j) GLASSTLS_FUZZ_CHECK(plain->list[j].type != e.type);
    if (context == C::client_hello && e.type == 41)
      GLASSTLS_FUZZ_CHECK(i + 1 == plain->list.size());
  }
  glasstls::crypto::Writer w;
  serialize_extensions(w, *plain, context);
  auto out = std::move(w).finish();
  GLASSTLS_FUZZ_CHECK(out.ok() && same(*out, d.first(plain_reader.offset())));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 70000) return 0;
  const std::uint8_t selector = data[0];
  const ByteView input(data + 1, size - 1);
  const unsigned which = (selector & 0x1fu) % 27;
  const bool sink = (selector & 0x20) != 0;
  if (which < 10) {
    messages(which, input, (selector & 0x40) != 0, sink, (selector & 0x80) != 0);
  } else if (which < 26) {
    extension_data(which - 10, input, sink);
  } else {
    extension_block(input, sink);
  }
  return 0;
}
