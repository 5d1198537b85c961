// The TLS 1.2 key schedule (handshake/key_schedule12.hpp) against the known
// answers of vectors/tls12-key-schedule-mbedtls.kat (computed by mbedTLS 2.28;
// oracle_test.cpp recomputes them): master secret, extended master secret, key
// block and both Finished values, for SHA-256 and SHA-384 suites. Then what it
// reports to the trace: PRF steps, secrets only in teaching mode, the NSS key
// log line.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "handshake/cipher_suite.hpp"
#include "handshake/key_schedule12.hpp"
#include "tests/support/test_support.hpp"
#include "vectors/kat_file.hpp"

namespace glasstls::handshake {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes bytes(std::span<const std::uint8_t> s) { return Bytes(s.begin(), s.end()); }

Random random_at(const Bytes& seed, std::size_t offset) {
  Random r{};
  std::copy_n(seed.begin() + static_cast<std::ptrdiff_t>(offset), 32, r.begin());
  return r;
}

Digest digest(const Bytes& b) {
  Digest d;
  std::copy(b.begin(), b.end(), d.bytes.begin());
  d.size = b.size();
  return d;
}

std::vector<vectors::KatRecord> kat_records() {
  const std::string name = "tls12-key-schedule-mbedtls.kat";
  vectors::KatParseError error;
  auto file = vectors::parse_kat(name, test::read_file(test::vectors_dir() / name), &error);
  EXPECT_TRUE(error.message.empty()) << "line " << error.line << ": " << error.message;
  return file.records;
}

TEST(KeySchedule12Kat, EveryRecordOfTheMbedTlsFile) {
  const auto records = kat_records();
  ASSERT_EQ(records.size(), 20u);
  std::size_t sha384 = 0;
  for (const auto& r : records) {
    SCOPED_TRACE(r.name);
    const Bytes& code = r.bytes("suite");
    ASSERT_EQ(code.size(), 2u);
    const SuiteInfo* suite = find_suite(static_cast<std::uint16_t>(code[0] << 8 | code[1]), kTls12);
    ASSERT_NE(suite, nullptr);
    EXPECT_EQ(r.section,
              suite->hash == crypto::HashId::sha384 ? "tls12-prf-sha384" : "tls12-prf-sha256");
    sha384 += suite->hash == crypto::HashId::sha384;
    const std::string label = r.text("label");
    const Bytes& secret = r.bytes("secret");
    const Bytes& seed = r.bytes("seed");
    const Bytes& want = r.bytes("out");
    KeySchedule12 ks(suite->hash, nullptr);
    if (label == "master secret") {
      ASSERT_EQ(seed.size(), 64u);
      ks.derive_master_secret(secret, random_at(seed, 0), random_at(seed, 32));
      EXPECT_EQ(bytes(ks.master_secret().bytes()), want);
    } else if (label == "extended master secret") {
      ks.derive_extended_master_secret(secret, digest(seed), Random{});
      EXPECT_EQ(bytes(ks.master_secret().bytes()), want);
    } else if (label == "key expansion") {
      ASSERT_TRUE(ks.resume_master_secret(secret, Random{}));
      // The seed is server_random + client_random.
      const auto block = ks.key_block(random_at(seed, 32), random_at(seed, 0), suite->key_length,
                                      suite->fixed_iv_length);
      Bytes got;
      for (const auto part : {block.client.key.bytes(), block.server.key.bytes(),
                              block.client.iv.bytes(), block.server.iv.bytes()}) {
        got.insert(got.end(), part.begin(), part.end());
      }
      EXPECT_EQ(block.client.key.size(), suite->key_length);
      EXPECT_EQ(block.client.iv.size(), suite->fixed_iv_length);
      EXPECT_EQ(got, want);
    } else if (label == "client finished" || label == "server finished") {
      ASSERT_TRUE(ks.resume_master_secret(secret, Random{}));
      const auto sender = label[0] == 'c' ? FinishedSender::client : FinishedSender::server;
      EXPECT_EQ(bytes(ks.finished_verify_data(sender, digest(seed)).bytes()), want);
    } else {
      ADD_FAILURE() << "unexpected label " << label;
    }
  }
  EXPECT_EQ(sha384, 10u);
}

TEST(KeySchedule12, ResumeNeedsA48ByteMasterSecret) {
  KeySchedule12 ks(crypto::HashId::sha256, nullptr);
  EXPECT_FALSE(ks.has_master_secret());
  for (std::size_t n : {std::size_t{0}, std::size_t{32}, std::size_t{47}, std::size_t{49}}) {
    auto r = ks.resume_master_secret(Bytes(n, 1), Random{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().alert, AlertDescription::internal_error);
  }
  ASSERT_TRUE(ks.resume_master_secret(Bytes(48, 1), Random{}));
  EXPECT_TRUE(ks.has_master_secret());
}

// ---- the trace

struct Sink final : trace::TraceSink {
  explicit Sink(bool show) : secrets(show) {}
  bool wants_secrets() const override { return secrets; }
  void on_event(const trace::Event& e) override {
    if (const auto* k = std::get_if<trace::KeyEvent>(&e)) {
      KeyStep s{std::string(k->function), std::string(k->label), std::string(k->output_name),
                bytes(k->output),         k->redacted,           {}};
      for (const auto& in : k->inputs) s.inputs.push_back({std::string(in.name), bytes(in.value)});
      keys.push_back(std::move(s));
    } else if (const auto* l = std::get_if<trace::KeyLogEvent>(&e)) {
      log.push_back({std::string(l->label), bytes(l->client_random), bytes(l->secret)});
    }
  }
  struct KeyStep {
    std::string function, label, output_name;
    Bytes output;
    bool redacted;
    std::vector<std::pair<std::string, Bytes>> inputs;
  };
  struct LogLine {
    std::string label;
    Bytes client_random, secret;
  };
  bool secrets;
  std::vector<KeyStep> keys;
  std::vector<LogLine> log;
};

void run_schedule(KeySchedule12& ks, const Random& cr, const Random& sr) {
  ks.derive_master_secret(Bytes(32, 0x11), cr, sr);
  (void)ks.key_block(cr, sr, 16, 4);
  (void)ks.finished_verify_data(FinishedSender::client, digest(Bytes(32, 0x22)));
}

TEST(KeySchedule12Trace, TeachingModeShowsSecretsAndTheKeyLog) {
  Random cr{}, sr{};
  cr.fill(0xc1);
  sr.fill(0x51);
  Sink sink(true);
  KeySchedule12 ks(crypto::HashId::sha256, &sink);
  run_schedule(ks, cr, sr);
  ASSERT_EQ(sink.keys.size(), 3u);
  const std::string labels[] = {"master secret", "key expansion", "client finished"};
  const std::string outputs[] = {"master_secret", "key_block", "verify_data"};
  const std::size_t sizes[] = {48, 40, 12};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& k = sink.keys[i];
    EXPECT_EQ(k.function, "PRF");
    EXPECT_EQ(k.label, labels[i]);
    EXPECT_EQ(k.output_name, outputs[i]);
    EXPECT_FALSE(k.redacted);
    EXPECT_EQ(k.output.size(), sizes[i]);
    ASSERT_EQ(k.inputs.size(), 3u);
    EXPECT_FALSE(k.inputs[0].second.empty()) << "the secret input is shown";
    EXPECT_EQ(std::string(k.inputs[1].second.begin(), k.inputs[1].second.end()), labels[i]);
  }
  EXPECT_EQ(sink.keys[0].inputs[0].first, "pre_master_secret");
  EXPECT_EQ(sink.keys[0].output, bytes(ks.master_secret().bytes()));
  // The seeds: client + server random for the master secret, server + client
  // for the key block (RFC 5246 §8.1, §6.3).
  Bytes cs(cr.begin(), cr.end()), sc(sr.begin(), sr.end());
  cs.insert(cs.end(), sr.begin(), sr.end());
  sc.insert(sc.end(), cr.begin(), cr.end());
  EXPECT_EQ(sink.keys[0].inputs[2].second, cs);
  EXPECT_EQ(sink.keys[1].inputs[2].second, sc);
  // NSS key log: CLIENT_RANDOM <client_random> <master_secret>.
  ASSERT_EQ(sink.log.size(), 1u);
  EXPECT_EQ(sink.log[0].label, "CLIENT_RANDOM");
  EXPECT_EQ(sink.log[0].client_random, Bytes(cr.begin(), cr.end()));
  EXPECT_EQ(sink.log[0].secret, bytes(ks.master_secret().bytes()));

  // EMS and resumption log the master secret under the connection's random too.
  KeySchedule12 ems(crypto::HashId::sha384, &sink);
  ems.derive_extended_master_secret(Bytes(48, 3), digest(Bytes(48, 4)), cr);
  ASSERT_TRUE(ems.resume_master_secret(ems.master_secret().bytes(), sr));
  ASSERT_EQ(sink.log.size(), 3u);
  EXPECT_EQ(sink.log[1].client_random, Bytes(cr.begin(), cr.end()));
  EXPECT_EQ(sink.log[2].client_random, Bytes(sr.begin(), sr.end()));
  EXPECT_EQ(sink.keys.back().label, "extended master secret");
  EXPECT_EQ(sink.keys.back().inputs[2].second, Bytes(48, 4));
}

TEST(KeySchedule12Trace, WithoutTeachingModeNoSecretIsReported) {
  Random cr{}, sr{};
  cr.fill(0xc2);
  sr.fill(0x52);
  Sink sink(false);
  KeySchedule12 ks(crypto::HashId::sha256, &sink);
  run_schedule(ks, cr, sr);
  ASSERT_EQ(sink.keys.size(), 3u);
  for (const auto& k : sink.keys) {
    EXPECT_TRUE(k.redacted);
    EXPECT_TRUE(k.output.empty());
    EXPECT_TRUE(k.inputs[0].second.empty()) << k.label;
    EXPECT_FALSE(k.inputs[1].second.empty()) << "labels are public";
    EXPECT_FALSE(k.inputs[2].second.empty()) << "seeds are public";
  }
  EXPECT_TRUE(sink.log.empty());
}

}  // namespace
}  // namespace glasstls::handshake
