"""Dataset: every typed table of a folder of exports, with the files read and the problems."""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import schemas
from .core.files import atomic, code_digest, sha256_of
from .core.fmt import number
from .loaders import LOADER_VERSION, FileLoad, load_files
from .loaders.base import Result
from .loaders.cache import Cache
from .loaders.read import FileError

#: files opened by load_folder (their kind is then recognised from the content)
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv")
#: the typed tables of a Dataset, in display order
DATA_TABLES = (
    "skp",
    "skp_documents",
    "roster",
    "duk",
    "competency",
    "assessments",
    "training",
    "training_events",
    "merit_assessment",
    "requirements",
    "opd_predikat",
    "discipline",
    "award_evidence",
    "nominations",
)
PARALLEL_MIN_BYTES = 5_000_000  # below this, starting worker processes costs more than it saves


@dataclass
class Dataset:
    """Typed tables loaded from a folder of exports (see ``docs/loading.md``).

    Every table exists even without input (empty, with its columns). ``files`` has one row
    per file and data sheet; ``problems`` one row per problem, with file, sheet, spreadsheet
    row and column.
    """

    tables: dict[str, pd.DataFrame]
    files: pd.DataFrame
    problems: pd.DataFrame
    ignored: list[str] = field(default_factory=list)
    root: str | None = None
    cache_root: str | None = None  # where load_folder cached it (None: not cached)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    # -------------------------------------------------------------------- derived tables
    def memo(self, name: str, params: dict, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``compute()``, kept in the loader's cache for this set of files.

        The key is the files' sha256, the package code (every module and rule file), ``name``
        and ``params`` (give every input that changes the result). The 40 per-OPD runs of a
        report then compute a shared table once instead of 40 times. A Dataset loaded with
        ``no_cache`` computes every time; a failed read or write of the cache only costs the
        computation.
        """
        if self.cache_root is None:
            return compute()
        blob = json.dumps(
            {
                "files": sorted(self.files["sha256"].dropna().astype(str)),
                "code": code_version(),
                "name": name,
                "params": params,
            },
            sort_keys=True,
            default=str,
        )
        key = hashlib.sha256(blob.encode()).hexdigest()[:32]
        path = Path(self.cache_root) / "derived" / f"{name}-{key}.parquet"
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError):
            pass
        out = compute()
        try:
            with atomic(path) as tmp:
                out.to_parquet(tmp)
        except (OSError, ValueError, TypeError):
            pass  # a read-only or full cache folder only costs the computation
        return out

    # -------------------------------------------------------------------- summaries
    def opds(self) -> list[str]:
        """Every OPD name in the roster or the SKP tables, any year, sorted."""
        names = set()
        for t in ("roster", "skp"):
            names.update(str(o) for o in self.tables[t]["opd"].dropna().unique())
        return sorted(names)

    def check_opd(self, opd: str | None) -> str | None:
        """``opd`` itself when the data knows it (None passes: the whole agency); otherwise a
        ValueError listing the closest and all valid names, for a notebook parameter typo."""
        if opd is None:
            return None
        known = self.opds()
        if opd in known:
            return opd
        import difflib

        near = difflib.get_close_matches(str(opd), known, n=3, cutoff=0.4)
        hint = f" Mungkin maksud Anda: {near}." if near else ""
        raise ValueError(
            f"OPD {opd!r} tidak ada di data ({self.root or 'dataset'}).{hint} "
            f"Nama yang ada ({len(known)}): {known}"
        )

    def summary(self) -> dict:
        """Counts for a quick look: files by kind, rows kept and rejected, problems."""
        f = self.files
        years = sorted(
            {int(y) for t in ("skp", "roster") for y in self.tables[t]["year"].dropna().unique()}
        )
        opds = self.tables["roster"]["opd"].dropna().unique()
        return {
            "files": int(f["path"].nunique()),
            "files_with_error": int(f["error"].notna().sum()),
            "by_kind": {str(k): int(v) for k, v in f["kind"].value_counts().sort_index().items()},
            "rows_loaded": int(f["rows_loaded"].sum()),
            "rows_rejected": int(f["rows_rejected"].sum()),
            "rows_dropped": int(f["rows_dropped"].sum()),
            "problems": {
                str(k): int(v)
                for k, v in self.problems["severity"].value_counts().sort_index().items()
            },
            "years": years,
            "opd": int(len(opds)),
            "ignored": len(self.ignored),
        }

    def __repr__(self) -> str:
        s = self.summary()
        rows = ", ".join(f"{t}={len(self.tables[t]):,}" for t in DATA_TABLES if len(self.tables[t]))
        return (
            f"<Dataset {s['files']} files ({s['files_with_error']} unusable), years "
            f"{s['years'][0] if s['years'] else '-'}-{s['years'][-1] if s['years'] else '-'}, "
            f"{s['opd']} OPD; {rows}; problems {s['problems']}>"
        )

    def _repr_html_(self) -> str:
        """The summary Jupyter shows for a Dataset: files by kind with their years and rows
        kept, rejected and dropped; problems by severity; years and OPDs covered; tables."""
        s = self.summary()
        f = self.files
        esc = html.escape
        td = "<td style='text-align:right'>"
        tl = "<td style='text-align:left'>"
        rows = []
        for kind, g in f.groupby("kind", sort=True):
            ys = sorted({int(y) for y in g["year"].dropna()})
            span = "-" if not ys else str(ys[0]) if len(ys) == 1 else f"{ys[0]}-{ys[-1]}"
            bad = int(g["error"].notna().sum())
            rows.append(
                f"<tr>{tl}{esc(str(kind))}</td>{td}{number(len(g))}"
                + (f" ({bad} tidak terbaca)" if bad else "")
                + f"</td>{tl}{span}</td>{td}{number(g['rows_loaded'].sum())}</td>"
                f"{td}{number(g['rows_rejected'].sum())}</td>{td}{number(g['rows_dropped'].sum())}"
                "</td></tr>"
            )
        tables = "".join(
            f"<tr>{tl}<code>ds.{t}</code></td>{td}{number(len(self.tables[t]))}</td></tr>"
            for t in DATA_TABLES
            if len(self.tables[t])
        )
        sev = {"error": "galat", "warning": "peringatan", "info": "info"}
        prob = ", ".join(f"{number(v)} {sev.get(k, k)}" for k, v in s["problems"].items())
        years = f"{s['years'][0]}-{s['years'][-1]}" if s["years"] else "-"
        head = (
            "<tr>"
            + "".join(
                f"<th style='text-align:left'>{h}</th>"
                for h in ("jenis berkas", "berkas", "tahun", "dimuat", "ditolak", "dibuang")
            )
            + "</tr>"
        )
        return (
            "<div class='kediri-dataset'><b>kediri-analytics Dataset</b> "
            f"<span style='color:#555'>{esc(str(self.root or ''))}</span>"
            f"<p>{number(s['files'])} berkas ({number(s['files_with_error'])} tidak dapat "
            f"dibaca, {number(s['ignored'])} diabaikan), tahun {years}, {number(s['opd'])} OPD. "
            f"Baris dimuat {number(s['rows_loaded'])}, ditolak {number(s['rows_rejected'])}, "
            f"dibuang {number(s['rows_dropped'])}. Masalah: {prob or 'tidak ada'} "
            "(rinciannya di <code>ds.problems</code>).</p>"
            f"<table>{head}{''.join(rows)}</table>"
            f"<table><tr><th style='text-align:left'>tabel</th><th>baris</th></tr>{tables}"
            "</table></div>"
        )


# ------------------------------------------------------------------------ finding files


def find_files(paths) -> tuple[list[tuple[Path, str]], list[str], Path | None]:
    """(files to open with their display names, ignored files, common root)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[tuple[Path, str]] = []
    ignored: list[str] = []
    root = None
    for p in map(Path, paths):
        if not p.exists():
            raise FileNotFoundError(
                f"{p} does not exist (looked in {p.absolute()}). For the demo data run "
                "`make demo-data` (or `kediri-analytics demo-data`) in the project folder; for "
                "your own exports, set data_dir to the folder you downloaded them into."
            )
        if p.is_dir():
            root = root or p
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if not f.is_file() or any(part.startswith(".") for part in rel.parts):
                    continue
                if f.suffix.lower() in EXTENSIONS and not f.name.startswith("~$"):
                    out.append((f, rel.as_posix()))
                else:
                    ignored.append(rel.as_posix())
        else:
            out.append((p, p.name if len(paths) > 1 else str(p)))
    return out, ignored, root


# ------------------------------------------------------------------------ loading


def _to_cache(fl: FileLoad) -> tuple[dict, dict[str, pd.DataFrame]]:
    frames: dict[str, pd.DataFrame] = {}
    results = []
    for i, (sheet, kind, header_row, res) in enumerate(fl.results):
        frames[f"r{i}"] = res.frame
        frames[f"r{i}_problems"] = _problems_frame(res.problems)
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
        "error": None if err is None else _error_meta(err),
        "issues": [_error_meta(e) for e in fl.issues],
    }
    return meta, frames


def _error_meta(e: FileError) -> dict:
    return {"reason": e.reason, "detail": e.detail, "sheet": e.sheet, "hint": e.hint}


def _from_cache(meta: dict, frames: dict, path: str, sha: str) -> FileLoad:
    fl = FileLoad(path, sha, meta["format"], notes=meta["notes"])
    if meta["error"]:
        e = meta["error"]
        fl.error = FileError(path, e["detail"], e["reason"], e["sheet"], e.get("hint"))
    fl.issues = [
        FileError(path, e["detail"], e["reason"], e["sheet"], e.get("hint"))
        for e in meta.get("issues", [])
    ]
    for i, r in enumerate(meta["results"]):
        frame = _redtype(r["table"], frames[f"r{i}"].assign(source_file=path))
        probs = (
            frames[f"r{i}_problems"]
            .assign(file=path)
            .astype(object)
            .where(lambda d: d.notna(), None)
            .to_dict("records")
        )
        extra = {n: _redtype(n, frames[f"r{i}_x_{n}"].assign(source_file=path)) for n in r["extra"]}
        res = Result(r["table"], frame, probs, r["counts"], r["meta"], extra)
        fl.results.append((r["sheet"], r["kind"], r["header_row"], res))
    return fl


CHUNK_BYTES = 8_000_000  # files typed together in one process: bounded memory
CHUNK_FILES = 24


def _chunks(order: list[int], args: list[tuple]) -> list[list[int]]:
    """Files in groups typed together (the files of one folder are mostly of one kind, and
    one kind's files are typed in one pass), each group small enough to keep memory bounded;
    the largest groups first, for the worker processes."""
    order = sorted(order, key=lambda k: (str(Path(args[k][1]).parent), str(args[k][1])))
    out: list[list[int]] = []
    cur: list[int] = []
    size = 0
    folder = None
    for k in order:
        f, s = str(Path(args[k][1]).parent), _size(args[k][0])
        if cur and (f != folder or size + s > CHUNK_BYTES or len(cur) >= CHUNK_FILES):
            out.append(cur)
            cur, size = [], 0
        cur.append(k)
        size += s
        folder = f
    if cur:
        out.append(cur)
    return sorted(out, key=lambda c: -sum(_size(args[k][0]) for k in c))


def _worker_failed(a: tuple, e: Exception, jobs: int) -> FileLoad:
    path, display, sha = a
    fl = FileLoad(display, sha or "")
    fl.error = FileError(
        display,
        f"reading stopped: a worker process died ({type(e).__name__}), most likely out of "
        f"memory with {jobs} files read at once. Load it again with jobs=1, or split the file.",
        "worker_failed",
    )
    return fl


def load_folder(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    no_cache: bool = False,
    cache_dir: str | os.PathLike | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    tables: Iterable[str] | None = None,
    columns: dict[str, list[str]] | None = None,
) -> Dataset:
    """Load every export in a folder (or a list of files) into typed, validated tables.

    Parameters
    ----------
    paths : path or list of paths
        A folder (searched recursively for .xlsx/.xls/.csv/.txt files; hidden files and
        Excel lock files skipped) or individual files.
    no_cache : bool
        Read and type every file again, ignoring and not writing the Parquet cache.
    cache_dir : path, optional
        Cache folder (default: ``KEDIRI_CACHE_DIR`` or the per-user cache folder).
    jobs : int, optional
        Worker processes for files not in the cache (default: 1 for small folders, else the
        number of CPUs up to 4).
    progress : callable, optional
        Called with a short message per stage.
    tables : list of str, optional
        Only these tables are read from the cache (the others are empty, with their
        columns): saves memory at national scale.
    columns : dict, optional
        Per table, only these columns are read from the cache (a warm load only).

    Returns
    -------
    Dataset
        Never raises for bad content: unusable files appear in ``files.error`` and
        ``problems``, and every other file is loaded. A path that does not exist raises
        FileNotFoundError saying how to get the demo data or where to point.
    """
    say = progress or (lambda _m: None)
    found, ignored, root = find_files(paths)
    cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else None, LOADER_VERSION)
    shas: list[str | None] = []
    for f, _ in found:
        sha = None
        if cache is not None:
            try:
                sha, key = cache.known_sha(f)
                if sha is None:
                    sha = sha256_of(f)
                    cache.remember_sha(key, sha)
            except OSError:
                sha = None
        shas.append(sha)
    set_key = None
    if cache is not None and all(shas):
        blob = json.dumps([[d, s] for (_, d), s in zip(found, shas, strict=True)])
        set_key = hashlib.sha256(blob.encode()).hexdigest()
        only = None if tables is None else {*tables, "_files", "_problems"}
        hit = cache.get("sets", set_key, only, columns)
        if hit is not None:
            cache.flush()
            meta, frames = hit
            say(f"{len(found)} files unchanged: tables read from the cache")
            ds = _dataset_from_frames(frames, meta, root)
            ds.cache_root = str(cache.root)
            return ds
    loads: list[FileLoad | None] = [None] * len(found)
    todo = []
    for i, ((_, d), sha) in enumerate(zip(found, shas, strict=True)):
        hit = cache.get("files", sha) if cache is not None and sha else None
        if hit is not None:
            loads[i] = _from_cache(hit[0], hit[1], d, sha)
        else:
            todo.append(i)
    say(f"{len(found)} files: {len(found) - len(todo)} from the cache, {len(todo)} to read")
    size = sum(found[i][0].stat().st_size for i in todo if found[i][0].exists())
    if jobs is None:
        jobs = 1 if size < PARALLEL_MIN_BYTES else min(4, os.cpu_count() or 1)
    args = [(found[i][0], found[i][1], shas[i]) for i in todo]
    chunks = _chunks(list(range(len(args))), args)
    if jobs > 1 and len(chunks) > 1:
        lost: list[int] = []
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(load_files, [args[k] for k in c]): c for c in chunks}
            for fut, c in futures.items():
                try:
                    for k, fl in zip(c, fut.result(), strict=True):
                        loads[todo[k]] = fl
                except Exception:  # noqa: BLE001 - a dead worker must not stop the rest
                    lost += c
        for k in lost:  # each file of a lost group again, alone: only the one that kills dies
            with ProcessPoolExecutor(max_workers=1) as pool:
                try:
                    loads[todo[k]] = pool.submit(load_files, [args[k]]).result()[0]
                except Exception as e:  # noqa: BLE001
                    loads[todo[k]] = _worker_failed(args[k], e, jobs)
    else:
        for c in chunks:
            for k, fl in zip(c, load_files([args[k] for k in c]), strict=True):
                loads[todo[k]] = fl
    if cache is not None:
        for i in todo:
            fl = loads[i]
            if fl.sha256 and not (fl.error is not None and fl.error.reason == "worker_failed"):
                meta, frames = _to_cache(fl)
                cache.put("files", fl.sha256, meta, frames)
    ds = combine([fl for fl in loads if fl is not None], ignored, root)
    if cache is not None:
        if set_key:
            frames = {**ds.tables, "_files": ds.files, "_problems": ds.problems}
            cache.put("sets", set_key, {"ignored": ignored}, frames)
        cache.flush()
    ds.cache_root = None if cache is None else str(cache.root)
    return ds


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _dataset_from_frames(frames: dict, meta: dict, root) -> Dataset:
    tables = {
        t: _redtype("roster" if t == "duk" else t, frames[t])
        if t in frames
        else schemas.empty("roster" if t == "duk" else t)
        for t in DATA_TABLES
    }
    return Dataset(
        tables,
        _redtype("files", frames["_files"]),
        _redtype("problems", frames["_problems"]),
        meta["ignored"],
        None if root is None else str(root),
    )


def _redtype(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet drops the categories of an empty column: put the declared dtypes back."""
    want = schemas.dtypes(table)
    fix = {c: d for c, (d, _) in want.items() if c in frame and frame[c].dtype != d}
    return frame.astype(fix) if fix else frame


def _problems_frame(problems: list[dict]) -> pd.DataFrame:
    if not problems:
        return schemas.empty("problems")
    return schemas.conform("problems", pd.DataFrame(problems))


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
                problems.append(_problems_frame(res.problems))
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
    probs = [p if isinstance(p, pd.DataFrame) else _problems_frame([p]) for p in problems]
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


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a digest of every module and rule file (plus a
    ``KEDIRI_RULES_DIR`` override): derived tables cached under it are never served after the
    code changes."""
    return code_digest()
