"""`kediri-analytics lab` starts JupyterLab on loopback with a token and the project kernel
(the run's one JupyterLab: the ``lab`` fixture of conftest.py, shared with test_browser.py)."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.integration  # on the worker of test_browser.py (tests/conftest.py)


def _get(url: str, token: str | None):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.loads(r.read())


def test_lab_answers_api_status_with_token(lab):
    url, token, _ = lab
    status, body = _get(f"{url}/api/status", token)
    assert status == 200 and "started" in body
    with pytest.raises(urllib.error.HTTPError) as no_token:
        _get(f"{url}/api/status", None)
    assert no_token.value.code == 403
    _, specs = _get(f"{url}/api/kernelspecs", token)
    assert specs["default"] == "kediri-analytics"
    # no "Jupyter news?" prompt and no update check: the settings default to off
    _, note = _get(
        f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification",
        token,
    )
    props = note["schema"]["properties"]
    assert props["fetchNews"]["default"] == "false"
    assert props["checkForUpdates"]["default"] is False
