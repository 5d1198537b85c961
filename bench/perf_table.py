#!/usr/bin/env python3
"""Turn glasstls-bench JSON output into the Markdown table of docs/performance.md.

    glasstls-bench --benchmark_format=json --benchmark_out=bench.json
    python3 bench/perf_table.py bench.json > docs/performance.md
    python3 bench/perf_table.py bench.json --out docs/performance.md
    python3 bench/perf_table.py bench.json --section protocol   # only the TLS section

Benchmarks are named <operation>/<library>[/<bytes>]. Each (operation, bytes) becomes
one row: throughput in MB/s (10^6 bytes/s) for sized operations, operations/s for the
others, then ratios where higher is better for GlassTLS.
With --benchmark_repetitions, the median aggregate is used.

The connection benchmarks (bench/handshake_bench.cpp, bench/handshake12_bench.cpp:
handshake_*, tls1x_bulk_*, idle_connection_heap*) go into their own section, "TLS
connections": handshakes/s, bulk MB/s and the heap counters of the idle-connection
benchmarks, with the TLS 1.2 targets of issue 12. --section protocol prints only that
section (to paste into docs/performance.md under the primitives' tables).
"""
import argparse
import json
import sys

LIBRARIES = ["glasstls", "glasstls-portable", "mbedtls", "openssl"]
RATIOS = [("glasstls", "mbedtls"), ("glasstls", "openssl"), ("glasstls-portable", "mbedtls")]
# The connection benchmarks: GlassTLS's Connection, mbedTLS's and OpenSSL's libssl.
PROTOCOL_LIBRARIES = ["glasstls", "mbedtls", "openssl"]
PROTOCOL_RATIOS = [("glasstls", "mbedtls"), ("glasstls", "openssl")]
HEAP_COUNTERS = ["client_bytes", "server_bytes"]
# Issue 12, "Done when": (operation, bytes, other library, minimum ratio, goal or None).
PROTOCOL_TARGETS = [
    ("handshake_tls12_ecdhe_p256_ecdsa", None, "mbedtls", 1.0, None),
    ("handshake_tls12_ecdhe_p256_ecdsa", None, "openssl", 0.5, 1.0),
    ("tls12_bulk_aes128gcm", 16384, "mbedtls", 1.0, None),
    ("tls12_bulk_aes128gcm", 16384, "openssl", 0.8, None),
]


def is_protocol(op):
    return op.startswith(("handshake_", "tls12_bulk", "tls13_bulk", "idle_connection_heap"))

INTRO = """\
# Performance

GlassTLS's primitives measured against mbedTLS {mbedtls} and {openssl} (libcrypto),
on the same inputs, in one process, with [Google Benchmark](https://github.com/google/benchmark).
`glasstls-portable` is GlassTLS with the portable (readable, constant-time) backend
forced, as `GLASSTLS_PORTABLE=1` does; `glasstls` uses the fastest backend the CPU allows.
Before timing, every library's output is checked against GlassTLS's, so each row
compares implementations that compute the same bytes.

- Sized operations are one-shot calls on a message of the given size (hash, HMAC with a
  32-byte key); throughput is in MB/s (10^6 bytes per second).
- `tls12_prf_sha256` is one TLS 1.2 key expansion (RFC 5246 §5: 48-byte secret,
  13-byte label, 64-byte seed, 104 bytes out); `hkdf_expand_label_sha256` is one TLS 1.3
  HKDF-Expand-Label (RFC 8446 §7.1) of 32 bytes with a 32-byte context, HkdfLabel
  built inside the timed loop for every library. Both in operations per second.
- Ratios are GlassTLS's rate divided by the other library's: above 1.00x, GlassTLS is faster.

## Targets

| Operation | Target |
|---|---|
| SHA-256, 16 KiB | glasstls >= 1.0x OpenSSL and >= 2x mbedTLS |
| SHA-256, 16 KiB, portable | glasstls-portable >= 1.0x mbedTLS |

{targets}

## Reproduce

```sh
cmake --preset release
cmake --build build/release --target glasstls-bench
build/release/bench/glasstls-bench --benchmark_format=json --benchmark_out=bench.json
python3 bench/perf_table.py bench.json --out docs/performance.md
```

Numbers vary with the machine and its load; compare ratios measured in the same run.

## Results

- Machine: {machine}
- CPU features seen by GlassTLS: {features}; SHA-256 backend: {sha256_backend}{forced}
- Date: {date}
- Command: `{command}`{debug_note}{note}
"""


def parse_name(name):
    """'sha256/glasstls/16384' -> ('sha256', 'glasstls', 16384); no size -> None.
    Google Benchmark's own suffixes ('/iterations:1', '/repeats:3') are dropped."""
    parts = [p for p in name.split("/") if ":" not in p]
    if len(parts) == 3 and parts[2].isdigit():
        return parts[0], parts[1], int(parts[2])
    if len(parts) == 2:
        return parts[0], parts[1], None
    return None


def selected(benchmarks):
    """The runs to report: the median aggregates if any, else the plain iterations."""
    has_median = any(b.get("aggregate_name") == "median" for b in benchmarks)
    for b in benchmarks:
        if has_median and b.get("aggregate_name") != "median":
            continue
        if not has_median and b.get("run_type", "iteration") != "iteration":
            continue
        if b.get("error_occurred"):
            continue
        parsed = parse_name(b.get("run_name", b["name"]))
        if parsed is not None:
            yield parsed, b


def collect_counters(benchmarks):
    """{op: {library: {counter: value}}} for the idle-connection heap benchmarks."""
    rows = {}
    for (op, lib, _), b in selected(benchmarks):
        values = {c: float(b[c]) for c in HEAP_COUNTERS if c in b}
        if values:
            rows.setdefault(op, {})[lib] = values
    return rows


def errors(benchmarks):
    """Names of the benchmarks that stopped with an error, and why."""
    return [f"`{b['name']}`: {b.get('error_message', '?')}" for b in benchmarks
            if b.get("error_occurred")]


def collect(benchmarks):
    """{(op, bytes): {library: rate}} in first-seen order, rate in bytes/s or ops/s."""
    rows = {}
    for (op, lib, size), b in selected(benchmarks):
        rate = b.get("bytes_per_second") if size is not None else b.get("items_per_second")
        if rate is None:
            continue
        rows.setdefault((op, size), {})[lib] = float(rate)
    return rows


def fmt_rate(rate, sized):
    if rate is None:
        return "-"
    if sized:
        return f"{rate / 1e6:,.0f}" if rate >= 1e8 else f"{rate / 1e6:,.1f}"
    return f"{rate:,.0f}"


def ratio(rates, a, b):
    if rates.get(a) and rates.get(b):
        return rates[a] / rates[b]
    return None


def fmt_ratio(r):
    return "-" if r is None else f"{r:.2f}x"


def size_label(size):
    if size is None:
        return "-"
    return f"{size // 1024} KiB" if size >= 1024 and size % 1024 == 0 else f"{size} B"


def table(rows, sized, libraries=None, ratios=None):
    libraries = libraries or LIBRARIES
    ratios = ratios or RATIOS
    unit = "MB/s" if sized else "ops/s"
    head = ["Operation"] + (["Size"] if sized else [])
    head += [f"{lib} ({unit})" for lib in libraries]
    head += [f"{a} / {b}" for a, b in ratios]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (op, size), rates in rows.items():
        if (size is not None) != sized:
            continue
        cells = [f"`{op}`"] + ([size_label(size)] if sized else [])
        cells += [fmt_rate(rates.get(lib), sized) for lib in libraries]
        cells += [fmt_ratio(ratio(rates, a, b)) for a, b in ratios]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) if len(out) > 2 else ""


def targets(rows):
    rates = rows.get(("sha256", 16384))
    if not rates:
        return "(No `sha256/*/16384` results in this run.)"
    checks = [
        ("glasstls / openssl", ratio(rates, "glasstls", "openssl"), 1.0),
        ("glasstls / mbedtls", ratio(rates, "glasstls", "mbedtls"), 2.0),
        ("glasstls-portable / mbedtls", ratio(rates, "glasstls-portable", "mbedtls"), 1.0),
    ]
    parts = []
    for label, r, goal in checks:
        if r is None:
            parts.append(f"{label}: not measured")
        else:
            verdict = "met" if r >= goal else "**not met**"
            parts.append(f"{label} = {r:.2f}x (target {goal:g}x: {verdict})")
    return "In this run, SHA-256 at 16 KiB: " + "; ".join(parts) + "."


def heap_table(counters):
    head = ["Benchmark"]
    for lib in PROTOCOL_LIBRARIES:
        head += [f"{lib} client (bytes)", f"{lib} server (bytes)"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for op, libs in counters.items():
        cells = [f"`{op}`"]
        for lib in PROTOCOL_LIBRARIES:
            for c in HEAP_COUNTERS:
                v = libs.get(lib, {}).get(c)
                cells.append("-" if v is None else f"{v:,.0f}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) if len(out) > 2 else ""


def protocol_targets(rows):
    parts = []
    for op, size, other, minimum, goal in PROTOCOL_TARGETS:
        r = ratio(rows.get((op, size), {}), "glasstls", other)
        label = f"`{op}` glasstls / {other}"
        if r is None:
            parts.append(f"- {label}: not measured")
            continue
        verdict = "met" if r >= minimum else "**not met**"
        line = f"- {label} = {r:.2f}x (target >= {minimum:g}x: {verdict}"
        if goal is not None:
            line += f"; goal >= {goal:g}x: {'met' if r >= goal else 'not met'}"
        parts.append(line + ")")
    return "\n".join(parts)


def protocol_section(data, command_override=None):
    """The TLS connections section: handshakes, bulk, heap, and issue 12's targets."""
    ctx = data.get("context", {})
    benchmarks = data.get("benchmarks", [])
    rows = {k: v for k, v in collect(benchmarks).items() if is_protocol(k[0])}
    counters = collect_counters(benchmarks)
    if not rows and not counters:
        return ""
    text = "\n## TLS connections\n\n"
    text += ("Both ends of each connection in one thread over memory: GlassTLS's `Connection`, "
             "mbedTLS's `mbedtls_ssl_context` pair (TLS 1.2 only: mbedTLS "
             f"{ctx.get('mbedtls_version', '2.28')} has no TLS 1.3) and {ctx.get('openssl_version', 'OpenSSL 3')} "
             "libssl over a memory BIO pair, on the same certificates. What each benchmark "
             "negotiates is described at the top of bench/handshake_bench.cpp (TLS 1.3) and "
             "bench/handshake12_bench.cpp (TLS 1.2); every one checks the version and cipher "
             "suite it claims, or stops with an error. Rates are per CPU second of the whole "
             "process (both ends), the median of the repetitions.\n\n")
    text += f"- Date: {ctx.get('date', '?')}\n"
    text += f"- Command: `{command_override or ctx.get('command') or ctx.get('executable', '?')}`\n"
    failed = [e for e in errors(benchmarks) if is_protocol(e.strip('`').split('/')[0])]
    if failed:
        text += "- Stopped with an error: " + "; ".join(failed) + "\n"
    text += "\n### Targets (issue 12)\n\n" + protocol_targets(rows) + "\n"
    unsized = table(rows, False, PROTOCOL_LIBRARIES, PROTOCOL_RATIOS)
    sized = table(rows, True, PROTOCOL_LIBRARIES, PROTOCOL_RATIOS)
    heap = heap_table(counters)
    if unsized:
        text += "\n### Handshakes (full handshakes per second, both ends)\n\n" + unsized + "\n"
    if sized:
        text += "\n### Bulk data (MB/s: sealed by one end, opened by the other)\n\n" + sized + "\n"
    if heap:
        text += ("\n### Heap per established idle connection (bytes, glibc mallinfo2 over "
                 "64 connections)\n\n" + heap + "\n")
    return text


def render(data, command_override=None, note=None):
    ctx = data.get("context", {})
    rows = {k: v for k, v in collect(data.get("benchmarks", [])).items() if not is_protocol(k[0])}
    cpu = ctx.get("cpu_model") or ctx.get("host_name") or "unknown CPU"
    machine = f"{cpu}, {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz"
    if ctx.get("host_name"):
        machine += f" (host `{ctx['host_name']}`)"
    debug_note = ""
    if ctx.get("library_build_type") == "debug":
        debug_note = ("\n- Note: Google Benchmark itself reports a debug build (Debian's "
                      "package does); this does not affect the code being measured.")
    forced = ctx.get("glasstls_portable_forced_by_env") == "yes"
    text = INTRO.format(
        mbedtls=ctx.get("mbedtls_version", "2.28"),
        openssl=ctx.get("openssl_version", "OpenSSL 3"),
        targets=targets(rows),
        machine=machine,
        features=ctx.get("glasstls_cpu_features") or "none",
        sha256_backend=ctx.get("glasstls_sha256_backend", "?"),
        forced=" (**GLASSTLS_PORTABLE was set: `glasstls` ran portable too**)" if forced else "",
        date=ctx.get("date", "?"),
        command=command_override or ctx.get("command") or ctx.get("executable", "?"),
        debug_note=debug_note,
        note=f"\n- Note: {note}" if note else "",
    )
    sized = table(rows, True)
    unsized = table(rows, False)
    if sized:
        text += "\n### Throughput (MB/s)\n\n" + sized + "\n"
    if unsized:
        text += "\n### Key derivation (operations/s)\n\n" + unsized + "\n"
    return text + protocol_section(data, command_override)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", help="output of glasstls-bench --benchmark_out=FILE")
    ap.add_argument("--out", help="write the Markdown here instead of stdout")
    ap.add_argument("--command", help="the command to show (default: from the JSON context)")
    ap.add_argument("--note", help="a sentence about the run's conditions, shown under Results")
    ap.add_argument("--section", choices=["all", "protocol"], default="all",
                    help="protocol: only the TLS connections section")
    args = ap.parse_args()
    with open(args.json, encoding="utf-8") as f:
        data = json.load(f)
    if args.section == "protocol":
        text = protocol_section(data, args.command)
    else:
        text = render(data, args.command, args.note)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
