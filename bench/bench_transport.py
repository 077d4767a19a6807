"""Retry-layer overhead per request: an httpx Client through the package's ``httpx_transport()``
vs a plain httpx Client, both to the same loopback server answering 200.

The server is another process (``http.server``, HTTP/1.1 keep-alive, one thread per
connection, TCP_NODELAY and one write per response so no delayed ACK is timed) on 127.0.0.1, so its work is not on this process's GIL. Both clients are
made once and kept (connection reused); a sample is ``NUMBER`` GETs with one client,
reading each body. The sides alternate within each round (ABBA); the figure is the
median per-round overhead, ours / plain - 1, in percent.
"""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Callable, Collection

from _project import PYTHON, env
from _runtime import package
from _timing import Figure, Target, fmt_seconds, interleave, median_of_ratios, per_call

FIGURES = ("transport-overhead",)
NUMBER = 200  # requests per sample
REQUESTS_LIMIT = 100_000  # the server stops by itself after this many requests, or after 10 minutes

SERVER = f"""
import http.server, sys, threading
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY, as a real server sets it
    wbufsize = 65536  # headers and body leave in one write, flushed after each response
    count = 0
    def do_GET(self):
        Handler.count += 1
        body = b'{{"ok": true}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if Handler.count >= {REQUESTS_LIMIT}:
            threading.Thread(target=server.shutdown, daemon=True).start()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Timer(600, server.shutdown).start()
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    import httpx

    pkg, case = package()
    server = subprocess.Popen([PYTHON, "-c", SERVER], stdout=subprocess.PIPE, text=True, env=env())
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}/"
        with httpx.Client() as plain, httpx.Client(transport=pkg.httpx_transport()) as ours:
            for client in (plain, ours):
                assert client.get(url).status_code == 200

            def sample(client: httpx.Client) -> Callable[[], float]:
                return lambda: per_call(lambda: client.get(url).read(), NUMBER)

            log(
                f"transport-overhead: {case.slug}.httpx_transport(), httpx {httpx.__version__}; {NUMBER} GETs a sample, {rounds} rounds"
            )
            samples = interleave({"ours": sample(ours), "plain": sample(plain)}, rounds, palindrome=True, progress=log)
    finally:
        server.terminate()
        server.wait(timeout=10)
    ratios = median_of_ratios(samples["ours"], samples["plain"])
    overhead = type(ratios)(
        (ratios.median - 1) * 100,
        (ratios.q1 - 1) * 100,
        (ratios.q3 - 1) * 100,
        ratios.n,
        tuple((r - 1) * 100 for r in ratios.values),
    )
    return [
        Figure(
            name="transport-overhead",
            what=f"retry layer per request ({case.slug}.httpx_transport())",
            ours=fmt_seconds(statistics.median(samples["ours"])),
            alternative=f"plain httpx.Client, loopback 200: {fmt_seconds(statistics.median(samples['plain']))}",
            kind="percent",
            value=overhead,
            target=Target("<=", 2.0),
            notes=[f"httpx {httpx.__version__}; server in another process on 127.0.0.1"],
            samples=samples,
        )
    ]
