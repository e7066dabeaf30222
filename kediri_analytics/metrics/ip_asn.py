"""Indeks Profesionalitas ASN per person (kualifikasi, kompetensi, kinerja, disiplin) and per
OPD."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from .keys import latest_per_person, lookup, nip_key, roster_of
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
    - disiplin: 5 without a sanction in the year, less by the heaviest sanction's level.

    ``total`` is missing when a dimension is missing (never silently 0).
    """
    d = rules.load("ip_asn", rules_dir)
    w = rules.need(d, "weights", "ip_asn", dict)
    if sum(w.values()) != 100:
        raise rules.RuleError(f"{rules.rule_path('ip_asn', rules_dir)}: weights must sum to 100")
    r = roster_of(roster, year)
    edu_pts = rules.need(d, "education_points", "ip_asn", dict)
    kual = r["education"].map(edu_pts).astype("Float64")
    kc = d.get("kompetensi", {})
    jpm = lookup(r["nip"], latest_per_person(assessments, year, "jpm")).astype("Float64")
    ty = training[training["year"] == year]
    jp_by = ty["jp"].groupby(nip_key(ty["nip"])).sum()
    jp = lookup(r["nip"], jp_by).fillna(0)
    floor = np.where(jp >= 20, kc.get("floor_with_training", 10), kc.get("floor_without", 5))
    komp = (jpm.clip(upper=100) / 100 * w["kompetensi"]).fillna(pd.Series(floor, index=r.index))
    kin_pts = rules.need(d, "kinerja_points", "ip_asn", dict)
    a = annual[(annual["year"] == year) & annual["rated"]].drop_duplicates("nip")
    kin = r["nip"].map(a.set_index("nip")["predikat"].astype(object).map(kin_pts)).astype("Float64")
    dis_pts = rules.need(d, "disiplin_points", "ip_asn", dict)
    sanc = discipline[discipline["year"] == year]
    level = sanc["tingkat"].str.lower().map({"ringan": 1, "sedang": 2, "berat": 3})
    worst = level.groupby(sanc["nip"]).max()
    pts = {1: dis_pts["ringan"], 2: dis_pts["sedang"], 3: dis_pts["berat"]}
    dis = lookup(r["nip"], worst).map(pts).astype("Float64").fillna(dis_pts["none"])
    out = pd.DataFrame(
        {"year": year, "nip": r["nip"], "nama": r["nama"], "opd": r["opd"],
         "kualifikasi": kual, "kompetensi": komp.astype("Float64").round(2),
         "kinerja": kin, "disiplin": dis.astype("Float64")}
    )  # fmt: skip
    out["total"] = out[["kualifikasi", "kompetensi", "kinerja", "disiplin"]].sum(
        axis=1, skipna=False
    )
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
