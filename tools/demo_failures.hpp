// `glasstls demo --fail SCENARIO`: the failures learners meet most, staged on
// the demo's connection — what changes, then (after the handshake failed)
// which side noticed, the alert it sent, what the other side saw, and the
// lesson in plain words from tools/lessons.hpp, the same diagnosis a live
// `glasstls client` or `server` makes: the rule, where it is written, and
// the fix (the glasstls or openssl command).
#pragma once

#include <memory>
#include <optional>

#include "tools/demo_handshake.hpp"
#include "tools/demo_tamper.hpp"
#include "tools/lessons.hpp"

namespace glasstls::tools {

class StagedFailure {
 public:
  // Changes `configs` (and makes what it needs with the cast's CAs) for
  // plan.failure, and says what is different this time. `configs`, the cast
  // and this object must outlive the connection.
  StagedFailure(const DemoPlan& plan, const DemoCast& cast, DemoConfigs& configs, crypto::Rng& rng,
                x509::UnixTime now);
  StagedFailure(const StagedFailure&) = delete;
  StagedFailure& operator=(const StagedFailure&) = delete;

  // Its sinks and taps (a tampered message) on the connection.
  void attach(DemoConnection& connection);
  // After the handshake failed: who noticed, the alerts, the lesson.
  void explain(const DemoConnection& connection) const;

 private:
  // One side's view of the failed connection, for diagnose().
  FailedConnection as_seen_by(const DemoConnection& connection, handshake::Role side) const;

  const DemoPlan& plan_;
  const DemoConfigs& configs_;
  x509::UnixTime now_;
  std::string staged_;            // what is different this time
  std::string refused_;           // wrong-key: why GlassTLS would not configure that server
  x509::TrustStore other_trust_;  // unknown-ca: the client's trust store
  KeyWitness client_keys_, server_keys_;
  std::unique_ptr<MessageEditor> editor_;
};

}  // namespace glasstls::tools
