# What the shell tests share (sourced, not run): a work directory that is
# removed at exit with every process listed in PIDS stopped, ok/bad counters,
# free ports, and waits for a port or for a line in a log.
# Usage: source script_lib.sh   (then `cd "$WORK"` is done, and at the end:
#   echo "$passed passed, $failed failed"; [ "$failed" = 0 ])
# Resolve paths given relative to the caller's directory before sourcing it.
# Its functions also work in a script that runs with `set -e`.
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK" || exit 1
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() {
  failed=$((failed + 1))
  echo "FAIL $1"
  if [ -n "${2:-}" ]; then sed 's/^/     | /' "$2" | tail -20; fi
}
check() {  # name file pattern: the file holds the pattern
  if grep -q -- "$3" "$2"; then ok "$1"; else bad "$1 (no '$3')" "$2"; fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
wait_line() {  # file pattern: wait until a background program prints it
  for _ in $(seq 100); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
