"""`kediri-analytics lab` starts JupyterLab on loopback with a token and the project kernel."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.loads(r.read())


def test_lab_answers_api_status_with_token(tmp_path):
    port, token = _free_port(), "kediri-test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kediri_analytics",
            "lab",
            "--port",
            str(port),
            "--token",
            token,
            "--no-browser",
            "--root",
            str(ROOT),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.time() > deadline or proc.poll() is not None:
                    proc.kill()
                    pytest.fail("JupyterLab did not start:\n" + proc.stdout.read().decode()[-3000:])
                time.sleep(0.5)
        assert status == 200 and "started" in body
        with pytest.raises(urllib.error.HTTPError) as no_token:
            _get(f"http://127.0.0.1:{port}/api/status", None)
        assert no_token.value.code == 403
        _, specs = _get(f"http://127.0.0.1:{port}/api/kernelspecs", token)
        assert specs["default"] == "kediri-analytics"
        # no "Jupyter news?" prompt and no update check: the settings default to off
        _, note = _get(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification",
            token,
        )
        props = note["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false"
        assert props["checkForUpdates"]["default"] is False
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
