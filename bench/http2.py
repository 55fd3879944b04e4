"""What HTTP/2 changes for a phone: `python -m bench.http2`.

One instance (`uvicorn server:app`, SQLite, no tiles) behind nginx with the
deployment's site file over HTTPS (deploy/site.conf.j2 with a throwaway
self-signed certificate), then bench.weight's first and second visit over the
same throttled link (1.6 Mbit/s, 150 ms), in the same run: Chromium speaking
HTTP/2 to nginx, and Chromium told not to (--disable-http2: HTTP/1.1, six
connections).  Browsers speak HTTP/2 only over TLS, which is why the plain
local cluster cannot show this.  First visits only: Chromium keeps nothing in
its cache from a host whose certificate it does not trust, so a second visit
here would fetch everything again (bench.weight measures the second visit)."""
from __future__ import annotations

import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.page import ROOT
from bench.weight import WARD, Visit, visits
from scripts.cluster import Tls, free_port, nginx_version, start_proxy

PROTOCOLS = {"HTTP/2": (), "HTTP/1.1": ("--disable-http2",)}


def measure(work: Path) -> dict[str, Visit]:
    from tests.e2e import server

    cert, key = work / "ward.pem", work / "ward.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    https_port = free_port()
    tls = Tls(str(cert), str(key), f"127.0.0.1:{https_port}", http2_on=nginx_version() >= (1, 25, 1))
    results = {}
    with server.running(ROOT / "app.py", work / "instance", env={"MAP_TILES": "none"}, asgi="server:app") as app:
        proxy = start_proxy(work / "proxy", [app.url.split("//", 1)[1]], free_port(), tls=tls)
        try:
            url = f"https://localhost:{https_port}"
            _wait(url + "/healthz")
            visits(url, conditions=None, ignore_https_errors=True)  # the first session opens the store
            for name, args in PROTOCOLS.items():
                results[name] = visits(url, browser_args=args, ignore_https_errors=True)[0]
                print(f"  measured {name}", flush=True)
        finally:
            proxy.process.terminate()
            proxy.process.wait(timeout=15)
    return results


def _wait(url: str, timeout: float = 60.0) -> None:
    unverified = ssl._create_unverified_context()
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=unverified) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def table(results: dict[str, Visit]) -> str:
    lines = [f"{WARD} behind nginx over HTTPS, first visit, 1.6 Mbit/s and 150 ms",
             f"{'protocol':<10}{'spoken':<16}{'drawn s':>8}{'responses':>10}{'wire kB':>9}"]
    for name, visit in results.items():
        spoken = ",".join(sorted(visit.protocols - {"?"}))
        lines.append(f"{name:<10}{spoken:<16}{visit.seconds:>8.1f}{len(visit.files):>10}{visit.wire / 1e3:>9.0f}")
    if len(results) == 2:
        two, one = (results[name].seconds for name in PROTOCOLS)
        lines.append(f"first visit: HTTP/2 draws the sites in {two / one:.2f}x HTTP/1.1's time")
    return "\n".join(lines)


def main(argv=None) -> int:
    with tempfile.TemporaryDirectory(prefix="ward-http2.") as tmp:
        print(table(measure(Path(tmp))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
