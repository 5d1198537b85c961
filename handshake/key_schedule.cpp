#include "handshake/key_schedule.hpp"

#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"

namespace glasstls::handshake {

namespace {

std::span<const std::uint8_t> text(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

void KeySchedule::report(trace::KeyEvent event, const HashSecret& output) const {
  if (!sink_) return;
  const bool show = sink_->wants_secrets();
  for (auto& in : event.inputs) {
    if (in.secret && !show) in.value = {};
  }
  event.output = show ? output.bytes() : std::span<const std::uint8_t>{};
  event.redacted = !show;
  sink_->on_event(event);
}

Digest KeySchedule::empty_hash() const {
  Digest d;
  d.size = crypto::digest_size(hash_);
  crypto::hash(hash_, {}, std::span(d.bytes.data(), d.size));
  return d;
}

HashSecret KeySchedule::extract(std::span<const std::uint8_t> salt,
                                std::span<const std::uint8_t> ikm, std::string_view ikm_name,
                                std::string_view output_name) const {
  const std::vector<std::uint8_t> zeros(hash_length(), 0);
  if (ikm.empty()) ikm = zeros;  // §7.1: "0" means a string of Hash.length zero bytes
  HashSecret out = crypto::hkdf_extract(hash_, salt, ikm);
  if (sink_) {
    report({"HKDF-Extract",
            "",
            output_name,
            {{"salt", salt, !salt.empty()}, {ikm_name, ikm, true}},
            {},
            false},
           out);
  }
  return out;
}

HashSecret KeySchedule::expand_label(const HashSecret& secret, std::string_view label,
                                     std::span<const std::uint8_t> context, std::size_t length,
                                     std::string_view output_name) const {
  HashSecret out(length);
  // Lengths here are fixed by the suite (<= 64): HKDF-Expand cannot fail.
  (void)crypto::hkdf_expand_label(hash_, secret.bytes(), label, context, out.mutable_bytes());
  if (sink_) {
    report({"HKDF-Expand-Label",
            label,
            output_name,
            {{"Secret", secret.bytes(), true},
             {"Label", text(label), false},
             {"Context", context, false}},
            {},
            false},
           out);
  }
  return out;
}

HashSecret KeySchedule::derive(const HashSecret& secret, std::string_view secret_name,
                               std::string_view label, const Digest& transcript,
                               std::string_view output_name) const {
  auto out = crypto::derive_secret(hash_, secret.bytes(), label, transcript.view());
  HashSecret value = out ? std::move(*out) : HashSecret(hash_length());
  if (sink_) {
    report({"Derive-Secret",
            label,
            output_name,
            {{secret_name, secret.bytes(), true},
             {"Label", text(label), false},
             {"Transcript-Hash", transcript.view(), false}},
            {},
            false},
           value);
  }
  return value;
}

void KeySchedule::extract_early(std::span<const std::uint8_t> psk) {
  const std::vector<std::uint8_t> zeros(hash_length(), 0);
  early_ = extract(zeros, psk, psk.empty() ? "IKM (no PSK: zeros)" : "IKM (PSK)", "early_secret");
}

HashSecret KeySchedule::binder_key(bool resumption) const {
  return derive(early_, "Early Secret", resumption ? "res binder" : "ext binder", empty_hash(),
                "binder_key");
}

void KeySchedule::extract_handshake(std::span<const std::uint8_t> shared_secret) {
  const HashSecret salt = derive(early_, "Early Secret", "derived", empty_hash(), "derived");
  handshake_ = extract(salt.bytes(), shared_secret, "IKM ((EC)DHE)", "handshake_secret");
}

void KeySchedule::extract_master() {
  const HashSecret salt =
      derive(handshake_, "Handshake Secret", "derived", empty_hash(), "derived");
  master_ = extract(salt.bytes(), {}, "IKM (zeros)", "master_secret");
}

HashSecret KeySchedule::client_handshake_traffic(const Digest& t) const {
  return derive(handshake_, "Handshake Secret", "c hs traffic", t,
                "client_handshake_traffic_secret");
}
HashSecret KeySchedule::server_handshake_traffic(const Digest& t) const {
  return derive(handshake_, "Handshake Secret", "s hs traffic", t,
                "server_handshake_traffic_secret");
}
HashSecret KeySchedule::client_application_traffic(const Digest& t) const {
  return derive(master_, "Master Secret", "c ap traffic", t, "client_application_traffic_secret_0");
}
HashSecret KeySchedule::server_application_traffic(const Digest& t) const {
  return derive(master_, "Master Secret", "s ap traffic", t, "server_application_traffic_secret_0");
}
HashSecret KeySchedule::exporter_master(const Digest& t) const {
  return derive(master_, "Master Secret", "exp master", t, "exporter_master_secret");
}
HashSecret KeySchedule::resumption_master(const Digest& t) const {
  return derive(master_, "Master Secret", "res master", t, "resumption_master_secret");
}

TrafficKeys KeySchedule::traffic_keys(const HashSecret& secret, std::size_t key_length) const {
  // RFC 8446 §7.3: "[sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
  // [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length)"
  HashSecret key = expand_label(secret, "key", {}, key_length, "write_key");
  HashSecret iv = expand_label(secret, "iv", {}, 12, "write_iv");
  return {crypto::Secret<32>::from(key.bytes()), crypto::Secret<12>::from(iv.bytes())};
}

HashSecret KeySchedule::finished_verify_data(const HashSecret& base_key,
                                             const Digest& transcript) const {
  HashSecret finished_key = expand_label(base_key, "finished", {}, hash_length(), "finished_key");
  // RFC 8446 §4.4.4: "verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context,
  // Certificate*, CertificateVerify*))"
  return crypto::Hmac::mac(hash_, finished_key.bytes(), transcript.view());
}

HashSecret KeySchedule::next_traffic_secret(const HashSecret& secret) const {
  return expand_label(secret, "traffic upd", {}, hash_length(), "application_traffic_secret_N+1");
}

HashSecret KeySchedule::resumption_psk(const HashSecret& resumption_master,
                                       std::span<const std::uint8_t> ticket_nonce) const {
  return expand_label(resumption_master, "resumption", ticket_nonce, hash_length(), "psk");
}

Result<std::vector<std::uint8_t>> KeySchedule::export_keying_material(
    const HashSecret& exporter_master, std::string_view label,
    std::span<const std::uint8_t> context, std::size_t length) const {
  auto secret = crypto::derive_secret(hash_, exporter_master.bytes(), label, empty_hash().view());
  if (!secret) return secret.error();
  Digest ctx;
  ctx.size = hash_length();
  crypto::hash(hash_, context, std::span(ctx.bytes.data(), ctx.size));
  std::vector<std::uint8_t> out(length);
  auto done = crypto::hkdf_expand_label(hash_, secret->bytes(), "exporter", ctx.view(), out);
  if (!done) return done.error();
  return out;
}

}  // namespace glasstls::handshake
