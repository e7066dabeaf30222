"""Benchmark: the metric set (`kediri_analytics.metrics.compute_all`) on national-size data,
against a naive object-dtype run of the same functions measured in the same run.

Each variant runs in a fresh process that reads the typed tables from the loader's Parquet
cache and computes every metric; its wall time (tables read excluded, reported apart) and
peak RSS (including the tables) are printed:

- ``compact``: the national recipe: the join and grouping keys compacted once
  (``metrics.as_keys``: integer NIP, categorical OPD, jabatan, kompetensi) and the text tables
  let go before computing (the key cast is in the time);
- ``as loaded``: ``compute_all`` on the tables as loaded, which casts the keys itself while
  the caller still holds the text tables;
- ``naive``: every text column as Python objects, no key cast.

Several ``--data`` folders (the national layout at scales 100, 200, 400, 800) give a table of
how time and memory grow. ``--duckdb`` also times one heavy join (SKP compliance per OPD:
the year's roster against the SKP rows) in DuckDB straight from the Parquet cache against the
same metric in pandas (needs ``pip install duckdb``; not a dependency of the package).
Targets (under 20 s, under 4 GB at scale 800) are read off the output, never asserted.

Usage:
  kediri-analytics demo-data --out data/national --scale 800     # once: 8.5 min, 7.3 GB
  python bench/bench_metrics.py --data data/national             # first run fills the cache
  python bench/bench_metrics.py --data data/national-100 --data data/national --cache C
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
    "skp": [
        "nip",
        "year",
        "period",
        "acting",
        "predikat",
        "sebutan",
        "regime",
        "rated",
        "periode_akhir",
        "opd",
        "nilai",
    ],
    "roster": [
        "year",
        "nip",
        "nama",
        "opd",
        "education",
        "jabatan",
        "jenis_jabatan",
        "jenis_pegawai",
    ],
    "assessments": ["year", "nip", "jpm", "potensi", "tanggal", "jenis_asesmen"],
    "competency": ["year", "opd", "kompetensi", "nip", "required", "assessed"],
    "training": ["year", "nip", "jp"],
    "training_events": ["year", "nip", "jenis", "pelatihan", "jp"],  # IP ASN kompetensi
    "discipline": ["nip", "year", "tingkat"],
    "skp_documents": ["nip", "year", "acting", "approved"],
}
# only the tables the metric set reads
NEEDED = (
    "skp",
    "skp_documents",
    "roster",
    "assessments",
    "competency",
    "training",
    "training_events",
    "discipline",
    "opd_predikat",
    "requirements",
)
VARIANTS = ("compact", "as loaded", "naive")


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


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # kB -> GB (Linux)


def _run(data: str, cache: str | None, year: int, variant: str, q) -> None:
    import kediri_analytics as ka
    from kediri_analytics.metrics import as_keys, compute_all

    t = time.perf_counter()
    ds = ka.load_folder(data, cache_dir=cache, tables=NEEDED, jobs=1, columns=COLUMNS)
    tables = {k: ds.tables[k] for k in NEEDED}
    del ds
    if variant == "naive":
        tables = _objectify(tables)
    t_read = time.perf_counter() - t
    rows = sum(len(tables[k]) for k in ("skp", "roster", "competency", "training"))
    t = time.perf_counter()
    if variant == "compact":
        tables = as_keys(tables)  # the text tables are let go here
    out = compute_all(tables, year, categorize=variant != "naive")
    t_metrics = time.perf_counter() - t
    q.put((t_read, t_metrics, _rss(), rows, {k: len(v) for k, v in out.items()}))


def _compliance_pandas(data: str, cache: str | None, year: int, q) -> None:
    import kediri_analytics as ka
    from kediri_analytics.metrics import as_keys, performance

    cols = {k: COLUMNS[k] for k in ("roster", "skp", "skp_documents")}
    ds = ka.load_folder(data, cache_dir=cache, tables=tuple(cols), jobs=1, columns=cols)
    t = time.perf_counter()
    tabs = as_keys({k: ds.tables[k] for k in cols})
    del ds
    out = performance.compliance(tabs["roster"], tabs["skp"], tabs["skp_documents"], year)
    q.put((time.perf_counter() - t, _rss(), _counts(out)))


def _set_of(cache: str, data: str) -> Path:
    """The loader cache's combined entry of the files in ``data`` (found through the cache's
    stat index: path, size, modification time -> sha256)."""
    import json

    import pyarrow.parquet as pq

    known = json.loads((Path(cache) / "stat-index.json").read_text(encoding="utf-8"))
    shas = set()
    for f in Path(data).rglob("*"):
        if f.is_file():
            st = f.stat()
            shas.add(known.get(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}"))
    for d in Path(cache).glob("sets/*/*"):
        have = set(pq.read_table(d / "_files.parquet", columns=["sha256"]).column(0).to_pylist())
        if have - {None} and have - {None} <= shas:
            return d
    raise RuntimeError(f"no cache entry for {data} in {cache}")


def _compliance_duckdb(cache: str, data: str, year: int, q) -> None:
    import duckdb

    d = _set_of(cache, data)
    t = time.perf_counter()
    con = duckdb.connect()
    docs = (
        ""
        if not (d / "skp_documents.parquet").is_file()
        else f"""
        UNION ALL SELECT CAST(nip AS BIGINT) AS nip, false AS rated, approved
        FROM read_parquet('{d}/skp_documents.parquet') WHERE year = {year} AND NOT acting"""
    )
    out = con.sql(f"""
        WITH r AS (
          SELECT nip, opd FROM (
            SELECT CAST(nip AS BIGINT) AS nip, opd,
                   row_number() OVER (PARTITION BY nip ORDER BY file_row_number) AS k
            FROM read_parquet('{d}/roster.parquet', file_row_number = true)
            WHERE year = {year}) WHERE k = 1),
        s AS (
          SELECT nip, bool_or(rated) AS rated, bool_or(approved) AS approved FROM (
            SELECT CAST(nip AS BIGINT) AS nip, rated, false AS approved
            FROM read_parquet('{d}/skp.parquet')
            WHERE year = {year} AND period = 'Tahunan' AND NOT acting {docs})
          GROUP BY nip)
        SELECT r.opd, count(*) AS asn, count(s.nip) AS has_skp,
               count(*) FILTER (WHERE s.approved) AS approved,
               count(*) FILTER (WHERE s.rated) AS rated
        FROM r LEFT JOIN s USING (nip) GROUP BY r.opd""").df()
    q.put((time.perf_counter() - t, _rss(), _counts(out)))


def _counts(df) -> dict:
    """opd -> (asn, has_skp, approved, rated), to compare two implementations."""
    return {
        str(r.opd): (int(r.asn), int(r.has_skp), int(r.approved), int(r.rated))
        for r in df.itertuples()
    }


def measure(target, *args):
    """``target(*args, queue)`` in a fresh spawned process; what it put in the queue."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
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
    ap.add_argument(
        "--data",
        type=Path,
        action="append",
        required=True,
        help="a folder of exports (repeat for a table over scales)",
    )
    ap.add_argument("--cache", type=Path, default=None, help="loader cache folder")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated")
    ap.add_argument("--duckdb", action="store_true", help="also time compliance in DuckDB")
    args = ap.parse_args()
    cache = args.cache and str(args.cache)
    variants = [v.strip() for v in args.variants.split(",")]
    table = []
    for data in args.data:
        t = time.perf_counter()
        fill = measure_fill(str(data), cache)
        print(f"{data}: tables ready in {time.perf_counter() - t:.1f} s ({fill})", flush=True)
        res = {}
        for v in variants:
            res[v] = measure(_run, str(data), cache, args.year, v)
            r = res[v]
            print(
                f"  {v:10s} {r[1]:7.2f} s  peak RSS {r[2]:5.2f} GB  (tables read in "
                f"{r[0]:.1f} s; {r[3]:,} input rows)",
                flush=True,
            )
        if "naive" in res and "compact" in res:
            n, c = res["naive"], res["compact"]
            print(f"  ratio naive/compact: time {n[1] / c[1]:.2f}x, memory {n[2] / c[2]:.2f}x")
        print(f"  outputs: {next(iter(res.values()))[4]}")
        table.append((data, res))
        if args.duckdb and cache:
            pd_t, pd_rss, pd_out = measure(_compliance_pandas, str(data), cache, args.year)
            dk_t, dk_rss, dk_out = measure(_compliance_duckdb, cache, str(data), args.year)
            print(
                f"  compliance per OPD: pandas (tables read, keys compacted) {pd_t:.2f} s, "
                f"peak {pd_rss:.2f} GB; DuckDB from the Parquet cache {dk_t:.2f} s, peak "
                f"{dk_rss:.2f} GB; same counts: {pd_out == dk_out}"
            )
    if len(table) > 1:
        print(
            "\n| data | input rows | " + " | ".join(f"{v} time | {v} peak" for v in variants) + " |"
        )
        print("|---|---|" + "---|---|" * len(variants))
        for data, res in table:
            cells = " | ".join(f"{res[v][1]:.1f} s | {res[v][2]:.2f} GB" for v in variants)
            print(f"| {data.name} | {next(iter(res.values()))[3]:,} | {cells} |")


def _fill(data: str, cache: str | None, q) -> None:
    import kediri_analytics as ka

    # one file at a time: a national CSV typed in memory needs several GB on its own
    ds = ka.load_folder(data, cache_dir=cache, tables=NEEDED, progress=print, jobs=1)
    q.put(f"roster {len(ds.roster):,} rows, skp {len(ds.skp):,}")


def measure_fill(data: str, cache: str | None) -> str:
    """Load once in a child process so the cache is warm (the parent stays small)."""
    return measure(_fill, data, cache)


if __name__ == "__main__":
    main()
