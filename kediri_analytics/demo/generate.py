"""Generate the demo export folder and its MANIFEST.json, atomically."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import __version__, collector
from ..core.files import sha256_of
from ..metrics.keys import isin
from . import (
    agency_tables,
    competency,
    duk,
    ekinerja,
    legacy_skp,
    merit_assessment,
    siasn,
    training,
)
from .catalog import GENERATOR, MANIFEST
from .layout import Export, finalize
from .national import TILE_SCALE, generate_national
from .outcomes import build_outcomes
from .world import YEARS, World, build_world
from .writer import EXCEL_MAX_ROWS, write

#: one module per export kind, in a fixed order (each gets its own random stream)
KINDS = (ekinerja, legacy_skp, siasn, duk, competency, training, merit_assessment, agency_tables)
PARALLEL_MIN_CELLS = 400_000  # below this, starting worker processes costs more than it saves


class TargetNotEmpty(Exception):
    """The output folder holds files the generator did not write."""


def is_demo_folder(path: Path) -> bool:
    """Whether ``path`` is a folder this generator wrote (it has our MANIFEST.json)."""
    m = path / MANIFEST
    try:
        return json.loads(m.read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def generate(
    out: str | os.PathLike,
    seed: int = 2024,
    scale: float = 1.0,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    tile_scale: float = TILE_SCALE,
) -> dict:
    """Write the synthetic exports for ``seed`` and ``scale`` into ``out``; return the manifest.

    Parameters
    ----------
    out : path-like
        Target folder. It must be missing, empty or an earlier demo folder, unless ``force``.
    seed, scale : int, float
        Same seed and scale give byte-identical files. Scale 1.0 is a city of ~5,500 ASN.
        Above ``tile_scale`` (40) the national layout is written instead: one simulated
        agency per tile, the latest year only, CSV only (see :mod:`.national`); scale 800 is
        about 4.5 million ASN.
    force : bool
        Replace a non-empty folder the generator did not create.
    jobs : int, optional
        Worker processes for writing files (default: number of CPUs, at most 4).
    progress : callable, optional
        Called with a short message at each stage.
    tile_scale : float
        Largest scale simulated as one agency (tests lower it to exercise the national path).
    """
    say = progress or (lambda _msg: None)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TargetNotEmpty(f"{out} exists and is not a folder.")
    if out.is_dir() and any(out.iterdir()) and not is_demo_folder(out) and not force:
        raise TargetNotEmpty(
            f"{out} is not empty and was not created by demo-data (no {MANIFEST} from it). "
            "Choose another --out, empty the folder, or pass --force to replace it."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        with collector.batch():  # millions of cells held until each workbook is closed
            if scale > tile_scale:
                manifest = generate_national(seed, scale, tmp, jobs, tile_scale, say)
            else:
                manifest = _generate_city(seed, scale, tmp, jobs, say)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"wrote {len(manifest['files'])} files and {MANIFEST} to {out}")
    return manifest


def _generate_city(seed: int, scale: float, tmp: Path, jobs: int | None, say) -> dict:
    """One simulated city, all years and all export kinds (scale up to the tile scale)."""
    say(f"simulating the population (seed {seed}, scale {scale:g})")
    world = build_world(seed, scale)
    outcomes = build_outcomes(world, np.random.default_rng([seed, round(scale * 1000), 1]))
    exports: list[Export] = []
    for i, mod in enumerate(KINDS):
        exports += mod.exports(
            world, outcomes, np.random.default_rng([seed, round(scale * 1000), 100 + i])
        )
    for ex in exports:
        _fit_format(ex)
        finalize(ex)
    say(f"writing {len(exports)} files")
    _write_all(exports, tmp, jobs)
    manifest = build_manifest(world, outcomes, exports, tmp, seed, scale)
    (tmp / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _fit_format(ex: Export) -> None:
    """Excel cannot hold more than 1,048,576 rows: such an export is written as CSV instead."""
    sh = ex.sheet()
    if ex.fmt in ("xlsx", "xls") and len(sh.body) + sh.first_body_row > EXCEL_MAX_ROWS:
        ex.fmt, ex.path = "csv", str(Path(ex.path).with_suffix(".csv"))
        ex.sheets = [sh]
        sh.header = [_flat_header(sh)]
        sh.title, sh.merges = [], []
        ex.facts["header_row"] = 1
        ex.facts["written_as_csv_because"] = "more rows than an Excel sheet holds"


def _flat_header(sh) -> list:
    """One header row from a multi-row header (parent / child)."""
    cols = [c for c in sh.body.columns if not str(c).startswith("_")]
    names = []
    for c in range(len(cols)):
        parts = [r[c] for r in sh.header if c < len(r) and r[c] not in (None, "")]
        names.append(" ".join(str(p) for p in parts) or str(cols[c]))
    return names


def _write_one(args) -> str:
    ex, root = args
    return str(write(ex, Path(root)))


def _write_all(exports: list[Export], root: Path, jobs: int | None) -> None:
    cells = sum(len(ex.sheet().body) * ex.sheet().body.shape[1] for ex in exports)
    jobs = jobs if jobs is not None else min(4, os.cpu_count() or 1)
    order = sorted(exports, key=lambda e: -len(e.sheet().body) * e.sheet().body.shape[1])
    if jobs <= 1 or cells < PARALLEL_MIN_CELLS:
        for ex in order:
            write(ex, root)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_write_one, [(ex, str(root)) for ex in order]))


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished folder in place; an old demo folder is removed only after the rename."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ----------------------------------------------------------------------------- manifest


def _is_loaded(body: pd.DataFrame) -> np.ndarray:
    """Rows the loader keeps: data rows that load, with or without a warning."""
    return (body["_kind"].eq("data") & body["_outcome"].isin(["load", "warn"])).to_numpy(bool)


def _loaded(body: pd.DataFrame, column: str | None = None):
    """The rows the loader keeps (of ``column`` only, when given: no copy of the others)."""
    keep = _is_loaded(body)
    return body[keep] if column is None else body[column][keep]


def _file_entry(ex: Export, root: Path) -> dict:
    sh = ex.sheet()
    b = sh.body
    data = b["_kind"].eq("data").to_numpy(bool)
    outcome = b["_outcome"]
    pos = np.arange(len(b)) + sh.first_body_row
    column, reason = b["_column"].to_numpy(object), b["_reason"].to_numpy(object)

    def is_(value: str) -> np.ndarray:
        return data & outcome.eq(value).to_numpy(bool)

    def rows_of(value: str) -> list[dict]:
        sel = is_(value)
        return [
            {"row": int(r), "column": c, "reason": x}
            for r, c, x in zip(pos[sel], column[sel], reason[sel], strict=True)
        ]

    skipped = b.loc[~data, "_kind"].value_counts().sort_index()
    loaded = _is_loaded(b)
    nips = b["_nip"][loaded].dropna()
    path = root / ex.path
    return {
        "path": ex.path,
        "kind": ex.kind,
        "format": ex.fmt,
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
        "sheets": [s.name for s in ex.sheets] if ex.fmt != "csv" else [],
        "sheet": sh.name if ex.fmt != "csv" else None,
        "header_row": len(sh.title) + 1,
        "first_data_row": sh.first_body_row,
        "delimiter": ex.sep if ex.fmt == "csv" else None,
        "encoding": ex.encoding if ex.fmt == "csv" else None,
        "facts": ex.facts,
        "rows": {
            "data": int(data.sum()),
            "loaded": int(loaded.sum()),
            "rejected": int(is_("reject").sum()),
            "dropped": int(is_("drop").sum()),
            "warned": int(is_("warn").sum()),
            "skipped": {str(k): int(v) for k, v in skipped.items()},
        },
        "rejected": rows_of("reject"),
        "dropped": rows_of("drop"),
        "warnings": rows_of("warn"),
        "distinct_valid_nips": int(nips.nunique()),
    }


def _distribution(bodies: list[pd.DataFrame], label: str, missing: str) -> list[dict]:
    if not bodies:
        return []
    b = pd.concat([_loaded(x) for x in bodies], ignore_index=True)
    if "_acting" in b:
        b = b[~b["_acting"].astype(bool)]
    g = (
        b.assign(v=b[label].fillna(missing))
        .groupby(["_year", "_opd", "v"])
        .size()
        .reset_index(name="count")
        .sort_values(["_year", "_opd", "v"])
    )
    return [
        {"year": int(y), "opd": o, label.strip("_"): v, "count": int(c)}
        for y, o, v, c in g.itertuples(index=False)
    ]


def _monthly_compliance(w: World, exports: list[Export]) -> list[dict]:
    """Per month of the monthly exports: who in that year's roster, in service by the month's
    end, has an SKP document or a monthly row, an approved document in force, a rating.

    A person is counted once, in the OPD of their monthly row, else of the document in force,
    else of the roster. People in e-Kinerja but not in the roster are counted apart.
    """
    monthly = {
        ex.facts["month"]: _loaded(ex.sheet().body)
        for ex in exports
        if ex.kind == "ekinerja_penilaian" and "month" in ex.facts
    }
    if not monthly:
        return []
    year = next(ex.facts["year"] for ex in exports if "month" in ex.facts)
    docs = pd.concat(
        [
            _loaded(ex.sheet().body)
            for ex in exports
            if ex.kind == "ekinerja_dokumen" and ex.facts["year"] == year
        ]
    )
    docs = docs[~docs["_acting"].astype(bool)]
    people = w.people.set_index("pid")
    # only people expected to report (kedudukan hukum Aktif) are counted
    panel = w.panel[(w.panel["year"] == year) & w.panel["kedudukan"].eq("Aktif")]
    roster = pd.DataFrame(
        {
            "nip": panel["pid"].map(people["nip"]).to_numpy(),
            "tmt": pd.to_datetime(panel["pid"].map(people["tmt_cpns"])).to_numpy(),
            "opd": panel["opd_id"].map(w.opd["nama"]).to_numpy(),
            "jenis_pegawai": panel["jenis_pegawai"].to_numpy(),
        }
    )
    # the roster as it loads: rows the loader rejects (a damaged NIP) are not in it
    siasn = [
        _loaded(ex.sheet().body, "_nip")
        for ex in exports
        if ex.kind == "siasn_roster" and ex.facts.get("year") == year
    ]
    if siasn:
        roster = roster[isin(roster["nip"], pd.concat(siasn))]
    out = []
    for month in sorted(monthly):
        end = pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)
        m = monthly[month]
        m = m[~m["_acting"].astype(bool)].drop_duplicates("_nip", keep="last").set_index("_nip")
        d = docs[pd.to_datetime(docs["_begin"]) <= end].sort_values("_begin", kind="stable")
        d = d.drop_duplicates("_nip", keep="last").set_index("_nip")
        r = roster[roster["tmt"] <= end].set_index("nip")
        has = isin(r.index, m.index) | isin(r.index, d.index)
        approved = r.index.map(d["_status"].eq("Persetujuan")).fillna(False).astype(bool)
        rated = r.index.map(m["_predikat"].notna()).fillna(False).astype(bool)
        opd = r.index.map(m["_opd"]).to_series(index=r.index)
        opd = opd.fillna(r.index.map(d["_opd"]).to_series(index=r.index)).fillna(r["opd"])
        f = r.assign(
            opd=opd.to_numpy(), has=has, approved=np.asarray(approved), rated=np.asarray(rated)
        )
        seen = m.index.union(d.index)

        def counts(g: pd.DataFrame) -> dict:
            return {
                "asn": int(len(g)),
                "has_skp": int(g["has"].sum()),
                "no_skp": int((~g["has"]).sum()),
                "approved": int(g["approved"].sum()),
                "rated": int(g["rated"].sum()),
            }

        out.append(
            {
                "year": int(year),
                "month": int(month),
                **counts(f),
                "not_in_roster": int((~isin(seen, r.index) & ~isin(seen, roster["nip"])).sum()),
                "by_jenis_pegawai": {k: counts(g) for k, g in f.groupby("jenis_pegawai")},
                "by_opd": {k: counts(g) for k, g in f.groupby("opd")},
            }
        )
    return out


def build_manifest(w: World, o, exports: list[Export], root: Path, seed: int, scale: float) -> dict:
    """The manifest: every file with its hash and expected loader outcome, plus the truth."""
    files = [_file_entry(ex, root) for ex in sorted(exports, key=lambda e: e.path)]
    defects = [
        {"file": ex.path, **d} for ex in sorted(exports, key=lambda e: e.path) for d in ex.defects
    ]
    by_kind: dict[str, list[pd.DataFrame]] = {}
    for ex in exports:
        by_kind.setdefault(ex.kind, []).append(ex.sheet().body)
    annual = [
        ex.sheet().body
        for ex in exports
        if ex.kind == "ekinerja_penilaian" and ex.facts.get("period") == "Tahunan"
    ]
    monthly = [
        ex.sheet().body
        for ex in exports
        if ex.kind == "ekinerja_penilaian" and ex.facts.get("period") != "Tahunan"
    ]
    all_nips = pd.concat([_loaded(ex.sheet().body, "_nip") for ex in exports]).dropna()
    people = w.panel.merge(w.people[["pid"]], on="pid")
    roster = {
        int(y): {
            "people": int(len(g)),
            **{k: int(v) for k, v in g["jenis_pegawai"].value_counts().sort_index().items()},
            "opd": int(g["opd_id"].nunique()),
        }
        for y, g in people.groupby("year")
    }
    skp_people = o.skp[~o.skp["acting"]].groupby("year")["pid"].apply(set)
    # "belum membuat SKP" counts only people expected to report (kedudukan hukum Aktif)
    no_skp = {
        int(y): int(len(set(g.loc[g["kedudukan"].eq("Aktif"), "pid"]) - skp_people.get(y, set())))
        for y, g in w.panel.groupby("year")
        if y in skp_people.index
    }
    inactive = w.panel[w.panel["kedudukan"].ne("Aktif")]
    not_expected = {
        int(y): {
            "people": int(len(g)),
            "by_status": {k: int(v) for k, v in g["kedudukan"].value_counts().sort_index().items()},
            "by_jenis_pegawai": {
                k: int(v) for k, v in g["jenis_pegawai"].value_counts().sort_index().items()
            },
        }
        for y, g in inactive.groupby("year")
    }
    merit = o.merit.assign(skor=o.merit["bobot"] * o.merit["nilai"]).groupby("year")["skor"].sum()
    aspects = (
        o.merit.assign(skor=o.merit["bobot"] * o.merit["nilai"])
        .groupby(["year", "aspek_no", "aspek"])["skor"]
        .sum()
        .reset_index()
    )
    monthly_truth = []
    for b in monthly:
        lb = _loaded(b)
        lb = lb[~lb["_acting"].astype(bool)]
        monthly_truth.append(
            {
                "period": str(lb["_period"].iloc[0]),
                "rows": int(len(lb)),
                "rated": int(lb["_predikat"].notna().sum()),
                "not_rated": int(lb["_predikat"].isna().sum()),
            }
        )
    return {
        "generator": GENERATOR,
        "version": __version__,
        "seed": seed,
        "scale": scale,
        "years": list(YEARS),
        "note": "Synthetic data: every person, NIP and name here is invented.",
        "files": files,
        "defects": defects,
        "truth": {
            "distinct_people": int(w.people["pid"].nunique()),
            "distinct_valid_nips": int(all_nips.nunique()),
            "roster": roster,
            "opd": sorted(w.opd["nama"].tolist()),
            "people_without_skp": no_skp,
            "not_expected": not_expected,
            "predikat_distribution": _distribution(annual, "_predikat", "Belum Dinilai"),
            "legacy_distribution": _distribution(
                by_kind.get("legacy_skp", []), "_sebutan", "Belum Dinilai"
            ),
            "skp_monthly": monthly_truth,
            "skp_compliance_monthly": _monthly_compliance(w, exports),
            "training_events_by_type": {
                int(y): {str(k): int(v) for k, v in g["jenis"].value_counts().sort_index().items()}
                for y, g in o.training.groupby("year")
            },
            "predikat_matrix_disagreements": {
                ex.path: sum(d["kind"] == "predikat_matrix_mismatch" for d in ex.defects)
                for ex in sorted(exports, key=lambda e: e.path)
                if any(d["kind"] == "predikat_matrix_mismatch" for d in ex.defects)
            },
            "asn_award_nominations": {
                int(ex.facts["year"]): {
                    k: ex.facts[k]
                    for k in (
                        "over_limit",
                        "without_recommendation",
                        "berkinerja_nominees_joined_this_year",
                    )
                    if k in ex.facts
                }
                for ex in exports
                if ex.kind == "asn_award_nominations"
            },
            "competency_assessed": {
                int(y): int(n) for y, n in o.assessments.groupby("year").size().items()
            },
            "merit": [
                {"year": int(y), "score": float(s), "index": round(float(s) / 400, 3)}
                for y, s in merit.items()
            ],
            "merit_aspects": [
                {
                    "year": int(r.year),
                    "aspek_no": int(r.aspek_no),
                    "aspek": r.aspek,
                    "score": float(r.skor),
                }
                for r in aspects.itertuples(index=False)
            ],
        },
    }
