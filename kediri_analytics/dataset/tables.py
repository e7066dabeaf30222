"""The files' results put together: one table each, cross-file rules, schemas enforced."""

from __future__ import annotations

import pandas as pd

from .. import schemas
from ..loaders import FileLoad
from .model import DATA_TABLES, Dataset


def combine(loads: list[FileLoad], ignored: list[str], root=None) -> Dataset:
    """Put the files' results together: one table each, cross-file rules, schemas enforced."""
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in DATA_TABLES}
    files, problems = [], []
    seen: dict[str, str] = {}
    for fl in loads:
        base = {"path": fl.path, "sha256": fl.sha256 or None, "format": fl.format}
        if fl.sha256 and fl.sha256 in seen and fl.error is None:
            msg = f"same content as {seen[fl.sha256]}; loaded once"
            files.append({**base, "error": msg, **_zero()})
            problems.append(_file_problem(fl.path, None, "file_duplicate", msg, "warning"))
            continue
        if fl.sha256:
            seen.setdefault(fl.sha256, fl.path)
        if fl.error is not None:
            for e in [fl.error, *fl.issues]:  # every sheet that could not be used
                files.append(
                    {**base, "sheet": e.sheet, "error": e.detail, "hint": e.hint, **_zero()}
                )
                problems.append(_file_problem(fl.path, e.sheet, e.reason, e.detail, "error"))
            continue
        for note in fl.notes:
            problems.append(_file_problem(fl.path, None, "file_misnamed", note, "warning"))
        for e in fl.issues:  # a sheet that could not be placed, while others loaded
            files.append({**base, "sheet": e.sheet, "error": e.detail, "hint": e.hint, **_zero()})
            problems.append(_file_problem(fl.path, e.sheet, e.reason, e.detail, "error"))
        for sheet, kind, header_row, res in fl.results:
            table = "duk" if kind == "simpeg_duk" else res.table
            parts[table].append(res.frame)
            for name, x in res.extra.items():
                parts[name].append(x)
            if res.problems:
                problems.append(problems_frame(res.problems))
            c = res.counts
            files.append(
                {
                    **base,
                    "kind": kind,
                    "sheet": sheet,
                    "header_row": header_row,
                    "year": res.meta.get("year"),
                    "rows_loaded": c["loaded"],
                    "rows_rejected": c["rejected"],
                    "rows_dropped": c["dropped"],
                    "rows_skipped": sum(c["skipped"].values()),
                    "error": None,
                }
            )
    tables = {}
    for t in DATA_TABLES:
        src = "roster" if t == "duk" else t
        if t == "training":
            continue
        frames = [f for f in parts[t] if len(f)]
        tables[t] = (
            schemas.enforce(src, pd.concat(frames, ignore_index=True))
            if frames
            else schemas.empty(src)
        )
    tables["training"] = training_per_year(tables["training_events"])
    tables["roster"] = roster_with_duk(tables["roster"], tables["duk"])
    probs = [p if isinstance(p, pd.DataFrame) else problems_frame([p]) for p in problems]
    problems_df = (
        schemas.enforce("problems", pd.concat(probs, ignore_index=True))
        if probs
        else schemas.empty("problems")
    )
    files_df = schemas.enforce("files", pd.DataFrame(files)) if files else schemas.empty("files")
    return Dataset(tables, files_df, problems_df, ignored, None if root is None else str(root))


def _zero() -> dict:
    return {"rows_loaded": 0, "rows_rejected": 0, "rows_dropped": 0, "rows_skipped": 0}


def _file_problem(path, sheet, reason, message, severity) -> dict:
    return {
        "file": path,
        "sheet": sheet,
        "row": None,
        "column": None,
        "value": None,
        "severity": severity,
        "reason": reason,
        "message": message,
    }


def training_per_year(events: pd.DataFrame) -> pd.DataFrame:
    """JP per NIP and year (the year the training ended), with the number of events."""
    ev = events[events["year"].notna()]
    if ev.empty:
        return schemas.empty("training")
    g = ev.groupby(["year", "nip"], sort=True, observed=True)
    out = g.agg(jp=("jp", "sum"), events=("jp", "size"), opd=("opd", "last")).reset_index()
    return schemas.enforce("training", out)


def roster_with_duk(siasn: pd.DataFrame, duk: pd.DataFrame) -> pd.DataFrame:
    """SIASN is the roster of record; a DUK list fills only years without a SIASN download."""
    covered = set(siasn["year"].dropna().astype(int))
    extra = duk[~duk["year"].isin(covered)]
    if extra.empty:
        return siasn
    return schemas.enforce("roster", pd.concat([siasn, extra], ignore_index=True))


def redtype(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet drops the categories of an empty column: put the declared dtypes back."""
    want = schemas.dtypes(table)
    fix = {c: d for c, (d, _) in want.items() if c in frame and frame[c].dtype != d}
    return frame.astype(fix) if fix else frame


def problems_frame(problems: list[dict]) -> pd.DataFrame:
    """Problem records as the typed problems table."""
    if not problems:
        return schemas.empty("problems")
    return schemas.conform("problems", pd.DataFrame(problems))


def dataset_from_frames(frames: dict, meta: dict, root) -> Dataset:
    """A Dataset from the frames of a whole-set cache entry."""
    tables = {
        t: redtype("roster" if t == "duk" else t, frames[t])
        if t in frames
        else schemas.empty("roster" if t == "duk" else t)
        for t in DATA_TABLES
    }
    return Dataset(
        tables,
        redtype("files", frames["_files"]),
        redtype("problems", frames["_problems"]),
        meta["ignored"],
        None if root is None else str(root),
    )
