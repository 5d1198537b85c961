#include "tests/tls13/key_witness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <variant>

#include "tests/support/test_support.hpp"

namespace glasstls::test {
namespace {

using Bytes = KeyWitness::Bytes;
using Names = std::pair<std::string_view, std::string_view>;

// The key schedule fields of the example handshake files: every secret, key,
// IV, HkdfLabel info and transcript hash they print (the other fields are
// messages, records, payloads and key shares, compared by the tests
// themselves). In the order of RFC 8446 §7.1.
constexpr std::string_view kKeyScheduleFields[] = {"zero_ikm",
                                                   "psk",
                                                   "early_secret",
                                                   "empty_hash",
                                                   "binder_key",
                                                   "binder_transcript_hash",
                                                   "binder_finished_key",
                                                   "binder",
                                                   "early_traffic_transcript_hash",
                                                   "client_early_traffic_secret_info",
                                                   "client_early_traffic_secret",
                                                   "early_exporter_master_secret_info",
                                                   "early_exporter_master_secret",
                                                   "client_early_write_key",
                                                   "client_early_write_iv",
                                                   "derived_info",
                                                   "derived_for_handshake",
                                                   "ecdhe_shared_secret",
                                                   "handshake_secret",
                                                   "handshake_traffic_transcript_hash",
                                                   "client_handshake_traffic_secret_info",
                                                   "client_handshake_traffic_secret",
                                                   "server_handshake_traffic_secret_info",
                                                   "server_handshake_traffic_secret",
                                                   "derived_for_master",
                                                   "master_secret",
                                                   "traffic_key_info",
                                                   "traffic_iv_info",
                                                   "server_handshake_write_key",
                                                   "server_handshake_write_iv",
                                                   "client_handshake_write_key",
                                                   "client_handshake_write_iv",
                                                   "finished_key_info",
                                                   "server_finished_key",
                                                   "server_finished_verify_data",
                                                   "client_finished_key",
                                                   "client_finished_verify_data",
                                                   "application_traffic_transcript_hash",
                                                   "client_application_traffic_secret_info",
                                                   "client_application_traffic_secret",
                                                   "server_application_traffic_secret_info",
                                                   "server_application_traffic_secret",
                                                   "exporter_master_secret_info",
                                                   "exporter_master_secret",
                                                   "server_application_write_key",
                                                   "server_application_write_iv",
                                                   "client_application_write_key",
                                                   "client_application_write_iv",
                                                   "resumption_master_secret_transcript_hash",
                                                   "resumption_master_secret_info",
                                                   "resumption_master_secret",
                                                   "ticket_nonce",
                                                   "resumption_psk_info",
                                                   "resumption_psk"};

// Derive-Secret(Secret, Label, Messages): the label, the field of the output,
// of its transcript hash and of its HkdfLabel info (empty: not printed).
struct Derived {
  std::string_view label, output, transcript, info;
};
constexpr Derived kDerived[] = {
    {"res binder", "binder_key", "empty_hash", ""},
    {"c e traffic", "client_early_traffic_secret", "early_traffic_transcript_hash",
     "client_early_traffic_secret_info"},
    {"e exp master", "early_exporter_master_secret", "early_traffic_transcript_hash",
     "early_exporter_master_secret_info"},
    {"c hs traffic", "client_handshake_traffic_secret", "handshake_traffic_transcript_hash",
     "client_handshake_traffic_secret_info"},
    {"s hs traffic", "server_handshake_traffic_secret", "handshake_traffic_transcript_hash",
     "server_handshake_traffic_secret_info"},
    {"c ap traffic", "client_application_traffic_secret", "application_traffic_transcript_hash",
     "client_application_traffic_secret_info"},
    {"s ap traffic", "server_application_traffic_secret", "application_traffic_transcript_hash",
     "server_application_traffic_secret_info"},
    {"exp master", "exporter_master_secret", "application_traffic_transcript_hash",
     "exporter_master_secret_info"},
    {"res master", "resumption_master_secret", "resumption_master_secret_transcript_hash",
     "resumption_master_secret_info"},
};

// The secret a Derive-Secret starts from, by its input's name in the event.
constexpr Names kStageSecrets[] = {{"Early Secret", "early_secret"},
                                   {"Handshake Secret", "handshake_secret"},
                                   {"Master Secret", "master_secret"}};

// HKDF-Extract steps: output, then the fields of its salt and IKM ("" for the
// early extract's salt, zeros the traces print as "0").
struct Extracted {
  std::string_view output, salt, ikm;
};
constexpr Extracted kExtracted[] = {
    {"handshake_secret", "derived_for_handshake", "ecdhe_shared_secret"},
    {"master_secret", "derived_for_master", "zero_ikm"}};

constexpr Names kTranscripts[] = {
    {"ClientHello..ServerHello", "handshake_traffic_transcript_hash"},
    {"ClientHello..server Finished", "application_traffic_transcript_hash"},
    {"partial ClientHello (for the PSK binder)", "binder_transcript_hash"}};

// NSS key log labels.
constexpr Names kKeyLog[] = {{"CLIENT_EARLY_TRAFFIC_SECRET", "client_early_traffic_secret"},
                             {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "client_handshake_traffic_secret"},
                             {"SERVER_HANDSHAKE_TRAFFIC_SECRET", "server_handshake_traffic_secret"},
                             {"CLIENT_TRAFFIC_SECRET_0", "client_application_traffic_secret"},
                             {"SERVER_TRAFFIC_SECRET_0", "server_application_traffic_secret"},
                             {"EXPORTER_SECRET", "exporter_master_secret"}};

template <std::size_t N>
std::string_view lookup(const Names (&table)[N], std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return v;
  }
  return {};
}

// RFC 8446 §7.1: struct { uint16 length; opaque label<7..255> = "tls13 " + Label;
// opaque context<0..255>; } HkdfLabel — the "info" the traces print.
Bytes hkdf_label(std::size_t length, std::string_view label, trace::Bytes context) {
  const std::string full = "tls13 " + std::string(label);
  Bytes out;
  out.reserve(4 + full.size() + context.size());
  out.push_back(static_cast<std::uint8_t>(length >> 8));
  out.push_back(static_cast<std::uint8_t>(length & 0xff));
  out.push_back(static_cast<std::uint8_t>(full.size()));
  for (const char c : full) out.push_back(static_cast<std::uint8_t>(c));
  out.push_back(static_cast<std::uint8_t>(context.size()));
  for (const std::uint8_t b : context) out.push_back(b);
  return out;
}

trace::Bytes input(const trace::KeyEvent& e, std::string_view name) {
  for (const auto& in : e.inputs) {
    if (in.name == name) return in.value;
  }
  return {};
}

std::string describe(const trace::KeyEvent& e) {
  return std::string(e.function) + " \"" + std::string(e.label) + "\" -> " +
         std::string(e.output_name);
}

}  // namespace

void KeyWitness::note(std::string_view name, trace::Bytes value, std::string_view what) {
  if (name.empty()) {
    unnamed_.push_back(std::string(what));
    return;
  }
  seen_[std::string(name)].emplace_back(value.begin(), value.end());
}

void KeyWitness::on_event(const trace::Event& event) {
  if (const auto* k = std::get_if<trace::KeyEvent>(&event)) {
    on_key(*k);
  } else if (const auto* t = std::get_if<trace::TranscriptEvent>(&event)) {
    note(lookup(kTranscripts, t->point), t->hash, "transcript hash at " + std::string(t->point));
  } else if (const auto* f = std::get_if<trace::FinishedEvent>(&event)) {
    const bool client_finished = (f->direction == trace::Direction::sent) == client_;
    note(client_finished ? "client_finished_verify_data" : "server_finished_verify_data",
         f->verify_data, "");
  } else if (const auto* l = std::get_if<trace::KeyLogEvent>(&event)) {
    note(lookup(kKeyLog, l->label), l->secret, "key log " + std::string(l->label));
  }
}

void KeyWitness::on_key(const trace::KeyEvent& e) {
  const trace::Bytes out = e.output;
  if (e.function == "HKDF-Extract" && e.inputs.size() == 2) {
    const auto& ikm = e.inputs[1];
    if (e.output_name == "early_secret") {
      note("early_secret", out, "");
      note(ikm.name == "IKM (PSK)" ? "psk" : "zero_ikm", ikm.value, "");
      return;
    }
    for (const auto& x : kExtracted) {
      if (e.output_name != x.output) continue;
      note(x.output, out, "");
      note(x.salt, e.inputs[0].value, "");
      note(x.ikm, ikm.value, "");
      return;
    }
  } else if (e.function == "Derive-Secret" && !e.inputs.empty()) {
    const std::string_view from = lookup(kStageSecrets, e.inputs[0].name);
    note(from, e.inputs[0].value, describe(e) + ": its secret");
    const trace::Bytes transcript = input(e, "Transcript-Hash");
    const Derived* d = nullptr;
    for (const auto& x : kDerived) {
      if (x.label == e.label) d = &x;
    }
    // "derived" is the salt of the next stage: of the handshake extract when
    // derived from the Early Secret, of the master extract from the Handshake Secret.
    const Derived derived = {
        "derived", from == "early_secret" ? "derived_for_handshake" : "derived_for_master",
        "empty_hash", "derived_info"};
    if (e.label == "derived") d = &derived;
    if (d) {
      note(d->output, out, "");
      note(d->transcript, transcript, "");
      if (!d->info.empty()) note(d->info, hkdf_label(out.size(), e.label, transcript), "");
      secret_names_[hex(out)] = std::string(d->output);
      return;
    }
  } else if (e.function == "HKDF-Expand-Label") {
    const trace::Bytes secret = input(e, "Secret");
    const trace::Bytes context = input(e, "Context");
    const auto named = secret_names_.find(hex(secret));
    const std::string base = named == secret_names_.end() ? "" : named->second;
    const Bytes info = hkdf_label(out.size(), e.label, context);
    constexpr std::string_view traffic = "_traffic_secret";
    if ((e.label == "key" || e.label == "iv") && base.size() > traffic.size() &&
        base.ends_with(traffic)) {
      // RFC 8446 §7.3: [sender]_write_key / _iv from the sender's traffic secret.
      const std::string who_phase = base.substr(0, base.size() - traffic.size());
      note(who_phase + "_write_" + std::string(e.label), out, "");
      note(e.label == "key" ? "traffic_key_info" : "traffic_iv_info", info, "");
      return;
    }
    if (e.label == "finished") {
      // §4.4.4 finished_key; §4.2.11.2: the binder's, from the binder_key.
      const std::string_view key = base == "client_handshake_traffic_secret" ? "client_finished_key"
                                   : base == "server_handshake_traffic_secret"
                                       ? "server_finished_key"
                                   : base == "binder_key" ? "binder_finished_key"
                                                          : "";
      if (!key.empty()) {
        note(key, out, "");
        note("finished_key_info", info, "");
        return;
      }
    }
    if (e.label == "resumption" && base == "resumption_master_secret") {
      // §4.6.1: the PSK of a ticket, from its ticket_nonce.
      note("ticket_nonce", context, "");
      note("resumption_psk", out, "");
      note("resumption_psk_info", info, "");
      return;
    }
  }
  unnamed_.push_back(describe(e) + (e.inputs.empty() ? "" : " (from an unnamed secret)"));
}

void expect_key_schedule(const KeyWitness& witness, const vectors::KatRecord& r,
                         const Reasons& not_reported, const Reasons& differs) {
  for (const auto& what : witness.unnamed()) ADD_FAILURE() << "reported without a name: " << what;
  const auto& seen = witness.seen();
  for (const auto& [name, values] : seen) {
    if (differs.count(name)) continue;
    if (!r.has(name)) {
      ADD_FAILURE() << name << " was reported but " << r.name << " does not print it";
      continue;
    }
    for (const auto& v : values) EXPECT_EQ(hex(v), hex(r.bytes(name))) << name;
  }
  int compared = 0;  // fields reported and equal to the trace's
  for (const std::string_view field : kKeyScheduleFields) {
    const std::string name(field);
    if (!r.has(name)) continue;
    compared += seen.count(name) && !differs.count(name);
    if (const auto why = not_reported.find(name); why != not_reported.end()) {
      EXPECT_FALSE(seen.count(name))
          << name << " is reported now: compare it (" << why->second << ")";
    } else if (const auto d = differs.find(name); d != differs.end()) {
      ASSERT_TRUE(seen.count(name)) << name << " not reported (" << d->second << ")";
      for (const auto& v : seen.at(name)) {
        EXPECT_NE(hex(v), hex(r.bytes(name))) << name << " equals the trace's now: compare it";
      }
    } else {
      EXPECT_TRUE(seen.count(name)) << name << " is in " << r.name << " but was never reported";
    }
  }
  ::testing::Test::RecordProperty("key_schedule_fields_compared", compared);
}

}  // namespace glasstls::test
