"""Talent management: 9-box placement from kinerja and potensi, and pool sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from .keys import latest_per_person, lookup
from .outputs import check


def nine_box_placement(
    annual: pd.DataFrame, assessments: pd.DataFrame, year: int, rules_dir=None
) -> pd.DataFrame:
    """Per ASN with a rated annual predikat in ``year`` and a potensi score from their latest
    assessment up to that year: kinerja axis, potensi level and box 1-9. People lacking either
    are listed with ``box`` missing and a ``reason``."""
    d = rules.nine_box(rules_dir)
    layout, kin_map, pb = d.layout, d.kinerja_from_predikat, rules.cutoffs(d.potensi_bands)
    cols = ["nip", "nama", "opd", "predikat", "rated"]
    x = annual.loc[annual["year"] == year, cols].reset_index(drop=True)
    x["potensi"] = lookup(x["nip"], latest_per_person(assessments, year, "potensi")).to_numpy()
    kl, pl = d.kinerja_levels, d.potensi_levels
    # codes, never strings, for millions of rows: predikat code -> kinerja code
    pred = x["predikat"]
    if not isinstance(pred.dtype, pd.CategoricalDtype):
        pred = pred.astype("category")
    to_k = np.array(
        [kl.index(kin_map[c]) if c in kin_map else -1 for c in pred.cat.categories] + [-1]
    )
    pcode = pred.cat.codes.to_numpy()
    kc = np.where(x["rated"].to_numpy(bool) & (pcode >= 0), to_k[pcode], -1)
    pot_v = pd.to_numeric(x["potensi"], errors="coerce").astype(float).to_numpy()
    bounds = sorted(pb)  # (min, label) lowest first
    pc = np.searchsorted([lo for lo, _ in bounds], pot_v, side="right") - 1
    pc = np.where(
        np.isnan(pot_v) | (pc < 0),
        -1,
        np.array([pl.index(label) for _, label in bounds])[pc.clip(0)],
    )
    grid = np.array([[layout[p][k] for k in kl] for p in pl], dtype=float)
    box = np.where((kc >= 0) & (pc >= 0), grid[pc.clip(0), kc.clip(0)], np.nan)
    kin = pd.Categorical.from_codes(kc, categories=kl)
    pot = pd.Categorical.from_codes(pc, categories=pl)
    reason = pd.Categorical.from_codes(
        np.select([(kc < 0) & (pc < 0), kc < 0, pc < 0], [0, 1, 2], default=-1),
        categories=["belum dinilai dan belum diases", "belum dinilai", "belum diases"],
    )
    out = pd.DataFrame(
        {
            "year": year,
            "nip": x["nip"],
            "nama": x["nama"],
            "opd": x["opd"],
            "kinerja": kin,
            "potensi": x["potensi"].astype("Float64"),
            "potensi_level": pot,
            "box": pd.array(box, dtype="Float64").astype("Int64"),
            "reason": reason,
        },
        copy=False,
    )
    return check("nine_box", out)


def pools(placement: pd.DataFrame, by: tuple[str, ...] = ("opd",), rules_dir=None) -> pd.DataFrame:
    """Counts per box (1-9) and the succession pools (instansi: 7-9, nasional: 9) per group."""
    p = rules.nine_box(rules_dir).pools
    placed = placement.dropna(subset=["box"])
    counts = placed.pivot_table(
        index=list(by), columns="box", values="nip", aggfunc="count", fill_value=0
    )
    counts = counts.reindex(columns=range(1, 10), fill_value=0)
    counts.columns = [f"box_{b}" for b in counts.columns]
    out = counts.reset_index()
    for name, boxes in p.items():
        out[f"pool_{name}"] = out[[f"box_{b}" for b in boxes]].sum(axis=1)
    out["placed"] = out[[f"box_{b}" for b in range(1, 10)]].sum(axis=1)
    return check("pools", out)
