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
from . import vocab as vocabulary
from .base import Result
from .detect import SheetIssue, detect, no_header
from .read import FileError, read_source


def _code_version() -> str:
    """Package version plus a hash of the loader code and label rules: any change to them
    (or an override folder in KEDIRI_RULES_DIR) gives new cache keys."""
    import os

    from .. import __version__

    pkg = Path(__file__).resolve().parent.parent
    files = sorted(f for f in Path(__file__).resolve().parent.glob("*.py") if f.name != "cache.py")
    files += [
        pkg / "schemas.py",
        *sorted((pkg / "rules").glob("labels_*.yaml")),
        pkg / "rules" / "headers.yaml",
    ]
    override = os.environ.get("KEDIRI_RULES_DIR")
    if override and Path(override).is_dir():
        files += sorted(
            [*Path(override).glob("labels_*.yaml"), *Path(override).glob("headers.yaml")]
        )
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
    issues: list[FileError] = field(default_factory=list)  # sheets not loaded while others were


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (hex): the cache key of a loaded file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_file(path: str | Path, display: str | None = None, sha: str | None = None) -> FileLoad:
    """Load one export: every sheet whose header fits one kind becomes one result.

    Never raises for bad input: an unusable file comes back with ``error`` set; a sheet that
    looks like an export but fits no kind, or two, is an ``issues`` entry when other sheets
    loaded, else the file's error.
    """
    path = Path(path)
    name = display or str(path)
    out = FileLoad(name, sha or "")
    try:
        out.sha256 = sha or file_sha256(path)
        src = read_source(path)
        out.format, out.notes = src.format, list(src.notes)
        vocab = vocabulary.load()
        issues = []
        for grid in src.grids:
            found = detect(grid, SPECS, vocab)
            if found is None:
                continue
            if isinstance(found, SheetIssue):
                issues.append(FileError(name, found.message, found.reason, grid.name))
                continue
            try:
                res = found.spec.load(found, name)
            except FileError as e:  # this sheet cannot be used; the others still load
                issues.append(FileError(name, e.detail, e.reason, e.sheet or grid.name))
                continue
            if res.counts["data"] == 0:
                res.problems.append(
                    {
                        "file": name,
                        "sheet": grid.name,
                        "row": found.first_data_row + 1,
                        "column": None,
                        "value": None,
                        "severity": "warning",
                        "reason": "no_data_rows",
                        "message": f"the {found.spec.title} header on row {found.header_row + 1} "
                        "has no data rows below it (an empty download?)",
                    }
                )
            out.results.append((grid.name, found.spec.kind, found.header_row + 1, res))
        if not out.results:
            if issues:
                raise issues[0]
            raise _no_header(name, src, vocab)
        out.issues = issues
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


def _no_header(name: str, src, vocab) -> FileError:
    empty = all(
        g.cells.empty
        or (g.cells.astype("string").fillna("").apply(lambda c: c.str.strip()) == "").all().all()
        for g in src.grids
    )
    if empty:
        return FileError(name, "the file has no data (all sheets are empty).", "file_empty")
    return no_header(name, src.grids, SPECS, vocab)
