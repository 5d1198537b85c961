// The one table of RFC 8446 §4.2 (handshake/extensions.cpp), read through the
// ServerHello, whose column depends on the version it selects: a TLS 1.3
// ServerHello (supported_versions present) may carry only key_share,
// pre_shared_key and supported_versions; a TLS 1.2 ServerHello (RFC 5246
// §7.4.1.4) answers server_name, ALPN, extended_master_secret,
// renegotiation_info, ec_point_formats and session_ticket there instead.
#include <gtest/gtest.h>

#include "handshake/extension_codecs.hpp"
#include "handshake/hello.hpp"

namespace glasstls::test {
namespace {

using handshake::ExtensionType;
using handshake::ServerHello;

ServerHello server_hello(
    std::initializer_list<std::pair<ExtensionType, std::vector<std::uint8_t>>> extensions) {
  ServerHello sh;
  sh.legacy_version = handshake::kTls12;
  sh.random.fill(7);
  sh.cipher_suite = 0xc02b;
  for (const auto& [type, data] : extensions) sh.extensions.add(type, data);
  return sh;
}

TEST(ExtensionTable, Tls12ServerHelloAnswersWhatTls13AnswersInEncryptedExtensions) {
  const auto sh =
      server_hello({{ExtensionType::server_name, {}},
                    {ExtensionType::extended_master_secret, {}},
                    {ExtensionType::renegotiation_info, handshake::encode_renegotiation_info({})},
                    {ExtensionType::ec_point_formats, handshake::encode_ec_point_formats({0})},
                    {ExtensionType::application_layer_protocol_negotiation,
                     handshake::encode_alpn({"http/1.1"})},
                    {ExtensionType::session_ticket, {}}});
  auto parsed = ServerHello::parse(sh.serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->extensions.list.size(), 6u);
  EXPECT_EQ(*handshake::decode_ec_point_formats(
                parsed->extensions.find(ExtensionType::ec_point_formats)->data),
            std::vector<std::uint8_t>{0});
}

TEST(ExtensionTable, Tls13ServerHelloRefusesTls12Extensions) {
  const std::vector<std::pair<ExtensionType, std::vector<std::uint8_t>>> tls12 = {
      {ExtensionType::extended_master_secret, {}},
      {ExtensionType::server_name, {}},
      {ExtensionType::renegotiation_info, handshake::encode_renegotiation_info({})}};
  for (const auto& [type, data] : tls12) {
    const auto sh = server_hello({{ExtensionType::supported_versions,
                                   handshake::encode_supported_versions_server(handshake::kTls13)},
                                  {type, data}});
    auto parsed = ServerHello::parse(sh.serialize());
    ASSERT_FALSE(parsed.ok()) << handshake::extension_name(handshake::code(type));
    EXPECT_EQ(parsed.error().alert, AlertDescription::illegal_parameter);
  }
}

TEST(ExtensionTable, Tls12ServerHelloRefusesTls13OnlyExtensions) {
  // supported_groups is the client's alone in TLS 1.2 (RFC 8422 §5.1); a
  // key_share or pre_shared_key without supported_versions is a TLS 1.3
  // extension in a TLS 1.2 ServerHello.
  const std::vector<std::pair<ExtensionType, std::vector<std::uint8_t>>> tls13 = {
      {ExtensionType::supported_groups, handshake::encode_u16_list({0x001d})},
      {ExtensionType::pre_shared_key, handshake::encode_selected_identity(0)},
      {ExtensionType::cookie, handshake::encode_cookie(std::vector<std::uint8_t>{1})}};
  for (const auto& [type, data] : tls13) {
    auto parsed = ServerHello::parse(server_hello({{type, data}}).serialize());
    ASSERT_FALSE(parsed.ok()) << handshake::extension_name(handshake::code(type));
    EXPECT_EQ(parsed.error().alert, AlertDescription::illegal_parameter);
  }
}

TEST(ExtensionTable, RenegotiationInfoAndPointFormatsDecode) {
  EXPECT_TRUE(handshake::decode_renegotiation_info(std::vector<std::uint8_t>{0})->empty());
  EXPECT_FALSE(handshake::decode_renegotiation_info(std::vector<std::uint8_t>{}).ok());
  EXPECT_FALSE(handshake::decode_ec_point_formats(std::vector<std::uint8_t>{0}).ok());  // <1..>
  EXPECT_EQ(*handshake::decode_ec_point_formats(std::vector<std::uint8_t>{2, 0, 1}),
            (std::vector<std::uint8_t>{0, 1}));
}

}  // namespace
}  // namespace glasstls::test
