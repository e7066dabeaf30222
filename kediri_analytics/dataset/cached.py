"""A loaded file as a cache entry (Parquet frames plus JSON facts) and back."""

from __future__ import annotations

import pandas as pd

from ..loaders import FileLoad
from ..loaders.base import Result
from ..loaders.read import FileError
from .tables import problems_frame, redtype


def to_cache(fl: FileLoad) -> tuple[dict, dict[str, pd.DataFrame]]:
    """A loaded file as a cache entry: (JSON facts, Parquet frames by name)."""
    frames: dict[str, pd.DataFrame] = {}
    results = []
    for i, (sheet, kind, header_row, res) in enumerate(fl.results):
        frames[f"r{i}"] = res.frame
        frames[f"r{i}_problems"] = problems_frame(res.problems)
        for name, x in res.extra.items():
            frames[f"r{i}_x_{name}"] = x
        results.append(
            {
                "sheet": sheet,
                "kind": kind,
                "header_row": header_row,
                "table": res.table,
                "counts": res.counts,
                "meta": res.meta,
                "extra": list(res.extra),
            }
        )
    err = fl.error
    meta = {
        "format": fl.format,
        "notes": fl.notes,
        "results": results,
        "error": None if err is None else error_meta(err),
        "issues": [error_meta(e) for e in fl.issues],
    }
    return meta, frames


def error_meta(e: FileError) -> dict:
    """A file error as the JSON facts of a cache entry."""
    return {"reason": e.reason, "detail": e.detail, "sheet": e.sheet, "hint": e.hint}


def from_cache(meta: dict, frames: dict, path: str, sha: str) -> FileLoad:
    """A cache entry as the FileLoad it was made from (``path`` the file's name in this load)."""
    fl = FileLoad(path, sha, meta["format"], notes=meta["notes"])
    if meta["error"]:
        e = meta["error"]
        fl.error = FileError(path, e["detail"], e["reason"], e["sheet"], e.get("hint"))
    fl.issues = [
        FileError(path, e["detail"], e["reason"], e["sheet"], e.get("hint"))
        for e in meta.get("issues", [])
    ]
    for i, r in enumerate(meta["results"]):
        frame = redtype(r["table"], frames[f"r{i}"].assign(source_file=path))
        probs = (
            frames[f"r{i}_problems"]
            .assign(file=path)
            .astype(object)
            .where(lambda d: d.notna(), None)
            .to_dict("records")
        )
        extra = {n: redtype(n, frames[f"r{i}_x_{n}"].assign(source_file=path)) for n in r["extra"]}
        res = Result(r["table"], frame, probs, r["counts"], r["meta"], extra)
        fl.results.append((r["sheet"], r["kind"], r["header_row"], res))
    return fl
