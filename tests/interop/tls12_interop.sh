#!/usr/bin/env bash
# TLS 1.2 interop over 127.0.0.1 (RFC 5246): `glasstls server` against
# openssl s_client -tls1_2, gnutls-cli and curl; `glasstls client --tls 1.2`
# against openssl s_server -tls1_2 and gnutls-serv. Every TLS 1.2 suite with
# ECDSA and RSA identities, RSA key transport, mutual TLS with and without a
# client certificate, version negotiation (a 1.2-only peer against an "any"
# side), TLS_FALLBACK_SCSV, resumption both ways. Every peer runs under `timeout`, on a free port,
# and is stopped at the end.
#
# Usage: tls12_interop.sh path/to/glasstls
set -uo pipefail
source "$(dirname "$0")/interop_lib.sh" "$1"

# OpenSSL's names for our suites.
declare -A OSSL=(
  [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]=ECDHE-ECDSA-AES128-GCM-SHA256
  [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]=ECDHE-ECDSA-AES256-GCM-SHA384
  [TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-ECDSA-CHACHA20-POLY1305
  [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]=ECDHE-RSA-AES128-GCM-SHA256
  [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]=ECDHE-RSA-AES256-GCM-SHA384
  [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]=ECDHE-RSA-CHACHA20-POLY1305
  [TLS_RSA_WITH_AES_128_GCM_SHA256]=AES128-GCM-SHA256
  [TLS_RSA_WITH_AES_256_GCM_SHA384]=AES256-GCM-SHA384
)
identity_for() {  # suite -> the --cert/--key pair it needs
  case "$1" in *ECDSA*) echo "localhost" ;; *) echo "rsaserver" ;; esac
}

# ---- glasstls server (any version), foreign TLS 1.2 clients
for suite in "${!OSSL[@]}"; do
  id=$(identity_for "$suite")
  port=$(free_port)
  start_glasstls_server "$port" --cert "$id.pem" --key "$id.key"
  echo "ping $suite" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem \
    -servername localhost -tls1_2 -cipher "${OSSL[$suite]}" -verify_return_error -quiet \
    >out.txt 2>err.txt
  if grep -q "ping $suite" out.txt; then ok "openssl s_client -tls1_2 -> glasstls server: $suite"
  else bad "openssl s_client -tls1_2 -> glasstls server: $suite" err.txt; fi
done

port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key --client-ca ca.pem \
  --verify-client required
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_2 -cert client.pem -key client.key -verify_return_error -quiet >out.txt 2>err.txt
if grep -q ping out.txt; then ok "openssl s_client -tls1_2 -> glasstls server: mutual TLS"
else bad "openssl s_client -tls1_2 -> glasstls server: mutual TLS" err.txt; fi
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_2 -quiet >out.txt 2>err.txt
if ! grep -q ping out.txt && grep -qi "handshake failure" err.txt; then
  ok "openssl s_client -tls1_2 without a certificate -> required: handshake_failure"
else bad "openssl s_client -tls1_2 without a certificate -> required" err.txt; fi

# RFC 7507: a fallback (1.2 with TLS_FALLBACK_SCSV) to a server that speaks 1.3.
port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key
timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_2 -fallback_scsv </dev/null >out.txt 2>err.txt
if grep -qi "inappropriate fallback" err.txt; then
  ok "openssl s_client -tls1_2 -fallback_scsv -> glasstls server (any): inappropriate_fallback"
else bad "openssl s_client -fallback_scsv -> glasstls server" err.txt; fi

# Resumption (RFC 5246 §7.3 abbreviated handshake, RFC 5077 tickets), both ways.
port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key
echo one | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_2 -sess_out ossl.sess >out.txt 2>&1
echo two | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_2 -sess_in ossl.sess >out2.txt 2>&1
if grep -q "^New, TLSv1.2" out.txt && grep -q "^Reused, TLSv1.2" out2.txt; then
  ok "openssl s_client -tls1_2 -> glasstls server: resumption with a ticket"
else bad "openssl s_client -tls1_2 -> glasstls server: resumption" out2.txt; fi

# The NSS key log for TLS 1.2 (CLIENT_RANDOM): tshark decrypts a capture.
if command -v tshark >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key --http --alpn http/1.1
  timeout 30 tshark -i lo -f "tcp port $port" -w capture12.pcapng >tshark.log 2>&1 &
  tshark_pid=$!
  PIDS+=($tshark_pid)
  # dumpcap says "Capture started" once it captures (20 s at most on a loaded machine);
  # "Capturing on" comes earlier, and a connection made then can be missed.
  for _ in $(seq 200); do grep -q "Capture started" tshark.log && break; sleep 0.1; done
  sleep 0.5
  printf 'GET /tls12-decrypted HTTP/1.1\r\nHost: localhost\r\n\r\n' |
    timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem --servername localhost --tls 1.2 \
      --alpn http/1.1 --keylog keys12.log >out.txt 2>err.txt
  sleep 1
  kill -INT "$tshark_pid" 2>/dev/null; wait "$tshark_pid" 2>/dev/null
  timeout 30 tshark -r capture12.pcapng -o "tls.keylog_file:keys12.log" -d "tcp.port==$port,tls" \
    -Y http.request -T fields -e http.request.uri >tshark.txt 2>&1
  if grep -q "^/tls12-decrypted$" tshark.txt && grep -q "^CLIENT_RANDOM " keys12.log; then
    ok "tshark decrypts a TLS 1.2 glasstls connection with the key log (CLIENT_RANDOM)"
  else cat tshark.log err.txt keys12.log >>tshark.txt; bad "tshark decrypts TLS 1.2 with the key log" tshark.txt; fi
fi

if command -v gnutls-cli >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key
  echo ping | timeout 10 gnutls-cli --x509cafile ca.pem -p "$port" 127.0.0.1 --sni-hostname localhost \
    --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" >out.txt 2>&1
  if grep -q "Handshake was completed" out.txt && grep -q "TLS1.2" out.txt; then
    ok "gnutls-cli (TLS 1.2) -> glasstls server"
  else bad "gnutls-cli (TLS 1.2) -> glasstls server" out.txt; fi
fi

if command -v curl >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key --http --alpn http/1.1
  if timeout 10 curl -sS --tlsv1.2 --tls-max 1.2 --cacert ca.pem "https://localhost:$port/" \
       -o page.html 2>err.txt && grep -q "TLS 1.2" page.html; then
    ok "curl --tls-max 1.2 -> glasstls server --http"
  else cat page.html >>err.txt 2>/dev/null; bad "curl --tls-max 1.2 -> glasstls server --http" err.txt; fi
fi

# ---- glasstls client --tls 1.2, foreign servers
for suite in "${!OSSL[@]}"; do
  id=$(identity_for "$suite")
  port=$(free_port)
  timeout 60 openssl s_server -accept "$port" -cert "$id.pem" -key "$id.key" -tls1_2 \
    -cipher "${OSSL[$suite]}" -www >/dev/null 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
    --servername localhost --tls 1.2 --suites "$suite" >out.txt 2>err.txt
  if grep -q "TLS 1.2 $suite" err.txt && grep -q "HTTP/1.0 200" out.txt; then
    ok "glasstls client --tls 1.2 -> openssl s_server: $suite"
  else bad "glasstls client --tls 1.2 -> openssl s_server: $suite" err.txt; fi
done

port=$(free_port)
timeout 60 openssl s_server -accept "$port" -cert localhost.pem -key localhost.key -tls1_2 -www \
  >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$port"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --tls 1.2 --sess-out glass.sess >out.txt 2>err.txt
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --tls 1.2 --sess-in glass.sess >out2.txt 2>err2.txt
if grep -q "session saved" err.txt && grep -q "TLS 1.2.*(resumed)" err2.txt && grep -q "HTTP/1.0 200" out2.txt; then
  ok "glasstls client --tls 1.2 -> openssl s_server: --sess-out then --sess-in resumes"
else cat err.txt >>err2.txt; bad "glasstls client --tls 1.2 -> openssl s_server: resumption" err2.txt; fi

port=$(free_port)
timeout 60 openssl s_server -accept "$port" -cert localhost.pem -key localhost.key -tls1_2 \
  -Verify 1 -CAfile ca.pem -www >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$port"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --cert client.pem --key client.key >out.txt 2>err.txt
if grep -q "connected: TLS 1.2" err.txt && grep -q "HTTP/1.0 200" out.txt; then
  ok "glasstls client (any) -> openssl s_server -tls1_2: TLS 1.2 with mutual TLS"
else bad "glasstls client (any) -> openssl s_server -tls1_2: mutual TLS" err.txt; fi

if command -v gnutls-serv >/dev/null; then
  port=$(free_port)
  timeout 60 gnutls-serv --http -p "$port" --x509certfile localhost.pem --x509keyfile localhost.key \
    --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" >gserver.log 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
    --servername localhost >out.txt 2>err.txt
  if grep -q "connected: TLS 1.2" err.txt && grep -q "HTTP/1.0 200" out.txt; then
    ok "glasstls client (any) -> gnutls-serv (TLS 1.2)"
  else bad "glasstls client (any) -> gnutls-serv (TLS 1.2)" err.txt; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
