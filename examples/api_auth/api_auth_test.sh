#!/usr/bin/env bash
# api_auth's checks: each of the three methods works with the right
# credentials, and each attack ends as docs/api-auth.md says (a replay, a
# tampered body, a wrong key, a stale timestamp, no client certificate, a
# certificate from another CA, a stolen key database, a stolen CA key).
#
# Usage: api_auth_test.sh BIN_DIR WORK_DIR
#   BIN_DIR   the built api_auth_server, api_auth_client, api_auth_demo
#   WORK_DIR  a PKI as tests/examples/examples_test.sh makes it: ca/ca.pem,
#             ca/ca.key, server.pem/.key (CN=localhost), alice.pem/.key
#             (Ed25519, from ca), mallory.pem/.key (P-256, from other-ca)
# Prints one "ok   ..." or "FAIL ..." line per check; exits 1 on any failure.
# Everything runs on 127.0.0.1, on ports the system picks, under `timeout`.
set -uo pipefail
BIN=$(realpath "$1")
W=$(realpath "$2")
# the shared test helpers (a work dir $WORK removed at exit, PIDS stopped,
# ok/bad/check): the examples' tests live beside the repository's
source "$(dirname "$0")/../../tests/support/script_lib.sh"
T=$WORK

SERVER_PID=
PORT=
start_server() {  # LOG COUNT ARGS...: start api_auth_server on a free port
  local log=$1 count=$2; shift 2
  timeout 60 "$BIN/api_auth_server" --port 0 --cert "$W/server.pem" --key "$W/server.key" \
    --count "$count" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/^listening on \([0-9]*\).*/\1/p' "$log" 2>/dev/null)
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_server() { timeout 20 tail --pid="$SERVER_PID" -f /dev/null; kill "$SERVER_PID" 2>/dev/null; }
# client OUT MODE ARGS...: run the client, append its exit status to OUT
client() {
  local out=$1 mode=$2; shift 2
  timeout 30 "$BIN/api_auth_client" --mode "$mode" --port "$PORT" --ca "$W/ca/ca.pem" "$@" \
    >"$out" 2>&1
  echo "exit=$?" >>"$out"
}
# expect NAME OUT accepted|refused PATTERN: the outcome, and why
expect() {
  local name=$1 out=$2 outcome=$3 pattern=$4
  if [ "$outcome" = accepted ]; then
    grep -q "^exit=0$" "$out" && grep -q "HTTP 200" "$out" || { bad "$name (not accepted)" "$out"; return; }
  else
    grep -q "^exit=1$" "$out" || { bad "$name (not refused)" "$out"; return; }
  fi
  check "$name" "$out" "$pattern"
}

# ---- the demo: every scenario in one process, each checked against its expectation
timeout 60 "$BIN/api_auth_demo" >demo.log 2>&1
echo "exit=$?" >>demo.log
expect_demo() { if grep -q -- "$2" demo.log; then ok "demo: $1"; else bad "demo: $1 (no '$2')"; fi; }
expect_demo "runs every method and attack as expected (exit 0)" "^exit=0$"
expect_demo "an on-path relay sees ciphertext only" "CIPHERTEXT ONLY"
if grep -q "UNEXPECTED" demo.log; then
  bad "demo: an UNEXPECTED outcome"
  grep -B4 "UNEXPECTED" demo.log | sed 's/^/     | /'
fi

# ---- (a) API key + HMAC-SHA256
"$BIN/api_auth_server" issue-hmac-key alice hmac_db.txt >alice.hmac 2>&1 &&
  "$BIN/api_auth_server" issue-hmac-key alice wrong_db.txt >/dev/null 2>&1 &&
  "$BIN/api_auth_server" issue-hmac-key eve wrong_db.txt >/dev/null 2>&1 &&
  [ "$(wc -l <alice.hmac)" = 1 ] && grep -q "^alice [0-9a-f]\{64\}$" alice.hmac &&
  ok "hmac: the service issues alice a 32-byte key (and keeps it)" ||
  bad "hmac: issue-hmac-key" alice.hmac
if start_server srv.hmac.log 7 --mode hmac --keys hmac_db.txt; then
  client a1 hmac --key-id alice --hmac-keys alice.hmac --save req.hmac
  expect "hmac: alice's signed request is accepted" a1 accepted '"from":"alice"'
  client a2 hmac --replay req.hmac
  expect "hmac: the same request replayed is refused (nonce cache)" a2 refused "replay: nonce"
  client a3 hmac --replay req.hmac --tamper-body '{"to":"mallory","amount":1000000}'
  expect "hmac: a tampered body is refused" a3 refused "HMAC does not match"
  client a4 hmac --key-id alice --hmac-keys alice.hmac --timestamp-offset -400
  expect "hmac: a request 400 s old is refused (replay window)" a4 refused "outside the 300 s window"
  client a5 hmac --key-id alice --hmac-keys wrong_db.txt
  expect "hmac: a wrong key is refused" a5 refused "HMAC does not match"
  client a6 hmac --key-id eve --hmac-keys wrong_db.txt
  expect "hmac: an unknown key id is refused" a6 refused "unknown key id eve"
  # The thief has the server's database: it holds the secrets themselves.
  client a7 hmac --key-id alice --hmac-keys hmac_db.txt --body '{"to":"mallory","amount":1000000}'
  expect "hmac: with the STOLEN key database a forged request is ACCEPTED" a7 accepted \
    '"to":"mallory"'
  stop_server
  check "hmac: the server logs the replay" srv.hmac.log "401 replay"
else
  bad "hmac: the server did not start" srv.hmac.log
fi

# ---- (b) digital signatures: the server holds public keys only
"$BIN/api_auth_server" register-public-key alice "$W/alice.pem" sig_db.txt >/dev/null 2>&1 &&
  "$BIN/api_auth_server" register-public-key mallory "$W/mallory.key" sig_db.txt >/dev/null 2>&1 &&
  [ "$(wc -l <sig_db.txt 2>/dev/null)" = 2 ] && ok "signature: the service registers public keys only" ||
  bad "signature: register-public-key" sig_db.txt
if [ -f sig_db.txt ] && start_server srv.sig.log 6 --mode signature --keys sig_db.txt; then
  client b1 signature --key-id alice --signing-key "$W/alice.key" --save req.sig
  expect "signature: alice's Ed25519-signed request is accepted" b1 accepted '"from":"alice"'
  client b2 signature --key-id mallory --signing-key "$W/mallory.key"
  expect "signature: an ECDSA P-256-signed request is accepted" b2 accepted '"from":"mallory"'
  client b3 signature --replay req.sig
  expect "signature: the same request replayed is refused (nonce cache)" b3 refused "replay: nonce"
  client b4 signature --replay req.sig --tamper-body '{"to":"mallory","amount":1000000}'
  expect "signature: a tampered body is refused" b4 refused "Ed25519 signature does not verify"
  client b5 signature --key-id alice --signing-key "$W/mallory.key"
  expect "signature: a wrong key (mallory's, as alice) is refused" b5 refused "does not verify"
  # The thief has the server's database: public keys. Used as HMAC secrets
  # (algorithm confusion), they get nowhere: the key fixes the algorithm.
  client b6 hmac --key-id alice --hmac-keys sig_db.txt --body '{"to":"mallory","amount":1000000}'
  expect "signature: the STOLEN public-key database does not forge a request" b6 refused \
    "does not verify"
  stop_server
else
  bad "signature: the server did not start" srv.sig.log
fi

# ---- (c) mutual TLS: the service's own CA vouches for its clients
if start_server srv.mtls.log 4 --mode mtls --client-ca "$W/ca/ca.pem"; then
  client c1 mtls --cert "$W/alice.pem" --key "$W/alice.key"
  expect "mtls: alice's certificate is accepted, and names her" c1 accepted \
    '"from":"CN=alice,O=Examples"'
  client c2 mtls
  expect "mtls: a client without a certificate is refused" c2 refused "certificate_required"
  client c3 mtls --cert "$W/mallory.pem" --key "$W/mallory.key"
  expect "mtls: a certificate from another CA is refused" c3 refused "TLS failed"
  # The CA's private key is the one secret of this method: a thief who has it
  # makes a certificate for alice's name with a key of its own.
  client c4 mtls --forge-cert "$W/ca/ca.pem" "$W/ca/ca.key" "$W/alice.pem"
  expect "mtls: with the STOLEN CA key a forged client certificate is ACCEPTED" c4 accepted \
    '"from":"CN=alice,O=Examples"'
  stop_server
  check "mtls: the server refuses the client without a certificate at the handshake" \
    srv.mtls.log "refused at the TLS handshake: certificate_required"
else
  bad "mtls: the server did not start" srv.mtls.log
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
