#!/usr/bin/env bash
# `glasstls demo --step` in a real terminal: tmux runs the demo, send-keys
# types what a learner types, capture-pane reads the screen. Checks that the
# demo waits after the first message, Enter shows the next, x turns hex on,
# c runs to the end of the flight, ? prints the help and q stops it (exit 0).
# Every wait is bounded (20 s); the tmux server is private and killed at exit.
# Usage: step_tmux_test.sh path/to/glasstls
set -uo pipefail
G=$(realpath "$1")
source "$(dirname "$0")/../support/script_lib.sh"
command -v tmux >/dev/null || { echo "tmux is not installed (scripts/install-deps.sh tests)"; exit 77; }

SOCK="glasstls-step-$$"
t() { tmux -L "$SOCK" "$@"; }
trap 't kill-server 2>/dev/null; cleanup' EXIT
screen() { t capture-pane -p -J -S -3000 -t demo >screen.txt; }
wait_screen() {  # pattern: until the screen shows it (20 s at most)
  for _ in $(seq 200); do
    screen
    grep -q -- "$1" screen.txt && return 0
    sleep 0.1
  done
  return 1
}
count() { screen; grep -c -- "$1" screen.txt; }
keys() { t send-keys -t demo "$@"; }

t new-session -d -s demo -x 200 -y 50 \
  "'$G' demo --seed 1 --step --trace summary; echo DEMO-EXIT=\$?; sleep 60"

if wait_screen "client -> ClientHello" && wait_screen "\[step\]" && sleep 1 &&
   [ "$(count 'server <- ClientHello')" = 0 ]; then
  ok "waits after the first message (the ClientHello)"
else bad "waits after the first message" screen.txt; fi

keys Enter
if wait_screen "server <- ClientHello" && sleep 0.5 && [ "$(count 'server -> ServerHello')" = 0 ]; then
  ok "Enter: the next message, then waits again"
else bad "Enter: the next message" screen.txt; fi

keys x Enter
if wait_screen "hex on"; then ok "x: hex on"; else bad "x: hex on" screen.txt; fi
keys Enter
if wait_screen "^  0000  02 "; then ok "hex lines after x (the ServerHello's first byte, 02)"; else bad "hex lines after x" screen.txt; fi

before=$(count "\[step\]")
keys c Enter
if wait_screen "client <- ServerHello" && [ "$(count 'server -> Finished')" -ge 1 ]; then
  ok "c: the rest of the server's flight without pauses"
else bad "c: the rest of the flight" screen.txt; fi
after=$(count "\[step\]")
[ "$after" -gt "$before" ] && ok "a pause in the client's answer" || bad "a pause after c" screen.txt

keys ? Enter
if wait_screen "s: secrets on/off"; then ok "?: help"; else bad "?: help" screen.txt; fi

keys q Enter
if wait_screen "stopped\." && wait_screen "DEMO-EXIT=0"; then ok "q: stops, exit 0"
else bad "q: stops" screen.txt; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
