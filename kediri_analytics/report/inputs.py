"""What a report run needs to know about its data folder before anything runs: every export
with its kind and sha256, the OPDs a per-OPD report fans out to, and the file kinds the
loaders know.

Finding them means loading the folder (pandas, pandera and the loaders: about 4 s of imports
on a small server before any file is read). A run with nothing changed should not pay that,
so the answer is kept in ``<out>/.inputs.json`` under a signature of the folder: the path,
size and modification time of every file in it, plus a digest of the package code and of
the label-rule overrides (``KEDIRI_RULES_DIR``), which decide the kinds. Any difference in
the signature loads the folder again. This is the trust the loaders' own cache already puts
in a file's size and modification time before re-hashing it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.files import code_digest, sha256_of, write_text

CACHE = ".inputs.json"


@dataclass
class Inputs:
    """A data folder as the planner sees it."""

    #: one entry per file the loader looked at: path (relative to the folder, as in
    #: ``ds.files``), kind (None when not recognised) and sha256
    files: list[dict]
    #: the OPDs of the latest roster year (else the latest SKP year), sorted
    opds: list[str]
    #: every file kind the loaders recognise (a report may read a kind this folder lacks)
    kinds: list[str]

    def read_by(self, reads: tuple[str, ...] | None) -> list[dict]:
        """The files a report reads (``reads`` None: all), as path and sha256, by path."""
        rows = [f for f in self.files if reads is None or f["kind"] in reads]
        return sorted(
            ({"path": f["path"], "sha256": f["sha256"]} for f in rows), key=lambda x: x["path"]
        )


def _stat_list(folder: Path) -> list[list]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            p = Path(root, n)
            with contextlib.suppress(OSError):
                st = p.stat()
                out.append([p.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns])
    return out


def signature(data_dir: Path) -> dict:
    """Everything that decides what :func:`scan` finds in ``data_dir``."""
    rules = os.environ.get("KEDIRI_RULES_DIR") or ""
    return {
        "data_dir": str(data_dir),
        "files": _stat_list(data_dir),
        "code": code_digest(("**/*.py", "**/*.yaml", "**/*.yml", "**/*.csv")),
        "rules_dir": rules,
        "rules": _stat_list(Path(rules)) if rules and Path(rules).is_dir() else [],
    }


def cached(data_dir: Path, out: Path | None) -> Inputs | None:
    """What :func:`scan` found last time, when the folder's signature is unchanged."""
    if out is None:
        return None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        kept = json.loads((out / CACHE).read_text(encoding="utf-8"))
        if kept["signature"] == signature(data_dir):
            return Inputs(kept["files"], kept["opds"], kept["kinds"])
    return None


def scan(data_dir: Path, out: Path | None = None, jobs: int | None = None) -> Inputs:
    """The exports of ``data_dir``, their kinds and OPDs; from ``out/.inputs.json`` when the
    folder's signature is unchanged, else by loading the folder with ``jobs`` processes (and
    then kept there)."""
    hit = cached(data_dir, out)
    if hit is not None:
        return hit
    sig = signature(data_dir)
    cache = out / CACHE if out is not None else None
    found = _load(data_dir, jobs)
    if cache is not None and found.files:
        with contextlib.suppress(OSError):
            out.mkdir(parents=True, exist_ok=True)
            write_text(
                cache,
                json.dumps(
                    {
                        "signature": sig,
                        "files": found.files,
                        "opds": found.opds,
                        "kinds": found.kinds,
                    }
                ),
            )
    return found


def _load(data_dir: Path, jobs: int | None) -> Inputs:
    # imported here, not at the top: planning an unchanged run never imports pandas
    from ..dataset import load_folder
    from ..loaders import SPECS

    ds = load_folder(data_dir, jobs=jobs)
    files = []
    for r in ds.files.itertuples():
        sha = r.sha256 if isinstance(r.sha256, str) else sha256_of(data_dir / r.path)
        kind = r.kind if isinstance(r.kind, str) else None  # unrecognised: read by "all" only
        files.append({"path": str(r.path), "kind": kind, "sha256": sha})
    return Inputs(files=files, opds=opds_of(ds), kinds=sorted({s.kind for s in SPECS}))


def opds_of(ds) -> list[str]:
    """The OPDs a per-OPD report fans out to: those in the latest year's roster (or, with no
    roster, the latest year's SKP), sorted."""
    for t in (ds.roster, ds.skp):
        if len(t) and "opd" in t:
            latest = t[t["year"] == t["year"].max()]
            return sorted(str(o) for o in latest["opd"].dropna().unique())
    return []
