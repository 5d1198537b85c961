#include "tools/demo_compare.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "handshake/codepoints.hpp"
#include "tools/demo_cast.hpp"
#include "tools/demo_handshake.hpp"
#include "tools/demo_wire.hpp"
#include "tools/files.hpp"
#include "trace/handshake_outline.hpp"
#include "trace/html_renderer.hpp"
#include "trace/json_writer.hpp"

namespace glasstls::tools {

namespace {

using trace::OutlineItem;
using trace::Purpose;

// One of the two handshakes, as the events of both sides told it.
struct Compared {
  std::string version;  // "TLS 1.2"
  std::string suite, group;
  trace::HandshakeOutline outline;
  int round_trips = 0;
};

void run_handshake(const DemoPlan& plan, const DemoCast& cast, crypto::Rng& rng,
                   x509::UnixTime now, Compared& out) {
  DemoConfigs configs = make_configs(plan, cast, rng, now);
  configs.client.trace = &out.outline.client();
  configs.server.trace = &out.outline.server();
  auto client = handshake::Connection::client(configs.client, configs.server_name);
  auto server = handshake::Connection::server(configs.server);
  Wire wire(*client, *server);
  wire.exchange();
  for (const auto* side : {client.get(), server.get()}) {
    if (side->error()) demo_fail("the handshake failed: " + side->error()->describe());
  }
  const auto round_trips = out.outline.round_trips();
  if (!client->handshake_done() || !server->handshake_done() || !round_trips)
    demo_fail("the handshake did not finish");
  const auto& n = client->negotiated();
  out.version = handshake::version_name(n.version);
  out.suite = handshake::cipher_suite_name(n.cipher_suite);
  out.group = handshake::group_name(n.group);
  out.round_trips = *round_trips;
}

// What each row is for, and how the two versions differ in it.
std::string_view purpose_text(Purpose p) {
  switch (p) {
    case Purpose::key_exchange:
      return "Agreeing on the shared secret every key comes from (ECDHE). TLS 1.3 puts the key "
             "shares into the hellos (key_share, RFC 8446 §4.2.8), so the server can encrypt "
             "right after its ServerHello; TLS 1.2 sends them after the hellos, in "
             "ServerKeyExchange (signed by the server) and ClientKeyExchange (RFC 8422 §5.4, "
             "§5.7).";
    case Purpose::server_authentication:
      return "The server's certificate chain and its proof that it holds the certificate's key: "
             "in TLS 1.3 a signature over the transcript (CertificateVerify, RFC 8446 §4.4.3); "
             "in TLS 1.2 the signature in ServerKeyExchange, in the row above (RFC 5246 "
             "§7.4.3).";
    case Purpose::client_authentication:
      return "Mutual TLS: the server asks (CertificateRequest), the client sends its chain and "
             "signs the transcript (CertificateVerify).";
    case Purpose::finished:
      return "Each side's MAC over the whole handshake, under keys from the shared secret: "
             "proof that nobody changed a byte (RFC 8446 §4.4.4; RFC 5246 §7.4.9).";
    case Purpose::other:
      return "The rest: TLS 1.3's EncryptedExtensions (the server's answers to the client's "
             "extensions), TLS 1.2's ServerHelloDone, ChangeCipherSpec (in TLS 1.2 it switches "
             "on the new keys; in TLS 1.3 it is a dummy record for middleboxes, RFC 8446 §D.4), "
             "NewSessionTicket.";
  }
  return "";
}

// "Certificate (server)" where both sides send a message of that name.
std::string label(const OutlineItem& item) {
  const bool both = item.change_cipher_spec || item.type == 11 || item.type == 15 ||
                    item.type == 20;  // Certificate, CertificateVerify, Finished
  return both ? item.name + (item.from_client ? " (client)" : " (server)") : item.name;
}

std::vector<const OutlineItem*> row(const Compared& c, Purpose p) {
  std::vector<const OutlineItem*> out;
  for (const auto& item : c.outline.items()) {
    if (item.purpose == p) out.push_back(&item);
  }
  return out;
}

// `text` broken into lines of at most 80 columns: the first after `first`,
// the others after `indent` (of the same width).
std::string wrap(std::string_view text, std::string_view first, std::string_view indent) {
  constexpr std::size_t kWidth = 80;
  std::string out, line;
  std::size_t at = 0;
  const auto flush = [&] {
    out.append(out.empty() ? first : indent).append(line).append("\n");
    line.clear();
  };
  while (at < text.size()) {
    auto end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > kWidth) flush();
    line.append(line.empty() ? "" : " ").append(word);
    at = end + 1;
  }
  if (!line.empty()) flush();
  return out;
}

// The comparison in sentences (the terminal's and the page's summary).
std::vector<std::string> findings(const Compared& a, const Compared& b, bool mtls) {
  std::vector<std::string> out;
  out.push_back(fmt::format(
      "Round trips before the client may send application data: {} in {}, {} in {} (a round "
      "trip: a client flight and the server flight that answers it).",
      a.round_trips, a.version, b.round_trips, b.version));
  out.push_back(fmt::format("Flights: {} in {}, {} in {}.", a.outline.flights(), a.version,
                            b.outline.flights(), b.version));
  out.push_back(fmt::format(
      "Handshake bytes on the wire (records, headers included): client to server {} in {}, {} "
      "in {}; server to client {} in {}, {} in {}.",
      a.outline.wire_bytes(true), a.version, b.outline.wire_bytes(true), b.version,
      a.outline.wire_bytes(false), a.version, b.outline.wire_bytes(false), b.version));
  for (const Compared* c : {&a, &b}) {
    std::string clear;
    std::size_t n = 0;
    for (const auto& item : c->outline.items()) {
      if (item.encrypted) continue;
      clear.append(n++ ? ", " : "").append(label(item));
    }
    out.push_back(fmt::format("An eavesdropper reads, in {}: {} ({} of {} items in the clear).",
                              c->version, clear, n, c->outline.items().size()));
  }
  const auto certificate = [&](bool from_client) {
    std::string text;
    for (const Compared* c : {&a, &b}) {
      const auto& items = c->outline.items();
      const auto it = std::find_if(items.begin(), items.end(), [&](const OutlineItem& i) {
        return i.type == 11 && i.from_client == from_client;
      });
      if (it == items.end()) continue;
      text.append(text.empty() ? "" : ", ")
          .append(it->encrypted ? "encrypted in " : "in the clear in ")
          .append(c->version);
    }
    return text;
  };
  out.push_back("The server's certificate chain (who the client talks to): " + certificate(false) +
                ".");
  if (mtls) {
    out.push_back("The client's certificate chain (who the client is): " + certificate(true) +
                  ".");
  }
  return out;
}

// ---- the terminal

class Painter {
 public:
  explicit Painter(bool colour) : colour_(colour) {}
  std::string operator()(std::string_view code, std::string_view text) const {
    if (!colour_) return std::string(text);
    return std::string("\x1b[").append(code).append("m").append(text).append("\x1b[0m");
  }

 private:
  bool colour_;
};

constexpr std::size_t kCellWidth = 37;

//  1 -> ClientHello          199B clear
std::string cell(const OutlineItem* item, const Painter& paint) {
  if (!item) return std::string(kCellWidth, ' ');
  return fmt::format("{:>2} {} {:<19} {:>4}B ", item->flight, item->from_client ? "->" : "<-",
                     item->name, item->length) +
         paint(item->encrypted ? "32" : "33", item->encrypted ? "enc  " : "clear");
}

void print_rows(const Compared& a, const Compared& b, bool colour) {
  const Painter paint(colour);
  fmt::print("\n   {:<{}} | {}\n", paint("1", a.version), kCellWidth + (colour ? 8 : 0),
             paint("1", b.version));
  for (const Purpose p : trace::kPurposes) {
    const auto left = row(a, p), right = row(b, p);
    if (left.empty() && right.empty()) continue;
    fmt::print("\n {}\n{}", paint("1", trace::purpose_name(p)), wrap(purpose_text(p), "   ", "   "));
    for (std::size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
      std::string line = "   " + cell(i < left.size() ? left[i] : nullptr, paint) + " | " +
                         (i < right.size() ? cell(right[i], paint) : "");
      line.erase(line.find_last_not_of(' ') + 1);
      fmt::print("{}\n", line);
    }
  }
}

// ---- the JSON (docs/trace-format.md)

// A JsonWriter with a member per value kind: "key": value.
struct JsonMembers {
  trace::JsonWriter& w;
  void text(std::string_view key, std::string_view value) const {
    w.key(key);
    w.string(value);
  }
  void number(std::string_view key, std::uint64_t value) const {
    w.key(key);
    w.number(value);
  }
  void boolean(std::string_view key, bool value) const {
    w.key(key);
    w.boolean(value);
  }
};

void outline_json(trace::JsonWriter& w, const Compared& c) {
  const JsonMembers m{w};
  w.begin_object();
  m.text("version", c.version);
  m.text("cipher_suite", c.suite);
  m.text("group", c.group);
  m.number("round_trips", static_cast<std::uint64_t>(c.round_trips));
  m.number("flights", static_cast<std::uint64_t>(c.outline.flights()));
  m.number("client_to_server_bytes", c.outline.wire_bytes(true));
  m.number("server_to_client_bytes", c.outline.wire_bytes(false));
  w.key("messages");
  w.begin_array();
  for (const auto& item : c.outline.items()) {
    w.newline();
    w.begin_object();
    m.number("flight", static_cast<std::uint64_t>(item.flight));
    m.text("from", item.from_client ? "client" : "server");
    m.text("kind", item.change_cipher_spec ? "change_cipher_spec" : "handshake");
    if (!item.change_cipher_spec) m.number("type", item.type);
    m.text("name", item.name);
    m.number("length", item.length);
    m.boolean("encrypted", item.encrypted);
    m.text("purpose", trace::purpose_name(item.purpose));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

std::string compare_json(const Compared& a, const Compared& b, bool mtls) {
  trace::JsonWriter w;
  const JsonMembers m{w};
  w.begin_object();
  m.number("version", 1);
  m.boolean("mutual_tls", mtls);
  w.key("handshakes");
  w.begin_array();
  for (const Compared* c : {&a, &b}) {
    w.newline();
    outline_json(w, *c);
  }
  w.end_array();
  w.end_object();
  return w.text() + "\n";
}

// ---- the page

constexpr std::string_view kCompareStyle = R"CSS(
.cmp{display:grid;grid-template-columns:260px 1fr 1fr;gap:12px;padding:8px 0;border-bottom:1px solid #e3e7f0}
.cmp.head div{font-weight:600;text-align:center;padding:4px;background:#eef1f7;border-radius:4px}
.cmp.head div:first-child{background:none}.cmp.head div{display:flex;justify-content:space-between}
.cmp.head .side{font-weight:400;color:#4a5368}
.cmp .purpose{font-weight:600}.cmp .purpose .note{display:block;font-weight:400;padding:2px 0}
.cmp .msg{cursor:default}.cmp .msg:hover{background:none}.cmp .none{color:#8a92a6;text-align:center}
.badge.clear{background:#fff1e6;color:#8a4b00}
)CSS";

std::string html_message(const OutlineItem& item) {
  return fmt::format(
      "<div class=\"msg {}\" data-message=\"{}\" data-from=\"{}\" data-encrypted=\"{}\">"
      "<span class=\"arrow\">{}<span class=\"badge\">flight {}</span><span class=\"badge\">{} "
      "byte{}</span><span class=\"badge {}\">{}</span></span><span class=\"line\"></span></div>\n",
      item.from_client ? "c2s" : "s2c", trace::html_escape(item.name),
      item.from_client ? "client" : "server", item.encrypted ? "true" : "false",
      trace::html_escape(label(item)), item.flight, item.length, item.length == 1 ? "" : "s", item.encrypted ? "enc" : "clear",
      item.encrypted ? "encrypted" : "in the clear");
}

// A column's heading: the client on the left, the version, the server.
std::string lanes(std::string_view version) {
  return "<div><span class=\"side\">client</span><span>" + trace::html_escape(version) +
         "</span><span class=\"side\">server</span></div>";
}

std::string html_page(const Compared& a, const Compared& b, bool mtls) {
  const std::string title = "GlassTLS: " + a.version + " and " + b.version + " side by side";
  std::string page = trace::html_head(title, kCompareStyle);
  page.append("<body>\n<header>\n<h1>")
      .append(trace::html_escape(title))
      .append("</h1>\n<p class=\"summary\">");
  for (const Compared* c : {&a, &b}) {
    page.append("<span><b>")
        .append(trace::html_escape(c->version))
        .append(":</b> ")
        .append(trace::html_escape(c->suite + ", " + c->group))
        .append("</span>");
  }
  page.append(fmt::format(
      "</p>\n<p class=\"note\">The same client (alice) and server (www.example.test), the same "
      "identities{}, two real handshakes in memory. Each message: its direction (client to "
      "server or back), its flight (a run of messages from one side), its size with its 4-byte "
      "header, and whether it crossed the wire in the clear (an eavesdropper reads it) or "
      "encrypted.</p>\n</header>\n<section id=\"compare\">\n<h2>The two handshakes, aligned by "
      "purpose</h2>\n<div class=\"cmp head\"><div></div>{}{}</div>\n",
      mtls ? ", mutual TLS" : "", lanes(a.version), lanes(b.version)));
  for (const Purpose p : trace::kPurposes) {
    const auto left = row(a, p), right = row(b, p);
    if (left.empty() && right.empty()) continue;
    page.append(fmt::format(
        "<div class=\"cmp\" data-purpose=\"{}\"><div class=\"purpose\">{}<span "
        "class=\"note\">{}</span></div>\n",
        trace::purpose_name(p), trace::html_escape(trace::purpose_name(p)),
        trace::html_escape(purpose_text(p))));
    for (const auto* items : {&left, &right}) {
      page.append("<div class=\"cell\">\n");
      for (const auto* item : *items) page.append(html_message(*item));
      if (items->empty()) page.append("<div class=\"none\">none</div>\n");
      page.append("</div>\n");
    }
    page.append("</div>\n");
  }
  page.append("</section>\n<section id=\"findings\">\n<h2>What changed</h2>\n<ul>\n");
  for (const auto& f : findings(a, b, mtls))
    page.append("<li>").append(trace::html_escape(f)).append("</li>\n");
  page.append("</ul>\n</section>\n</body>\n</html>\n");
  return page;
}

}  // namespace

int run_compare(const DemoOptions& options) {
  DemoStart start(options);
  std::string problem;
  if (!start.prepare(problem)) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  const DemoPlan& plan = start.plan;
  DemoFiles& files = start.files;
  crypto::Rng& rng = start.rng();
  const x509::UnixTime now = start.now;

  fmt::print("GlassTLS demo --compare: the same client and server, TLS 1.2 and TLS 1.3\n");
  if (options.seed) {
    fmt::print("(--seed {}: every byte below is reproducible; the clock is fixed at\n {})\n",
               *options.seed, x509::format_time(now));
  } else {
    fmt::print("(keys from the operating system's random generator; the time is now, {})\n",
               x509::format_time(now));
  }
  fmt::print("\n== 1. Who is who (step by step: glasstls demo pki)\n");
  const DemoCast cast = make_cast(plan, rng, now, files);
  print_cast(cast, plan);

  DemoPlan plan12 = plan;
  plan12.version = handshake::kTls12;
  Compared tls12, tls13;
  run_handshake(plan12, cast, rng, now, tls12);
  run_handshake(plan, cast, rng, now, tls13);

  fmt::print("\n== 2. Two handshakes, aligned by purpose{}\n",
             plan.mtls ? " (mutual TLS)" : " (only the server proves who it is)");
  for (const Compared* c : {&tls12, &tls13})
    fmt::print("   {}: {}, key exchange {}\n", c->version, c->suite, c->group);
  fmt::print("{}", wrap("Each line: the flight (a run of messages from one side), -> client to "
                        "server or <- server to client, the message, its size with its 4-byte "
                        "header, and how it crossed the wire: clear (an eavesdropper reads it) "
                        "or enc (encrypted). Every message of both handshakes is in exactly one "
                        "row.",
                        "   ", "   "));
  print_rows(tls12, tls13, ::isatty(STDOUT_FILENO) == 1);

  fmt::print("\n== 3. What changed\n");
  for (const auto& f : findings(tls12, tls13, plan.mtls)) fmt::print("{}", wrap(f, "   - ", "     "));
  const auto write = [&problem](const std::string& file, const std::string& contents,
                                std::string_view what) {
    if (file.empty()) return;
    if (!write_file(file, contents, false, problem)) demo_fail(problem);
    fmt::print("   wrote {}: {}\n", file, what);
  };
  write(options.html_file, html_page(tls12, tls13, plan.mtls),
        "the comparison as a web page, no network needed");
  write(options.json_file, compare_json(tls12, tls13, plan.mtls),
        "the comparison as JSON (docs/trace-format.md)");
  fmt::print(
      "\nEach handshake field by field: glasstls demo --tls 1.2 and glasstls demo; every\n"
      "option: docs/demo.md.\n");
  files.print_summary(options.seed ? std::optional<x509::UnixTime>(now) : std::nullopt);
  return 0;
}

}  // namespace glasstls::tools
