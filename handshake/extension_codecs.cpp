#include "handshake/extension_codecs.hpp"

#include <functional>

#include "crypto/hex.hpp"
#include "handshake/field_values.hpp"
#include "handshake/message.hpp"

namespace glasstls::handshake {

namespace {

using AD = AlertDescription;
using crypto::Reader;
using crypto::Writer;

Error truncated(const Reader& r, std::string_view rule) {
  return r.error_here(AD::decode_error, rule);
}

// Runs `read` over the whole of `data` and requires that it consumed it all.
template <typename T, typename Read>
Result<T> decode_all(ByteView data, Read&& read) {
  Reader r(data);
  auto v = read(r);
  if (!v) return v.error();
  if (auto end = r.expect_end("RFC 8446 §4.2: extension_data longer than its contents"); !end) {
    return end.error();
  }
  return v;
}

Result<std::uint16_t> read_u16_field(Reader& r, std::string_view name,
                                     std::string (*describe)(std::uint16_t),
                                     std::string_view rule) {
  std::uint16_t v = 0;
  if (!r.field(
          name, [&] { return r.read_u16(v); }, [&] { return describe(v); })) {
    return truncated(r, rule);
  }
  return v;
}

std::string number(std::uint16_t v) { return std::to_string(v); }

Result<std::vector<std::uint16_t>> read_u16_list(Reader& r, std::string_view list_name,
                                                 std::string_view item_name,
                                                 std::string (*describe)(std::uint16_t),
                                                 std::size_t min, std::size_t max,
                                                 std::string_view rule) {
  r.open_field(list_name);
  Reader items;
  if (auto v = r.read_u16_prefixed(items, min, max, rule); !v) return v.error();
  if (items.remaining() % 2 != 0) return items.error_here(AD::decode_error, rule);
  std::vector<std::uint16_t> out;
  while (!items.empty()) {
    auto v = read_u16_field(items, item_name, describe, rule);
    if (!v) return v.error();
    out.push_back(*v);
  }
  r.close_field([&] { return std::to_string(out.size()) + " entries"; });
  return out;
}

Result<std::vector<std::uint16_t>> read_supported_versions_client(Reader& r) {
  // RFC 8446 §4.2.1: ProtocolVersion versions<2..254>;
  constexpr std::string_view rule = "RFC 8446 §4.2.1: ProtocolVersion versions<2..254>";
  r.open_field("versions");
  Reader items;
  if (auto v = r.read_u8_prefixed(items, 2, 254, rule); !v) return v.error();
  if (items.remaining() % 2 != 0) return items.error_here(AD::decode_error, rule);
  std::vector<std::uint16_t> out;
  while (!items.empty()) {
    auto v = read_u16_field(items, "version", version_name, rule);
    if (!v) return v.error();
    out.push_back(*v);
  }
  r.close_field([&] { return std::to_string(out.size()) + " versions"; });
  return out;
}

Result<std::uint16_t> read_selected_version(Reader& r) {
  return read_u16_field(r, "selected_version", version_name,
                        "RFC 8446 §4.2.1: a truncated selected_version");
}

Result<std::vector<std::uint16_t>> read_named_groups(Reader& r) {
  return read_u16_list(r, "named_group_list", "group", group_name, 2, 0xffff,
                       "RFC 8446 §4.2.7: NamedGroup named_group_list<2..2^16-1>");
}

Result<std::vector<std::uint16_t>> read_signature_schemes(Reader& r) {
  return read_u16_list(r, "supported_signature_algorithms", "scheme", signature_scheme_name, 2,
                       0xfffe,
                       "RFC 8446 §4.2.3: SignatureScheme supported_signature_algorithms"
                       "<2..2^16-2>");
}

Result<KeyShareEntry> read_key_share_entry(Reader& r) {
  constexpr std::string_view rule =
      "RFC 8446 §4.2.8: KeyShareEntry is a NamedGroup and opaque key_exchange<1..2^16-1>";
  r.open_field("key_share_entry");
  KeyShareEntry e;
  auto g = read_u16_field(r, "group", group_name, rule);
  if (!g) return g.error();
  e.group = *g;
  auto key = read_opaque(r, {"key_exchange", "key", 2, 1, 0xffff, rule});
  if (!key) return key.error();
  e.key_exchange = std::move(*key);
  r.close_field([&] { return group_name(e.group); });
  return e;
}

Result<std::vector<KeyShareEntry>> read_key_share_client(Reader& r) {
  r.open_field("client_shares");
  Reader items;
  if (auto v = r.read_u16_prefixed(items, 0, 0xffff,
                                   "RFC 8446 §4.2.8: KeyShareEntry client_shares<0..2^16-1>");
      !v) {
    return v.error();
  }
  std::vector<KeyShareEntry> out;
  while (!items.empty()) {
    auto e = read_key_share_entry(items);
    if (!e) return e.error();
    out.push_back(std::move(*e));
  }
  r.close_field([&] { return std::to_string(out.size()) + " shares"; });
  return out;
}

Result<std::uint16_t> read_key_share_hrr(Reader& r) {
  return read_u16_field(r, "selected_group", group_name,
                        "RFC 8446 §4.2.8: a truncated selected_group");
}

Result<std::string> read_server_name(Reader& r) {
  // RFC 6066 §3: ServerName server_name_list<1..2^16-1>, each a NameType and
  // for host_name(0) a HostName<1..2^16-1>.
  constexpr std::string_view rule = "RFC 6066 §3: ServerName server_name_list<1..2^16-1>";
  r.open_field("server_name_list");
  Reader list;
  if (auto v = r.read_u16_prefixed(list, 1, 0xffff, rule); !v) return v.error();
  std::optional<std::string> host;
  while (!list.empty()) {
    list.open_field("server_name");
    std::uint8_t type = 0;
    if (!list.field(
            "name_type", [&] { return list.read_u8(type); },
            [&] { return type == 0 ? std::string("host_name") : std::to_string(type); })) {
      return truncated(list, rule);
    }
    list.open_field("name");
    Reader name;
    if (auto v = list.read_u16_prefixed(name, 1, 0xffff, "RFC 6066 §3: opaque HostName<1..2^16-1>");
        !v) {
      return v.error();
    }
    std::string text(name.all().begin(), name.all().end());
    name.field(
        "host_name", [&] { return name.skip(name.remaining()); },
        [&] { return "\"" + text + "\""; });
    list.close_field([] { return std::string(); });
    list.close_field([&] { return text; });
    if (type != 0) continue;  // other name types are ignored
    // RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of
    // the same name_type."
    if (host) {
      return make_error(AD::illegal_parameter,
                        "RFC 6066 §3: the ServerNameList MUST NOT contain more than one name of "
                        "the same name_type");
    }
    host = std::move(text);
  }
  r.close_field([] { return std::string(); });
  return host.value_or(std::string());
}

Result<std::vector<std::string>> read_alpn(Reader& r) {
  // RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>, each
  // opaque ProtocolName<1..2^8-1>.
  constexpr std::string_view rule = "RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>";
  r.open_field("protocol_name_list");
  Reader list;
  if (auto v = r.read_u16_prefixed(list, 2, 0xffff, rule); !v) return v.error();
  std::vector<std::string> out;
  while (!list.empty()) {
    list.open_field("protocol_name");
    Reader name;
    if (auto v =
            list.read_u8_prefixed(name, 1, 0xff, "RFC 7301 §3.1: opaque ProtocolName<1..2^8-1>");
        !v) {
      return v.error();
    }
    out.emplace_back(name.all().begin(), name.all().end());
    name.field(
        "name", [&] { return name.skip(name.remaining()); },
        [&] { return "\"" + out.back() + "\""; });
    list.close_field([&] { return out.back(); });
  }
  r.close_field([&] { return std::to_string(out.size()) + " protocols"; });
  return out;
}

Result<std::vector<std::uint8_t>> read_psk_modes(Reader& r) {
  r.open_field("ke_modes");
  Reader list;
  if (auto v =
          r.read_u8_prefixed(list, 1, 255, "RFC 8446 §4.2.9: PskKeyExchangeMode ke_modes<1..255>");
      !v) {
    return v.error();
  }
  std::vector<std::uint8_t> out;
  while (!list.empty()) {
    std::uint8_t m = 0;
    (void)list.field(
        "mode", [&] { return list.read_u8(m); },
        [&] {
          return m == 0   ? std::string("psk_ke")
                 : m == 1 ? std::string("psk_dhe_ke")
                          : std::to_string(m);
        });
    out.push_back(m);
  }
  r.close_field([&] { return std::to_string(out.size()) + " modes"; });
  return out;
}

Result<OfferedPsks> read_offered_psks(Reader& r) {
  OfferedPsks out;
  r.open_field("identities");
  Reader ids;
  if (auto v = r.read_u16_prefixed(ids, 7, 0xffff,
                                   "RFC 8446 §4.2.11: PskIdentity identities<7..2^16-1>");
      !v) {
    return v.error();
  }
  while (!ids.empty()) {
    ids.open_field("identity");
    PskIdentity id;
    auto identity = read_opaque(
        ids, {"identity", "ticket", 2, 1, 0xffff, "RFC 8446 §4.2.11: opaque identity<1..2^16-1>"});
    if (!identity) return identity.error();
    id.identity = std::move(*identity);
    if (!ids.field(
            "obfuscated_ticket_age", [&] { return ids.read_u32(id.obfuscated_ticket_age); },
            [&] { return std::to_string(id.obfuscated_ticket_age); })) {
      return truncated(ids, "RFC 8446 §4.2.11: a truncated obfuscated_ticket_age");
    }
    ids.close_field([] { return std::string(); });
    out.identities.push_back(std::move(id));
  }
  r.close_field([&] { return std::to_string(out.identities.size()) + " identities"; });
  const std::size_t binders_start = r.offset();
  r.open_field("binders");
  Reader binders;
  if (auto v = r.read_u16_prefixed(binders, 33, 0xffff,
                                   "RFC 8446 §4.2.11: PskBinderEntry binders<33..2^16-1>");
      !v) {
    return v.error();
  }
  while (!binders.empty()) {
    auto binder = read_opaque(binders, {"binder", "hmac", 1, 32, 255,
                                        "RFC 8446 §4.2.11: opaque PskBinderEntry<32..255>"});
    if (!binder) return binder.error();
    out.binders.push_back(std::move(*binder));
  }
  r.close_field([&] { return std::to_string(out.binders.size()) + " binders"; });
  out.binders_wire_length = r.offset() - binders_start;
  return out;
}

Result<std::uint16_t> read_selected_identity(Reader& r) {
  return read_u16_field(r, "selected_identity", number,
                        "RFC 8446 §4.2.11: a truncated selected_identity");
}

Result<Bytes> read_cookie(Reader& r) {
  return read_opaque(
      r, {"cookie", "value", 2, 1, 0xffff, "RFC 8446 §4.2.2: opaque cookie<1..2^16-1>"});
}

// RFC 5746 §3.2: opaque renegotiated_connection<0..255> — empty in an
// initial handshake (the only kind we do).
Result<Bytes> read_renegotiation_info(Reader& r) {
  return read_opaque(r, {"renegotiated_connection", "verify_data", 1, 0, 255,
                         "RFC 5746 §3.2: opaque renegotiated_connection<0..255>"});
}

// RFC 8422 §5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>.
Result<std::vector<std::uint8_t>> read_ec_point_formats(Reader& r) {
  r.open_field("ec_point_format_list");
  Reader list;
  if (auto v = r.read_u8_prefixed(list, 1, 255,
                                  "RFC 8422 §5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>");
      !v) {
    return v.error();
  }
  std::vector<std::uint8_t> out;
  while (!list.empty()) {
    std::uint8_t f = 0;
    (void)list.field(
        "ec_point_format", [&] { return list.read_u8(f); },
        [&] { return f == 0 ? std::string("uncompressed") : std::to_string(f); });
    out.push_back(f);
  }
  r.close_field([&] { return std::to_string(out.size()) + " formats"; });
  return out;
}

Result<std::uint16_t> read_record_size_limit(Reader& r) {
  return read_u16_field(r, "record_size_limit", number,
                        "RFC 8449 §4: a truncated record_size_limit");
}

Result<std::vector<Bytes>> read_certificate_authorities(Reader& r) {
  r.open_field("authorities");
  Reader list;
  if (auto v = r.read_u16_prefixed(list, 3, 0xffff,
                                   "RFC 8446 §4.2.4: DistinguishedName authorities<3..2^16-1>");
      !v) {
    return v.error();
  }
  std::vector<Bytes> out;
  while (!list.empty()) {
    auto dn = read_opaque(list, {"authority", "der", 2, 1, 0xffff,
                                 "RFC 8446 §4.2.4: opaque DistinguishedName<1..2^16-1>"});
    if (!dn) return dn.error();
    out.push_back(std::move(*dn));
  }
  r.close_field([&] { return std::to_string(out.size()) + " names"; });
  return out;
}

Result<std::uint32_t> read_max_early_data_size(Reader& r) {
  std::uint32_t v = 0;
  if (!r.field(
          "max_early_data_size", [&] { return r.read_u32(v); },
          [&] { return std::to_string(v); })) {
    return truncated(r, "RFC 8446 §4.2.10: a truncated max_early_data_size");
  }
  return v;
}

template <typename T>
Result<void> discard(Result<T> r) {
  if (!r) return r.error();
  return success();
}

}  // namespace

Result<std::vector<std::uint16_t>> decode_supported_versions_client(ByteView d) {
  return decode_all<std::vector<std::uint16_t>>(d, read_supported_versions_client);
}
Result<std::uint16_t> decode_supported_versions_server(ByteView d) {
  return decode_all<std::uint16_t>(d, read_selected_version);
}
Result<std::vector<std::uint16_t>> decode_named_group_list(ByteView d) {
  return decode_all<std::vector<std::uint16_t>>(d, read_named_groups);
}
Result<std::vector<std::uint16_t>> decode_signature_scheme_list(ByteView d) {
  return decode_all<std::vector<std::uint16_t>>(d, read_signature_schemes);
}
Result<std::vector<KeyShareEntry>> decode_key_share_client(ByteView d) {
  return decode_all<std::vector<KeyShareEntry>>(d, read_key_share_client);
}
Result<KeyShareEntry> decode_key_share_server(ByteView d) {
  return decode_all<KeyShareEntry>(d, read_key_share_entry);
}
Result<std::uint16_t> decode_key_share_hrr(ByteView d) {
  return decode_all<std::uint16_t>(d, read_key_share_hrr);
}
Result<std::string> decode_server_name(ByteView d) {
  return decode_all<std::string>(d, read_server_name);
}
Result<std::vector<std::string>> decode_alpn(ByteView d) {
  return decode_all<std::vector<std::string>>(d, read_alpn);
}
Result<std::vector<std::uint8_t>> decode_psk_key_exchange_modes(ByteView d) {
  return decode_all<std::vector<std::uint8_t>>(d, read_psk_modes);
}
Result<OfferedPsks> decode_offered_psks(ByteView d) {
  return decode_all<OfferedPsks>(d, read_offered_psks);
}
Result<std::uint16_t> decode_selected_identity(ByteView d) {
  return decode_all<std::uint16_t>(d, read_selected_identity);
}
Result<Bytes> decode_cookie(ByteView d) { return decode_all<Bytes>(d, read_cookie); }
Result<std::uint16_t> decode_record_size_limit(ByteView d) {
  return decode_all<std::uint16_t>(d, read_record_size_limit);
}
Result<std::vector<Bytes>> decode_certificate_authorities(ByteView d) {
  return decode_all<std::vector<Bytes>>(d, read_certificate_authorities);
}
Result<std::uint32_t> decode_max_early_data_size(ByteView d) {
  return decode_all<std::uint32_t>(d, read_max_early_data_size);
}
Result<Bytes> decode_renegotiation_info(ByteView d) {
  return decode_all<Bytes>(d, read_renegotiation_info);
}
Result<std::vector<std::uint8_t>> decode_ec_point_formats(ByteView d) {
  return decode_all<std::vector<std::uint8_t>>(d, read_ec_point_formats);
}

Result<void> trace_extension_data(std::uint16_t type, ExtensionContext context, Reader& r) {
  using C = ExtensionContext;
  const bool ch = context == C::client_hello;
  Result<void> done = success();
  bool decoded = true;
  switch (static_cast<ExtensionType>(type)) {
    case ExtensionType::supported_versions:
      done = ch ? discard(read_supported_versions_client(r)) : discard(read_selected_version(r));
      break;
    case ExtensionType::supported_groups: done = discard(read_named_groups(r)); break;
    case ExtensionType::signature_algorithms:
    case ExtensionType::signature_algorithms_cert: done = discard(read_signature_schemes(r)); break;
    case ExtensionType::key_share:
      done = ch                                  ? discard(read_key_share_client(r))
             : context == C::hello_retry_request ? discard(read_key_share_hrr(r))
                                                 : discard(read_key_share_entry(r));
      break;
    case ExtensionType::server_name:
      if (ch)
        done = discard(read_server_name(r));
      else
        decoded = false;
      break;
    case ExtensionType::application_layer_protocol_negotiation: done = discard(read_alpn(r)); break;
    case ExtensionType::psk_key_exchange_modes: done = discard(read_psk_modes(r)); break;
    case ExtensionType::pre_shared_key:
      done = ch ? discard(read_offered_psks(r)) : discard(read_selected_identity(r));
      break;
    case ExtensionType::cookie: done = discard(read_cookie(r)); break;
    case ExtensionType::record_size_limit: done = discard(read_record_size_limit(r)); break;
    case ExtensionType::renegotiation_info: done = discard(read_renegotiation_info(r)); break;
    case ExtensionType::ec_point_formats: done = discard(read_ec_point_formats(r)); break;
    case ExtensionType::extended_master_secret: break;  // empty (RFC 7627 §5.1)
    case ExtensionType::certificate_authorities:
      done = discard(read_certificate_authorities(r));
      break;
    case ExtensionType::early_data:
      if (context == C::new_session_ticket)
        done = discard(read_max_early_data_size(r));
      else
        decoded = false;
      break;
    default: decoded = false; break;
  }
  if (!done) return done;
  if (decoded && !r.empty()) {
    return r.error_here(AD::decode_error, "RFC 8446 §4.2: extension_data longer than its contents");
  }
  if (!decoded) {
    const ByteView rest = r.rest();
    (void)r.field(
        "data", [&] { return r.skip(r.remaining()); }, [&] { return hex_value(rest); });
  }
  return success();
}

// ---- encoders

namespace {

Bytes build(const std::function<void(Writer&)>& body) {
  Writer w;
  body(w);
  auto out = std::move(w).finish();
  return out ? std::move(*out) : Bytes{};
}

}  // namespace

Bytes encode_supported_versions_client(const std::vector<std::uint16_t>& versions) {
  return build([&](Writer& w) {
    w.u8_vector(2, 254, [&](Writer& l) {
      for (auto v : versions) l.u16(v);
    });
  });
}

Bytes encode_supported_versions_server(std::uint16_t version) {
  return build([&](Writer& w) { w.u16(version); });
}

Bytes encode_u16_list(const std::vector<std::uint16_t>& list) {
  return build([&](Writer& w) {
    w.u16_vector(2, 0xfffe, [&](Writer& l) {
      for (auto v : list) l.u16(v);
    });
  });
}

Bytes encode_key_share_client(const std::vector<KeyShareEntry>& shares) {
  return build([&](Writer& w) {
    w.u16_prefixed([&](Writer& l) {
      for (const auto& s : shares) {
        l.u16(s.group);
        l.u16_vector(1, 0xffff, [&](Writer& k) { k.bytes(s.key_exchange); });
      }
    });
  });
}

Bytes encode_key_share_server(const KeyShareEntry& share) {
  return build([&](Writer& w) {
    w.u16(share.group);
    w.u16_vector(1, 0xffff, [&](Writer& k) { k.bytes(share.key_exchange); });
  });
}

Bytes encode_key_share_hrr(std::uint16_t group) {
  return build([&](Writer& w) { w.u16(group); });
}

Bytes encode_server_name(std::string_view host_name) {
  return build([&](Writer& w) {
    w.u16_vector(1, 0xffff, [&](Writer& l) {
      l.u8(0);  // host_name
      l.u16_vector(1, 0xffff, [&](Writer& n) {
        n.bytes({reinterpret_cast<const std::uint8_t*>(host_name.data()), host_name.size()});
      });
    });
  });
}

Bytes encode_alpn(const std::vector<std::string>& protocols) {
  return build([&](Writer& w) {
    w.u16_vector(2, 0xffff, [&](Writer& l) {
      for (const auto& p : protocols) {
        l.u8_vector(1, 0xff, [&](Writer& n) {
          n.bytes({reinterpret_cast<const std::uint8_t*>(p.data()), p.size()});
        });
      }
    });
  });
}

Bytes encode_psk_key_exchange_modes(const std::vector<std::uint8_t>& modes) {
  return build([&](Writer& w) { w.u8_vector(1, 255, [&](Writer& l) { l.bytes(modes); }); });
}

Bytes encode_offered_psks(const std::vector<PskIdentity>& ids,
                          const std::vector<std::size_t>& binder_sizes) {
  return build([&](Writer& w) {
    w.u16_vector(7, 0xffff, [&](Writer& l) {
      for (const auto& id : ids) {
        l.u16_vector(1, 0xffff, [&](Writer& i) { i.bytes(id.identity); });
        l.u32(id.obfuscated_ticket_age);
      }
    });
    w.u16_vector(33, 0xffff, [&](Writer& l) {
      for (auto n : binder_sizes) {
        l.u8_vector(32, 255, [&](Writer& b) { b.bytes(Bytes(n, 0)); });
      }
    });
  });
}

Bytes encode_selected_identity(std::uint16_t index) {
  return build([&](Writer& w) { w.u16(index); });
}

Bytes encode_cookie(ByteView cookie) {
  return build([&](Writer& w) { w.u16_vector(1, 0xffff, [&](Writer& c) { c.bytes(cookie); }); });
}

Bytes encode_record_size_limit(std::uint16_t limit) {
  return build([&](Writer& w) { w.u16(limit); });
}

Bytes encode_renegotiation_info(ByteView renegotiated_connection) {
  return build([&](Writer& w) {
    w.u8_vector(0, 255, [&](Writer& v) { v.bytes(renegotiated_connection); });
  });
}

Bytes encode_ec_point_formats(const std::vector<std::uint8_t>& formats) {
  return build([&](Writer& w) { w.u8_vector(1, 255, [&](Writer& l) { l.bytes(formats); }); });
}

Bytes encode_certificate_authorities(const std::vector<Bytes>& names) {
  return build([&](Writer& w) {
    w.u16_vector(3, 0xffff, [&](Writer& l) {
      for (const auto& n : names) l.u16_vector(1, 0xffff, [&](Writer& d) { d.bytes(n); });
    });
  });
}

}  // namespace glasstls::handshake
