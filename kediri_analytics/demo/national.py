"""National-size demo data for the benchmarks: many simulated agencies, latest year, CSV only.

A single simulated city does not scale to 4.5 million ASN on a laptop (the six-year panel alone
would need tens of GB). A national data set is therefore built as *tiles*: independent
agencies ("instansi") of at most :data:`TILE_SCALE` each, simulated one by one in worker
processes, and appended to the same files. Tile 0 is Kota Kediri itself; the others are
"Instansi Sintetis NNN", with their OPD names suffixed so that OPDs stay distinct nationally.

Only the tables the benchmarks need are written, for the latest year: the SIASN roster, the
e-Kinerja annual ratings, the per-competency assessment recap and the training list. Every
file is CSV (Excel holds at most 1,048,576 rows). NIPs are unique across tiles: the 3-digit
serial of tile ``k`` out of ``T`` is ``(serial - 1) * T + k + 1``. Each tile carries the same
kinds of defects as the city demo; the manifest counts them per file and kind instead of
listing millions of rows.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import __version__
from ..core.files import sha256_of
from . import competency, ekinerja, siasn, training
from .catalog import GENERATOR, MANIFEST
from .layout import Export
from .outcomes import build_outcomes
from .world import YEARS, World, build_world
from .writer import csv_frame

#: Largest scale simulated as one agency; larger scales are split into tiles of equal size.
TILE_SCALE = 40.0
YEAR = YEARS[-1]
KEDIRI_INSTANSI = "Pemerintah Kota Kediri"


class SerialOverflow(Exception):
    """Too many tiles for the 3-digit NIP serial."""


def tiles_for(scale: float, tile_scale: float = TILE_SCALE) -> tuple[int, float]:
    """Number of tiles and the scale of each for a national ``scale``."""
    n = max(1, math.ceil(scale / tile_scale - 1e-9))
    return n, scale / n


def instansi_name(k: int) -> str:
    """The name of synthetic agency number ``k`` (0 is Kota Kediri) in the national demo."""
    return KEDIRI_INSTANSI if k == 0 else f"Instansi Sintetis {k:03d}"


def _retag(w: World, k: int, tiles: int) -> World:
    """Make tile ``k``'s NIPs and OPD names distinct from every other tile's."""
    people = w.people.copy()
    nip = people["nip"].astype(str)
    serial = nip.str[15:].astype(int)
    new = (serial - 1) * tiles + k + 1
    if int(new.max()) > 999:
        raise SerialOverflow(
            f"tile {k} of {tiles}: NIP serial {int(new.max())} exceeds 999; use fewer tiles"
        )
    people["nip"] = nip.str[:15] + new.map("{:03d}".format)
    opd = w.opd.copy()
    if k:
        opd["nama"] = opd["nama"] + f" ({instansi_name(k)})"
    return dataclasses.replace(w, people=people, opd=opd)


def tile_exports(seed: int, k: int, tiles: int, scale: float) -> list[Export]:
    """The national files' share written by tile ``k`` (deterministic for seed, k, tiles)."""
    tile_seed = seed * 100_000 + k
    w = _retag(build_world(tile_seed, scale), k, tiles)
    o = build_outcomes(w, np.random.default_rng([tile_seed, round(scale * 1000), 1]))
    o = dataclasses.replace(o, training=o.training[o.training["year"].eq(YEAR)])
    rng = np.random.default_rng([tile_seed, round(scale * 1000), 200])
    out = [
        siasn._roster(w, YEAR, rng),
        ekinerja._annual(w, o, YEAR, rng),
        competency._long(w, o, YEAR, rng),
        *training.exports(w, o, rng),
    ]
    name = instansi_name(k)
    for ex in out:
        sh = ex.sheet()
        for col in ("INSTANSI INDUK NAMA", "INSTANSI KERJA NAMA"):
            if col in sh.body:
                sh.body[col] = name
        if ex.fmt != "csv":  # a flat CSV with the header on row 1
            ex.fmt, ex.sep, ex.encoding = "csv", ",", "utf-8"
            sh.header, sh.title = [sh.header[-1]], []
        ex.path = NATIONAL_PATHS[ex.kind]
    return out


NATIONAL_PATHS = {
    "siasn_roster": f"siasn/Data_ASN_Nasional_{YEAR}.csv",
    "ekinerja_penilaian": f"ekinerja/Laporan_Penilaian_SKP_Tahunan_{YEAR}_Nasional.csv",
    "competency_long": f"kompetensi/Hasil_Asesmen_{YEAR}_per_kompetensi_Nasional.csv",
    "training": f"pelatihan/Riwayat_Pelatihan_ASN_{YEAR}_Nasional.csv",
}


def _write_tile(args) -> dict:
    """Write tile ``k``'s rows to part files; return its counts (runs in a worker process)."""
    seed, k, tiles, scale, tmp = args
    counts: dict = {"_opd": 0}
    for ex in tile_exports(seed, k, tiles, scale):
        sh = ex.sheet()
        b = sh.body
        part = Path(tmp) / f"{ex.path}.part{k:05d}"
        part.parent.mkdir(parents=True, exist_ok=True)
        header = sh.header if k == 0 else []
        enc = ex.encoding if k == 0 else ex.encoding.removesuffix("-sig")  # one BOM, at the top
        with open(part, "w", encoding=enc, newline="") as f:
            csv_frame(f, b, header, ex.sep, ex.newline)
        data = b[b["_kind"].eq("data")]
        if ex.kind == "siasn_roster":
            counts["_opd"] = int(data["_opd"].nunique())
        counts[ex.path] = {
            "kind": ex.kind,
            "delimiter": ex.sep,
            "encoding": ex.encoding,
            "data": int(len(data)),
            "loaded": int(data["_outcome"].isin(["load", "warn"]).sum()),
            "rejected": int(data["_outcome"].eq("reject").sum()),
            "dropped": int(data["_outcome"].eq("drop").sum()),
            "warned": int(data["_outcome"].eq("warn").sum()),
            "skipped": {
                str(a): int(c)
                for a, c in b.loc[~b["_kind"].eq("data"), "_kind"].value_counts().items()
            },
            "defects": pd.Series([d["kind"] for d in ex.defects], dtype=object)
            .value_counts()
            .to_dict(),
            "people": int(data["_nip"].nunique()),
            "valid_nips": int(data.loc[data["_outcome"].isin(["load", "warn"]), "_nip"].nunique()),
        }
    return counts


def generate_national(
    seed: int,
    scale: float,
    tmp: Path,
    jobs: int | None = None,
    tile_scale: float = TILE_SCALE,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write the national files into the fresh folder ``tmp``; return the manifest."""
    say = progress or (lambda _m: None)
    tiles, each = tiles_for(scale, tile_scale)
    jobs = jobs if jobs is not None else min(4, os.cpu_count() or 1)
    say(f"national layout: {tiles} agencies of scale {each:g}, {YEAR} only, CSV")
    args = [(seed, k, tiles, each, str(tmp)) for k in range(tiles)]
    if jobs <= 1 or tiles == 1:
        results = []
        for a in args:
            results.append(_write_tile(a))
            say(f"agency {a[1] + 1}/{tiles} written")
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = []
            for r in pool.map(_write_tile, args):
                results.append(r)
                say(f"agency {len(results)}/{tiles} written")
    files = []
    for path in sorted(NATIONAL_PATHS.values()):
        parts = sorted((tmp / path).parent.glob(Path(path).name + ".part*"))
        with open(tmp / path, "wb") as dst:
            for p in parts:
                with open(p, "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 22)
                p.unlink()
        per = [r[path] for r in results]
        rows = {
            key: sum(c[key] for c in per)
            for key in ("data", "loaded", "rejected", "dropped", "warned")
        }
        skipped: dict[str, int] = {}
        defects: dict[str, int] = {}
        for c in per:
            for a, n in c["skipped"].items():
                skipped[a] = skipped.get(a, 0) + n
            for a, n in c["defects"].items():
                defects[a] = defects.get(a, 0) + n
        files.append(
            {
                "path": path,
                "kind": per[0]["kind"],
                "format": "csv",
                "sha256": sha256_of(tmp / path),
                "bytes": (tmp / path).stat().st_size,
                "sheet": None,
                "header_row": 1,
                "first_data_row": 2,
                "delimiter": per[0]["delimiter"],
                "encoding": per[0]["encoding"],
                "facts": {"year": YEAR},
                "rows": {**rows, "skipped": dict(sorted(skipped.items()))},
                "defects_by_kind": dict(sorted(defects.items())),
                "distinct_valid_nips": sum(c["valid_nips"] for c in per),
                "people": sum(c["people"] for c in per),
            }
        )
    roster = next(f for f in files if f["kind"] == "siasn_roster")
    opd_count = sum(r["_opd"] for r in results)
    manifest = {
        "generator": GENERATOR,
        "version": __version__,
        "seed": seed,
        "scale": scale,
        "layout": "national",
        "years": [YEAR],
        "note": "Synthetic data: every person, NIP and name here is invented.",
        "agencies": [instansi_name(k) for k in range(tiles)],
        "tile_scale": each,
        "files": files,
        "defects": [],
        "truth": {
            "roster": {str(YEAR): {"people": roster["people"], "opd": opd_count}},
            "rows": {f["path"]: f["rows"]["loaded"] for f in files},
        },
    }
    (tmp / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest
