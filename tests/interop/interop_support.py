"""What the Python interop tests share: free ports, a server's memory, a small
PKI made with openssl, and a `glasstls server` started and stopped."""
import signal
import socket
import subprocess
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kib(pid):
    """The resident set size (VmRSS) of a process, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def make_pki(work):
    """ca.pem (a P-256 root) and s.pem/s.key (a server for "localhost") in `work`."""
    run = lambda *a: subprocess.run(list(a), cwd=work, check=True, capture_output=True)
    run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key")
    run("openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Interop Test Root",
        "-days", "30", "-out", "ca.pem")
    run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "s.key")
    run("openssl", "req", "-new", "-key", "s.key", "-subj", "/CN=localhost", "-out", "s.csr")
    with open(f"{work}/s.ext", "w") as f:
        f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", "s.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "30", "-extfile", "s.ext", "-out", "s.pem")


class Server:
    """`glasstls server` on a free port of 127.0.0.1 with the PKI's identity."""

    def __init__(self, glasstls, work, *extra):
        self.port = free_port()
        self.process = subprocess.Popen(
            [glasstls, "server", "--listen", f"127.0.0.1:{self.port}", "--cert", f"{work}/s.pem",
             "--key", f"{work}/s.key", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)

    def rss_kib(self):
        return rss_kib(self.process.pid)

    def running(self):
        return self.process.poll() is None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
