"""Benchmark: the demo-export generator at scale 1.0 against baselines measured in the same run.

Baselines: (a) the same generation with one writer process, (b) the floor of writing the same
number of cells with xlsxwriter alone, no simulation. Prints wall times and ratios; no verdicts
are asserted here (the target, "well under 30 s on 2 cores", is read off the output).
Usage: python bench/bench_demo.py [--scale 1.0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import xlsxwriter

from kediri_analytics.demo.generate import generate


def _time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _xlsx_floor(root: Path, cells: int) -> None:
    wb = xlsxwriter.Workbook(str(root / "floor.xlsx"))
    ws = wb.add_worksheet()
    row = ["198609262015051001", "Nama Pegawai", "Dinas Kesehatan", "Baik", 3.0]
    for r in range(cells // len(row)):
        for c, v in enumerate(row):
            (ws.write_string if isinstance(v, str) else ws.write_number)(r, c, v)
    wb.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = generate(root / "probe", scale=args.scale, jobs=1)
        cells = sum(f["rows"]["data"] for f in manifest["files"]) * 15  # ~15 columns a row
        par = _time(lambda: generate(root / "par", scale=args.scale), args.repeat)
        seq = _time(lambda: generate(root / "seq", scale=args.scale, jobs=1), args.repeat)
        floor = _time(lambda: _xlsx_floor(root, cells), args.repeat)
    latest = max(manifest["truth"]["roster"].items())[1]["people"]
    print(
        f"demo-data scale {args.scale:g}: {len(manifest['files'])} files, "
        f"{latest:,} ASN in the latest year, cpus={os.cpu_count()}"
    )
    print(f"  generate, parallel writers   {par:7.2f} s (median of {args.repeat})")
    print(f"  generate, one writer         {seq:7.2f} s   ratio parallel/one      {par / seq:.2f}")
    print(
        f"  xlsxwriter floor, same cells {floor:7.2f} s   ratio generate/floor    {par / floor:.2f}"
    )
    print(f"  budget 30 s                               ratio generate/budget   {par / 30:.2f}")


if __name__ == "__main__":
    main()
