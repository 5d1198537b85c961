#include "handshake/key_schedule12.hpp"

#include <array>

#include "crypto/prf12.hpp"

namespace glasstls::handshake {

namespace {

std::span<const std::uint8_t> label_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Two randoms one after the other: the PRF seeds of §8.1 and §6.3.
std::array<std::uint8_t, 64> concat(const Random& first, const Random& second) {
  std::array<std::uint8_t, 64> seed{};
  for (std::size_t i = 0; i < 32; ++i) {
    seed[i] = first[i];
    seed[32 + i] = second[i];
  }
  return seed;
}

}  // namespace

void KeySchedule12::prf(std::span<const std::uint8_t> secret, std::string_view secret_name,
                        std::string_view label, std::span<const std::uint8_t> seed,
                        std::string_view seed_name, std::span<std::uint8_t> out,
                        std::string_view output_name) const {
  crypto::tls12_prf(hash_, secret, label, seed, out);
  if (!sink_) return;
  // The secret input and the output only in teaching mode; the label, the
  // randoms and the hashes are public (on the wire, or hashes of it).
  const bool show = sink_->wants_secrets();
  sink_->on_event(trace::KeyEvent{"PRF",
                                  label,
                                  output_name,
                                  {{secret_name, show ? secret : trace::Bytes{}, true},
                                   {"Label", label_bytes(label), false},
                                   {seed_name, seed, false}},
                                  show ? trace::Bytes(out) : trace::Bytes{},
                                  !show});
}

void KeySchedule12::key_log(const Random& client_random) const {
  // The NSS key log format: "CLIENT_RANDOM <client_random> <master_secret>".
  if (sink_ && sink_->wants_secrets()) {
    sink_->on_event(trace::KeyLogEvent{"CLIENT_RANDOM", client_random, master_.bytes()});
  }
}

void KeySchedule12::derive_master_secret(std::span<const std::uint8_t> pre_master_secret,
                                         const Random& client_random, const Random& server_random) {
  // RFC 5246 §8.1: "master_secret = PRF(pre_master_secret, "master secret",
  // ClientHello.random + ServerHello.random) [0..47];"
  const auto seed = concat(client_random, server_random);
  master_ = HashSecret(kMasterSecretSize);
  prf(pre_master_secret, "pre_master_secret", "master secret", seed,
      "ClientHello.random + ServerHello.random", master_.mutable_bytes(), "master_secret");
  key_log(client_random);
}

void KeySchedule12::derive_extended_master_secret(std::span<const std::uint8_t> pre_master_secret,
                                                  const Digest& session_hash,
                                                  const Random& client_random) {
  // RFC 7627 §4: "master_secret = PRF(pre_master_secret, "extended master secret",
  // session_hash) [0..47];"
  master_ = HashSecret(kMasterSecretSize);
  prf(pre_master_secret, "pre_master_secret", "extended master secret", session_hash.view(),
      "session_hash (ClientHello..ClientKeyExchange)", master_.mutable_bytes(), "master_secret");
  key_log(client_random);
}

Result<void> KeySchedule12::resume_master_secret(std::span<const std::uint8_t> master_secret,
                                                 const Random& client_random) {
  if (master_secret.size() != kMasterSecretSize) {
    return make_error(AlertDescription::internal_error,
                      "RFC 5246 §8.1: \"The master secret is always exactly 48 bytes in length.\"");
  }
  master_ = HashSecret::from(master_secret);
  key_log(client_random);
  return success();
}

KeyBlock12 KeySchedule12::key_block(const Random& client_random, const Random& server_random,
                                    std::size_t key_length, std::size_t fixed_iv_length) const {
  // RFC 5246 §6.3: "key_block = PRF(SecurityParameters.master_secret, "key expansion",
  // SecurityParameters.server_random + SecurityParameters.client_random);"
  // — the randoms in the other order than for the master secret.
  const auto seed = concat(server_random, client_random);
  // The largest AEAD key block is 2 x 32 + 2 x 12 = 88 bytes
  // (ChaCha20-Poly1305): more than a HashSecret holds.
  crypto::Secret<2 * 32 + 2 * 12> block(2 * key_length + 2 * fixed_iv_length);
  prf(master_.bytes(), "master_secret", "key expansion", seed, "server_random + client_random",
      block.mutable_bytes(), "key_block");
  // "client_write_MAC_key[SecurityParameters.mac_key_length]
  //  server_write_MAC_key[SecurityParameters.mac_key_length]
  //  client_write_key[SecurityParameters.enc_key_length]
  //  server_write_key[SecurityParameters.enc_key_length]
  //  client_write_IV[SecurityParameters.fixed_iv_length]
  //  server_write_IV[SecurityParameters.fixed_iv_length]" (mac_key_length = 0)
  const auto part = block.bytes();
  KeyBlock12 keys;
  keys.client.key = crypto::Secret<32>::from(part.subspan(0, key_length));
  keys.server.key = crypto::Secret<32>::from(part.subspan(key_length, key_length));
  keys.client.iv = crypto::Secret<12>::from(part.subspan(2 * key_length, fixed_iv_length));
  keys.server.iv =
      crypto::Secret<12>::from(part.subspan(2 * key_length + fixed_iv_length, fixed_iv_length));
  return keys;
}

HashSecret KeySchedule12::finished_verify_data(FinishedSender sender,
                                               const Digest& handshake_hash) const {
  // RFC 5246 §7.4.9: "PRF(master_secret, finished_label, Hash(handshake_messages))
  // [0..verify_data_length-1];" with "For Finished messages sent by the client,
  // the string "client finished". For Finished messages sent by the server,
  // the string "server finished"."
  const std::string_view label =
      sender == FinishedSender::client ? "client finished" : "server finished";
  HashSecret verify_data(kVerifyDataSize12);
  prf(master_.bytes(), "master_secret", label, handshake_hash.view(), "Hash(handshake_messages)",
      verify_data.mutable_bytes(), "verify_data");
  return verify_data;
}

}  // namespace glasstls::handshake
