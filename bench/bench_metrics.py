"""Benchmark: the metric set (`kediri_analytics.metrics.compute_all`) on national-size data,
against a naive object-dtype run of the same functions measured in the same run.

Each variant runs in a fresh process that reads the typed tables from the loader's Parquet
cache and computes every metric; its wall time (tables read excluded, reported apart) and peak
RSS (including the tables) are printed with the ratio naive/ours. Targets (under 20 s, under
4 GB) are read off the output, never asserted.

Usage:
  kediri-analytics demo-data --out data/national --scale 800     # once: 8.5 min, 7.3 GB
  python bench/bench_metrics.py --data data/national             # first run fills the cache
  python bench/bench_metrics.py --data data/demo --year 2024     # quick, city size
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from pathlib import Path

#: the columns the metric set reads, per table (the rest is never loaded)
COLUMNS = {
    "skp": ["nip", "year", "period", "acting", "predikat", "sebutan", "regime", "rated",
            "periode_akhir", "opd"],
    "roster": ["year", "nip", "nama", "opd", "education", "jabatan", "jenis_jabatan"],
    "assessments": ["year", "nip", "jpm", "potensi", "tanggal", "jenis_asesmen"],
    "competency": ["year", "opd", "kompetensi", "nip", "required", "assessed"],
    "training": ["year", "nip", "jp"],
    "discipline": ["nip", "year", "tingkat"],
    "skp_documents": ["nip", "year", "acting", "approved"],
}  # fmt: skip
# only the tables the metric set reads
NEEDED = ("skp", "skp_documents", "roster", "assessments", "competency", "training",
          "discipline", "opd_predikat", "requirements")  # fmt: skip


def _objectify(tables: dict) -> dict:
    """The naive way: every text and category column as Python objects."""
    import pandas as pd

    out = {}
    for name, df in tables.items():
        conv = {
            c: object
            for c in df.columns
            if isinstance(df[c].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(df[c])
        }
        out[name] = df.astype(conv)
    return out


def _run(data: str, cache: str | None, year: int, naive: bool, q) -> None:
    import kediri_analytics as ka
    from kediri_analytics.metrics import compute_all

    t = time.perf_counter()
    ds = ka.load_folder(data, cache_dir=cache, tables=NEEDED, jobs=1, columns=COLUMNS)
    tables = {k: ds.tables[k] for k in NEEDED}
    del ds
    if naive:
        tables = _objectify(tables)
    t_read = time.perf_counter() - t
    rows = sum(len(tables[k]) for k in ("skp", "roster", "competency", "training"))
    t = time.perf_counter()
    out = compute_all(tables, year, categorize=not naive)
    t_metrics = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # kB -> GB (Linux)
    q.put((t_read, t_metrics, rss, rows, {k: len(v) for k, v in out.items()}))


def measure(data: str, cache: str | None, year: int, naive: bool):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_run, args=(data, cache, year, naive, q))
    p.start()
    while True:
        try:
            res = q.get(timeout=5)
            break
        except Exception:  # noqa: BLE001 - queue.Empty: is the child still alive?
            if not p.is_alive():
                raise RuntimeError(f"benchmark child failed (exit {p.exitcode})") from None
    p.join()
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True, help="a folder of exports")
    ap.add_argument("--cache", type=Path, default=None, help="loader cache folder")
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()
    t = time.perf_counter()
    fill = measure_fill(str(args.data), args.cache and str(args.cache))
    print(f"tables ready in {time.perf_counter() - t:.1f} s ({fill})")
    ours = measure(str(args.data), args.cache and str(args.cache), args.year, naive=False)
    print(f"metric set, year {args.year}, {ours[3]:,} input rows (skp+roster+competency+training)")
    print(f"  ours (categoricals, Arrow strings)  {ours[1]:7.2f} s  peak RSS {ours[2]:5.2f} GB"
          f"  (tables read in {ours[0]:.1f} s)", flush=True)  # fmt: skip
    naive = measure(str(args.data), args.cache and str(args.cache), args.year, naive=True)
    print(f"  naive (object dtype)                {naive[1]:7.2f} s  peak RSS {naive[2]:5.2f} GB"
          f"  (tables read in {naive[0]:.1f} s)")  # fmt: skip
    print(f"  ratio naive/ours: time {naive[1] / ours[1]:.2f}x, memory {naive[2] / ours[2]:.2f}x")
    print(f"  outputs: {ours[4]}")


def _fill(data: str, cache: str | None, q) -> None:
    import kediri_analytics as ka

    # one file at a time: a national CSV typed in memory needs several GB on its own
    ds = ka.load_folder(data, cache_dir=cache, tables=NEEDED, progress=print, jobs=1)
    q.put(f"roster {len(ds.roster):,} rows, skp {len(ds.skp):,}")


def measure_fill(data: str, cache: str | None) -> str:
    """Load once in a child process so the cache is warm (the parent stays small)."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_fill, args=(data, cache, q))
    p.start()
    out = q.get()
    p.join()
    return out


if __name__ == "__main__":
    main()
