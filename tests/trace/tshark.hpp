// tshark as a second opinion on the captures we write: what it decodes of a
// pcapng file, with no option and no preference of the user's.
#pragma once

#include <string>

namespace glasstls::test {

bool have_tshark();

// `tshark -r FILE -Y tls -T fields` with the handshake types, the HTTP
// method and the HTTP status: one tab-separated line per TLS packet, e.g.
// "2,8,13,11,15,20\t\t". HOME points at `empty_home` (an empty directory):
// no preference file (say, a tls.keylog_file) can help. Bounded in time.
std::string tshark_tls_fields(const std::string& file, const std::string& empty_home);

}  // namespace glasstls::test
