#include "tests/tls12/mbedtls_peer.hpp"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_ticket.h>
// For the negotiated group and EMS flag, which mbedTLS 2.28 keeps only in
// its (public, but internal) handshake parameters.
#include <mbedtls/ssl_internal.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <cstdlib>
#include <deque>

namespace glasstls::test {

struct MbedPeer::State {
  mbedtls_ssl_context ssl;
  mbedtls_ssl_config conf;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_x509_crt own_chain;
  mbedtls_pk_context own_key;
  mbedtls_x509_crt ca_chain;
  // mbedtls_ssl_conf_ciphersuites / _curves / _sig_hashes keep these pointers.
  std::vector<int> suites;
  std::vector<mbedtls_ecp_group_id> curves;
  std::vector<int> hashes;
  std::uint64_t entropy_state = 0;
  // What the export-keys callback saw.
  std::vector<std::uint8_t> master_secret, randoms;
  mbedtls_tls_prf_types prf = MBEDTLS_SSL_TLS_PRF_NONE;
  std::deque<std::uint8_t> in;
  std::vector<std::uint8_t> out;

  State() {
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&own_chain);
    mbedtls_pk_init(&own_key);
    mbedtls_x509_crt_init(&ca_chain);
  }
  ~State() {
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_x509_crt_free(&own_chain);
    mbedtls_pk_free(&own_key);
    mbedtls_x509_crt_free(&ca_chain);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
};

namespace {

// The DRBG's entropy: splitmix64 of a seed, so every run draws the same
// randoms (a test peer, never a key that protects anything).
int fixed_entropy(void* p, unsigned char* out, std::size_t len) {
  auto& state = *static_cast<std::uint64_t*>(p);
  for (std::size_t i = 0; i < len; ++i) {
    if (i % 8 == 0) state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    out[i] = static_cast<unsigned char>(z >> (8 * (i % 8)));
  }
  return 0;
}

int bio_send(void* p, const unsigned char* buf, std::size_t len) {
  auto& s = *static_cast<MbedPeer::State*>(p);
  s.out.insert(s.out.end(), buf, buf + len);
  return static_cast<int>(len);
}

int bio_recv(void* p, unsigned char* buf, std::size_t len) {
  auto& s = *static_cast<MbedPeer::State*>(p);
  if (s.in.empty()) return MBEDTLS_ERR_SSL_WANT_READ;
  const std::size_t n = std::min(len, s.in.size());
  std::copy_n(s.in.begin(), n, buf);
  s.in.erase(s.in.begin(), s.in.begin() + static_cast<std::ptrdiff_t>(n));
  return static_cast<int>(n);
}

int export_keys(void* p, const unsigned char* ms, const unsigned char*, std::size_t, std::size_t,
                std::size_t, const unsigned char client_random[32],
                const unsigned char server_random[32], mbedtls_tls_prf_types prf) {
  auto& s = *static_cast<MbedPeer::State*>(p);
  s.master_secret.assign(ms, ms + 48);
  s.randoms.assign(client_random, client_random + 32);
  s.randoms.insert(s.randoms.end(), server_random, server_random + 32);
  s.prf = prf;
  return 0;
}

// Set-up failures are bugs in the test: stop loudly.
void check(int ret, const char* what) {
  if (ret == 0) return;
  char text[200];
  mbedtls_strerror(ret, text, sizeof text);
  std::fprintf(stderr, "mbedtls_peer: %s failed: -0x%04x %s\n", what, static_cast<unsigned>(-ret),
               text);
  std::abort();
}

}  // namespace

struct MbedResumption::State {
  mbedtls_ssl_cache_context cache;
  mbedtls_ssl_ticket_context ticket;
  mbedtls_ctr_drbg_context drbg;  // the ticket key's randomness
  std::uint64_t entropy_state = 5077;
  mbedtls_ssl_session session;  // a client's saved session
  bool has_session = false;

  State() {
    mbedtls_ssl_cache_init(&cache);
    mbedtls_ssl_ticket_init(&ticket);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ssl_session_init(&session);
    check(mbedtls_ctr_drbg_seed(&drbg, fixed_entropy, &entropy_state, nullptr, 0),
          "mbedtls_ctr_drbg_seed (tickets)");
    check(mbedtls_ssl_ticket_setup(&ticket, mbedtls_ctr_drbg_random, &drbg,
                                   MBEDTLS_CIPHER_AES_256_GCM, 86400),
          "mbedtls_ssl_ticket_setup");
  }
  ~State() {
    mbedtls_ssl_cache_free(&cache);
    mbedtls_ssl_ticket_free(&ticket);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_ssl_session_free(&session);
  }
};

MbedResumption::MbedResumption() : s(std::make_unique<State>()) {}
MbedResumption::~MbedResumption() = default;

MbedPeer::MbedPeer(const MbedPeerOptions& o)
    : s_(std::make_unique<State>()), resumption_(o.resumption) {
  State& s = *s_;
  s.entropy_state = o.seed;
  static const char kPersonalization[] = "GlassTLS mbedtls_peer";
  check(mbedtls_ctr_drbg_seed(&s.drbg, fixed_entropy, &s.entropy_state,
                              reinterpret_cast<const unsigned char*>(kPersonalization),
                              sizeof kPersonalization - 1),
        "mbedtls_ctr_drbg_seed");

  check(
      mbedtls_ssl_config_defaults(&s.conf, o.server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                  MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT),
      "mbedtls_ssl_config_defaults");
  mbedtls_ssl_conf_rng(&s.conf, mbedtls_ctr_drbg_random, &s.drbg);
  mbedtls_ssl_conf_min_version(&s.conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_max_version(&s.conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);

  if (!o.suites.empty()) {
    for (const std::uint16_t suite : o.suites) s.suites.push_back(suite);
    s.suites.push_back(0);
    mbedtls_ssl_conf_ciphersuites(&s.conf, s.suites.data());
  }
  if (!o.groups.empty()) {
    for (const std::uint16_t group : o.groups) {
      const mbedtls_ecp_curve_info* info = mbedtls_ecp_curve_info_from_tls_id(group);
      if (info == nullptr) check(-1, "mbedtls_ecp_curve_info_from_tls_id");
      s.curves.push_back(info->grp_id);
    }
    s.curves.push_back(MBEDTLS_ECP_DP_NONE);
    mbedtls_ssl_conf_curves(&s.conf, s.curves.data());
  }
  if (!o.signature_hashes.empty()) {
    for (const std::uint8_t hash : o.signature_hashes) {
      const mbedtls_md_type_t md = mbedtls_ssl_md_alg_from_hash(hash);
      if (md == MBEDTLS_MD_NONE) check(-1, "mbedtls_ssl_md_alg_from_hash");
      s.hashes.push_back(md);
    }
    s.hashes.push_back(MBEDTLS_MD_NONE);
    mbedtls_ssl_conf_sig_hashes(&s.conf, s.hashes.data());
  }
  mbedtls_ssl_conf_extended_master_secret(&s.conf, o.extended_master_secret
                                                       ? MBEDTLS_SSL_EXTENDED_MS_ENABLED
                                                       : MBEDTLS_SSL_EXTENDED_MS_DISABLED);

  // Certificates are checked against the real clock (MBEDTLS_HAVE_TIME_DATE):
  // the fixture's certificates are valid from 2023-11-14 to 2033-05-18, so no
  // time flag is cleared here.
  if (o.trust != nullptr) {
    for (const auto& cert : o.trust->certificates()) {
      check(mbedtls_x509_crt_parse_der(&s.ca_chain, cert.der().data(), cert.der().size()),
            "mbedtls_x509_crt_parse_der (trust)");
    }
    mbedtls_ssl_conf_ca_chain(&s.conf, &s.ca_chain, nullptr);
  }
  if (o.identity != nullptr) {
    for (const auto& cert : o.identity->chain()) {
      check(mbedtls_x509_crt_parse_der(&s.own_chain, cert.der().data(), cert.der().size()),
            "mbedtls_x509_crt_parse_der (identity)");
    }
    auto der = o.identity->key().to_pkcs8_der();
    const int ret = mbedtls_pk_parse_key(&s.own_key, der.data(), der.size(), nullptr, 0);
    mbedtls_platform_zeroize(der.data(), der.size());
    check(ret, "mbedtls_pk_parse_key");
    check(mbedtls_ssl_conf_own_cert(&s.conf, &s.own_chain, &s.own_key),
          "mbedtls_ssl_conf_own_cert");
  }
  if (o.server) {
    switch (o.client_auth) {
      case handshake::ClientAuth::none:
        mbedtls_ssl_conf_authmode(&s.conf, MBEDTLS_SSL_VERIFY_NONE);
        break;
      case handshake::ClientAuth::optional:
        mbedtls_ssl_conf_authmode(&s.conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
        break;
      case handshake::ClientAuth::required:
        mbedtls_ssl_conf_authmode(&s.conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        break;
    }
  } else {
    mbedtls_ssl_conf_authmode(&s.conf, MBEDTLS_SSL_VERIFY_REQUIRED);
  }

  mbedtls_ssl_conf_export_keys_ext_cb(&s.conf, export_keys, &s);

  MbedResumption::State* r = o.resumption != nullptr ? o.resumption->s.get() : nullptr;
  if (o.server) {
    if (r != nullptr && o.session_cache) {
      mbedtls_ssl_conf_session_cache(&s.conf, &r->cache, mbedtls_ssl_cache_get,
                                     mbedtls_ssl_cache_set);
    }
    if (r != nullptr && o.session_tickets) {
      mbedtls_ssl_conf_session_tickets_cb(&s.conf, mbedtls_ssl_ticket_write,
                                          mbedtls_ssl_ticket_parse, &r->ticket);
    }
  } else {
    mbedtls_ssl_conf_session_tickets(&s.conf, o.session_tickets
                                                  ? MBEDTLS_SSL_SESSION_TICKETS_ENABLED
                                                  : MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
  }

  check(mbedtls_ssl_setup(&s.ssl, &s.conf), "mbedtls_ssl_setup");
  if (!o.server && r != nullptr && r->has_session) {
    check(mbedtls_ssl_set_session(&s.ssl, &r->session), "mbedtls_ssl_set_session");
  }
  if (!o.server)
    check(mbedtls_ssl_set_hostname(&s.ssl, o.server_name.c_str()), "mbedtls_ssl_set_hostname");
  mbedtls_ssl_set_bio(&s.ssl, &s, bio_send, bio_recv, nullptr);
}

MbedPeer::~MbedPeer() = default;

void MbedPeer::receive(std::span<const std::uint8_t> bytes) {
  s_->in.insert(s_->in.end(), bytes.begin(), bytes.end());
}

std::vector<std::uint8_t> MbedPeer::take_output() {
  std::vector<std::uint8_t> out;
  out.swap(s_->out);
  return out;
}

void MbedPeer::note_handshake_parameters() {
  const mbedtls_ssl_handshake_params* hs = s_->ssl.handshake;
  if (hs == nullptr) return;
  extended_ms_ = hs->extended_ms == MBEDTLS_SSL_EXTENDED_MS_ENABLED;
  resumed_ = hs->resume != 0;
  // The ECDH context is the legacy one in Debian's build
  // (MBEDTLS_ECDH_LEGACY_CONTEXT): its group is grp.id.
  const mbedtls_ecp_group_id id = hs->ecdh_ctx.grp.id;
  if (id != MBEDTLS_ECP_DP_NONE) {
    const mbedtls_ecp_curve_info* info = mbedtls_ecp_curve_info_from_grp_id(id);
    group_ = info != nullptr ? info->tls_id : 0xffff;
  }
}

MbedPeer::Status MbedPeer::handshake() {
  // mbedtls_ssl_handshake() is this loop; stepping lets us look at the
  // handshake parameters before mbedTLS frees them.
  while (s_->ssl.state != MBEDTLS_SSL_HANDSHAKE_OVER) {
    const int ret = mbedtls_ssl_handshake_step(&s_->ssl);
    note_handshake_parameters();
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
      return Status::waiting;
    }
    if (ret != 0) {
      error_ = ret;
      if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) received_alert_ = s_->ssl.in_msg[1];
      return Status::failed;
    }
  }
  return Status::done;
}

void MbedPeer::save_session() {
  MbedResumption::State& r = *resumption_->s;
  mbedtls_ssl_session_free(&r.session);
  mbedtls_ssl_session_init(&r.session);
  check(mbedtls_ssl_get_session(&s_->ssl, &r.session), "mbedtls_ssl_get_session");
  r.has_session = true;
}

bool MbedPeer::handshake_done() const { return s_->ssl.state == MBEDTLS_SSL_HANDSHAKE_OVER; }

bool MbedPeer::write(std::span<const std::uint8_t> data) {
  std::size_t at = 0;
  while (at < data.size()) {
    const int ret = mbedtls_ssl_write(&s_->ssl, data.data() + at, data.size() - at);
    if (ret < 0) {
      error_ = ret;
      return false;
    }
    at += static_cast<std::size_t>(ret);
  }
  return true;
}

bool MbedPeer::read(std::vector<std::uint8_t>& out) {
  std::vector<std::uint8_t> buf(16384);
  for (;;) {
    const int ret = mbedtls_ssl_read(&s_->ssl, buf.data(), buf.size());
    if (ret > 0) {
      out.insert(out.end(), buf.begin(), buf.begin() + ret);
      continue;
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_READ) return true;
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
      peer_closed_ = true;
      return true;
    }
    if (ret == 0) return true;  // EOF
    error_ = ret;
    return false;
  }
}

bool MbedPeer::close_notify() {
  const int ret = mbedtls_ssl_close_notify(&s_->ssl);
  if (ret != 0) error_ = ret;
  return ret == 0;
}

std::string MbedPeer::error_text() const {
  char text[200];
  mbedtls_strerror(error_, text, sizeof text);
  return text;
}

bool MbedPeer::refused_missing_client_certificate() const {
  return error_ == MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE;
}

std::uint16_t MbedPeer::cipher_suite() const {
  const char* name = mbedtls_ssl_get_ciphersuite(&s_->ssl);
  if (name == nullptr) return 0;
  return static_cast<std::uint16_t>(mbedtls_ssl_get_ciphersuite_id(name));
}

std::vector<std::uint8_t> MbedPeer::peer_certificate() const {
  const mbedtls_x509_crt* crt = mbedtls_ssl_get_peer_cert(&s_->ssl);
  if (crt == nullptr) return {};
  return {crt->raw.p, crt->raw.p + crt->raw.len};
}

std::string MbedPeer::peer_subject() const {
  const mbedtls_x509_crt* crt = mbedtls_ssl_get_peer_cert(&s_->ssl);
  if (crt == nullptr) return {};
  char text[512];
  if (mbedtls_x509_dn_gets(text, sizeof text, &crt->subject) < 0) return "?";
  return text;
}

std::uint32_t MbedPeer::verify_result() const { return mbedtls_ssl_get_verify_result(&s_->ssl); }

std::vector<std::uint8_t> MbedPeer::export_keying_material(std::string_view label,
                                                           std::span<const std::uint8_t> context,
                                                           std::size_t length) const {
  if (s_->master_secret.empty()) return {};
  std::vector<std::uint8_t> seed = s_->randoms;
  seed.push_back(static_cast<std::uint8_t>(context.size() >> 8));
  seed.push_back(static_cast<std::uint8_t>(context.size()));
  seed.insert(seed.end(), context.begin(), context.end());
  const std::string label_z(label);  // mbedtls_ssl_tls_prf wants a C string
  std::vector<std::uint8_t> out(length);
  if (mbedtls_ssl_tls_prf(s_->prf, s_->master_secret.data(), s_->master_secret.size(),
                          label_z.c_str(), seed.data(), seed.size(), out.data(), out.size()) != 0) {
    return {};
  }
  return out;
}

}  // namespace glasstls::test
