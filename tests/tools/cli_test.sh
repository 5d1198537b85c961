#!/usr/bin/env bash
# End-to-end test of the glasstls command line: usage: cli_test.sh path/to/glasstls
#
# Every subcommand on real files, the exit codes (0 ok, 1 rejected, 2 bad input
# or usage), bad inputs that must fail cleanly, and the openssl CLI accepting
# the keys, requests and certificates we write.
set -uo pipefail
GLASSTLS=$(realpath "$1")
DIR=$(mktemp -d /tmp/glasstls-cli.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"
failures=0
checks=0

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*"; }

# expect CODE DESCRIPTION -- COMMAND...: runs the command, checks its exit code.
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$DIR/last.out" 2>"$DIR/last.err"
  local got=$?
  if [[ $got == "$want" ]]; then pass; else
    fail "$what: exit $got, wanted $want"; sed 's/^/    /' "$DIR/last.out" "$DIR/last.err" | head -20
  fi
}
# expect_output TEXT DESCRIPTION: the last command's stdout+stderr contains TEXT.
expect_output() {
  if grep -qF -- "$1" "$DIR/last.out" "$DIR/last.err"; then pass; else fail "$2: no \"$1\" in the output"; fi
}

# ---- keys -------------------------------------------------------------------
for t in rsa2048 p256 p384 ed25519; do
  expect 0 "key new $t" -- "$GLASSTLS" key new --type "$t" --out "$t.key"
  expect 0 "openssl reads our $t key" -- openssl pkey -in "$t.key" -noout
  [[ $(stat -c %a "$t.key") == 600 ]] && pass || fail "$t.key is not mode 0600"
done
expect 2 "key new with an unknown type" -- "$GLASSTLS" key new --type rsa512 --out x.key
expect 0 "key new with a seed" -- "$GLASSTLS" key new --type p256 --seed 7 --out s1.key
expect 0 "key new with the same seed" -- "$GLASSTLS" key new --type p256 --seed 7 --out s2.key
cmp -s s1.key s2.key && pass || fail "the same seed gave different keys"

# ---- a root CA, CSRs, issuing ------------------------------------------------
expect 0 "ca new" -- "$GLASSTLS" ca new --out-dir ca --subject "CN=CLI Test Root,O=GlassTLS Tests"
expect 0 "openssl reads the root" -- openssl x509 -in ca/ca.pem -noout
expect 0 "csr new (server)" -- "$GLASSTLS" csr new --key p256.key --subject "CN=www.example.test" \
  --san "DNS:www.example.test,IP:192.0.2.7" --out server.csr
expect 0 "openssl req -verify accepts our CSR" -- openssl req -in server.csr -verify -noout
expect 0 "csr show" -- "$GLASSTLS" csr show server.csr
expect_output "signature check: VALID" "csr show checks the signature"
expect 0 "ca sign (server)" -- "$GLASSTLS" ca sign --ca-dir ca --csr server.csr --profile server --days 30 \
  --out server.pem
expect 0 "openssl verify accepts our server certificate" -- openssl verify -CAfile ca/ca.pem \
  -purpose sslserver -verify_hostname www.example.test server.pem
expect 0 "csr new (client, Ed25519)" -- "$GLASSTLS" csr new --key ed25519.key --subject "CN=alice" \
  --san "email:alice@example.test" --out client.csr
expect 0 "ca sign (client)" -- "$GLASSTLS" ca sign --ca-dir ca --csr client.csr --profile client --days 30 \
  --out client.pem
expect 0 "openssl verify accepts our client certificate" -- openssl verify -CAfile ca/ca.pem \
  -purpose sslclient client.pem

# An openssl-made request signed by our CA, and a tampered request refused.
openssl req -new -newkey rsa:2048 -nodes -keyout o.key -subj "/CN=openssl.example.test" \
  -addext "subjectAltName=DNS:openssl.example.test" -out o.csr 2>/dev/null
expect 0 "ca sign an openssl CSR" -- "$GLASSTLS" ca sign --ca-dir ca --csr o.csr --profile server --days 1 \
  --out o.pem
expect 0 "openssl verify accepts it" -- openssl verify -CAfile ca/ca.pem -verify_hostname openssl.example.test o.pem
openssl req -in server.csr -outform DER -out server.csr.der
python3 - <<'EOF'
data = bytearray(open("server.csr.der", "rb").read())
data[-5] ^= 0x01  # inside the signature
open("tampered.csr.der", "wb").write(bytes(data))
EOF
expect 1 "ca sign refuses a CSR whose signature does not verify" -- "$GLASSTLS" ca sign --ca-dir ca \
  --csr tampered.csr.der --profile server --days 1 --out t.pem
expect_output "RFC 2986" "the refusal names RFC 2986"

# --profile: a server certificate with a critical extKeyUsage breaks BR
# §7.1.2.7.6 (webpki, the default) but not RFC 5280.
printf 'subjectAltName=DNS:crit.example.test\nextendedKeyUsage=critical,serverAuth\nbasicConstraints=CA:FALSE\n' \
  >crit.ext
openssl req -new -newkey rsa:2048 -nodes -keyout crit.key -subj "/CN=crit.example.test" \
  -out crit.csr 2>/dev/null
openssl x509 -req -in crit.csr -CA ca/ca.pem -CAkey ca/ca.key -CAcreateserial -days 1 \
  -extfile crit.ext -out crit.pem 2>/dev/null
expect 1 "--profile webpki rejects a critical extKeyUsage" -- "$GLASSTLS" x509 verify \
  --roots ca/ca.pem --leaf crit.pem --purpose server --profile webpki
expect_output "BR §7.1.2.7.6" "the rejection names the Baseline Requirements section"
expect 0 "--profile rfc5280 accepts it" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf crit.pem \
  --purpose server --profile rfc5280
expect 2 "--profile with an unknown rulebook" -- "$GLASSTLS" x509 verify --roots ca/ca.pem \
  --leaf crit.pem --profile strict

# --public-suffix-list (CA/B BR §3.2.2.6): a wildcard right under co.uk
"$GLASSTLS" key new --type p256 --out wild.key >/dev/null 2>&1
"$GLASSTLS" csr new --key wild.key --subject "CN=*.co.uk" --san "DNS:*.co.uk" --out wild.csr >/dev/null 2>&1
expect 0 "ca sign a *.co.uk request" -- "$GLASSTLS" ca sign --ca-dir ca --csr wild.csr \
  --profile server --days 1 --out wild.pem
printf '// a few rules\nuk\nco.uk\n' >psl.dat
expect 1 "webpki with a Public Suffix List refuses *.co.uk" -- "$GLASSTLS" x509 verify \
  --roots ca/ca.pem --leaf wild.pem --purpose server --public-suffix-list psl.dat
expect_output "BR §3.2.2.6" "the refusal names the Baseline Requirement"
expect_output "psl.dat (2 rules)" "the header names the list used"
expect 0 "rfc5280 accepts *.co.uk" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf wild.pem \
  --purpose server --profile rfc5280 --public-suffix-list psl.dat
expect 2 "an unreadable --public-suffix-list" -- "$GLASSTLS" x509 verify --roots ca/ca.pem \
  --leaf wild.pem --public-suffix-list no-such-file.dat
expect 2 "glasstls client with an unreadable --public-suffix-list" -- "$GLASSTLS" client \
  127.0.0.1:9 --ca ca/ca.pem --public-suffix-list no-such-file.dat
expect_output "--public-suffix-list" "the client names the option"

# ---- x509 show / verify ------------------------------------------------------
expect 0 "x509 show" -- "$GLASSTLS" x509 show server.pem
expect_output "subjectAltName: DNS:www.example.test, IP:192.0.2.7" "x509 show prints the SAN"
expect 0 "x509 show --bytes" -- "$GLASSTLS" x509 show --bytes server.pem
expect_output "bytes " "x509 show --bytes prints byte ranges"
expect 0 "verify server by host name" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem \
  --hostname www.example.test --purpose server
expect_output "VALID" "verify says VALID"
expect 0 "verify server by IP" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem --ip 192.0.2.7 \
  --purpose server
mkdir roots.d && cp ca/ca.pem roots.d/root.pem && cp o.pem roots.d/other.pem && printf 'not a certificate' >roots.d/README
expect 0 "--roots as a directory (one file per CA; other files ignored)" -- "$GLASSTLS" x509 verify --roots roots.d \
  --leaf server.pem --hostname www.example.test --purpose server
expect_output "warning: ignoring roots.d/README" "the unreadable file is named"
touch empty.pem
expect 0 "an empty intermediates file" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --intermediates empty.pem \
  --leaf server.pem --purpose server
expect 1 "wrong host name" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem --hostname evil.example.test
expect_output "RFC 9525" "the rejection names RFC 9525"
expect 1 "client certificate as a server" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf client.pem \
  --purpose server
expect 0 "client certificate as a client" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf client.pem \
  --purpose client --email alice@example.test
expect 1 "expired (time after notAfter)" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem \
  --time 4102444800
expect 1 "unknown CA" -- "$GLASSTLS" x509 verify --roots o.pem --leaf server.pem
expect 2 "--hostname and --ip together" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem \
  --hostname a.test --ip 192.0.2.1
expect 2 "missing --leaf" -- "$GLASSTLS" x509 verify --roots ca/ca.pem

# ---- path building in a mesh of CAs: the log is summarised by default ------------
# 12 CAs with one name, each certified by the next (a ring), and a leaf under
# the first: every CA is a candidate issuer at every step, and no path reaches
# the unrelated root. The search logs about 250 steps; only the first and last
# 20 are printed without --verbose.
for i in $(seq 0 11); do "$GLASSTLS" ca new --out-dir "mesh$i" --subject "CN=Mesh CA" >/dev/null; done
for i in $(seq 0 11); do
  "$GLASSTLS" csr new --key "mesh$i/ca.key" --subject "CN=Mesh CA" --out "mesh$i.csr" >/dev/null
  "$GLASSTLS" ca sign --ca-dir "mesh$(((i + 11) % 12))" --csr "mesh$i.csr" --profile intermediate --days 30 \
    --out "mesh$i.pem" >/dev/null
done
cat mesh?.pem mesh??.pem >mesh.pem
"$GLASSTLS" ca sign --ca-dir mesh0 --csr server.csr --profile server --days 30 --out mesh-leaf.pem >/dev/null
expect 1 "no path through the mesh" -- "$GLASSTLS" x509 verify --roots o.pem --intermediates mesh.pem \
  --leaf mesh-leaf.pem
expect_output "more steps" "the long log is summarised"
expect_output "(--verbose shows every step)" "the summary says how to see every step"
[[ $(grep -c '^  ' "$DIR/last.out") -le 50 ]] && pass || fail "the summarised log has more than 50 lines"
expect 1 "no path through the mesh, --verbose" -- "$GLASSTLS" x509 verify -v --roots o.pem \
  --intermediates mesh.pem --leaf mesh-leaf.pem
[[ $(grep -c '^  ' "$DIR/last.out") -gt 100 ]] && pass || fail "--verbose does not print every step"
grep -q "more steps" "$DIR/last.out" && fail "--verbose still summarises" || pass
expect 0 "a short log is printed whole" -- "$GLASSTLS" x509 verify --roots ca/ca.pem --leaf server.pem
grep -q "more steps" "$DIR/last.out" && fail "a short log was summarised" || pass

# ---- bad input: one line, an offset, a non-zero exit, never a crash ----------
openssl x509 -in server.pem -outform DER -out server.der
head -c 100 server.der >truncated.der
printf 'garbage that is not a certificate' >garbage.bin
python3 - <<'EOF'
open("huge.der", "wb").write(bytes([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]) + b"\x00" * 16)
open("deep.der", "wb").write(b"\x30\x80" * 5000)
nested = b""
for _ in range(100):
    nested = bytes([0x30, 0x82, len(nested) >> 8, len(nested) & 0xff]) + nested
open("nested.der", "wb").write(nested)
EOF
sed 's/CERTIFICATE/PRIVATE KEY/' server.pem >wronglabel.pem
for f in truncated.der garbage.bin huge.der deep.der nested.der wronglabel.pem; do
  "$GLASSTLS" x509 show "$f" >"$DIR/last.out" 2>"$DIR/last.err"
  rc=$?
  if [[ $rc == 1 || $rc == 2 ]] && [[ $(wc -l <"$DIR/last.err") -le 2 ]]; then pass; else
    fail "x509 show $f: exit $rc"; cat "$DIR/last.err"
  fi
done
expect 2 "x509 show on a missing file" -- "$GLASSTLS" x509 show no-such-file.pem
expect 2 "truncated DER names the offset" -- "$GLASSTLS" x509 show truncated.der
expect_output "byte" "the error gives a byte offset"
expect 1 "verify with a truncated leaf is a rejection" -- "$GLASSTLS" x509 verify --roots ca/ca.pem \
  --leaf truncated.der

# ---- odd files: a directory, a FIFO, a device or a huge file where a file is
# expected is refused with one line and exit 2, before it is opened; never an
# abort, never a hang (each command runs under a time-out here).
mkdir leaf.d && cp server.pem leaf.d/a.pem
mkfifo pipe
truncate -s 65M huge.pem
for args in "x509 show leaf.d" "csr show leaf.d" "x509 show pipe" "csr show pipe" "x509 show /dev/zero" \
  "x509 show huge.pem" "csr new --key leaf.d --subject CN=x --out x.csr" \
  "ca sign --ca-dir ca --csr pipe --profile server --out x.pem" \
  "x509 verify --roots pipe --leaf server.pem" "x509 verify --roots ca/ca.pem --leaf pipe" \
  "x509 verify --roots ca/ca.pem --intermediates leaf.d --leaf server.pem"; do
  # shellcheck disable=SC2086
  expect 2 "glasstls $args" -- timeout 20 "$GLASSTLS" $args
  [[ $(wc -l <"$DIR/last.err") == 1 ]] && pass || fail "glasstls $args: not a one-line error"
done
expect_output "only --roots takes a directory" "--intermediates DIR names the option that takes one"
expect 2 "--leaf DIR is refused, not a certificate picked from it" -- "$GLASSTLS" x509 verify \
  --roots ca/ca.pem --leaf leaf.d --hostname www.example.test --purpose server
expect_output "--leaf: cannot read leaf.d: it is a directory" "the refusal names --leaf and the directory"
grep -q VALID "$DIR/last.out" && fail "--leaf DIR printed VALID" || pass
expect_output "is a directory, not a file" "x509 show DIR says it is a directory"
mkfifo roots.d/pipe && mkdir roots.d/sub
expect 0 "a FIFO and a subdirectory inside --roots DIR are passed over" -- timeout 20 "$GLASSTLS" x509 verify \
  --roots roots.d --leaf server.pem --hostname www.example.test --purpose server
expect 2 "key new --out DIR is refused" -- "$GLASSTLS" key new --type p256 --out leaf.d
[[ -f leaf.d/a.pem ]] && pass || fail "key new --out DIR touched the directory"
expect 2 "key new --out FIFO is refused" -- timeout 20 "$GLASSTLS" key new --type p256 --out pipe
[[ -p pipe ]] && pass || fail "key new --out FIFO replaced the FIFO"

# ---- the demo writes files openssl agrees with -------------------------------
expect 0 "demo --seed 1 --out" -- "$GLASSTLS" demo --seed 1 --out demo
expect 0 "openssl verifies the demo's server chain" -- openssl verify -attime 1767312000 -CAfile demo/root.pem \
  -untrusted demo/intermediate.pem -purpose sslserver -verify_hostname www.example.test demo/server.pem
expect 0 "openssl verifies the demo's client chain" -- openssl verify -attime 1767312000 -CAfile demo/root.pem \
  -untrusted demo/intermediate.pem -purpose sslclient demo/client.pem
expect 0 "openssl accepts the demo's CSRs" -- openssl req -in demo/server.csr -verify -noout
expect 0 "the demo's files verify with glasstls too" -- "$GLASSTLS" x509 verify --roots demo/root.pem \
  --intermediates demo/intermediate.pem --leaf demo/server.pem --time 1767312000 --hostname www.example.test \
  --purpose server

echo "cli_test: $((checks - failures)) of $checks checks passed"
[[ $failures == 0 ]]
