"""Run the report suite: expand the manifest, check every run's parameters, execute the
notebooks with papermill in parallel, write the HTML and PDF twins, ``build.json`` and
``index.html``, and skip what has not changed.

Outputs land in ``<out>/<run date>/<report>/<scope>.{ipynb,html,pdf}``; ``<out>/latest``
points at the newest run folder. Every file is written beside its place and renamed in, and a
lock keeps two runs out of the same output folder.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import difflib
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..loaders import file_sha256
from . import manifest as mf
from .files import RunLock, point_latest, safe_name, write_text

KERNEL = "kediri-analytics"
#: a notebook declaring this parameter gets the path of an Excel file beside its PDF
OUTPUT_PARAM = "excel_path"
STATE = ".state.json"


class RunError(RuntimeError):
    """Nothing could run (bad manifest, no data, output folder unusable): exit code 2."""


@dataclass
class Job:
    """One notebook run, everything a worker process needs (picklable)."""

    id: str
    report: str
    title: str
    opd: str | None
    notebook: str
    parameters: dict
    formats: tuple[str, ...]
    run_dir: str
    rel_stem: str  # "<report>/<scope>" inside the run folder
    kernel: str
    cwd: str
    agency: str
    fingerprint: str = ""
    inputs: list = field(default_factory=list)
    warm: bool = True  # fork the kernel from a warm helper where possible (report/warm.py)


@dataclass
class RunResult:
    """What a run did: the run folder, one entry per report run, and the exit code."""

    run_dir: Path
    index: Path
    reports: list[dict]
    notes: list[str]

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.reports if r["status"] == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        """What the CLI prints at the end: counts built, unchanged and failed, each failure
        with its error, and where index.html is."""
        n = {s: sum(r["status"] == s for r in self.reports) for s in ("ok", "skipped", "failed")}
        lines = [f"{len(self.reports)} report runs: {n['ok']} built, {n['skipped']} unchanged "
                 f"(skipped), {n['failed']} failed"]  # fmt: skip
        for r in self.failed:
            lines.append(f"  FAILED {r['id']}: {r['error']}")
        lines.append(f"index: {self.index}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- helpers


def kernel_name(wanted: str | None = None) -> str:
    """The project kernel if installed, else the kernel of this Python (``python3``)."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    for name in (wanted, KERNEL):
        if name and name in specs:
            return name
    if wanted:
        raise RunError(f"kernel {wanted!r} is not installed; have {sorted(specs)}")
    return "python3"


def lock_hash(start: Path) -> str:
    """sha256 of the dependency lock file (``requirements.lock``) next to the manifest or in
    a parent folder; "unknown" when there is none (an installed package)."""
    for d in (start, *start.parents):
        f = d / "requirements.lock"
        if f.is_file():
            return file_sha256(f)
    return "unknown"


def opds_of(ds) -> list[str]:
    """The OPDs a per-OPD report fans out to: those in the latest year's roster (or, with no
    roster, the latest year's SKP), sorted."""
    for t in (ds.roster, ds.skp):
        if len(t) and "opd" in t:
            latest = t[t["year"] == t["year"].max()]
            return sorted(str(o) for o in latest["opd"].dropna().unique())
    return []


def _fingerprint(job: Job, nb_sha: str, version: str, lock: str) -> str:
    params = {k: v for k, v in job.parameters.items() if k != OUTPUT_PARAM}  # dated path
    blob = json.dumps(
        {"notebook": nb_sha, "parameters": params, "formats": job.formats,
         "version": version, "lock": lock, "inputs": job.inputs, "agency": job.agency},
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(blob.encode()).hexdigest()


def _files_read(files, reads: tuple[str, ...] | None, root: Path) -> list[dict]:
    rows = files if reads is None else files[files["kind"].isin(list(reads))]
    out = []
    for r in rows.itertuples():
        sha = r.sha256 if isinstance(r.sha256, str) else file_sha256(root / r.path)
        out.append({"path": str(r.path), "sha256": sha})
    return sorted(out, key=lambda x: x["path"])


# --------------------------------------------------------------------------- planning


def plan(m: mf.Manifest, ds, *, only: Iterable[str] | None = None, opd: str | None = None,
         run_dir: Path, kernel: str) -> list[Job]:  # fmt: skip
    """Every run of the manifest (filtered by ``only`` and ``opd``), its parameters checked
    against the notebook before anything runs."""
    names = list(only or m.reports)
    for n in names:
        if n not in m.reports:
            near = difflib.get_close_matches(n, list(m.reports), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise RunError(f"no report {n!r} in {m.path}{hint}; have {sorted(m.reports)}")
    opds = opds_of(ds)
    if opd is not None and opd not in opds:
        near = difflib.get_close_matches(opd, opds, n=3, cutoff=0.5)
        hint = f"; closest: {near}" if near else ""
        raise RunError(f"OPD {opd!r} is not in the data ({len(opds)} OPDs){hint}")
    from ..loaders import SPECS

    kinds = set(ds.files["kind"].dropna())
    known_kinds = {s.kind for s in SPECS}  # a report may read a kind absent from this folder
    jobs: list[Job] = []
    city = f"Seluruh {_place(m.agency)}"
    for n in names:
        rep = m.reports[n]
        if rep.reads is not None and (unknown := set(rep.reads) - kinds - known_kinds):
            raise RunError(f"{m.path}: report {n!r} reads unknown file kind(s) {sorted(unknown)}")
        scopes: list[str | None] = [None] + (opds if rep.per == "opd" else [])
        if opd is not None:
            scopes = [opd] if rep.per == "opd" else []
        required = ("data_dir", "opd") if rep.per == "opd" else ("data_dir",)
        inputs = _files_read(ds.files, rep.reads, m.data_dir)
        used: set[str] = set()
        for scope in scopes:
            params = {**rep.parameters, "data_dir": str(m.data_dir)}
            if rep.per == "opd":
                params["opd"] = scope
            declared = mf.check_parameters(rep.notebook, params, required)
            stem = safe_name(scope) if scope else city
            base, k = stem, 2
            while stem.lower() in used:  # two OPD names that clean to the same file name
                stem, k = f"{base} ({k})", k + 1
            used.add(stem.lower())
            if OUTPUT_PARAM in declared:  # the notebook writes a workbook beside its PDF
                params[OUTPUT_PARAM] = str(run_dir / safe_name(n) / f"{stem}.xlsx")
            jobs.append(Job(
                id=f"{n}/{scope or city}", report=n, title=rep.title, opd=scope,
                notebook=str(rep.notebook), parameters=params, formats=rep.formats,
                run_dir=str(run_dir), rel_stem=f"{safe_name(n)}/{stem}", kernel=kernel,
                cwd=str(m.path.parent), agency=m.agency, inputs=inputs,
            ))  # fmt: skip
    return jobs


def _place(agency: str) -> str:
    from ..present.brief import agency_place

    return agency_place(agency)


# --------------------------------------------------------------------------- one run


def build_one(job: Job) -> dict:
    """Execute one notebook and write its outputs (runs in a worker process)."""
    import nbformat
    import papermill as pm

    t0 = time.perf_counter()
    started = dt.datetime.now().isoformat(timespec="seconds")
    res = {"id": job.id, "status": "ok", "error": "", "outputs": {}, "started": started,
           "stages": {}}  # fmt: skip
    run_dir = Path(job.run_dir)
    stem = run_dir / job.rel_stem
    ipynb = stem.with_suffix(".ipynb")
    tmp = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.tmp.ipynb")
    nb = None
    from . import warm

    extra = {"kernel_manager_class": warm.kernel_manager_class(fork=job.warm)}
    try:
        ipynb.parent.mkdir(parents=True, exist_ok=True)
        try:
            nb = pm.execute_notebook(
                job.notebook, str(tmp), parameters=job.parameters, kernel_name=job.kernel,
                cwd=job.cwd, progress_bar=False, log_output=False, start_timeout=120,
                request_save_on_cell_execute=False,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport banner
                **extra,
            )  # fmt: skip
        except pm.PapermillExecutionError as e:
            res.update(status="failed", error=f"cell {e.exec_count}: {e.ename}: {e.evalue}")
        finally:
            res["stages"]["execute"] = round(time.perf_counter() - t0, 3)
            if tmp.exists():
                os.replace(tmp, ipynb)
                res["outputs"]["ipynb"] = ipynb.relative_to(run_dir).as_posix()
        xlsx = job.parameters.get(OUTPUT_PARAM)
        if xlsx and Path(xlsx).is_file():
            res["outputs"]["xlsx"] = Path(xlsx).relative_to(run_dir).as_posix()
        if res["status"] == "ok":
            if nb is None:
                nb = nbformat.read(str(ipynb), as_version=4)
            if "html" in job.formats:
                t = time.perf_counter()
                from .html import from_notebook as to_html

                path = write_text(stem.with_suffix(".html"), to_html(nb, job.title))
                res["outputs"]["html"] = path.relative_to(run_dir).as_posix()
                res["stages"]["html"] = round(time.perf_counter() - t, 3)
            if "pdf" in job.formats:
                t = time.perf_counter()
                from .files import write_bytes
                from .pdf import from_notebook as to_pdf

                path = write_bytes(stem.with_suffix(".pdf"), to_pdf(nb, job.agency))
                res["outputs"]["pdf"] = path.relative_to(run_dir).as_posix()
                res["stages"]["pdf"] = round(time.perf_counter() - t, 3)
    except Exception as e:  # noqa: BLE001 - one report's failure must not stop the others
        res.update(status="failed", error=f"{type(e).__name__}: {e}")
    finally:
        if tmp.exists():
            tmp.unlink()
    res["duration"] = round(time.perf_counter() - t0, 3)
    return res


# --------------------------------------------------------------------------- the run


def _copy_into(src_dir: Path, dst_dir: Path, outputs: dict) -> dict:
    """Bring a skipped report's outputs from an earlier run folder into this one."""
    out = {}
    for fmt, rel in outputs.items():
        src, dst = src_dir / rel, dst_dir / rel
        if src.resolve() == dst.resolve():
            out[fmt] = rel
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copy2(src, tmp)
        os.replace(tmp, dst)
        out[fmt] = rel
    return out


def run(
    config="reports.yml",
    *,
    data=None,
    only: Iterable[str] | None = None,
    opd: str | None = None,
    jobs: int | None = None,
    formats: Iterable[str] | None = None,
    force: bool = False,
    out=None,
    executor: cf.Executor | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
    today: dt.date | None = None,
    warm: bool = True,
) -> RunResult:
    """Run the report suite of a manifest (the Python side of ``kediri-analytics report``).

    ``data`` points every report at another folder of exports; ``only`` names reports of
    the manifest; ``opd`` runs only that OPD's per-OPD reports; ``jobs`` parallel notebooks
    (default: CPUs); ``formats`` overrides the manifest's (``html``, ``pdf``); ``force``
    re-runs unchanged reports; ``out`` the output root. ``executor`` is any
    ``concurrent.futures.Executor`` (a distributed one plugs in here); by default a process
    pool of ``jobs`` workers. ``warm`` False starts every kernel the ordinary way instead of
    forking it from a warm helper (:mod:`.warm`; same outputs, slower). Raises
    :class:`RunError` when nothing can run; a failing
    notebook is recorded and the others still run (see :attr:`RunResult.exit_code`).
    """
    import kediri_analytics as ka

    log = log or (lambda s: print(s, file=sys.stderr))
    t_start = time.perf_counter()
    try:
        m = mf.load(config)
    except mf.ManifestError as e:
        raise RunError(str(e)) from None
    if data is not None:
        m.data_dir = Path(data).resolve()
    if out is not None:
        m.out = Path(out).resolve()
    if formats is not None:
        fm = mf._formats(list(formats), "--formats")
        for r in m.reports.values():
            r.formats = fm
    if not m.data_dir.is_dir():
        raise RunError(f"data folder {m.data_dir} does not exist: run `kediri-analytics "
                       "demo-data` or pass --data with your exports")  # fmt: skip
    ds = ka.load_folder(m.data_dir)
    if ds.files.empty:
        raise RunError(f"no exports found in {m.data_dir}: run `kediri-analytics demo-data` or "
                       "pass --data with a folder of e-Kinerja/SIASN/... downloads")  # fmt: skip
    today = today or dt.date.today()
    run_dir = m.out / today.isoformat()
    kernel = kernel_name(m.kernel)
    try:
        job_list = plan(m, ds, only=only, opd=opd, run_dir=run_dir, kernel=kernel)
    except mf.ManifestError as e:
        raise RunError(str(e)) from None
    version, lock = __version__, lock_hash(m.path.parent)
    nb_sha = {j.notebook: file_sha256(Path(j.notebook)) for j in job_list}
    for j in job_list:
        j.fingerprint = _fingerprint(j, nb_sha[j.notebook], version, lock)
        j.warm = warm

    results: dict[str, dict] = {}
    notes: list[str] = []
    with RunLock(m.out) as lk:
        if lk.note:
            notes.append(lk.note)
            log(lk.note)
        try:
            run_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RunError(f"cannot create {run_dir}: {e.strerror or e}") from None
        state_path = m.out / STATE
        state = _read_json(state_path, {})
        todo = []
        for j in job_list:
            prev = state.get(j.id)
            if not force and prev and prev.get("fingerprint") == j.fingerprint:
                src = m.out / prev["dir"]
                if all((src / rel).is_file() for rel in prev["outputs"].values()):
                    try:
                        outs = _copy_into(src, run_dir, prev["outputs"])
                    except OSError as e:
                        notes.append(f"{j.id}: could not reuse earlier outputs ({e}); rebuilt")
                    else:
                        results[j.id] = {"id": j.id, "status": "skipped", "error": "",
                                         "outputs": outs, "started": prev.get("started", ""),
                                         "duration": 0.0, "stages": {},
                                         "built_in": prev["dir"]}  # fmt: skip
                        continue
            todo.append(j)
        if todo:
            _execute(todo, results, jobs, executor, progress, log)
        for j in job_list:
            r = results[j.id]
            r.update(report=j.report, title=j.title, opd=j.opd, notebook=_rel(j.notebook, m),
                     parameters=j.parameters, inputs=j.inputs, fingerprint=j.fingerprint,
                     version=version, lock_hash=lock, kernel=j.kernel)  # fmt: skip
            if r["status"] == "ok":
                state[j.id] = {"fingerprint": j.fingerprint, "dir": run_dir.name,
                               "outputs": r["outputs"], "started": r["started"]}  # fmt: skip
            elif r["status"] == "failed":
                state.pop(j.id, None)
        reports = [results[j.id] for j in job_list]
        build = _merge_build(run_dir / "build.json", reports, {
            "manifest": str(m.path), "data_dir": str(m.data_dir), "version": version,
            "lock_hash": lock, "kernel": kernel, "jobs": jobs or os.cpu_count(),
            "finished": dt.datetime.now().isoformat(timespec="seconds"),
            "duration": round(time.perf_counter() - t_start, 3), "python": sys.version.split()[0],
        })  # fmt: skip
        from .index import render_index

        write_text(run_dir / "build.json", json.dumps(build, indent=2, ensure_ascii=False))
        index = write_text(run_dir / "index.html", render_index(build, m.agency))
        write_text(state_path, json.dumps(state, indent=1, ensure_ascii=False))
        how = point_latest(m.out, run_dir)
        if how == "copy":
            notes.append("symlinks not allowed here: latest/ is a copy of the run folder")
    return RunResult(run_dir=run_dir, index=index, reports=reports, notes=notes)


def _execute(todo: list[Job], results: dict, jobs: int | None, executor, progress, log) -> None:
    from tqdm.auto import tqdm

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    own = executor is None
    if own:
        executor = cf.ProcessPoolExecutor(max_workers=workers,
                                          mp_context=mp.get_context("spawn"))  # fmt: skip
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(todo), unit="laporan", disable=not show, file=sys.stderr)
    try:
        futures = {executor.submit(build_one, j): j for j in todo}
        for f in cf.as_completed(futures):
            j = futures[f]
            try:
                r = f.result()
            except Exception as e:  # noqa: BLE001 - a worker died: record, go on
                r = {"id": j.id, "status": "failed", "error": f"worker failed: {e!r}",
                     "outputs": {}, "started": "", "duration": 0.0, "stages": {}}  # fmt: skip
            results[j.id] = r
            bar.update(1)
            if r["status"] == "failed":
                log(f"FAILED {j.id}: {r['error']}")
            elif not show:
                log(f"built {j.id} in {r['duration']:.1f} s")
    finally:
        bar.close()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def _rel(path: str, m: mf.Manifest) -> str:
    try:
        return Path(path).relative_to(m.path.parent).as_posix()
    except ValueError:
        return str(path)


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _merge_build(path: Path, reports: list[dict], run: dict) -> dict:
    """This run's entries over those of an earlier run the same day (``--only`` keeps the
    rest of the day's reports listed)."""
    old = _read_json(path, {})
    by_id = {r["id"]: r for r in old.get("reports", [])}
    by_id.update({r["id"]: r for r in reports})
    return {"run": run, "reports": sorted(by_id.values(), key=lambda r: r["id"])}


__all__ = ["Job", "RunError", "RunResult", "build_one", "plan", "run"]
