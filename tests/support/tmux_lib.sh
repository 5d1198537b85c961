# What the tmux tests share (sourced after script_lib.sh): a private tmux
# server as the learner's terminal, killed at exit, and reads of its panes.
#   t ARGS...              tmux on the private server
#   screen PANE            the pane's text (3000 lines of history) into PANE.txt
#   wait_screen PANE PAT   until the pane shows PAT (20 s at most)
#   count PANE PAT         how many lines of the pane show PAT
command -v tmux >/dev/null || { echo "tmux is not installed (scripts/install-deps.sh tests)"; exit 77; }
TMUX_SOCKET="glasstls-test-$$"
t() { tmux -L "$TMUX_SOCKET" "$@"; }
trap 't kill-server 2>/dev/null; cleanup' EXIT
screen() { t capture-pane -p -J -S -3000 -t "$1" >"$1.txt"; }
wait_screen() {
  for _ in $(seq 200); do
    screen "$1"
    grep -q -- "$2" "$1.txt" && return 0
    sleep 0.1
  done
  return 1
}
count() { screen "$1"; grep -c -- "$2" "$1.txt"; }
