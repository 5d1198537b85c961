// Fuzz target: every TLS 1.2 handshake message parser (handshake/key_exchange12.hpp,
// handshake/messages12.hpp, and the TLS 1.3 CertificateVerify and Finished
// that TLS 1.2 reuses) and the ChangeCipherSpec record content.
//
// Input: [selector][bytes]. selector & 0x0f (mod 11) picks the parser:
//   0 ServerKeyExchange12      1 ClientKeyExchange12 (ECDHE)
//   2 ClientKeyExchange12 (RSA) 3 Certificate12    4 CertificateRequest12
//   5 ServerHelloDone          6 HelloRequest      7 NewSessionTicket12
//   8 CertificateVerify12      9 Finished (12-byte verify_data)
//   10 ChangeCipherSpec (`bytes` is the record content: no header)
// selector & 0x20: also parse with a trace::FieldTree attached.
// selector & 0x40: `bytes` is the whole message (header included); else the
//                  body, and the 4-byte header is made for it.
//
// What must hold:
//   - parsing never crashes; an error's offset lies inside the input;
//   - a FieldSink does not change the result (same success, same alert and
//     offset on failure); on success the field tree is balanced, every node
//     has a name, the top-level fields tile the message exactly and children
//     tile their parent, and the builder reports the same tree as the parser
//     (names, values, byte ranges, nesting);
//   - every TLS 1.2 format has one encoding, so a parsed message serializes
//     to the input itself; a ServerKeyExchange's params() are the bytes after
//     the header up to the signature.
//
// Seeds (corpus/fuzz_tls12_messages/): [selector | 0x40][message] for each
// message of tests/tls12/messages12_test.cpp and of the OpenSSL captures in
// vectors/tls12-messages-openssl.kat, named after the message; one
// body-only seed per parser.
#include <cstddef>
#include <cstdint>

#include "handshake/key_exchange12.hpp"
#include "handshake/messages12.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/tls13_fuzz_support.hpp"
#include "trace/field_tree.hpp"

namespace {

using namespace glasstls::handshake;
using glasstls::Error;
using glasstls::Result;
using glasstls::crypto::FieldSink;
using glasstls::trace::FieldNode;
using glasstls::trace::FieldTree;

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

bool same_trees(const std::vector<FieldNode>& a, const std::vector<FieldNode>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].value != b[i].value || a[i].offset != b[i].offset ||
        a[i].length != b[i].length || a[i].parent != b[i].parent) {
      return false;
    }
  }
  return true;
}

// parse -> (traced parse, builder's tree) -> serialize: the input again.
template <typename Parse>
void message(ByteView m, bool with_sink, Parse&& parse) {
  auto r = parse(m, nullptr);
  if (!r) {
    GLASSTLS_FUZZ_CHECK(r.error().offset == Error::no_offset || r.error().offset <= m.size());
  }
  if (with_sink) {
    FieldTree parsed;
    auto traced = parse(m, &parsed);
    GLASSTLS_FUZZ_CHECK(r.ok() == traced.ok());
    if (!r) {
      GLASSTLS_FUZZ_CHECK(r.error().alert == traced.error().alert &&
                          r.error().offset == traced.error().offset);
    } else {
      GLASSTLS_FUZZ_CHECK(parsed.balanced());
      parsed.fill_lengths(m);
      glasstls::fuzz::check_field_tree(parsed.nodes(), m.size());
      FieldTree built;
      const Bytes out = traced->serialize(&built);
      built.fill_lengths(out);
      GLASSTLS_FUZZ_CHECK(built.balanced() && same_trees(parsed.nodes(), built.nodes()));
    }
  }
  if (!r) return;
  GLASSTLS_FUZZ_CHECK(same(r->serialize(), m));
}

Bytes with_header(HandshakeType t, ByteView body) {
  Bytes m = {code(t), static_cast<std::uint8_t>(body.size() >> 16),
             static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

constexpr HandshakeType kTypes[] = {
    HandshakeType::server_key_exchange, HandshakeType::client_key_exchange,
    HandshakeType::client_key_exchange, HandshakeType::certificate,
    HandshakeType::certificate_request, HandshakeType::server_hello_done,
    HandshakeType::hello_request,       HandshakeType::new_session_ticket,
    HandshakeType::certificate_verify,  HandshakeType::finished};

void messages(unsigned which, ByteView input, bool raw, bool sink) {
  if (which == 10) {
    return message(input, sink,
                   [](ByteView b, FieldSink* s) { return ChangeCipherSpec::parse(b, s); });
  }
  const Bytes built = raw ? Bytes(input.begin(), input.end()) : with_header(kTypes[which], input);
  const ByteView m(built);
  switch (which) {
    case 0: {
      message(m, sink, [](ByteView b, FieldSink* s) { return ServerKeyExchange12::parse(b, s); });
      if (auto ske = ServerKeyExchange12::parse(m)) {
        const Bytes params = ske->params();
        GLASSTLS_FUZZ_CHECK(params.size() == 4 + ske->public_key.size() &&
                            same(params, m.subspan(4, params.size())));
      }
      return;
    }
    case 1:
    case 2: {
      const KeyExchangeKind kind = which == 1 ? KeyExchangeKind::ecdhe : KeyExchangeKind::rsa;
      return message(m, sink, [kind](ByteView b, FieldSink* s) {
        return ClientKeyExchange12::parse(b, kind, s);
      });
    }
    case 3:
      return message(m, sink, [](ByteView b, FieldSink* s) { return Certificate12::parse(b, s); });
    case 4:
      return message(m, sink,
                     [](ByteView b, FieldSink* s) { return CertificateRequest12::parse(b, s); });
    case 5:
      return message(m, sink,
                     [](ByteView b, FieldSink* s) { return ServerHelloDone::parse(b, s); });
    case 6:
      return message(m, sink, [](ByteView b, FieldSink* s) { return HelloRequest::parse(b, s); });
    case 7:
      return message(m, sink,
                     [](ByteView b, FieldSink* s) { return NewSessionTicket12::parse(b, s); });
    case 8:
      return message(m, sink,
                     [](ByteView b, FieldSink* s) { return CertificateVerify12::parse(b, s); });
    case 9: {
      message(m, sink,
              [](ByteView b, FieldSink* s) { return Finished::parse(b, kVerifyDataLength12, s); });
      if (auto f = Finished::parse(m, kVerifyDataLength12)) {
        GLASSTLS_FUZZ_CHECK(f->verify_data.size() == kVerifyDataLength12);
      }
      return;
    }
    default: return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 70000) return 0;
  const std::uint8_t selector = data[0];
  const ByteView input(data + 1, size - 1);
  messages((selector & 0x0fu) % 11, input, (selector & 0x40) != 0, (selector & 0x20) != 0);
  return 0;
}
