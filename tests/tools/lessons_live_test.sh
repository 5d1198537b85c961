#!/usr/bin/env bash
# The lessons of live connections (issue 13, item 6; tools/lessons.hpp):
# `glasstls server` and `glasstls client` on 127.0.0.1 fail a handshake and
# each side explains it — who decided, the rule's RFC section and a fix
# command. A server certificate from a CA the client does not trust (twice:
# the server explains a kind of problem once, then refers to it), an expired
# server certificate, a client certificate whose chain does not verify with
# the CA the server trusts, and no client certificate at all.
set -euo pipefail
GLASSTLS=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../support/script_lib.sh"  # (it moves into a work directory)

# A PKI valid now, another CA, and the seeded demo's PKI: its clock is fixed
# at 2026-01-01, so its server certificate expired on 2026-04-01.
"$GLASSTLS" demo --out pki >/dev/null
"$GLASSTLS" demo --seed 1 --out old >/dev/null
"$GLASSTLS" ca new --out-dir other --subject "CN=Some Other Root CA" >/dev/null
if (($(date +%s) <= $(date -d 2026-04-01 +%s))); then
  echo "this machine's clock is before 2026-04-01: the old certificate has not expired: skipped"
  exit 77
fi

# has FILE TEXT...: every TEXT (a fixed string) is in FILE.
has() {
  local file=$1
  shift
  for text in "$@"; do
    grep -qF -- "$text" "$file" || bad "$file lacks: $text"
  done
}
# serve LOG ACCEPTS ARGS...: a server in the background; sets $port.
serve() {
  local log=$1 accepts=$2
  shift 2
  port=$(free_port)
  timeout 60 "$GLASSTLS" server --listen "127.0.0.1:$port" --accept-count "$accepts" "$@" \
    >"$log" 2>&1 &
  PIDS+=($!)
  wait_line "$log" listening || bad "the server did not start" "$log"
}
# connect LOG ARGS...: a client that must fail (exit 1).
connect() {
  local log=$1 code=0
  shift
  timeout 20 "$GLASSTLS" client "127.0.0.1:$port" --servername www.example.test "$@" \
    </dev/null >/dev/null 2>"$log" || code=$?
  ((code == 1)) || bad "client $* exited $code, not 1" "$log"
}
# stopped PID: the server exited after its --accept-count connections.
stopped() {
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  bad "the server is still running"
}

# 1. Unknown CA: the client decides, the server reads the client's alert.
serve server1.log 2 --cert pki/server-chain.pem --key pki/server.key
connect client1.log --ca other/ca.pem
connect client1b.log --ca other/ca.pem --profile rfc5280
stopped "${PIDS[-1]}"
has client1.log "handshake failed: unknown_ca" \
  "the client (this side) decided: unknown CA; it sent the alert unknown_ca (48)" \
  "RFC 5280 §6.1" "unknown_ca:" "RFC 8446 §6.2" "profile: webpki" \
  "glasstls client www.example.test:443 --ca root.pem" "curl --cacert root.pem"
has client1b.log "profile: rfc5280, as configured (--profile rfc5280)"
has server1.log "failed: peer sent unknown_ca" "the client decided, and sent the alert unknown_ca (48)" \
  "What it probably objected to: unknown CA." "RFC 5280 §6.1" \
  "glasstls client www.example.test:443 --ca root.pem" "unknown CA (explained above)" \
  "profile: the client's, which its alert does not name"
! grep -qF "same in rfc5280" server1.log || bad "the server claims to know the client's profile"
(($(grep -c "What it probably objected to" server1.log) == 1)) ||
  bad "the server explained the same kind of failure twice"

# 2. An expired server certificate.
serve server2.log 1 --cert old/server-chain.pem --key old/server.key
connect client2.log --ca old/root.pem
stopped "${PIDS[-1]}"
has client2.log "handshake failed: certificate_expired" \
  "the client (this side) decided: expired certificate" "CN=www.example.test" \
  "RFC 5280 §4.1.2.5" "certificate_expired: RFC 8446 §6.2" \
  "glasstls ca sign --ca-dir ca --csr server.csr --profile server" "openssl x509 -noout -dates"
has server2.log "the client decided, and sent the alert certificate_expired (45)" \
  "What it probably objected to: expired certificate." "RFC 5280 §4.1.2.5" \
  "glasstls ca sign --ca-dir ca --csr server.csr --profile server"

# 3. Mutual TLS, and the server trusts for clients another CA with the same
# names (a second `glasstls demo --out`): its request names "our" root, the
# client sends its chain, whose signatures do not verify with that CA's key.
"$GLASSTLS" demo --out twin >/dev/null
serve server3.log 1 --cert pki/server-chain.pem --key pki/server.key --client-ca twin/root.pem \
  --verify-client required --tls 1.3
connect client3.log --ca pki/root.pem --cert pki/client-chain.pem --key pki/client.key
stopped "${PIDS[-1]}"
has server3.log \
  "the server (this side) decided: client certificate rejected: unknown CA; it sent the alert decrypt_error (51)" \
  "another CA with the same name" "profile: rfc5280" "RFC 8446 §4.4.2.4, §6.2" "--profile client"
has client3.log "connection failed: peer sent decrypt_error" \
  "the server decided, and sent the alert decrypt_error (51)" \
  "What it probably objected to: signature or Finished rejected." "another CA with the" \
  "openssl pkey -pubout -in client.key"

# 4. Mutual TLS, and the client has no certificate from a CA the server
# lists: it sends none.
serve server4.log 1 --cert pki/server-chain.pem --key pki/server.key --client-ca other/ca.pem \
  --verify-client required --tls 1.3
connect client4.log --ca pki/root.pem --cert pki/client-chain.pem --key pki/client.key
stopped "${PIDS[-1]}"
has server4.log "the server (this side) decided: no client certificate" \
  "certificate_required (116)" "RFC 8446 §4.3.2" "certificate_authorities" \
  "glasstls client www.example.test:443 --ca root.pem --cert client-chain.pem --key client.key"
has client4.log "the server decided, and sent the alert certificate_required (116)" \
  "What it probably objected to: no client certificate." "--cert client-chain.pem"

if ((failed > 0)); then
  for f in ./*.log; do echo "--- $f"; cat "$f"; done
  exit 1
fi
echo "all lessons printed"
