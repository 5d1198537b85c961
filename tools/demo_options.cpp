#include "tools/demo_options.hpp"

#include <array>
#include <utility>

#include "handshake/cipher_suite.hpp"
#include "handshake/codepoints.hpp"
#include "tools/tls_options.hpp"

namespace glasstls::tools {

namespace {

using handshake::kTls12;
using handshake::kTls13;

// The signature schemes the demo can show, and the key each needs.
struct SchemeKey {
  std::uint16_t scheme;
  const char* key;
  bool tls12_only;  // RFC 8446 §4.4.3: rsa_pkcs1_* are not for TLS 1.3's CertificateVerify
};
constexpr std::array<SchemeKey, 8> kSchemes{{
    {0x0403, "p256", false},     // ecdsa_secp256r1_sha256
    {0x0503, "p384", false},     // ecdsa_secp384r1_sha384
    {0x0807, "ed25519", false},  // ed25519
    {0x0804, "rsa2048", false},  // rsa_pss_rsae_sha256
    {0x0805, "rsa2048", false},  // rsa_pss_rsae_sha384
    {0x0806, "rsa2048", false},  // rsa_pss_rsae_sha512
    {0x0401, "rsa2048", true},   // rsa_pkcs1_sha256
    {0x0501, "rsa2048", true},   // rsa_pkcs1_sha384
}};

bool plan_scheme(const std::string& name, DemoPlan& plan, std::string& problem) {
  std::string known;
  for (const SchemeKey& s : kSchemes) {
    const std::string n = handshake::signature_scheme_name(s.scheme);
    known.append(" ").append(n);
    if (n != name) continue;
    if (s.tls12_only && plan.version == kTls13) {
      problem = name + " signs only in TLS 1.2 (RFC 8446 §4.4.3 allows RSA only as RSASSA-PSS)";
      return false;
    }
    plan.scheme = s.scheme;
    plan.server_key = plan.client_key = s.key;
    return true;
  }
  problem = std::string("unknown --sig '").append(name).append("' (one of:").append(known) + ")";
  return false;
}

bool plan_suite(const std::string& name, DemoPlan& plan, std::string& problem) {
  std::vector<std::uint16_t> suites;
  if (!parse_suites(name, suites, problem)) return false;
  if (suites.size() != 1) {
    problem = "--suite takes one suite";
    return false;
  }
  const auto* info = handshake::find_suite(suites[0], plan.version);
  if (!info) {
    problem = name + " is not a TLS " + (plan.version == kTls13 ? "1.3" : "1.2") + " suite";
    return false;
  }
  if ((info->key_exchange == handshake::KeyExchangeKind::rsa) != plan.rsa_kx) {
    problem = plan.rsa_kx ? name + " is not an RSA key transport suite (TLS_RSA_WITH_...)"
                          : name + " uses RSA key transport: add --rsa-kx";
    return false;
  }
  if (info->server_key == handshake::ServerKeyKind::rsa && !plan.scheme)
    plan.server_key = "rsa2048";
  const bool rsa_server = plan.server_key.rfind("rsa", 0) == 0;
  if (info->server_key == handshake::ServerKeyKind::rsa && !rsa_server) {
    problem = name + " needs an RSA server key: choose an RSA --sig";
    return false;
  }
  if (info->server_key == handshake::ServerKeyKind::ecdsa && rsa_server) {
    problem = name + " needs an ECDSA server key: choose an ECDSA --sig";
    return false;
  }
  plan.suite = suites[0];
  return true;
}

bool plan_failure(const std::string& name, DemoPlan& plan, std::string& problem) {
  for (std::size_t i = 0; i < std::size(kFailureNames); ++i) {
    if (name != kFailureNames[i]) continue;
    plan.failure = static_cast<Failure>(i + 1);
    const bool client_side =
        plan.failure == Failure::no_client_cert || plan.failure == Failure::client_cert_unknown_ca;
    if (client_side && !plan.mtls) {
      problem = "--fail " + name + " is about client certificates: it needs mutual TLS";
    } else if (plan.failure == Failure::no_common_group && plan.rsa_kx) {
      problem = "--fail no-common-group: RSA key transport uses no group";
    } else if (plan.failure == Failure::no_common_group && plan.hrr) {
      problem = "--fail no-common-group leaves nothing for a HelloRetryRequest to ask for";
    } else if (plan.failure == Failure::no_common_version && plan.hrr) {
      problem = "--fail no-common-version ends at the first ClientHello: no HelloRetryRequest";
    } else if (plan.failure == Failure::no_common_sig && plan.rsa_kx) {
      problem = "--fail no-common-sig: with RSA key transport the server signs nothing";
    } else if (plan.resume) {
      problem = "--fail shows one handshake; --resume needs a first one that succeeds";
    }
    return problem.empty();
  }
  problem = "unknown --fail '" + name + "' (one of:";
  for (const char* n : kFailureNames) problem.append(" ").append(n);
  problem += ")";
  return false;
}

// --compare runs one TLS 1.2 and one TLS 1.3 handshake that both succeed,
// with the same identities: the options that pick a version, a failure or a
// version's own feature do not apply.
bool check_compare(const DemoOptions& o, std::string& problem) {
  const std::pair<bool, const char*> refused[] = {
      {!o.tls.empty(), "--tls (it runs both versions)"},
      {!o.fail.empty(), "--fail (both handshakes succeed)"},
      {o.hrr, "--hrr (TLS 1.2 has no HelloRetryRequest)"},
      {o.rsa_kx, "--rsa-kx (TLS 1.3 has no RSA key transport)"},
      {!o.suite.empty(), "--suite (a cipher suite belongs to one version)"},
      {o.resume, "--resume"},
      {!o.step.empty(), "--step"},
      {!o.pcap_file.empty(), "--pcap"},
      {o.secrets, "--secrets"},
      {o.trace_level != "fields", "--trace"},
  };
  for (const auto& [given, what] : refused) {
    if (given) {
      problem = std::string("--compare does not take ") + what;
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view failure_name(Failure f) {
  if (f == Failure::none) return "";
  return kFailureNames[static_cast<std::size_t>(f) - 1];
}

bool make_plan(const DemoOptions& o, DemoPlan& plan, std::string& problem) {
  plan = DemoPlan{};
  plan.rsa_kx = o.rsa_kx;
  plan.hrr = o.hrr;
  plan.resume = o.resume;
  plan.mtls = o.mtls;
  if (o.compare && !check_compare(o, problem)) return false;
  if (o.tls == "1.3" && o.rsa_kx) {
    problem = "--rsa-kx is TLS 1.2's RSA key transport; TLS 1.3 removed it (RFC 8446 §1.2)";
    return false;
  }
  plan.version = o.tls == "1.2" || (o.tls.empty() && o.rsa_kx) ? kTls12 : kTls13;
  if (plan.hrr && plan.version == kTls12) {
    problem = "--hrr is TLS 1.3's HelloRetryRequest (RFC 8446 §4.1.4): TLS 1.2 has none";
    return false;
  }
  if (const auto level = trace::parse_trace_level(o.trace_level)) {
    plan.level = *level;
  } else {
    problem = "--trace: one of summary, fields, bytes, secrets";
    return false;
  }
  if (o.rsa_kx) {
    if (!o.group.empty() || !o.sig.empty()) {
      problem =
          "with --rsa-kx there is no group and the server signs nothing: the client "
          "encrypts the premaster secret to the server's RSA key";
      return false;
    }
    plan.server_key = "rsa2048";
  }
  std::vector<std::uint16_t> groups;
  if (!parse_groups(o.group.empty() ? "x25519" : o.group, groups, problem)) return false;
  if (groups.size() != 1) {
    problem = "--group takes one group";
    return false;
  }
  plan.group = groups[0];
  plan.group_given = !o.group.empty();
  plan.other_group = plan.group == 0x001d ? 0x0017 : 0x001d;  // secp256r1, else x25519
  if (!o.sig.empty() && !plan_scheme(o.sig, plan, problem)) return false;
  if (!o.suite.empty() && !plan_suite(o.suite, plan, problem)) return false;
  if (o.rsa_kx && !plan.suite) plan.suite = 0x009c;  // TLS_RSA_WITH_AES_128_GCM_SHA256
  if (!o.fail.empty() && !plan_failure(o.fail, plan, problem)) return false;
  return true;
}

}  // namespace glasstls::tools
