#!/usr/bin/env bash
# `glasstls client --step` and `glasstls server --step` on a live connection
# over 127.0.0.1 (issue 13 item 2): tmux is the learner's terminal, send-keys
# types, capture-pane reads the screen. The client waits after its
# ClientHello, Enter shows the server's ServerHello, x turns hex on, c runs to
# the end of the server's flight and pauses again in the client's own answer,
# q stops it (exit 0). Then the server steps while a client waits, and the
# client still gets its echo. Without a terminal --step is a usage error
# (exit 2). Every wait is bounded; the tmux server is private and killed at exit.
# Usage: step_live_tmux_test.sh path/to/glasstls
set -uo pipefail
G=$(realpath "$1")
SUPPORT=$(cd "$(dirname "$0")/../support" && pwd)
source "$SUPPORT/script_lib.sh"  # (it moves into a work directory)
source "$SUPPORT/tmux_lib.sh"

# (No port probe before a client: it would be the server's one --accept-count.)
# A PKI valid now (unseeded: a seeded demo's clock is fixed in the past).
"$G" demo --out pki >/dev/null || { echo "glasstls demo --out failed"; exit 1; }
server_args=(--cert pki/server-chain.pem --key pki/server.key --accept-count 1)
client_args=(--servername www.example.test --ca pki/root.pem --timeout 30)

# 1. The client steps; the server just waits.
port=$(free_port)
timeout 120 "$G" server --listen "127.0.0.1:$port" "${server_args[@]}" >server1.log 2>&1 &
PIDS+=($!)
wait_line server1.log "listening" || bad "the server listens" server1.log
t new-session -d -s client -x 200 -y 50 \
  "'$G' client 127.0.0.1:$port ${client_args[*]} --step; echo CLIENT-EXIT=\$?; sleep 60"

if wait_screen client "client -> ClientHello" && wait_screen client "\[step\]" && sleep 1 &&
   [ "$(count client 'client <- ServerHello')" = 0 ]; then
  ok "client: waits after its ClientHello, field by field"
else bad "client: waits after its ClientHello" client.txt; fi
check "client: the ClientHello's fields are shown" client.txt "cipher_suites"

t send-keys -t client Enter
if wait_screen client "client <- ServerHello" && sleep 0.5 &&
   [ "$(count client 'client <- EncryptedExtensions')" = 0 ]; then
  ok "client: Enter shows the ServerHello and waits again"
else bad "client: Enter shows the ServerHello" client.txt; fi

t send-keys -t client x Enter
if wait_screen client "hex on"; then ok "client: x turns hex on"; else bad "client: x" client.txt; fi
t send-keys -t client Enter
if wait_screen client "^  0000  08 "; then
  ok "client: hex lines after x (the EncryptedExtensions' first byte, 08)"
else bad "client: hex lines after x" client.txt; fi

before=$(count client "\[step\]")
t send-keys -t client c Enter
if wait_screen client "client -> Finished" && [ "$(count client 'client <- Finished')" -ge 1 ]; then
  ok "client: c runs through the rest of the server's flight"
else bad "client: c runs to the end of the flight" client.txt; fi
after=$(count client "\[step\]")
[ "$after" = $((before + 1)) ] && ok "client: no pause inside the flight, one in its own answer" ||
  bad "client: pauses after c ($before before, $after after)" client.txt

t send-keys -t client q Enter
if wait_screen client "stopped\." && wait_screen client "CLIENT-EXIT=0"; then
  ok "client: q stops, exit 0"
else bad "client: q stops" client.txt; fi

# 2. The server steps; the client waits, then gets its echo.
port=$(free_port)
t new-session -d -s server -x 200 -y 50 \
  "'$G' server --listen 127.0.0.1:$port ${server_args[*]} --step; echo SERVER-EXIT=\$?; sleep 60"
wait_screen server "listening on" || bad "the stepping server listens" server.txt
echo "hello, stepping server" |
  timeout 60 "$G" client "127.0.0.1:$port" "${client_args[@]}" >client2.out 2>client2.log &
client_pid=$!
PIDS+=("$client_pid")
if wait_screen server "server <- ClientHello" && wait_screen server "\[step\]" && sleep 1 &&
   [ "$(count server 'server -> ServerHello')" = 0 ]; then
  ok "server: waits after the ClientHello it received"
else bad "server: waits after the ClientHello" server.txt; fi
for _ in $(seq 40); do  # Enter until the client is served (40 at most)
  kill -0 "$client_pid" 2>/dev/null || break
  t send-keys -t server Enter
  sleep 0.3
done
wait "$client_pid"
rc=$?
[ "$rc" = 0 ] && ok "server: the client waited and finished (exit 0)" ||
  bad "server: the client exit $rc" client2.log
check "server: the client got its echo" client2.out "hello, stepping server"
if wait_screen server "SERVER-EXIT=0" && [ "$(count server 'server -> Finished')" -ge 1 ]; then
  ok "server: every message shown, exit 0 after --accept-count 1"
else bad "server: exit" server.txt; fi

# 3. No terminal to read keys from: a usage error, not a hang.
setsid -w timeout 10 "$G" client "127.0.0.1:1" "${client_args[@]}" --step </dev/null >notty.log 2>&1
rc=$?
[ "$rc" = 2 ] && ok "no terminal: exit 2" || bad "no terminal: exit $rc" notty.log
check "no terminal: says why" notty.log "/dev/tty"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
