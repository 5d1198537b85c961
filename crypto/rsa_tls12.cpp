// The TLS 1.2 RSA key exchange, server side: decrypting the premaster secret
// (RFC 5246 §7.4.7.1) without becoming a Bleichenbacher oracle.
//
// Bleichenbacher (CRYPTO '98) showed that a server which reveals, by any means
// (an alert, an error code, a timing difference), whether a ciphertext has
// valid PKCS #1 v1.5 padding lets an attacker decrypt any ciphertext with about
// a million queries. ROBOT (2017) found the oracle still alive in many stacks.
// The countermeasure: never tell. The server always continues with some
// 48-byte premaster secret; a bad ciphertext merely yields a random one, and
// the handshake fails later at Finished, identically for every kind of error.
#include <array>

#include "crypto/rsa.hpp"
#include "crypto/rsa_internal.hpp"

namespace glasstls::crypto {

// The selection of RFC 5246 §7.4.7.1 step 3 on the decrypted EM (k bytes):
// pms (holding R) is overwritten with M when EM is well formed.
// CT: masks over all of EM and a masked copy; no branch or index on EM.
void tls12_premaster_select(std::span<const std::uint8_t> em, std::uint16_t client_version,
                            std::span<std::uint8_t> pms) {
  const std::size_t k = em.size();
  // The padding must be 0x00 0x02 PS(k-51 nonzero octets) 0x00 M(48 octets):
  // the only layout that both is valid PKCS #1 and has a 48-byte M.
  ct::Mask good = ct::eq(em[0], 0x00) & ct::eq(em[1], 0x02);
  for (std::size_t i = 2; i < k - 49; ++i) good = good & ct::ne(em[i], 0);
  good = good & ct::eq(em[k - 49], 0);
  // RFC 5246 §7.4.7.1: "3. If the PKCS#1 padding is not correct, or the length
  // of message M is not exactly 48 bytes: pre_master_secret = R else If
  // ClientHello.client_version <= TLS 1.0, and version number check is
  // explicitly disabled: premaster secret = M else If M[0..1] !=
  // ClientHello.client_version: premaster secret = R else: premaster secret = M".
  // (We never disable the version check.) RFC 5246 §7.4.7.1: "If
  // ClientHello.client_version is TLS 1.1 or higher, server implementations
  // MUST check the version number as described in the note below."
  const auto m = em.subspan(k - 48);
  good = good & ct::eq(m[0], client_version >> 8) & ct::eq(m[1], client_version & 0xff);
  // RFC 5246 §7.4.7.1: "a TLS server MUST NOT generate an alert if processing an
  // RSA-encrypted premaster secret message fails, or the version number is not
  // as expected. Instead, it MUST continue the handshake with a randomly
  // generated premaster secret."
  ct::cmov(good, pms, m);
}

// CT: no branch or index depends on EM; the decrypted and random premasters
// are merged with a masked copy (ct::cmov). The only early returns are on the
// public length of the ciphertext and the public range check c < n.
Result<Secret<48>> tls12_rsa_premaster_decrypt(const RsaPrivateKey& key,
                                               std::span<const std::uint8_t> c,
                                               std::uint16_t client_version, Rng& rng) {
  const std::size_t k = key.size_bytes();
  // RFC 5246 §7.4.7.1: "1. Generate a string R of 48 random bytes".
  auto pms = Secret<48>(48);
  rng.fill(pms.mutable_bytes());
  if (c.size() != k) {
    return make_error(AlertDescription::decode_error,
                      "RFC 5246 §7.4.7.1: EncryptedPreMasterSecret must be k octets");
  }
  // RFC 5246 §7.4.7.1: "2. Decrypt the message to recover the plaintext M".
  std::array<std::uint8_t, kRsaMaxBytes> em_buf{};
  const auto em = std::span(em_buf).first(k);
  // private_op is blinded (rsa_key.cpp), RFC 5246 §7.4.7.1: "Accordingly,
  // implementations that use static RSA keys MUST use RSA blinding or some
  // other anti-timing technique, as described in [TIMING]."
  if (auto r = key.private_op(c, em, rng); !r) return r.error();
  tls12_premaster_select(em, client_version, pms.mutable_bytes());
  ct::secure_wipe(em_buf.data(), em_buf.size());
  return pms;
}

}  // namespace glasstls::crypto
