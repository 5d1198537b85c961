#!/usr/bin/env bash
# `glasstls demo --step` in a real terminal: tmux runs the demo, send-keys
# types what a learner types, capture-pane reads the screen. Checks that the
# demo waits after the first message, Enter shows the next, x turns hex on,
# c runs to the end of the flight, ? prints the help and q stops it (exit 0).
# Every wait is bounded (20 s); the tmux server is private and killed at exit.
# Usage: step_tmux_test.sh path/to/glasstls
set -uo pipefail
G=$(realpath "$1")
SUPPORT=$(cd "$(dirname "$0")/../support" && pwd)
source "$SUPPORT/script_lib.sh"  # (it moves into a work directory)
source "$SUPPORT/tmux_lib.sh"
keys() { t send-keys -t demo "$@"; }

t new-session -d -s demo -x 200 -y 50 \
  "'$G' demo --seed 1 --step --trace summary; echo DEMO-EXIT=\$?; sleep 60"

if wait_screen demo "client -> ClientHello" && wait_screen demo "\[step\]" && sleep 1 &&
   [ "$(count demo 'server <- ClientHello')" = 0 ]; then
  ok "waits after the first message (the ClientHello)"
else bad "waits after the first message" demo.txt; fi

keys Enter
if wait_screen demo "server <- ClientHello" && sleep 0.5 && [ "$(count demo 'server -> ServerHello')" = 0 ]; then
  ok "Enter: the next message, then waits again"
else bad "Enter: the next message" demo.txt; fi

keys x Enter
if wait_screen demo "hex on"; then ok "x: hex on"; else bad "x: hex on" demo.txt; fi
keys Enter
if wait_screen demo "^  0000  02 "; then ok "hex lines after x (the ServerHello's first byte, 02)"; else bad "hex lines after x" demo.txt; fi

before=$(count demo "\[step\]")
keys c Enter
if wait_screen demo "client <- ServerHello" && [ "$(count demo 'server -> Finished')" -ge 1 ]; then
  ok "c: the rest of the server's flight without pauses"
else bad "c: the rest of the flight" demo.txt; fi
after=$(count demo "\[step\]")
[ "$after" -gt "$before" ] && ok "a pause in the client's answer" || bad "a pause after c" demo.txt

keys ? Enter
if wait_screen demo "s: secrets on/off"; then ok "?: help"; else bad "?: help" demo.txt; fi

keys q Enter
if wait_screen demo "stopped\." && wait_screen demo "DEMO-EXIT=0"; then ok "q: stops, exit 0"
else bad "q: stops" demo.txt; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
