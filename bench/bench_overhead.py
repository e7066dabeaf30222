"""Benchmark: the runner's cost per report run, without the report. A synthetic plan of N
trivial runs (one notebook, N parameter sets, no HTML or PDF) goes through the local process
pool and through a Dask LocalCluster with the same number of single-thread workers, in one
run.

Per path it prints the wall time, the worker time per run (wall x workers / N) and the
overhead per run: worker time per run minus the notebook's own cell time (papermill's
per-cell durations). That overhead is what each report run costs for being a separate run:
a kernel (forked from the warm helper), papermill, shipping the result and writing it.

Usage:
  python bench/bench_overhead.py [--runs 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import tempfile
import time
from pathlib import Path


def plan(tmp: Path, runs: int, kernel: str) -> list:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from kediri_analytics.report.runner import Job

    nb = new_notebook(
        cells=[
            new_code_cell("data_dir = 'd'\nn = 0", metadata={"tags": ["parameters"]}),
            new_code_cell("print(n * 2)"),
        ],
        metadata={"kernelspec": {"name": kernel, "language": "python", "display_name": "k"}},
    )
    src = tmp / "trivial.ipynb"
    nbformat.write(nb, src)
    text = src.read_text(encoding="utf-8")
    return [
        Job(
            id=f"trivial/{i}",
            report="trivial",
            title="t",
            opd=None,
            notebook=str(src),
            parameters={"data_dir": "d", "n": i},
            formats=(),
            run_dir=str(tmp / "out"),
            rel_stem=f"trivial/{i}",
            kernel=kernel,
            cwd=str(tmp),
            agency="A",
            source=text,
        )
        for i in range(runs)
    ]


def through(label: str, executor, jobs: list, workers: int, out: Path) -> None:
    """Run the jobs on the executor the way the runner does (results written by this
    process) and print the figures."""
    from kediri_analytics.report.runner import build_one, store

    t = time.perf_counter()
    futures = [executor.submit(build_one, j) for j in jobs]
    cells, failed = 0.0, 0
    for f in cf.as_completed(futures):
        r = f.result()
        nb = json.loads(r["files"]["ipynb"]) if "ipynb" in r["files"] else {"cells": []}
        cells += sum(c["metadata"].get("papermill", {}).get("duration") or 0 for c in nb["cells"])
        failed += store(r, out)["status"] != "ok"
    wall = time.perf_counter() - t
    n = len(jobs)
    per = wall * workers / n
    print(
        f"{label}: {n} runs ({failed} failed) in {wall:.1f} s; worker time per run "
        f"{per * 1000:.0f} ms, of which the notebook's cells {cells / n * 1000:.0f} ms: "
        f"overhead {(per - cells / n) * 1000:.0f} ms per run",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from distributed import LocalCluster

    from kediri_analytics.report import warm
    from kediri_analytics.report.runner import _Pool, kernel_name

    kernel = kernel_name()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        jobs = plan(tmp, args.runs, kernel)
        pool = _Pool(args.workers, True, kernel)  # the runner's own pool, helpers prestarted
        pool.spawn()
        try:
            through("local process pool", pool, jobs, args.workers, tmp / "out-pool")
        finally:
            pool.shutdown()
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as lc:
            client = lc.get_client()
            client.run(warm.prestart, kernel)
            for j in jobs:
                j.token = f"{j.token}-dask"
            through(
                "Dask LocalCluster",
                client.get_executor(pure=False),
                jobs,
                args.workers,
                tmp / "out-dask",
            )


if __name__ == "__main__":
    main()
