#!/usr/bin/env bash
# `glasstls server --http` (issue 13, item 5): curl fetches / and gets the
# HTML trace of its own connection — the ClientHello curl sent (its server
# name, its many cipher suites: GlassTLS's own client offers 3), received by
# the server, field by field, and the server's answer. Once with TLS 1.3, once
# with curl limited to TLS 1.2. Exit 77 (skipped) without curl.
set -euo pipefail
GLASSTLS=$(realpath "$1")
command -v curl >/dev/null || { echo "curl is missing: skipped"; exit 77; }
source "$(dirname "${BASH_SOURCE[0]}")/../support/script_lib.sh"  # (it moves into a work directory)
# A PKI valid now (unseeded: a seeded demo's clock is fixed in the past).
"$GLASSTLS" demo --out pki >/dev/null
port=$(free_port)
timeout 60 "$GLASSTLS" server --listen "127.0.0.1:$port" --cert pki/server-chain.pem \
  --key pki/server.key --http >server.log 2>&1 &
PIDS+=($!)
wait_line server.log listening || bad "the server did not start" server.log

for tls in "" "--tls-max 1.2"; do
  # shellcheck disable=SC2086
  timeout 20 curl -sS $tls --cacert pki/root.pem --resolve "www.example.test:$port:127.0.0.1" \
    "https://www.example.test:$port/" -o page.html
  if python3 - "$tls" <<'PY'
import json, re, sys
page = open("page.html", encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="trace-data">(.*?)</script>', page, re.S)
assert page.startswith("<!DOCTYPE html>") and m, "not a trace page"
doc = json.loads(m.group(1))
version = "TLS 1.2" if sys.argv[1] else "TLS 1.3"
assert doc["connection"]["version"] == version, doc["connection"]
assert doc["connection"]["server_name"] == "www.example.test", doc["connection"]
msgs = [e for e in doc["events"] if e["kind"] == "message"]
hello = [e for e in msgs if e["name"] == "ClientHello"]
assert len(hello) == 1 and hello[0]["direction"] == "received" and hello[0]["side"] == "server", hello
def walk(fields):
    for f in fields:
        yield f
        yield from walk(f.get("children", []))
fields = list(walk(hello[0]["fields"]))
names = [f.get("value") for f in fields if f["name"] == "host_name"]
assert names == ['"www.example.test"'], names
suites = [f for f in fields if f["name"] == "cipher_suite"]
assert len(suites) > 3, f"{len(suites)} suites: not curl's ClientHello?"
sent = {e["name"] for e in msgs if e["direction"] == "sent"}
assert {"ServerHello", "Certificate", "Finished"} <= sent, sent
print(f"{version}: curl's ClientHello ({hello[0]['length']} bytes, {len(suites)} suites) shown")
PY
  then
    ok "the page for curl ${tls:-(TLS 1.3)}"
  else
    bad "the page for curl ${tls:-(TLS 1.3)}"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
