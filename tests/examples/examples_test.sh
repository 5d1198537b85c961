#!/usr/bin/env bash
# Installs GlassTLS into a temporary prefix, builds examples/ against it with
# find_package(GlassTLS), makes a PKI with the installed glasstls tool (CA,
# CSR, signing: the seeds' story), and runs every example.
# Usage: examples_test.sh BUILD_DIR EXAMPLES_DIR CXX BUILD_TYPE CXXFLAGS LDFLAGS
set -uo pipefail
BUILD=$(realpath "$1"); EXAMPLES=$(realpath "$2"); CXX=$3; TYPE=$4; CXXFLAGS=$5; LDFLAGS=$6
source "$(dirname "$0")/../support/script_lib.sh"

# ---- install, then build the examples as an outside project would
if ! cmake --install "$BUILD" --prefix "$WORK/prefix" >install.log 2>&1; then
  bad "cmake --install" install.log; exit 1
fi
ok "cmake --install into a fresh prefix"
[ -f prefix/lib/cmake/GlassTLS/GlassTLSConfig.cmake ] && [ -x prefix/bin/glasstls ] &&
  [ ! -e prefix/include/glasstls/handshake/engine.hpp ] && [ ! -e prefix/include/glasstls/record ] &&
  ok "the package: config, tool, public headers only" || bad "the installed layout"
if ! cmake -S "$EXAMPLES" -B ex -G Ninja -DCMAKE_PREFIX_PATH="$WORK/prefix" \
     -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE="$TYPE" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
     -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" >configure.log 2>&1 ||
   ! cmake --build ex -j1 >build.log 2>&1; then
  bad "examples build against the installed package" configure.log
  [ -f build.log ] && sed 's/^/     | /' build.log | grep -v "^     | \[" | tail -30
  exit 1
fi
ok "examples build with find_package(GlassTLS)"

# ---- a PKI made with the installed tool: our own root CA; the server and the
# clients make a key and a CSR, the CA checks and signs it
G=prefix/bin/glasstls
pki() {
  $G ca new --out-dir ca --subject "CN=Examples Root CA" &&
  $G ca new --out-dir other-ca --subject "CN=Some Other CA" &&
  $G key new --type p256 --out server.key &&
  $G csr new --key server.key --subject "CN=localhost" --san DNS:localhost,IP:127.0.0.1 --out server.csr &&
  $G ca sign --ca-dir ca --csr server.csr --profile server --out server.pem &&
  $G key new --type ed25519 --out alice.key &&
  $G csr new --key alice.key --subject "CN=alice,O=Examples" --out alice.csr &&
  $G ca sign --ca-dir ca --csr alice.csr --profile client --out alice.pem &&
  $G key new --type p256 --out mallory.key &&
  $G csr new --key mallory.key --subject "CN=mallory" --out mallory.csr &&
  $G ca sign --ca-dir other-ca --csr mallory.csr --profile client --out mallory.pem
}
if pki >pki.log 2>&1; then ok "a PKI: root CA, CSRs, signed server and client certificates"
else bad "the PKI" pki.log; exit 1; fi

# ---- handshake_trace: both versions, in one process
for v in 1.3 1.2; do
  ex/handshake_trace server.pem server.key ca/ca.pem $v >trace.$v.log 2>&1
  check "handshake_trace $v" trace.$v.log "handshake done: TLS $v"
  check "handshake_trace $v shows the field trees" trace.$v.log "ServerHello"
done

# ---- echo_server / echo_client: one-way, optional and required mutual TLS
echo_run() {  # name mode clients...: start a server, run the given client lines
  local name=$1 mode=$2; shift 2
  local port; port=$(free_port)
  if [ "$mode" = none ]; then
    timeout 60 ex/echo_server "$port" server.pem server.key none --count "$#" >"srv.$name.log" 2>&1 &
  else
    timeout 60 ex/echo_server "$port" server.pem server.key "$mode" ca/ca.pem --count "$#" >"srv.$name.log" 2>&1 &
  fi
  PIDS+=($!)
  wait_line "srv.$name.log" "listening on" || { bad "$name: the server did not start" "srv.$name.log"; return; }
  local i=0
  for client in "$@"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    timeout 30 ex/echo_client "$port" ca/ca.pem $client --message "hi $i" >"cli.$name.$i.log" 2>&1
    echo "exit=$?" >>"cli.$name.$i.log"
  done
}
echo_run oneway none ""
check "one-way TLS: the echo comes back" cli.oneway.1.log "hi 1"
check "one-way TLS: the server does not know the client" srv.oneway.log "anonymous"
echo_run optional optional "" "alice.pem alice.key" "mallory.pem mallory.key"
check "optional mTLS without a certificate: served anonymously" cli.optional.1.log "hello anonymous"
check "optional mTLS with alice's certificate: alice is known" srv.optional.log "client: CN=alice,O=Examples"
check "optional mTLS: echo for alice" cli.optional.2.log "hi 2"
# mallory's certificate is from a CA the server did not list in its
# CertificateRequest (certificate_authorities): the client keeps it to itself
grep "^client" srv.optional.log | sed -n 3p >srv.optional.3.log
check "optional mTLS: a client with another CA's certificate sends none" srv.optional.3.log \
  "client: anonymous (no client certificate)"
check "optional mTLS: and is served anonymously" cli.optional.3.log "hello anonymous"
echo_run required required "" "alice.pem alice.key" "mallory.pem mallory.key"
check "required mTLS without a certificate: refused" cli.required.1.log "certificate_required"
check "required mTLS without a certificate: exit 1" cli.required.1.log "exit=1"
check "required mTLS with alice's certificate: echo" cli.required.2.log "hello CN=alice,O=Examples"
check "required mTLS with another CA's certificate: refused" cli.required.3.log "certificate_required"
check "required mTLS: the server says why" srv.required.log "client refused: certificate_required"

# ---- https_get against openssl s_server -www (another implementation)
port=$(free_port)
timeout 60 openssl s_server -accept "$port" -cert server.pem -key server.key -www -quiet >openssl.log 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
for v in 1.3 1.2; do
  timeout 30 ex/https_get localhost "$port" / ca/ca.pem $v >get.$v.log 2>&1
  check "https_get $v from openssl s_server: negotiated TLS $v" get.$v.log "version:     TLS $v"
  check "https_get $v: the page" get.$v.log "HTTP/1.0 200 ok"
done
timeout 30 ex/https_get localhost "$port" / other-ca/ca.pem >get.wrongca.log 2>&1
check "https_get with the wrong trust store: unknown_ca" get.wrongca.log "unknown_ca"

# ---- api_auth: the three ways to authenticate a request (its own checks)
if [ -x ex/api_auth/api_auth_test.sh ] || [ -f "$EXAMPLES/api_auth/api_auth_test.sh" ]; then
  if bash "$EXAMPLES/api_auth/api_auth_test.sh" "$WORK/ex/api_auth" "$WORK" >api_auth.log 2>&1; then
    ok "api_auth: every method and every attack as docs/api-auth.md says"
  else
    bad "api_auth" api_auth.log
  fi
  grep -E "^(ok|FAIL) " api_auth.log | sed 's/^/     api_auth: /'
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
