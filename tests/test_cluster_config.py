"""scripts/cluster.py's nginx site file (deploy/site.conf.j2) for a council's own servers:
nginx accepts it, and it names every instance, sticks sessions and passes the websocket."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.load import FLOORS, WARD_MAP, Load, table
from scripts.cluster import NGINX, Tls, main, nginx_version, render_site


def test_the_site_names_each_instance_with_failure_limits():
    site = render_site(["10.0.0.5:8501", "10.0.0.6:8501"], listen="80", cache_dir="/var/cache/nginx/ward-map")
    assert "server 10.0.0.5:8501 max_fails=2 fail_timeout=10s;" in site
    assert "server 10.0.0.6:8501 max_fails=2 fail_timeout=10s;" in site
    assert "hash $ward_instance consistent;" in site
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in site
    assert "location /_stcore/stream" in site and "proxy_read_timeout 1d;" in site


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (Debian's nginx package)")
def test_nginx_accepts_the_site_it_is_given(tmp_path, capsys):
    assert main(["nginx-site", "--instance", "127.0.0.1:8501", "--listen", "127.0.0.1:18099",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    (tmp_path / "site.conf").write_text(capsys.readouterr().out)
    (tmp_path / "temp").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/temp; proxy_temp_path {tmp_path}/temp;"
        f" access_log off; include {tmp_path}/site.conf; }}\n")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_load_table_sets_the_ward_map_beside_the_fastest_bare_page_and_judges_the_goals():
    plain, run = list(FLOORS)[0], list(FLOORS)[1]
    results = {(plain, 1): Load([1.0, 2.0], 2.0, 200_000), (run, 1): Load([1.0, 2.5], 2.5, 200_000),
               (WARD_MAP, 1): Load([1.0, 2.0, 2.2], 2.2, 400_000), (WARD_MAP, 2): Load([1.0, 1.0, 1.2], 1.2, 700_000)}
    text = table(results, 3)
    assert f"one instance                {WARD_MAP:<44}   2.00   2.20   2.20     1.4     0.40" in text
    assert f"1.10x the fastest bare page's time ({plain}, same run; goal: at most 1.2x) met" in text
    assert "1.83x the sessions per second of one (goal: at least 1.7x) met" in text
    slow = {**results, (WARD_MAP, 1): Load([3.0], 3.0, 0)}
    assert "1.50x the fastest bare page's time" in table(slow, 3) and "NOT met" in table(slow, 3)


def _nginx_accepts(site: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "temp").mkdir(exist_ok=True)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/temp; proxy_temp_path {tmp_path}/temp;"
        f" access_log off; include {tmp_path}/site.conf; }}\n")
    return subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True)


@pytest.mark.skipif(not Path(NGINX).exists() or not shutil.which("openssl"),
                    reason="nginx or openssl is not installed (Debian's nginx and openssl packages)")
def test_with_a_certificate_nginx_accepts_https_with_http2_and_plain_http_redirects(tmp_path, capsys):
    cert, key = tmp_path / "ward.pem", tmp_path / "ward.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=ward",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    assert main(["nginx-site", "--instance", "127.0.0.1:8501", "--listen", "127.0.0.1:18098",
                 "--tls-listen", "127.0.0.1:18443", "--tls-certificate", str(cert), "--tls-key", str(key),
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    site = capsys.readouterr().out
    assert "return 301 https://$host$request_uri;" in site
    assert ("\n    http2 on;\n" in site) == (nginx_version() >= (1, 25, 1))
    assert "listen 127.0.0.1:18443 ssl" in site and "http2" in site.split("listen 127.0.0.1:18443", 1)[1][:40]
    checked = _nginx_accepts(site, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_newer_nginx_gets_http2_on():
    site = render_site(["10.0.0.5:8501"], listen="80", cache_dir="/c", tls=Tls("/c.pem", "/k.key", http2_on=True))
    assert "    listen 443 ssl;\n    http2 on;" in site


def test_a_certificate_without_its_key_is_refused_with_a_sentence():
    with pytest.raises(SystemExit, match="give both --tls-certificate and --tls-key"):
        main(["nginx-site", "--instance", "127.0.0.1:8501", "--tls-certificate", "/c.pem"])
