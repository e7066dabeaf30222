"""Shared fixtures: the demo data sets and a warm loader cache, built once per test run.

One folder per run holds them (under pytest's base temporary folder). With pytest-xdist the
controller names it and hands it to every worker (``workerinput``); whichever process first
asks for a data set builds it under a file lock, the others wait for it and then read the
same files. Without ``-n`` the one process does the same. Nothing is built that no selected
test asks for.

``KEDIRI_CACHE_DIR`` points every process of the run (and the kernels and commands they
start) at one loader cache in that folder, warmed with the small demo when it is built: the
notebooks and reports read the demo from the cache, as an analyst's second run does. Tests
about the cache itself still pass their own empty ``cache_dir`` or ``no_cache``. A test that
wants a cache of its own, already warm, copies :func:`warm_cache` (a snapshot nobody writes).

The shared demo folders are read-only by agreement: a test that changes files copies them
first. At the end of the run the controller checks every shared file against its
MANIFEST.json and fails the run if one was changed.

Under xdist (``make test``: ``--dist loadgroup``) every test file is one group that one
worker runs, as with ``--dist loadfile``, except the groups of :data:`GROUPS` (the two
JupyterLab files share one server; the scale-1.0 city's users share one worker), and the
groups are handed out longest first (:data:`LONGEST_FIRST`) so that no long file starts last.
"""

from __future__ import annotations

import compileall
import contextlib
import gc
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest

from kediri_analytics.core.collector import BATCH_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]

# the collector set for batch work in every test process, from before collection (the
# package's own setting for its batch work: core/collector.py)
gc.set_threshold(*BATCH_THRESHOLD)

SHARED = "kediri_shared_dir"
CACHE_ENV = "KEDIRI_CACHE_DIR"

#: tests that share a worker: a group of their own instead of their file's (by file, or by
#: test). These are not ``xdist_group`` marks because pytest-xdist 3.8 no longer reads those
#: under pytest 9.2 (pytest-dev/pytest-xdist#1386: the marked tests are spread over the
#: workers one by one); the scheduler below reads this table instead.
GROUPS = {
    "tests/integration/test_lab.py": "jupyterlab",  # both use the run's one JupyterLab
    "tests/integration/test_browser.py": "jupyterlab",
    "tests/loaders/test_demo_load.py": "demo_city",  # both use the scale-1.0 city: one
    "tests/demo/test_generator.py::test_city_scale_matches_the_brief": "demo_city",  # builds
}

#: test groups (files, or names from GROUPS) in the order they are handed to the workers, the
#: longest first (from ``pytest --durations``); any other file comes after them, in the
#: usual order. Only the order changes with this list: every test runs either way.
LONGEST_FIRST = (
    "tests/report/test_scale_out.py",
    "demo_city",  # the scale-1.0 city: built once, by the worker that loads it
    "tests/loaders/test_layouts.py",  # needs no demo data: runs while the other builds it
    "tests/report/test_runner.py",
    "tests/integration/test_merit_trend_notebook.py",
    "tests/integration/test_skp_compliance_notebook.py",
    "tests/demo/test_generator.py",
    "jupyterlab",
    "tests/integration/test_bkn_award_notebook.py",
    "tests/integration/test_explore_notebook.py",
    "tests/loaders/test_validate_cli.py",
    "tests/integration/test_data_quality_notebook.py",
    "tests/integration/test_asn_award_notebook.py",
    "tests/test_display.py",
    "tests/loaders/test_fuzz.py",
    "tests/demo/test_national.py",
)


# --------------------------------------------------------------------------- the run's folder


@pytest.hookimpl(trylast=True)  # after pytest's own (the base temporary folder)
def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: the controller chose the folder
        shared = Path(config.workerinput[SHARED])
    else:
        factory = getattr(config, "_tmp_path_factory", None)
        base = factory.getbasetemp() if factory else Path(tempfile.mkdtemp(prefix="kediri-"))
        shared = base / "shared"
        shared.mkdir(parents=True, exist_ok=True)
        # the package's bytecode, once: PYTHONDONTWRITEBYTECODE=1 (set on the CI machines)
        # would otherwise make every kernel and command of the run compile it again
        compileall.compile_dir(str(ROOT / "kediri_analytics"), quiet=2)
    config.stash[_SHARED_KEY] = shared
    # one loader cache for the run, also for the kernels and commands the tests start (and
    # never the user's own cache folder)
    os.environ[CACHE_ENV] = str(shared / "cache")


def pytest_collection_finish(session: pytest.Session) -> None:
    """A test process allocates millions of short-lived objects (data frames, parsed cells):
    with the collector's default threshold (700) it runs a collection every few
    milliseconds, through every module and test object loaded so far. Those are moved out of
    its way (``gc.freeze``) once collected, and it runs less often from the start (above):
    about 5 % less CPU in the loader, metric and generator tests, 12 % less in collection
    (the imports of every test module) here. Cycles are still collected."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """(xdist controller) Tell a worker where the run's shared folder is."""
    node.workerinput[SHARED] = str(node.config.stash[_SHARED_KEY])


_SHARED_KEY = pytest.StashKey[Path]()


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path`` between the processes of the run."""
    with open(path, "a+b") as fh:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def build_once(shared: Path, name: str, build) -> Path:
    """``shared/name``, built by ``build(folder)`` in the first process of the run that asks
    for it (the others wait for it under a file lock, then read it)."""
    out = shared / name
    done = shared / f"{name}.done"
    with _locked(shared / f"{name}.lock"):
        if not done.exists():
            if out.exists():  # a build that did not finish
                shutil.rmtree(out)
            build(out)
            done.write_text("built\n", encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def shared_dir(pytestconfig) -> Path:
    """This run's folder shared by all its processes (xdist workers included)."""
    return pytestconfig.stash[_SHARED_KEY]


# --------------------------------------------------------------------------- the demo data


def _generate(out: Path, **kw) -> dict:
    """The demo generator, imported when a data set is built (the xdist controller, which
    runs no test, never imports pandas for it)."""
    from kediri_analytics.demo.generate import generate

    return generate(out, **kw)


@pytest.fixture(scope="session")
def demo_small(shared_dir) -> tuple[Path, dict]:
    """A small world (scale 0.1: ~550 ASN in 8 OPD) and its manifest (as ``generate`` returns
    it). Built once per run; the run's loader cache is warmed with it. Read only: copy it
    before changing anything."""

    def build(out: Path) -> None:
        import kediri_analytics as ka

        manifest = _generate(out, seed=7, scale=0.1, jobs=1)
        (shared_dir / "demo-small.manifest.pickle").write_bytes(pickle.dumps(manifest))
        ka.load_folder(out)  # into the run's cache (KEDIRI_CACHE_DIR)
        snapshot = shared_dir / "warm-cache"
        if snapshot.exists():
            shutil.rmtree(snapshot)
        shutil.copytree(os.environ[CACHE_ENV], snapshot)

    root = build_once(shared_dir, "demo-small", build)
    return root, pickle.loads((shared_dir / "demo-small.manifest.pickle").read_bytes())


@pytest.fixture(scope="session")
def warm_cache(demo_small, shared_dir) -> Path:
    """A loader cache holding the small demo, as it was right after the demo was loaded
    (nobody writes to it: copy it for a cache of your own, already warm)."""
    return shared_dir / "warm-cache"


def copy_warm_cache(warm: Path, dest: Path) -> Path:
    """``dest``: a cache folder of its own, a copy of the warm cache ``warm``."""
    shutil.copytree(warm, dest)
    return dest


@pytest.fixture(scope="session")
def demo_city(shared_dir) -> tuple[Path, dict]:
    """The full demo city at scale 1.0 (what `make demo-data` writes). Built once per run.
    Read only: copy it before changing anything."""
    out = build_once(shared_dir, "demo-city", lambda out: _generate(out, seed=2024, scale=1.0))
    return out, json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- order and groups


def group_of(nodeid: str) -> str:
    """The group of a test: its name in :data:`GROUPS`, else its file."""
    file = nodeid.split("::", 1)[0]
    return GROUPS.get(nodeid.split("[", 1)[0]) or GROUPS.get(file) or file


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # the longest groups first (xdist hands the groups out in this order; it must not sort
    # them itself: --no-loadscope-reorder), each group's tests together and in their order
    rank = {g: i for i, g in enumerate(LONGEST_FIRST)}
    order = {id(it): n for n, it in enumerate(items)}
    items.sort(key=lambda it: (rank.get(group_of(it.nodeid), len(rank)), order[id(it)]))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores. Many tests wait on processes they start
    (kernels, report runs, JupyterLab, a Dask cluster) with their worker idle; a third
    worker on 2 cores fills that time (measured here: 243-255 s against 268-275 s with 2)."""
    return (os.cpu_count() or 1) + 1


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadgroup`` with the groups of :func:`group_of`: each group to one worker, and
    the next group to a worker only when its last test is all it has left."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

        def _reschedule(self, node) -> None:
            # xdist queues the next group on a worker with two tests or fewer still to run;
            # when the one running is long, that group waits behind it while another worker
            # idles (measured: one worker ran the last 20 s alone). Wait until only the
            # last test is left (a worker holds its last test until it has a next one).
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
            elif self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    return FileGroups(config, log)


# --------------------------------------------------------------------------- the end of the run


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    """(Controller) No test may change the shared demo data: check it against its manifest."""
    config = session.config
    if hasattr(config, "workerinput") or _SHARED_KEY not in config.stash:
        return
    shared = config.stash[_SHARED_KEY]
    changed = []
    for name in ("demo-small", "demo-city"):
        root = shared / name
        if not (shared / f"{name}.done").exists():
            continue
        manifest = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))
        listed = {f["path"]: f["sha256"] for f in manifest["files"]}
        on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        if on_disk != set(listed) | {"MANIFEST.json"}:
            changed.append(f"{name}: files added or removed")
        changed += [
            f"{name}/{path}"
            for path, sha in listed.items()
            if (root / path).is_file() and _sha256(root / path) != sha
        ]
    if changed:
        tr = config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.ensure_newline()
            tr.write_line(
                "shared demo data changed by a test (copy it before changing it): "
                + ", ".join(changed),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
