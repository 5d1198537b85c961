#!/usr/bin/env python3
"""Bad clients against a live `glasstls server` (label interop, release tree).

One server; while each kind of bad client does its worst, a well-behaved client
(`glasstls client`) must still complete a handshake and get its echo:
  - a client that sends nothing (the handshake timeout closes it),
  - a client that sends one byte a second,
  - garbage bytes,
  - a ClientHello that claims 16 MiB (refused from its header, nothing buffered),
  - 1,000 connections opened and dropped at once.
The server's memory (VmRSS) must stay bounded. Everything runs on 127.0.0.1
with free ports and time limits, and the server is stopped at the end.

Usage: server_robustness.py path/to/glasstls
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

from interop_support import Server, make_pki

GLASSTLS = os.path.realpath(sys.argv[1])
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else "  -- " + detail), flush=True)


def good_client(port, work):
    out = subprocess.run([GLASSTLS, "client", f"127.0.0.1:{port}", "--ca", f"{work}/ca.pem",
                          "--servername", "localhost", "--timeout", "10"],
                         input=b"still serving", capture_output=True, timeout=30)
    return out.returncode == 0 and out.stdout == b"still serving", out.stderr.decode()[-300:]


def main():
    work = tempfile.mkdtemp()
    make_pki(work)
    server = Server(GLASSTLS, work, "--handshake-timeout", "2", "--max-connections", "512")
    port = server.port
    try:
        ok, err = good_client(port, work)
        check("a well-behaved client before the bad ones", ok, err)
        baseline = server.rss_kib()

        # Silent: connects, sends nothing; the server closes it at the handshake timeout.
        silent = socket.create_connection(("127.0.0.1", port))
        silent.settimeout(6)
        t0 = time.time()
        try:
            closed = silent.recv(1) == b""
        except OSError:
            closed = True
        check("a silent client is closed by the handshake timeout", closed and time.time() - t0 < 6)

        # One byte a second, in a thread, while a good client is served.
        def trickle():
            s = socket.create_connection(("127.0.0.1", port))
            hello = bytes.fromhex("16030100c8010000c40303") + bytes(200)
            try:
                for b in hello[:5]:
                    s.send(bytes([b]))
                    time.sleep(1)
            except OSError:
                pass
            s.close()
        t = threading.Thread(target=trickle)
        t.start()
        ok, err = good_client(port, work)
        check("served while a client trickles one byte a second", ok, err)
        t.join()

        # Garbage and a 16 MiB ClientHello claim: each gets an alert and is closed.
        for name, data in [("garbage (plain HTTP to the TLS port)",
                            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + os.urandom(4000)),
                           ("a 16 MiB ClientHello claim",
                            bytes.fromhex("1603034000") + bytes.fromhex("01ffffff") + bytes(16380))]:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(data)
            reply = b""
            try:
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except OSError:
                pass
            s.close()
            check(f"{name}: a fatal alert, then the connection is closed",
                  reply[:1] == b"\x15" and reply[5:6] == b"\x02", reply[:16].hex())

        # 1,000 connections opened and dropped.
        dropped = 0
        for _ in range(1000):
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=5)
                c.send(bytes.fromhex("160301"))
                c.close()
                dropped += 1
            except OSError:
                pass
        ok, err = good_client(port, work)
        check(f"served after {dropped} connections were opened and dropped", ok, err)
        time.sleep(3)  # handshake timeouts expire whatever is left
        grown = server.rss_kib() - baseline
        check(f"server memory bounded (grew {grown} KiB)", grown < 16 * 1024)
        check("the server is still running", server.running())
    finally:
        server.stop()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
