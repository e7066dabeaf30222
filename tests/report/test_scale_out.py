"""Scale-out on real components: a Dask LocalCluster (loopback, no dashboard) whose workers
work in another folder than the coordinating command, shards and --merge, and workers killed
in the middle of a report (real kernels and papermill throughout, nothing mocked)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

import kediri_analytics as ka

from ..conftest import copy_warm_cache
from .conftest import ROOT, notebook

pytestmark = pytest.mark.integration

#: the notebooks of the demo suite these runs take (see :func:`suite`)
NOTEBOOKS = ("data_quality", "asn_award_shortlist", "skp_compliance")


def cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 600):
    """``kediri-analytics report ARGS`` as a fresh process in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "kediri_analytics", "report", "--no-progress", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(*args: str, cwd: Path, env: dict) -> subprocess.Popen:
    """``kediri-analytics report ARGS`` started as a fresh process in ``cwd``."""
    return subprocess.Popen(
        [sys.executable, "-m", "kediri_analytics", "report", "--no-progress", *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def suite(base: Path, opd: str) -> Path:
    """``base/suite.yml``: four runs of the demo suite's notebooks, as reports.yml sets them
    up: a city-wide report reading every file, one with an Excel file, the monthly SKP
    report city-wide (counts only) and for the OPD ``opd`` (names, masked NIPs, Excel). The
    per-OPD fan-out itself (one run per OPD) is the runner tests' subject: here one OPD's run
    stands for the others, so each run of the suite below builds four reports, not 11."""
    nb = {name: str(ROOT / "notebooks" / f"{name}.ipynb") for name in NOTEBOOKS}
    skp_reads = ["ekinerja_penilaian", "ekinerja_dokumen", "siasn_roster", "simpeg_duk"]
    manifest = {
        "agency": "BKPSDM Kota Kediri",
        "formats": ["html", "pdf"],
        "reports": {
            "data_quality": {"notebook": nb["data_quality"], "title": "Kualitas Data"},
            "asn_award_shortlist": {
                "notebook": nb["asn_award_shortlist"],
                "title": "Daftar Pendek ASN Award",
                "parameters": {"show_nip": False},
            },
            "skp_compliance": {
                "notebook": nb["skp_compliance"],
                "title": "Kepatuhan SKP Bulanan",
                "reads": skp_reads,
            },
            "skp_compliance_opd": {
                "notebook": nb["skp_compliance"],
                "title": f"Kepatuhan SKP Bulanan {opd}",
                "parameters": {"opd": opd},
                "reads": skp_reads,
            },
        },
    }
    path = base / "suite.yml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return path


def suite_args(out: str) -> list[str]:
    """The test suite's manifest (``suite.yml``) on the data copied to ``data/``, relative
    paths resolved in the coordinator's folder."""
    return ["--config", "suite.yml", "--data", "data", "--out", out]


def run_folder(out: Path) -> Path:
    (day,) = [p for p in out.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d\d-\d\d", p.name)]
    return day


def _text(path: Path, out: Path) -> str:
    """A text output with what differs between two runs of the same content taken out: the
    output folder's path, papermill's random cell ids, object addresses, run times (of a
    notebook only its cells' sources and outputs are compared)."""
    t = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(t)["cells"]
        t = json.dumps([[c["source"], c.get("outputs")] for c in cells], ensure_ascii=False)
    t = t.replace(str(out.resolve()), "OUT")
    t = re.sub(r'id="cell-id=[0-9a-f-]+"', "", t)
    t = re.sub(r" at 0x[0-9a-f]+", "", t)
    if path.name == "index.html":
        t = re.sub(r"Selesai [^&]*&middot;", "", t)
        t = re.sub(r"<td class='num'>[^<]*</td>", "", t)
    return t


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _cells(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def _build(path: Path, out: Path, skip: tuple[str, ...] = ()) -> dict:
    """build.json without what changes from run to run: times, durations, stages, a note that
    a kernel start was tried again (a busy machine) (and the run's ``skip`` keys)."""
    b = json.loads(path.read_text(encoding="utf-8").replace(str(out.resolve()), "OUT"))
    times = {"started", "duration", "stages", "finished", "note"}
    return {
        "run": {k: v for k, v in b["run"].items() if k not in times | set(skip)},
        "reports": [{k: v for k, v in r.items() if k not in times} for r in b["reports"]],
    }


def assert_same_outputs(a: Path, b: Path, skip: tuple[str, ...] = ()) -> int:
    """Every output of run folder ``a`` (under output root ``a.parent``) has the content of
    the same output of ``b``: PDF text, HTML and notebooks without run-specific ids and
    paths, Excel cell values, build.json minus times (and ``skip`` of its run block).
    Returns how many files compared."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    assert not [f for f in files_a if f.name.startswith(".")]  # no temporary file left
    for rel in files_a:
        x, y = a / rel, b / rel
        if rel.suffix == ".pdf":
            assert _pdf_text(x) == _pdf_text(y), rel
        elif rel.suffix == ".xlsx":
            assert _cells(x) == _cells(y), rel
        elif rel.name == "build.json":
            assert _build(x, a.parent, skip) == _build(y, b.parent, skip)
        elif rel.suffix in (".html", ".ipynb"):
            assert _text(x, a.parent) == _text(y, b.parent), rel
    return len(files_a)


@pytest.fixture(scope="module")
def project(demo_small, warm_cache, tmp_path_factory):
    """The coordinator's folder (a copy of the small demo data in ``data/``, its own cache: a
    copy of the run's warm cache) and the reference run the cluster's run is compared with:
    the suite run as two shards at once on this machine's process pools (two cron jobs
    writing into one shared folder), then merged. Also returns what the shards printed and
    left before the merge (a copy of that state is in ``partial/``), what the merge printed,
    and what shard 1 printed when run once more after it."""
    base = tmp_path_factory.mktemp("coordinator")
    shutil.copytree(demo_small[0], base / "data")
    copy_warm_cache(warm_cache, base / "cache")
    suite(base, ka.load_folder(base / "data").opds()[0])
    env = {"KEDIRI_CACHE_DIR": str(base / "cache")}
    shards = [
        start(*suite_args("sharded"), "--shard", f"{i}/2", "--jobs", "1", cwd=base, env=env)
        for i in (1, 2)
    ]
    outs = [p.communicate(timeout=600) for p in shards]
    assert [p.returncode for p in shards] == [0, 0], outs
    day = run_folder(base / "sharded")
    before = {
        "stdout": [out for out, _ in outs],
        "builds": sorted(p.name for p in day.glob("build*.json")),
        "index": (day / "index.html").exists(),
    }
    shutil.copytree(base / "sharded", base / "partial", symlinks=True)
    merged = cli("--config", "suite.yml", "--out", "sharded", "--merge", cwd=base, env=env)
    assert merged.returncode == 0, merged.stderr
    again = cli(*suite_args("sharded"), "--shard", "1/2", cwd=base, env=env)  # nothing new
    for f in day.glob("build.shard-*.json"):
        f.unlink()  # shard results are not outputs of a one-machine run
    return base, env, before, {"merge": merged.stdout, "again": again.stdout}


@pytest.fixture(scope="module")
def cluster(warm_cache, tmp_path_factory):
    """A LocalCluster of two single-thread worker processes on loopback, no dashboard,
    started in another folder (its workers' working folder, temporary folder and cache are
    not the coordinator's; the cache is another copy of the run's warm cache). Dask is
    imported here: the workers that run no test of this file never import it."""
    from distributed import Client, LocalCluster

    home = tmp_path_factory.mktemp("worker-home")
    (home / "tmp").mkdir()
    copy_warm_cache(warm_cache, home / "cache")
    env = {"TMPDIR": str(home / "tmp"), "KEDIRI_CACHE_DIR": str(home / "cache")}
    cwd = os.getcwd()
    os.chdir(home)
    try:
        lc = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            env=env,
        )
    finally:
        os.chdir(cwd)
    client = Client(lc)
    yield lc, client, home
    client.close()
    lc.close()


def test_cluster_run_equals_a_local_run(project, cluster):
    base, env, _, _ = project
    lc, client, home = cluster
    assert set(client.run(os.getcwd).values()) == {str(home)}  # not the coordinator's folder
    res = cli(
        *suite_args("cluster"), cwd=base, env={**env, "KEDIRI_DASK_SCHEDULER": lc.scheduler_address}
    )
    assert res.returncode == 0, res.stderr
    assert "2 worker(s), 2 thread(s)" in res.stderr
    reports = json.loads((run_folder(base / "cluster") / "build.json").read_text())["reports"]
    assert len(reports) == 4 and {r["status"] for r in reports} == {"ok"}
    reference = run_folder(base / "sharded")  # two shards merged; one worker each
    n = assert_same_outputs(reference, run_folder(base / "cluster"), skip=("jobs",))
    xlsx = sum("xlsx" in r["outputs"] for r in reports)
    assert xlsx == 3  # the shortlist, the monthly SKP city-wide and for the OPD
    assert n == 4 * 3 + xlsx + 2  # ipynb, html, pdf; build.json, index.html
    # the workers wrote no output where they work, and their scratch folders are gone
    assert {p.name for p in home.iterdir()} <= {"cache", "tmp"}
    assert list((home / "tmp").glob("kediri-run-*")) == []


def test_two_shards_and_merge_make_one_run(project):
    """The shards of ``project`` (run at once into one folder) each ran their part and left
    their results, no index; a merge that lacks a shard says which and exits 1; the merge of
    both is a whole run (compared output by output with the cluster's run in
    :func:`test_cluster_run_equals_a_local_run`) and records the state for the next run."""
    base, env, before, after = project
    assert "shard 1/2: 2 report runs" in before["stdout"][0]
    assert "shard 2/2: 2 report runs" in before["stdout"][1]
    assert before["builds"] == ["build.shard-1-of-2.json", "build.shard-2-of-2.json"]
    assert not before["index"]

    (run_folder(base / "partial") / "build.shard-2-of-2.json").unlink()
    res = cli("--config", "suite.yml", "--out", "partial", "--merge", cwd=base, env=env)
    assert res.returncode == 1
    assert "2 failed" in res.stdout and "shard 2/2 did not report" in res.stdout

    assert "4 report runs: 4 built" in after["merge"]
    day = run_folder(base / "sharded")
    build = json.loads((day / "build.json").read_text(encoding="utf-8"))
    assert len(build["reports"]) == 4 and {r["status"] for r in build["reports"]} == {"ok"}
    assert (base / "sharded" / "latest" / "index.html").is_file()
    # the merge recorded the state: the next sharded run skips everything
    assert "0 built, 2 unchanged" in after["again"]


@pytest.fixture
def slow_suite(tmp_path, warm_cache):
    """A manifest of two small notebooks; ``slow`` writes its kernel's pid to a marker file
    and sleeps on its first run only, so a test can kill its worker in the middle. Its
    ``cache/`` is a copy of the run's warm cache."""
    marker = tmp_path / "marker"
    copy_warm_cache(warm_cache, tmp_path / "cache")
    notebook(
        tmp_path / "slow.ipynb",
        'data_dir = "d"\nmarker = ""',
        "import os, pathlib, time\nm = pathlib.Path(marker)\n"
        "if not m.exists():\n    m.write_text(str(os.getpid()))\n    time.sleep(120)",
        "import kediri_analytics as ka\nbrief = ka.Brief('Lambat')\nbrief.kpi('Satu', 1)",
    )
    notebook(
        tmp_path / "quick.ipynb",
        'data_dir = "d"',
        "import kediri_analytics as ka\nbrief = ka.Brief('Cepat')\nbrief.kpi('Dua', 2)",
    )
    (tmp_path / "reports.yml").write_text(
        f"""agency: BKPSDM Kota Contoh
out: out
reports:
  slow:
    notebook: slow.ipynb
    parameters: {{marker: "{marker}"}}
    reads: [merit_assessment]
  quick:
    notebook: quick.ipynb
    reads: [merit_assessment]
""",
        encoding="utf-8",
    )
    return tmp_path, marker


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 180) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > end:
            proc.kill()
            raise AssertionError(f"{path} never appeared: {proc.communicate()}")
        time.sleep(0.2)


def test_killed_dask_worker_its_report_runs_again_elsewhere(slow_suite, demo_small, cluster):
    folder, marker = slow_suite
    lc, client, _ = cluster
    run = start(
        "--data",
        str(demo_small[0]),
        "--scheduler",
        lc.scheduler_address,
        cwd=folder,
        env={"KEDIRI_CACHE_DIR": str(folder / "cache")},
    )
    _wait_for(marker, run)
    kernel = psutil.Process(int(marker.read_text()))
    workers = {
        w.pid
        for w in psutil.Process().children(recursive=True)
        if any("distributed" in a or "multiprocessing" in a for a in w.cmdline())
    }
    worker = next(p for p in kernel.parents() if p.pid in workers)
    worker.kill()  # SIGKILL in the middle of the report
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert "2 report runs: 2 built" in out
    day = run_folder(folder / "out")
    slow = next(
        r for r in json.loads((day / "build.json").read_text())["reports"] if r["report"] == "slow"
    )
    assert slow["status"] == "ok"
    assert "Lambat" in _pdf_text(day / slow["outputs"]["pdf"])
    assert not [p for p in day.rglob(".*") if p.is_file()]  # nothing half-written
    kernel.wait(timeout=15)  # the orphaned kernel noticed its helper was gone and ended
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the worker


def test_worker_killed_every_time_is_marked_failed(slow_suite, demo_small):
    """On the local process pool: a report whose worker dies is submitted once more to a new
    pool; when it dies again it is marked failed, the other report is built, exit code 1."""
    folder, marker = slow_suite
    marker.write_text("done")  # no sleeping: this test's notebook kills its worker instead
    notebook(
        folder / "slow.ipynb",
        'data_dir = "d"\nmarker = ""',
        "import time, psutil\n"
        "me = psutil.Process()\n"
        "worker = next(p for p in me.parents() if 'spawn_main' in ' '.join(p.cmdline()))\n"
        "worker.kill()\ntime.sleep(60)",
    )
    res = cli(
        "--data",
        str(demo_small[0]),
        "--jobs",
        "2",
        "--fresh-kernels",
        cwd=folder,
        env={"KEDIRI_CACHE_DIR": str(folder / "cache")},
    )
    assert res.returncode == 1, res.stderr
    assert "submitted again" in res.stderr
    assert "1 built, 0 unchanged (skipped), 1 failed" in res.stdout
    assert "FAILED slow/Seluruh Kota Contoh: worker failed: BrokenProcessPool" in res.stdout
    day = run_folder(folder / "out")
    build = {r["report"]: r for r in json.loads((day / "build.json").read_text())["reports"]}
    assert build["quick"]["status"] == "ok" and build["slow"]["outputs"] == {}
    assert not (day / "slow").exists()  # nothing of the dead runs reached the output folder
    assert not [p for p in day.rglob(".*") if p.is_file()]
    assert "GAGAL" in (day / "index.html").read_text(encoding="utf-8")
