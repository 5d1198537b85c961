#!/usr/bin/env bash
# TLS 1.3 interop over 127.0.0.1: `glasstls server` against openssl s_client,
# gnutls-cli and curl; `glasstls client` against openssl s_server and
# gnutls-serv. Suites, groups (HelloRetryRequest forced), RSA, RSA-PSS and ECDSA
# identities, mutual TLS with and without a client certificate, resumption
# (and a session saved to a file), and tshark decrypting a capture with the
# key log.
# Every peer runs under `timeout`, on a free port, and is stopped at the end.
#
# Usage: tls13_interop.sh path/to/glasstls
set -uo pipefail
source "$(dirname "$0")/interop_lib.sh" "$1"

# ---- glasstls server, foreign clients

for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  for group in X25519 P-256; do
    port=$(free_port)
    start_glasstls_server "$port" --cert localhost.pem --key localhost.key
    echo "ping $suite $group" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem \
      -servername localhost -tls1_3 -ciphersuites "$suite" -groups "$group" -verify_return_error \
      -quiet >out.txt 2>err.txt
    if grep -q "ping $suite $group" out.txt; then ok "openssl s_client -> glasstls server: $suite $group"
    else bad "openssl s_client -> glasstls server: $suite $group" err.txt; fi
  done
done

port=$(free_port)
start_glasstls_server "$port" --cert rsaserver.pem --key rsaserver.key --cert localhost.pem --key localhost.key
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_3 -sigalgs rsa_pss_rsae_sha256 -verify_return_error >out.txt 2>&1
if grep -q "Peer signature type: RSA-PSS" out.txt && grep -q "O = rsaserver, CN = localhost" out.txt; then
  ok "openssl s_client -> glasstls server: RSA identity chosen by signature_algorithms"
else bad "openssl s_client -> glasstls server: RSA identity chosen by signature_algorithms" out.txt; fi

# HelloRetryRequest: the server wants P-256, the client's first share is X25519.
port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key --groups P-256
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_3 -groups X25519:P-256 -verify_return_error -quiet >out.txt 2>err.txt
if grep -q ping out.txt; then ok "openssl s_client -> glasstls server: HelloRetryRequest to P-256"
else bad "openssl s_client -> glasstls server: HelloRetryRequest to P-256" err.txt; fi

# Mutual TLS, required: with a client certificate, and without one.
port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key --client-ca ca.pem --verify-client required
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_3 -cert client.pem -key client.key -quiet >out.txt 2>err.txt
if grep -q ping out.txt && grep -q "client CN=client" "server.$port.log"; then
  ok "openssl s_client -> glasstls server: mutual TLS with a client certificate"
else bad "openssl s_client -> glasstls server: mutual TLS with a client certificate" "server.$port.log"; fi
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_3 -quiet >out.txt 2>err.txt
sleep 0.3
if ! grep -q ping out.txt && grep -q "certificate_required" "server.$port.log"; then
  ok "openssl s_client -> glasstls server: mutual TLS required, no certificate -> certificate_required"
else bad "openssl s_client -> glasstls server: mutual TLS required, no certificate" "server.$port.log"; fi

# Resumption with a ticket.
port=$(free_port)
start_glasstls_server "$port" --cert localhost.pem --key localhost.key
# TLS 1.3 tickets come after the handshake: stay connected a moment to get one.
(echo ping; sleep 1) | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem \
  -servername localhost -tls1_3 -sess_out sess.pem >out1.txt 2>&1
echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem -servername localhost \
  -tls1_3 -sess_in sess.pem >out2.txt 2>&1
if grep -q "^Reused, TLSv1.3" out2.txt; then ok "openssl s_client -> glasstls server: resumption with a ticket"
else bad "openssl s_client -> glasstls server: resumption with a ticket" out2.txt; fi

if command -v gnutls-cli >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key
  echo ping | timeout 10 gnutls-cli --x509cafile ca.pem -p "$port" 127.0.0.1 --sni-hostname localhost \
    --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" >out.txt 2>&1
  if grep -q "Handshake was completed" out.txt; then ok "gnutls-cli -> glasstls server"
  else bad "gnutls-cli -> glasstls server" out.txt; fi
else
  bad "gnutls-cli is not installed (scripts/install-deps.sh tests installs gnutls-bin)"
fi

if command -v curl >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key --http --alpn http/1.1
  if timeout 10 curl -sS --tlsv1.3 --cacert ca.pem "https://localhost:$port/" -o page.html 2>err.txt &&
     grep -q GlassTLS page.html; then ok "curl -> glasstls server --http"
  else bad "curl -> glasstls server --http" err.txt; fi
else
  bad "curl is not installed (scripts/install-deps.sh tests installs it)"
fi

# ---- glasstls client, foreign servers
start_openssl_server() {  # port, extra args...
  local port=$1; shift
  timeout 60 openssl s_server -accept "$port" -cert localhost.pem -key localhost.key -tls1_3 -www \
    "$@" >"oserver.$port.log" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
}
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  port=$(free_port)
  start_openssl_server "$port" -ciphersuites "$suite"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
    --servername localhost >out.txt 2>err.txt
  if grep -q "$suite" err.txt && grep -q "HTTP/1.0 200" out.txt; then
    ok "glasstls client -> openssl s_server: $suite"
  else bad "glasstls client -> openssl s_server: $suite" err.txt; fi
done
port=$(free_port)
start_openssl_server "$port" -groups P-256
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --groups x25519,P-256 >out.txt 2>err.txt
if grep -q "group secp256r1" err.txt && grep -q "HTTP/1.0 200" out.txt; then
  ok "glasstls client -> openssl s_server: HelloRetryRequest to P-256"
else bad "glasstls client -> openssl s_server: HelloRetryRequest to P-256" err.txt; fi
port=$(free_port)
start_openssl_server "$port" -Verify 1 -CAfile ca.pem
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --cert client.pem --key client.key >out.txt 2>err.txt
if grep -q "HTTP/1.0 200" out.txt; then ok "glasstls client -> openssl s_server: mutual TLS"
else bad "glasstls client -> openssl s_server: mutual TLS" err.txt; fi
port=$(free_port)
timeout 60 openssl s_server -accept "$port" -cert rsaserver.pem -key rsaserver.key -tls1_3 -www >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$port"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost >out.txt 2>err.txt
if grep -q "rsa_pss_rsae" err.txt && grep -q "HTTP/1.0 200" out.txt; then
  ok "glasstls client -> openssl s_server: RSA server"
else bad "glasstls client -> openssl s_server: RSA server" err.txt; fi
# A server the client does not trust: the handshake fails with the reason, exit 1.
port=$(free_port)
start_openssl_server "$port"
timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca client.pem --servername localhost </dev/null >out.txt 2>err.txt
rc=$?
if [ "$rc" = 1 ] && grep -q "handshake failed: unknown_ca" err.txt; then
  ok "glasstls client -> openssl s_server: untrusted server -> unknown_ca, exit 1"
else bad "glasstls client -> openssl s_server: untrusted server (rc=$rc)" err.txt; fi

# A saved session: --sess-out keeps the server's ticket, --sess-in resumes with it.
port=$(free_port)
start_openssl_server "$port"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --sess-out sess.pem >out.txt 2>err.txt
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
  --servername localhost --sess-in sess.pem >out2.txt 2>err2.txt
if grep -q "session saved" err.txt && [ "$(stat -c %a sess.pem)" = 600 ] &&
   grep -q "(resumed)" err2.txt && grep -q "HTTP/1.0 200" out2.txt; then
  ok "glasstls client -> openssl s_server: --sess-out then --sess-in resumes"
else cat err.txt >>err2.txt; bad "glasstls client -> openssl s_server: --sess-out/--sess-in" err2.txt; fi

# Wireshark: tshark, given the key log, decrypts a captured connection and
# reads the HTTP request inside it.
if command -v tshark >/dev/null; then
  port=$(free_port)
  start_glasstls_server "$port" --cert localhost.pem --key localhost.key --http --alpn http/1.1
  timeout 30 tshark -i lo -f "tcp port $port" -w capture.pcapng >tshark.log 2>&1 &
  tshark_pid=$!
  PIDS+=($tshark_pid)
  # dumpcap says "Capture started" once it captures (20 s at most on a loaded machine);
  # "Capturing on" comes earlier, and a connection made then can be missed.
  for _ in $(seq 200); do grep -q "Capture started" tshark.log && break; sleep 0.1; done
  sleep 0.5
  printf 'GET /decrypted-by-tshark HTTP/1.1\r\nHost: localhost\r\n\r\n' |
    timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem --servername localhost \
      --alpn http/1.1 --keylog keys.log >out.txt 2>err.txt
  sleep 1
  kill -INT "$tshark_pid" 2>/dev/null; wait "$tshark_pid" 2>/dev/null
  timeout 30 tshark -r capture.pcapng -o "tls.keylog_file:keys.log" -d "tcp.port==$port,tls" \
    -Y http.request -T fields -e http.request.uri >tshark.txt 2>&1
  if grep -q "^/decrypted-by-tshark$" tshark.txt && grep -q "CLIENT_TRAFFIC_SECRET_0" keys.log; then
    ok "tshark decrypts a glasstls connection with the key log"
  else cat tshark.log err.txt >>tshark.txt; bad "tshark decrypts a glasstls connection with the key log" tshark.txt; fi
else
  bad "tshark is not installed (scripts/install-deps.sh tests installs it)"
fi

if command -v gnutls-serv >/dev/null; then
  port=$(free_port)
  timeout 60 gnutls-serv --http -p "$port" --x509certfile localhost.pem --x509keyfile localhost.key \
    --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" >gserver.log 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
    --servername localhost >out.txt 2>err.txt
  if grep -q "connected: TLS 1.3" err.txt && grep -q "HTTP/1.0 200" out.txt; then
    ok "glasstls client -> gnutls-serv"
  else bad "glasstls client -> gnutls-serv" err.txt; fi
fi

# ---- rsa_pss_pss_sha256 (RFC 8446 §4.2.3): an RSA key under id-RSASSA-PSS made by
# openssl genpkey -algorithm RSA-PSS, in TLS 1.3 and in TLS 1.2 (ECDHE_RSA), both ways.
for version in 1.3 1.2; do
  oflag="-tls1_${version#1.}"
  port=$(free_port)
  start_glasstls_server "$port" --cert pssserver.pem --key pssserver.key
  echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.pem \
    -servername localhost "$oflag" -verify_return_error >out.txt 2>&1
  if grep -q "Peer signature type: RSA-PSS" out.txt && grep -q "O = pssserver, CN = localhost" out.txt &&
     grep -q "Verify return code: 0" out.txt; then
    ok "openssl s_client -> glasstls server: RSA-PSS key, TLS $version"
  else bad "openssl s_client -> glasstls server: RSA-PSS key, TLS $version" out.txt; fi
  port=$(free_port)
  timeout 60 openssl s_server -accept "$port" -cert pssserver.pem -key pssserver.key "$oflag" -www \
    >/dev/null 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca ca.pem \
    --servername localhost --tls "$version" >out.txt 2>err.txt
  if grep -q "connected: TLS $version .*signature rsa_pss_pss_sha256" err.txt &&
     grep -q "HTTP/1.0 200" out.txt; then
    ok "glasstls client -> openssl s_server: RSA-PSS key, rsa_pss_pss_sha256, TLS $version"
  else bad "glasstls client -> openssl s_server: RSA-PSS key, TLS $version" err.txt; fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
