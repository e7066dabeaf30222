"""Rules as data: each rule set is one YAML file here with its source and years of validity.

An agency overrides any file by putting its own copy (same name) in a folder and pointing the
environment variable ``KEDIRI_RULES_DIR`` (or a ``rules_dir`` argument) at it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).parent
REQUIRED_KEYS = ("source", "valid_from", "valid_to")


class RuleError(ValueError):
    """A rule file is missing or malformed; the message names the file and the key."""


def rule_path(name: str, rules_dir: str | os.PathLike | None = None) -> Path:
    """The file that holds rule set ``name``: the override folder's copy if it has one."""
    folder = rules_dir or os.environ.get("KEDIRI_RULES_DIR")
    if folder:
        p = Path(folder) / f"{name}.yaml"
        if p.is_file():
            return p
    p = PACKAGE_DIR / f"{name}.yaml"
    if not p.is_file():
        raise RuleError(f"no rule set named {name!r} (looked for {p})")
    return p


def load(name: str, rules_dir: str | os.PathLike | None = None) -> dict:
    """Read and check rule set ``name`` (a dict with at least source, valid_from, valid_to)."""
    p = rule_path(name, rules_dir)
    return _load(str(p), p.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _load(path: str, _mtime: int) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(f"{path}: cannot read the rule file: {e}") from e
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping of keys at the top level")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise RuleError(f"{path}: missing key {key!r} (every rule file states it)")
    return data
