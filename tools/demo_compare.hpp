// `glasstls demo --compare`: a TLS 1.2 and a TLS 1.3 handshake between the
// same client and server (the same cast, the same group, mutual TLS unless
// --no-mtls), side by side and aligned by purpose — key exchange, server
// authentication, client authentication, Finished, the rest — with each
// message's flight, direction, size and whether it crossed the wire in the
// clear or encrypted, then the round trips, the bytes each way and what an
// eavesdropper reads of each. Everything comes from the events of the two
// real in-memory connections (trace/handshake_outline.hpp); --html FILE draws
// the same comparison as one self-contained page, --json FILE writes it as
// JSON (docs/trace-format.md).
#pragma once

#include "tools/demo_options.hpp"

namespace glasstls::tools {

// Prints the comparison; the exit code (2: bad usage).
int run_compare(const DemoOptions& options);

}  // namespace glasstls::tools
