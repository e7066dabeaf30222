"""The runner on real kernels: outputs, a failing notebook, incremental skips, bad input.

A test process keeps its warm-kernel helper from one test to the next, as a runner's worker
does (it ends with the process)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from kediri_analytics.report import RunError, run

from ..conftest import copy_warm_cache
from .conftest import ROOT, notebook

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def suite(demo_small, warm_cache, tmp_path_factory):
    """A manifest with the real data-quality notebook, one that raises and a small one that
    reads only the merit self-assessment; a copy of the small demo data and a loader cache of
    its own (a copy of the run's warm cache)."""
    base = tmp_path_factory.mktemp("suite")
    data = base / "data"
    shutil.copytree(demo_small[0], data)
    copy_warm_cache(warm_cache, base / "cache")
    notebook(
        base / "broken.ipynb", 'data_dir = "d"', "raise ValueError('kolom hilang di berkas X')"
    )
    notebook(
        base / "merit.ipynb",
        'data_dir = "d"',
        "import kediri_analytics as ka\nbrief = ka.Brief('Merit')\nbrief.kpi('Satu', 1)",
    )
    (base / "reports.yml").write_text(
        f"""agency: BKPSDM Kota Contoh
data_dir: data
out: out
reports:
  data_quality:
    notebook: {ROOT / "notebooks" / "data_quality.ipynb"}
    title: Kualitas Data Kepegawaian
  broken:
    notebook: broken.ipynb
    formats: [html]
  merit:
    notebook: merit.ipynb
    reads: [merit_assessment]
""",
        encoding="utf-8",
    )
    return base


def test_full_incremental_cycle(suite, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.setenv("KEDIRI_CACHE_DIR", str(suite / "cache"))
    # the first run on the local process pool (one worker: two run at once in the scale-out
    # tests), its results sent back from the worker process
    first = run(suite / "reports.yml", jobs=1, progress=False)
    status = {r["id"]: r["status"] for r in first.reports}
    assert status == {
        "data_quality/Seluruh Kota Contoh": "ok",
        "broken/Seluruh Kota Contoh": "failed",
        "merit/Seluruh Kota Contoh": "ok",
    }
    assert first.exit_code == 1
    d = first.run_dir
    dq = d / "data_quality" / "Seluruh Kota Contoh"
    for ext in (".ipynb", ".html", ".pdf"):
        assert dq.with_suffix(ext).is_file()
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(dq.with_suffix(".pdf").read_bytes())).pages
    )
    assert "Kualitas Data Kepegawaian" in text and "BKPSDM Kota Contoh" in text
    html = dq.with_suffix(".html").read_text(encoding="utf-8")
    assert "brief.section(" not in html and "<script src=" not in html  # no code, no CDN
    assert "data:image/svg+xml;base64," in html
    # the failure: its notebook kept with the traceback, marked in build.json and the index
    broken = next(r for r in first.reports if r["report"] == "broken")
    assert "ValueError: kolom hilang di berkas X" in broken["error"]
    assert "kolom hilang" in (d / broken["outputs"]["ipynb"]).read_text(encoding="utf-8")
    build = json.loads((d / "build.json").read_text(encoding="utf-8"))
    entry = next(r for r in build["reports"] if r["report"] == "data_quality")
    assert entry["inputs"] and all(len(i["sha256"]) == 64 for i in entry["inputs"])
    assert {
        "notebook",
        "parameters",
        "version",
        "lock_hash",
        "started",
        "duration",
        "status",
    } <= set(entry)
    index = (d / "index.html").read_text(encoding="utf-8")
    assert "GAGAL" in index and "kolom hilang" in index
    assert (suite / "out" / "latest" / "index.html").is_file()
    assert not list(d.rglob(".*.tmp*"))

    # the next runs run one report each, on this process's threads (an executor of the
    # caller's, kept open): the skips do not depend on where the notebooks run
    pool = ThreadPoolExecutor(1)
    # nothing changed: everything that succeeded is skipped (the failure runs again)
    second = run(suite / "reports.yml", executor=pool, progress=False)
    status = {r["report"]: r["status"] for r in second.reports}
    assert status == {"data_quality": "skipped", "merit": "skipped", "broken": "failed"}

    # one input file changed: only the reports that read it run again
    training = next((suite / "data").rglob("*Pelatihan*"))
    training.write_bytes(training.read_bytes() + b"\n")
    third = run(
        suite / "reports.yml", only=["data_quality", "merit"], executor=pool, progress=False
    )
    pool.shutdown()
    status = {r["report"]: r["status"] for r in third.reports}
    assert status == {"data_quality": "ok", "merit": "skipped"}
    assert third.exit_code == 0


def test_opd_filter_and_unknown_names(suite, monkeypatch):
    monkeypatch.setenv("KEDIRI_CACHE_DIR", str(suite / "cache"))
    with pytest.raises(RunError, match="OPD 'Dinas Kesehatn' is not in the data.*closest"):
        run(suite / "reports.yml", opd="Dinas Kesehatn", progress=False)
    with pytest.raises(RunError, match="no report 'data_qualty'.*did you mean 'data_quality'"):
        run(suite / "reports.yml", only=["data_qualty"], progress=False)


def test_most_runs_known_before_the_data_sizes_the_early_pool():
    """The early pool has no more workers (and warm helpers) than the plan can have runs:
    counted from the manifest alone (reports.yml: two per-OPD reports, three city-wide)."""
    from kediri_analytics.report import manifest as mf
    from kediri_analytics.report.runner import _most_runs

    m = mf.load(ROOT / "reports.yml")
    assert _most_runs(m, None, None) is None  # merit_trend runs for every OPD of the data
    assert _most_runs(m, None, "Dinas Kesehatan") == 2  # merit_trend, skp_compliance
    assert _most_runs(m, ["skp_compliance"], "Dinas Kesehatan") == 1
    assert _most_runs(m, ["data_quality", "asn_award_shortlist"], None) == 2
    assert _most_runs(m, ["data_quality"], "Dinas Kesehatan") == 0  # city-wide only
    assert _most_runs(m, ["no_such_report"], None) is None  # plan() names the error


def test_empty_or_missing_data_folder_is_a_clear_error(suite, tmp_path):
    with pytest.raises(RunError, match="does not exist: run `kediri-analytics demo-data`"):
        run(suite / "reports.yml", data=tmp_path / "nope", out=tmp_path / "o", progress=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(RunError, match="no exports found in"):
        run(suite / "reports.yml", data=tmp_path / "empty", out=tmp_path / "o", progress=False)
    assert not (tmp_path / "o").exists()  # nothing half-made


def test_warm_kernels_give_the_outputs_of_fresh_ones(demo_small, tmp_path):
    """A kernel forked from the warm helper produces exactly the outputs of a fresh kernel."""
    import nbformat

    from kediri_analytics.report import warm
    from kediri_analytics.report.runner import Job, build_one, kernel_name

    if not warm.available():
        pytest.skip("no os.fork here: kernels always start fresh")
    outputs = {}
    for is_warm in (False, True):
        job = Job(
            id="dq",
            report="dq",
            title="t",
            opd=None,
            formats=("pdf",),
            notebook=str(ROOT / "notebooks" / "data_quality.ipynb"),
            parameters={"data_dir": str(demo_small[0])},
            run_dir=str(tmp_path / str(is_warm)),
            rel_stem="dq/x",
            kernel=kernel_name(),
            cwd=str(tmp_path),
            agency="A",
            warm=is_warm,
        )
        res = build_one(job)
        assert res["status"] == "ok", res["error"]
        assert not (tmp_path / str(is_warm)).exists()  # the coordinator writes, not the worker
        nb = nbformat.reads(res["files"]["ipynb"].decode("utf-8"), as_version=4)
        outputs[is_warm] = [c.get("outputs", []) for c in nb.cells]
    assert outputs[True] == outputs[False]


@pytest.mark.parametrize("fork", [False, True])
def test_shutdown_sends_no_interrupt_but_interrupt_still_works(fork):
    """jupyter_client sends SIGINT before every shutdown; ours does not (it made finished
    kernels log "KeyboardInterrupt caught in kernel"), yet an interrupt asked for still goes."""
    import asyncio
    import signal

    from kediri_analytics.report import warm
    from kediri_analytics.report.runner import kernel_name

    if fork and not warm.available():
        pytest.skip("no os.fork here: kernels always start fresh")

    async def go():
        km = warm.kernel_manager_class(fork=fork)(kernel_name=kernel_name())
        sent = []
        real = km._async_signal_kernel

        async def record(sig):
            sent.append(sig)
            await real(sig)

        km._async_signal_kernel = record
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        await km.interrupt_kernel()
        assert sent == [signal.SIGINT]
        kc.stop_channels()
        await km.shutdown_kernel()
        assert sent == [signal.SIGINT]  # nothing more at shutdown
        assert not await km.is_alive()

    asyncio.run(go())


@pytest.mark.parametrize("warm_kernels", [False, True])
def test_a_kernel_that_fails_to_start_is_started_once_more(tmp_path, monkeypatch, warm_kernels):
    """A kernel that dies before answering (as on a port clash) is started again, once; a
    kernel that never starts fails the report with the error, and nothing else runs twice."""
    import nbformat

    from kediri_analytics.report.runner import Job, build_one

    kernels = tmp_path / "jupyter" / "kernels"
    for name, starts in (("flaky", 1), ("dead", 99)):
        (kernels / name).mkdir(parents=True)
        script = kernels / name / "start.py"
        script.write_text(
            "import pathlib, runpy, sys\n"
            f"tries = pathlib.Path({str(tmp_path / name)!r})\n"
            "n = int(tries.read_text()) if tries.exists() else 0\n"
            "tries.write_text(str(n + 1))\n"
            f"if n < {starts}:\n    sys.exit(1)  # dies before answering\n"
            "sys.argv = ['ipykernel_launcher', *sys.argv[1:]]\n"
            "runpy.run_module('ipykernel_launcher', run_name='__main__')\n",
            encoding="utf-8",
        )
        spec = {
            "argv": [sys.executable, str(script), "-f", "{connection_file}"],
            "display_name": name,
            "language": "python",
        }
        (kernels / name / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    nb = notebook(tmp_path / "n.ipynb", 'data_dir = "d"', "print(6 * 7)")
    res = {}
    for name in ("flaky", "dead"):
        job = Job(
            id=name,
            report=name,
            title=name,
            opd=None,
            notebook=str(nb),
            formats=(),
            parameters={"data_dir": "d"},
            run_dir=str(tmp_path / "out"),
            rel_stem=f"r/{name}",
            kernel=name,
            cwd=str(tmp_path),
            agency="A",
            warm=warm_kernels,
        )
        res[name] = build_one(job)
        assert (tmp_path / name).read_text() == "2"  # started twice, never a third time
        assert "the kernel did not start (RuntimeError: Kernel died" in res[name]["note"]
    assert res["flaky"]["status"] == "ok", res["flaky"]["error"]
    out = nbformat.reads(res["flaky"]["files"]["ipynb"].decode(), as_version=4)
    assert out.cells[-1].outputs[0]["text"] == "42\n"
    assert res["dead"]["status"] == "failed"
    assert res["dead"]["error"] == "RuntimeError: Kernel died before replying to kernel_info"


def test_threads_of_one_worker_share_its_warm_helper(demo_small, tmp_path, monkeypatch):
    """A worker that runs reports in several threads (a Dask worker with --nthreads 2; here
    any concurrent.futures executor) gets each kernel from one warm helper without mixing
    up the answers: every report holds its own OPD, and the executor stays the caller's."""

    from pypdf import PdfReader

    from kediri_analytics.report import warm

    notebook(
        tmp_path / "opd.ipynb",
        'data_dir = "d"\nopd = None',
        "import gc, os, kediri_analytics as ka\n"
        "brief = ka.Brief('Per OPD', opd=opd)\nbrief.kpi('Proses', os.getppid())\n"
        "brief.kpi('Pengumpul', str(gc.get_threshold()[0]))",
    )
    (tmp_path / "reports.yml").write_text(
        f"data_dir: {demo_small[0]}\nout: out\nreports:\n"
        "  opd:\n    notebook: opd.ipynb\n    per: opd\n    formats: [pdf]\n",
        encoding="utf-8",
    )
    cwd = os.getcwd()
    with ThreadPoolExecutor(3) as pool:
        res = run(tmp_path / "reports.yml", executor=pool, progress=False)
        assert pool.submit(lambda: 1).result() == 1  # not shut down by the run
    assert os.getcwd() == cwd  # threads never chdir the process (kernels start in their cwd)
    assert res.exit_code == 0 and len(res.reports) == 9
    helpers = set()
    for r in res.reports:
        pdf = PdfReader(io.BytesIO((res.run_dir / r["outputs"]["pdf"]).read_bytes()))
        text = "\n".join(p.extract_text() for p in pdf.pages)
        assert (f"OPD {r['opd']}" if r["opd"] else "Seluruh Kota Kediri") in text
        helpers.add(text.split("Proses")[1].split()[0])  # the kernel's parent: the helper
        assert text.split("Pengumpul")[1].split()[0] == "50000"  # core/collector.py's setting
    assert len(helpers) == 1 and warm.available()  # every kernel forked from one helper
