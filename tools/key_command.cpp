// `glasstls key new --type rsa2048|rsa3072|rsa4096|rsa-pss2048|...|p256|p384|ed25519
//   --out KEY.pem [--seed N]` (rsa-pss*: an RSA key under id-RSASSA-PSS, RFC 4055 §3.1)
#include <fmt/core.h>

#include <memory>
#include <optional>

#include "crypto/ct.hpp"
#include "crypto/rng.hpp"
#include "tools/commands.hpp"
#include "tools/files.hpp"
#include "x509/private_key.hpp"

namespace glasstls::tools {
namespace {

struct KeyNewOptions {
  std::string type;
  std::string out;
  std::optional<std::uint64_t> seed;
};

int key_new(const KeyNewOptions& o) {
  std::optional<crypto::HmacDrbg> seeded;
  if (o.seed) seeded.emplace(crypto::HmacDrbg::from_seed(*o.seed));
  crypto::Rng& rng = seeded ? static_cast<crypto::Rng&>(*seeded) : crypto::os_rng();
  auto key = x509::PrivateKey::generate(o.type, rng);
  if (!key) {
    fmt::print(stderr, "error: cannot make a {} key: {}\n", o.type, key.error().describe());
    return 2;
  }
  const crypto::SecretString pem = key->to_pkcs8_pem();
  std::string problem;
  const bool written = write_file(o.out, pem, /*secret=*/true, problem);
  if (!written) {
    fmt::print(stderr, "error: {}\n", problem);
    return 2;
  }
  auto pub = key->public_key();
  fmt::print("Wrote a new {} private key to {} (PKCS#8 PEM, RFC 5958; file mode 0600).\n",
             pub ? pub->describe() : o.type, o.out);
  fmt::print(
      "Keep it secret: whoever holds it can sign as you. Share only the public half,\n"
      "for example in a certificate signing request: glasstls csr new --key {} ...\n",
      o.out);
  if (o.seed)
    fmt::print(
        "WARNING: --seed makes the key reproducible by anyone who knows the seed. Use it only to "
        "learn.\n");
  return 0;
}

}  // namespace

void add_key_command(CLI::App& app, int& exit_code) {
  auto* key = app.add_subcommand("key", "Make private keys");
  key->require_subcommand(1);
  auto* new_cmd = key->add_subcommand("new", "Generate a private key and write it as PKCS#8 PEM");
  auto o = std::make_shared<KeyNewOptions>();
  new_cmd->add_option("--type", o->type, "Key type")
      ->required()
      ->check(CLI::IsMember({"rsa2048", "rsa3072", "rsa4096", "rsa-pss2048", "rsa-pss3072",
                             "rsa-pss4096", "p256", "p384", "ed25519"}));
  new_cmd->add_option("--out", o->out, "Where to write the key (PEM)")->required();
  new_cmd->add_option("--seed", o->seed, "Deterministic key from this seed (for teaching only)");
  new_cmd->callback([&exit_code, o] { exit_code = key_new(*o); });
}

}  // namespace glasstls::tools
