"""Run the report suite: expand the manifest, check every run's parameters, execute the
notebooks with papermill in parallel, write the HTML and PDF twins, ``build.json`` and
``index.html``, and skip what has not changed.

Outputs land in ``<out>/<run date>/<report>/<scope>.{ipynb,html,pdf}``; ``<out>/latest``
points at the newest run folder. A lock keeps two runs out of the same output folder.

Where the work happens: a worker (a process of the local pool, or a Dask worker on another
machine) executes a notebook in a scratch folder of its own and returns the files' bytes;
only this process, the coordinator, writes into the output folder, each file written beside
its place and renamed in. So the output folder need not be shared with the workers, a
worker's working folder may differ from the coordinator's, and a worker killed mid-run
leaves nothing in the output folder. Workers need the same package version and the data
folder at the same path (``docs/scale-out.md``).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import difflib
import hashlib
import itertools
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import __version__
from ..core.files import atomic, sha256_of, write_bytes, write_text
from . import manifest as mf
from .files import RunLock, point_latest, safe_name, sweep_temp
from .manifest import RunError

KERNEL = "kediri-analytics"
#: a notebook declaring this parameter gets the path of an Excel file beside its PDF
OUTPUT_PARAM = "excel_path"
STATE = ".state.json"
LOCK = ".kediri-report.lock"


@dataclass
class Job:
    """One notebook run, everything a worker needs (picklable, no path on the worker's disk
    needed but the data folder's: the notebook travels as text)."""

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
    source: str = ""  # the notebook's JSON (read by the coordinator; "" = read `notebook`)
    #: unique per submission: a distributed executor never merges two runs or serves a
    #: cached result, even when it treats calls as pure
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Shard:
    """Part ``index`` of ``count`` (1-based) of a suite: every ``count``-th run of the
    expanded plan, starting at run ``index``, so N shards cover the plan exactly once and
    each gets a fair mix of long and short reports."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` -> ``Shard(2, 4)``; raises ValueError saying what is expected."""
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
        if not m or not 1 <= int(m[1]) <= int(m[2]):
            raise ValueError(f"--shard {text!r}: expected I/N with 1 <= I <= N, e.g. 2/4")
        return cls(int(m[1]), int(m[2]))

    def pick(self, jobs: list) -> list:
        """This shard's runs of the full plan."""
        return jobs[self.index - 1 :: self.count]

    @property
    def name(self) -> str:
        return f"shard-{self.index}-of-{self.count}"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass
class RunResult:
    """What a run did: the run folder, one entry per report run, and the exit code. A shard
    run has no index (``index`` is its ``build.shard-I-of-N.json``)."""

    run_dir: Path
    index: Path
    reports: list[dict]
    notes: list[str]
    shard: Shard | None = None

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
        what = f"shard {self.shard}: " if self.shard else ""
        lines = [
            f"{what}{len(self.reports)} report runs: {n['ok']} built, {n['skipped']} "
            f"unchanged (skipped), {n['failed']} failed"
        ]
        for r in self.failed:
            lines.append(f"  FAILED {r['id']}: {r['error']}")
        if self.shard:
            lines.append(f"shard results: {self.index} (then: kediri-analytics report --merge)")
        else:
            lines.append(f"index: {self.index}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- helpers


def _kernel_specs() -> set[str]:
    """The names of the installed kernels (the folders holding a kernel.json), found without
    importing jupyter_client."""
    from jupyter_core.paths import jupyter_path

    names = set()
    for base in map(Path, jupyter_path("kernels")):
        with contextlib.suppress(OSError):
            names |= {d.name.lower() for d in base.iterdir() if (d / "kernel.json").is_file()}
    return names


def kernel_name(wanted: str | None = None) -> str:
    """The project kernel if installed, else the kernel of this Python (``python3``)."""
    specs = _kernel_specs()
    for name in (wanted, KERNEL):
        if name and name.lower() in specs:
            return name.lower()
    if wanted:
        raise RunError(f"kernel {wanted!r} is not installed; have {sorted(specs | {'python3'})}")
    return "python3"


def lock_hash(start: Path) -> str:
    """sha256 of the dependency lock file (``requirements.lock``) next to the manifest or in
    a parent folder; "unknown" when there is none (an installed package)."""
    for d in (start, *start.parents):
        f = d / "requirements.lock"
        if f.is_file():
            return sha256_of(f)
    return "unknown"


def opds_of(ds) -> list[str]:
    """The OPDs a per-OPD report fans out to (see :func:`.inputs.opds_of`)."""
    from .inputs import opds_of as of

    return of(ds)


def _fingerprint(job: Job, nb_sha: str, version: str, lock: str) -> str:
    params = {k: v for k, v in job.parameters.items() if k != OUTPUT_PARAM}  # dated path
    blob = json.dumps(
        {
            "notebook": nb_sha,
            "parameters": params,
            "formats": job.formats,
            "version": version,
            "lock": lock,
            "inputs": job.inputs,
            "agency": job.agency,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


# --------------------------------------------------------------------------- planning


def plan(
    m: mf.Manifest,
    inputs,
    *,
    only: Iterable[str] | None = None,
    opd: str | None = None,
    run_dir: Path,
    kernel: str,
) -> list[Job]:
    """Every run of the manifest (filtered by ``only`` and ``opd``), its parameters checked
    against the notebook before anything runs. ``inputs`` is the data folder as
    :func:`.inputs.scan` sees it. The order is the manifest's, then the OPDs sorted: the same
    data and manifest always give the same plan (shards rely on it)."""
    names = list(only or m.reports)
    for n in names:
        if n not in m.reports:
            near = difflib.get_close_matches(n, list(m.reports), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise RunError(f"no report {n!r} in {m.path}{hint}; have {sorted(m.reports)}")
    opds = inputs.opds
    if opd is not None and opd not in opds:
        near = difflib.get_close_matches(opd, opds, n=3, cutoff=0.5)
        hint = f"; closest: {near}" if near else ""
        raise RunError(f"OPD {opd!r} is not in the data ({len(opds)} OPDs){hint}")
    kinds = {f["kind"] for f in inputs.files if f["kind"]}
    known_kinds = set(inputs.kinds)  # a report may read a kind absent from this folder
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
        read = inputs.read_by(rep.reads)
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
            jobs.append(
                Job(
                    id=f"{n}/{scope or city}",
                    report=n,
                    title=rep.title,
                    opd=scope,
                    notebook=str(rep.notebook),
                    parameters=params,
                    formats=rep.formats,
                    run_dir=str(run_dir),
                    rel_stem=f"{safe_name(n)}/{stem}",
                    kernel=kernel,
                    cwd=str(m.path.parent),
                    agency=m.agency,
                    inputs=read,
                )
            )
    return jobs


def _place(agency: str) -> str:
    from ..core.fmt import agency_place

    return agency_place(agency)


# --------------------------------------------------------------------------- one run


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", socket.gethostname()) or "host"


def _relocate(text: str, moves: dict[str, str]) -> str:
    """The executed notebook's JSON with its scratch paths replaced by the paths the
    coordinator uses (papermill records them, and a notebook may print its Excel path)."""
    for old, new in moves.items():
        text = text.replace(
            json.dumps(old, ensure_ascii=False)[1:-1], json.dumps(new, ensure_ascii=False)[1:-1]
        )
    return text


_HAVE_KERNEL: dict[str, bool] = {}


def _kernel_here(name: str) -> str:
    """``name`` if this worker has that kernel, else this Python's own (``python3``)."""
    if name not in _HAVE_KERNEL:
        _HAVE_KERNEL[name] = name.lower() in _kernel_specs() or name == "python3"
    return name if _HAVE_KERNEL[name] else "python3"


def _papermill(
    src: Path, dst: Path, params: dict, kernel: str, cwd: str, warm_: bool, res: dict
) -> None:
    """Execute one notebook; a kernel that never started (a port taken between choosing it
    and binding it, a slow start) is tried once more. A failing cell is recorded in ``res``."""
    import papermill as pm

    from . import warm

    for attempt in (1, 2):
        started: list = []
        try:
            # the kernel starts in ``cwd`` (nbclient's resources path); papermill's own cwd=
            # would chdir this whole process, which races when a worker runs threads
            pm.execute_notebook(
                str(src),
                str(dst),
                parameters=params,
                kernel_name=kernel,
                resources={"metadata": {"path": cwd}},
                progress_bar=False,
                log_output=False,
                start_timeout=120,
                request_save_on_cell_execute=False,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport banner
                kernel_manager_class=warm.kernel_manager_class(
                    fork=warm_, started=started, preload=params.get("data_dir")
                ),
            )
            return
        except pm.PapermillExecutionError as e:
            res.update(status="failed", error=f"cell {e.exec_count}: {e.ename}: {e.evalue}")
            return
        except Exception as e:  # noqa: BLE001 - only a start that failed is tried again
            if started or attempt == 2:
                raise
            res["note"] = f"the kernel did not start ({type(e).__name__}: {e}); started again"


def build_one(job: Job) -> dict:
    """Execute one notebook and render its outputs, in a scratch folder of this worker.

    Returns the run's record with the outputs' bytes under ``"files"`` (``ipynb``, ``html``,
    ``pdf``, ``xlsx``); the coordinator writes them (:func:`store`). Never raises: a failure
    is recorded with its error.
    """
    import nbformat

    t0 = time.perf_counter()
    started = dt.datetime.now().isoformat(timespec="seconds")
    res = {
        "id": job.id,
        "status": "ok",
        "error": "",
        "outputs": {},
        "started": started,
        "stages": {},
        "files": {},
        "version": __version__,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    run_dir = Path(job.run_dir)
    scratch = Path(tempfile.mkdtemp(prefix=f"kediri-run-{_host()}-{os.getpid()}-"))
    try:
        src = scratch / "in" / Path(job.notebook).name
        src.parent.mkdir()
        if job.source:
            src.write_text(job.source, encoding="utf-8")
        else:
            shutil.copyfile(job.notebook, src)
        out = scratch / "out"
        ipynb = out / f"{job.rel_stem}.ipynb"
        ipynb.parent.mkdir(parents=True)
        params = dict(job.parameters)
        xlsx = None
        if params.get(OUTPUT_PARAM):
            rel = Path(params[OUTPUT_PARAM]).relative_to(run_dir)
            xlsx = out / rel
            params[OUTPUT_PARAM] = str(xlsx)
        cwd = job.cwd if Path(job.cwd).is_dir() else str(scratch)
        try:
            _papermill(src, ipynb, params, _kernel_here(job.kernel), cwd, job.warm, res)
        finally:
            res["stages"]["execute"] = round(time.perf_counter() - t0, 3)
            text = None
            if ipynb.is_file():
                text = _relocate(
                    ipynb.read_text(encoding="utf-8"),
                    {str(src): job.notebook, str(out): str(run_dir)},
                )
                res["files"]["ipynb"] = text.encode("utf-8")
                res["outputs"]["ipynb"] = f"{job.rel_stem}.ipynb"
            if xlsx is not None and xlsx.is_file():
                res["files"]["xlsx"] = xlsx.read_bytes()
                res["outputs"]["xlsx"] = xlsx.relative_to(out).as_posix()
        if res["status"] == "ok":
            nb = nbformat.reads(text, as_version=4)
            if "html" in job.formats:
                t = time.perf_counter()
                from .html import from_notebook as to_html

                res["files"]["html"] = to_html(nb, job.title).encode("utf-8")
                res["outputs"]["html"] = f"{job.rel_stem}.html"
                res["stages"]["html"] = round(time.perf_counter() - t, 3)
            if "pdf" in job.formats:
                t = time.perf_counter()
                from ..present.pdf import from_notebook as to_pdf

                res["files"]["pdf"] = to_pdf(nb, job.agency)
                res["outputs"]["pdf"] = f"{job.rel_stem}.pdf"
                res["stages"]["pdf"] = round(time.perf_counter() - t, 3)
    except Exception as e:  # noqa: BLE001 - one report's failure must not stop the others
        res.update(status="failed", error=f"{type(e).__name__}: {e}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if res["status"] == "failed":  # a failed report keeps only its executed notebook
        res["files"] = {k: v for k, v in res["files"].items() if k == "ipynb"}
        res["outputs"] = {k: v for k, v in res["outputs"].items() if k == "ipynb"}
    res["duration"] = round(time.perf_counter() - t0, 3)
    return res


def store(res: dict, run_dir: Path) -> dict:
    """Write a worker's output files into the run folder (each beside its place, then
    renamed in) and return the record without the bytes. A worker of another package
    version is refused: its outputs would not be what ``build.json`` says."""
    files = res.pop("files", {})
    res.pop("worker", None)
    theirs = res.pop("version", __version__)
    if theirs != __version__:
        res.update(
            status="failed",
            outputs={},
            error=f"the worker runs kediri-analytics {theirs}, this run {__version__}: "
            "install the same version on every worker",
        )
        return res
    for fmt, rel in list(res["outputs"].items()):
        try:
            write_bytes(run_dir / rel, files[fmt])
        except (OSError, RuntimeError, KeyError) as e:
            res.update(status="failed", error=f"could not write {rel}: {e}")
            res["outputs"].pop(fmt, None)
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
        with atomic(dst) as tmp:
            try:
                os.link(src, tmp)  # the same bytes, no copy, where the disk allows it
            except OSError:
                shutil.copy2(src, tmp)
        out[fmt] = rel
    return out


def _prepare(config, *, data, out, formats) -> mf.Manifest:
    try:
        m = mf.load(config)
    except mf.ManifestError as e:
        raise RunError(str(e)) from None
    if data is not None:
        m.data_dir = Path(data).resolve()
    if out is not None:
        m.out = Path(out).resolve()
    if formats is not None:
        try:
            fm = mf._formats(list(formats), "--formats")
        except mf.ManifestError as e:
            raise RunError(str(e)) from None
        for r in m.reports.values():
            r.formats = fm
    return m


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
    scheduler: str | None = None,
    shard: Shard | str | None = None,
) -> RunResult:
    """Run the report suite of a manifest (the Python side of ``kediri-analytics report``).

    ``data`` points every report at another folder of exports; ``only`` names reports of
    the manifest; ``opd`` runs only that OPD's per-OPD reports; ``jobs`` parallel notebooks
    (default: CPUs); ``formats`` overrides the manifest's (``html``, ``pdf``); ``force``
    re-runs unchanged reports; ``out`` the output root.

    Where the notebooks run: by default a local process pool of ``jobs`` workers.
    ``scheduler`` (``tcp://host:8786``) runs them on that Dask cluster instead
    (:mod:`.cluster`; needs ``kediri-analytics[distributed]``). ``executor`` takes any
    ``concurrent.futures.Executor``, e.g. ``client.get_executor(pure=False)`` of a Dask
    client; the caller keeps and shuts it down. ``shard`` (``"2/4"`` or a :class:`Shard`)
    runs only that part of the plan and records it for :func:`merge`.

    ``warm`` False starts every kernel the ordinary way instead of forking it from a warm
    helper (:mod:`.warm`; same outputs, slower). Raises :class:`RunError` when nothing can
    run; a failing notebook is recorded and the others still run (see
    :attr:`RunResult.exit_code`).
    """
    log = log or (lambda s: print(s, file=sys.stderr))
    t_start = time.perf_counter()
    if isinstance(shard, str):
        try:
            shard = Shard.parse(shard)
        except ValueError as e:
            raise RunError(str(e)) from None
    m = _prepare(config, data=data, out=out, formats=formats)
    if not m.data_dir.is_dir():
        raise RunError(
            f"data folder {m.data_dir} does not exist: run `kediri-analytics "
            "demo-data` or pass --data with your exports"
        )
    kernel = kernel_name(m.kernel)
    early = None
    try:
        most = _most_runs(m, only, opd)
        inputs, early = _inputs(m, executor, scheduler, jobs, warm, kernel, most)
        return _run(
            m,
            inputs,
            early,
            kernel,
            only=only,
            opd=opd,
            jobs=jobs,
            force=force,
            executor=executor,
            progress=progress,
            log=log,
            today=today,
            warm=warm,
            scheduler=scheduler,
            shard=shard,
            t_start=t_start,
        )
    finally:
        if early is not None:
            early.shutdown()


def _most_runs(m: mf.Manifest, only, opd: str | None) -> int | None:
    """The most notebook runs the plan can hold, known before the data is read: one per
    selected report, or per report for the ``opd`` given; None when a report runs for every
    OPD of the data (or a name is unknown: :func:`plan` says so)."""
    n = 0
    for name in only or m.reports:
        rep = m.reports.get(name)
        if rep is None or (rep.per == "opd" and opd is None):
            return None
        if rep.per == "opd" or opd is None:  # a city-wide report has no run for one OPD
            n += 1
    return n


def _inputs(
    m: mf.Manifest, executor, scheduler, jobs, warm_: bool, kernel: str, most: int | None = None
):
    """The data folder's inputs, and the local pool already started when they must be loaded
    first (its workers and warm-kernel helpers start while this process loads the data; no
    more of them than the runs the plan can hold, ``most``)."""
    from .inputs import cached, scan

    hit = cached(m.data_dir, m.out)
    if hit is not None:
        return hit, None
    early = None
    width = jobs or os.cpu_count() or 1
    if most is not None:
        width = min(width, most)
    # an empty folder ends the run with an error: no pool to start for it
    if (
        executor is None
        and not scheduler
        and width > 0
        and any(p.is_file() for p in m.data_dir.rglob("*"))
    ):
        early = _Pool(width, warm_, kernel)
        early.spawn()
    try:
        # with the pool's processes starting, loading in more processes only adds contention
        inputs = scan(m.data_dir, m.out, jobs=1 if early is not None else None)
    except BaseException:
        if early is not None:
            early.shutdown()
        raise
    return inputs, early


def _run(
    m: mf.Manifest,
    inputs,
    early,
    kernel: str,
    *,
    only,
    opd,
    jobs,
    force,
    executor,
    progress,
    log,
    today,
    warm,
    scheduler,
    shard,
    t_start,
) -> RunResult:
    if not inputs.files:
        raise RunError(
            f"no exports found in {m.data_dir}: run `kediri-analytics demo-data` or "
            "pass --data with a folder of e-Kinerja/SIASN/... downloads"
        )
    today = today or dt.date.today()
    run_dir = m.out / today.isoformat()
    try:
        job_list = plan(m, inputs, only=only, opd=opd, run_dir=run_dir, kernel=kernel)
    except mf.ManifestError as e:
        raise RunError(str(e)) from None
    version, lock = __version__, lock_hash(m.path.parent)
    nb_text = {nb: Path(nb).read_text(encoding="utf-8") for nb in {j.notebook for j in job_list}}
    nb_sha = {nb: hashlib.sha256(t.encode("utf-8")).hexdigest() for nb, t in nb_text.items()}
    for j in job_list:
        j.fingerprint = _fingerprint(j, nb_sha[j.notebook], version, lock)
        j.warm = warm
    mine = shard.pick(job_list) if shard else job_list

    results: dict[str, dict] = {}
    notes: list[str] = []
    lock_name = f".kediri-report.{shard.name}.lock" if shard else LOCK
    with RunLock(m.out, lock_name) as lk:
        if lk.note:
            notes.append(lk.note)
            log(lk.note)
        try:
            run_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RunError(f"cannot create {run_dir}: {e.strerror or e}") from None
        if n := sweep_temp(run_dir):
            notes.append(f"removed {n} temporary file(s) left by a run that died")
        state = _read_json(m.out / STATE, {})
        todo = _reuse(mine, state, m, run_dir, force, results, notes)
        width = jobs or os.cpu_count()
        if todo:
            for j in todo:
                j.source = nb_text[j.notebook]
            given = executor or early
            with _executor(
                given, scheduler, jobs, len(todo), warm, kernel, log, str(m.data_dir)
            ) as (ex, n):
                width = n or width
                _execute(todo, results, ex, run_dir, progress, log, width)
        fresh = _describe(mine, results, m, run_dir, version, lock)
        reports = [results[j.id] for j in mine]
        meta = {
            "manifest": str(m.path),
            "data_dir": str(m.data_dir),
            "version": version,
            "lock_hash": lock,
            "kernel": kernel,
            "jobs": width,
            "finished": dt.datetime.now().isoformat(timespec="seconds"),
            "duration": round(time.perf_counter() - t_start, 3),
            "python": sys.version.split()[0],
        }
        if shard:  # the merge writes build.json, index.html, the state and latest
            part = _write_shard(run_dir, shard, job_list, meta, reports, fresh)
            return RunResult(run_dir=run_dir, index=part, reports=reports, notes=notes, shard=shard)
        for j in mine:
            if j.id in fresh:
                state[j.id] = fresh[j.id]
            elif results[j.id]["status"] == "failed":
                state.pop(j.id, None)
        index = _publish(m, run_dir, reports, meta, state, notes)
    return RunResult(run_dir=run_dir, index=index, reports=reports, notes=notes)


def _reuse(
    mine: list[Job],
    state: dict,
    m: mf.Manifest,
    run_dir: Path,
    force: bool,
    results: dict,
    notes: list[str],
) -> list[Job]:
    """The jobs to run: a job whose fingerprint is the one the last good build recorded has
    that build's outputs copied into ``run_dir`` (recorded in ``results`` as skipped)
    instead, unless ``force`` or the outputs are gone."""
    todo = []
    for j in mine:
        prev = state.get(j.id)
        if not force and prev and prev.get("fingerprint") == j.fingerprint:
            src = m.out / prev["dir"]
            if all((src / rel).is_file() for rel in prev["outputs"].values()):
                try:
                    outs = _copy_into(src, run_dir, prev["outputs"])
                except OSError as e:
                    notes.append(f"{j.id}: could not reuse earlier outputs ({e}); rebuilt")
                else:
                    results[j.id] = {
                        "id": j.id,
                        "status": "skipped",
                        "error": "",
                        "outputs": outs,
                        "started": prev.get("started", ""),
                        "duration": 0.0,
                        "stages": {},
                        "built_in": prev["dir"],
                    }
                    continue
        todo.append(j)
    return todo


def _describe(
    mine: list[Job], results: dict, m: mf.Manifest, run_dir: Path, version: str, lock: str
) -> dict:
    """Add what each report is to its result (``build.json``); returns the state entries of
    the reports built now."""
    fresh = {}
    for j in mine:
        r = results[j.id]
        r.update(
            report=j.report,
            title=j.title,
            opd=j.opd,
            notebook=_rel(j.notebook, m),
            parameters=j.parameters,
            inputs=j.inputs,
            fingerprint=j.fingerprint,
            version=version,
            lock_hash=lock,
            kernel=j.kernel,
        )
        if r["status"] == "ok":
            fresh[j.id] = {
                "fingerprint": j.fingerprint,
                "dir": run_dir.name,
                "outputs": r["outputs"],
                "started": r["started"],
            }
    return fresh


def _write_shard(
    run_dir: Path, shard: Shard, job_list: list[Job], meta: dict, reports: list, fresh: dict
) -> Path:
    """A shard's part of the build (``build.<i>-of-<n>.json``) for :func:`merge`."""
    part = run_dir / f"build.{shard.name}.json"
    plan_ = [{"id": j.id, "report": j.report, "title": j.title, "opd": j.opd} for j in job_list]
    record = {
        "shard": {"index": shard.index, "count": shard.count, "plan": plan_},
        "run": meta,
        "reports": reports,
        "state": fresh,
    }
    return write_text(part, json.dumps(record, indent=2, ensure_ascii=False))


def _publish(
    m: mf.Manifest, run_dir: Path, reports: list[dict], meta: dict, state: dict, notes: list[str]
) -> Path:
    """Write build.json and index.html of the run folder, the state, and point latest."""
    from .index import render_index

    build = _merge_build(run_dir / "build.json", reports, meta)
    write_text(run_dir / "build.json", json.dumps(build, indent=2, ensure_ascii=False))
    index = write_text(run_dir / "index.html", render_index(build, m.agency))
    write_text(m.out / STATE, json.dumps(state, indent=1, ensure_ascii=False))
    if point_latest(m.out, run_dir) == "copy":
        notes.append("symlinks not allowed here: latest/ is a copy of the run folder")
    return index


def merge(
    config="reports.yml",
    *,
    out=None,
    today: dt.date | None = None,
    log: Callable[[str], None] | None = None,
) -> RunResult:
    """Build one ``build.json`` and ``index.html`` from the shard runs (``--shard I/N``) of a
    run folder: today's, or else the newest folder holding shard results. A shard whose
    results are missing has its runs marked failed (exit code 1), naming the shard."""
    log = log or (lambda s: print(s, file=sys.stderr))
    m = _prepare(config, data=None, out=out, formats=None)
    if today is not None:
        run_dir = m.out / today.isoformat()
    else:
        found = sorted(p.parent for p in m.out.glob("*/build.shard-*-of-*.json"))
        if not found:
            raise RunError(
                f"no shard results (build.shard-I-of-N.json) under {m.out}: run "
                "`kediri-analytics report --shard I/N` first"
            )
        today_dir = m.out / dt.date.today().isoformat()
        run_dir = today_dir if today_dir in found else found[-1]
    parts = {}
    for p in sorted(run_dir.glob("build.shard-*-of-*.json")):
        d = _read_json(p, None)
        if not isinstance(d, dict) or "shard" not in d:
            raise RunError(f"{p}: not a shard result (damaged?); run that shard again")
        parts[p] = d
    if not parts:
        raise RunError(f"no shard results (build.shard-I-of-N.json) in {run_dir}")
    counts = {d["shard"]["count"] for d in parts.values()}
    if len(counts) != 1:
        raise RunError(
            f"{run_dir} holds shards of different splits ({sorted(counts)} parts): "
            "delete the stale build.shard-*.json files and run the shards again"
        )
    count = counts.pop()
    plans = {json.dumps(d["shard"]["plan"], sort_keys=True) for d in parts.values()}
    if len(plans) != 1:
        raise RunError(
            f"the shards in {run_dir} planned different suites (the manifest or "
            "the data changed between them): run every shard again"
        )
    full = next(iter(parts.values()))["shard"]["plan"]
    by_index = {d["shard"]["index"]: d for d in parts.values()}
    results = {r["id"]: r for d in parts.values() for r in d["reports"]}
    missing = [i for i in range(1, count + 1) if i not in by_index]
    notes = []
    if missing:
        notes.append(f"no results from shard(s) {', '.join(f'{i}/{count}' for i in missing)}")
        log(notes[-1])
    reports = []
    for k, p in enumerate(full):
        r = results.get(p["id"])
        if r is None:
            i = k % count + 1
            r = {
                **p,
                "status": "failed",
                "outputs": {},
                "started": "",
                "duration": 0.0,
                "stages": {},
                "error": f"shard {i}/{count} did not report: run "
                f"`kediri-analytics report --shard {i}/{count}` again, then --merge",
            }
        reports.append(r)
    metas = [d["run"] for d in parts.values()]
    meta = {
        **metas[0],
        "finished": max(x["finished"] for x in metas),
        "duration": max(x["duration"] for x in metas),
    }
    with RunLock(m.out) as lk:
        if lk.note:
            notes.append(lk.note)
        state = _read_json(m.out / STATE, {})
        for d in parts.values():
            state.update(d.get("state", {}))
        for r in reports:
            if r["status"] == "failed":
                state.pop(r["id"], None)
        index = _publish(m, run_dir, reports, meta, state, notes)
    return RunResult(run_dir=run_dir, index=index, reports=reports, notes=notes)


class _Pool:
    """The local process pool of a run, renewed when a worker process dies (a broken pool
    refuses all further work)."""

    def __init__(self, workers: int, warm_: bool, kernel: str, data: str | None = None) -> None:
        import multiprocessing as mp

        self.args = {
            "max_workers": workers,
            "mp_context": mp.get_context("spawn"),
            "initializer": _worker_start,
            "initargs": (kernel if warm_ else None, data),
        }
        self.pool = cf.ProcessPoolExecutor(**self.args)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def spawn(self) -> None:
        """Start every worker process now (each starts its warm-kernel helper)."""
        for _ in range(self.args["max_workers"]):
            self.pool.submit(_ready)

    def renew(self) -> None:
        self.pool.shutdown(wait=False)
        self.pool = cf.ProcessPoolExecutor(**self.args)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)


@contextlib.contextmanager
def _executor(given, scheduler, jobs, n_todo, warm_, kernel, log, data: str | None = None):
    """The executor for this run and how many notebooks it runs at once (None: unknown):
    the caller's (kept open), a Dask cluster's, or a local process pool (shut down here)."""
    if given is not None:
        yield given, _width_of(given)
        return
    if scheduler:
        from .cluster import Cluster

        with Cluster(scheduler, kernel=kernel if warm_ else None, data=data, log=log) as c:
            yield c.executor, c.nthreads
        return
    pool = _Pool(max(1, min(jobs or os.cpu_count() or 1, n_todo)), warm_, kernel, data)
    try:
        yield pool, None
    finally:
        pool.shutdown()


def _width_of(executor) -> int | None:
    """How many runs an executor runs at once, when it says: a pool's workers, a Dask
    client's threads."""
    if isinstance(executor, _Pool):
        return executor.args["max_workers"]
    client = getattr(executor, "_client", None)
    if client is not None and hasattr(client, "nthreads"):
        with contextlib.suppress(Exception):
            return sum(client.nthreads().values()) or None
    return getattr(executor, "_max_workers", None)


def _execute(
    todo: list[Job], results: dict, executor, run_dir: Path, progress, log, width: int | None = None
) -> None:
    """Run the jobs on ``executor``, storing each result as it arrives. Pending futures are
    cancelled one by one on the way out (every executor supports that; ``cancel_futures``
    of ``shutdown`` is the process pool's alone).

    When a process of the local pool dies (killed, out of memory), the pool breaks and every
    run not finished fails with it, most of them innocent. Those runs are submitted again to
    a new pool; if that pool breaks too, the runs it took down are run one at a time, so the
    run that kills its worker is the only one marked failed. (A Dask worker that dies costs
    only its own runs: the scheduler gives them to another worker.)"""
    from tqdm.auto import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(todo), unit="laporan", disable=not show, file=sys.stderr)
    window = max(16, 4 * width) if width else 64  # runs submitted ahead of the results
    queue, rounds = list(todo), 0
    try:
        while queue:
            batches = [queue] if rounds < 2 else [[j] for j in queue]  # third round: alone
            queue = []
            for batch in batches:
                lost, broke = _submit(
                    batch,
                    results,
                    executor,
                    run_dir,
                    show,
                    bar,
                    log,
                    last=rounds >= 2,
                    window=window,
                )
                if broke:
                    executor.renew()
                queue += lost
            if queue:
                rounds += 1
                how = "one at a time" if rounds >= 2 else "to a new pool"
                log(f"a worker process died: {len(queue)} report run(s) submitted again {how}")
                for j in queue:
                    j.token = uuid.uuid4().hex
    finally:
        bar.close()


def _submit(
    batch: list[Job],
    results: dict,
    executor,
    run_dir: Path,
    show: bool,
    bar,
    log,
    last: bool,
    window: int,
) -> tuple[list[Job], bool]:
    """Submit ``batch``, at most ``window`` runs at a time, and store each result as it
    comes: a plan of tens of thousands of runs never waits whole in a scheduler's memory,
    and a result's bytes are let go (on a Dask worker too) once written. Returns the jobs
    lost to a broken local pool (on the ``last`` try they are marked failed instead) and
    whether the pool broke."""
    waiting = iter(batch)
    pending: dict = {}
    lost, broke = [], False
    try:
        for j in itertools.islice(waiting, window):
            pending[executor.submit(build_one, j)] = j
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for f in done:
                j = pending.pop(f)
                try:
                    r = f.result()
                except cf.process.BrokenProcessPool as e:
                    broke = isinstance(executor, _Pool)
                    if broke and not last:
                        lost.append(j)
                        lost += list(waiting)  # never submitted: the pool is gone
                        continue
                    r = _died(j, e)
                except Exception as e:  # noqa: BLE001 - a worker died: record, go on
                    r = _died(j, e)
                r = store(r, run_dir)
                results[j.id] = r
                bar.update(1)
                if r["status"] == "failed":
                    log(f"FAILED {j.id}: {r['error']}")
                elif not show:
                    log(f"built {j.id} in {r['duration']:.1f} s")
                if not broke:
                    for nxt in itertools.islice(waiting, 1):
                        pending[executor.submit(build_one, nxt)] = nxt
    finally:
        for f in pending:
            f.cancel()
    return lost, broke


def _worker_start(kernel: str | None, data: str | None = None) -> None:
    """A pool worker's first steps: start its warm-kernel helper (``kernel``; None for fresh
    kernels) loading the data folder ``data`` (None: when the first kernel is asked for, as
    while the coordinator itself still loads a cold folder), and keep jsonschema from
    loading ``rfc3987_syntax``, which builds a grammar for IRI formats at import (2 s of
    every worker's start here) that no notebook schema uses. Only this process of ours is
    affected; a Dask worker imports as it likes."""
    sys.modules.setdefault("rfc3987_syntax", None)
    if kernel:
        from . import warm

        warm.prestart(kernel, data)


def _ready() -> None:
    """A task that does nothing: submitting it makes the pool start a worker."""


def _died(j: Job, e: BaseException) -> dict:
    return {
        "id": j.id,
        "status": "failed",
        "error": f"worker failed: {e!r}",
        "outputs": {},
        "started": "",
        "duration": 0.0,
        "stages": {},
    }


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


__all__ = ["Job", "RunError", "RunResult", "Shard", "build_one", "merge", "plan", "run", "store"]
