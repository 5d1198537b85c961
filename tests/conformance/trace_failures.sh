#!/usr/bin/env bash
# `glasstls conformance --trace-failures DIR` in both roles, against `glasstls
# server` and `glasstls client` over 127.0.0.1, with a small catalogue of its
# own: in each role one scenario that fails (it expects an alert from a
# handshake that completes) and one that passes. DIR must hold <id>.txt and
# <id>.json for the failing ones only: the text has the conversation and our
# side's illustrated trace at the fields level, the JSON is the trace export
# (docs/trace-format.md, version 1) with message events and their field trees.
# The passing server-role scenario fragments our first flight (rec_fragment):
# only its plaintext handshake records may be cut, or the client cannot
# decrypt the rest. A DIR that cannot be made is one line on stderr, exit 2.
# Usage: trace_failures.sh path/to/glasstls
set -uo pipefail
source "$(dirname "$0")/../interop/interop_lib.sh" "$1"

mkdir catalogue
quote='This field is deprecated and MUST be ignored for all purposes.'
scenario() {  # id role expect [mutation]
  printf 'id: %s\ntitle: %s\ntags: tls13 test\nrfc: 8446 5.1\nquote: %s\nrole: %s\nbase: tls13\n' \
    "$1" "$1" "$quote" "$2"
  [ -n "${4:-}" ] && printf 'mutation: %s\n' "$4"
  printf 'expect: %s\n\n' "$3"
}
{
  scenario test.client.fails client "alert decode_error"
  scenario test.client.passes client handshake "rec_fragment 100"
  scenario test.server.fails server "alert decode_error"
  scenario test.server.passes server handshake "rec_fragment 50"
} > catalogue/test.scn

server="$GLASSTLS server --listen 127.0.0.1:{port} --cert localhost.pem --key localhost.key"
client="$GLASSTLS client 127.0.0.1:{port} --insecure --servername localhost --timeout 10"
run() {  # role peer-command dir
  timeout 120 "$GLASSTLS" conformance --catalogue catalogue --role "$1" --peer "$2" \
    --cert localhost.pem --key localhost.key --timeout 10000 --trace-failures "$3" \
    >"out.$1.txt" 2>"err.$1.txt"
  echo $?
}

rc=$(run client "$server" traces)
[ "$rc" = 1 ] && ok "client role: exit 1 with a failure" || bad "client role: exit $rc" out.client.txt
check "client role: one passed, one failed" out.client.txt "^1 passed, 1 failed, 2 skipped$"
rc=$(run server "$client" traces)
[ "$rc" = 1 ] && ok "server role: exit 1 with a failure" || bad "server role: exit $rc" out.server.txt
check "server role: one passed, one failed" out.server.txt "^1 passed, 1 failed, 2 skipped$"

listing=$(cd traces && ls | sort | tr '\n' ' ')
expected="test.client.fails.json test.client.fails.txt test.server.fails.json test.server.fails.txt "
[ "$listing" = "$expected" ] && ok "files for the failing scenarios only" ||
  { echo "$listing" > listing.txt; bad "the files written" listing.txt; }

for side in client server; do
  txt=traces/test.$side.fails.txt
  check "$side: the text names the scenario and what happened" "$txt" \
    "^test.$side.fails — "
  check "$side: the text has the expected and the actual outcome" "$txt" \
    "expected alert decode_error, got handshake completed"
  check "$side: the text has the conversation" "$txt" "^    -> "
  check "$side: the text has the illustrated trace, field by field" "$txt" \
    "^$side -> .*(RFC 8446 §4"
  check "$side: the fields level shows the fields" "$txt" "cipher_suite"
  if python3 - "traces/test.$side.fails.json" "$side" >json.$side.txt 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1, doc["version"]
assert doc["connection"]["version"] == "TLS 1.3", doc["connection"]
messages = [e for e in doc["events"] if e["kind"] == "message"]
assert len(messages) >= 4, len(messages)
assert all(e["side"] == sys.argv[2] for e in doc["events"])
assert {"sent", "received"} <= {e["direction"] for e in messages}
for e in messages:
    assert e["fields"] and all("name" in f and "offset" in f for f in e["fields"]), e["name"]
print(len(messages), "messages, each with its fields")
PY
  then ok "$side: the JSON is trace version 1 with message events and field trees"
  else bad "$side: the JSON export" json.$side.txt; fi
done

touch not_a_directory
rc=$(run client "$server" not_a_directory/traces)
lines=$(wc -l <err.client.txt)
[ "$rc" = 2 ] && [ "$lines" = 1 ] && ok "a DIR that cannot be made: one line, exit 2" ||
  bad "a DIR that cannot be made: exit $rc, $lines lines" err.client.txt
check "the line says what" err.client.txt "^glasstls conformance: --trace-failures: cannot create"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
