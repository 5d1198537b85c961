#!/usr/bin/env bash
# The whole conformance catalogue over 127.0.0.1 against one server:
#   glasstls  `glasstls server`
#   openssl   `openssl s_server`
# The scenarios that fail must be exactly those listed, with the reason, in
# <peer>_known_failures.txt (GlassTLS: our bugs, reported, to be fixed).
# The peer runs on a free port, started and stopped by `glasstls conformance
# --peer`; every scenario waits at most --timeout for each answer.
# Usage: run_catalogue.sh path/to/glasstls glasstls|openssl
set -uo pipefail
source "$(dirname "$0")/../interop/interop_lib.sh" "$1"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "$2" in
  glasstls) peer="$GLASSTLS server --listen 127.0.0.1:{port} --cert localhost.pem --key localhost.key" ;;
  openssl) peer="openssl s_server -accept 127.0.0.1:{port} -cert localhost.pem -key localhost.key -rev" ;;
  *) echo "usage: $0 GLASSTLS glasstls|openssl"; exit 2 ;;
esac

timeout 500 "$GLASSTLS" conformance --role client --peer "$peer" --peer-log peer.log \
  --timeout 10000 --json results.json --junit results.xml >out.txt 2>err.txt
rc=$?
cat out.txt
[ -s err.txt ] && sed 's/^/stderr | /' err.txt
python3 - "$HERE/$2_known_failures.txt" <<'PY' || exit 1
import json, sys
results = json.load(open("results.json"))
failed = sorted(s["id"] for s in results["scenarios"] if s["status"] == "fail")
skipped = [s["id"] for s in results["scenarios"] if s["status"] == "skip"]
if skipped:
    print("skipped (every scenario must run in the client role):", skipped)
    sys.exit(1)
known = []
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        known.append(line)
known = sorted(known)
if failed != known:
    print("unexpected failures:", sorted(set(failed) - set(known)))
    print("listed as failing but passed:", sorted(set(known) - set(failed)))
    sys.exit(1)
print(f"{results['summary']}; failures as documented: {failed}")
PY
# The command's own verdict agrees: non-zero exactly when something failed.
if grep -q "^[0-9]* passed, 0 failed" out.txt; then [ "$rc" = 0 ]; else [ "$rc" = 1 ]; fi

