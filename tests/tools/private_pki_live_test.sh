#!/usr/bin/env bash
# A private PKI's server certificate whose Common Name is not one of its SAN
# values ("CN=My Server", SAN DNS:www.example.test), made by the openssl CLI as
# many private CAs make them. It breaks CA/B Forum BR §7.1.4.3, so the webpki
# profile — the one `glasstls client` checks its server with by default —
# refuses it, naming the section and the way out; `--profile rfc5280` accepts
# it, on the command line and on a live connection to `glasstls server` on
# 127.0.0.1. `openssl verify` accepts it too (it applies no BR rule).
# Our own CA, `glasstls ca sign`, refuses that request, and makes a request
# whose CN is a host name but that has no SAN into a certificate the webpki
# profile accepts (the CN copied into the SAN), on a live connection too.
set -uo pipefail
GLASSTLS=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../support/script_lib.sh"

# expect CODE NAME LOG COMMAND...: COMMAND exits with CODE, its output in LOG.
expect() {
  local want=$1 name=$2 log=$3 code=0
  shift 3
  timeout 20 "$@" </dev/null >"$log" 2>&1 || code=$?
  if ((code == want)); then ok "$name"; else bad "$name (exit $code, not $want)" "$log"; fi
}
# has NAME LOG TEXT...: every TEXT (a fixed string) is in LOG.
has() {
  local name=$1 log=$2 text
  shift 2
  for text in "$@"; do
    grep -qF -- "$text" "$log" || { bad "$name (no '$text')" "$log"; return; }
  done
  ok "$name"
}

openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -subj "/CN=Private Root" -days 30 -out ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out server.key
openssl req -new -key server.key -subj "/CN=My Server" -out server.csr
printf 'subjectAltName=DNS:www.example.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
  >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile server.ext -out server.pem 2>/dev/null

# The certificate alone.
verify=("$GLASSTLS" x509 verify --roots ca.pem --leaf server.pem --purpose server
  --hostname www.example.test)
expect 1 "x509 verify --profile webpki refuses it" webpki.log "${verify[@]}" --profile webpki
has "the refusal names BR §7.1.4.3 and the way out" webpki.log "CA/B Forum BR §7.1.4.3" \
  "not one of the subjectAltName values" "a private PKI can use --profile rfc5280"
expect 0 "x509 verify --profile rfc5280 accepts it" rfc5280.log "${verify[@]}" --profile rfc5280
expect 0 "openssl verify accepts it" openssl.log openssl verify -CAfile ca.pem -purpose sslserver \
  -verify_hostname www.example.test server.pem

# A live connection: refused by default (webpki), the lesson's profile line
# naming the Baseline Requirements; accepted with --profile rfc5280.
port=$(free_port)
timeout 60 "$GLASSTLS" server --listen "127.0.0.1:$port" --accept-count 2 --cert server.pem \
  --key server.key >server.log 2>&1 &
PIDS+=($!)
wait_line server.log listening || bad "the server did not start" server.log
client=("$GLASSTLS" client "127.0.0.1:$port" --servername www.example.test --ca ca.pem)
expect 1 "glasstls client refuses the server" client-webpki.log "${client[@]}"
has "the client names BR §7.1.4.3, the way out and the profile" client-webpki.log \
  "bad_certificate" "CA/B Forum BR §7.1.4.3" "a private PKI can use --profile rfc5280" \
  "certificate rejected" "a CA/Browser Forum Baseline Requirement, which rfc5280 does not apply"
code=0
echo ping | timeout 20 "${client[@]}" --profile rfc5280 >client-rfc5280.out \
  2>client-rfc5280.log || code=$?
if ((code == 0)); then ok "glasstls client --profile rfc5280 connects"
else bad "glasstls client --profile rfc5280 (exit $code)" client-rfc5280.log; fi
check "the server echoes over it" client-rfc5280.out ping
check "the client names the server certificate" client-rfc5280.log "server certificate: CN=My Server"
expect 2 "glasstls client --profile with an unknown rulebook" client-bad.log "${client[@]}" \
  --profile strict

# Our CA: the openssl request (CN=My Server, no SAN) is refused; a request
# with CN=www.example.test and no SAN gets DNS:www.example.test, and the webpki
# profile — glasstls client's default — accepts the certificate.
"$GLASSTLS" ca new --out-dir ourca --subject "CN=Our Root" >ourca.log 2>&1 ||
  bad "glasstls ca new" ourca.log
expect 1 "glasstls ca sign refuses CN=My Server" ca-refused.log "$GLASSTLS" ca sign \
  --ca-dir ourca --csr server.csr --profile server --out refused.pem
has "the refusal names BR §7.1.4.3 and what to do" ca-refused.log "CA/B Forum BR §7.1.4.3" \
  "put the host name in CN, or leave the CN out"
"$GLASSTLS" key new --type p256 --out ours.key >ours.log 2>&1 &&
  "$GLASSTLS" csr new --key ours.key --subject "CN=www.example.test" --out ours.csr >>ours.log 2>&1 ||
  bad "glasstls key new / csr new" ours.log
expect 0 "glasstls ca sign a CN-only request" ca-signed.log "$GLASSTLS" ca sign --ca-dir ourca \
  --csr ours.csr --profile server --out ours.pem
has "the CN was copied into the SAN" ca-signed.log "names   DNS:www.example.test" \
  "The request's Common Name was added to the subjectAltName"
expect 0 "x509 verify --profile webpki accepts it" ours-webpki.log "$GLASSTLS" x509 verify \
  --roots ourca/ca.pem --leaf ours.pem --purpose server --hostname www.example.test --profile webpki
port=$(free_port)
timeout 60 "$GLASSTLS" server --listen "127.0.0.1:$port" --accept-count 1 --cert ours.pem \
  --key ours.key >ours-server.log 2>&1 &
PIDS+=($!)
wait_line ours-server.log listening || bad "the server did not start" ours-server.log
code=0
echo ping | timeout 20 "$GLASSTLS" client "127.0.0.1:$port" --servername www.example.test \
  --ca ourca/ca.pem --profile webpki >ours-client.out 2>ours-client.log || code=$?
if ((code == 0)); then ok "glasstls client --profile webpki connects to our CA's certificate"
else bad "glasstls client --profile webpki (exit $code)" ours-client.log; fi
check "the server echoes over it" ours-client.out ping

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
