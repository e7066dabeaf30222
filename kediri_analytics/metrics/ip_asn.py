"""Indeks Profesionalitas ASN per person (kualifikasi, kompetensi, kinerja, disiplin) and per
OPD."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from .keys import latest_per_person, nip_key, people_of, values_at
from .outputs import check


def scores(
    roster: pd.DataFrame,
    annual: pd.DataFrame,
    assessments: pd.DataFrame,
    training: pd.DataFrame,
    discipline: pd.DataFrame,
    year: int,
    rules_dir=None,
) -> pd.DataFrame:
    """IP ASN per ASN of the year's roster.

    - kualifikasi: points of the education level (``rules/ip_asn.yaml``), max 25;
    - kompetensi: latest JPM up to ``year`` capped at 100 and scaled to 40; without an
      assessment a floor (10 with >= 20 JP of training in the year, else 5);
    - kinerja: points of the year's own annual predikat, max 30; missing when not rated;
    - disiplin: 5 without a sanction in the year, less by the heaviest sanction's level;
      missing when a sanction's level is unknown (empty or not ringan/sedang/berat), unless
      another of the person's sanctions is berat.

    ``total`` is missing when a dimension is missing (never silently 0).
    """
    d = rules.load("ip_asn", rules_dir)
    w = rules.need(d, "weights", "ip_asn", dict)
    if sum(w.values()) != 100:
        raise rules.RuleError(f"{rules.rule_path('ip_asn', rules_dir)}: weights must sum to 100")
    r, people = people_of(roster, year)

    def at(by_nip: pd.Series) -> pd.Series:
        return pd.Series(values_at(people, by_nip), index=r.index)

    edu_pts = rules.need(d, "education_points", "ip_asn", dict)
    edu = r["education"].astype("category").cat  # points per level once, then by code
    edu_arr = np.array([edu_pts.get(c, np.nan) for c in edu.categories] + [np.nan], dtype=float)
    kual = pd.Series(edu_arr[edu.codes.to_numpy()], index=r.index).astype("Float64")
    kc = d.get("kompetensi", {})
    jpm = at(latest_per_person(assessments, year, "jpm")).astype("Float64")
    ty = training.loc[training["year"] == year, ["nip", "jp"]]
    jp_by = ty["jp"].groupby(nip_key(ty["nip"])).sum()
    jp = at(jp_by).fillna(0)
    floor = np.where(jp >= 20, kc.get("floor_with_training", 10), kc.get("floor_without", 5))
    komp = (jpm.clip(upper=100) / 100 * w["kompetensi"]).fillna(pd.Series(floor, index=r.index))
    kin_pts = rules.need(d, "kinerja_points", "ip_asn", dict)
    a = annual.loc[(annual["year"] == year) & annual["rated"], ["nip", "predikat"]]
    pred = a["predikat"].astype("category").cat  # points per label once, then by code
    pts = np.array([kin_pts.get(c, np.nan) for c in pred.categories] + [np.nan], dtype=float)
    kin_by = pd.Series(pts[pred.codes.to_numpy()], index=nip_key(a["nip"]).to_numpy())
    kin = at(kin_by).astype("Float64")  # one annual row per NIP and year
    dis_pts = rules.need(d, "disiplin_points", "ip_asn", dict)
    sanc = discipline[discipline["year"] == year]
    # a level the loader could not read (reported there) ranks between sedang and berat: it
    # leaves disiplin unknown, unless the same person also has a berat sanction
    level = sanc["tingkat"].str.lower().map({"ringan": 1, "sedang": 2, "berat": 4}).fillna(3)
    worst = level.groupby(sanc["nip"]).max()
    by_level = np.array([dis_pts["none"], dis_pts["ringan"], dis_pts["sedang"], np.nan,
                         dis_pts["berat"]], dtype=float)  # fmt: skip
    worst_at = pd.Series(at(worst), dtype=float).fillna(0).astype(int).to_numpy()
    dis = pd.Series(by_level[worst_at], index=r.index)
    out = pd.DataFrame(
        {"year": year, "nip": r["nip"], "nama": r["nama"], "opd": r["opd"],
         "kualifikasi": kual, "kompetensi": komp.astype("Float64").round(2),
         "kinerja": kin, "disiplin": dis.astype("Float64")}, copy=False,
    )  # fmt: skip
    out["total"] = out["kualifikasi"] + out["kompetensi"] + out["kinerja"] + out["disiplin"]
    bands = rules._bands("ip_asn", rules.need(d, "categories", "ip_asn", list))
    out["category"] = rules.bands_of(out["total"], bands)
    return check("ip_asn", out.reset_index(drop=True))


def by_opd(per_person: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """Mean IP ASN per OPD (over people with a total), its category and coverage."""
    d = rules.load("ip_asn", rules_dir)
    g = per_person.groupby(["year", "opd"], observed=True)
    out = g.agg(asn=("nip", "size"), scored=("total", "count"), mean=("total", "mean"))
    out = out.reset_index()
    bands = rules._bands("ip_asn", rules.need(d, "categories", "ip_asn", list))
    out["category"] = rules.bands_of(out["mean"], bands)
    return check("ip_asn_opd", out)
