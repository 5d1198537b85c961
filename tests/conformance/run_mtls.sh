#!/usr/bin/env bash
# The scenarios that need certificates made for them (docs/conformance.md,
# "Mutual TLS and RFC 5280 scenarios"), over 127.0.0.1, against one
# implementation. run_catalogue.sh runs the rest of the catalogue, where
# these are skipped (no --test-ca, no --peer-client-auth):
#   client role, `client_cert` scenarios: against a server that requires a
#     client certificate (--peer-client-auth required) and one that takes it
#     optionally (optional), both trusting ca.pem
#   server role, `x509` scenarios: against a client that trusts ca.pem and
#     checks our name
# The test CA is interop_lib.sh's root (ca.pem, ca.key). Every such scenario
# must run exactly once; the failures must be exactly those listed in
# <peer>_known_failures.txt.
#   mbedtls   mbedTLS 2.28 through tests/conformance/mbedtls_peer (its path
#             the third argument): the TLS 1.2 scenarios only
# Usage: run_mtls.sh path/to/glasstls glasstls|openssl|mbedtls [path/to/mbedtls_peer]
set -uo pipefail
# Paths given relative to the caller's directory are resolved before
# interop_lib.sh moves into its work directory (it resolves $1 itself).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEER_PROGRAM=$([ -n "${3:-}" ] && realpath "$3")
source "$HERE/../interop/interop_lib.sh" "$1"

case "$2" in
  glasstls)
    server="$GLASSTLS server --listen 127.0.0.1:{port} --cert localhost.pem --key localhost.key --client-ca ca.pem --verify-client"
    client="$GLASSTLS client 127.0.0.1:{port} --ca ca.pem --servername localhost --timeout 10" ;;
  openssl)
    # -verify_return_error: without it s_server and s_client go on after a
    # certificate that does not verify.
    server="openssl s_server -accept 127.0.0.1:{port} -cert localhost.pem -key localhost.key -rev -CAfile ca.pem -verify_return_error"
    client="openssl s_client -connect 127.0.0.1:{port} -servername localhost -CAfile ca.pem -verify_return_error -verify_hostname localhost" ;;
  mbedtls)
    server="$PEER_PROGRAM server --port {port} --cert localhost.pem --key localhost.key --ca ca.pem --timeout 10000 --verify"
    client="$PEER_PROGRAM client --connect 127.0.0.1:{port} --ca ca.pem --servername localhost --timeout 10000" ;;
  *) echo "usage: $0 GLASSTLS glasstls|openssl|mbedtls [MBEDTLS_PEER]"; exit 2 ;;
esac
required="$server required" optional="$server optional"
if [ "$2" = openssl ]; then required="$server -Verify 1" optional="$server -verify 1"; fi
version=""  # all of them
[ "$2" = mbedtls ] && version=",tls12"

status=0
run() {  # name role tags peer-command [more options]
  local name=$1 role=$2 tags=$3 peer=$4
  shift 4
  timeout 200 "$GLASSTLS" conformance --role "$role" --peer "$peer" --peer-log "peer.$name.log" \
    --cert localhost.pem --key localhost.key --test-ca ca.pem --test-ca-key ca.key \
    --tags "$tags" --timeout 10000 "$@" --json "results.$name.json" >"out.$name.txt" 2>"err.$name.txt"
  local rc=$?
  cat "out.$name.txt"
  [ -s "err.$name.txt" ] && sed 's/^/stderr | /' "err.$name.txt"
  if grep -q "^[0-9]* passed, 0 failed" "out.$name.txt"; then [ "$rc" = 0 ] || status=1
  else [ "$rc" = 1 ] || status=1; fi
}
run required client "client_cert$version" "$required" --peer-client-auth required
run optional client "client_cert$version" "$optional" --peer-client-auth optional
run x509 server "x509$version" "$client"

python3 "$HERE/check_results.py" mtls "$HERE/$2_known_failures.txt" \
  results.required.json results.optional.json results.x509.json || exit 1
exit $status
