"""Loaders: read, detect, type and validate one export kind each (one module per source)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import code_digest, sha256_of
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
from .base import Layout, Part, Result
from .body import start
from .detect import SheetIssue, detect, no_header
from .read import FileError, read_source

#: cache entries are keyed by this (the version and a digest of the loader code and the label
#: rules, with an override folder's): a changed loader never serves stale tables
LOADER_FILES = ("loaders/*.py", "schemas.py", "core/*.py", "rules/*.py", "rules/labels_*.yaml")
LOADER_VERSION = code_digest(
    (*LOADER_FILES, "rules/headers.yaml"), rules=("labels_*.yaml", "headers.yaml")
)
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


def prepare_file(path: str | Path, display: str | None = None, sha: str | None = None):
    """Read one export and find each data sheet's layout (no typing yet): (FileLoad with the
    file's facts, error or issues, [Layout per data sheet], the source for a later error)."""
    path = Path(path)
    name = display or str(path)
    out = FileLoad(name, sha or "")
    layouts: list[Layout] = []
    try:
        out.sha256 = sha or sha256_of(path)
        src = read_source(path)
        out.format, out.notes = src.format, list(src.notes)
        vocab = vocabulary.load()
        for grid in src.grids:
            found = detect(grid, SPECS, vocab)
            if found is None:
                continue
            if isinstance(found, SheetIssue):
                out.issues.append(
                    FileError(name, found.message, found.reason, grid.name, found.hint)
                )
            else:
                layouts.append(found)
        if not layouts:
            if out.issues:  # every data sheet unplaceable: the first is the file's error
                _fail(out, out.issues[0], out.issues[1:])
                return out, []
            raise _no_header(name, src, vocab)
    except FileError as e:
        _fail(out, e)
        layouts = []
    except Exception as e:  # noqa: BLE001 - nothing unhandled may reach the user
        _fail(out, _unexpected(name, e))
        layouts = []
    return out, layouts


def _fail(out: FileLoad, e: FileError, others: list[FileError] | None = None) -> None:
    """The file cannot be used: ``e`` is its error; ``others`` the other sheets' errors."""
    if e.path != out.path:
        e = FileError(out.path, e.detail, e.reason, e.sheet, e.hint)
    out.error, out.results, out.issues = e, [], list(others or [])


def _unexpected(name: str, e: Exception, sheet: str | None = None) -> FileError:
    where = f"sheet {sheet!r} " if sheet else ""
    return FileError(
        name,
        f"{where}could not be loaded ({type(e).__name__}: {e}). This is unexpected: please "
        "report it with the file's layout (not its data).",
        "loader_failed",
        sheet,
    )


def type_files(prepared: list[tuple[FileLoad, list[Layout]]]) -> list[FileLoad]:
    """Type the data sheets of several prepared files: the sheets of one kind together (their
    bodies joined, one pass of typing), each result back to its file in sheet order. A sheet
    that fails is that sheet's error only: a failed joint pass is retried file by file."""
    by_kind: dict[str, list[tuple[int, int, Part]]] = {}
    failed: dict[tuple[int, int], FileError] = {}
    for i, (fl, layouts) in enumerate(prepared):
        for j, layout in enumerate(layouts):
            try:
                body, rows = start(layout, fl.path)
            except FileError as e:  # this sheet cannot be used; the others still load
                failed[(i, j)] = FileError(fl.path, e.detail, e.reason, e.sheet, e.hint)
                continue
            except Exception as e:  # noqa: BLE001 - a loader bug fails its sheet only
                failed[(i, j)] = _unexpected(fl.path, e, layout.grid.name)
                continue
            layout.grid = layout.grid.released()
            by_kind.setdefault(layout.spec.kind, []).append(
                (i, j, Part(layout, fl.path, body, rows))
            )
    done: dict[tuple[int, int], Result] = {}
    for items in by_kind.values():
        spec = items[0][2].layout.spec
        batches = [items] if spec.batched and len(items) > 1 else [[x] for x in items]
        while batches:
            batch = batches.pop(0)
            parts = [p for _, _, p in batch]
            try:
                results = spec.load(parts) if spec.batched else [spec.load(parts[0])]
            except Exception as e:  # noqa: BLE001 - a loader bug fails its files, not the folder
                if len(batch) > 1:  # find the file that fails: each on its own
                    batches = [[x] for x in batch] + batches
                else:
                    i, j, p = batch[0]
                    failed[(i, j)] = _unexpected(p.file, e, p.layout.grid.name)
                continue
            for (i, j, part), res in zip(batch, results, strict=True):
                if res.counts["data"] == 0:
                    res.problems.append(_no_data(part))
                done[(i, j)] = res
    out = []
    for i, (fl, layouts) in enumerate(prepared):
        if fl.error is None:
            fl.results = [
                (lay.grid.name, lay.spec.kind, lay.header_row + 1, done[(i, j)])
                for j, lay in enumerate(layouts)
                if (i, j) in done
            ]
            fl.issues += [failed[(i, j)] for j in range(len(layouts)) if (i, j) in failed]
            if not fl.results:
                _fail(fl, fl.issues[0], fl.issues[1:])
        out.append(fl)
    return out


def _no_data(part: Part) -> dict:
    lay = part.layout
    return {
        "file": part.file,
        "sheet": lay.grid.name,
        "row": lay.first_data_row + 1,
        "column": None,
        "value": None,
        "severity": "warning",
        "reason": "no_data_rows",
        "message": f"the {lay.spec.title} header on row {lay.header_row + 1} has no data rows "
        "below it (an empty download?)",
    }


def load_file(path: str | Path, display: str | None = None, sha: str | None = None) -> FileLoad:
    """Load one export: every sheet whose header fits one kind becomes one result.

    Never raises for bad input: an unusable file comes back with ``error`` set; a sheet that
    looks like an export but fits no kind, or two, is an ``issues`` entry when other sheets
    loaded, else the file's error.
    """
    return type_files([prepare_file(path, display, sha)])[0]


def load_files(args: list[tuple]) -> list[FileLoad]:
    """Load several exports ((path, display name, sha256) each), the sheets of one kind typed
    together: what a worker process does with its share of a folder."""
    return type_files([prepare_file(*a) for a in args])


def _no_header(name: str, src, vocab) -> FileError:
    empty = all(
        g.cells.empty
        or (g.cells.astype("string").fillna("").apply(lambda c: c.str.strip()) == "").all().all()
        for g in src.grids
    )
    if empty:
        return FileError(name, "the file has no data (all sheets are empty).", "file_empty")
    return no_header(name, src.grids, SPECS, vocab)
