#!/usr/bin/env python3
"""Soak (label soak, release tree): 2,000 TLS 1.3 handshakes from 32 concurrent
clients against one `glasstls server` (echo mode). Every connection must
complete its handshake and get its bytes echoed, and the server's resident
memory at the end must be within 10% of what it was after the first 200
handshakes: a connection leaves nothing behind.

The clients are Python's ssl module (OpenSSL), so the server also meets a
peer nobody here wrote, 2,000 times. Everything runs on 127.0.0.1 with a free
port and time limits; the server is stopped at the end.

Usage: soak.py path/to/glasstls [handshakes] [clients]
"""
import os
import socket
import ssl
import sys
import tempfile
import threading

from interop_support import Server, make_pki

GLASSTLS = os.path.realpath(sys.argv[1])
TOTAL = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
CLIENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 32
WARMUP = TOTAL // 10


def one_connection(port, context, n):
    """One handshake and one echo; True when both succeed."""
    message = f"soak {n}".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            if tls.version() != "TLSv1.3":
                return False
            tls.sendall(message)
            received = b""
            while len(received) < len(message):
                chunk = tls.recv(64)
                if not chunk:
                    break
                received += chunk
            return received == message


def main():
    work = tempfile.mkdtemp()
    make_pki(work)
    server = Server(GLASSTLS, work, "--max-connections", "256")
    context = ssl.create_default_context(cafile=f"{work}/ca.pem")
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "failed": 0, "errors": [], "warm_rss": None}
    warm = threading.Barrier(CLIENTS)

    def connect_until(limit):
        """Takes connection numbers until `limit` is reached."""
        while True:
            with lock:
                n = state["next"]
                if n >= limit:
                    return
                state["next"] += 1
            try:
                ok = one_connection(server.port, context, n)
            except (OSError, ssl.SSLError) as e:
                ok = False
                with lock:
                    state["errors"].append(f"{n}: {e}")
            with lock:
                state["done"] += 1
                state["failed"] += 0 if ok else 1

    def worker():
        connect_until(WARMUP)
        # Everyone waits after the first 200; one of them reads the memory.
        if warm.wait(timeout=120) == 0:
            state["warm_rss"] = server.rss_kib()
        warm.wait(timeout=120)
        connect_until(TOTAL)

    try:
        threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        end_rss = server.rss_kib()
        running = server.running()
    finally:
        server.stop()

    warm_rss = state["warm_rss"] or 0
    growth = (end_rss - warm_rss) / warm_rss if warm_rss else 1.0
    results = [
        (f"{state['done']} handshakes from {CLIENTS} concurrent clients, "
         f"{state['failed']} failed", state["done"] == TOTAL and state["failed"] == 0),
        (f"server memory after {WARMUP}: {warm_rss} KiB, after {TOTAL}: {end_rss} KiB "
         f"({growth:+.1%}, at most +10%)", warm_rss > 0 and growth <= 0.10),
        ("the server is still running", running),
    ]
    for name, ok in results:
        print(("ok   " if ok else "FAIL ") + name, flush=True)
    for e in state["errors"][:10]:
        print("     | " + e)
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
