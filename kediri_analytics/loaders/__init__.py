"""Loaders: read, detect, type and validate one export kind each (one module per source)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    agency_tables,
    competency,
    duk,
    ekinerja,
    legacy_skp,
    merit_assessment,
    siasn,
    training,
)
from .base import Result, check_columns
from .detect import closest, find_layout
from .read import FileError, read_source


def _code_version() -> str:
    """Package version plus a hash of the loader code and label rules: any change to them
    (or an override folder in KEDIRI_RULES_DIR) gives new cache keys."""
    import os

    from .. import __version__

    pkg = Path(__file__).resolve().parent.parent
    files = sorted(f for f in Path(__file__).resolve().parent.glob("*.py") if f.name != "cache.py")
    files += [pkg / "schemas.py", *sorted((pkg / "rules").glob("labels_*.yaml"))]
    override = os.environ.get("KEDIRI_RULES_DIR")
    if override and Path(override).is_dir():
        files += sorted(Path(override).glob("labels_*.yaml"))
    return f"{__version__}-{files_digest(files)[:12]}"


def files_digest(files) -> str:
    """sha256 over the names and contents of ``files`` (in the order given)."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).name.encode())
        h.update(Path(f).read_bytes())
    return h.hexdigest()


#: cache entries are keyed by this, so a changed loader never serves stale tables
LOADER_VERSION = _code_version()
SPECS = (
    *ekinerja.SPECS,
    *legacy_skp.SPECS,
    *siasn.SPECS,
    *duk.SPECS,
    *competency.SPECS,
    *training.SPECS,
    *merit_assessment.SPECS,
    *agency_tables.SPECS,
)


@dataclass
class FileLoad:
    """Everything loading one file produced: one result per data sheet, or an error."""

    path: str
    sha256: str
    format: str | None = None
    results: list[tuple[str | None, str, int, Result]] = field(default_factory=list)
    # (sheet, kind, header_row 1-based, result)
    error: FileError | None = None
    notes: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (hex): the cache key of a loaded file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_file(path: str | Path, display: str | None = None, sha: str | None = None) -> FileLoad:
    """Load one export: every sheet whose header is recognised becomes one result.

    Never raises for bad input: an unusable file comes back with ``error`` set.
    """
    path = Path(path)
    name = display or str(path)
    out = FileLoad(name, sha or "")
    try:
        out.sha256 = sha or file_sha256(path)
        src = read_source(path)
        out.format, out.notes = src.format, list(src.notes)
        for grid in src.grids:
            layout = find_layout(grid, SPECS)
            if layout is None:
                continue
            cols = check_columns(layout.names, layout.spec, name, grid.name, layout.header_row + 1)
            layout.columns = cols
            res = layout.spec.load(layout, name)
            if res.counts["data"] == 0:
                res.problems.append(
                    {"file": name, "sheet": grid.name, "row": layout.first_data_row + 1,
                     "column": None, "value": None, "severity": "warning",
                     "reason": "no_data_rows",
                     "message": f"the {layout.spec.title} header on row {layout.header_row + 1} "
                     "has no data rows below it (an empty download?)"}
                )  # fmt: skip
            out.results.append((grid.name, layout.spec.kind, layout.header_row + 1, res))
        if not out.results:
            raise _no_header(name, src)
    except FileError as e:
        if e.path != name:
            e = FileError(name, e.detail, e.reason, e.sheet)
        out.error = e
        out.results = []
    except Exception as e:  # noqa: BLE001 - nothing unhandled may reach the user
        out.error = FileError(
            name,
            f"could not be loaded ({type(e).__name__}: {e}). This is unexpected: please "
            "report it with the file's layout (not its data).",
            "loader_failed",
        )
        out.results = []
    return out


def _no_header(name: str, src) -> FileError:
    sheets = [g.name for g in src.grids if g.name]
    near = None
    for g in src.grids:
        near = near or closest(g, SPECS)
    hint = ""
    if near:
        spec, r, hit = near
        missing = [c for c in spec.signature if c not in hit]
        hint = (
            f" Row {r + 1} looks closest to a {spec.title} (found {', '.join(hit)}; "
            f"missing {', '.join(missing)})."
        )
    where = f" of any sheet ({', '.join(repr(s) for s in sheets)})" if sheets else ""
    empty = all(
        g.cells.empty or (g.cells.astype("string").fillna("").apply(lambda c: c.str.strip()) == "")
        .all().all()
        for g in src.grids
    )  # fmt: skip
    if empty:
        return FileError(name, "the file has no data (all sheets are empty).", "file_empty")
    return FileError(
        name,
        f"no recognisable header in the first 30 rows{where}.{hint} Is this one of the "
        "supported exports (e-Kinerja, SKP recap, SIASN, DUK, assessment recap, training, merit "
        "self-assessment, agency tables)?",
        "header_not_found",
    )
