"""Benchmark: the report suite of reports.yml on the demo data, against baselines measured in
the same run.

- a bare papermill run of a trivial notebook (the floor a report cannot go below);
- the suite on the local process pool with --jobs 1 and --jobs 2 (per run: wall / runs);
- the suite on a Dask LocalCluster of 2 single-thread workers (loopback, no dashboard)
  against the pool with 2 workers: the distributed overhead in % of the pool's wall time;
- a re-run with nothing changed, and ``--help`` / ``--version``, each as a fresh command
  (what a user waits for).

Targets (2.0 s per run at --jobs 2, overhead under 15 %, re-run under 5 s, --help under
0.5 s) are read off the output, never asserted.

Usage:
  kediri-analytics demo-data                     # once
  python bench/bench_report.py [--data data/demo] [--jobs 1,2] [--no-cluster]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_papermill(tmp: Path, n: int = 3) -> float:
    """Median seconds for papermill to run a trivial pandas+matplotlib notebook."""
    import nbformat
    import papermill as pm
    from nbformat.v4 import new_code_cell, new_notebook

    from kediri_analytics.report.runner import kernel_name

    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "import pandas as pd\nimport matplotlib.pyplot as plt\n"
                "pd.DataFrame({'a': [x]}).plot()"
            ),
        ],
        metadata={
            "kernelspec": {"name": kernel_name(), "language": "python", "display_name": "Python"}
        },
    )
    src = tmp / "trivial.ipynb"
    nbformat.write(nb, src)
    times = []
    for i in range(n):
        t = time.perf_counter()
        pm.execute_notebook(
            str(src),
            str(tmp / f"out{i}.ipynb"),
            parameters={"x": i},
            kernel_name=kernel_name(),
            progress_bar=False,
        )
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def command(*args: str, n: int = 5) -> float:
    """Median wall seconds of a fresh ``kediri-analytics ARGS`` process."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kediri_analytics", *args], check=False, capture_output=True
        )
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def suite(label: str, config: Path, data: Path, out: Path, **kw) -> float:
    """Run the suite (every report, --force) and print its figures; returns the wall time."""
    from kediri_analytics.report import run

    t = time.perf_counter()
    res = run(config, data=data, out=out, force=True, progress=False, log=lambda s: None, **kw)
    wall = time.perf_counter() - t
    ok = [r for r in res.reports if r["status"] == "ok"]
    med = statistics.median(r["duration"] for r in ok) if ok else float("nan")
    pdf = [r["stages"]["pdf"] for r in ok if "pdf" in r["stages"]]
    html = [r["stages"]["html"] for r in ok if "html" in r["stages"]]
    n = len(res.reports)
    print(
        f"{label}: {n} runs ({len(res.failed)} failed) in {wall:.1f} s = {wall / n:.2f} s "
        f"per run; one report median {med:.2f} s; HTML median "
        f"{statistics.median(html or [0]):.3f} s, PDF median {statistics.median(pdf or [0]):.3f}"
        f" s (max {max(pdf or [0]):.3f})",
        flush=True,
    )
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "demo")
    ap.add_argument("--config", type=Path, default=ROOT / "reports.yml")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--no-cluster", action="store_true", help="skip the Dask comparison")
    args = ap.parse_args()
    if not (args.data / "MANIFEST.json").is_file():
        sys.exit(f"no demo data in {args.data}: run `kediri-analytics demo-data` first")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["KEDIRI_CACHE_DIR"] = str(tmp / "cache")
        floor = bare_papermill(tmp)
        print(f"bare papermill, trivial pandas+matplotlib notebook: {floor:.2f} s (median of 3)")
        walls = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            walls[jobs] = suite(
                f"pool --jobs {jobs}", args.config, args.data, tmp / f"out{jobs}", jobs=jobs
            )
        if 1 in walls and len(walls) > 1:
            for jobs, wall in walls.items():
                if jobs != 1:
                    print(f"  speed-up --jobs {jobs} over --jobs 1: {walls[1] / wall:.2f}x")
        if not args.no_cluster and 2 in walls:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as lc:
                wall = suite(
                    "Dask LocalCluster, 2 workers x 1 thread",
                    args.config,
                    args.data,
                    tmp / "cluster",
                    scheduler=lc.scheduler_address,
                )
            print(
                f"  distributed overhead: {wall - walls[2]:+.1f} s = "
                f"{(wall - walls[2]) / walls[2]:+.1%} of the pool's wall time (--jobs 2)"
            )
        last = tmp / f"out{max(walls)}"
        config = [
            "report",
            "--config",
            str(args.config),
            "--data",
            str(args.data),
            "--out",
            str(last),
            "--no-progress",
        ]
        rerun = command(*config, n=3)
        print(f"re-run with nothing changed, fresh command: {rerun:.2f} s (median of 3)")
        print(
            f"kediri-analytics --help: {command('--help'):.2f} s, --version: "
            f"{command('--version'):.2f} s (fresh commands, median of 5)"
        )


if __name__ == "__main__":
    main()
