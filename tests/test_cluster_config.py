"""scripts/cluster.py's nginx site file (deploy/site.conf.j2) for a council's own servers:
nginx accepts it, and it names every instance, sticks sessions and passes the websocket."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench.load import Load, table
from scripts.cluster import NGINX, main, render_site


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


def test_the_load_table_sets_each_measure_beside_the_bare_page_and_judges_the_goals():
    results = {("ward map", 1): Load([1.0, 2.0, 3.0], 3.0, 400_000), ("bare page", 1): Load([1.0, 2.0], 2.0, 200_000),
               ("ward map", 2): Load([1.0, 1.0, 1.5], 1.5, 700_000)}
    text = table(results, 3)
    assert "one instance                ward map      2.00   3.00   3.00     1.0     0.40" in text
    assert "1.50x the bare page's time (goal: at most 1.5x) met" in text
    assert "2.00x the sessions per second of one (goal: at least 1.6x) met" in text
