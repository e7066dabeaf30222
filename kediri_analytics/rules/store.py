"""Reading rule files: the package's YAML files, or an agency's copies in an override folder
(``KEDIRI_RULES_DIR`` or a ``rules_dir`` argument), checked when they load."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..core.files import files_digest
from . import shapes

PACKAGE_DIR = Path(__file__).parent
#: what every rule file states (the rest is declared per file in :mod:`.shapes`)
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


def fingerprint(rules_dir: str | os.PathLike | None = None) -> str:
    """A hash of the rule files in force (the package's, or an override folder's copies):
    a result cached under it is recomputed when any rule changes."""
    files = [rule_path(p.stem, rules_dir) for p in sorted(PACKAGE_DIR.glob("*.yaml"))]
    return files_digest(files)[:16]


def load(name: str, rules_dir: str | os.PathLike | None = None) -> dict:
    """Rule set ``name`` as read from its YAML file, checked against its declared shape
    (:mod:`.shapes`); for the typed object use :func:`read` or the file's accessor."""
    p = rule_path(name, rules_dir)
    return _load(str(p), p.stat().st_mtime_ns, name)[0]


def read(name: str, rules_dir: str | os.PathLike | None = None) -> shapes.RuleFile:
    """Rule set ``name`` as its typed shape (``rules.read("jpm").training_jp_per_year``)."""
    p = rule_path(name, rules_dir)
    return _load(str(p), p.stat().st_mtime_ns, name)[1]


#: the member names pydantic adds to a location when a value may be one of several types
_UNION_TAGS = {"int", "float", "str", "bool", "list", "dict", "none", "date"}


def _where(loc: tuple) -> str:
    """A pydantic error location as the key path a reader finds in the YAML file:
    ``scales.pemetaan[0].min``."""
    out = ""
    for part in loc:
        if isinstance(part, str) and (part in _UNION_TAGS or "[" in part):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_SAYS = {
    "missing": "missing key",
    "extra_forbidden": "unknown key (not part of this rule file; misspelt?)",
}


def check(path, name: str, data, shape: type[shapes.Shape] | None = None) -> shapes.Shape:
    """``data`` (a rule file's YAML) as its declared shape (``shape``, else the one declared
    for ``name``), or a RuleError naming the file and every key that does not fit."""
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping of keys at the top level")
    shape = shape or shapes.SHAPES.get(name)
    if shape is None:
        raise RuleError(f"{path}: no declared shape for a rule file named {name!r}")
    try:
        return shape.model_validate(data)
    except ValidationError as e:
        # one problem per key (a number may be int or float: the last alternative's words)
        problems = {
            _where(er["loc"]): _SAYS.get(er["type"], er["msg"])
            + ("" if er["type"] in _SAYS else f" (found {er.get('input')!r:.60})")
            for er in e.errors()
        }
        said = "; ".join(f"key {k!r}: {v}" for k, v in problems.items())
        raise RuleError(f"{path}: {said}") from None


@lru_cache(maxsize=64)
def _load(path: str, _mtime: int, name: str) -> tuple[dict, shapes.RuleFile]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(f"{path}: cannot read the rule file: {e}") from e
    return data, check(path, name, data)


def assumptions(rules_dir=None) -> list[dict]:
    """Every value the rule files mark as the agency's own choice (``assumptions:``): one dict
    per entry with the rule file's name, the key and why."""
    out = []
    for p in sorted(PACKAGE_DIR.glob("*.yaml")):
        for a in load(p.stem, rules_dir).get("assumptions", []):
            out.append({"rule": p.stem, "key": a["key"], "why": a["why"]})
    return out


def check_year(name: str, year: int, rules_dir: str | os.PathLike | None = None) -> None:
    """Raise a RuleError when ``year`` is outside the rule file's years of validity."""
    d = read(name, rules_dir)
    lo, hi = d.valid_from, d.valid_to
    if (lo is not None and year < lo) or (hi is not None and year > hi):
        raise RuleError(
            f"{rule_path(name, rules_dir)}: no rule in force for {year} "
            f"(valid {lo}-{hi or 'now'}); add or extend a rule set for that year"
        )
