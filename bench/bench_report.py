"""Benchmark: the report suite of reports.yml on the demo data, with --jobs 1 and --jobs 2 in
one run, against a bare papermill run of a trivial notebook measured in the same run.

Prints wall times, the per-report overhead over the bare floor, the PDF compile time per
report, and a re-run with nothing changed. Targets (suite under 90 s on 2 cores, PDF under
1 s, unchanged re-run under 5 s) are read off the output, never asserted.

Usage:
  kediri-analytics demo-data                     # once
  python bench/bench_report.py [--data data/demo] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import os
import statistics
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

    nb = new_notebook(cells=[
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("import pandas as pd\nimport matplotlib.pyplot as plt\n"
                      "pd.DataFrame({'a': [x]}).plot()"),
    ], metadata={"kernelspec": {"name": kernel_name(), "language": "python",
                                "display_name": "Python"}})  # fmt: skip
    src = tmp / "trivial.ipynb"
    nbformat.write(nb, src)
    times = []
    for i in range(n):
        t = time.perf_counter()
        pm.execute_notebook(str(src), str(tmp / f"out{i}.ipynb"), parameters={"x": i},
                            kernel_name=kernel_name(), progress_bar=False)  # fmt: skip
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "demo")
    ap.add_argument("--config", type=Path, default=ROOT / "reports.yml")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    args = ap.parse_args()
    if not (args.data / "MANIFEST.json").is_file():
        sys.exit(f"no demo data in {args.data}: run `kediri-analytics demo-data` first")
    from kediri_analytics.report import run

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["KEDIRI_CACHE_DIR"] = str(tmp / "cache")
        floor = bare_papermill(tmp)
        print(f"bare papermill, trivial pandas+matplotlib notebook: {floor:.2f} s (median of 3)")
        first = None
        for jobs in [int(j) for j in args.jobs.split(",")]:
            t = time.perf_counter()
            res = run(args.config, data=args.data, out=tmp / f"out{jobs}", jobs=jobs,
                      force=True, progress=False, log=lambda s: None)  # fmt: skip
            wall = time.perf_counter() - t
            ok = [r for r in res.reports if r["status"] == "ok"]
            per = statistics.median(r["duration"] for r in ok) if ok else float("nan")
            pdf = [r["stages"]["pdf"] for r in ok if "pdf" in r["stages"]]
            html = [r["stages"]["html"] for r in ok if "html" in r["stages"]]
            print(f"suite --jobs {jobs}: {len(res.reports)} reports ({len(res.failed)} failed) "
                  f"in {wall:.1f} s; per report median {per:.2f} s = {per / floor:.2f}x the bare "
                  f"floor; HTML median {statistics.median(html or [0]):.3f} s, PDF median "
                  f"{statistics.median(pdf or [0]):.3f} s (max {max(pdf or [0]):.3f})")
            first = first or (jobs, wall)
            if jobs != first[0]:
                print(f"  speed-up --jobs {jobs} over --jobs {first[0]}: {first[1] / wall:.2f}x")
        t = time.perf_counter()
        res = run(args.config, data=args.data, out=tmp / f"out{jobs}", jobs=jobs,
                  progress=False, log=lambda s: None)  # fmt: skip
        skipped = sum(r["status"] == "skipped" for r in res.reports)
        print(f"re-run with nothing changed: {time.perf_counter() - t:.2f} s "
              f"({skipped}/{len(res.reports)} skipped)")


if __name__ == "__main__":
    main()
