#include "tools/tls_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "crypto/hex.hpp"
#include "handshake/cipher_suite.hpp"
#include "tools/files.hpp"

namespace glasstls::tools {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = text.find(',', at);
    const auto piece = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!piece.empty()) out.push_back(piece);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

bool parse_groups(const std::string& text, std::vector<std::uint16_t>& out, std::string& problem) {
  for (const auto& name : split_list(text)) {
    if (name == "x25519" || name == "X25519") {
      out.push_back(0x001d);
    } else if (name == "P-256" || name == "secp256r1" || name == "prime256v1") {
      out.push_back(0x0017);
    } else if (name == "P-384" || name == "secp384r1") {
      out.push_back(0x0018);
    } else {
      problem = "unknown group '" + name + "' (x25519, P-256, P-384)";
      return false;
    }
  }
  return true;
}

bool parse_suites(const std::string& text, std::vector<std::uint16_t>& out, std::string& problem) {
  // Every suite we implement, by its IANA name (or 0x....).
  std::vector<std::uint16_t> known;
  for (int s = 0; s <= 0xffff; ++s) {
    const auto v = static_cast<std::uint16_t>(s);
    if (handshake::find_suite(v, handshake::kTls13) || handshake::find_suite(v, handshake::kTls12))
      known.push_back(v);
  }
  for (const auto& name : split_list(text)) {
    std::uint16_t found = 0;
    for (std::uint16_t s : known) {
      if (handshake::cipher_suite_name(s) == name) found = s;
    }
    if (name.rfind("0x", 0) == 0)
      found = static_cast<std::uint16_t>(std::strtoul(name.c_str(), nullptr, 16));
    if (std::find(known.begin(), known.end(), found) == known.end()) {
      problem = std::string("unknown cipher suite '").append(name).append("' (one of:");
      for (std::uint16_t s : known) problem.append(" ").append(handshake::cipher_suite_name(s));
      problem.append(")");
      return false;
    }
    out.push_back(found);
  }
  return true;
}

bool parse_versions(const std::string& text, std::vector<std::uint16_t>& out,
                    std::string& problem) {
  if (text == "1.3") {
    out = {handshake::kTls13};
  } else if (text == "1.2") {
    out = {handshake::kTls12};
  } else if (text == "any") {
    out = {handshake::kTls13, handshake::kTls12};
  } else {
    problem = std::string("--tls ").append(text).append(": one of 1.3, 1.2, any");
    return false;
  }
  return true;
}

bool load_identity(const std::string& cert_path, const std::string& key_path,
                   std::shared_ptr<const x509::KeyStore>& out, std::string& problem) {
  std::vector<x509::StoreSource> sources;
  if (!read_sources(cert_path, Directories::refused, sources, problem) ||
      !read_sources(key_path, Directories::refused, sources, problem)) {
    return false;
  }
  auto store = x509::KeyStore::load(sources, problem);
  if (!store) {
    if (problem.empty()) problem = store.error().describe();
    return false;
  }
  out = std::make_shared<const x509::KeyStore>(std::move(*store));
  return true;
}

bool load_trust(const std::string& path, x509::TrustStore& out, std::string& problem) {
  std::vector<x509::StoreSource> sources;
  if (!read_sources(path, Directories::allowed, sources, problem)) return false;
  for (const auto& src : sources) {
    std::vector<x509::Certificate> certs;
    for (const auto& p : x509::load_certificates(src.name, src.data, certs)) {
      problem = p.describe();
      return false;
    }
    for (auto& c : certs) out.add(std::move(c));
  }
  if (out.size() == 0) {
    problem = path + " holds no certificate";
    return false;
  }
  return true;
}

void KeyLogSink::on_event(const trace::Event& event) {
  if (const auto* k = std::get_if<trace::KeyLogEvent>(&event)) {
    out_ << k->label << ' ' << crypto::to_hex(k->client_random) << ' ' << crypto::to_hex(k->secret)
         << '\n';
    out_.flush();
  }
}

void add_tls_options(CLI::App& cmd, TlsArgs& a, handshake::Role side) {
  const bool client = side == handshake::Role::client;
  cmd.add_option("--tls", a.tls,
                 "protocol versions: 1.3, 1.2 or any (default: any, 1.3 preferred)");
  cmd.add_option("--alpn", a.alpn,
                 client ? "application protocols to offer, e.g. h2,http/1.1"
                        : "application protocols we speak, e.g. h2,http/1.1");
  cmd.add_option("--groups", a.groups, "key exchange groups: x25519,P-256,P-384");
  cmd.add_option("--suites", a.suites,
                 client ? "cipher suites (IANA names; RSA key transport only when named), e.g. "
                          "TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256"
                        : "cipher suites (IANA names), e.g. "
                          "TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  cmd.add_option("--keylog", a.keylog, "append secrets in NSS key log format (or SSLKEYLOGFILE)");
  cmd.add_flag("--trace", a.trace, "print every record, message, key step and decision to stderr");
  cmd.add_flag(
         "--step{message}", a.step,
         std::string("show each handshake message field by field and pause after it "
                     "(--step=event: after each event") +
             (client ? "" : "; every connection waits meanwhile, and no handshake times out") +
             "); keys from the terminal: Enter next, c to the end of the flight, s "
             "secrets, x hex, ? help, q quit")
      ->check(CLI::IsMember({"message", "event"}));
}

bool apply_tls_lists(const TlsArgs& a, handshake::Config& config, std::string& problem) {
  if (!parse_versions(a.tls, config.versions, problem) ||
      (!a.groups.empty() && !parse_groups(a.groups, config.groups, problem)) ||
      (!a.suites.empty() && !parse_suites(a.suites, config.cipher_suites, problem)))
    return false;
  config.alpn = split_list(a.alpn);
  return true;
}

bool Sinks::open(const TlsArgs& a, std::string_view side, std::string& problem) {
  std::string path = a.keylog;
  if (path.empty()) {
    if (const char* env = std::getenv("SSLKEYLOGFILE"); env && *env) path = env;
  }
  if (!path.empty()) {
    keylog_ = std::make_unique<KeyLogSink>(path);
    if (!keylog_->ok()) {
      problem = "cannot open the key log file " + path;
      return false;
    }
    tee_.add(keylog_.get());
  }
  if (a.trace) {
    text_ = std::make_unique<trace::TextRenderer>(std::cerr);
    tee_.add(text_.get());
  }
  return a.step.empty() || open_step(a.step, side, problem);
}

bool Sinks::open_step(std::string_view unit, std::string_view side, std::string& problem) {
  tty_.open("/dev/tty");
  if (!tty_.is_open()) {
    problem = "--step reads its keys from the terminal (/dev/tty), and there is none";
    return false;
  }
  view_ = std::make_unique<trace::IllustratedRenderer>(std::cerr, trace::TraceLevel::fields,
                                                       ::isatty(STDERR_FILENO) == 1, side);
  step_ = std::make_unique<StepThrough>(
      tty_, std::cerr, unit == "event" ? StepThrough::Unit::event : StepThrough::Unit::message, [] {
        std::fflush(stdout);
        std::exit(0);
      });
  step_->set_views({view_.get()});
  step_->end_flights_by_direction();
  tee_.add(view_.get());
  tee_.add(step_.get());
  std::cerr << "--step: pausing after each " << (unit == "event" ? "event" : "handshake message")
            << " (the peer waits meanwhile).\n"
            << StepThrough::kHelp << "\n";
  return true;
}

}  // namespace glasstls::tools
