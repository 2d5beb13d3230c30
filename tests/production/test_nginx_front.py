"""deploy/nginx.conf in front of gunicorn's sync workers keeps slow clients away from them.

Debian's nginx runs as a child process with a rendered copy of the shipped file (free ports, paths
under tmp, no TLS); gunicorn serves the app from a SQLite file with 2 sync workers. No database
of the run is needed: select these tests with `-m nginx`.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.production.conftest import GUNICORN, ROOT, AppServer, free_port, server_env

pytestmark = pytest.mark.nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED = ROOT / "deploy" / "nginx.conf"
SLOW_CLIENTS = 6  # three for each sync worker


def render(conf: str, app_port: int, port: int, redirect_port: int, tmp: Path) -> str:
    """The shipped file with this machine's addresses and paths; each part replaced must be there."""
    replacements = {
        "    server 10.0.0.11:8000 max_fails=3 fail_timeout=10s;\n": f"    server 127.0.0.1:{app_port};\n",
        "    server 10.0.0.12:8000 max_fails=3 fail_timeout=10s;\n": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port};",
        "    ssl_certificate     /etc/ssl/sfide/fullchain.pem;\n": "",
        "    ssl_certificate_key /etc/ssl/sfide/privkey.pem;\n": "",
        "listen 80;": f"listen 127.0.0.1:{redirect_port};",
        "/var/cache/nginx/sfide": str(tmp / "cache"),
        "/srv/sfide/static/dist/": f"{ROOT}/static/dist/",
        "/srv/sfide/instance/attachments/": f"{tmp.parent / 'app' / 'attachments'}/",  # the app server's instance
    }
    for shipped, rendered in replacements.items():
        assert shipped in conf, f"deploy/nginx.conf no longer has {shipped!r}: update this test"
        conf = conf.replace(shipped, rendered)
    return conf


def main_conf(site: Path, tmp: Path) -> str:
    """nginx's own nginx.conf around the site file, everything kept under tmp."""
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
user {user} {group};
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
{temp_paths}
    include {site};
}}
"""


class Nginx:
    """nginx in the foreground, with its prefix and files under tmp; stopped by its PID."""

    def __init__(self, app_port: int, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp
        site = tmp / "sfide.conf"
        site.write_text(render(SHIPPED.read_text(), app_port, self.port, free_port(), tmp))
        (tmp / "nginx.conf").write_text(main_conf(site, tmp))
        command = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")]
        command += ["-g", "daemon off;"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"nginx exited with {self.process.returncode}:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        pytest.fail(f"nginx did not listen on {self.port}:\n{self.log()}")

    def log(self) -> str:
        path = self.tmp / "error.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class SlowClients:
    """Connections that send one header line a second and never finish their request (slowloris)."""

    def __init__(self, port: int, count: int) -> None:
        self.stopped = threading.Event()
        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
        for connection in self.sockets:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        line = 0
        while not self.stopped.wait(1):
            line += 1
            for connection in self.sockets:
                with contextlib.suppress(OSError):
                    connection.sendall(f"X-Slow-{line}: a\r\n".encode())

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        for connection in self.sockets:
            connection.close()


@pytest.fixture
def app_server(tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (apt-get install nginx-light): the nginx tests need it")
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is missing at {GUNICORN}: run `make setup`")
    (tmp_path / "app").mkdir()
    env = server_env(tmp_path / "app", f"sqlite:///{tmp_path / 'app' / 'sfide.db'}")
    server = AppServer(env, tmp_path / "gunicorn.log", workers=2)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def nginx(app_server, tmp_path):
    (tmp_path / "nginx").mkdir()
    server = Nginx(app_server.port, tmp_path / "nginx")
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def answer_time(url: str) -> float:
    started = time.monotonic()
    assert requests.get(url, timeout=5).status_code == 200
    return time.monotonic() - started


def test_slow_clients_at_nginx_leave_the_sync_workers_free(app_server, nginx):
    slow = SlowClients(nginx.port, SLOW_CLIENTS)
    try:
        time.sleep(3)  # every slow client has sent lines for a while, as a real one would
        assert answer_time(f"{nginx.url}/healthz") < 1
        assert answer_time(f"{nginx.url}/healthz") < 1
    finally:
        slow.close()
    # The same slow clients, let straight at gunicorn, take every sync worker: what nginx prevents.
    slow = SlowClients(app_server.port, SLOW_CLIENTS)
    try:
        time.sleep(1)
        with pytest.raises(requests.Timeout):
            requests.get(f"{app_server.url}/healthz", timeout=2)
    finally:
        slow.close()


def test_the_shipped_file_bounds_slow_clients_and_clears_the_prefix_header():
    conf = SHIPPED.read_text()
    for directive in ("client_header_timeout", "client_body_timeout"):
        match = re.search(rf"^\s*{directive} (\d+)s;", conf, re.MULTILINE)
        assert match and int(match.group(1)) <= 15, f"{directive} must be set, 15 s at most"
    assert re.search(r"^\s*proxy_request_buffering on;", conf, re.MULTILINE)
    assert re.search(r'^\s*proxy_set_header X-Forwarded-Prefix "";', conf, re.MULTILINE)


def test_only_the_upload_routes_take_bodies_over_one_mebibyte(nginx):
    """2 MiB reach the app on an upload route; anywhere else nginx refuses them."""
    body = {"file": ("foto.jpg", b"x" * (2 * 1024 * 1024))}
    upload = requests.post(f"{nginx.url}/challenges/una-sfida/attachments", files=body, timeout=10)
    assert upload.status_code == 400, upload.text[:300]  # the app read the whole body: its CSRF token is missing
    elsewhere = requests.post(f"{nginx.url}/challenges/una-sfida/follow", files=body, timeout=10)
    assert elsewhere.status_code == 413


@pytest.fixture
def accelerated_server(tmp_path):
    """gunicorn answering with X-Accel-Redirect, on a database with the demo (its covers and calls)."""
    if not Path(NGINX).exists() or not GUNICORN.exists():
        pytest.skip("nginx and gunicorn are needed: apt-get install nginx-light, make setup")
    (tmp_path / "app").mkdir()
    env = server_env(
        tmp_path / "app", f"sqlite:///{tmp_path / 'app' / 'sfide.db'}", FLASK_ATTACHMENT_ACCEL_PREFIX="/_files"
    )
    flask = [str(GUNICORN.parent / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    server = AppServer(env, tmp_path / "gunicorn.log", workers=2)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def test_nginx_sends_a_file_the_app_names_and_refuses_its_internal_address(accelerated_server, tmp_path):
    (tmp_path / "nginx").mkdir()
    server = Nginx(accelerated_server.port, tmp_path / "nginx")
    try:
        server.wait_until_ready()
        home = requests.get(f"{server.url}/challenges", timeout=10).text
        cover = re.search(r'src="(/attachments/[0-9]+/480\.jpeg\?v=[0-9a-f]+)"', home).group(1)
        from_app = requests.get(f"{accelerated_server.url}{cover}", timeout=10)
        assert from_app.content == b"" and from_app.headers["X-Accel-Redirect"].startswith("/_files/")
        stored = tmp_path / "app" / "attachments" / from_app.headers["X-Accel-Redirect"].removeprefix("/_files/")
        sent = requests.get(f"{server.url}{cover}", timeout=10)
        assert sent.status_code == 200 and sent.content == stored.read_bytes()
        assert sent.headers["Content-Type"] == "image/jpeg" and "X-Accel-Redirect" not in sent.headers
        assert sent.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert sent.headers["X-Content-Type-Options"] == "nosniff"
        # The folder is internal: a client naming a stored file directly gets nothing.
        direct = requests.get(f"{server.url}{from_app.headers['X-Accel-Redirect']}", timeout=10)
        assert direct.status_code == 404 and direct.content != stored.read_bytes()
    finally:
        server.stop()
