// ct subject: SHA-256 with the portable compression function on secret data.
#include "tests/ct/subjects/sha256_common.hpp"

namespace {

GLASSTLS_CT_CASE("SHA-256 (portable compress) on secret messages") {
  glasstls::ct_test::sha256_secret_messages(&glasstls::crypto::sha256_compress_portable);
}

}  // namespace
