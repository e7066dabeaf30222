"""Benchmark: load_folder on the demo data against baselines measured in the same run.

Baselines: (a) the naive way, pandas read_excel with its default engine (openpyxl) on every
sheet and read_csv on every CSV, no typing; (b) bare python-calamine reading the same workbook
cells plus pandas' C parser reading the same CSVs as text. Ours: cold (no cache, typing and
validation included), and warm (Parquet cache). Prints times and ratios; targets (cold >= 10x
faster than naive, cold within 1.5x of bare, warm >= 20x faster than cold) are read off the
output, never asserted.
Usage: python bench/bench_load.py [--scale 1.0] [--repeat 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

import kediri_analytics as ka
from kediri_analytics.demo.generate import generate


def _time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def naive(root: Path, files: list[dict]) -> None:
    """What an analyst's first script does: read every sheet, default engines, no typing."""
    for f in files:
        p = root / f["path"]
        if f["format"] == "xlsx":
            pd.read_excel(p, sheet_name=None, header=None)  # openpyxl
        elif f["format"] == "xls":  # pandas needs xlrd for .xls (not installed): calamine
            pd.read_excel(p, sheet_name=None, header=None, engine="calamine")
        else:
            pd.read_csv(p, sep=None, engine="python", header=None, encoding_errors="replace")


def bare(root: Path, files: list[dict]) -> None:
    """The floor: the cells as Python values, nothing else."""
    for f in files:
        p = root / f["path"]
        if f["format"] in ("xlsx", "xls"):
            wb = CalamineWorkbook.from_path(str(p))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        else:
            pd.read_csv(
                p,
                sep=f["delimiter"],
                encoding=f["encoding"],
                header=None,
                dtype=str,
                keep_default_na=False,
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=None, help="an existing demo folder")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data or Path(tmp) / "demo"
        if args.data is None:
            generate(root, scale=args.scale)
        files = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))["files"]
        cache = Path(tmp) / "cache"
        t_naive = _time(lambda: naive(root, files), 1)
        t_bare = _time(lambda: bare(root, files), args.repeat)
        t_cold = _time(lambda: ka.load_folder(root, no_cache=True), args.repeat)
        t_cold1 = _time(lambda: ka.load_folder(root, no_cache=True, jobs=1), args.repeat)
        ka.load_folder(root, cache_dir=cache)  # fill the cache
        t_warm = _time(lambda: ka.load_folder(root, cache_dir=cache), args.repeat)
        ds = ka.load_folder(root, cache_dir=cache)
    cells = int(ds.files["rows_loaded"].sum())
    print(
        f"load_folder on {len(files)} demo files (scale {args.scale:g}), {cells:,} rows kept, "
        f"cpus={os.cpu_count()}"
    )
    print(f"  naive pandas + openpyxl      {t_naive:7.2f} s")
    print(f"  bare calamine + C parser     {t_bare:7.2f} s (median of {args.repeat})")
    print(
        f"  ours, cold (default jobs)    {t_cold:7.2f} s   naive/cold {t_naive / t_cold:5.1f}x"
        f"   cold/bare {t_cold / t_bare:4.2f}"
    )
    print(
        f"  ours, cold, one process      {t_cold1:7.2f} s   naive/cold {t_naive / t_cold1:5.1f}x"
        f"   cold/bare {t_cold1 / t_bare:4.2f}"
    )
    print(f"  ours, warm (Parquet cache)   {t_warm:7.2f} s   cold/warm  {t_cold / t_warm:5.1f}x")


if __name__ == "__main__":
    main()
