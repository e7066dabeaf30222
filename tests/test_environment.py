"""environment.yml (conda users) pins exactly what requirements.lock pins."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req)[0].lower().replace("_", "-")


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*(.*))?", line)
        if m and (not m.group(3) or "3.11" in m.group(3) or "< '3.12'" in m.group(3)):
            pins.setdefault(m.group(1).lower(), m.group(2))
    return pins


def _direct(project: dict) -> list[str]:
    """The dependencies, the dev extra and the distributed extra: the environment the tests
    run in (they start a real Dask LocalCluster)."""
    extra = project["optional-dependencies"]
    return project["dependencies"] + extra["dev"] + extra["distributed"]


def test_environment_yml_mirrors_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = {_name(d) for d in _direct(project)}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    env_pins = dict(p.split("==") for p in pip if "==" in p)
    lock = _lock_pins()
    assert set(env_pins) == direct, "environment.yml must list every direct dependency"
    for name, version in env_pins.items():
        assert lock.get(name) == version, (
            f"{name}: environment.yml {version}, lock {lock.get(name)}"
        )
    assert "python=3.11" in env["dependencies"]


def test_every_direct_dependency_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock_pins()
    assert lock and _direct(project)  # else nothing was checked
    for dep in _direct(project):
        assert _name(dep) in lock, f"{dep} is not pinned in requirements.lock"
