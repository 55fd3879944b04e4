"""A local cluster on this machine: PostgreSQL, N app instances, nginx in front.

    make cluster N=2                  # or: .venv/bin/python scripts/cluster.py start -n 2
    make cluster-stop                 # or Ctrl-C where it runs
    .venv/bin/python scripts/cluster.py nginx-site --instance 10.0.0.5:8501 \\
        --instance 10.0.0.6:8501 --listen 80 --tls-certificate /etc/ssl/ward.pem \\
        --tls-key /etc/ssl/private/ward.key > /etc/nginx/conf.d/ward-map.conf

`start` runs in the foreground: it starts PostgreSQL (initdb in the cluster's
folder, like .ci/run), the instances (uvicorn server:app, each on its own
port, all on that database), then nginx with deploy/site.conf.j2, waits until
each answers /healthz, prints the address and stays until Ctrl-C or
`cluster.py stop`, then stops them all, proxy first.  `nginx-site` prints the
proxy's site file for a council's own servers (see README, "Deploying").

Everything lives in the cluster's folder (var/cluster/ by default): logs,
nginx's files, the instances' STATE_DIR, and the database, kept between runs.
As root the database goes to a temporary folder owned by the postgres user
(PostgreSQL refuses to run as root, and may not enter the checkout) and is
deleted at the end.  The module is also the test suite's and the load
benchmark's way to start a cluster (`start_cluster`)."""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STATE = ROOT / "var" / "cluster"
# The instances run in a venv of the runtime lock alone (`make runtime`, which `make cluster`
# and `make test` run), as on a council's servers: no test or lint package in it.
RUNTIME_PYTHON = ROOT / ".venv-runtime" / "bin" / "python"


def instance_python() -> str:
    """The runtime venv's Python when `make runtime` has made it, else this one."""
    return str(RUNTIME_PYTHON) if RUNTIME_PYTHON.exists() else sys.executable


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path
    address: str = ""  # host:port, for an app instance


@dataclass
class Cluster:
    url: str  # the proxy, http://127.0.0.1:PORT
    state: Path
    database_url: str
    instances: list[Child] = field(default_factory=list)
    proxy: Child | None = None
    postgres: Postgres | None = None

    def stop_instance(self, index: int) -> None:
        _end(self.instances[index])

    def stop(self) -> None:
        """Proxy first (no new requests), then the instances, then the database."""
        for child in ([self.proxy] if self.proxy else []) + self.instances:
            _end(child)
        if self.postgres is not None:
            self.postgres.stop()
        (self.state / "cluster.json").unlink(missing_ok=True)


# --- PostgreSQL --------------------------------------------------------------------


@dataclass
class Postgres:
    bin: Path
    data: Path
    port: int
    as_user: list[str]
    throwaway: bool

    @property
    def url(self) -> str:
        return f"postgresql://ward@127.0.0.1:{self.port}/ward"

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "fast"],
                       cwd=self.data.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.throwaway:
            shutil.rmtree(self.data.parent, ignore_errors=True)


def start_postgres(state: Path) -> Postgres:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql (Debian's package).")
    bin_dir = found[-1].parent
    root = os.geteuid() == 0
    if root:
        folder = Path(tempfile.mkdtemp(prefix="ward-cluster-pg."))
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    else:
        folder = state / "postgres"
        folder.mkdir(parents=True, exist_ok=True)
        as_user = []
    data, port = folder / "data", free_port()
    fresh = not (data / "PG_VERSION").exists()
    run = dict(cwd=folder, check=True, stdout=subprocess.DEVNULL)
    if fresh:
        subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "ward", "--auth=trust",
                        "--encoding=UTF8", "--locale=C.UTF-8"], **run)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=300"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                    "-w", "-t", "60", "-o", options, "start"], **run)
    postgres = Postgres(bin_dir, data, port, as_user, throwaway=root)
    if fresh:
        subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "ward", "ward"],
                       **run)
    return postgres


# --- the app instances and the proxy ------------------------------------------------


def start_instance(index: int, state: Path, database_url: str, cookie_secret: str,
                   env: dict[str, str] | None = None, app: str = "server:app") -> Child:
    """`uvicorn server:app` on a free port, as `make run` does, on the shared database."""
    folder = state / f"instance-{index}"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    child_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STATE_DIR": str(folder),
        # One secret for all: Streamlit signs its XSRF and sign-in cookies with it.
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_SERVER_HEADLESS": "true",
        **(env or {}),
    }
    from web.request_limits import UVICORN_FLAGS  # room for an oversized request to reach the app's 414 and 431

    command = [instance_python(), "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
               "--no-access-log", *UVICORN_FLAGS]
    return _spawn(f"instance {index}", command, folder / "app.log", env=child_env, address=f"127.0.0.1:{port}")


def render_site(instances: list[str], *, listen: str, cache_dir: str, server_name: str = "_",
                tls: Tls | None = None) -> str:
    """deploy/site.conf.j2 for these instances (host:port each); with `tls`, HTTPS and HTTP/2."""
    from geo.walks.photo_cleaner import MAX_BYTES  # the app's upload limit (.streamlit/config.toml)

    body_mb = MAX_BYTES // (1024 * 1024) + 1  # and 1 MB for the form around the file, as Streamlit allows
    return _template("site.conf.j2").render(instances=instances, listen=listen, cache_dir=cache_dir,
                                            server_name=server_name, body_mb=body_mb, tls=tls)


@dataclass(frozen=True)
class Tls:
    """The HTTPS listener: certificate and key files; http2_on for nginx 1.25.1+ (`http2 on;`)."""
    certificate: str
    key: str
    listen: str = "443"
    http2_on: bool = True


def nginx_version(nginx: str = NGINX) -> tuple[int, ...]:
    """This machine's nginx version, e.g. (1, 22, 1); (0,) when it cannot be read."""
    try:
        said = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
    except OSError:
        return (0,)
    numbers = said.rsplit("/", 1)[-1].split()[0] if "/" in said else ""
    return tuple(int(n) for n in numbers.split(".") if n.isdigit()) or (0,)


def start_proxy(state: Path, instances: list[str], port: int, tls: Tls | None = None) -> Child:
    """nginx in front of `instances` on `port`; with `tls`, HTTPS on tls.listen (bench/http2.py)."""
    (state / "nginx-temp").mkdir(parents=True, exist_ok=True)
    (state / "site.conf").write_text(render_site(instances, listen=f"127.0.0.1:{port}",
                                                 cache_dir=str(state / "nginx-cache"), tls=tls))
    conf = state / "nginx.conf"
    conf.write_text(_template("local.conf.j2").render(state=state, as_root=os.geteuid() == 0))
    checked = subprocess.run([NGINX, "-t", "-q", "-p", str(state), "-c", str(conf)], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refused the configuration:\n{checked.stderr}")
    return _spawn("proxy", [NGINX, "-p", str(state), "-c", str(conf)], state / "nginx.log")


def start_cluster(instances: int = 2, *, state: Path = STATE, port: int | None = None,
                  database_url: str | None = None, env: dict[str, str] | None = None,
                  timeout: float = 120.0, app: str = "server:app") -> Cluster:
    """Start everything and return once every instance and the proxy answer /healthz.
    `app` is the uvicorn application each instance runs (the load benchmark's bare page)."""
    state = state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    cluster = Cluster(f"http://127.0.0.1:{port}", state, database_url or "")
    try:
        if not database_url:
            cluster.postgres = start_postgres(state)
            cluster.database_url = cluster.postgres.url
        secret = secrets.token_hex(32)
        env = {"WARD_PUBLIC_URL": cluster.url,  # links in feeds name the proxy, not an instance
               "TRUSTED_PROXIES": "127.0.0.1",  # nginx here: its X-Forwarded-For hop names the client
               **(env or {})}
        cluster.instances = [start_instance(i + 1, state, cluster.database_url, secret, env, app)
                             for i in range(instances)]
        for child in cluster.instances:
            wait_until_healthy(f"http://{child.address}", timeout, child)
        cluster.proxy = start_proxy(state, [c.address for c in cluster.instances], port)
        wait_until_healthy(cluster.url, timeout, cluster.proxy)
    except BaseException:
        cluster.stop()
        raise
    return cluster


# --- helpers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, timeout: float, child: Child | None = None, path: str = "/healthz") -> None:
    """Return once `url` + `path` answers 200; fail at once if `child` exits, or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child is not None and child.process.poll() is not None:
            raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n{_tail(child.log)}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    tail = f":\n{_tail(child.log)}" if child is not None else ""
    raise TimeoutError(f"{url}{path} did not answer 200 within {timeout:.0f}s{tail}")


def _spawn(name: str, command: list[str], log: Path, *, env=None, address: str = "") -> Child:
    with log.open("ab") as out:
        # A session of its own: Ctrl-C reaches this script, which stops the children in order.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Child(name, process, log, address)


def _end(child: Child) -> None:
    if child.process.poll() is None:
        child.process.send_signal(signal.SIGQUIT if child.name == "proxy" else signal.SIGTERM)  # nginx: graceful
        try:
            child.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def _template(name: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(loader=FileSystemLoader(DEPLOY), undefined=StrictUndefined, keep_trailing_newline=True)
    return environment.get_template(name)


def _tail(log: Path, chars: int = 3000) -> str:
    return (log.read_text(errors="replace") if log.exists() else "")[-chars:] or "(no output)"


# --- the command ----------------------------------------------------------------------


def _serve(args) -> int:
    stopping = []

    def stop(_signum, _frame):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Starting PostgreSQL, {args.instances} app instance(s) and nginx in {args.state} ...", flush=True)
    cluster = start_cluster(args.instances, state=args.state, port=args.port,
                            database_url=os.environ.get("DATABASE_URL") or None)
    (cluster.state / "cluster.json").write_text(json.dumps({"pid": os.getpid(), "url": cluster.url}))
    for child in cluster.instances:
        print(f"  {child.name}: http://{child.address}  (log: {child.log})")
    print(f"The ward safety map is at {cluster.url}  (Ctrl-C or `make cluster-stop` stops it)", flush=True)
    try:
        while not stopping:
            for child in cluster.instances + [cluster.proxy]:
                if child.process.poll() is not None and not getattr(child, "reported", False):
                    child.reported = True
                    print(f"  {child.name} exited with {child.process.returncode}; see {child.log}", flush=True)
            time.sleep(0.5)
    finally:
        print("Stopping the cluster ...", flush=True)
        cluster.stop()
    return 0


def _stop(args) -> int:
    record = args.state / "cluster.json"
    if not record.exists():
        print(f"No cluster is running from {args.state}.")
        return 0
    pid = json.loads(record.read_text())["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        record.unlink()
        print("The cluster had already stopped.")
        return 0
    for _ in range(120):
        if not record.exists():
            print("Stopped.")
            return 0
        time.sleep(0.5)
    print(f"The cluster (pid {pid}) has not stopped within a minute.", file=sys.stderr)
    return 1


def _site(args) -> int:
    if bool(args.tls_certificate) != bool(args.tls_key):
        raise SystemExit("error: give both --tls-certificate and --tls-key, or neither.")
    tls = None
    if args.tls_certificate:
        version = tuple(int(n) for n in args.nginx_version.split(".")) if args.nginx_version else nginx_version()
        tls = Tls(args.tls_certificate, args.tls_key, args.tls_listen, http2_on=version >= (1, 25, 1))
    sys.stdout.write(render_site(args.instance, listen=args.listen, cache_dir=args.cache_dir,
                                 server_name=args.server_name, tls=tls))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/cluster.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start the local cluster and stay until Ctrl-C")
    start.add_argument("-n", "--instances", type=int, default=2)
    start.add_argument("--port", type=int, default=8080, help="the proxy's port (default 8080)")
    start.add_argument("--state", type=Path, default=STATE)
    stop = commands.add_parser("stop", help="stop the cluster `start` runs")
    stop.add_argument("--state", type=Path, default=STATE)
    site = commands.add_parser("nginx-site", help="print nginx's site file for your own servers")
    site.add_argument("--instance", action="append", required=True, help="host:port of an app instance")
    site.add_argument("--listen", default="80")
    site.add_argument("--cache-dir", default="/var/cache/nginx/ward-map")
    site.add_argument("--server-name", default="_")
    site.add_argument("--tls-certificate", help="certificate file: serve HTTPS and HTTP/2 (plain HTTP redirects)")
    site.add_argument("--tls-key", help="the certificate's key file")
    site.add_argument("--tls-listen", default="443")
    site.add_argument("--nginx-version", help="the proxy's nginx version, if not this machine's (e.g. 1.26.3)")
    args = parser.parse_args(argv)
    if hasattr(args, "state"):
        args.state = args.state.resolve()
    return {"start": _serve, "stop": _stop, "nginx-site": _site}[args.command](args)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
