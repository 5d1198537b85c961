// api_auth: the canonical request, the three verifiers, the key databases,
// the nonce cache and one-request-per-connection HTTP over TlsStream.
// See api_auth.hpp for the protocol and docs/api-auth.md for the comparison.
#include "api_auth.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace api_auth {

using namespace glasstls;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_nonce(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// `"name": value` from a flat JSON object: a string's contents or a number.
std::optional<std::string> json_field(std::string_view body, std::string_view name) {
  const std::string key = "\"" + std::string(name) + "\"";
  auto at = body.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  at = body.find(':', at + key.size());
  if (at == std::string_view::npos) return std::nullopt;
  ++at;
  while (at < body.size() && body[at] == ' ') ++at;
  if (at < body.size() && body[at] == '"') {
    const auto end = body.find('"', at + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(body.substr(at + 1, end - at - 1));
  }
  auto end = at;
  while (end < body.size() && body[end] >= '0' && body[end] <= '9') ++end;
  if (end == at) return std::nullopt;
  return std::string(body.substr(at, end - at));
}

std::string json_error(const std::string& reason) {
  std::string escaped;
  for (char c : reason) escaped += (c == '"' || c == '\\') ? '\'' : c;
  return "{\"error\":\"" + escaped + "\"}";
}

}  // namespace

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "hmac") return Mode::hmac;
  if (text == "signature") return Mode::signature;
  if (text == "mtls") return Mode::mtls;
  return std::nullopt;
}

std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::hmac: return "hmac";
    case Mode::signature: return "signature";
    case Mode::mtls: return "mtls";
  }
  return "?";
}

// ---- HTTP

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return std::nullopt;
}

void HttpRequest::set_header(const std::string& name, const std::string& value) {
  for (auto& [n, v] : headers) {
    if (iequals(n, name)) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string HttpRequest::serialize() const {
  std::string out = method + " " + path + " HTTP/1.1\r\n";
  for (const auto& [n, v] : headers) {
    if (!iequals(n, "Content-Length")) out += n + ": " + v + "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

std::string HttpResponse::serialize() const {
  const char* reason = status == 200   ? "OK"
                       : status == 400 ? "Bad Request"
                       : status == 401 ? "Unauthorized"
                       : status == 404 ? "Not Found"
                                       : "Error";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

std::optional<HttpRequest> parse_request(std::string_view raw, std::string& problem) {
  constexpr std::size_t kMaxBody = 16 * 1024;
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (raw.size() > 8192) problem = "request head too large";
    return std::nullopt;
  }
  HttpRequest request;
  request.headers.clear();
  std::string_view head = raw.substr(0, head_end);
  auto line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || request_line.substr(sp2 + 1) != "HTTP/1.1") {
    problem = "bad request line";
    return std::nullopt;
  }
  request.method = std::string(request_line.substr(0, sp1));
  request.path = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::size_t content_length = 0;
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      problem = "bad header line";
      return std::nullopt;
    }
    std::string name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (!all_digits(value) || std::stoull(value) > kMaxBody) {
        problem = "bad or too large Content-Length";
        return std::nullopt;
      }
      content_length = std::stoull(value);
    }
    request.headers.emplace_back(std::move(name), std::move(value));
  }
  const std::string_view rest = raw.substr(head_end + 4);
  if (rest.size() < content_length) return std::nullopt;
  if (rest.size() > content_length) {
    problem = "bytes after the body (one request per connection)";
    return std::nullopt;
  }
  request.body = std::string(rest);
  return request;
}

HttpResponse parse_response(std::string_view raw) {
  HttpResponse response;
  if (raw.substr(0, 9) != "HTTP/1.1 " || raw.size() < 12) return response;
  const std::string code(raw.substr(9, 3));
  if (!all_digits(code)) return response;
  response.status = std::stoi(code);
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end != std::string_view::npos) response.body = std::string(raw.substr(head_end + 4));
  return response;
}

// ---- what is signed

std::string canonical_request(const HttpRequest& request, std::string_view timestamp,
                              std::string_view nonce) {
  const auto body_hash = crypto::Sha256::hash(bytes_of(request.body));
  return request.method + "\n" + request.path + "\n" + std::string(timestamp) + "\n" +
         std::string(nonce) + "\n" + crypto::to_hex(body_hash);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string new_nonce(crypto::Rng& rng) {
  std::array<std::uint8_t, 16> nonce;
  rng.fill(nonce);
  return crypto::to_hex(nonce);
}

namespace {
// The headers both signing modes send; returns the canonical string.
std::string stamp(HttpRequest& request, const std::string& key_id, std::int64_t now,
                  crypto::Rng& rng) {
  const std::string timestamp = std::to_string(now), nonce = new_nonce(rng);
  request.set_header("X-Key-Id", key_id);
  request.set_header("X-Timestamp", timestamp);
  request.set_header("X-Nonce", nonce);
  return canonical_request(request, timestamp, nonce);
}
}  // namespace

void sign_hmac(HttpRequest& request, const HmacCredential& credential, std::int64_t now,
               crypto::Rng& rng) {
  const std::string canonical = stamp(request, credential.key_id, now, rng);
  crypto::Hmac mac(crypto::HashId::sha256, credential.secret.bytes());
  mac.update(bytes_of(canonical));
  std::array<std::uint8_t, 32> tag;
  mac.finish(tag);
  request.set_header("X-Signature", crypto::to_hex(tag));
}

Result<void> sign_with_key(HttpRequest& request, const SigningCredential& credential,
                           std::int64_t now, crypto::Rng& rng) {
  const std::string canonical = stamp(request, credential.key_id, now, rng);
  if (const auto* ed = credential.key.ed25519()) {
    request.set_header("X-Signature", crypto::to_hex(ed->sign(bytes_of(canonical))));
    return success();
  }
  if (const auto* ec = credential.key.ec(); ec && credential.key.type() == x509::KeyType::ec_p256) {
    const auto digest = crypto::Sha256::hash(bytes_of(canonical));
    auto sig = crypto::ecdsa_sign(*ec, crypto::HashId::sha256, digest, rng);
    if (!sig) return sig.error();
    request.set_header("X-Signature", crypto::to_hex(sig->to_p1363()));
    return success();
  }
  return make_error(AlertDescription::unsupported_certificate,
                    "api_auth: signing keys are Ed25519 or ECDSA P-256");
}

// ---- key databases

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

KeyDatabase KeyDatabase::load(const std::string& path) {
  KeyDatabase db;
  std::istringstream in(read_file(path));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string id, hex;
    fields >> id >> hex;
    auto value = crypto::from_hex(hex);
    if (id.empty() || hex.empty() || !value) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": want `KEY-ID HEX`");
    }
    db.entries[id] = std::move(*value);
  }
  return db;
}

std::string KeyDatabase::to_text() const {
  std::string out;
  for (const auto& [id, value] : entries) out += id + " " + crypto::to_hex(value) + "\n";
  return out;
}

HmacCredential hmac_credential_from(const KeyDatabase& db, const std::string& key_id) {
  const auto it = db.entries.find(key_id);
  if (it == db.entries.end()) throw std::runtime_error("no key " + key_id + " in the key file");
  if (it->second.size() > 64) throw std::runtime_error("an HMAC key is at most 64 bytes here");
  return {key_id, crypto::Secret<64>::from(it->second)};
}

SigningCredential signing_credential_from_pem(const std::string& key_id, const std::string& pem) {
  auto key = x509::PrivateKey::parse_pem(pem);
  if (!key) throw std::runtime_error("signing key: " + key.error().describe());
  return {key_id, std::move(*key)};
}

Bytes spki_from_pem(const std::string& pem) {
  auto blocks = x509::pem_decode_all(pem);
  if (!blocks || blocks->empty()) throw std::runtime_error("no PEM block");
  const auto& block = blocks->front();
  if (block.label == "CERTIFICATE") {
    auto cert = x509::Certificate::parse(block.der);
    if (!cert) throw std::runtime_error("certificate: " + cert.error().describe());
    const auto spki = cert->public_key().spki_der;
    return Bytes(spki.begin(), spki.end());
  }
  if (block.label == "PUBLIC KEY") {
    auto key = x509::PublicKey::parse_der(block.der);
    if (!key) throw std::runtime_error("public key: " + key.error().describe());
    return block.der;
  }
  auto key = x509::PrivateKey::parse_pem(pem);
  if (!key) throw std::runtime_error("key: " + key.error().describe());
  return key->spki_der();
}

// ---- replay protection

bool NonceCache::remember(const std::string& key_id, const std::string& nonce,
                          std::int64_t timestamp, std::int64_t now) {
  if (now != pruned_at_) {  // forget what the window refuses anyway, once a second
    std::erase_if(seen_, [now](const auto& entry) { return entry.second < now; });
    pruned_at_ = now;
  }
  const std::string key = key_id + "\n" + nonce;
  if (seen_.contains(key) || seen_.size() >= capacity_) return false;
  seen_[key] = timestamp + window_;
  return true;
}

// ---- the service

Verdict Service::check_signed(const HttpRequest& request) {
  const auto key_id = request.header("X-Key-Id"), timestamp = request.header("X-Timestamp"),
             nonce = request.header("X-Nonce"), signature = request.header("X-Signature");
  if (!key_id || !timestamp || !nonce || !signature) {
    return {false, "", "missing X-Key-Id, X-Timestamp, X-Nonce or X-Signature"};
  }
  // 1. The key, by its id (the id is public: it says who claims to sign).
  const auto entry = keys.entries.find(*key_id);
  if (entry == keys.entries.end()) return {false, "", "unknown key id " + *key_id};
  // 2. The window: a request older (or newer) than `window` seconds is refused
  //    whatever its signature, so the nonce cache need only remember a window.
  if (!all_digits(*timestamp) || !is_nonce(*nonce)) return {false, "", "bad timestamp or nonce"};
  const std::int64_t ts = std::stoll(*timestamp), t = now();
  if (ts < t - window || ts > t + window) {
    return {false, "",
            "timestamp outside the " + std::to_string(window) + " s window (" +
                std::to_string(t - ts) + " s old)"};
  }
  // 3. The signature over the canonical string, rebuilt from what arrived.
  const std::string canonical = canonical_request(request, *timestamp, *nonce);
  auto sig = crypto::from_hex(*signature);
  if (!sig) return {false, "", "signature is not hex"};
  if (mode == Mode::hmac) {
    // Recompute the MAC and compare in constant time (a == that stops at the
    // first differing byte tells an attacker how many leading bytes are right).
    if (sig->size() != 32) return {false, "", "bad signature: HMAC-SHA256 is 32 bytes"};
    crypto::Hmac mac(crypto::HashId::sha256, entry->second);
    mac.update(bytes_of(canonical));
    if (!mac.verify(*sig).declassify()) return {false, "", "bad signature: HMAC does not match"};
  } else {
    // The algorithm comes from the registered key, never from the request.
    auto key = x509::PublicKey::parse_der(entry->second);
    if (!key) return {false, "", "registered key unreadable"};
    Result<void> valid = make_error(AlertDescription::decrypt_error, "unsupported key");
    if (key->type == x509::KeyType::ed25519) {
      const auto& pk = std::get<crypto::ed25519::PublicKey>(key->key);
      valid = crypto::ed25519::verify(pk, bytes_of(canonical), *sig);
    } else if (key->type == x509::KeyType::ec_p256) {
      auto parsed = crypto::EcdsaSignature::parse_p1363(crypto::EcCurve::p256, *sig);
      if (parsed) {
        const auto digest = crypto::Sha256::hash(bytes_of(canonical));
        valid = crypto::ecdsa_verify(std::get<crypto::EcPublicKey>(key->key), digest, *parsed);
      } else {
        valid = parsed.error();
      }
    }
    if (!valid) {
      return {false, "",
              "bad signature: " + std::string(x509::key_type_name(key->type)) +
                  " signature does not verify"};
    }
  }
  // 4. Only now, authenticated, the nonce: the same one twice is a replay.
  if (!nonces_.remember(*key_id, *nonce, ts, t)) {
    return {false, "", "replay: nonce already used within the window"};
  }
  return {true, *key_id, ""};
}

Verdict Service::authenticate(const HttpRequest& request, const std::string& peer_subject) {
  std::lock_guard lock(mutex_);
  if (mode == Mode::mtls) {
    // The handshake did the work: the chain was verified against our CA and
    // the client proved it holds the key (CertificateVerify).
    if (peer_subject.empty()) return {false, "", "no client certificate"};
    return {true, peer_subject, ""};
  }
  return check_signed(request);
}

HttpResponse Service::handle(const HttpRequest& request, const std::string& peer_subject,
                             std::string& log_line) {
  log_line = request.method + " " + request.path + " -> ";
  if (request.path != "/transfer" || request.method != "POST") {
    log_line += "404";
    return {404, json_error("only POST /transfer here")};
  }
  const Verdict verdict = authenticate(request, peer_subject);
  if (!verdict.ok) {
    log_line += "401 " + verdict.reason;
    return {401, json_error(verdict.reason)};
  }
  const auto to = json_field(request.body, "to"), amount = json_field(request.body, "amount");
  if (!to || !amount) {
    log_line += "400 from " + verdict.who + ": body needs \"to\" and \"amount\"";
    return {400, json_error("body needs \"to\" and \"amount\"")};
  }
  log_line += "200 " + verdict.who + " sends " + *amount + " to " + *to;
  return {200, "{\"status\":\"done\",\"from\":\"" + verdict.who + "\",\"to\":\"" + *to +
                   "\",\"amount\":" + *amount + "}"};
}

// ---- over TLS

std::optional<std::string> serve_one(net::Listener& listener, const handshake::Config& config,
                                     Service& service, std::chrono::milliseconds timeout) {
  net::Socket socket = listener.accept(timeout);
  if (!socket) return std::nullopt;
  net::TlsStream tls(std::move(socket), handshake::Connection::server(config), timeout);
  if (!tls.handshake()) return "refused at the TLS handshake: " + tls.error();
  std::string raw, problem;
  std::optional<HttpRequest> request;
  for (;;) {
    request = parse_request(raw, problem);
    if (request || !problem.empty()) break;
    const auto data = tls.read();
    if (data.empty()) break;
    raw.append(data.begin(), data.end());
  }
  if (!tls.ok()) return "refused: " + tls.error();
  HttpResponse response;
  std::string line;
  if (!request) {
    if (problem.empty()) problem = "incomplete request";
    response = {400, json_error(problem)};
    line = "400 " + problem;
  } else {
    response = service.handle(*request, tls.negotiated().peer_subject, line);
  }
  tls.write(response.serialize());
  tls.close();
  return line;
}

HttpResponse send_raw(const handshake::Config& config, std::uint16_t port, const std::string& raw,
                      std::string& tls_error) {
  auto tls =
      net::TlsStream::connect(config, "127.0.0.1", port, "localhost", std::chrono::seconds(10));
  if (!tls.ok()) {
    tls_error = tls.error();
    return {};
  }
  tls.write(raw);
  const std::string reply = tls.read_all();
  if (!tls.ok() && reply.empty()) {
    tls_error = tls.error();
    return {};
  }
  tls.close();
  return parse_response(reply);
}

std::shared_ptr<const x509::KeyStore> forge_client_identity(const std::string& ca_cert_pem,
                                                            const std::string& ca_key_pem,
                                                            const x509::Certificate& subject_from,
                                                            crypto::Rng& rng) {
  auto ca_certs = x509::Certificate::parse_pem_all(ca_cert_pem);
  auto ca_key = x509::PrivateKey::parse_pem(ca_key_pem);
  if (!ca_certs || ca_certs->empty() || !ca_key) throw std::runtime_error("cannot read the CA");
  auto ca = x509::CertificateAuthority::from(ca_certs->front(), std::move(*ca_key));
  if (!ca) throw std::runtime_error("CA: " + ca.error().describe());
  auto key = x509::PrivateKey::generate("p256", rng);  // the thief's own key
  if (!key) throw std::runtime_error("key: " + key.error().describe());
  auto csr = x509::make_csr(*key, subject_from.subject().der, {}, rng);
  if (!csr) throw std::runtime_error("CSR: " + csr.error().describe());
  const std::int64_t now = unix_now();
  auto cert = ca->issue(*csr, x509::Profile::client, now - 60, now + 3600, rng);
  if (!cert) throw std::runtime_error("issue: " + cert.error().describe());
  auto store = x509::KeyStore::create({*cert}, std::move(*key));
  if (!store) throw std::runtime_error("key store: " + store.error().describe());
  return std::make_shared<const x509::KeyStore>(std::move(*store));
}

}  // namespace api_auth
