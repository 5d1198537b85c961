#!/usr/bin/env bash
# The whole conformance catalogue over 127.0.0.1, in both roles, against one
# implementation:
#   glasstls  `glasstls server` (we are the client), `glasstls client` (we
#             are the server)
#   openssl   `openssl s_server -rev -min_protocol TLSv1.2`, `openssl s_client`
#   mbedtls   mbedTLS 2.28 through tests/conformance/mbedtls_peer (its path
#             the third argument): the TLS 1.2 scenarios only
# The scenarios that fail must be exactly those listed, with the reason, in
# <peer>_known_failures.txt (GlassTLS: our bugs, reported, to be fixed), and
# every scenario must run in one of the two roles (but those that need
# certificates made for them: run_mtls.sh).
# The server under test runs on a free port, started and stopped by `glasstls
# conformance --peer`; the client under test is started for each scenario;
# every wait on a peer is bounded by --timeout.
# Usage: run_catalogue.sh path/to/glasstls glasstls|openssl|mbedtls [path/to/mbedtls_peer]
set -uo pipefail
# Paths given relative to the caller's directory are resolved before
# interop_lib.sh moves into its work directory (it resolves $1 itself).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEER_PROGRAM=$([ -n "${3:-}" ] && realpath "$3")
source "$HERE/../interop/interop_lib.sh" "$1"

tags=()  # all of the catalogue
case "$2" in
  glasstls)
    server="$GLASSTLS server --listen 127.0.0.1:{port} --cert localhost.pem --key localhost.key"
    client="$GLASSTLS client 127.0.0.1:{port} --insecure --servername localhost --timeout 10" ;;
  openssl)
    # -min_protocol TLSv1.2: a server of TLS 1.2 and 1.3, as the scenarios
    # assume (OpenSSL 3.0 enables TLS 1.0 and 1.1 but has no suite for them).
    server="openssl s_server -accept 127.0.0.1:{port} -cert localhost.pem -key localhost.key -rev -min_protocol TLSv1.2"
    client="openssl s_client -connect 127.0.0.1:{port} -servername localhost" ;;
  mbedtls)
    server="$PEER_PROGRAM server --port {port} --cert localhost.pem --key localhost.key --timeout 10000"
    client="$PEER_PROGRAM client --connect 127.0.0.1:{port} --ca ca.pem --servername localhost --timeout 10000"
    tags=(--tags tls12) ;;
  *) echo "usage: $0 GLASSTLS glasstls|openssl|mbedtls [MBEDTLS_PEER]"; exit 2 ;;
esac

status=0
run() {  # role peer-command
  timeout 500 "$GLASSTLS" conformance --role "$1" --peer "$2" --peer-log "peer.$1.log" \
    --cert localhost.pem --key localhost.key \
    --timeout 10000 "${tags[@]}" --json "results.$1.json" --junit "results.$1.xml" >"out.$1.txt" 2>"err.$1.txt"
  local rc=$?
  cat "out.$1.txt"
  [ -s "err.$1.txt" ] && sed 's/^/stderr | /' "err.$1.txt"
  # The command's own verdict agrees: non-zero exactly when something failed.
  if grep -q "^[0-9]* passed, 0 failed" "out.$1.txt"; then [ "$rc" = 0 ] || status=1
  else [ "$rc" = 1 ] || status=1; fi
}
run client "$server"
run server "$client"

python3 "$HERE/check_results.py" catalogue "$HERE/$2_known_failures.txt" results.client.json results.server.json || exit 1
exit $status
