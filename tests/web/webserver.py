"""A real `thidua serve` on a loopback port, started as a person would start it (fixtures
`serve` and `server`, imported by the test modules)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
RETURNED = REPO / "samples" / "returned"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    data: Path
    token: str | None
    args: list[str]

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """A script's call: the bearer token, as the README shows."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.url + path, headers=headers, timeout=120, **kwargs)

    def wait_job(self, job: str, timeout: float = 240) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data = self.api("GET", f"/api/jobs/{job}").json()
            if data["status"] in ("done", "failed"):
                return data
            time.sleep(0.3)
        raise AssertionError(f"job {job} not done in {timeout} s: {data}")

    def kill(self) -> None:
        """Stop it the hard way (power cut): the server and everything it started."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(data: Path, *extra: str, port: int | None = None, host: str = "127.0.0.1") -> Server:
    port = port or free_port()
    args = [sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--data", str(data), *extra]
    if host != "127.0.0.1":
        args += ["--host", host]
    log = open(data.parent / f"serve-{port}.log", "ab")
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    first = b""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"server ended: {process.wait()} {first!r}")
        first += line
        if b"Ctrl+C" in line:
            break
    token = re.search(rb"API \(ch\xe1\xbb\x89 in m\xe1\xbb\x99t l\xe1\xba\xa7n\): (\S+)", first)
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < end:
        try:
            requests.get(url + "/static/app.css", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return Server(process, url, data, token.group(1).decode() if token else None, args)


@pytest.fixture
def serve(tmp_path):
    """Start servers for a test (each on its own port) and stop them after it."""
    started: list[Server] = []

    def start(*extra: str, data: Path | None = None, **kwargs) -> Server:
        server = start_server(data or tmp_path / "du-lieu", *extra, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(serve) -> Server:
    return serve()


def upload(server: Server, *paths: Path) -> str:
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    response = server.api("POST", "/api/parse", files=files)
    assert response.status_code == 202, response.text
    return response.json()["job"]
